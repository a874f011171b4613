namespace Course.Grader.Protocol;

// Requests and replies. Each is a plain record with a hand-written binary codec: raw numbers, no JSON, no type
// names on the wire, and every count is capped on read.

/// <summary>What a worker should load: a notebook's C# cells (student) or a compiled assembly (reference).
/// <see cref="AllowParallelism"/> lets the cells' code use threads and tasks (the homework's course.json says so);
/// <see cref="Ungated"/> turns the static gate off, for tests of what the sandbox does on its own (never for students).</summary>
public sealed record LoadRequest(IReadOnlyList<SourceCell> Cells, string? AssemblyPath, bool AllowParallelism = false, bool Ungated = false);

/// <summary>One code cell; <see cref="Index"/> is its 1-based position among all cells of the notebook.</summary>
public sealed record SourceCell(int Index, string Code);

/// <summary>A compiler or directive diagnostic; <see cref="File"/> names a <c>#load</c>ed file when it is there
/// (Line and Column are then in that file), null when it is in the cell itself.</summary>
public sealed record Diagnostic(int Cell, int Line, int Column, bool IsError, string Id, string Message, string? File = null)
{
    /// <summary>"cell 3, line 2" or "helpers.csx, line 2 (loaded by cell 3)".</summary>
    public string Where => File is null ? $"cell {Cell}, line {Line}" : $"{File}, line {Line} (loaded by cell {Cell})";
}

/// <summary>The compiler's diagnostics and which cells failed to compile.</summary>
public sealed record LoadResult(IReadOnlyList<Diagnostic> Diagnostics, IReadOnlyList<int> FailedCells);

/// <summary>How to construct a unit: a class name, or a harness module when it starts with '@', and its arguments.</summary>
public sealed record UnitSpec(string ClassName, IReadOnlyList<UnitArg> Args)
{
    public override string ToString() => $"{ClassName}({string.Join(", ", Args)})";
}

public abstract record UnitArg
{
    public sealed record Int(int Value) : UnitArg { public override string ToString() => Value.ToString(); }
    public sealed record Real(double Value) : UnitArg { public override string ToString() => Value.ToString("R"); }
    public sealed record Modules(IReadOnlyList<UnitSpec> Items) : UnitArg { public override string ToString() => string.Join(", ", Items); }
    /// <summary>An <c>int[]</c> argument, such as a shape or a list of axes.</summary>
    public sealed record Ints(IReadOnlyList<int> Values) : UnitArg { public override string ToString() => "[" + string.Join(", ", Values) + "]"; }
    public sealed record Bool(bool Value) : UnitArg { public override string ToString() => Value ? "true" : "false"; }
}

public enum Operation : byte
{
    /// <summary>Module: forward(inputs[0]) → [Y].</summary>
    Forward = 1,
    /// <summary>Module: forward, backward(gradOutput) twice → [Y, dX, grads after one backward…, grads after two…].</summary>
    Backward = 2,
    /// <summary>Module: for every perturbation, forward on perturbed copies → one Y each.</summary>
    Perturb = 3,
    /// <summary>Loss: forward(inputs[0], inputs[1]) → [L].</summary>
    LossForward = 4,
    /// <summary>Loss: forward then backward → [L, dInput].</summary>
    LossBackward = 5,
    /// <summary>Loss: forward on every perturbed input → one L each.</summary>
    LossPerturb = 6,
    /// <summary>Initializer: fill a (fanIn, fanOut) tensor drawing from Random(seed) → [W].</summary>
    Initialize = 7,
    /// <summary>Keep the unit and its inputs for timed runs (module: inputs[0] and the gradient; loss: inputs[0..1]) → [].</summary>
    Prepare = 8,
    /// <summary>Run the prepared forward + backward <see cref="CallRequest.Iterations"/> times → []. This is what is timed:
    /// nothing crosses the pipe but the request and an empty reply.</summary>
    RunPrepared = 9,
    /// <summary>The outputs [Y, dX] of the last prepared run, to check that the timed code computed the right thing.</summary>
    PreparedOutputs = 10,
    /// <summary>Function: forward(inputs…) → [Y].</summary>
    FunctionForward = 11,
    /// <summary>Function: forward(inputs…), backward(gradOutput) → [Y, dInput for every input…].</summary>
    FunctionBackward = 12,
    /// <summary>Function: for every perturbation, a fresh instance's forward on perturbed copies → one Y each
    /// (<see cref="Perturbation.Tensor"/> is the input's index).</summary>
    FunctionPerturb = 13,
    /// <summary>Engine: build <see cref="CallRequest.Graph"/> and back-propagate from its last node
    /// <see cref="GraphSpec.Passes"/> times → [output value, every node's Grad (a tensor of shape (0) when null),
    /// every node's RequiresGrad (1/0), every node's number of parents].</summary>
    GraphBackward = 14,
    /// <summary>Engine: build the graph → [the node indices of TopologicalOrder(last node), −1 for a node that is not
    /// one of the graph's].</summary>
    GraphOrder = 15,
    /// <summary>Optimizer: from <see cref="CallRequest.Parameters"/>, <see cref="OptimizerRun.Steps"/> times: gradients of
    /// the objective into every Grad, the step's learning rate, Step() → one tensor per parameter of shape
    /// (steps, …its shape): its value after every step.</summary>
    OptimizerTrajectory = 16,
    /// <summary>Gradient clipping: parameters (values irrelevant) with gradients <see cref="CallRequest.Inputs"/> →
    /// [the norm Clip returned, every gradient after Clip].</summary>
    ClipGradients = 17,
    /// <summary>Schedule: LearningRate(t) for t = 0 … <see cref="CallRequest.Iterations"/> − 1 → [those values].</summary>
    ScheduleValues = 18,
}

