using Course;
using Course.Reference;

namespace Course.Tests.Reference.Autodiff;

/// <summary>Wrong input counts and shapes are refused with an ArgumentException naming the operation and the
/// shapes; Backward before Forward is an InvalidOperationException.</summary>
public class ArgumentErrorTests
{
    private static Tensor<double> Zeros(params int[] shape) => new(shape);

    private static IEnumerable<TestCaseData> WrongCalls()
    {
        yield return Case("add: shapes that do not broadcast", "Add", () => new AddOp<double>().Forward(Zeros(3, 4), Zeros(5)), "(3, 4)");
        yield return Case("mul: one input", "Mul", () => new MulOp<double>().Forward(Zeros(3)), "2 input");
        yield return Case("div: three inputs", "Div", () => new DivOp<double>().Forward(Zeros(3), Zeros(3), Zeros(3)), "2 input");
        yield return Case("exp: two inputs", "Exp", () => new ExpOp<double>().Forward(Zeros(3), Zeros(3)), "1 input");
        yield return Case("matmul: inner extents differ", "MatMul", () => new MatMulOp<double>().Forward(Zeros(2, 3), Zeros(4, 5)), "(2, 3)");
        yield return Case("matmul: not matrices", "MatMul", () => new MatMulOp<double>().Forward(Zeros(3), Zeros(3, 1)), "(3)");
        yield return Case("sum: axis out of range", "Sum", () => new SumOp<double>([2]).Forward(Zeros(2, 3)), "axis 2");
        yield return Case("mean: axis listed twice", "Mean", () => new MeanOp<double>([0, -2]).Forward(Zeros(2, 3)), "twice");
        yield return Case("reshape: wrong size", "Reshape", () => new ReshapeOp<double>([4, 2]).Forward(Zeros(2, 3)), "(2, 3)");
        yield return Case("reshape: two -1", "Reshape", () => new ReshapeOp<double>([-1, -1]).Forward(Zeros(2, 3)), "-1");
        yield return Case("broadcast: incompatible", "BroadcastTo", () => new BroadcastToOp<double>([2, 4]).Forward(Zeros(3)), "(3)");
        yield return Case("transpose: axis out of range", "Transpose", () => new TransposeOp<double>(0, 3).Forward(Zeros(2, 3)), "axis 3");
        yield return Case("log_softmax: axis out of range", "LogSoftmax", () => new LogSoftmaxOp<double>(2).Forward(Zeros(2, 3)), "axis 2");
        yield return Case("add: gradient of the wrong shape", "Add", () =>
        {
            var op = new AddOp<double>();
            op.Forward(Zeros(3, 4), Zeros(4));
            op.Backward(Zeros(4));
        }, "(4)");
        yield return Case("tanh: gradient of the wrong shape", "Tanh", () =>
        {
            var op = new TanhOp<double>();
            op.Forward(Zeros(3));
            op.Backward(Zeros(3, 1));
        }, "(3, 1)");
    }

    private static TestCaseData Case(string name, string operation, TestDelegate call, string mentions) =>
        new TestCaseData(operation, call, mentions).SetArgDisplayNames(name);

    [TestCaseSource(nameof(WrongCalls))]
    public void Wrong_inputs_throw_an_argument_exception_naming_the_operation(string operation, TestDelegate call, string mentions)
    {
        var error = Assert.Throws(Is.InstanceOf<ArgumentException>(), call)!;
        Assert.That(error.Message, Does.Contain(operation).And.Contain(mentions));
    }

    [Test]
    public void Backward_before_forward_is_an_invalid_operation()
    {
        Function<double>[] functions =
        [
            new AddOp<double>(), new NegOp<double>(), new MatMulOp<double>(), new SumOp<double>(), new MeanOp<double>(),
            new BroadcastToOp<double>([2]), new ReshapeOp<double>([2]), new TransposeOp<double>(), new LogSoftmaxOp<double>(),
        ];
        foreach (var function in functions)
            Assert.Throws<InvalidOperationException>(() => function.Backward(Zeros(2)), function.Name);
    }
}
