namespace Course.Kernels;

/// <summary>Whether a GEMM operand is used as stored or transposed (BLAS's <c>CblasNoTrans</c>/<c>CblasTrans</c>).</summary>
/// <remarks>
/// A transposed operand is never materialised: the packing routines read it with the other stride, which is all a
/// Linear layer's backward pass needs (dX = dY·Wᵀ, dW = Xᵀ·dY).
/// </remarks>
public enum Transpose
{
    No,
    Yes,
}