/// <summary>
/// An optimizer run for checking an optimizer: the objective whose gradients the worker computes (with its own
/// known-correct code) before each step, how many steps, and the learning rate of each step (empty: the
/// optimizer's own, never changed).
/// </summary>
/// <see cref="FinalOnly"/>: return the parameters after the last step only, as tensors of shape (1, …).
public sealed record OptimizerRun(Objective Objective, int Steps, IReadOnlyList<double> LearningRates, bool FinalOnly = false);

/// <summary>
/// <see cref="Quadratic"/>: Σₖ ½ Σ aₖ ⊙ (θₖ − cₖ)², inputs a₀, c₀, a₁, c₁, …; <see cref="Rosenbrock"/>: every row
/// (x, y) of every parameter adds (1 − x)² + 100 (y − x²)²; <see cref="Mlp"/>: the mean of (tanh(X·W₁ + b₁)·W₂ + b₂ − Y)²
/// over its elements, parameters W₁, b₁, W₂, b₂, inputs X, Y; <see cref="FixedGradients"/>: input k is parameter k's
/// gradient at every step (the speed workload).
/// </summary>
public enum Objective : byte { Quadratic = 0, Rosenbrock = 1, Mlp = 2, FixedGradients = 3 }

/// <summary>
/// A computation graph for checking an engine, drawn by the grader: leaves take their values from
/// <see cref="CallRequest.Inputs"/> in order, every other node applies one of the worker's own known-correct
/// functions (<see cref="GraphOp"/>) to earlier nodes. The last node is the output.
/// </summary>
public sealed record GraphSpec(IReadOnlyList<GraphNode> Nodes, int Passes = 1, bool ZeroGradBetween = false);

/// <summary><see cref="Arg"/> is the factor of <see cref="GraphOp.Scale"/>; <see cref="Flags"/> say whether a leaf
/// requires a gradient and whether a node is built inside a no-grad scope.</summary>
public sealed record GraphNode(GraphOp Op, IReadOnlyList<int> Inputs, double Arg = 0, GraphFlags Flags = GraphFlags.None);

public enum GraphOp : byte { Leaf = 0, Add = 1, Mul = 2, Tanh = 3, Scale = 4, MatMul = 5, SumAll = 6, Exp = 7 }

[Flags]
public enum GraphFlags : byte { None = 0, RequiresGrad = 1, NoGrad = 2 }

public enum ElementType : byte { Float64 = 0, Float32 = 1 }

/// <summary>Perturb element <see cref="Element"/> of tensor <see cref="Tensor"/> (0 = input, k ≥ 1 = parameter k−1) by <see cref="Delta"/>.</summary>
public sealed record Perturbation(int Tensor, int Element, double Delta);

