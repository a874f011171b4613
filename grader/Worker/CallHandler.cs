using System.Diagnostics;
using System.Reflection;
using Course.Grader.Protocol;
using Course.Worker.Harness;

namespace Course.Worker;

/// <summary>
/// Carries out one <see cref="CallRequest"/> on the loaded code and returns raw outputs. Every call builds the unit
/// afresh and works on fresh copies of the inputs, so nothing a unit does to its arguments or its own state leaks
/// into the next call.
/// </summary>
public sealed class CallHandler(UnitResolver resolver)
{
    private static readonly Assembly Contract = typeof(Tensor<>).Assembly;

    public CallResult Handle(CallRequest request)
    {
        try
        {
            var outputs = request.ElementType == ElementType.Float32 ? Run<float>(request) : Run<double>(request);
            return new CallResult(CallStatus.Ok, outputs);
        }
        catch (MissingUnitException e) { return new CallResult(CallStatus.Missing, [], Message: e.Message, Step: step); }
        catch (ParameterMismatchException e) { return new CallResult(CallStatus.ParameterMismatch, [], Message: e.Message, Step: step); }
        catch (Exception e) { return Describe(e); }
    }

    private List<WireTensor> Run<T>(CallRequest r) where T : IFloatingPointIeee754<T>
    {
        switch (r.Operation)
        {
            case Operation.Forward:
            {
                var module = BuildModule<T>(r);
                return [Wire(Forward(module, Input<T>(r, 0)))];
            }
            case Operation.Backward:
            {
                var module = BuildModule<T>(r);
                var parameters = ParametersOf(module);
                step = "ZeroGrad";
                module.ZeroGrad();
                var y = Forward(module, Input<T>(r, 0));
                var dx = Backward(module, GradOutput<T>(r));
                var once = parameters.Select(p => Wire(p.Grad)).ToList();
                Forward(module, Input<T>(r, 0));
                Backward(module, GradOutput<T>(r));
                return [Wire(y), Wire(dx), .. once, .. parameters.Select(p => Wire(p.Grad))];
            }
            case Operation.Perturb:
            {
                var module = BuildModule<T>(r);
                var parameters = ParametersOf(module);
                var outputs = new List<WireTensor>(r.Perturbations.Count);
                foreach (var p in r.Perturbations)
                {
                    SetParameters(parameters, r.Parameters);
                    var x = Input<T>(r, 0);
                    var target = p.Tensor == 0 ? x : parameters[p.Tensor - 1].Value;
                    target.Data[p.Element] += T.CreateChecked(p.Delta);
                    outputs.Add(Wire(Forward(module, x)));
                }
                return outputs;
            }
            case Operation.LossForward:
                return [WireTensor.Scalar(LossForward(BuildLoss<T>(r), Input<T>(r, 0), Input<T>(r, 1)))];
            case Operation.LossBackward:
            {
                var loss = BuildLoss<T>(r);
                double value = LossForward(loss, Input<T>(r, 0), Input<T>(r, 1));
                step = "Backward";
                return [WireTensor.Scalar(value), Wire(NotNull(loss.Backward(), "Backward"))];
            }
            case Operation.LossPerturb:
            {
                var loss = BuildLoss<T>(r);
                var outputs = new List<WireTensor>(r.Perturbations.Count);
                foreach (var p in r.Perturbations)
                {
                    var x = Input<T>(r, 0);
                    x.Data[p.Element] += T.CreateChecked(p.Delta);
                    outputs.Add(WireTensor.Scalar(LossForward(loss, x, Input<T>(r, 1))));
                }
                return outputs;
            }
            case Operation.Initialize:
            {
                step = "the constructor";
                var initializer = resolver.Create<T, Initializer<T>>(r.Unit);
                var weight = new Tensor<T>(r.FanIn, r.FanOut);
                step = "Initialize";
                initializer.Initialize(weight, r.FanIn, r.FanOut, new Random(r.Seed));
                return [Wire(weight)];
            }
            case Operation.FunctionForward:
                return [Wire(FunctionForward(BuildFunction<T>(r), Inputs<T>(r)))];
            case Operation.FunctionBackward:
            {
                var function = BuildFunction<T>(r);
                var inputs = Inputs<T>(r);
                var y = FunctionForward(function, inputs);
                Unchanged(r, inputs, "Forward");
                step = "Backward";
                var grads = function.Backward(GradOutput<T>(r)) ?? throw new ContractViolationException("Backward returned null");
                Unchanged(r, inputs, "Backward");
                var outputs = new List<WireTensor> { Wire(y) };
                for (int i = 0; i < grads.Length; i++)
                    outputs.Add(Wire(grads[i] ?? throw new ContractViolationException($"Backward returned null as the gradient of input {i + 1}")));
                return outputs;
            }
            case Operation.FunctionPerturb:
            {
                var outputs = new List<WireTensor>(r.Perturbations.Count);
                foreach (var p in r.Perturbations)
                {
                    var inputs = Inputs<T>(r);
                    inputs[p.Tensor].Data[p.Element] += T.CreateChecked(p.Delta);
                    outputs.Add(Wire(FunctionForward(BuildFunction<T>(r), inputs)));
                }
                return outputs;
            }
            case Operation.GraphBackward:
            {
                var nodes = Graph<T>(r).BuildAndBackward();
                var outputs = new List<WireTensor>(nodes.Length + 3) { Wire(nodes[^1].Value) };
                foreach (var node in nodes) outputs.Add(node.Grad is { } g ? Wire(g) : WireTensor.None);
                outputs.Add(new WireTensor([nodes.Length], nodes.Select(n => n.RequiresGrad ? 1.0 : 0.0).ToArray()));
                outputs.Add(new WireTensor([nodes.Length], nodes.Select(n => (double)(n.Parents?.Count ?? 0)).ToArray()));
                return outputs;
            }
            case Operation.GraphOrder:
            {
                var graph = Graph<T>(r);
                var order = graph.Order(graph.Build());
                return [new WireTensor([order.Length], order)];
            }
            case Operation.OptimizerTrajectory:
                return OptimizerRunner<T>(r).Trajectory();
            case Operation.ClipGradients:
            {
                var parameters = r.Inputs.Select((g, k) => new Parameter<T>($"parameter {k + 1}", new Tensor<T>(g.Shape))).ToList();
                for (int k = 0; k < parameters.Count; k++) parameters[k].Grad.CopyFrom(ToTensor<T>(r.Inputs[k]));
                step = "the constructor";
                var clipping = resolver.Create<T, GradientClipping<T>>(r.Unit);
                step = "Clip";
                double norm = clipping.Clip(parameters);
                return [WireTensor.Scalar(norm), .. parameters.Select(p => Wire(p.Grad))];
            }
            case Operation.ScheduleValues:
            {
                step = "the constructor";
                var schedule = resolver.Create<T, Schedule>(r.Unit);
                step = "LearningRate";
                var values = new double[r.Iterations];
                for (int t = 0; t < values.Length; t++) values[t] = schedule.LearningRate(t);
                return [new WireTensor([values.Length], values)];
            }
            case Operation.Prepare:
                prepared = Prepare<T>(r);
                return [];
            case Operation.RunPrepared:
                step = "the timed forward and backward";
                (prepared ?? throw new ProtocolException("nothing is prepared")).Run(r.Iterations);
                return [];
            case Operation.PreparedOutputs:
                return (prepared ?? throw new ProtocolException("nothing is prepared")).Outputs();
            default:
                throw new ProtocolException($"unknown operation {r.Operation}");
        }
    }

