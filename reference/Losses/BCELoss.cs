using System.Numerics;
using System.Numerics.Tensors;
using Course.Reference.Kernels;

namespace Course.Reference;

/// <summary>
/// Mean over all elements of −[y·log p + (1 − y)·log(1 − p)] for probabilities p in (0, 1), with PyTorch's clamp
/// of each log at −100 (see <see cref="BinaryCrossEntropyOperator{T}"/>).
/// </summary>
public sealed class BCELoss<T> : Loss<T> where T : IFloatingPointIeee754<T>
{
    private readonly SavedTensor<T> probabilities = new(), targets = new(), losses = new();

    public override T Forward(Tensor<T> input, Tensor<T> target)
    {
        Require.SameShape(nameof(BCELoss<T>), target, input, nameof(target), nameof(input));
        var p = probabilities.Copy(input);
        var y = targets.Copy(target);
        var perElement = losses.Storage(input.Shape);
        Elementwise.Map(p.Data, y.Data, perElement.Data, new BinaryCrossEntropyOperator<T>());
        return TensorPrimitives.Sum<T>(perElement.Data) / T.CreateChecked(p.Length);
    }

    /// <summary>(p − y) / (p(1 − p) N).</summary>
    public override Tensor<T> Backward()
    {
        var p = probabilities.Get(nameof(BCELoss<T>));
        var y = targets.Get(nameof(BCELoss<T>));
        var gradInput = new Tensor<T>(p.Shape);
        Elementwise.Map(p.Data, y.Data, gradInput.Data,
            new BinaryCrossEntropyGradientOperator<T>(T.One / T.CreateChecked(p.Length)));
        return gradInput;
    }
}
