// @unit linear
// Bug: a typo the compiler catches (line 28 of this cell).
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
        return input.MatMul(Weight.Value).AddRowVector(Bias.Value);
    }

    public override Tensor<T> Backward(Tensor<T> gradOutput)
    {
        Weight.Grad.AddInPlace(input!.Transpose().MatMul(gradOutput));
        Bias.Grad.AddInPlace(gradOutput.Sum(0));
        return gradOutput.MatMul(Weight.Value.Transpos());
    }

    public override IEnumerable<Parameter<T>> Parameters() => [Weight, Bias];
}
