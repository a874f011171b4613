using System.Numerics;
using Course.Reference.Kernels;
using Course.Kernels;

namespace Course.Reference;

/// <summary>Y = X·W + b with W of shape (in, out) and b of shape (out); rows of X are samples.</summary>
/// <remarks>
/// All three products go through the packed GEMM without materialising a transpose: the forward pass with the
/// bias fused into the first rank-k update, dX = dY·Wᵀ, and dW += Xᵀ·dY accumulated straight into the gradient.
/// Weight and bias start as PyTorch's <c>nn.Linear</c> does, U(−1/√in, 1/√in), weight drawn first.
/// </remarks>
public sealed class Linear<T> : Module<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly SavedTensor<T> input = new();

    public Linear(int inFeatures, int outFeatures, Random? random = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inFeatures);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outFeatures);
        random ??= Random.Shared;
        InFeatures = inFeatures;
        OutFeatures = outFeatures;
        double bound = 1 / Math.Sqrt(inFeatures);
        Weight = new Parameter<T>("weight", Tensor<T>.RandomUniform(random, -bound, bound, inFeatures, outFeatures));
        Bias = new Parameter<T>("bias", Tensor<T>.RandomUniform(random, -bound, bound, outFeatures));
    }

    public int InFeatures { get; }

    public int OutFeatures { get; }

    /// <summary>W, shape (in, out).</summary>
    public Parameter<T> Weight { get; }

    /// <summary>b, shape (out).</summary>
    public Parameter<T> Bias { get; }

    public override Tensor<T> Forward(Tensor<T> input)
    {
        Require.Matrix(nameof(Linear<T>), input, InFeatures, "in features");
        int batch = input.Rows;
        var output = Fresh.Tensor<T>(batch, OutFeatures);
        Gemm.Multiply(Transpose.No, Transpose.No, batch, OutFeatures, InFeatures,
            input.Data, Weight.Value.Data, output.Data, accumulate: false, bias: Bias.Value.Data);
        this.input.Copy(input);
        return output;
    }

    public override Tensor<T> Backward(Tensor<T> gradOutput)
    {
        var x = input.Get(nameof(Linear<T>));
        int batch = x.Rows;
        Require.GradientShape(nameof(Linear<T>), gradOutput, [batch, OutFeatures]);

        var gradInput = Fresh.Tensor<T>(batch, InFeatures);
        Gemm.Multiply(Transpose.No, Transpose.Yes, batch, InFeatures, OutFeatures,
            gradOutput.Data, Weight.Value.Data, gradInput.Data);
        AccumulateParameterGradients(x, gradOutput);
        return gradInput;
    }

    /// <summary>
    /// Backward without dX: only dW += Xᵀ·dY and db += Σ dY, for a first layer whose input (the data) needs no
    /// gradient, the case PyTorch's autograd prunes. A third of the layer's backward work is dX.
    /// </summary>
    public void BackwardParametersOnly(Tensor<T> gradOutput)
    {
        var x = input.Get(nameof(Linear<T>));
        Require.GradientShape(nameof(Linear<T>), gradOutput, [x.Rows, OutFeatures]);
        AccumulateParameterGradients(x, gradOutput);
    }

    private void AccumulateParameterGradients(Tensor<T> x, Tensor<T> gradOutput)
    {
        Gemm.Multiply(Transpose.Yes, Transpose.No, InFeatures, OutFeatures, x.Rows,
            x.Data, gradOutput.Data, Weight.Grad.Data, accumulate: true);
        ColumnSums.Accumulate<T>(gradOutput.Data, OutFeatures, Bias.Grad.Data);
    }

    public override IEnumerable<Parameter<T>> Parameters() => [Weight, Bias];
}
