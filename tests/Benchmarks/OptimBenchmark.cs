using System.Numerics.Tensors;
using Course.Reference;

namespace Course.Benchmarks;

/// <summary>
/// One <c>Step()</c> of every optimizer over about a million float32 parameters (an MNIST MLP's 784×1000 and
/// 1000×200 weights and their biases), the reference against a plain scalar loop per rule, reps interleaved.
/// </summary>
internal static class OptimBenchmark
{
    private static readonly int[][] Shapes = [[784, 1000], [1000], [1000, 200], [200]];

    public static int Run(int reps)
    {
        var random = new Random(1);
        var parameters = Shapes.Select((s, k) => new Parameter<float>($"p{k}", Tensor<float>.RandomNormal(random, 0, 0.05, s))).ToArray();
        foreach (var p in parameters) p.Grad.CopyFrom(Tensor<float>.RandomNormal(random, 0, 1e-2, p.Grad.Shape));
        var values = parameters.Select(p => p.Value.Data).ToArray();
        var grads = parameters.Select(p => p.Grad.Data).ToArray();

        Console.WriteLine($"one Step() over {values.Sum(v => v.Length):N0} float32 parameters in {Shapes.Length} tensors, 1 thread, " +
                          $"Vector<float> of {System.Numerics.Vector<float>.Count} lanes; median of {reps} after a warm-up of at least 1 s" +
                          (File.Exists("/proc/loadavg") ? $"; load average at start {File.ReadAllText("/proc/loadavg").Split(' ')[0]}" : ""));
        Console.WriteLine();
        Console.WriteLine("optimizer | reference ms | naive ms | naive / reference");
        Console.WriteLine("----------|--------------|----------|------------------");

        // Each optimizer gets fresh parameters' state but shares the values: only the time of a step matters here.
        Compare("sgd", reps, new SGD<float>(parameters).Step, new Naive(values, grads).Sgd);
        Compare("momentum", reps, new Momentum<float>(parameters).Step, new Naive(values, grads).Momentum);
        Compare("nesterov", reps, new Nesterov<float>(parameters).Step, new Naive(values, grads).Nesterov);
        Compare("rmsprop", reps, new RMSProp<float>(parameters).Step, new Naive(values, grads).RmsProp);
        Compare("adadelta", reps, new AdaDelta<float>(parameters, 1e-3).Step, new Naive(values, grads).AdaDelta);
        Compare("adam", reps, new Adam<float>(parameters).Step, new Naive(values, grads).Adam);
        Compare("adamw", reps, new AdamW<float>(parameters).Step, new Naive(values, grads).AdamW);
        var clip = new ClipGradNorm<float>(1e9);
        Compare("clip", reps, () => clip.Clip(parameters), new Naive(values, grads).Clip);
        Console.WriteLine();
        Console.WriteLine("the naive column replaced by a vectorized version with one TensorPrimitives call per operation:");
        Compare("adam", reps, new Adam<float>(parameters).Step, new PassPerOperationAdam(values, grads).Step);
        return 0;
    }

    private static void Compare(string label, int reps, Action reference, Action naive)
    {
        var (r, n) = Timing.SideBySide(reps, reference, naive);
        Console.WriteLine($"{label,-10}| {r,12:F3} | {n,8:F3} | {n / r,15:F1}×");
    }

    /// <summary>Adam as a student using the vectorized span primitives writes it: nine passes over memory, not one.</summary>
    private sealed class PassPerOperationAdam(float[][] values, float[][] grads)
    {
        private readonly float[][] m = values.Select(v => new float[v.Length]).ToArray();
        private readonly float[][] v = values.Select(v => new float[v.Length]).ToArray();
        private readonly float[] scratch = new float[values.Max(x => x.Length)];
        private int t;

