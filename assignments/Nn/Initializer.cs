namespace Course;

/// <summary>Fills a weight tensor with random values whose scale depends on the layer's fan-in and fan-out.</summary>
public abstract class Initializer<T> where T : IFloatingPointIeee754<T>
{
    /// <summary>Overwrites every element of <paramref name="weight"/>, drawing only from <paramref name="random"/>.</summary>
    public abstract void Initialize(Tensor<T> weight, int fanIn, int fanOut, Random random);
}
