namespace Course.Tests.Oracle;

/// <summary>
/// Where the course differs from PyTorch on purpose, one line each: why, and what the oracle does about it. Every
/// line is used where the oracle applies it (torch_oracle.py repeats them in comments).
/// </summary>
public static class KnownDifferences
{
    public const string LinearLayout =
        "Linear stores W as (in, out) and computes X·W + b, as the lecture writes it; torch's nn.Linear stores (out, in), so the oracle passes Wᵀ to F.linear.";

    public const string InteriorGradients =
        "Engine: interior nodes hold the last pass's gradient (the contract), torch sums retained interior gradients across passes, so the oracle clears them before each pass; leaves accumulate in both.";

    public const string CosineAfterTotal =
        "CosineWarmupSchedule warms up from 0 (torch 1.13's LinearLR cannot start at 0: the oracle uses LambdaLR t/w) and stays at η_min after T, where CosineAnnealingLR climbs again: compared for t ≤ T.";

    public const string InitializerRandomness =
        "Initializers draw from System.Random, torch from its own generator: the oracle compares the distributions (two-sample Kolmogorov–Smirnov, spread), not the values.";

    public const string SgdDefaultRate =
        "SGD: torch 1.13 requires a learning rate; the course's default is 1e-3, which the oracle passes when the case gives none.";

    public const string ClipAtTheBound =
        "ClipGradNorm scales only when the norm exceeds maxNorm; torch always multiplies by min(1, maxNorm/(norm + 1e-6)), which differs only for maxNorm − 1e-6 < norm ≤ maxNorm, a window no case draws.";

    public const string ScaleOperandSlot =
        "Engine: torch's grad_fn of x·a lists a slot for the Python scalar a, the course's Scale node has x as its one parent: the oracle does not count that slot.";

    public const string ChaoticRuns =
        "Not a difference but a choice of case: RMSProp with ε = 1e-8 steps by ≈ η·sign(g) near a minimum, a chaotic map (rounding differences grew ~1e5-fold per 10 steps from step ~40, with η/10 too), so the oracle's RMSProp runs take ε = 1, above √v near a minimum, where the step then contracts (30 seeds: 1e-13).";

    public static IReadOnlyList<string> All { get; } =
        [LinearLayout, InteriorGradients, CosineAfterTotal, InitializerRandomness, SgdDefaultRate, ClipAtTheBound, ScaleOperandSlot, ChaoticRuns];
}
