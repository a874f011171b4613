using Course.Grader.Protocol;
using Course.Grader.Units;
using Course.SelfCheck;

namespace Course.Grader.Checks.Public;

/// <summary>
/// The public checks of an autodiff engine, on the same kinds of graphs the grader uses and with the worker's own
/// known-correct functions, but with no reference engine to ask: leaf gradients against central differences of the
/// graph's output, constants and parents against what the contract says, repeated passes against one pass, the
/// order against its definition, and a 100,000-node chain whose gradient is known.
/// </summary>
public sealed class EnginePublicChecks(StudentCalls calls, EngineUnit unit, Random random)
{
    private readonly UnitSpec engine = UnitCatalog.Spec(unit.ClassName);

    public IReadOnlyList<PublicCheck> Checks() =>
    [
        new("graphs", Graphs),
        new("passes", Passes, After: "graphs"),
        new("order", Order),
        new("deep", Deep),
    ];

    private string Graphs()
    {
        var scenarios = EngineGraphs.Graphs(random);
        foreach (var s in scenarios)
        {
            var got = Run(s.Graph, 1);
            Structure(s, got);
            // Central differences see through a no-grad node (its value moves with its input), the engine must not:
            // there the structure is the check.
            if (s.Graph.Nodes.Any(n => n.Flags.HasFlag(GraphFlags.NoGrad))) continue;
            for (int i = 0, leaf = 0; i < s.Graph.Count; i++)
            {
                if (s.Graph.Nodes[i].Op != GraphOp.Leaf) continue;
                int leafIndex = leaf++;
                if (!s.Graph.RequiresGrad(i)) continue;
                var numerical = NumericalLeafGradient(s.Graph, leafIndex);
                if (GradientMismatch.Find(got[i + 1], numerical, $"the gradient of {s.Graph.Name(i)}", out _) is { } mismatch)
                    throw new PublicCheckFailure($"graph \"{s.Label}\": {mismatch.Describe().Replace("Backward gives", "your engine gives").Replace("central differences of Forward give", "central differences of the graph give")}", s.Hint);
            }
        }
        return $"leaf gradients agree with central differences, and constants, parents and no-grad results are right, on {scenarios.Count} graphs";
    }

    private string Passes()
    {
        foreach (var s in EngineGraphs.Passes(random))
        {
            var once = Run(s.Graph, 1);
            var got = Run(s.Graph, s.Passes, s.ZeroGradBetween);
            double factor = s.ZeroGradBetween ? 1 : s.Passes;
            for (int i = 0; i < s.Graph.Count; i++)
            {
                if (once[i + 1].IsNone || got[i + 1].IsNone) continue;
                bool leaf = s.Graph.Nodes[i].Op == GraphOp.Leaf;
                var expected = new WireTensor(once[i + 1].Shape, once[i + 1].Data.Select(v => v * (leaf ? factor : 1)).ToArray());
                if (RelativeError.Max(got[i + 1].Data, expected.Data, out int worst) > Compare.ReferenceTolerance)
                    throw new PublicCheckFailure($"graph \"{s.Label}\": node \"{s.Graph.Name(i)}\" has gradient {NumberText.Of(got[i + 1].Data[worst])} at " +
                                                 $"{Compare.Index(expected.Shape, worst)} after {s.Passes} passes; {NumberText.Of(expected.Data[worst])} was expected", s.Hint);
            }
        }
        return "leaves add up gradients across passes, ZeroGrad starts over, and interior nodes hold one pass's gradient";
    }

    private string Order()
    {
        var g = EngineGraphs.RandomDag(random, 40);
        var order = calls.Call(Requests.Graph(engine, g.Spec(), g.Leaves, Operation.GraphOrder), "TopologicalOrder")[0].Data.Select(v => (int)v).ToList();
        try { EngineChecks.ValidOrder(g, order); }
        catch (CheckFailure e) { throw new PublicCheckFailure(e.Message, "walk Parents from the output with an explicit stack; add a node to the order after all of its parents"); }
        return $"a valid topological order of a random 40-node graph ({order.Count} nodes reached from the output)";
    }

