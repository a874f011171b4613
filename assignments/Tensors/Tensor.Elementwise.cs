using Course.Kernels;
using System.Numerics.Tensors;

namespace Course;

// Element-wise arithmetic and math. Every loop here is a TensorPrimitives call, so it is vectorized for float and
// double alike. Binary operations take either equal shapes or, for the bias of a layer, a 2-D left operand and a
// 1-D right operand as long as a row ("row broadcasting").
public sealed partial class Tensor<T>
{
    public static Tensor<T> operator +(Tensor<T> a, Tensor<T> b) => Binary(a, b, "+", static (x, y, d) => TensorPrimitives.Add(x, y, d));
    public static Tensor<T> operator -(Tensor<T> a, Tensor<T> b) => Binary(a, b, "-", static (x, y, d) => TensorPrimitives.Subtract(x, y, d));
    public static Tensor<T> operator *(Tensor<T> a, Tensor<T> b) => Binary(a, b, "*", static (x, y, d) => TensorPrimitives.Multiply(x, y, d));
    public static Tensor<T> operator /(Tensor<T> a, Tensor<T> b) => Binary(a, b, "/", static (x, y, d) => TensorPrimitives.Divide(x, y, d));

    public static Tensor<T> operator +(Tensor<T> a, T s) => a.Map((x, d) => TensorPrimitives.Add(x, s, d));
    public static Tensor<T> operator -(Tensor<T> a, T s) => a.Map((x, d) => TensorPrimitives.Subtract(x, s, d));
    public static Tensor<T> operator *(Tensor<T> a, T s) => a.Map((x, d) => TensorPrimitives.Multiply(x, s, d));
    public static Tensor<T> operator /(Tensor<T> a, T s) => a.Map((x, d) => TensorPrimitives.Divide(x, s, d));
    public static Tensor<T> operator +(T s, Tensor<T> a) => a + s;
    public static Tensor<T> operator *(T s, Tensor<T> a) => a * s;
    public static Tensor<T> operator -(T s, Tensor<T> a) => a.Map((x, d) => TensorPrimitives.Subtract(s, x, d));
    public static Tensor<T> operator /(T s, Tensor<T> a) => a.Map((x, d) => TensorPrimitives.Divide(s, x, d));
    public static Tensor<T> operator -(Tensor<T> a) => a.Map(static (x, d) => TensorPrimitives.Negate(x, d));

    public Tensor<T> Exp() => Map(static (x, d) => TensorPrimitives.Exp(x, d));
    public Tensor<T> Log() => Map(static (x, d) => TensorPrimitives.Log(x, d));
    public Tensor<T> Sqrt() => Map(static (x, d) => TensorPrimitives.Sqrt(x, d));
    public Tensor<T> Abs() => Map(static (x, d) => TensorPrimitives.Abs(x, d));
    public Tensor<T> Tanh() => Map(static (x, d) => VectorMath.Tanh(x, d));
    public Tensor<T> Sigmoid() => Map(static (x, d) => TensorPrimitives.Sigmoid(x, d));
    public Tensor<T> Square() => Map(static (x, d) => TensorPrimitives.Multiply(x, x, d));
    public Tensor<T> Pow(T exponent) => Map((x, d) => TensorPrimitives.Pow(x, exponent, d));

    /// <summary>Element-wise max(x, value); <c>x.Maximum(T.Zero)</c> is ReLU.</summary>
    public Tensor<T> Maximum(T value) => Map((x, d) => TensorPrimitives.Max(x, value, d));

    /// <summary>Element-wise min(x, value).</summary>
    public Tensor<T> Minimum(T value) => Map((x, d) => TensorPrimitives.Min(x, value, d));

    /// <summary>Applies <paramref name="f"/> to every element. Readable but not vectorized: prefer the methods above in hot code.</summary>
    public Tensor<T> Map(Func<T, T> f)
    {
        var result = new Tensor<T>(shape);
        for (int i = 0; i < Data.Length; i++) result.Data[i] = f(Data[i]);
        return result;
    }

    /// <summary>Combines two tensors of the same shape element by element. Not vectorized.</summary>
    public Tensor<T> Zip(Tensor<T> other, Func<T, T, T> f)
    {
        RequireSameShape(other, "Zip");
        var result = new Tensor<T>(shape);
        for (int i = 0; i < Data.Length; i++) result.Data[i] = f(Data[i], other.Data[i]);
        return result;
    }

    /// <summary>Adds a 1-D <paramref name="row"/> to every row of this 2-D tensor (the bias of a layer).</summary>
    public Tensor<T> AddRowVector(Tensor<T> row) => Binary(this, row, "AddRowVector", static (x, y, d) => TensorPrimitives.Add(x, y, d));

    /// <summary>
    /// Adds <c>column[i]</c> to every element of row i of this 2-D tensor (n, m), with <paramref name="column"/> of
    /// shape (n): <c>x.AddColumnVector(-x.Max(1))</c> subtracts each row's maximum.
    /// </summary>
    public Tensor<T> AddColumnVector(Tensor<T> column) =>
        PerRow(column, "AddColumnVector", static (x, s, d) => TensorPrimitives.Add(x, s, d));

