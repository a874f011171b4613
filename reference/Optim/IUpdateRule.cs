using System.Numerics;

namespace Course.Reference;

/// <summary>
/// One optimizer's update of a single parameter element θ from its gradient g, with up to two state values s and r
/// of the same element (velocity, moment estimates), in scalar and vector forms, for <see cref="UpdateLoop"/>.
/// </summary>
/// <remarks>
/// A rule reads and writes only the state it needs; the loop hands a rule with fewer states a reference it must not
/// touch. Hyper-parameters that depend on the step (bias corrections, the learning rate) are fields the optimizer
/// sets before each parameter's pass, so the rule itself is a few arithmetic operations and the whole update is one
/// pass over memory.
/// </remarks>
internal interface IUpdateRule<T> where T : IFloatingPointIeee754<T>
{
    void Update(ref T theta, T g, ref T s, ref T r);

    void Update(ref Vector<T> theta, Vector<T> g, ref Vector<T> s, ref Vector<T> r);
}
