using Course.Grader.Protocol;
using static Course.Grader.Units.Draw;

namespace Course.Grader.Units;

// The autodiff homework: eighteen operations, each checked alone on random shapes (broadcasting, rank 0 and rank 3
// included), and the engine. Every case states the output's shape, so the upstream gradient is drawn here, with
// the inputs, from the grader's seed.
public static partial class UnitCatalog
{
    private static IReadOnlyList<UnitDefinition> Autodiff() =>
    [
        BinaryOp("add", "AddOp", (r, s) => Normal(r, 1, s), (r, s) => Normal(r, 1, s)),
        BinaryOp("sub", "SubOp", (r, s) => Normal(r, 1, s), (r, s) => Normal(r, 1, s)),
        BinaryOp("mul", "MulOp", (r, s) => Normal(r, 1, s), (r, s) => Normal(r, 1, s)),
        // Divisors stay away from zero, where the quotient and its derivative blow up.
        BinaryOp("div", "DivOp", (r, s) => Normal(r, 1, s), (r, s) => AwayFromZero(r, 1, 0.5, s)),
        UnaryOp("neg", "NegOp", (r, s) => Normal(r, 1, s)),
        new FunctionUnit("pow", "PowOp", PowCases),
        UnaryOp("exp", "ExpOp", (r, s) => Normal(r, 1, s)),
        UnaryOp("log", "LogOp", (r, s) => Uniform(r, 0.2, 3, s)),
        new FunctionUnit("matmul", "MatMulOp", MatMulCases),
        new FunctionUnit("sum", "SumOp", r => ReductionCases(r, "SumOp")),
        new FunctionUnit("mean", "MeanOp", r => ReductionCases(r, "MeanOp")),
        new FunctionUnit("broadcast", "BroadcastToOp", BroadcastCases),
        new FunctionUnit("reshape", "ReshapeOp", ReshapeCases),
        new FunctionUnit("transpose", "TransposeOp", TransposeCases),
        // Away from 0, where ReLU has a kink that central differences straddle.
        UnaryOp("relu", "ReluOp", (r, s) => AwayFromZero(r, 1, 0.05, s)),
        UnaryOp("sigmoid", "SigmoidOp", (r, s) => Normal(r, 2, s), r =>
            [UnaryCase(r, "inputs of ±40", Spec("SigmoidOp"), Scale(AwayFromZero(r, 1, 1, 4, 6), 20), gradientCheck: false)]),
        UnaryOp("tanh", "TanhOp", (r, s) => Normal(r, 1.5, s), r =>
            [UnaryCase(r, "inputs of ±40", Spec("TanhOp"), Scale(AwayFromZero(r, 1, 1, 4, 6), 20), gradientCheck: false)]),
        new FunctionUnit("log_softmax", "LogSoftmaxOp", LogSoftmaxCases),
        new EngineUnit("engine", "Autograd"),
    ];

    /// <summary>Odd extents (no multiple of a vector width), a rank-1, a rank-3 and a batch of one.</summary>
    private static List<int[]> OperandShapes(Random r) =>
        [[r.Next(2, 6), r.Next(2, 8)], [r.Next(3, 9)], [2, r.Next(2, 5), r.Next(2, 5)], [1, r.Next(2, 6)]];

    private static FunctionUnit UnaryOp(string id, string className, Func<Random, int[], WireTensor> input,
        Func<Random, IEnumerable<FunctionCase>>? extra = null) =>
        new(id, className, r => OperandShapes(r)
            .Select(s => UnaryCase(r, $"shape {Shape(s)}", Spec(className), input(r, s)))
            .Concat(extra?.Invoke(r) ?? []).ToList());

    private static FunctionCase UnaryCase(Random r, string label, UnitSpec spec, WireTensor input, bool gradientCheck = true) =>
        new(label, spec, [input], Normal(r, 1, input.Shape), gradientCheck);

