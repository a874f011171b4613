using System.Numerics;
using System.Runtime.CompilerServices;
using Course.Kernels;

namespace Course.Reference;

/// <summary>
/// (n, k) · (k, m) → (n, m). dL/dA = dL/dY · Bᵀ and dL/dB = Aᵀ · dL/dY, both through the packed GEMM reading the
/// transposed operand in its packing routine, so no transpose is materialised.
/// </summary>
public sealed class MatMulOp<T> : Function<T> where T : IFloatingPointIeee754<T>
{
    private Tensor<T>? a, b;

    public override Tensor<T> Forward(params Tensor<T>[] inputs)
    {
        ExpectInputs(inputs, 2);
        ArgumentNullException.ThrowIfNull(inputs[0], "inputs[0]");
        ArgumentNullException.ThrowIfNull(inputs[1], "inputs[1]");
        Tensor<T> left = inputs[0], right = inputs[1];
        if (left.Rank != 2 || right.Rank != 2 || left.Dim(1) != right.Dim(0))
            throw new ArgumentException(
                $"{Name}: shapes {left.ShapeString} and {right.ShapeString} do not match; (n, k) · (k, m) needs two " +
                "matrices whose inner extents are equal.");
        a = left;
        b = right;
        return left.MatMul(right);
    }

    public override Tensor<T>[] Backward(Tensor<T> gradOutput)
    {
        if (a is null || b is null) throw new InvalidOperationException($"{Name}: Backward was called before Forward.");
        int n = a.Dim(0), k = a.Dim(1), m = b.Dim(1);
        Require.GradientShape(Name, gradOutput, [n, m]);
        var gradA = new Tensor<T>(n, k);
        var gradB = new Tensor<T>(k, m);
        Multiply(Transpose.No, Transpose.Yes, n, k, m, gradOutput.Data, b.Data, gradA.Data);
        Multiply(Transpose.Yes, Transpose.No, k, m, n, a.Data, gradOutput.Data, gradB.Data);
        return [gradA, gradB];
    }

    /// <summary>C = op(A)·op(B) for the element types the GEMM has kernels for; the contract's T is not known to be
    /// unmanaged, so float and double are dispatched by hand (the JIT removes the dead branches).</summary>
    private static void Multiply(Transpose ta, Transpose tb, int rows, int columns, int depth, T[] left, T[] right, T[] result)
    {
        if (typeof(T) == typeof(float))
            Gemm.Multiply(ta, tb, rows, columns, depth,
                Unsafe.As<float[]>(left), Unsafe.As<float[]>(right), Unsafe.As<float[]>(result).AsSpan());
        else if (typeof(T) == typeof(double))
            Gemm.Multiply(ta, tb, rows, columns, depth,
                Unsafe.As<double[]>(left), Unsafe.As<double[]>(right), Unsafe.As<double[]>(result).AsSpan());
        else
        {
            var l = new Tensor<T>(left, ta == Transpose.No ? [rows, depth] : [depth, rows]);
            var r = new Tensor<T>(right, tb == Transpose.No ? [depth, columns] : [columns, depth]);
            (ta == Transpose.No ? l : l.Transpose()).MatMul(tb == Transpose.No ? r : r.Transpose()).Data.CopyTo(result, 0);
        }
    }
}
