using Course;
using Course.Reference;

namespace Course.Tests.Reference;

/// <summary>
/// Statistics of 512×512 = 262 144 draws. Tolerances are 5–8 standard errors of each statistic, so a correct
/// initialiser fails with probability below 1e-6, while a wrong scale (e.g. fanOut for fanIn, variance for standard
/// deviation, a different distribution) is off by many tens of standard errors. The fans differ from the tensor's
/// shape so an initialiser that reads the shape instead of its arguments fails.
/// </summary>
public class InitializerTests
{
    private const int FanIn = 300, FanOut = 700, Size = 512;
    private const double Count = Size * Size;

    [Test]
    public void Xavier_uniform_fills_U_of_minus_a_to_a()
    {
        double a = Math.Sqrt(6.0 / (FanIn + FanOut));
        var w = Draw(new XavierUniform<double>(), seed: 1);

        Assert.That(w.Data, Is.All.InRange(-a, a), "bounds");
        Assert.That(w.Data.Max(), Is.GreaterThan(0.999 * a), "the upper bound is reached (not a narrower range)");
        Assert.That(w.Data.Min(), Is.LessThan(-0.999 * a), "the lower bound is reached");
        double variance = a * a / 3;
        Assert.That(Mean(w), Is.EqualTo(0).Within(5 * Math.Sqrt(variance / Count)), "mean");
        // Var(x²) for U(−a, a) is 4a⁴/45.
        Assert.That(Variance(w), Is.EqualTo(variance).Within(6 * Math.Sqrt(4 * Math.Pow(a, 4) / 45 / Count)), "variance");
    }

    [Test]
    public void He_normal_fills_N_of_0_and_2_over_fan_in()
    {
        double variance = 2.0 / FanIn, std = Math.Sqrt(variance);
        var w = Draw(new HeNormal<double>(), seed: 2);

        Assert.That(Mean(w), Is.EqualTo(0).Within(5 * std / Math.Sqrt(Count)), "mean");
        // Var(x²) for a normal is 2σ⁴.
        Assert.That(Variance(w), Is.EqualTo(variance).Within(6 * Math.Sqrt(2 * variance * variance / Count)), "variance");
        // Normal, not some other distribution of the same variance: 68.27 % within one σ (uniform: 57.7 %).
        double withinOneStd = w.Data.Count(v => Math.Abs(v) < std) / Count;
        Assert.That(withinOneStd, Is.EqualTo(0.6827).Within(8 * Math.Sqrt(0.6827 * 0.3173 / Count)), "fraction within 1σ");
        Assert.That(w.Data.Max(), Is.GreaterThan(3.5 * std), "tails");
    }

    [Test]
    public void Same_seed_gives_the_same_values_and_another_seed_other_values()
    {
        foreach (Initializer<double> init in new Initializer<double>[] { new XavierUniform<double>(), new HeNormal<double>() })
        {
            var first = Draw(init, seed: 42);
            var again = Draw(init, seed: 42);
            var other = Draw(init, seed: 43);
            Assert.That(again.Data, Is.EqualTo(first.Data), init.GetType().Name);
            Assert.That(other.Data.Zip(first.Data).Count(p => p.First == p.Second), Is.LessThan(10), init.GetType().Name);
        }
    }

    [Test]
    public void Every_element_is_overwritten_in_float_too()
    {
        foreach (Initializer<float> init in new Initializer<float>[] { new XavierUniform<float>(), new HeNormal<float>() })
        {
            var w = Tensor<float>.Full(float.NaN, 33, 17);
            init.Initialize(w, 33, 17, new Random(0));
            Assert.That(w.Data.All(float.IsFinite), Is.True, init.GetType().Name);
            Assert.That(w.Data.Distinct().Count(), Is.GreaterThan(500), init.GetType().Name);
        }
    }

    private static Tensor<double> Draw(Initializer<double> init, int seed)
    {
        var w = Tensor<double>.Full(double.NaN, Size, Size);
        init.Initialize(w, FanIn, FanOut, new Random(seed));
        return w;
    }

    private static double Mean(Tensor<double> w) => w.Data.Average();

    private static double Variance(Tensor<double> w)
    {
        double mean = Mean(w);
        return w.Data.Sum(v => (v - mean) * (v - mean)) / (w.Length - 1);
    }
}