        public void Step()
        {
            t++;
            float stepSize = 1e-3f / (1 - MathF.Pow(0.9f, t)), correction2Sqrt = MathF.Sqrt(1 - MathF.Pow(0.999f, t));
            for (int p = 0; p < values.Length; p++)
            {
                var tmp = scratch.AsSpan(0, values[p].Length);
                TensorPrimitives.Multiply(m[p], 0.9f, m[p]);
                TensorPrimitives.MultiplyAdd(grads[p], 0.1f, m[p], m[p]);
                TensorPrimitives.Multiply(v[p], 0.999f, v[p]);
                TensorPrimitives.Multiply(grads[p], grads[p], tmp);
                TensorPrimitives.MultiplyAdd(tmp, 0.001f, v[p], v[p]);
                TensorPrimitives.Sqrt(v[p], tmp);
                TensorPrimitives.Divide(tmp, correction2Sqrt, tmp);
                TensorPrimitives.Add(tmp, 1e-8f, tmp);
                TensorPrimitives.Divide(m[p], tmp, tmp);
                TensorPrimitives.MultiplyAdd(tmp, -stepSize, values[p], values[p]);
            }
        }
    }

    /// <summary>
    /// What a correct first version looks like: the table's formula in a scalar loop per parameter, state arrays
    /// allocated once, PyTorch's default hyper-parameters.
    /// </summary>
    private sealed class Naive(float[][] values, float[][] grads)
    {
        private readonly float[][] s = values.Select(v => new float[v.Length]).ToArray();
        private readonly float[][] r = values.Select(v => new float[v.Length]).ToArray();
        private int t;

        public void Sgd()
        {
            for (int p = 0; p < values.Length; p++)
                for (int i = 0; i < values[p].Length; i++) values[p][i] -= 1e-3f * grads[p][i];
        }

        public void Momentum()
        {
            for (int p = 0; p < values.Length; p++)
                for (int i = 0; i < values[p].Length; i++)
                {
                    s[p][i] = 0.9f * s[p][i] + grads[p][i];
                    values[p][i] -= 1e-3f * s[p][i];
                }
        }

        public void Nesterov()
        {
            for (int p = 0; p < values.Length; p++)
                for (int i = 0; i < values[p].Length; i++)
                {
                    s[p][i] = 0.9f * s[p][i] + grads[p][i];
                    values[p][i] -= 1e-3f * (grads[p][i] + 0.9f * s[p][i]);
                }
        }

        public void RmsProp()
        {
            for (int p = 0; p < values.Length; p++)
                for (int i = 0; i < values[p].Length; i++)
                {
                    float g = grads[p][i];
                    s[p][i] = 0.99f * s[p][i] + 0.01f * g * g;
                    values[p][i] -= 1e-2f * g / (MathF.Sqrt(s[p][i]) + 1e-8f);
                }
        }

        public void AdaDelta()
        {
            for (int p = 0; p < values.Length; p++)
                for (int i = 0; i < values[p].Length; i++)
                {
                    float g = grads[p][i];
                    s[p][i] = 0.9f * s[p][i] + 0.1f * g * g;
                    float delta = MathF.Sqrt(r[p][i] + 1e-6f) / MathF.Sqrt(s[p][i] + 1e-6f) * g;
                    r[p][i] = 0.9f * r[p][i] + 0.1f * delta * delta;
                    values[p][i] -= 1e-3f * delta;
                }
        }

        public void Adam() => AdamStep(0);

        public void AdamW() => AdamStep(1e-2f);

        private void AdamStep(float decoupledDecay)
        {
            t++;
            float correction1 = 1 - MathF.Pow(0.9f, t), correction2 = 1 - MathF.Pow(0.999f, t);
            for (int p = 0; p < values.Length; p++)
                for (int i = 0; i < values[p].Length; i++)
                {
                    float g = grads[p][i];
                    values[p][i] *= 1 - 1e-3f * decoupledDecay;
                    s[p][i] = 0.9f * s[p][i] + 0.1f * g;
                    r[p][i] = 0.999f * r[p][i] + 0.001f * g * g;
                    values[p][i] -= 1e-3f * (s[p][i] / correction1) / (MathF.Sqrt(r[p][i] / correction2) + 1e-8f);
                }
        }

        public void Clip()
        {
            double sum = 0;
            foreach (var g in grads)
                foreach (float x in g) sum += x * x;
            double norm = Math.Sqrt(sum);
            if (norm > 1e9)
                foreach (var g in grads)
                    for (int i = 0; i < g.Length; i++) g[i] *= (float)(1e9 / (norm + 1e-6));
        }
    }
}
