using Course.Grader.Protocol;
using Course.Grader.Units;

namespace Course.Grader.Checks;

/// <summary>Builds the worker requests for a test case.</summary>
public static class Requests
{
    public static CallRequest Module(ModuleCase c, Operation op, ElementType type = ElementType.Float64,
        IReadOnlyList<Perturbation>? perturbations = null, int iterations = 0) =>
        new(c.Spec, op, type, c.Training, c.Parameters, [c.Input], c.GradOutput, perturbations ?? [], iterations, 0, 0, 0);

    public static CallRequest Loss(LossCase c, Operation op, ElementType type = ElementType.Float64,
        IReadOnlyList<Perturbation>? perturbations = null, int iterations = 0) =>
        new(c.Spec, op, type, true, [], [c.Input, c.Target], null, perturbations ?? [], iterations, 0, 0, 0);

    public static CallRequest Function(FunctionCase c, Operation op, IReadOnlyList<Perturbation>? perturbations = null) =>
        new(c.Spec, op, ElementType.Float64, true, [], c.Inputs, c.GradOutput, perturbations ?? [], 0, 0, 0, 0);

    public static CallRequest Graph(UnitSpec engine, GraphSpec graph, IReadOnlyList<WireTensor> leaves, Operation op, ElementType type = ElementType.Float64) =>
        new(engine, op, type, true, [], leaves, null, [], 0, 0, 0, 0, graph);

    public static CallRequest Optimizer(OptimizerCase c, Operation op = Operation.OptimizerTrajectory, ElementType type = ElementType.Float64) =>
        new(c.Spec, op, type, true, c.Start, c.ObjectiveInputs, null, [], 0, 0, 0, 0, Run: c.Run);

    public static CallRequest Clipping(ClippingCase c) =>
        new(c.Spec, Operation.ClipGradients, ElementType.Float64, true, [], c.Gradients, null, [], 0, 0, 0, 0);

    public static CallRequest Schedule(ScheduleCase c) =>
        new(c.Spec, Operation.ScheduleValues, ElementType.Float64, true, [], [], null, [], c.Steps, 0, 0, 0);

    public static CallRequest Initialize(UnitSpec spec, int fanIn, int fanOut, int seed) =>
        new(spec, Operation.Initialize, ElementType.Float64, true, [], [], null, [], 0, seed, fanIn, fanOut);

    /// <summary>A follow-up to a prepared request: the same unit, another operation, and none of the data, which the
    /// worker already holds (so that timing measures the unit, not the pipe).</summary>
    public static CallRequest As(this CallRequest request, Operation op, int iterations = 0) =>
        request with { Operation = op, Iterations = iterations, Parameters = [], Inputs = [], GradOutput = null };

    /// <summary>±<paramref name="step"/> on every element of each tensor, in order: tensor 0 is the input.</summary>
    public static List<Perturbation> CentralDifferences(IReadOnlyList<WireTensor> tensors, double step)
    {
        var list = new List<Perturbation>();
        for (int t = 0; t < tensors.Count; t++)
            for (int i = 0; i < tensors[t].Data.Length; i++)
            {
                list.Add(new Perturbation(t, i, +step));
                list.Add(new Perturbation(t, i, -step));
            }
        return list;
    }
}
