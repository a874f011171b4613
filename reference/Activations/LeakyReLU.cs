using System.Numerics;
using Course.Reference.Kernels;

namespace Course.Reference;

/// <summary>x if x &gt; 0, else negativeSlope·x, element-wise.</summary>
public sealed class LeakyReLU<T> : Module<T> where T : IFloatingPointIeee754<T>
{
    // The input, not the output, is saved: with a negative slope the output's sign no longer tells the branch.
    private readonly SavedTensor<T> input = new();
    private readonly T slope;

    public LeakyReLU(double negativeSlope = 0.01)
    {
        NegativeSlope = negativeSlope;
        slope = T.CreateChecked(negativeSlope);
    }

    public double NegativeSlope { get; }

    public override Tensor<T> Forward(Tensor<T> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var x = this.input.Copy(input);
        var y = new Tensor<T>(x.Shape);
        Elementwise.Map(x.Data, y.Data, new LeakyReluOperator<T>(slope));
        return y;
    }

    public override Tensor<T> Backward(Tensor<T> gradOutput)
    {
        var x = input.Get(nameof(LeakyReLU<T>));
        Require.GradientShape(nameof(LeakyReLU<T>), gradOutput, x.Shape);
        var gradInput = new Tensor<T>(x.Shape);
        Elementwise.Map(x.Data, gradOutput.Data, gradInput.Data, new LeakyReluGradientOperator<T>(slope));
        return gradInput;
    }
}
