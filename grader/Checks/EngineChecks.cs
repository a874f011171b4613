using Course.Grader.Protocol;
using Course.Grader.Units;
using Course.SelfCheck;

namespace Course.Grader.Checks;

/// <summary>
/// The checks of an autodiff engine. Every graph is built in both workers from the same known-correct probe
/// functions, so the engine is the only difference: the student's gradients, constants and order are compared with
/// the reference engine's, node by node, and a failure names the node and what the graph was testing.
/// </summary>
public static class EngineChecks
{
    /// <summary>How many nodes the deep check chains (the issue's bar: no stack overflow at this depth).</summary>
    public const int DeepChainLength = 100_000;

    /// <summary>The speed workload's size.</summary>
    public const int SpeedGraphNodes = 10_000;

    public static string Graphs(Calls calls, UnitSpec engine, Random r) => Scenarios(calls, engine, EngineGraphs.Graphs(r));

    public static string Passes(Calls calls, UnitSpec engine, Random r) => Scenarios(calls, engine, EngineGraphs.Passes(r));

    public static string Order(Calls calls, UnitSpec engine, Random r)
    {
        var graphs = new[] { ("a random graph of 40 nodes with dead branches", EngineGraphs.RandomDag(r, 40)), ("a random graph of 300 nodes", EngineGraphs.RandomDag(r, 300)) };
        foreach (var (label, g) in graphs)
        {
            var order = calls.Student(Requests.Graph(engine, g.Spec(), g.Leaves, Operation.GraphOrder), "TopologicalOrder")[0].Data.Select(v => (int)v).ToList();
            ModuleChecks.Label(label, () => ValidOrder(g, order));
        }
        return $"the order is complete, has no node twice and puts every node after its parents, on {graphs.Length} random graphs";
    }

    public static string Deep(Calls calls, UnitSpec engine, Random r)
    {
        var chain = EngineGraphs.Chain(r, DeepChainLength);
        var request = Requests.Graph(engine, chain.Spec(), chain.Leaves, Operation.GraphBackward);
        IReadOnlyList<WireTensor> got;
        try { got = calls.Student(request, "Backward", TimeSpan.FromSeconds(Math.Max(30, calls.Deadline.TotalSeconds))); }
        catch (FatalCheckFailure e) when (e.Message.Contains("stack overflow", StringComparison.Ordinal) || e.Message.Contains("recursion", StringComparison.Ordinal))
        {
            throw new FatalCheckFailure($"a chain of {DeepChainLength:N0} nodes overflowed the stack: {e.Message}. " +
                                        "TopologicalOrder and Backward must loop with an explicit stack or queue, not call themselves");
        }
        catch (StudentTimeout e)
        {
            throw new CheckFailure($"a chain of {DeepChainLength:N0} nodes: {e.Message}; " +
                                   "an engine should take time in proportion to the nodes (a HashSet for visited nodes, not a list search)");
        }
        var expected = calls.Reference(request);
        CompareNodes(chain, got, expected, $"a chain of {DeepChainLength:N0} nodes", "each node's gradient is the next one's times the factor between them");
        return $"a chain of {DeepChainLength:N0} nodes back-propagates without overflowing the stack, with the reference's gradients";
    }

    /// <summary>The float32 speed workload: building and back-propagating a 10,000-node graph of 8×8 tensors.</summary>
    public static CallRequest SpeedWorkload(UnitSpec engine, Random r)
    {
        var g = EngineGraphs.Recurrent(r, SpeedGraphNodes, 8);
        return Requests.Graph(engine, g.Spec(), g.Leaves, Operation.Prepare, ElementType.Float32);
    }

