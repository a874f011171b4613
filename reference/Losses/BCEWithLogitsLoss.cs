using System.Numerics;
using System.Numerics.Tensors;
using Course.Reference.Kernels;

namespace Course.Reference;

/// <summary>
/// <see cref="BCELoss{T}"/> of sigmoid(x), computed from the logits x directly so it is finite for any logit
/// (see <see cref="LogisticLossOperator{T}"/>). Mean over all elements.
/// </summary>
public sealed class BCEWithLogitsLoss<T> : Loss<T> where T : IFloatingPointIeee754<T>
{
    private readonly SavedTensor<T> logits = new(), targets = new(), losses = new();

    public override T Forward(Tensor<T> input, Tensor<T> target)
    {
        Require.SameShape(nameof(BCEWithLogitsLoss<T>), target, input, nameof(target), nameof(input));
        var x = logits.Copy(input);
        var y = targets.Copy(target);
        var perElement = losses.Storage(input.Shape);
        Elementwise.Map(x.Data, y.Data, perElement.Data, new LogisticLossOperator<T>());
        return TensorPrimitives.Sum<T>(perElement.Data) / T.CreateChecked(x.Length);
    }

    /// <summary>(sigmoid(x) − y) / N.</summary>
    public override Tensor<T> Backward()
    {
        var x = logits.Get(nameof(BCEWithLogitsLoss<T>));
        var y = targets.Get(nameof(BCEWithLogitsLoss<T>));
        var gradInput = new Tensor<T>(x.Shape);
        Elementwise.Map(x.Data, y.Data, gradInput.Data,
            new LogisticLossGradientOperator<T>(T.One / T.CreateChecked(x.Length)));
        return gradInput;
    }
}
