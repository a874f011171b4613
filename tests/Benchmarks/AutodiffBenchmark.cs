using Course.Reference;

namespace Course.Benchmarks;

/// <summary>
/// The autodiff reference's speed: the engine building and back-propagating a 10,000-node graph of 8×8 tensors,
/// and three operations (forward + backward) against plain scalar loops at (128, 1000), float32, reps interleaved.
/// </summary>
internal static class AutodiffBenchmark
{
    private const int Rows = 128, Columns = 1000;

    public static int Run(int reps)
    {
        Console.WriteLine($"autodiff reference, float32, 1 thread; median of {reps} after a warm-up of at least 1 s" +
                          (File.Exists("/proc/loadavg") ? $"; load average at start {File.ReadAllText("/proc/loadavg").Split(' ')[0]}" : ""));
        Console.WriteLine();
        EngineGraph(reps);
        Console.WriteLine();
        Console.WriteLine($"operation at ({Rows}, {Columns}), forward + backward | reference ms | naive ms | naive / reference");
        Console.WriteLine("----------------------------------------------|--------------|----------|------------------");
        var random = new Random(1);
        var x = Tensor<float>.RandomNormal(random, 0, 1, Rows, Columns);
        var bias = Tensor<float>.RandomNormal(random, 0, 1, Columns);
        var dy = Tensor<float>.RandomNormal(random, 0, 1, Rows, Columns);
        var dSum = Tensor<float>.RandomNormal(random, 0, 1, Columns);

        Compare("add, (128, 1000) + (1000)", reps,
            () => { var op = new AddOp<float>(); op.Forward(x, bias); op.Backward(dy); },
            () => Naive.AddRowBackward(Naive.AddRow(x.Data, bias.Data), dy.Data, Columns));
        Compare("sum over axis 0", reps,
            () => { var op = new SumOp<float>([0]); op.Forward(x); op.Backward(dSum); },
            () => { Naive.SumRows(x.Data, Columns); Naive.Spread(dSum.Data, Rows); });
        Compare("log_softmax over the last axis", reps,
            () => { var op = new LogSoftmaxOp<float>(); op.Forward(x); op.Backward(dy); },
            () => Naive.LogSoftmaxBackward(Naive.LogSoftmax(x.Data, Columns), dy.Data, Columns));
        return 0;
    }

    /// <summary>A chain of blocks h ← tanh(h · w_i + b_j) over 8×8 tensors, 10,000 nodes with the parameters and
    /// the final sum: each block reuses one of four weights and biases, so gradients accumulate into them.</summary>
    private static void EngineGraph(int reps)
    {
        var random = new Random(2);
        var weights = Enumerable.Range(0, 4).Select(_ => new Var<float>(Tensor<float>.RandomUniform(random, -1, 1, 8, 8), true)).ToArray();
        var biases = Enumerable.Range(0, 4).Select(_ => new Var<float>(Tensor<float>.RandomUniform(random, -0.1, 0.1, 8, 8), true)).ToArray();
        var input = new Var<float>(Tensor<float>.RandomUniform(random, -1, 1, 8, 8));
        int nodes = 0;

        Var<float> Build(Autograd<float> engine)
        {
            var h = input;
            nodes = 9 + 1;
            for (int i = 0; nodes < 10_000; i++, nodes += 3)
            {
                h = engine.Apply(new MulOp<float>(), h, weights[i % 4]);
                h = engine.Apply(new AddOp<float>(), h, biases[(i / 4) % 4]);
                h = engine.Apply(new TanhOp<float>(), h);
            }
            return engine.Apply(new SumOp<float>(), h);
        }

        var engine = new Autograd<float>();
        Var<float>? loss = null;
        Action build = () => loss = Build(engine);
        Action backward = () => engine.Backward(loss!);
        Timing.WarmUp(TimeSpan.FromSeconds(1), build, backward);
        List<double> buildTimes = [], backwardTimes = [];
        for (int rep = 0; rep < reps; rep++)
        {
            foreach (var w in weights.Concat(biases)) w.ZeroGrad();
            buildTimes.Add(Timing.Seconds(build));
            backwardTimes.Add(Timing.Seconds(backward));
        }
        double buildMs = Timing.Median(buildTimes) * 1e3, backwardMs = Timing.Median(backwardTimes) * 1e3;
        Console.WriteLine($"engine: {nodes:N0}-node graph of 8×8 tensors (mul, add, tanh; reused parameters)");
        Console.WriteLine($"  build (forward) {buildMs,7:F2} ms   backward {backwardMs,7:F2} ms   total {buildMs + backwardMs,7:F2} ms" +
                          $"   ({(buildMs + backwardMs) * 1e6 / nodes:F0} ns per node)");
    }

    private static void Compare(string label, int reps, Action reference, Action naive)
    {
        var (r, n) = Timing.SideBySide(reps, reference, naive);
        Console.WriteLine($"{label,-46}| {r,12:F3} | {n,8:F3} | {n / r,15:F1}×");
    }

    /// <summary>What a student's first version looks like: one scalar loop per rule, fresh arrays for results.</summary>
    private static class Naive
    {
        public static float[] AddRow(float[] x, float[] row)
        {
            var y = new float[x.Length];
            for (int i = 0; i < x.Length / row.Length; i++)
                for (int j = 0; j < row.Length; j++) y[i * row.Length + j] = x[i * row.Length + j] + row[j];
            return y;
        }

        public static (float[], float[]) AddRowBackward(float[] _, float[] dy, int columns) =>
            ((float[])dy.Clone(), SumRows(dy, columns));

        public static float[] SumRows(float[] x, int columns)
        {
            var sums = new float[columns];
            for (int i = 0; i < x.Length / columns; i++)
                for (int j = 0; j < columns; j++) sums[j] += x[i * columns + j];
            return sums;
        }

        public static float[] Spread(float[] row, int rows)
        {
            var y = new float[rows * row.Length];
            for (int i = 0; i < rows; i++)
                for (int j = 0; j < row.Length; j++) y[i * row.Length + j] = row[j];
            return y;
        }

        public static float[] LogSoftmax(float[] x, int columns)
        {
            var y = new float[x.Length];
            for (int r = 0; r < x.Length / columns; r++)
            {
                float max = float.NegativeInfinity, sum = 0;
                for (int j = 0; j < columns; j++) max = MathF.Max(max, x[r * columns + j]);
                for (int j = 0; j < columns; j++) sum += MathF.Exp(x[r * columns + j] - max);
                float logSum = MathF.Log(sum);
                for (int j = 0; j < columns; j++) y[r * columns + j] = x[r * columns + j] - max - logSum;
            }
            return y;
        }

        public static float[] LogSoftmaxBackward(float[] y, float[] dy, int columns)
        {
            var dx = new float[y.Length];
            for (int r = 0; r < y.Length / columns; r++)
            {
                float sum = 0;
                for (int j = 0; j < columns; j++) sum += dy[r * columns + j];
                for (int j = 0; j < columns; j++) dx[r * columns + j] = dy[r * columns + j] - MathF.Exp(y[r * columns + j]) * sum;
            }
            return dx;
        }
    }
}
