using Course.Grader.Protocol;
using static Course.Grader.Units.Draw;

namespace Course.Grader.Units;

// The optimizers homework: seven optimizers run for 50 steps from the reference's start, gradient clipping, and
// three schedules. The objectives are computed by the worker's own code (Worker/Harness/Objectives.cs), so only
// the optimizer differs between the two workers.
public static partial class UnitCatalog
{
    private const int TrajectorySteps = 50;

    /// <summary>Constructor arguments after the parameters, in the contract's order: the learning rate, the rule's
    /// own hyper-parameters, then the weight decay.</summary>
    private sealed record OptimizerShape(string Id, string ClassName, double LearningRate, double[] Hyper, bool Adaptive, string Formula, double[] Defaults);

    private static IReadOnlyList<UnitDefinition> Optimizers() =>
    [
        Optimizer(new("sgd", "SGD", 0.05, [], false, "θ ← θ − η·g", [1e-3, 0])),
        Optimizer(new("momentum", "Momentum", 0.02, [0.8], false, "b ← μ·b + g (b₁ = g₁), then θ ← θ − η·b", [1e-3, 0.9, 0])),
        Optimizer(new("nesterov", "Nesterov", 0.02, [0.8], false, "b ← μ·b + g (b₁ = g₁), then θ ← θ − η·(g + μ·b) with the new b", [1e-3, 0.9, 0])),
        Optimizer(new("rmsprop", "RMSProp", 0.01, [0.9, 1e-8], true, "v ← α·v + (1 − α)·g², then θ ← θ − η·g / (√v + ε)", [1e-2, 0.99, 1e-8, 0])),
        Optimizer(new("adadelta", "AdaDelta", 1.0, [0.95, 1e-6], true, "v ← ρ·v + (1 − ρ)·g²; Δ = √(u + ε)/√(v + ε)·g; u ← ρ·u + (1 − ρ)·Δ²; θ ← θ − η·Δ", [1.0, 0.9, 1e-6, 0])),
        Optimizer(new("adam", "Adam", 0.01, [0.8, 0.99, 1e-8], true, "m ← β₁·m + (1 − β₁)·g; v ← β₂·v + (1 − β₂)·g²; θ ← θ − η·m̂/(√v̂ + ε) with the bias corrections m̂ = m/(1 − β₁ᵗ), v̂ = v/(1 − β₂ᵗ)", [1e-3, 0.9, 0.999, 1e-8, 0])),
        Optimizer(new("adamw", "AdamW", 0.01, [0.8, 0.99, 1e-8], true, "θ ← θ·(1 − η·λ) first (decoupled weight decay), then Adam's step with g itself", [1e-3, 0.9, 0.999, 1e-8, 1e-2])),
        new ClippingUnit("clip_grad_norm", "ClipGradNorm", ClippingCases),
        new ScheduleUnit("step_lr", "StepSchedule", r =>
        [
            new("base 0.1, every 7 steps, γ 0.5", Spec("StepSchedule", new UnitArg.Real(0.1), new UnitArg.Int(7), new UnitArg.Real(0.5)), 40),
            new("base 1, every 10 steps, default γ", Spec("StepSchedule", new UnitArg.Real(1.0), new UnitArg.Int(10)), 35),
            new("every step, γ 0.9", Spec("StepSchedule", new UnitArg.Real(0.3), new UnitArg.Int(1), new UnitArg.Real(0.9)), 20),
        ]),
        new ScheduleUnit("exponential_lr", "ExponentialSchedule", r =>
        {
            double gamma = Math.Round(0.5 + r.NextDouble() * 0.4, 3);
            return
            [
                new("base 0.1, γ 0.95", Spec("ExponentialSchedule", new UnitArg.Real(0.1), new UnitArg.Real(0.95)), 60),
                new($"base 2, γ {gamma}", Spec("ExponentialSchedule", new UnitArg.Real(2.0), new UnitArg.Real(gamma)), 30),
            ];
        }),
        new ScheduleUnit("cosine_warmup", "CosineWarmupSchedule", r =>
        [
            new("base 0.1, 5 warm-up steps of 50", Spec("CosineWarmupSchedule", new UnitArg.Real(0.1), new UnitArg.Int(5), new UnitArg.Int(50)), 60),
            new("base 1, 10 warm-up steps of 40, floor 0.05", Spec("CosineWarmupSchedule", new UnitArg.Real(1.0), new UnitArg.Int(10), new UnitArg.Int(40), new UnitArg.Real(0.05)), 50),
            new("no warm-up", Spec("CosineWarmupSchedule", new UnitArg.Real(0.5), new UnitArg.Int(0), new UnitArg.Int(30)), 35),
        ]),
    ];

