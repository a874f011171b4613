using Course.Grader.Protocol;
using static Course.Grader.Units.Draw;

namespace Course.Grader.Units;

/// <summary>A graph being drawn for an engine check: nodes, leaf values, and a name for every node to use in messages.</summary>
public sealed class GraphDraft
{
    private readonly List<GraphNode> nodes = [];
    private readonly List<WireTensor> leaves = [];
    private readonly List<string> names = [];

    public IReadOnlyList<GraphNode> Nodes => nodes;

    public IReadOnlyList<WireTensor> Leaves => leaves;

    public int Count => nodes.Count;

    public string Name(int node) => names[node];

    public int Leaf(string name, WireTensor value, bool requiresGrad = true)
    {
        leaves.Add(value);
        return Add(new GraphNode(GraphOp.Leaf, [], 0, requiresGrad ? GraphFlags.RequiresGrad : GraphFlags.None), name);
    }

    public int Apply(GraphOp op, string name, params int[] inputs) => Add(new GraphNode(op, inputs), name);

    public int Scale(int input, double factor, string name) => Add(new GraphNode(GraphOp.Scale, [input], factor), name);

    /// <summary>A node built inside the engine's <c>NoGrad()</c> scope.</summary>
    public int ApplyNoGrad(GraphOp op, string name, params int[] inputs) => Add(new GraphNode(op, inputs, 0, GraphFlags.NoGrad), name);

    public GraphSpec Spec(int passes = 1, bool zeroGradBetween = false) => new(nodes, passes, zeroGradBetween);

    /// <summary>Whether the engine must record node <paramref name="i"/>'s parents: a leaf never has any; another node
    /// does when it was built outside a no-grad scope from some input that requires a gradient.</summary>
    public bool RequiresGrad(int i)
    {
        // Inputs always come before a node, so one pass in node order settles every node.
        for (int k = requiresGrad.Count; k < nodes.Count; k++)
        {
            var node = nodes[k];
            requiresGrad.Add(node.Op == GraphOp.Leaf
                ? node.Flags.HasFlag(GraphFlags.RequiresGrad)
                : !node.Flags.HasFlag(GraphFlags.NoGrad) && node.Inputs.Any(p => requiresGrad[p]));
        }
        return requiresGrad[i];
    }

    private readonly List<bool> requiresGrad = [];

    /// <summary>The nodes the last one depends on through recorded parents, itself included: a constant's inputs are
    /// not its parents, so they are not reached.</summary>
    public HashSet<int> AncestorsOfOutput()
    {
        var seen = new HashSet<int>();
        var stack = new Stack<int>([nodes.Count - 1]);
        while (stack.Count > 0)
        {
            int n = stack.Pop();
            if (!seen.Add(n) || !RequiresGrad(n)) continue;
            foreach (int p in nodes[n].Inputs) stack.Push(p);
        }
        return seen;
    }

    private int Add(GraphNode node, string name)
    {
        nodes.Add(node);
        names.Add(name);
        return nodes.Count - 1;
    }
}

/// <summary>A graph and what a failure on it most likely means.</summary>
public sealed record EngineScenario(string Label, GraphDraft Graph, string Hint, int Passes = 1, bool ZeroGradBetween = false);

/// <summary>The graphs the engine is checked on. Values are drawn from the grader's seed; structures are fixed where a
/// structure is the point (a diamond, a shared node) and random where coverage is (the order check).</summary>
public static class EngineGraphs
{
    /// <summary>Shared nodes reached by paths of different lengths, a node used twice by one operation, constants and
    /// a no-grad scope.</summary>
    public static IReadOnlyList<EngineScenario> Graphs(Random r) =>
    [
        new("a diamond with paths of different lengths", Diamond(r),
            "a node's gradient is complete only when every node that uses it has passed its gradient back; visit the nodes in reverse topological order"),
        new("a node used twice by one multiplication (x·x)", Square(r),
            "a node that feeds several inputs receives the sum of their gradients: add (+=), do not overwrite"),
        new("a two-layer network with a constant input", Network(r),
            "the constant input gets no gradient (Grad stays null); the weights get dLoss/dW through both layers"),
        new("constants and an operation on constants only", Constants(r),
            "an operation whose inputs are all constants gives a constant: RequiresGrad false, no parents, and no gradient"),
        new("a no-grad scope", NoGradScope(r),
            "inside NoGrad(), Apply records nothing: the result is a constant (RequiresGrad false, no parents) and no gradient flows through it"),
    ];

    public static IReadOnlyList<EngineScenario> Passes(Random r) =>
    [
        new("two backward passes without ZeroGrad", Diamond(r),
            "a second Backward without ZeroGrad adds the same gradient again to every leaf (twice the gradient), while interior nodes hold this pass's gradient only",
            Passes: 2),
        new("two backward passes with ZeroGrad between", Diamond(r),
            "after ZeroGrad (Grad = null) the next pass starts from zero, so one pass's gradient is left",
            Passes: 2, ZeroGradBetween: true),
        new("three passes on a shared node", Square(r),
            "gradients add up across passes on leaves: three passes give three times the gradient of one", Passes: 3),
    ];

