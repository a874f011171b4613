using System.Numerics;

namespace Course.Reference;

/// <summary>Glorot/Xavier uniform: U(−a, a) with a = √(6 / (fanIn + fanOut)), which keeps the activation variance.</summary>
public sealed class XavierUniform<T> : Initializer<T> where T : IFloatingPointIeee754<T>
{
    public override void Initialize(Tensor<T> weight, int fanIn, int fanOut, Random random)
    {
        ArgumentNullException.ThrowIfNull(weight);
        ArgumentNullException.ThrowIfNull(random);
        if (fanIn < 0 || fanOut < 0 || fanIn + fanOut == 0)
            throw new ArgumentException($"XavierUniform needs non-negative fans, not both zero: fanIn = {fanIn}, fanOut = {fanOut}.");
        double bound = Math.Sqrt(6.0 / (fanIn + fanOut));
        weight.CopyFrom(Tensor<T>.RandomUniform(random, -bound, bound, weight.Shape));
    }
}
