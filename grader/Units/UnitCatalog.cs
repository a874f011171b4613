using Course.Grader.Protocol;
using static Course.Grader.Units.Draw;

namespace Course.Grader.Units;

/// <summary>
/// Every graded unit the grader knows, with the inputs each is checked on. Correctness cases are small and float64
/// (so central differences are exact to ~1e-10) and include edge cases: batch size 1, odd sizes, huge logits.
/// Speed cases are float32 at the sizes the MNIST network of the homework uses.
/// </summary>
public static partial class UnitCatalog
{
    private static readonly UnitArg[] NoArgs = [];

    /// <summary>The units of each homework of the course. Unit ids are unique within a homework, not across them
    /// (both the fully connected and the autodiff homework have a <c>relu</c>).</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<UnitDefinition>> ByHomework { get; } = new Dictionary<string, IReadOnlyList<UnitDefinition>>
    {
        ["fully-connected"] = FullyConnected(),
        ["autodiff"] = Autodiff(),
        ["optimizers"] = Optimizers(),
    };

    public static IReadOnlyList<UnitDefinition> All { get; } = ByHomework.Values.SelectMany(u => u).ToList();

    private static IReadOnlyList<UnitDefinition> FullyConnected() =>
    [
        new ModuleUnit("linear", "Linear", LinearCases, r => LinearCase("MNIST layer 784→256, batch 128", r, 128, 784, 256, 1)),

        Activation("relu", "ReLU", NoArgs, (r, s) => AwayFromZero(r, 1, 0.05, s)),
        Activation("leaky_relu", "LeakyReLU", [new UnitArg.Real(0.01)], (r, s) => AwayFromZero(r, 1, 0.05, s),
            extra: r => [ActivationCase("negative slope 0.2", "LeakyReLU", [new UnitArg.Real(0.2)], AwayFromZero(r, 1, 0.05, 5, 7), r)]),
        Activation("sigmoid", "Sigmoid", NoArgs, (r, s) => Normal(r, 2, s),
            extra: r => [ActivationCase("inputs of ±40", "Sigmoid", NoArgs, Scale(AwayFromZero(r, 1, 1, 4, 6), 20), r, gradientCheck: false)]),
        Activation("tanh", "Tanh", NoArgs, (r, s) => Normal(r, 1.5, s),
            extra: r => [ActivationCase("inputs of ±40", "Tanh", NoArgs, Scale(AwayFromZero(r, 1, 1, 4, 6), 20), r, gradientCheck: false)]),
        Activation("softplus", "Softplus", NoArgs, (r, s) => Normal(r, 3, s),
            extra: r => [ActivationCase("inputs of ±800 (overflow of e^x)", "Softplus", NoArgs, Scale(AwayFromZero(r, 1, 1, 4, 6), 400), r, gradientCheck: false)]),
        Activation("elu", "ELU", [new UnitArg.Real(1.0)], (r, s) => AwayFromZero(r, 1.5, 0.05, s),
            extra: r => [ActivationCase("alpha 0.5", "ELU", [new UnitArg.Real(0.5)], AwayFromZero(r, 1.5, 0.05, 6, 4), r)]),
        Activation("softmax", "Softmax", NoArgs, (r, s) => Normal(r, 2, s), extra: LargeLogits("Softmax"), speedShape: [128, 1000]),
        Activation("log_softmax", "LogSoftmax", NoArgs, (r, s) => Normal(r, 2, s), extra: LargeLogits("LogSoftmax"), speedShape: [128, 1000]),

        new ModuleUnit("sequential", "Sequential", SequentialCases, SpeedCase: null),

        new LossUnit("mse", "MSELoss",
            r => RandomShapes(r).Select(s => new LossCase($"shape ({s[0]}, {s[1]})", Spec("MSELoss"), Normal(r, 1, s), Normal(r, 1, s))).ToList(),
            r => new LossCase("batch 128 × 1024", Spec("MSELoss"), Normal(r, 1, 128, 1024), Normal(r, 1, 128, 1024))),
        new LossUnit("bce", "BCELoss",
            r => RandomShapes(r).Select(s => new LossCase($"shape ({s[0]}, {s[1]})", Spec("BCELoss"), Uniform(r, 0.05, 0.95, s), Binary(r, s)))
                .Append(new LossCase("soft targets", Spec("BCELoss"), Uniform(r, 0.05, 0.95, 4, 3), Uniform(r, 0, 1, 4, 3))).ToList(),
            r => new LossCase("batch 128 × 1024", Spec("BCELoss"), Uniform(r, 0.05, 0.95, 128, 1024), Binary(r, 128, 1024))),
        new LossUnit("bce_logits", "BCEWithLogitsLoss",
            r => RandomShapes(r).Select(s => new LossCase($"shape ({s[0]}, {s[1]})", Spec("BCEWithLogitsLoss"), Normal(r, 3, s), Binary(r, s)))
                .Append(new LossCase("logits of ±500", Spec("BCEWithLogitsLoss"), Scale(AwayFromZero(r, 1, 1, 4, 3), 250), Binary(r, 4, 3), GradientCheck: false)).ToList(),
            r => new LossCase("batch 128 × 1024", Spec("BCEWithLogitsLoss"), Normal(r, 3, 128, 1024), Binary(r, 128, 1024))),
        new LossUnit("softmax_ce", "SoftmaxCrossEntropyLoss", SoftmaxCrossEntropyCases,
            r => new LossCase("batch 256 × 1000 classes", Spec("SoftmaxCrossEntropyLoss"), Normal(r, 2, 256, 1000), ProbabilityRows(r, 256, 1000, oneHot: true))),

        new InitializerUnit("xavier", "XavierUniform", Distribution.XavierUniform),
        new InitializerUnit("he", "HeNormal", Distribution.HeNormal),
    ];

