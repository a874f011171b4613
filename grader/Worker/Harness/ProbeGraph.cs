using Course;
using Course.Grader.Protocol;

namespace Course.Worker.Harness;

/// <summary>
/// Builds a grader-drawn <see cref="GraphSpec"/> over an engine (the student's or the reference's) from the probe
/// functions, and reads back what the engine did to every node.
/// </summary>
internal sealed class ProbeGraph<T>(Engine<T> engine, GraphSpec spec, IReadOnlyList<Tensor<T>> leafValues) where T : IFloatingPointIeee754<T>
{
    /// <summary>Called with the engine method about to run, so that a failure names it.</summary>
    public Action<string> Step { get; init; } = _ => { };

    public Var<T>[] Build()
    {
        var nodes = new Var<T>[spec.Nodes.Count];
        int leaf = 0;
        for (int i = 0; i < nodes.Length; i++)
        {
            var node = spec.Nodes[i];
            if (node.Op == GraphOp.Leaf)
            {
                if (leaf >= leafValues.Count) throw new ProtocolException("the graph has more leaves than values");
                nodes[i] = new Var<T>(leafValues[leaf++], node.Flags.HasFlag(GraphFlags.RequiresGrad), $"node {i}");
                continue;
            }
            var inputs = new Var<T>[node.Inputs.Count];
            for (int k = 0; k < inputs.Length; k++)
            {
                int j = node.Inputs[k];
                if ((uint)j >= (uint)i) throw new ProtocolException($"graph node {i} refers to node {j}, which is not before it");
                inputs[k] = nodes[j];
            }
            Step("Apply");
            Var<T>? made;
            if (node.Flags.HasFlag(GraphFlags.NoGrad))
            {
                Step("NoGrad");
                using (engine.NoGrad()) { Step("Apply"); made = engine.Apply(ProbeFunctions.Create<T>(node), inputs); }
            }
            else made = engine.Apply(ProbeFunctions.Create<T>(node), inputs);
            nodes[i] = made ?? throw new ContractViolationException($"Apply returned null (for graph node {i})");
        }
        return nodes;
    }

    /// <summary>Builds the graph and back-propagates from its last node as many times as the spec says.</summary>
    public Var<T>[] BuildAndBackward()
    {
        var nodes = Build();
        for (int pass = 1; pass <= spec.Passes; pass++)
        {
            if (pass > 1 && spec.ZeroGradBetween)
                foreach (var node in nodes) node.ZeroGrad();
            Step("Backward");
            engine.Backward(nodes[^1]);
        }
        return nodes;
    }

    /// <summary>The node index of every entry of the engine's topological order (−1 for a node not in the graph).</summary>
    public double[] Order(Var<T>[] nodes)
    {
        var index = new Dictionary<Var<T>, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < nodes.Length; i++) index[nodes[i]] = i;
        Step("TopologicalOrder");
        var order = engine.TopologicalOrder(nodes[^1]) ?? throw new ContractViolationException("TopologicalOrder returned null");
        var result = new double[order.Count];
        for (int k = 0; k < result.Length; k++)
            result[k] = order[k] is { } v && index.TryGetValue(v, out int i) ? i : -1;
        return result;
    }
}

/// <summary>Student code broke the contract in a way the worker detects (a null result, a wrong count); the message
/// is the worker's own, so it is safe to show.</summary>
public sealed class ContractViolationException(string message) : Exception(message);