    /// <summary>A random DAG with dead branches (nodes the output does not depend on, which the order must leave out).</summary>
    public static GraphDraft RandomDag(Random r, int size)
    {
        var g = new GraphDraft();
        for (int i = 0; i < 4; i++) g.Leaf($"leaf {i + 1}", Normal(r, 0.5, 2, 3), requiresGrad: i != 3);
        while (g.Count < size - 1)
        {
            int a = r.Next(g.Count), b = r.Next(g.Count);
            int n = g.Count;
            _ = r.Next(4) switch
            {
                0 => g.Apply(GraphOp.Add, $"node {n} (add)", a, b),
                1 => g.Apply(GraphOp.Mul, $"node {n} (mul)", a, b),
                2 => g.Apply(GraphOp.Tanh, $"node {n} (tanh)", a),
                _ => g.Scale(a, 0.5, $"node {n} (scale)"),
            };
        }
        // The output reads a handful of nodes: everything else the draw made is a dead branch unless they reach it.
        int output = g.Count - 1;
        for (int i = 0; i < 4; i++) output = g.Apply(GraphOp.Add, $"output part {i + 1} (add)", output, r.Next(4, g.Count - 1));
        g.Apply(GraphOp.SumAll, "sum", output);
        return g;
    }

    /// <summary>x → x·factor → … → sum, alternating factors whose product is 1, so the gradient stays finite.</summary>
    public static GraphDraft Chain(Random r, int length)
    {
        var g = new GraphDraft();
        int node = g.Leaf("x", Normal(r, 1, 3));
        for (int i = 1; i < length - 1; i++) node = g.Scale(node, i % 2 == 1 ? 1.25 : 0.8, $"chain node {i}");
        g.Apply(GraphOp.SumAll, "sum", node);
        return g;
    }

    /// <summary>The speed workload: a recurrent-looking net of small tensors, h ← tanh(h·w + h_prev), 3 nodes a step.</summary>
    public static GraphDraft Recurrent(Random r, int nodes, int width)
    {
        var g = new GraphDraft();
        var weights = Enumerable.Range(0, 4).Select(i => g.Leaf($"w{i}", Normal(r, 0.5, width, width))).ToArray();
        int previous = g.Leaf("h0", Normal(r, 1, width, width), requiresGrad: false);
        int h = g.Leaf("h1", Normal(r, 1, width, width));
        for (int step = 0; g.Count < nodes - 1; step++)
        {
            int product = g.Apply(GraphOp.Mul, $"step {step} product", h, weights[step % weights.Length]);
            int sum = g.Apply(GraphOp.Add, $"step {step} sum", product, previous);
            (previous, h) = (h, g.Apply(GraphOp.Tanh, $"step {step} tanh", sum));
        }
        g.Apply(GraphOp.SumAll, "sum", h);
        return g;
    }

    private static GraphDraft Diamond(Random r)
    {
        var g = new GraphDraft();
        int x = g.Leaf("x", Normal(r, 0.7, 3, 4));
        int w = g.Leaf("w", Normal(r, 0.7, 3, 4));
        int h1 = g.Apply(GraphOp.Mul, "h1 = x·w", x, w);
        int h2 = g.Apply(GraphOp.Tanh, "h2 = tanh(h1)", h1);
        int h3 = g.Apply(GraphOp.Tanh, "h3 = tanh(h2)", h2);
        int h4 = g.Apply(GraphOp.Add, "h4 = h3 + h1", h3, h1);
        int h5 = g.Apply(GraphOp.Mul, "h5 = h4·h2", h4, h2);
        int h6 = g.Apply(GraphOp.Exp, "h6 = exp(h5)", h5);
        g.Apply(GraphOp.SumAll, "sum(h6)", h6);
        return g;
    }

    private static GraphDraft Square(Random r)
    {
        var g = new GraphDraft();
        int x = g.Leaf("x", Normal(r, 1, 2, 5));
        int t = g.Apply(GraphOp.Tanh, "t = tanh(x)", x);
        int y = g.Apply(GraphOp.Mul, "y = t·t", t, t);
        int z = g.Apply(GraphOp.Mul, "z = y·x", y, x);
        g.Apply(GraphOp.SumAll, "sum(z)", z);
        return g;
    }

    private static GraphDraft Network(Random r)
    {
        var g = new GraphDraft();
        int x = g.Leaf("x (constant)", Normal(r, 1, 4, 3), requiresGrad: false);
        int w1 = g.Leaf("W1", Normal(r, 0.6, 3, 5));
        int w2 = g.Leaf("W2", Normal(r, 0.5, 5, 2));
        int h = g.Apply(GraphOp.Tanh, "h = tanh(x·W1)", g.Apply(GraphOp.MatMul, "x·W1", x, w1));
        int o = g.Apply(GraphOp.MatMul, "o = h·W2", h, w2);
        g.Apply(GraphOp.SumAll, "sum(o·o)", g.Apply(GraphOp.Mul, "o·o", o, o));
        return g;
    }

    private static GraphDraft Constants(Random r)
    {
        var g = new GraphDraft();
        int c = g.Leaf("c (constant)", Normal(r, 1, 3, 3), requiresGrad: false);
        int x = g.Leaf("x", Normal(r, 1, 3, 3));
        int cc = g.Apply(GraphOp.Mul, "c·c (constants only)", c, c);
        int y = g.Apply(GraphOp.Mul, "y = c·x", c, x);
        int z = g.Apply(GraphOp.Add, "z = y + c·c", y, cc);
        g.Apply(GraphOp.SumAll, "sum(z)", g.Apply(GraphOp.Tanh, "tanh(z)", z));
        return g;
    }

    private static GraphDraft NoGradScope(Random r)
    {
        var g = new GraphDraft();
        int x = g.Leaf("x", Normal(r, 1, 2, 4));
        int frozen = g.ApplyNoGrad(GraphOp.Tanh, "t = tanh(x), built in NoGrad()", x);
        int y = g.Apply(GraphOp.Mul, "y = t·x", frozen, x);
        g.Apply(GraphOp.SumAll, "sum(y)", y);
        return g;
    }
}