    private string Deep()
    {
        var chain = EngineGraphs.Chain(random, EngineChecks.DeepChainLength);
        IReadOnlyList<WireTensor> got;
        try { got = Run(chain, 1); }
        catch (UnitStopped e) when (e.Message.Contains("stack overflow", StringComparison.Ordinal))
        {
            throw new UnitStopped($"a chain of {EngineChecks.DeepChainLength:N0} nodes overflowed the stack",
                "TopologicalOrder and Backward must loop with an explicit Stack<T> or queue, not call themselves once per node");
        }
        // The chain's factors multiply to 1 and it ends in a sum, so the leaf's gradient is all ones.
        var leafGrad = got[1];
        if (leafGrad.IsNone || leafGrad.Data.Any(v => Math.Abs(v - 1) > 1e-9))
            throw new PublicCheckFailure($"a chain of {EngineChecks.DeepChainLength:N0} nodes: the leaf's gradient is {(leafGrad.IsNone ? "null" : NumberText.Of(leafGrad.Data[0]))}; 1 was expected",
                "every node of the chain must pass its gradient on to its parent exactly once");
        return $"a chain of {EngineChecks.DeepChainLength:N0} nodes back-propagates without overflowing the stack";
    }

    private IReadOnlyList<WireTensor> Run(GraphDraft g, int passes, bool zeroGrad = false) =>
        calls.Call(Requests.Graph(engine, g.Spec(passes, zeroGrad), g.Leaves, Operation.GraphBackward), "Backward");

    /// <summary>RequiresGrad and the number of parents follow from the graph alone; so does which nodes get a gradient.</summary>
    private static void Structure(EngineScenario s, IReadOnlyList<WireTensor> got)
    {
        var g = s.Graph;
        var reached = g.AncestorsOfOutput();
        for (int i = 0; i < g.Count; i++)
        {
            bool requires = g.RequiresGrad(i);
            int parents = requires && g.Nodes[i].Op != GraphOp.Leaf ? g.Nodes[i].Inputs.Count : 0;
            if ((got[g.Count + 1].Data[i] != 0) != requires)
                throw new PublicCheckFailure($"graph \"{s.Label}\": node \"{g.Name(i)}\" has RequiresGrad {!requires}", s.Hint);
            if (got[g.Count + 2].Data[i] != parents)
                throw new PublicCheckFailure($"graph \"{s.Label}\": node \"{g.Name(i)}\" has {got[g.Count + 2].Data[i]} parent(s); {parents} expected", s.Hint);
            bool wantsGrad = requires && reached.Contains(i);
            if (got[i + 1].IsNone == wantsGrad)
                throw new PublicCheckFailure(wantsGrad
                    ? $"graph \"{s.Label}\": node \"{g.Name(i)}\" has no gradient after Backward"
                    : $"graph \"{s.Label}\": node \"{g.Name(i)}\" has a gradient, but a constant gets none", s.Hint);
        }
    }

    /// <summary>Central differences of the graph's output with respect to one leaf, evaluated by building the graph
    /// (no backward pass) with that leaf perturbed.</summary>
    private WireTensor NumericalLeafGradient(GraphDraft g, int leaf)
    {
        var value = g.Leaves[leaf];
        var data = new double[value.Data.Length];
        for (int e = 0; e < data.Length; e++)
        {
            double Output(double delta)
            {
                var leaves = g.Leaves.ToList();
                var perturbed = (double[])value.Data.Clone();
                perturbed[e] += delta;
                leaves[leaf] = new WireTensor(value.Shape, perturbed);
                return calls.Call(Requests.Graph(engine, g.Spec(passes: 0), leaves, Operation.GraphBackward), "Apply")[0].Data[0];
            }
            data[e] = (Output(GradCheck.Step) - Output(-GradCheck.Step)) / (2 * GradCheck.Step);
        }
        return new WireTensor(value.Shape, data);
    }
}