    /// <summary>
    /// Runs that each test one thing, in an order where the first failure says the most: the defaults on one
    /// parameter, then several parameters (per-parameter state), then the Rosenbrock valley and an MLP's real
    /// gradients, then a learning rate that changes every step.
    /// </summary>
    private static OptimizerUnit Optimizer(OptimizerShape o) => new(o.Id, o.ClassName, o.Defaults.Select(d => (UnitArg)new UnitArg.Real(d)).ToList(),
        r =>
        [
            Case(o, "the defaults, one parameter, an ill-conditioned quadratic", [], Quadratic(r, [[6, 5]]),
                "with no arguments but the parameters the optimizer must use PyTorch's defaults (the contract's table), and follow " + o.Formula),
            Case(o, "three parameters of different shapes, a quadratic", Full(o, o.LearningRate, 0), Quadratic(r, [[4, 3], [5], [2, 2, 3]]),
                "one parameter passed but several do not: keep the state (velocity, moments, step count) per parameter, one tensor of each parameter's shape"),
            Case(o, "the Rosenbrock valley", Full(o, o.Adaptive ? o.LearningRate / 5 : 2e-4, 0), Rosenbrock(r),
                "follow " + o.Formula),
            Case(o, "a small MLP's gradients", MlpArgs(o, 0), Mlp(r),
                "follow " + o.Formula),
            Case(o, "a learning rate that changes every step", Full(o, o.LearningRate, 0), Quadratic(r, [[3, 4], [6]]),
                "read LearningRate at every Step (a schedule changes it); the rule is " + o.Formula + ", which is not the same as folding η into the velocity when η changes",
                changingRate: o.LearningRate),
        ],
        r =>
        [
            Case(o, "weight decay 0.1, a quadratic with two parameters", Full(o, o.LearningRate, 0.1), Quadratic(r, [[4, 3], [5]]),
                o.Id == "adamw" ? "AdamW decays the weights themselves before the step: θ ← θ·(1 − η·λ); the decay is not added to the gradient"
                                : "weight decay is L2 regularisation here: use g + λ·θ in place of g (without changing Parameter.Grad)"),
            Case(o, "weight decay 0.05, a small MLP", MlpArgs(o, 0.05), Mlp(r),
                o.Id == "adamw" ? "AdamW: θ ← θ·(1 − η·λ), then Adam's step with the plain gradient" : "use g + λ·θ in place of g"),
            .. o.Id == "adamw"
                ? new[] { Case(o, "AdamW's default weight decay (0.01)", [new UnitArg.Real(o.LearningRate)], Quadratic(r, [[5, 2]]), "AdamW's default weight decay is 0.01, decoupled") }
                : [],
        ]);

    /// <summary>
    /// The adaptive rules divide by √v, so a gradient near zero still takes a step of about η: on the MLP a bias whose
    /// gradient crosses zero bounces from side to side, and the run turns chaotic — two correct implementations that
    /// round differently parted by 1e-4 within 50 steps. A fifth of the learning rate and an ε of 1e-4 (next to
    /// gradients of ~1e-3) keep small gradients small, and the runs together.
    /// </summary>
    private static UnitArg[] MlpArgs(OptimizerShape o, double weightDecay)
    {
        if (!o.Adaptive) return Full(o, o.LearningRate, weightDecay);
        var args = Full(o, o.LearningRate / 5, weightDecay);
        args[o.Hyper.Length] = new UnitArg.Real(1e-4); // ε is the last of the rule's own hyper-parameters
        return args;
    }

