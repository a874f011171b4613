using Course;
using Course.Reference;

namespace Course.Tests.Reference.Autodiff;

/// <summary>The reference engine against the rules of <see cref="Engine{T}"/>, on graphs of reference operations.</summary>
public class AutogradTests
{
    private readonly Autograd<double> engine = new();

    private static Var<double> Parameter(params double[] values) => new(new Tensor<double>(values, values.Length), requiresGrad: true);

    private static Var<double> Constant(params double[] values) => new(new Tensor<double>(values, values.Length));

    private Var<double> Sum(Var<double> x) => engine.Apply(new SumOp<double>(), x);

    [Test]
    public void A_diamond_graph_gets_the_analytic_gradient()
    {
        // y = Σ x² e^x through two branches that meet again: dy/dx = (2x + x²) e^x.
        var x = Parameter(-1.5, 0.3, 2);
        var a = engine.Apply(new MulOp<double>(), x, x);
        var b = engine.Apply(new ExpOp<double>(), x);
        var y = Sum(engine.Apply(new MulOp<double>(), a, b));
        engine.Backward(y);
        var expected = x.Value.Data.Select(v => (2 * v + v * v) * Math.Exp(v));
        Assert.That(x.Grad!.Data, Is.EqualTo(expected).Within(1e-12));
    }

    [Test]
    public void An_interior_node_used_twice_receives_the_sum_of_both_gradients()
    {
        // h = tanh x; y = Σ (h + h·h): dy/dh = 1 + 2h, dy/dx = (1 + 2h)(1 − h²).
        var x = Parameter(0.5, -0.2);
        var h = engine.Apply(new TanhOp<double>(), x);
        var y = Sum(engine.Apply(new AddOp<double>(), h, engine.Apply(new MulOp<double>(), h, h)));
        engine.Backward(y);
        var expectedH = h.Value.Data.Select(t => 1 + 2 * t).ToArray();
        Assert.That(h.Grad!.Data, Is.EqualTo(expectedH).Within(1e-14));
        Assert.That(x.Grad!.Data, Is.EqualTo(h.Value.Data.Select((t, i) => expectedH[i] * (1 - t * t))).Within(1e-14));
    }

    [Test]
    public void A_gradient_passed_on_to_two_inputs_is_copied_before_it_is_added_into()
    {
        // AddOp returns the same dL/dc tensor for both of its inputs; adding one into the other must not change c's.
        var x = Parameter(1, 2, 3);
        var c = engine.Apply(new AddOp<double>(), x, x);
        engine.Backward(Sum(c));
        Assert.That(x.Grad!.Data, Is.EqualTo(new[] { 2.0, 2, 2 }));
        Assert.That(c.Grad!.Data, Is.EqualTo(new[] { 1.0, 1, 1 }), "the interior gradient is left as it was");
    }

    [Test]
    public void Two_passes_double_leaf_gradients_and_ZeroGrad_resets_them_while_interior_nodes_hold_one_pass()
    {
        var x = Parameter(1, -2);
        var z = engine.Apply(new ReshapeOp<double>([2, 1]), x);
        var s = engine.Apply(new MulOp<double>(), z, z);
        var y = Sum(s);
        engine.Backward(y);
        engine.Backward(y);
        Assert.That(x.Grad!.Data, Is.EqualTo(new[] { 4.0, -8 }), "2x per pass, two passes");
        Assert.That(z.Grad!.Data, Is.EqualTo(new[] { 2.0, -4 }), "an interior node holds the last pass only");
        Assert.That(s.Grad!.Data, Is.EqualTo(new[] { 1.0, 1 }));

        x.ZeroGrad();
        Assert.That(x.Grad, Is.Null);
        engine.Backward(y);
        Assert.That(x.Grad!.Data, Is.EqualTo(new[] { 2.0, -4 }));
    }

    [Test]
    public void Constants_and_NoGrad_results_get_no_gradient_and_have_no_parents()
    {
        var x = Parameter(1, 2);
        var c = Constant(3, 4);
        var y = Sum(engine.Apply(new MulOp<double>(), x, c));
        engine.Backward(y);
        Assert.That(x.Grad!.Data, Is.EqualTo(new[] { 3.0, 4 }));
        Assert.That(c.Grad, Is.Null, "a constant");

        var fromConstants = engine.Apply(new AddOp<double>(), c, c);
        Assert.That((fromConstants.RequiresGrad, fromConstants.Parents.Count, fromConstants.Creator), Is.EqualTo((false, 0, (Function<double>?)null)));

        Var<double> inScope;
        using (engine.NoGrad())
        {
            Assert.That(engine.IsGradEnabled, Is.False);
            inScope = engine.Apply(new MulOp<double>(), x, x);
        }
        Assert.That(engine.IsGradEnabled, Is.True);
        Assert.That((inScope.RequiresGrad, inScope.Parents.Count, inScope.IsLeaf), Is.EqualTo((false, 0, true)));
        Assert.That(inScope.Value.Data, Is.EqualTo(new[] { 1.0, 4 }), "NoGrad still computes the value");
        Assert.Throws<InvalidOperationException>(() => engine.Backward(inScope), "nothing to back-propagate from a constant");
    }

