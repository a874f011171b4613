using System.Numerics;
using Course.Reference.Kernels;

namespace Course.Reference;

/// <summary>
/// a − log Σ e^a along <c>axis</c>, as <c>torch.log_softmax(x, dim)</c>: max-shifted, so finite for logits of any
/// size. dL/da = dL/dy − softmax ⊙ Σ dL/dy along the axis, with the softmax read back from the output.
/// </summary>
/// <remarks>The row kernels work on the last axis; another axis is swapped to the end and back.</remarks>
public sealed class LogSoftmaxOp<T>(int axis = -1) : Function<T> where T : IFloatingPointIeee754<T>
{
    private Tensor<T>? output;
    private int lastAxis;

    public override Tensor<T> Forward(params Tensor<T>[] inputs)
    {
        ExpectInputs(inputs, 1);
        ArgumentNullException.ThrowIfNull(inputs[0], "inputs[0]");
        var x = inputs[0];
        if (axis < -x.Rank || axis >= x.Rank)
            throw new ArgumentException($"{Name}: axis {axis} does not exist in a tensor of shape {x.ShapeString}.");
        lastAxis = x.Rank - 1;
        int a = axis < 0 ? axis + x.Rank : axis;
        var rows = a == lastAxis ? x : x.SwapAxes(a, lastAxis);
        int columns = rows.Dim(-1);
        var y = new Tensor<T>(rows.Shape);
        if (y.Length > 0) RowSoftmax.LogForward<T>(rows.Data, y.Data, columns, new T[columns]);
        output = a == lastAxis ? y : y.SwapAxes(a, lastAxis);
        return output;
    }

    public override Tensor<T>[] Backward(Tensor<T> gradOutput)
    {
        var y = output ?? throw new InvalidOperationException($"{Name}: Backward was called before Forward.");
        Require.GradientShape(Name, gradOutput, y.Shape);
        int a = axis < 0 ? axis + y.Rank : axis;
        bool swapped = a != lastAxis;
        var yRows = swapped ? y.SwapAxes(a, lastAxis) : y;
        var dyRows = swapped ? gradOutput.SwapAxes(a, lastAxis) : gradOutput;
        var dx = new Tensor<T>(yRows.Shape);
        if (dx.Length > 0) RowSoftmax.LogBackward<T>(yRows.Data, dyRows.Data, dx.Data, yRows.Dim(-1));
        return [swapped ? dx.SwapAxes(a, lastAxis) : dx];
    }
}
