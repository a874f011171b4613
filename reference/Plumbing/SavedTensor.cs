using System.Numerics;

namespace Course.Reference;

/// <summary>
/// A tensor a layer or loss keeps from its forward pass for its backward pass, in storage it owns.
/// </summary>
/// <remarks>
/// Copying into owned storage rather than keeping the caller's reference means a caller that reuses or changes its
/// input buffer after Forward (a data loader, a gradient checker) cannot corrupt Backward. The storage is reused
/// while the shape stays the same, so a training loop allocates it once.
/// </remarks>
internal sealed class SavedTensor<T> where T : IFloatingPointIeee754<T>
{
    private Tensor<T>? tensor;

    /// <summary>Saves a copy of <paramref name="source"/> and returns the saved copy.</summary>
    public Tensor<T> Copy(Tensor<T> source)
    {
        var saved = Storage(source.Shape);
        source.AsSpan().CopyTo(saved.Data);
        return saved;
    }

    /// <summary>Storage of the given shape for a kernel to write the value to save into; contents unspecified.</summary>
    public Tensor<T> Storage(int[] shape)
    {
        if (tensor is null || !tensor.Shape.AsSpan().SequenceEqual(shape)) tensor = new Tensor<T>(shape);
        return tensor;
    }

    /// <summary>The saved tensor; throws if the forward pass has not run.</summary>
    public Tensor<T> Get(string owner) =>
        tensor ?? throw new InvalidOperationException($"{owner}: Backward was called before Forward.");
}