    /// <summary>Equal shapes, then every way broadcasting stretches an operand: a missing leading axis, an extent of
    /// one on either side, both at once, and a rank-0 scalar.</summary>
    private static FunctionUnit BinaryOp(string id, string className, Func<Random, int[], WireTensor> left, Func<Random, int[], WireTensor> right) =>
        new(id, className, r =>
        {
            int n = r.Next(2, 6), m = r.Next(2, 7), k = r.Next(2, 4);
            int[][][] pairs =
            [
                [[n, m], [n, m]],
                [[n, m], [m]],
                [[m], [n, m]],
                [[n, 1], [1, m]],
                [[k, n, m], [n, 1]],
                [[], [n, m]],
                [[n, m], []],
            ];
            return pairs.Select(p =>
            {
                var output = Broadcast(p[0], p[1]);
                string label = p[0].SequenceEqual(p[1]) ? $"shapes {Shape(p[0])}" : $"shapes {Shape(p[0])} and {Shape(p[1])} broadcast to {Shape(output)}";
                return new FunctionCase(label, Spec(className), [left(r, p[0]), right(r, p[1])], Normal(r, 1, output));
            }).ToList();
        });

    private static IReadOnlyList<FunctionCase> PowCases(Random r)
    {
        var cases = new List<FunctionCase>();
        foreach (var (exponent, positive) in new[] { (2.0, false), (3.0, false), (0.5, true), (-1.5, true), (1.7, true) })
            foreach (var shape in OperandShapes(r).Take(2))
            {
                // A non-integer power of a negative number is not real: those exponents get positive inputs.
                var x = positive ? Uniform(r, 0.3, 2.5, shape) : Normal(r, 1, shape);
                cases.Add(UnaryCase(r, $"exponent {exponent}, shape {Shape(shape)}", Spec("PowOp", new UnitArg.Real(exponent)), x));
            }
        return cases;
    }

    private static IReadOnlyList<FunctionCase> MatMulCases(Random r)
    {
        FunctionCase Case(int n, int k, int m) =>
            new($"({n}, {k}) · ({k}, {m})", Spec("MatMulOp"), [Normal(r, 1, n, k), Normal(r, 1, k, m)], Normal(r, 1, n, m));
        return [Case(r.Next(2, 6), r.Next(2, 7), r.Next(2, 6)), Case(1, r.Next(3, 8), r.Next(2, 5)), Case(r.Next(3, 6), 1, r.Next(2, 5)), Case(7, 9, 5)];
    }

    private static IReadOnlyList<FunctionCase> ReductionCases(Random r, string className)
    {
        int n = r.Next(2, 6), m = r.Next(2, 7);
        var cases = new List<FunctionCase>();
        void Add(int[] shape, int[]? axes, bool keepDims)
        {
            // "All axes" is the default (null) without keepDims, and every axis named with it.
            if (axes is null && keepDims) axes = Enumerable.Range(0, shape.Length).ToArray();
            var args = axes is null ? Array.Empty<UnitArg>() : [new UnitArg.Ints(axes), new UnitArg.Bool(keepDims)];
            var output = Reduced(shape, axes, keepDims);
            string label = $"shape {Shape(shape)}, axes {(axes is null ? "all (the default)" : Shape(axes))}" + (keepDims ? ", keepDims" : "");
            cases.Add(new FunctionCase(label, Spec(className, args), [Normal(r, 1, shape)], Normal(r, 1, output)));
        }
        Add([n, m], null, false);
        Add([n, m], [0], false);
        Add([n, m], [-1], true);
        Add([2, n, m], [0, 2], false);
        Add([2, n, m], [1], true);
        Add([n, m], null, true);
        Add([r.Next(3, 9)], [0], false);
        return cases;
    }

    private static IReadOnlyList<FunctionCase> BroadcastCases(Random r)
    {
        int n = r.Next(2, 6), m = r.Next(2, 7);
        FunctionCase Case(int[] from, int[] to) =>
            new($"{Shape(from)} to {Shape(to)}", Spec("BroadcastToOp", new UnitArg.Ints(to)), [Normal(r, 1, from)], Normal(r, 1, to));
        return [Case([m], [n, m]), Case([n, 1], [n, m]), Case([1, m], [3, n, m]), Case([], [n, m]), Case([n, m], [n, m]), Case([2, 1, m], [2, n, m])];
    }

