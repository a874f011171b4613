using System.Globalization;

namespace Course.Grader.Checks.Public;

/// <summary>Numbers in messages, the same in every culture ("Infinity" and "∞" depend on it otherwise).</summary>
public static class NumberText
{
    public static string Of(double v) => v switch
    {
        double.NaN => "NaN",
        double.PositiveInfinity => "+infinity",
        double.NegativeInfinity => "−infinity",
        _ => v.ToString("G6", CultureInfo.InvariantCulture),
    };
}