    private PreparedWorkload? prepared;

    /// <summary>A unit and its inputs, built once so that timed runs measure the unit and nothing else.</summary>
    private abstract class PreparedWorkload
    {
        public abstract void Run(int iterations);

        public abstract List<WireTensor> Outputs();
    }

    private sealed class PreparedModule<T>(Module<T> module, Tensor<T> x, Tensor<T> dy) : PreparedWorkload where T : IFloatingPointIeee754<T>
    {
        private Tensor<T>? y, dx;

        public override void Run(int iterations)
        {
            for (int i = 0; i < iterations; i++) { y = module.Forward(x); dx = module.Backward(dy); }
        }

        public override List<WireTensor> Outputs() => [Wire(NotNull(y, "Forward")), Wire(NotNull(dx, "Backward"))];
    }

    private sealed class PreparedLoss<T>(Loss<T> loss, Tensor<T> x, Tensor<T> target) : PreparedWorkload where T : IFloatingPointIeee754<T>
    {
        private T value = T.Zero;
        private Tensor<T>? dx;

        public override void Run(int iterations)
        {
            for (int i = 0; i < iterations; i++) { value = loss.Forward(x, target); dx = loss.Backward(); }
        }

        public override List<WireTensor> Outputs() => [WireTensor.Scalar(double.CreateTruncating(value)), Wire(NotNull(dx, "Backward"))];
    }

    /// <summary>Builds the same graph from fresh leaves and back-propagates it, once per iteration: what the engine's
    /// speed check times.</summary>
    private sealed class PreparedGraph<T>(Func<ProbeGraph<T>> graph) : PreparedWorkload where T : IFloatingPointIeee754<T>
    {
        private Var<T>[]? nodes;

        public override void Run(int iterations)
        {
            for (int i = 0; i < iterations; i++) nodes = graph().BuildAndBackward();
        }

