using System.Numerics;
using Course.Reference.Kernels;

namespace Course.Reference;

/// <summary>x if x &gt; 0, else alpha·(eˣ − 1), element-wise.</summary>
public sealed class ELU<T> : Module<T> where T : IFloatingPointIeee754<T>
{
    // The input is saved: the derivative alpha·eˣ could be read off the output as y + alpha, but only for alpha > 0.
    private readonly SavedTensor<T> input = new();
    private readonly T alpha;

    public ELU(double alpha = 1.0)
    {
        Alpha = alpha;
        this.alpha = T.CreateChecked(alpha);
    }

    public double Alpha { get; }

    public override Tensor<T> Forward(Tensor<T> input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var x = this.input.Copy(input);
        var y = new Tensor<T>(x.Shape);
        Elementwise.Map(x.Data, y.Data, new EluOperator<T>(alpha));
        return y;
    }

    public override Tensor<T> Backward(Tensor<T> gradOutput)
    {
        var x = input.Get(nameof(ELU<T>));
        Require.GradientShape(nameof(ELU<T>), gradOutput, x.Shape);
        var gradInput = new Tensor<T>(x.Shape);
        Elementwise.Map(x.Data, gradOutput.Data, gradInput.Data, new EluGradientOperator<T>(alpha));
        return gradInput;
    }
}
