namespace Course.Reference;

/// <summary>
/// The constructor checks PyTorch's optimizers make, with messages that name the hyper-parameter and its range.
/// Written as negated comparisons so that NaN is refused too.
/// </summary>
internal static class HyperParameter
{
    public static void NonNegative(double value, string name)
    {
        if (!(value >= 0)) throw new ArgumentOutOfRangeException(name, $"{name} must be ≥ 0, not {value}.");
    }

    public static void Positive(double value, string name, string why)
    {
        if (!(value > 0)) throw new ArgumentOutOfRangeException(name, $"{name} must be > 0 ({why}), not {value}.");
    }

    /// <summary>0 ≤ value &lt; 1: the decay rate of a moving average that must not stand still.</summary>
    public static void DecayRate(double value, string name)
    {
        if (!(value >= 0 && value < 1)) throw new ArgumentOutOfRangeException(name, $"{name} must be in [0, 1), not {value}.");
    }

    /// <summary>0 ≤ value ≤ 1.</summary>
    public static void Fraction(double value, string name)
    {
        if (!(value >= 0 && value <= 1)) throw new ArgumentOutOfRangeException(name, $"{name} must be in [0, 1], not {value}.");
    }

    /// <summary>The parameters an optimizer is given: none null, none twice (it would be updated twice per step).</summary>
    public static void DistinctParameters<T>(IReadOnlyList<Parameter<T>> parameters) where T : System.Numerics.IFloatingPointIeee754<T>
    {
        var seen = new HashSet<Parameter<T>>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < parameters.Count; i++)
        {
            if (parameters[i] is null) throw new ArgumentException($"Parameter {i} is null.", nameof(parameters));
            if (!seen.Add(parameters[i]))
                throw new ArgumentException($"Parameter {i} ({parameters[i]}) appears twice; it would be updated twice per step.", nameof(parameters));
        }
    }
}
