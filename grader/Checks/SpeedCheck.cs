using Course.Grader.Configuration;
using Course.Grader.Protocol;

namespace Course.Grader.Checks;

/// <summary>
/// Speed against the reference on a float32 workload. The grader times both workers from outside (a worker's own
/// clock could be forged) by the CPU time the kernel accounts to each, warms both up past JIT tiering, then runs
/// interleaved rounds in random order and takes the median of the per-round ratios, which shrugs off a round
/// disturbed by the machine. The outputs of the timed runs are compared with the reference's so that a fast wrong
/// path earns nothing.
/// </summary>
public sealed class SpeedCheck(SpeedSettings settings)
{
    /// <param name="seed">Orders the rounds; the grade's seed, so that a regrade repeats the same order.</param>
    public (double Fraction, double Ratio, string Message) Measure(Calls calls, CallRequest prepare, IReadOnlyList<SpeedBucket> buckets, int seed)
    {
        var order = new Random(seed);
        calls.Student(prepare, "the constructor");
        calls.Reference(prepare);

        // Warm-up past JIT tiering, and a calibration of the batch: one reference batch takes about TargetBatchSeconds.
        var one = prepare.As(Operation.RunPrepared, 1);
        double referenceOne = double.MaxValue;
        var warm = System.Diagnostics.Stopwatch.StartNew();
        while (warm.Elapsed.TotalSeconds < settings.WarmupSeconds)
        {
            var sw = System.Diagnostics.Stopwatch.StartNew();
            calls.Reference(one);
            referenceOne = Math.Min(referenceOne, sw.Elapsed.TotalSeconds);
        }
        int iterations = (int)Math.Clamp(Math.Ceiling(settings.TargetBatchSeconds / Math.Max(referenceOne, 1e-6)), 1, 100_000);
        var batch = prepare.As(Operation.RunPrepared, iterations);
        // A batch the reference runs in TargetBatchSeconds may take the student GiveUpRatio times as long, and no
        // longer: slower code is stopped rather than waited for.
        double referenceBatch = Math.Max(referenceOne * iterations, settings.TargetBatchSeconds);
        var studentDeadline = TimeSpan.FromSeconds(Math.Clamp(settings.GiveUpRatio * referenceBatch * 1.5, 5, settings.MaxStudentSeconds));

        try
        {
            warm.Restart();
            for (int batches = 1; ; batches++)
            {
                var (ts, tr) = calls.TimeBoth(batch, studentFirst: true, studentDeadline);
                // Hopelessly slow code is not timed again and again; the first batch, which includes JIT
                // compilation, does not count for this.
                if (batches >= 2 && ts / tr > settings.GiveUpRatio)
                    return Score(ts / tr, buckets, $"{ts / tr:0.#}× the reference's time (measured on one batch: too slow to repeat)");
                if (batches >= 2 && warm.Elapsed.TotalSeconds >= settings.WarmupSeconds) break;
            }
        }
        catch (StudentTimeout)
        {
            return Score(double.PositiveInfinity, buckets,
                $"one timed batch ran longer than {studentDeadline.TotalSeconds:0.#} s, over {settings.GiveUpRatio:0}× the reference's " +
                $"{referenceBatch * 1e3:0} ms, and was stopped");
        }

        var ratios = new List<double>();
        double studentTotal = 0, referenceTotal = 0;
        for (int round = 0; round < settings.Rounds; round++)
        {
            var (ts, tr) = calls.TimeBoth(batch, studentFirst: order.Next(2) == 0, studentDeadline);
            ratios.Add(ts / tr);
            studentTotal += ts;
            referenceTotal += tr;
        }

        var studentOut = calls.Student(prepare.As(Operation.PreparedOutputs), "the timed run");
        IReadOnlyList<WireTensor> referenceOut;
        if (prepare.Run is { } run)
        {
            // An optimizer's timed instance has taken as many steps as it was timed for: the reference recomputes
            // that many from the same start, and the student's parameters must match.
            int steps = (int)studentOut[0].Data[0];
            studentOut = studentOut.Skip(1).ToList();
            referenceOut = calls.Reference(prepare with { Operation = Operation.OptimizerTrajectory, Run = run with { Steps = steps, FinalOnly = true } });
        }
        else referenceOut = calls.Reference(prepare.As(Operation.PreparedOutputs));
        for (int i = 0; i < referenceOut.Count; i++)
            Compare.Close(studentOut[i], referenceOut[i], Compare.Float32Tolerance, "an output of the timed float32 run", "the reference", floor: 1e-2);

        ratios.Sort();
        double median = ratios[ratios.Count / 2];
        double perCall = 1e3 / settings.Rounds / iterations;
        return Score(median, buckets,
            $"{median:0.00}× the reference's time (median of {settings.Rounds} rounds, spread {ratios[0]:0.00}–{ratios[^1]:0.00}; " +
            $"{studentTotal * perCall:0.###} ms vs {referenceTotal * perCall:0.###} ms per {settings.RunLabel})");
    }

    private static (double, double, string) Score(double ratio, IReadOnlyList<SpeedBucket> buckets, string message)
    {
        var bucket = buckets.FirstOrDefault(b => ratio <= b.MaxRatio);
        double fraction = bucket?.Fraction ?? 0;
        string limit = bucket is null ? $"slower than {buckets.LastOrDefault()?.MaxRatio ?? 0:0.##}× earns nothing" : $"within {bucket.MaxRatio:0.##}×";
        return (fraction, ratio, $"{message}: {limit} → {fraction:P0} of the speed points");
    }
}

/// <param name="RunLabel">What one timed run does, for the message.</param>
public sealed record SpeedSettings(int Rounds = 7, double WarmupSeconds = 0.4, double TargetBatchSeconds = 0.05, double GiveUpRatio = 100, double MaxStudentSeconds = 60,
    string RunLabel = "forward+backward");
