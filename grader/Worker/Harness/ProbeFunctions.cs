using Course;
using Course.Grader.Protocol;

namespace Course.Worker.Harness;

// Plain, known-correct operations the grader builds graphs from when it checks a student's engine, so that the
// engine is graded in isolation: a bug in the student's own AddOp or TanhOp cannot cost engine points. Same shapes
// only, no broadcasting; trivial and public knowledge, not the hidden reference. Both workers (student and
// reference) build the same graphs from these, so the engine is all that differs between them.

internal static class ProbeFunctions
{
    public static Function<T> Create<T>(GraphNode node) where T : IFloatingPointIeee754<T> => node.Op switch
    {
        GraphOp.Add => new ProbeAddFunction<T>(),
        GraphOp.Mul => new ProbeMulFunction<T>(),
        GraphOp.Tanh => new ProbeTanhFunction<T>(),
        GraphOp.Exp => new ProbeExpFunction<T>(),
        GraphOp.Scale => new ProbeScaleFunction<T>(T.CreateChecked(node.Arg)),
        GraphOp.MatMul => new ProbeMatMulFunction<T>(),
        GraphOp.SumAll => new ProbeSumAllFunction<T>(),
        _ => throw new ProtocolException($"no probe function for {node.Op}"),
    };
}

internal sealed class ProbeAddFunction<T> : Function<T> where T : IFloatingPointIeee754<T>
{
    public override Tensor<T> Forward(params Tensor<T>[] inputs) => inputs[0] + inputs[1];

    public override Tensor<T>[] Backward(Tensor<T> gradOutput) => [gradOutput.Clone(), gradOutput.Clone()];
}

internal sealed class ProbeMulFunction<T> : Function<T> where T : IFloatingPointIeee754<T>
{
    private Tensor<T>? a, b;

    public override Tensor<T> Forward(params Tensor<T>[] inputs)
    {
        (a, b) = (inputs[0], inputs[1]);
        return a * b;
    }

    public override Tensor<T>[] Backward(Tensor<T> gradOutput) => [gradOutput * b!, gradOutput * a!];
}

internal sealed class ProbeTanhFunction<T> : Function<T> where T : IFloatingPointIeee754<T>
{
    private Tensor<T>? y;

    public override Tensor<T> Forward(params Tensor<T>[] inputs) => y = inputs[0].Tanh();

    public override Tensor<T>[] Backward(Tensor<T> gradOutput) => [gradOutput * (T.One - y!.Square())];
}

internal sealed class ProbeExpFunction<T> : Function<T> where T : IFloatingPointIeee754<T>
{
    private Tensor<T>? y;

    public override Tensor<T> Forward(params Tensor<T>[] inputs) => y = inputs[0].Exp();

    public override Tensor<T>[] Backward(Tensor<T> gradOutput) => [gradOutput * y!];
}

internal sealed class ProbeScaleFunction<T>(T factor) : Function<T> where T : IFloatingPointIeee754<T>
{
    public override Tensor<T> Forward(params Tensor<T>[] inputs) => inputs[0] * factor;

    public override Tensor<T>[] Backward(Tensor<T> gradOutput) => [gradOutput * factor];
}

internal sealed class ProbeMatMulFunction<T> : Function<T> where T : IFloatingPointIeee754<T>
{
    private Tensor<T>? a, b;

    public override Tensor<T> Forward(params Tensor<T>[] inputs)
    {
        (a, b) = (inputs[0], inputs[1]);
        return a.MatMul(b);
    }

    public override Tensor<T>[] Backward(Tensor<T> gradOutput) => [gradOutput.MatMul(b!.Transpose()), a!.Transpose().MatMul(gradOutput)];
}

internal sealed class ProbeSumAllFunction<T> : Function<T> where T : IFloatingPointIeee754<T>
{
    private int[]? shape;

    public override Tensor<T> Forward(params Tensor<T>[] inputs)
    {
        shape = inputs[0].Shape;
        return Tensor<T>.Full(inputs[0].Sum());
    }

    public override Tensor<T>[] Backward(Tensor<T> gradOutput) => [Tensor<T>.Full(gradOutput.Data[0], shape!)];
}