public sealed record CallRequest(
    UnitSpec Unit,
    Operation Operation,
    ElementType ElementType,
    bool Training,
    IReadOnlyList<WireTensor> Parameters,
    IReadOnlyList<WireTensor> Inputs,
    WireTensor? GradOutput,
    IReadOnlyList<Perturbation> Perturbations,
    int Iterations,
    int Seed,
    int FanIn,
    int FanOut,
    GraphSpec? Graph = null,
    OptimizerRun? Run = null);

public enum CallStatus : byte
{
    Ok = 0,
    /// <summary>Student code threw <c>NotImplementedException</c>.</summary>
    NotImplemented = 1,
    /// <summary>Student code threw another exception.</summary>
    Exception = 2,
    /// <summary>No class of that name, or no matching constructor.</summary>
    Missing = 3,
    /// <summary>The unit's parameters differ in number or shape from what the grader expects.</summary>
    ParameterMismatch = 4,
    /// <summary>The worker caught the code breaking the contract (a null result, a changed input or gradient);
    /// <see cref="CallResult.Message"/> is the worker's own and says which.</summary>
    ContractViolation = 5,
}

/// <summary>
/// A reply: raw outputs, or how the call failed. <see cref="Step"/> names the student method that failed (the
/// constructor, Parameters, Forward, Backward, Initialize …); <see cref="Cell"/>/<see cref="Line"/> locate the
/// innermost frame in notebook code (0 when unknown); <see cref="FromContract"/> says the exception was thrown by
/// the course's own library, whose messages (shape mismatches and the like) are safe and useful to show.
/// </summary>
public sealed record CallResult(
    CallStatus Status,
    IReadOnlyList<WireTensor> Outputs,
    string ExceptionType = "",
    string Message = "",
    int Cell = 0,
    int Line = 0,
    bool FromContract = false,
    string Step = "");

/// <summary>Run the cells top to bottom, as a notebook front end would, in <see cref="WorkingDirectory"/>; <c>#load</c>
/// may only reach files below it.</summary>
/// <see cref="AllowParallelism"/> and <see cref="Ungated"/> as in <see cref="LoadRequest"/>.
public sealed record ExecuteRequest(IReadOnlyList<SourceCell> Cells, string WorkingDirectory, bool AllowParallelism = false, bool Ungated = false);

/// <summary>
/// What one cell produced, in the order it happened (as Polyglot writes it: text, then a display, then more text),
/// and how long the cell's own code took in the worker (<see cref="Seconds"/>). <see cref="CompileSeconds"/> is the
/// time spent compiling it (ahead, in the background); <see cref="WaitSeconds"/> how long the run waited for that.
/// </summary>
public sealed record CellOutput(int Cell, IReadOnlyList<OutputItem> Items, double Seconds, double CompileSeconds = 0, double WaitSeconds = 0)
{
    /// <summary>The error that stopped the cell, if any (compile errors included).</summary>
    public OutputItem.Error? Error => Items.OfType<OutputItem.Error>().FirstOrDefault();

    public string? ErrorName => Error?.Name;

    public string? ErrorMessage => Error?.Message;

    public string Stdout => Text("stdout");

    public string Stderr => Text("stderr");

    public IEnumerable<OutputItem.Display> Displays => Items.OfType<OutputItem.Display>();

    private string Text(string stream) => string.Concat(Items.OfType<OutputItem.Stream>().Where(s => s.Name == stream).Select(s => s.Text));
}

/// <summary>One output of a cell, mirroring nbformat's output types.</summary>
public abstract record OutputItem
{
    /// <summary>Printed text; <see cref="Name"/> is "stdout" or "stderr".</summary>
    public sealed record Stream(string Name, string Text) : OutputItem;

    /// <summary>A displayed value as a mime bundle, e.g. text/plain and text/html, in preference order.</summary>
    public sealed record Display(IReadOnlyList<MimeData> Data) : OutputItem
    {
        public string? this[string mime] => Data.FirstOrDefault(d => d.Mime == mime)?.Content;
    }

    /// <summary>
    /// An exception or a compile error. <see cref="Traceback"/> has people's locations ("cell 7, line 2");
    /// <see cref="Cell"/>/<see cref="Line"/> is the innermost notebook location (0 when unknown), which may be an
    /// earlier cell whose code this one called.
    /// </summary>
    public sealed record Error(string Name, string Message, IReadOnlyList<string> Traceback, int Cell, int Line) : OutputItem;
}

public sealed record MimeData(string Mime, string Content);
