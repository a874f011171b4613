using Course.Grader.Protocol;

namespace Course.Grader.Units;

/// <summary>
/// What the grader knows about a graded unit: the class students write, which checks apply, and how to draw its
/// inputs. Inputs come from the grader's seed, never from the worker, so a grade is reproducible from
/// (submission, seed) alone.
/// </summary>
public abstract record UnitDefinition(string Id, string ClassName, IReadOnlyList<string> Checks);

/// <summary>A layer: forward and backward checked against the reference and by central differences.</summary>
public sealed record ModuleUnit(
    string Id,
    string ClassName,
    Func<Random, IReadOnlyList<ModuleCase>> Cases,
    Func<Random, ModuleCase>? SpeedCase) : UnitDefinition(Id, ClassName, SpeedCase is null ? ["forward", "gradient"] : ["forward", "gradient", "speed"]);

/// <summary>A loss: the value and dLoss/dInput.</summary>
public sealed record LossUnit(
    string Id,
    string ClassName,
    Func<Random, IReadOnlyList<LossCase>> Cases,
    Func<Random, LossCase> SpeedCase) : UnitDefinition(Id, ClassName, ["forward", "gradient", "speed"]);

/// <summary>An initialiser: samples must follow the documented distribution ("forward" is that check).</summary>
public sealed record InitializerUnit(string Id, string ClassName, Distribution Distribution) : UnitDefinition(Id, ClassName, ["forward"]);

public enum Distribution { XavierUniform, HeNormal }

/// <summary>
/// One module input. <see cref="Label"/> names the case in messages; <see cref="GradientCheck"/> says whether the
/// case is smooth enough for central differences (edge cases such as huge logits are forward-only).
/// </summary>
public sealed record ModuleCase(
    string Label,
    UnitSpec Spec,
    IReadOnlyList<WireTensor> Parameters,
    IReadOnlyList<string> ParameterNames,
    WireTensor Input,
    WireTensor GradOutput,
    bool Training = true,
    bool GradientCheck = true);

public sealed record LossCase(string Label, UnitSpec Spec, WireTensor Input, WireTensor Target, bool GradientCheck = true);

/// <summary>An autodiff operation (a <c>Function&lt;T&gt;</c>): its forward and its vector-Jacobian product, each
/// against the reference and the latter against central differences of the student's own forward.</summary>
public sealed record FunctionUnit(string Id, string ClassName, Func<Random, IReadOnlyList<FunctionCase>> Cases)
    : UnitDefinition(Id, ClassName, ["forward", "gradient"]);

/// <summary>One call of an operation; <see cref="GradOutput"/> has the output's shape.</summary>
public sealed record FunctionCase(string Label, UnitSpec Spec, IReadOnlyList<WireTensor> Inputs, WireTensor GradOutput, bool GradientCheck = true);

/// <summary>
/// An autodiff engine (<c>Engine&lt;T&gt;</c>), checked on graphs of the worker's own known-correct functions, so
/// that only the engine is graded: gradients on graphs with shared nodes, constants and no-grad scopes ("graphs"),
/// repeated passes ("passes"), the topological order ("order"), a 100,000-node chain ("deep"), and the time to
/// build and back-propagate a 10,000-node graph ("speed").
/// </summary>
public sealed record EngineUnit(string Id, string ClassName) : UnitDefinition(Id, ClassName, EngineChecks)
{
    public static readonly string[] EngineChecks = ["graphs", "passes", "order", "deep", "speed"];
}

/// <summary>
/// An optimizer (<c>Optimizer&lt;T&gt;</c>): its trajectory over 50 steps against the reference's from the same
/// start on the same objectives, without ("trajectory") and with ("weight_decay") weight decay, and the time of one
/// <c>Step()</c> over 1,000,000 parameters ("speed").
/// </summary>
/// <param name="Defaults">Every constructor argument after the parameters, spelled out at the contract's defaults
/// (PyTorch's): the public self-check compares a run with none against a run with these.</param>
public sealed record OptimizerUnit(string Id, string ClassName, IReadOnlyList<UnitArg> Defaults,
    Func<Random, IReadOnlyList<OptimizerCase>> Cases, Func<Random, IReadOnlyList<OptimizerCase>> DecayCases)
    : UnitDefinition(Id, ClassName, ["trajectory", "weight_decay", "speed"]);

/// <summary>One run: the optimizer's constructor arguments after the parameters, the start, the objective and its
/// inputs, and what a failure here most likely means.</summary>
public sealed record OptimizerCase(string Label, UnitSpec Spec, IReadOnlyList<WireTensor> Start, OptimizerRun Run, IReadOnlyList<WireTensor> ObjectiveInputs, string Hint);

/// <summary>Gradient clipping by global norm: the norm returned and the gradients after clipping ("values").</summary>
public sealed record ClippingUnit(string Id, string ClassName, Func<Random, IReadOnlyList<ClippingCase>> Cases) : UnitDefinition(Id, ClassName, ["values"]);

public sealed record ClippingCase(string Label, UnitSpec Spec, IReadOnlyList<WireTensor> Gradients);

/// <summary>A learning-rate schedule: its value at every step of a run ("values").</summary>
public sealed record ScheduleUnit(string Id, string ClassName, Func<Random, IReadOnlyList<ScheduleCase>> Cases) : UnitDefinition(Id, ClassName, ["values"]);

public sealed record ScheduleCase(string Label, UnitSpec Spec, int Steps);