    /// <summary>Unit <paramref name="id"/> of <paramref name="homework"/>; a homework the catalog does not know (a new
    /// one in course.json) may use any known unit, the first of that id.</summary>
    public static UnitDefinition? Find(string homework, string id) =>
        (ByHomework.TryGetValue(homework, out var units) ? units : All).FirstOrDefault(u => u.Id == id);

    public static UnitSpec Spec(string className, params UnitArg[] args) => new(className, args);

    /// <summary>Odd sizes on purpose (not multiples of any vector width), and a batch of one.</summary>
    private static List<int[]> RandomShapes(Random r) =>
        [[r.Next(2, 9), r.Next(2, 12)], [1, r.Next(3, 10)], [r.Next(5, 9), r.Next(9, 17)]];

    private static IReadOnlyList<ModuleCase> LinearCases(Random r) =>
    [
        LinearCase("batch 4, 5 → 3", r, 4, 5, 3, 1),
        LinearCase("batch 1, 7 → 2", r, 1, 7, 2, 1),
        LinearCase("batch 6, 3 → 3 (square weight)", r, 6, 3, 3, 1),
        LinearCase("batch 9, 11 → 6", r, 9, 11, 6, 1),
    ];

    private static ModuleCase LinearCase(string label, Random r, int batch, int inFeatures, int outFeatures, double scale) => new(
        label,
        Spec("Linear", new UnitArg.Int(inFeatures), new UnitArg.Int(outFeatures)),
        [Normal(r, scale / Math.Sqrt(inFeatures), inFeatures, outFeatures), Normal(r, 0.5, outFeatures)],
        ["weight", "bias"],
        Normal(r, 1, batch, inFeatures),
        Normal(r, 1, batch, outFeatures));