    private static string Scenarios(Calls calls, UnitSpec engine, IReadOnlyList<EngineScenario> scenarios)
    {
        foreach (var s in scenarios)
        {
            var request = Requests.Graph(engine, s.Graph.Spec(s.Passes, s.ZeroGradBetween), s.Graph.Leaves, Operation.GraphBackward);
            var got = calls.Student(request, "Backward");
            var expected = calls.Reference(request);
            CompareNodes(s.Graph, got, expected, s.Label, s.Hint);
        }
        return $"gradients, constants and parents match the reference engine's on every node of {scenarios.Count} graphs ({string.Join("; ", scenarios.Select(s => s.Label))})";
    }

    /// <summary>Output value, then every node's gradient, RequiresGrad and parent count, as the worker returns them.</summary>
    private static void CompareNodes(GraphDraft g, IReadOnlyList<WireTensor> got, IReadOnlyList<WireTensor> expected, string label, string hint)
    {
        int n = g.Count;
        if (got.Count != n + 3 || expected.Count != n + 3) throw new GraderFault($"a graph of {n} nodes came back with {got.Count} tensors");
        var requires = got[n + 1].Data;
        var expectedRequires = expected[n + 1].Data;
        var parents = got[n + 2].Data;
        var expectedParents = expected[n + 2].Data;
        string Where(int i) => $"graph \"{label}\", node \"{g.Name(i)}\"";
        for (int i = 0; i < n; i++)
        {
            if (requires[i] != expectedRequires[i])
                throw new CheckFailure($"{Where(i)}: RequiresGrad is {requires[i] != 0}, expected {expectedRequires[i] != 0}; {hint}");
            if (parents[i] != expectedParents[i])
                throw new CheckFailure($"{Where(i)}: it has {parents[i]} parent(s), expected {expectedParents[i]}; {hint}");
        }
        for (int i = 0; i < n; i++)
        {
            var (mine, theirs) = (got[i + 1], expected[i + 1]);
            if (mine.IsNone != theirs.IsNone)
                throw new CheckFailure(theirs.IsNone
                    ? $"{Where(i)}: it has a gradient, but should have none (Grad null); {hint}"
                    : $"{Where(i)}: Grad is null after Backward; every node that requires a gradient and that the output depends on gets one; {hint}");
            if (mine.IsNone) continue;
            try { Compare.Close(mine, theirs, Compare.ReferenceTolerance, "its gradient", "the reference engine's"); }
            catch (CheckFailure e) { throw new CheckFailure($"{Where(i)}: {e.Message}; {hint}"); }
        }
        Compare.Close(got[0], expected[0], Compare.ReferenceTolerance, $"graph \"{label}\": the output", "the reference engine's");
    }

    internal static double ValidOrder(GraphDraft g, IReadOnlyList<int> order)
    {
        if (order.Contains(-1)) throw new CheckFailure("TopologicalOrder returned a node that is not in the graph");
        var position = new Dictionary<int, int>();
        for (int k = 0; k < order.Count; k++)
            if (!position.TryAdd(order[k], k))
                throw new CheckFailure($"node \"{g.Name(order[k])}\" appears twice in TopologicalOrder; mark nodes as visited (a HashSet) so each is listed once");
        var needed = g.AncestorsOfOutput();
        var missing = needed.Where(i => !position.ContainsKey(i)).ToList();
        if (missing.Count > 0)
            throw new CheckFailure($"TopologicalOrder leaves out node \"{g.Name(missing[0])}\" ({missing.Count} missing); it must list every node the output depends on, the output and the leaves included");
        var extra = position.Keys.Where(i => !needed.Contains(i)).ToList();
        if (extra.Count > 0)
            throw new CheckFailure($"TopologicalOrder lists node \"{g.Name(extra[0])}\", which the output does not depend on; list only nodes reached from the output through Parents (a constant has none)");
        foreach (int i in order)
            foreach (int p in g.RequiresGrad(i) ? g.Nodes[i].Inputs : [])
                if (position[p] > position[i])
                    throw new CheckFailure($"TopologicalOrder puts \"{g.Name(i)}\" before its parent \"{g.Name(p)}\"; every node must come after all of its parents (the output last)");
        return 0;
    }
}