        public override List<WireTensor> Outputs()
        {
            var last = nodes ?? throw new ProtocolException("the graph has not run");
            return [Wire(last[^1].Value), .. last.Where(n => n.IsLeaf && n.RequiresGrad).Select(n => n.Grad is { } g ? Wire(g) : WireTensor.None)];
        }
    }

    // The leaf values are converted once, not once per timed run.
    private PreparedGraph<T> PrepareGraph<T>(CallRequest r, Tensor<T>[] leaves) where T : IFloatingPointIeee754<T> => new(() => Graph<T>(r, leaves));

    /// <summary>Step() again and again on fixed gradients: what an optimizer's speed check times. The outputs are the
    /// timed instance's parameters and how many steps it took (which differ between the two workers): the grader
    /// has the reference recompute that many steps from the start, so a Step that cuts corners once it is being
    /// timed is caught.</summary>
    private sealed class PreparedOptimizer<T>(OptimizerRunner<T> timed) : PreparedWorkload where T : IFloatingPointIeee754<T>
    {
        public override void Run(int iterations) => timed.StepOnly(iterations);

        public override List<WireTensor> Outputs() => [WireTensor.Scalar(timed.StepsTaken), .. timed.Values()];
    }

    private OptimizerRunner<T> OptimizerRunner<T>(CallRequest r) where T : IFloatingPointIeee754<T>
    {
        var run = r.Run ?? throw new ProtocolException("this operation needs an optimizer run");
        var parameters = r.Parameters.Select((v, k) => new Parameter<T>($"parameter {k + 1}", ToTensor<T>(v))).ToList();
        step = "the constructor";
        var optimizer = resolver.Create<T, Optimizer<T>>(r.Unit, parameters);
        return new OptimizerRunner<T>(optimizer, parameters, new Objectives<T>(run.Objective, Inputs<T>(r)), run) { Step = s => step = s };
    }

    private PreparedWorkload Prepare<T>(CallRequest r) where T : IFloatingPointIeee754<T> =>
        r.Run is not null ? new PreparedOptimizer<T>(OptimizerRunner<T>(r))
        : r.Graph is not null ? PrepareGraph<T>(r, Inputs<T>(r))
        : r.Inputs.Count > 1
            ? new PreparedLoss<T>(BuildLoss<T>(r), Input<T>(r, 0), Input<T>(r, 1))
            : new PreparedModule<T>(BuildModule<T>(r), Input<T>(r, 0), GradOutput<T>(r));

    // The student method being called, so that a failure names it rather than the grader's operation.
    private string step = "";

    private Module<T> BuildModule<T>(CallRequest r) where T : IFloatingPointIeee754<T>
    {
        step = "the constructor";
        var module = resolver.Create<T, Module<T>>(r.Unit);
        SetParameters(ParametersOf(module), r.Parameters);
        step = "SetTraining";
        module.SetTraining(r.Training);
        return module;
    }

    /// <summary>An operation's inputs are other nodes' values: changing them in place would corrupt the graph.</summary>
    private static void Unchanged<T>(CallRequest r, Tensor<T>[] inputs, string method) where T : IFloatingPointIeee754<T>
    {
        for (int i = 0; i < inputs.Length; i++)
            for (int j = 0; j < inputs[i].Length; j++)
                if (inputs[i].Data[j] != T.CreateChecked(r.Inputs[i].Data[j]))
                    throw new ContractViolationException(
                        $"{method} changed input {i + 1} (at element {j}); an operation must leave its inputs as they are (they are other nodes' values): write into a new tensor");
    }

    private Function<T> BuildFunction<T>(CallRequest r) where T : IFloatingPointIeee754<T>
    {
        step = "the constructor";
        return resolver.Create<T, Function<T>>(r.Unit);
    }

    private Tensor<T> FunctionForward<T>(Function<T> function, Tensor<T>[] inputs) where T : IFloatingPointIeee754<T>
    {
        step = "Forward";
        return NotNull(function.Forward(inputs), "Forward");
    }

    /// <summary>The engine under test over the request's graph; leaf values are converted once per request.</summary>
    private ProbeGraph<T> Graph<T>(CallRequest r, Tensor<T>[]? leaves = null) where T : IFloatingPointIeee754<T>
    {
        var spec = r.Graph ?? throw new ProtocolException("this operation needs a graph");
        step = "the constructor";
        var engine = resolver.Create<T, Engine<T>>(r.Unit);
        return new ProbeGraph<T>(engine, spec, leaves ?? Inputs<T>(r)) { Step = s => step = s };
    }

    private Loss<T> BuildLoss<T>(CallRequest r) where T : IFloatingPointIeee754<T>
    {
        step = "the constructor";
        return resolver.Create<T, Loss<T>>(r.Unit);
    }

