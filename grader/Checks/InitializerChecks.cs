using System.Globalization;
using Course.Grader.Units;

namespace Course.Grader.Checks;

/// <summary>
/// An initialiser is checked by what it draws: the moments and the support of its samples against the documented
/// distribution, with tolerances of six standard errors (a correct initialiser fails with probability ~1e-9), and
/// reproducibility from the given <see cref="Random"/>.
/// </summary>
public static class InitializerChecks
{
    private static readonly (int FanIn, int FanOut)[] Shapes = [(300, 200), (64, 500)];

    public static string Distribution(Calls calls, InitializerUnit unit, int seed)
    {
        var spec = UnitCatalog.Spec(unit.ClassName);
        var notes = new List<string>();
        for (int k = 0; k < Shapes.Length; k++)
        {
            var (fanIn, fanOut) = Shapes[k];
            var w = calls.Student(Checks.Requests.Initialize(spec, fanIn, fanOut, seed + k), "Initialize")[0];
            if (!w.Shape.SequenceEqual(new[] { fanIn, fanOut }))
                throw new CheckFailure($"Initialize must fill the tensor it is given, of shape ({fanIn}, {fanOut})");
            var again = calls.Student(Checks.Requests.Initialize(spec, fanIn, fanOut, seed + k), "Initialize")[0];
            if (!again.Data.SequenceEqual(w.Data))
                throw new CheckFailure("two calls with equally seeded Random objects gave different weights: draw only from the Random passed in");
            var other = calls.Student(Checks.Requests.Initialize(spec, fanIn, fanOut, seed + k + 1000), "Initialize")[0];
            if (other.Data.SequenceEqual(w.Data))
                throw new CheckFailure("different seeds gave identical weights: draw from the Random passed in");
            notes.Add(Moments(w.Data, unit.Distribution, fanIn, fanOut));
        }
        return string.Join("; ", notes);
    }

    private static string Moments(double[] w, Distribution distribution, int fanIn, int fanOut)
    {
        int n = w.Length;
        if (w.Any(v => !double.IsFinite(v))) throw new CheckFailure("the weights contain NaN or infinity");
        double mean = w.Average();
        double variance = w.Sum(v => (v - mean) * (v - mean)) / n;
        double kurtosis = w.Sum(v => Math.Pow(v - mean, 4)) / n / (variance * variance);
        string shape = $"({fanIn}, {fanOut})";

        double expectedVariance, expectedKurtosis;
        string name;
        if (distribution == Units.Distribution.XavierUniform)
        {
            double a = Math.Sqrt(6.0 / (fanIn + fanOut));
            expectedVariance = a * a / 3;
            expectedKurtosis = 1.8;
            name = $"U(−{F(a)}, {F(a)})";
            double max = w.Max(Math.Abs);
            if (max > a * (1 + 1e-9)) throw new CheckFailure($"for {shape} a weight of magnitude {F(max)} lies outside {name}");
            if (max < 0.95 * a) throw new CheckFailure($"for {shape} the weights only reach ±{F(max)}; {name} should reach close to ±{F(a)}");
        }
        else
        {
            expectedVariance = 2.0 / fanIn;
            expectedKurtosis = 3;
            name = $"N(0, {F(expectedVariance)})";
        }
        double sd = Math.Sqrt(expectedVariance);
        if (Math.Abs(mean) > 6 * sd / Math.Sqrt(n))
            throw new CheckFailure($"for {shape} the mean is {F(mean)}; {name} has mean 0");
        // Standard error of the sample variance: sqrt((μ4 − σ⁴)/n) = σ²·sqrt((κ − 1)/n).
        double varianceError = expectedVariance * Math.Sqrt((expectedKurtosis - 1) / n);
        if (Math.Abs(variance - expectedVariance) > 6 * varianceError)
            throw new CheckFailure($"for {shape} the variance is {F(variance)}; {name} has variance {F(expectedVariance)} " +
                                   (distribution == Units.Distribution.XavierUniform ? "= 2 / (fanIn + fanOut)" : "= 2 / fanIn"));
        if (Math.Abs(kurtosis - expectedKurtosis) > 6 * Math.Sqrt(24.0 / n) + 0.05)
            throw new CheckFailure($"for {shape} the weights do not look {(expectedKurtosis == 3 ? "normally" : "uniformly")} distributed " +
                                   $"(kurtosis {kurtosis:0.00}, expected {expectedKurtosis:0.0})");
        return $"{shape}: variance {F(variance)} (expected {F(expectedVariance)})";
    }

    private static string F(double v) => v.ToString("G4", CultureInfo.InvariantCulture);
}
