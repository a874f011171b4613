using System.Numerics;
using System.Numerics.Tensors;

namespace Course.Reference;

/// <summary>Mean over all elements of (x − y)².</summary>
public sealed class MSELoss<T> : Loss<T> where T : IFloatingPointIeee754<T>
{
    private readonly SavedTensor<T> difference = new();

    public override T Forward(Tensor<T> input, Tensor<T> target)
    {
        Require.SameShape(nameof(MSELoss<T>), target, input, nameof(target), nameof(input));
        var d = difference.Storage(input.Shape);
        TensorPrimitives.Subtract(input.Data, target.Data, d.Data);
        return TensorPrimitives.SumOfSquares<T>(d.Data) / T.CreateChecked(d.Length);
    }

    /// <summary>2 (x − y) / N.</summary>
    public override Tensor<T> Backward()
    {
        var d = difference.Get(nameof(MSELoss<T>));
        var gradInput = new Tensor<T>(d.Shape);
        TensorPrimitives.Multiply(d.Data, T.CreateChecked(2) / T.CreateChecked(d.Length), gradInput.Data);
        return gradInput;
    }
}
