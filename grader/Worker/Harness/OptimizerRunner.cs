using Course;
using Course.Grader.Protocol;

namespace Course.Worker.Harness;

/// <summary>
/// Runs an optimizer (the student's or the reference's) on an objective whose gradients the worker computes, and
/// records every parameter after every step. It also holds the optimizer to a point of the contract that a
/// trajectory alone would blur: Step must not change the gradients.
/// </summary>
internal sealed class OptimizerRunner<T>(Optimizer<T> optimizer, IReadOnlyList<Parameter<T>> parameters, Objectives<T> objective, OptimizerRun run)
    where T : IFloatingPointIeee754<T>
{
    /// <summary>Called with the method about to run, so that a failure names it.</summary>
    public Action<string> Step { get; init; } = _ => { };

    public List<WireTensor> Trajectory(int? steps = null)
    {
        int count = steps ?? run.Steps;
        var values = parameters.Select(p => new double[(run.FinalOnly ? 1 : count) * p.Value.Length]).ToArray();
        var gradients = parameters.Select(p => new T[p.Grad.Length]).ToArray();
        for (int t = 0; t < count; t++)
        {
            objective.Gradients(parameters);
            for (int k = 0; k < parameters.Count; k++) parameters[k].Grad.Data.AsSpan().CopyTo(gradients[k]);
            if (t < run.LearningRates.Count) optimizer.LearningRate = run.LearningRates[t];
            Step("Step");
            optimizer.Step();
            for (int k = 0; k < parameters.Count; k++)
            {
                var p = parameters[k];
                if (!p.Grad.Data.AsSpan().SequenceEqual(gradients[k]))
                    throw new ContractViolationException(
                        $"Step {t + 1} changed {p.Name}'s Grad; it must only read the gradients (compute g + λ·θ into a tensor of your own)");
                if (run.FinalOnly && t < count - 1) continue;
                int row = run.FinalOnly ? 0 : t;
                for (int i = 0; i < p.Value.Length; i++) values[k][row * p.Value.Length + i] = double.CreateTruncating(p.Value.Data[i]);
            }
        }
        int rows = run.FinalOnly ? 1 : count;
        return parameters.Select((p, k) => new WireTensor([rows, .. p.Value.Shape], values[k])).ToList();
    }

    /// <summary>How many times the timed loop has called Step.</summary>
    public int StepsTaken { get; private set; }

    /// <summary>The parameters as they are now, each as a tensor of shape (1, …).</summary>
    public List<WireTensor> Values() =>
        parameters.Select(p => new WireTensor([1, .. p.Value.Shape], p.Value.Data.Select(v => double.CreateTruncating(v)).ToArray())).ToList();

    /// <summary>The timed loop: gradients are written once, then only Step runs.</summary>
    public void StepOnly(int iterations)
    {
        if (!primed) { objective.Gradients(parameters); primed = true; }
        Step("Step");
        for (int i = 0; i < iterations; i++) optimizer.Step();
        StepsTaken += iterations;
    }

    private bool primed;
}
