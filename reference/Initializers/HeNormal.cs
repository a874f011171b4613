using System.Numerics;

namespace Course.Reference;

/// <summary>Kaiming/He normal: N(0, 2 / fanIn), which keeps the activation variance through ReLU layers.</summary>
public sealed class HeNormal<T> : Initializer<T> where T : IFloatingPointIeee754<T>
{
    public override void Initialize(Tensor<T> weight, int fanIn, int fanOut, Random random)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(fanIn);
        weight.CopyFrom(Tensor<T>.RandomNormal(random, 0, Math.Sqrt(2.0 / fanIn), weight.Shape));
    }
}
