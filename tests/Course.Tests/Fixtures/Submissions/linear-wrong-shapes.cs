// @unit linear
// Bug: W is transposed in the forward pass, so the shapes do not fit: the contract throws.
public class Linear<T> : Module<T> where T : IFloatingPointIeee754<T>
{
    private Tensor<T>? input;

    public Linear(int inFeatures, int outFeatures, Random? random = null)
    {
        double bound = 1.0 / Math.Sqrt(inFeatures);
        Weight = new Parameter<T>("weight", Tensor<T>.RandomUniform(random ?? new Random(), -bound, bound, inFeatures, outFeatures));
        Bias = new Parameter<T>("bias", Tensor<T>.Zeros(outFeatures));
    }

    public Parameter<T> Weight { get; }

    public Parameter<T> Bias { get; }

    public override Tensor<T> Forward(Tensor<T> input)
    {
        this.input = input;
        return input.MatMul(Weight.Value.Transpose()).AddRowVector(Bias.Value);
    }

    public override Tensor<T> Backward(Tensor<T> gradOutput)
    {
        Weight.Grad.AddInPlace(input!.Transpose().MatMul(gradOutput));
        return gradOutput.MatMul(Weight.Value.Transpose());
    }

    public override IEnumerable<Parameter<T>> Parameters() => [Weight, Bias];
}