    /// <summary>
    /// Multiplies every element of row i of this 2-D tensor (n, m) by <c>column[i]</c>, with <paramref name="column"/>
    /// of shape (n): <c>e.MultiplyColumnVector(T.One / e.Sum(1))</c> makes each row sum to one.
    /// </summary>
    public Tensor<T> MultiplyColumnVector(Tensor<T> column) =>
        PerRow(column, "MultiplyColumnVector", static (x, s, d) => TensorPrimitives.Multiply(x, s, d));

    /// <summary>
    /// 1 where the element is greater than <paramref name="value"/>, else 0 (NaN stays NaN), like PyTorch's
    /// <c>(x &gt; value).float()</c>: <c>gradOutput * input.GreaterThan(T.Zero)</c> is the backward pass of ReLU.
    /// </summary>
    public Tensor<T> GreaterThan(T value)
    {
        var result = new Tensor<T>(shape);
        Span<T> d = result.Data;
        // x > v exactly when x − v > 0 (IEEE subtraction of distinct values never rounds to zero); clamping to [0, 1]
        // and rounding up then maps every positive difference, however small, to 1 and the rest to 0, all vectorized.
        if (value == T.Zero) TensorPrimitives.Max(Data, T.Zero, d);
        else
        {
            TensorPrimitives.Subtract(Data, value, d);
            TensorPrimitives.Max(d, T.Zero, d);
        }
        TensorPrimitives.Min(d, T.One, d);
        TensorPrimitives.Ceiling(d, d);
        return result;
    }

    // ---- in place ------------------------------------------------------------------------------------------

    public void Fill(T value) => Data.AsSpan().Fill(value);

    /// <summary>Copies the values of a tensor of the same shape into this one.</summary>
    public void CopyFrom(Tensor<T> source)
    {
        RequireSameShape(source, "CopyFrom");
        source.Data.AsSpan().CopyTo(Data);
    }

    /// <summary>this += other (same shape). The way to accumulate a gradient.</summary>
    public void AddInPlace(Tensor<T> other)
    {
        RequireSameShape(other, "AddInPlace");
        TensorPrimitives.Add(Data, other.Data, Data);
    }

    /// <summary>this += alpha · other (same shape); <c>w.AddScaledInPlace(w.Grad, -lr)</c> is an SGD step.</summary>
    public void AddScaledInPlace(Tensor<T> other, T alpha)
    {
        RequireSameShape(other, "AddScaledInPlace");
        TensorPrimitives.MultiplyAdd(other.Data, alpha, Data, Data);
    }

    /// <summary>this *= factor.</summary>
    public void ScaleInPlace(T factor) => TensorPrimitives.Multiply(Data, factor, Data);

    // ---- plumbing -------------------------------------------------------------------------------------------

    private delegate void SpanUnary(ReadOnlySpan<T> x, Span<T> destination);
    private delegate void SpanBinary(ReadOnlySpan<T> x, ReadOnlySpan<T> y, Span<T> destination);

    private Tensor<T> Map(SpanUnary op)
    {
        var result = new Tensor<T>(shape);
        op(Data, result.Data);
        return result;
    }

    private static Tensor<T> Binary(Tensor<T> a, Tensor<T> b, string name, SpanBinary op)
    {
        var result = new Tensor<T>(a.shape);
        if (a.SameShape(b))
        {
            op(a.Data, b.Data, result.Data);
        }
        else if (a.Rank == 2 && b.Rank == 1 && b.shape[0] == a.shape[1])
        {
            int cols = a.shape[1];
            for (int r = 0; r < a.shape[0]; r++)
                op(a.Data.AsSpan(r * cols, cols), b.Data, result.Data.AsSpan(r * cols, cols));
        }
        else
        {
            Throw.Argument(
                $"{name}: shapes {a.ShapeString} and {b.ShapeString} do not match. Element-wise operations need equal " +
                $"shapes, or a 2-D tensor (n, m) with a 1-D row (m).");
        }
        return result;
    }

    private delegate void SpanScalar(ReadOnlySpan<T> x, T scalar, Span<T> destination);

    private Tensor<T> PerRow(Tensor<T> column, string name, SpanScalar op)
    {
        if (Rank != 2 || column.Rank != 1 || column.shape[0] != shape[0])
            Throw.Argument(
                $"{name}: shapes {ShapeString} and {column.ShapeString} do not match; it needs a 2-D tensor (n, m) and " +
                "a 1-D column (n) with one value per row.");
        var result = new Tensor<T>(shape);
        int cols = shape[1];
        for (int r = 0; r < shape[0]; r++)
            op(Data.AsSpan(r * cols, cols), column.Data[r], result.Data.AsSpan(r * cols, cols));
        return result;
    }

    internal void RequireSameShape(Tensor<T> other, string operation)
    {
        if (!SameShape(other))
            Throw.Argument($"{operation}: shapes {ShapeString} and {other.ShapeString} differ; they must be equal.");
    }
}