    [Test]
    public void Backward_of_a_non_scalar_needs_a_gradient()
    {
        var x = Parameter(1, 2, 3);
        var y = engine.Apply(new MulOp<double>(), x, x);
        var error = Assert.Throws<InvalidOperationException>(() => engine.Backward(y))!;
        Assert.That(error.Message, Does.Contain("(3)").And.Contain("needs a gradient"));

        var g = new Tensor<double>([1, 10, 100], 3);
        engine.Backward(y, g);
        Assert.That(x.Grad!.Data, Is.EqualTo(new[] { 2.0, 40, 600 }));
        g.Fill(0);
        Assert.That(y.Grad!.Data, Is.EqualTo(new[] { 1.0, 10, 100 }), "the given gradient is copied, not kept");
        Assert.Throws<ArgumentException>(() => engine.Backward(y, new Tensor<double>(2)));
    }

    [Test]
    public void A_function_returning_a_gradient_of_the_wrong_shape_is_named()
    {
        var x = Parameter(1, 2);
        var y = Sum(engine.Apply(new WrongShapeGradient(), x));
        var error = Assert.Throws<InvalidOperationException>(() => engine.Backward(y))!;
        Assert.That(error.Message, Does.Contain("WrongShapeGradient").And.Contain("(3)"));
    }

    private sealed class WrongShapeGradient : Function<double>
    {
        public override Tensor<double> Forward(params Tensor<double>[] inputs) => inputs[0].Clone();
        public override Tensor<double>[] Backward(Tensor<double> gradOutput) => [new Tensor<double>(3)];
    }

    [TestCase(0)]
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void TopologicalOrder_of_a_random_dag_is_complete_and_lists_parents_first(int seed)
    {
        var random = new Random(seed);
        var nodes = new List<Var<double>> { Parameter(1), Parameter(2), Constant(3) };
        for (int i = 0; i < 300; i++)
        {
            var a = nodes[random.Next(nodes.Count)];
            var b = nodes[random.Next(nodes.Count)];
            nodes.Add(random.Next(3) switch
            {
                0 => engine.Apply(new NegOp<double>(), a),
                1 => engine.Apply(new AddOp<double>(), a, b),
                _ => engine.Apply(new MulOp<double>(), a, b),
            });
        }
        var output = nodes[^1];
        var order = engine.TopologicalOrder(output);

        var ancestors = new HashSet<Var<double>>(ReferenceEqualityComparer.Instance);
        var pending = new Queue<Var<double>>([output]);
        while (pending.TryDequeue(out var node))
            if (ancestors.Add(node)) foreach (var parent in node.Parents) pending.Enqueue(parent);

        Assert.That(order, Has.Count.EqualTo(ancestors.Count), "each node the output depends on, once");
        Assert.That(order.All(ancestors.Contains), Is.True);
        Assert.That(order[^1], Is.SameAs(output));
        var position = new Dictionary<Var<double>, int>(ReferenceEqualityComparer.Instance);
        for (int i = 0; i < order.Count; i++) position[order[i]] = i;
        foreach (var node in order)
            foreach (var parent in node.Parents)
                Assert.That(position[parent], Is.LessThan(position[node]), "a parent comes before its child");
    }

    [TestCase("neg")]
    [TestCase("add a constant")]
    public void A_chain_of_100000_nodes_back_propagates_on_a_small_stack(string link)
    {
        // A 256 KiB stack: a recursive walk would need a frame per node and overflow long before the end.
        const int Length = 100_000;
        Exception? failure = null;
        double[]? gradient = null;
        var thread = new Thread(() =>
        {
            try
            {
                var x = Parameter(0.5, -1);
                var one = Constant(1, 1);
                var node = x;
                for (int i = 0; i < Length; i++)
                    node = link == "neg" ? engine.Apply(new NegOp<double>(), node) : engine.Apply(new AddOp<double>(), node, one);
                engine.Backward(Sum(node));
                gradient = x.Grad!.Data;
            }
            catch (Exception e) { failure = e; }
        }, maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();
        Assert.That(failure, Is.Null);
        Assert.That(gradient, Is.EqualTo(new[] { 1.0, 1 }), "an even number of negations, or additions of a constant");
    }
}
