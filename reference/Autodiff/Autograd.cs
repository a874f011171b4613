using System.Numerics;
using System.Numerics.Tensors;

namespace Course.Reference;

/// <summary>
/// The reference engine: records <see cref="Function{T}"/> applications as <see cref="Var{T}"/> nodes and
/// back-propagates through them in reverse topological order (see <see cref="Engine{T}"/> for the rules).
/// </summary>
/// <remarks>
/// The graph is walked with an explicit stack, never by recursion, so depth is bounded by memory, not by the
/// thread's stack. A backward pass numbers the nodes by their topological position and keeps this pass's gradients
/// in an array indexed by that number; the one hash lookup per edge is the only per-edge cost besides the
/// functions' own work.
/// </remarks>
public sealed class Autograd<T> : Engine<T> where T : IFloatingPointIeee754<T>
{
    public override Var<T> Apply(Function<T> function, params Var<T>[] inputs)
    {
        ArgumentNullException.ThrowIfNull(function);
        ArgumentNullException.ThrowIfNull(inputs);
        var values = new Tensor<T>[inputs.Length];
        bool tracked = false;
        for (int i = 0; i < inputs.Length; i++)
        {
            var input = inputs[i] ?? throw new ArgumentNullException(nameof(inputs), $"{function.Name}: input {i} is null.");
            values[i] = input.Value;
            tracked |= input.RequiresGrad;
        }
        var value = function.Forward(values);
        // The parents are copied: the caller's params array is theirs to reuse.
        return tracked && IsGradEnabled ? new Var<T>(value, function, (Var<T>[])inputs.Clone()) : new Var<T>(value);
    }

    public override IReadOnlyList<Var<T>> TopologicalOrder(Var<T> output)
    {
        ArgumentNullException.ThrowIfNull(output);
        return Order(output, new Dictionary<Var<T>, int>(ReferenceEqualityComparer.Instance));
    }

    public override void Backward(Var<T> output, Tensor<T>? gradOutput = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (!output.RequiresGrad)
            throw new InvalidOperationException(
                $"Backward from {output}: it does not require a gradient (a constant, or computed under NoGrad or from " +
                "constants only), so nothing leads back to a parameter.");
        Tensor<T> seed;
        if (gradOutput is null)
        {
            if (output.Value.Length != 1)
                throw new InvalidOperationException(
                    $"Backward from an output of shape {output.Value.ShapeString} needs a gradient: only a one-element " +
                    "output (a loss) is seeded with 1 by default. Pass gradOutput, or reduce the output with a sum or mean.");
            seed = new Tensor<T>(output.Shape);
            seed.Fill(T.One);
        }
        else
        {
            if (!gradOutput.SameShape(output.Value))
                throw new ArgumentException(
                    $"Backward: gradOutput has shape {gradOutput.ShapeString} but the output has shape {output.Value.ShapeString}.");
            seed = gradOutput.Clone();
        }

        var positions = new Dictionary<Var<T>, int>(ReferenceEqualityComparer.Instance);
        var order = Order(output, positions);
        var gradients = new Tensor<T>?[order.Count];
        // A gradient a function returned may be shared (AddOp passes dL/dy on to both inputs, ReshapeOp returns a
        // view); one is only added into after it has been repositions by a sum this pass owns.
        var owned = new bool[order.Count];
        gradients[^1] = seed;
        owned[^1] = true;

        for (int i = order.Count - 1; i >= 0; i--)
        {
            var node = order[i];
            var gradient = gradients[i];
            if (gradient is null) continue; // a constant: nothing flows into it
            gradients[i] = null; // let this pass's gradients go as soon as they are used (the node keeps its own)
            var creator = node.Creator;
            if (creator is null)
            {
                if (!node.RequiresGrad) continue;
                if (node.Grad is null) node.Grad = owned[i] ? gradient : gradient.Clone();
                else node.Grad.AddInPlace(gradient);
                continue;
            }

            node.Grad = gradient;
            var parentGradients = creator.Backward(gradient);
            var parents = node.Parents;
            if (parentGradients is null || parentGradients.Length != parents.Count)
                throw new InvalidOperationException(
                    $"{creator.Name}.Backward returned {parentGradients?.Length.ToString() ?? "null"} gradient(s) for " +
                    $"{parents.Count} input(s); it must return one per input.");
            for (int p = 0; p < parents.Count; p++)
            {
                var parent = parents[p];
                if (!parent.RequiresGrad) continue;
                var parentGradient = parentGradients[p];
                if (parentGradient is null || !parentGradient.SameShape(parent.Value))
                    throw new InvalidOperationException(
                        $"{creator.Name}.Backward returned a gradient of shape {parentGradient?.ShapeString ?? "null"} for " +
                        $"input {p}, whose shape is {parent.Value.ShapeString}; each gradient must have its input's shape.");
                int at = positions[parent];
                var sum = gradients[at];
                if (sum is null) gradients[at] = parentGradient;
                else if (owned[at]) sum.AddInPlace(parentGradient);
                else
                {
                    var fresh = new Tensor<T>(sum.Shape);
                    TensorPrimitives.Add(sum.Data, parentGradient.Data, fresh.Data);
                    gradients[at] = fresh;
                    owned[at] = true;
                }
            }
        }
    }

    /// <summary>Depth-first post-order with an explicit stack: a node is emitted once all its parents are.
    /// <paramref name="positions"/> (empty) receives each node's index in the order.</summary>
    private static List<Var<T>> Order(Var<T> output, Dictionary<Var<T>, int> positions)
    {
        var order = new List<Var<T>>();
        // Each frame is a node and how many of its parents have been visited. "Discovered" nodes are marked -1 in
        // `positions` until they are emitted and get their index.
        var nodes = new Stack<Var<T>>();
        var next = new Stack<int>();
        positions[output] = -1;
        nodes.Push(output);
        next.Push(0);
        while (nodes.Count > 0)
        {
            var node = nodes.Peek();
            int p = next.Pop();
            var parents = node.Parents;
            if (p < parents.Count)
            {
                next.Push(p + 1);
                var parent = parents[p];
                if (positions.TryAdd(parent, -1))
                {
                    nodes.Push(parent);
                    next.Push(0);
                }
                continue;
            }
            nodes.Pop();
            positions[node] = order.Count;
            order.Add(node);
        }
        return order;
    }
}
