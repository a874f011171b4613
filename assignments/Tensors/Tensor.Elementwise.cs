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
    public Tensor<T> Tanh() => Map(static (x, d) => TensorPrimitives.Tanh(x, d));
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
            throw new ArgumentException(
                $"{name}: shapes {a.ShapeString} and {b.ShapeString} do not match. Element-wise operations need equal " +
                $"shapes, or a 2-D tensor (n, m) with a 1-D row (m).");
        }
        return result;
    }

    internal void RequireSameShape(Tensor<T> other, string operation)
    {
        if (!SameShape(other))
            throw new ArgumentException($"{operation}: shapes {ShapeString} and {other.ShapeString} differ; they must be equal.");
    }
}
