using System.Numerics;
using System.Runtime.CompilerServices;

namespace Course.Reference;

/// <summary>
/// L2 regularisation as PyTorch's optimizers apply it (<c>grad = grad.add(param, alpha=weight_decay)</c>): the rule
/// sees g + λ·θ. Computed in registers, so <see cref="Parameter{T}.Grad"/> is never written and no scratch is needed.
/// </summary>
internal readonly struct L2Penalty<T, TRule>(TRule rule, T lambda) : IUpdateRule<T>
    where T : IFloatingPointIeee754<T> where TRule : struct, IUpdateRule<T>
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Update(ref T theta, T g, ref T s, ref T r) => rule.Update(ref theta, g + lambda * theta, ref s, ref r);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Update(ref Vector<T> theta, Vector<T> g, ref Vector<T> s, ref Vector<T> r) =>
        rule.Update(ref theta, g + theta * lambda, ref s, ref r);
}
