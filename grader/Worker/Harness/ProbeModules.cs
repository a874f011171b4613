using Course;

namespace Course.Worker.Harness;

// Plain, known-correct modules the grader puts inside a student's container (Sequential) so that the container is
// graded in isolation: a bug in the student's own Linear or Tanh cannot cost Sequential's points. They are trivial
// and public knowledge, not the hidden reference.

/// <summary>Y = X·W + b, parameters weight (in, out) and bias (out).</summary>
public sealed class ProbeAffine<T> : Module<T> where T : IFloatingPointIeee754<T>
{
    private readonly Parameter<T> weight, bias;
    private Tensor<T>? input;

    public ProbeAffine(int inFeatures, int outFeatures)
    {
        weight = new Parameter<T>("weight", new Tensor<T>(inFeatures, outFeatures));
        bias = new Parameter<T>("bias", new Tensor<T>(outFeatures));
    }

    public override Tensor<T> Forward(Tensor<T> x)
    {
        input = x.Clone();
        return x.MatMul(weight.Value).AddRowVector(bias.Value);
    }

    public override Tensor<T> Backward(Tensor<T> dy)
    {
        var x = input ?? throw new InvalidOperationException("Backward before Forward");
        weight.Grad.AddInPlace(x.Transpose().MatMul(dy));
        bias.Grad.AddInPlace(dy.Sum(0));
        return dy.MatMul(weight.Value.Transpose());
    }

    public override IEnumerable<Parameter<T>> Parameters() => [weight, bias];
}

/// <summary>Y = tanh X. Records the mode it was last set to, so a container's SetTraining can be observed.</summary>
public sealed class ProbeTanh<T> : Module<T> where T : IFloatingPointIeee754<T>
{
    private Tensor<T>? output;

    public override Tensor<T> Forward(Tensor<T> x)
    {
        // In evaluation mode the probe scales its output by one half: a container that does not pass the mode on
        // to its layers then computes a visibly different forward pass.
        var y = x.Tanh();
        if (!IsTraining) y.ScaleInPlace(T.CreateChecked(0.5));
        output = y.Clone();
        return y;
    }

    public override Tensor<T> Backward(Tensor<T> dy)
    {
        var y = output ?? throw new InvalidOperationException("Backward before Forward");
        if (!IsTraining) throw new InvalidOperationException("the probe is not meant to be differentiated in evaluation mode");
        return dy * (T.One - y.Square());
    }
}