    /// <summary>Every constructor argument, in the contract's order: the learning rate, the rule's own, the weight decay.</summary>
    private static UnitArg[] Full(OptimizerShape o, double learningRate, double weightDecay) =>
        [new UnitArg.Real(learningRate), .. o.Hyper.Select(h => new UnitArg.Real(h)), new UnitArg.Real(weightDecay)];

    /// <param name="changingRate">The base learning rate of a run whose rate changes every step (between ½ and
    /// 1½ of it), or null for a constant one.</param>
    private static OptimizerCase Case(OptimizerShape o, string label, UnitArg[] args, (List<WireTensor> Start, Objective Objective, List<WireTensor> Inputs) problem,
        string hint, double? changingRate = null)
    {
        var rates = changingRate is { } baseRate
            ? Enumerable.Range(0, TrajectorySteps).Select(t => baseRate * (0.5 + (t * 7919 % 13) / 12.0)).ToList()
            : new List<double>();
        return new OptimizerCase(label, Spec(o.ClassName, args), problem.Start, new OptimizerRun(problem.Objective, TrajectorySteps, rates), problem.Inputs, hint);
    }

    /// <summary>½ Σ a ⊙ (θ − c)² with curvatures from 0.05 to 5: a condition number of 100.</summary>
    private static (List<WireTensor>, Objective, List<WireTensor>) Quadratic(Random r, int[][] shapes)
    {
        var start = new List<WireTensor>();
        var inputs = new List<WireTensor>();
        foreach (var shape in shapes)
        {
            start.Add(Normal(r, 1, shape));
            inputs.Add(Fill(shape, () => 0.05 * Math.Pow(100, r.NextDouble())));
            inputs.Add(Normal(r, 1, shape));
        }
        return (start, Objective.Quadratic, inputs);
    }

    /// <summary>Two parameters of (x, y) rows, each row starting around (−1.2, 1) on the banana-shaped valley.</summary>
    private static (List<WireTensor>, Objective, List<WireTensor>) Rosenbrock(Random r)
    {
        WireTensor Rows(int n) => new([n, 2], Enumerable.Range(0, n).SelectMany(_ => new[] { -1.2 + 0.2 * Normal(r), 1 + 0.2 * Normal(r) }).ToArray());
        return ([Rows(3), Rows(1)], Objective.Rosenbrock, []);
    }

    /// <summary>A 4 → 6 → 2 tanh network fitting random targets: W₁, b₁, W₂, b₂.</summary>
    private static (List<WireTensor>, Objective, List<WireTensor>) Mlp(Random r) =>
        ([Normal(r, 0.5, 4, 6), Normal(r, 0.1, 6), Normal(r, 0.4, 6, 2), Normal(r, 0.1, 2)], Objective.Mlp, [Normal(r, 1, 8, 4), Normal(r, 1, 8, 2)]);

    private static IReadOnlyList<ClippingCase> ClippingCases(Random r)
    {
        var grads = new List<WireTensor> { Normal(r, 1, 3, 4), Normal(r, 1, 5), Normal(r, 1, 2, 2, 2) };
        double norm = Math.Sqrt(grads.Sum(g => g.Data.Sum(v => v * v)));
        return
        [
            new($"three gradients of norm {norm:0.###}, clipped to 1", Spec("ClipGradNorm", new UnitArg.Real(1.0)), grads),
            new($"the same gradients under a larger bound ({2 * norm:0.###}): unchanged", Spec("ClipGradNorm", new UnitArg.Real(Math.Round(2 * norm, 3))), grads),
            new("one gradient clipped to a tenth of its norm", Spec("ClipGradNorm", new UnitArg.Real(0.1)), [Normal(r, 1, 4, 4)]),
        ];
    }
}