    private static IReadOnlyList<FunctionCase> ReshapeCases(Random r)
    {
        int n = r.Next(2, 6), m = r.Next(2, 7);
        FunctionCase Case(int[] from, int[] to, int[] result) =>
            new($"{Shape(from)} to {Shape(to)}", Spec("ReshapeOp", new UnitArg.Ints(to)), [Normal(r, 1, from)], Normal(r, 1, result));
        return [Case([n, m], [m, n], [m, n]), Case([2, n, m], [2 * n, -1], [2 * n, m]), Case([n, m], [n * m], [n * m]), Case([n * m], [n, 1, m], [n, 1, m])];
    }

    private static IReadOnlyList<FunctionCase> TransposeCases(Random r)
    {
        int n = r.Next(2, 6), m = r.Next(2, 7), k = r.Next(2, 4);
        FunctionCase Case(int[] shape, int a0, int a1, bool defaults = false)
        {
            var result = (int[])shape.Clone();
            int x = a0 < 0 ? a0 + shape.Length : a0, y = a1 < 0 ? a1 + shape.Length : a1;
            (result[x], result[y]) = (result[y], result[x]);
            var spec = defaults ? Spec("TransposeOp") : Spec("TransposeOp", new UnitArg.Int(a0), new UnitArg.Int(a1));
            return new($"{Shape(shape)}, axes {a0} and {a1}", spec, [Normal(r, 1, shape)], Normal(r, 1, result));
        }
        return [Case([n, m], -2, -1, defaults: true), Case([k, n, m], 0, 2), Case([k, n, m], -2, -1, defaults: true), Case([n, 1], 0, 1)];
    }

    private static IReadOnlyList<FunctionCase> LogSoftmaxCases(Random r)
    {
        int n = r.Next(2, 6), m = r.Next(2, 8);
        FunctionCase Case(string label, WireTensor x, int? axis, bool gradientCheck = true) =>
            new(label, axis is null ? Spec("LogSoftmaxOp") : Spec("LogSoftmaxOp", new UnitArg.Int(axis.Value)), [x], Normal(r, 1, x.Shape), gradientCheck);
        return
        [
            Case($"rows of {Shape([n, m])}", Normal(r, 2, n, m), null),
            Case($"columns of {Shape([n, m])} (axis 0)", Normal(r, 2, n, m), 0),
            Case($"axis 1 of {Shape([2, n, m])}", Normal(r, 2, 2, n, m), 1),
            Case("a batch of one", Normal(r, 2, 1, m), -1),
            // Far beyond e^709: without subtracting the maximum the result is NaN or infinity.
            Case("logits near +1000", Plus(Normal(r, 3, 3, 5), 1000), null, gradientCheck: false),
            Case("logits near −1000", Plus(Normal(r, 3, 3, 5), -1000), null, gradientCheck: false),
        ];
    }

    private static int[] Broadcast(int[] a, int[] b)
    {
        int rank = Math.Max(a.Length, b.Length);
        var result = new int[rank];
        for (int i = 1; i <= rank; i++)
            result[^i] = Math.Max(i <= a.Length ? a[^i] : 1, i <= b.Length ? b[^i] : 1);
        return result;
    }

    private static int[] Reduced(int[] shape, int[]? axes, bool keepDims)
    {
        var reduced = axes is null || axes.Length == 0 ? Enumerable.Range(0, shape.Length).ToHashSet() : axes.Select(a => a < 0 ? a + shape.Length : a).ToHashSet();
        return keepDims
            ? shape.Select((d, i) => reduced.Contains(i) ? 1 : d).ToArray()
            : shape.Where((_, i) => !reduced.Contains(i)).ToArray();
    }

    private static string Shape(int[] shape) => shape.Length == 1 ? $"({shape[0]},)" : "(" + string.Join(", ", shape) + ")";
}