    private static ModuleUnit Activation(string id, string className, UnitArg[] args, Func<Random, int[], WireTensor> input,
        Func<Random, IEnumerable<ModuleCase>>? extra = null, int[]? speedShape = null) =>
        new(id, className,
            r => RandomShapes(r).Select(s => ActivationCase($"shape ({s[0]}, {s[1]})", className, args, input(r, s), r))
                .Concat(extra?.Invoke(r) ?? []).ToList(),
            r =>
            {
                int[] shape = speedShape ?? [128, 1024];
                return ActivationCase($"batch {shape[0]} × {shape[1]}", className, args, input(r, shape), r);
            });

    private static ModuleCase ActivationCase(string label, string className, UnitArg[] args, WireTensor input, Random r, bool gradientCheck = true) =>
        new(label, Spec(className, args), [], [], input, Normal(r, 1, input.Shape), GradientCheck: gradientCheck);

    private static Func<Random, IEnumerable<ModuleCase>> LargeLogits(string className) => r =>
    [
        // Logits far beyond e^709: a softmax without the max-subtraction trick returns NaN or infinity here.
        // Forward-only: the overflow is the forward pass's fault, and one check should say so, not two.
        ActivationCase("logits near +1000", className, NoArgs, Plus(Normal(r, 3, 3, 5), 1000), r, gradientCheck: false),
        ActivationCase("logits near −1000", className, NoArgs, Plus(Normal(r, 3, 3, 5), -1000), r, gradientCheck: false),
    ];

    private static IReadOnlyList<LossCase> SoftmaxCrossEntropyCases(Random r)
    {
        var spec = Spec("SoftmaxCrossEntropyLoss");
        return
        [
            new("one-hot targets, batch 5 × 4 classes", spec, Normal(r, 2, 5, 4), ProbabilityRows(r, 5, 4, oneHot: true)),
            new("soft targets, batch 3 × 7 classes", spec, Normal(r, 2, 3, 7), ProbabilityRows(r, 3, 7, oneHot: false)),
            new("batch 1 × 10 classes", spec, Normal(r, 2, 1, 10), ProbabilityRows(r, 1, 10, oneHot: true)),
            new("logits near +1000", spec, Plus(Normal(r, 3, 4, 6), 1000), ProbabilityRows(r, 4, 6, oneHot: true), GradientCheck: false),
            new("logits near −1000", spec, Plus(Normal(r, 3, 4, 6), -1000), ProbabilityRows(r, 4, 6, oneHot: false), GradientCheck: false),
        ];
    }

    /// <summary>
    /// Sequential is checked with the harness's own known-correct layers inside it, so only the container itself is
    /// graded: order of forward, reverse order of backward, parameter order, and passing the mode on.
    /// </summary>
    private static IReadOnlyList<ModuleCase> SequentialCases(Random r)
    {
        ModuleCase Case(string label, int batch, int[] widths, bool training)
        {
            var layers = new List<UnitSpec>();
            var parameters = new List<WireTensor>();
            var names = new List<string>();
            for (int i = 0; i + 1 < widths.Length; i++)
            {
                layers.Add(Spec("@ProbeAffine", new UnitArg.Int(widths[i]), new UnitArg.Int(widths[i + 1])));
                parameters.Add(Normal(r, 1 / Math.Sqrt(widths[i]), widths[i], widths[i + 1]));
                parameters.Add(Normal(r, 0.3, widths[i + 1]));
                names.Add($"layer {2 * i + 1} weight");
                names.Add($"layer {2 * i + 1} bias");
                if (i + 2 < widths.Length) layers.Add(Spec("@ProbeTanh"));
            }
            return new ModuleCase(label, Spec("Sequential", new UnitArg.Modules(layers)), parameters, names,
                Normal(r, 1, batch, widths[0]), Normal(r, 1, batch, widths[^1]), training, GradientCheck: training);
        }

        return
        [
            Case("affine → tanh → affine", 4, [5, 6, 3], true),
            Case("three affine layers with tanh between", 3, [4, 7, 5, 2], true),
            Case("a single layer", 2, [3, 4], true),
            Case("evaluation mode reaches every layer", 4, [5, 6, 3], false),
        ];
    }
}
