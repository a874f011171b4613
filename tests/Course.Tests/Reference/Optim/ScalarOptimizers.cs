namespace Course.Tests.Reference.Optim;

/// <summary>
/// Each optimizer's rule written the plain way, from the table in assignments/README.md: one element at a time, in
/// double, state in arrays per parameter, the step count per parameter. What the reference's fused passes must equal.
/// </summary>
public abstract class ScalarOptimizer(double weightDecay)
{
    private double[][]? s, r;
    private int[]? steps;

    public void Step(double[][] thetas, double[][] grads, double learningRate)
    {
        s ??= thetas.Select(t => new double[t.Length]).ToArray();
        r ??= thetas.Select(t => new double[t.Length]).ToArray();
        steps ??= new int[thetas.Length];
        for (int p = 0; p < thetas.Length; p++)
        {
            int t = ++steps[p];
            for (int i = 0; i < thetas[p].Length; i++)
                Update(ref thetas[p][i], grads[p][i], ref s[p][i], ref r[p][i], t, learningRate);
        }
    }

    /// <summary>g with the L2 penalty, for the rules that couple weight decay to the gradient.</summary>
    protected double L2(double g, double theta) => weightDecay == 0 ? g : g + weightDecay * theta;

    protected double WeightDecay => weightDecay;

    protected abstract void Update(ref double theta, double g, ref double s, ref double r, int t, double lr);
}

public sealed class ScalarSgd(double weightDecay) : ScalarOptimizer(weightDecay)
{
    protected override void Update(ref double theta, double g, ref double s, ref double r, int t, double lr) =>
        theta -= lr * L2(g, theta);
}

public sealed class ScalarMomentum(double momentum, double weightDecay) : ScalarOptimizer(weightDecay)
{
    protected override void Update(ref double theta, double g, ref double b, ref double r, int t, double lr)
    {
        g = L2(g, theta);
        b = t == 1 ? g : momentum * b + g;
        theta -= lr * b;
    }
}

public sealed class ScalarNesterov(double momentum, double weightDecay) : ScalarOptimizer(weightDecay)
{
    protected override void Update(ref double theta, double g, ref double b, ref double r, int t, double lr)
    {
        g = L2(g, theta);
        b = t == 1 ? g : momentum * b + g;
        theta -= lr * (g + momentum * b);
    }
}

public sealed class ScalarRmsProp(double alpha, double eps, double weightDecay) : ScalarOptimizer(weightDecay)
{
    protected override void Update(ref double theta, double g, ref double v, ref double r, int t, double lr)
    {
        g = L2(g, theta);
        v = alpha * v + (1 - alpha) * g * g;
        theta -= lr * g / (Math.Sqrt(v) + eps);
    }
}

public sealed class ScalarAdaDelta(double rho, double eps, double weightDecay) : ScalarOptimizer(weightDecay)
{
    protected override void Update(ref double theta, double g, ref double v, ref double u, int t, double lr)
    {
        g = L2(g, theta);
        v = rho * v + (1 - rho) * g * g;
        double delta = Math.Sqrt(u + eps) / Math.Sqrt(v + eps) * g;
        u = rho * u + (1 - rho) * delta * delta;
        theta -= lr * delta;
    }
}

public sealed class ScalarAdam(double beta1, double beta2, double eps, double weightDecay, bool decoupled = false)
    : ScalarOptimizer(weightDecay)
{
    protected override void Update(ref double theta, double g, ref double m, ref double v, int t, double lr)
    {
        if (decoupled) theta *= 1 - lr * WeightDecay;
        else g = L2(g, theta);
        m = beta1 * m + (1 - beta1) * g;
        v = beta2 * v + (1 - beta2) * g * g;
        double mHat = m / (1 - Math.Pow(beta1, t));
        double vHat = v / (1 - Math.Pow(beta2, t));
        theta -= lr * mHat / (Math.Sqrt(vHat) + eps);
    }
}
