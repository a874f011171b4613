// @unit softmax
// Bug: no max subtraction, so e^x overflows to infinity for large logits.
public class Softmax<T> : Module<T> where T : IFloatingPointIeee754<T>
{
    private Tensor<T>? output;

    public override Tensor<T> Forward(Tensor<T> input)
    {
        var exps = input.Exp();
        output = exps.MultiplyColumnVector(T.One / exps.Sum(1));
        return output;
    }

    public override Tensor<T> Backward(Tensor<T> gradOutput)
    {
        var y = output!;
        return y * gradOutput.AddColumnVector(-(gradOutput * y).Sum(1));
    }
}
