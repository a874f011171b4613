using System.Globalization;
using Course.Grader.Units;

namespace Course.Grader.Checks.Public;

/// <summary>
/// The public checks of an initialiser: it fills the tensor with finite values, whose mean is about 0 and whose
/// standard deviation is within a generous band (±20 %) of the textbook value, drawing only from the Random it is
/// given. The band is wide on purpose: it catches a wrong formula (√ forgotten, fanIn and fanOut swapped, a factor
/// of 2 lost), never the sampling noise of a correct one.
/// </summary>
public sealed class InitializerPublicChecks(StudentCalls calls, InitializerUnit unit, int seed)
{
    private static readonly (int FanIn, int FanOut)[] Shapes = [(256, 128), (50, 400)];

    private readonly Dictionary<int, Protocol.WireTensor> drawn = new();

    public IReadOnlyList<PublicCheck> Checks() =>
    [
        new("fills the tensor", Fills),
        new("mean and spread", Spread, After: "fills the tensor"),
        new("uses the given Random", Reproducible, After: "fills the tensor"),
    ];

    private string Fills()
    {
        for (int k = 0; k < Shapes.Length; k++)
        {
            var (fanIn, fanOut) = Shapes[k];
            var w = Draw(k);
            if (!w.Shape.SequenceEqual(new[] { fanIn, fanOut }))
                throw new PublicCheckFailure($"Initialize returned shape {w.ShapeString} for a ({fanIn}, {fanOut}) weight", "fill the tensor you are given; do not replace it");
            int bad = Array.FindIndex(w.Data, v => !double.IsFinite(v));
            if (bad >= 0)
                throw new PublicCheckFailure($"for ({fanIn}, {fanOut}) the weight at {Compare.Index(w.Shape, bad)} is {NumberText.Of(w.Data[bad])}", "look for a division by zero or a square root of a negative number");
        }
        return "finite values of the right shape";
    }

    private string Spread()
    {
        var notes = new List<string>();
        for (int k = 0; k < Shapes.Length; k++)
        {
            var (fanIn, fanOut) = Shapes[k];
            var w = Draw(k).Data;
            double mean = w.Average();
            double sd = Math.Sqrt(w.Sum(v => (v - mean) * (v - mean)) / w.Length);
            bool xavier = unit.Distribution == Distribution.XavierUniform;
            double bound = Math.Sqrt(6.0 / (fanIn + fanOut));
            double expected = xavier ? bound / Math.Sqrt(3) : Math.Sqrt(2.0 / fanIn);
            string formula = xavier
                ? "Xavier uniform draws from U(−a, a) with a = sqrt(6 / (fanIn + fanOut)), whose standard deviation is a / sqrt(3)"
                : "He normal draws from N(0, σ²) with σ = sqrt(2 / fanIn)";
            string shape = $"({fanIn}, {fanOut})";
            if (Math.Abs(mean) > 0.1 * expected)
                throw new PublicCheckFailure($"for {shape} the mean is {F(mean)}; it should be about 0", $"{formula}: centred on 0");
            if (sd < 0.8 * expected || sd > 1.25 * expected)
                throw new PublicCheckFailure($"for {shape} the standard deviation is {F(sd)}; about {F(expected)} was expected", formula);
            if (xavier && w.Max(Math.Abs) is var largest && largest > bound * (1 + 1e-9))
                throw new PublicCheckFailure($"for {shape} a weight of magnitude {F(largest)} lies outside ±{F(bound)}", formula);
            notes.Add($"{shape}: mean {F(mean)}, sd {F(sd)} (textbook {F(expected)})");
        }
        return string.Join("; ", notes);
    }

    private string Reproducible()
    {
        var (fanIn, fanOut) = Shapes[0];
        var spec = UnitCatalog.Spec(unit.ClassName);
        var again = calls.Call(Requests.Initialize(spec, fanIn, fanOut, seed), "Initialize")[0];
        const string hint = "draw only from the Random passed to Initialize: new Random() or Random.Shared make every run different";
        if (!again.Data.SequenceEqual(Draw(0).Data))
            throw new PublicCheckFailure("two calls with equally seeded Random objects gave different weights", hint);
        var other = calls.Call(Requests.Initialize(spec, fanIn, fanOut, seed + 1000), "Initialize")[0];
        if (other.Data.SequenceEqual(again.Data))
            throw new PublicCheckFailure("Random objects with different seeds gave identical weights", hint);
        return "the same seed gives the same weights, another seed other weights";
    }

    private Protocol.WireTensor Draw(int k)
    {
        if (drawn.TryGetValue(k, out var w)) return w;
        var (fanIn, fanOut) = Shapes[k];
        return drawn[k] = calls.Call(Requests.Initialize(UnitCatalog.Spec(unit.ClassName), fanIn, fanOut, seed + k), "Initialize")[0];
    }

    private static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