    private List<Parameter<T>> ParametersOf<T>(Module<T> module) where T : IFloatingPointIeee754<T>
    {
        step = "Parameters()";
        return (module.Parameters() ?? throw new InvalidOperationException("Parameters() returned null")).ToList();
    }

    private Tensor<T> Forward<T>(Module<T> module, Tensor<T> x) where T : IFloatingPointIeee754<T>
    {
        step = "Forward";
        return NotNull(module.Forward(x), "Forward");
    }

    private Tensor<T> Backward<T>(Module<T> module, Tensor<T> dy) where T : IFloatingPointIeee754<T>
    {
        step = "Backward";
        return NotNull(module.Backward(dy), "Backward");
    }

    private double LossForward<T>(Loss<T> loss, Tensor<T> x, Tensor<T> target) where T : IFloatingPointIeee754<T>
    {
        step = "Forward";
        return double.CreateTruncating(loss.Forward(x, target));
    }

    private static void SetParameters<T>(List<Parameter<T>> parameters, IReadOnlyList<WireTensor> values) where T : IFloatingPointIeee754<T>
    {
        if (parameters.Count != values.Count)
            throw new ParameterMismatchException(
                $"Parameters() yields {parameters.Count} parameter(s) [{string.Join(", ", parameters)}]; {values.Count} were expected");
        for (int i = 0; i < values.Count; i++)
        {
            var p = parameters[i];
            if (!p.Value.Shape.SequenceEqual(values[i].Shape) || !p.Grad.SameShape(p.Value))
                throw new ParameterMismatchException(
                    $"parameter {i + 1} ({p.Name}) has shape {p.Value.ShapeString} and gradient {p.Grad.ShapeString}; {values[i].ShapeString} was expected");
            for (int j = 0; j < p.Value.Length; j++) p.Value.Data[j] = T.CreateChecked(values[i].Data[j]);
        }
    }

    private static Tensor<T> Input<T>(CallRequest r, int i) where T : IFloatingPointIeee754<T> => ToTensor<T>(r.Inputs[i]);

    private static Tensor<T>[] Inputs<T>(CallRequest r) where T : IFloatingPointIeee754<T> => r.Inputs.Select(ToTensor<T>).ToArray();

    private static Tensor<T> GradOutput<T>(CallRequest r) where T : IFloatingPointIeee754<T> =>
        ToTensor<T>(r.GradOutput ?? throw new ProtocolException("this operation needs a gradient"));

    private static Tensor<T> ToTensor<T>(WireTensor w) where T : IFloatingPointIeee754<T>
    {
        var data = new T[w.Data.Length];
        for (int i = 0; i < data.Length; i++) data[i] = T.CreateChecked(w.Data[i]);
        return new Tensor<T>(data, w.Shape);
    }

    private static WireTensor Wire<T>(Tensor<T> t) where T : IFloatingPointIeee754<T>
    {
        var data = new double[t.Length];
        for (int i = 0; i < data.Length; i++) data[i] = double.CreateTruncating(t.Data[i]);
        return new WireTensor(t.Shape, data);
    }

    private static Tensor<T> NotNull<T>(Tensor<T>? t, string method) where T : IFloatingPointIeee754<T> =>
        t ?? throw new ContractViolationException($"{method} returned null");

    private CallResult Describe(Exception e)
    {
        while (e is TargetInvocationException or TypeInitializationException && e.InnerException is not null) e = e.InnerException!;
        var (cell, line) = NotebookFrame(e);
        // Thrown by the course's library (its messages name shapes, never secrets): the innermost frame is there.
        var top = new StackTrace(e, fNeedFileInfo: false).GetFrames().FirstOrDefault()?.GetMethod();
        bool fromContract = (top?.DeclaringType?.Assembly ?? e.TargetSite?.DeclaringType?.Assembly) == Contract;
        var status = e switch
        {
            NotImplementedException => CallStatus.NotImplemented,
            ContractViolationException => CallStatus.ContractViolation,
            _ => CallStatus.Exception,
        };
        return new CallResult(status, [], e.GetType().Name, e.Message, cell, line, fromContract, step);
    }

    /// <summary>The innermost stack frame in notebook code (files are named "cell-N" by the compiler).</summary>
    public static (int Cell, int Line) NotebookFrame(Exception e)
    {
        foreach (var frame in new StackTrace(e, fNeedFileInfo: true).GetFrames())
        {
            string? file = frame.GetFileName();
            if (file is not null && file.StartsWith("cell-", StringComparison.Ordinal) && int.TryParse(file.AsSpan(5), out int cell))
                return (cell, frame.GetFileLineNumber());
        }
        return (0, 0);
    }
}
