using Course;
using Course.Benchmarks;
using System.Runtime.Intrinsics;
using Course.Kernels;

// Square float GEMM, one thread: the packed GEMM the reference's Linear runs on (Course.Kernels.Gemm, called on
// caller-owned buffers), Tensor<float>.MatMul (the same kernel behind an allocating tensor API, as students call
// it) and a naive triple loop. GFLOPS = 2n³ / median seconds; reps are interleaved so that clock-frequency drift
// hits all three alike.

// `… -- notebooks [PATH]`: reading and writing notebooks.
if (args is ["notebooks", ..])
{
    NotebookIo.Run(Path.GetFullPath(args.Length > 1 ? args[1] : "notebooks/02-fully-connected.ipynb"));
    return 0;
}
// `… -- speed-spread [RUNS]`: how still the speed check holds over repeated grading of the master.
if (args is ["speed-spread", ..])
    return SpeedSpreadBenchmark.Run(args.Length > 1 ? int.Parse(args[1]) : 10, Directory.GetCurrentDirectory());
// `… -- sandbox-start [ROUNDS]`: what bubblewrap adds to a worker's start.
if (args is ["sandbox-start", ..])
    return SandboxStartBenchmark.Run(args.Length > 1 ? int.Parse(args[1]) : 10);
// `… -- gate [ROUNDS]`: what the static gate adds to compiling the master notebook.
if (args is ["gate", ..])
    return GateBenchmark.Run(Path.GetFullPath("notebooks/02-fully-connected.ipynb"), args.Length > 1 ? int.Parse(args[1]) : 10);
// `dotnet run -c Release --project tests/Benchmarks -- notebook-run [RUNS]`: the cost of the run command instead.
if (args is ["notebook-run", ..])
    return NotebookRunBenchmark.Run(args.Length > 1 ? int.Parse(args[1]) : 5);

// `… -- autodiff [REPS]`: the autodiff reference's engine on a 10,000-node graph and three operations vs scalar loops.
if (args is ["autodiff", ..])
    return AutodiffBenchmark.Run(args.Length > 1 ? int.Parse(args[1]) : 20);
// `… -- optim [REPS]`: one Step() of every optimizer over ~1M float32 parameters, reference vs scalar loops.
if (args is ["optim", ..])
    return OptimBenchmark.Run(args.Length > 1 ? int.Parse(args[1]) : 20);

int[] sizes = [256, 512, 1024];
Console.WriteLine($"float GEMM, 1 thread, {Environment.ProcessorCount} logical CPUs, " +
                  $"Vector512 {(Vector512.IsHardwareAccelerated ? "yes" : "no")}, kernel {Gemm.KernelName<float>()}");
Console.WriteLine("median of the reps shown after a warm-up of at least 1 s" +
                  (File.Exists("/proc/loadavg") ? $"; load average at start {File.ReadAllText("/proc/loadavg").Split(' ')[0]}" : ""));
Console.WriteLine();
Console.WriteLine("     n | reference GFLOPS (reps) | MatMul GFLOPS (reps) | naive GFLOPS (reps) | vs naive | vs MatMul");
Console.WriteLine("-------|-------------------------|----------------------|---------------------|----------|----------");

foreach (int n in sizes)
{
    var random = new Random(n);
    var a = Tensor<float>.RandomUniform(random, -1, 1, n, n);
    var b = Tensor<float>.RandomUniform(random, -1, 1, n, n);
    var c = new float[n * n];
    var naiveC = new float[n * n];

    Action reference = () => Gemm.Multiply(Transpose.No, Transpose.No, n, n, n, a.Data, b.Data, c.AsSpan());
    Action contract = () => a.MatMul(b);
    Action naive = () => NaiveMatMul.Multiply(a.Data, b.Data, naiveC, n, n, n);

    Timing.WarmUp(TimeSpan.FromSeconds(1), reference, contract);
    if (n <= 512) Timing.WarmUp(TimeSpan.FromMilliseconds(300), naive);
    else naive(); // one untimed call suffices to tier it up: each call runs for seconds

    int referenceReps = 30, contractReps = n >= 1024 ? 10 : 20, naiveReps = n switch { <= 256 => 10, <= 512 => 5, _ => 3 };
    List<double> referenceTimes = [], contractTimes = [], naiveTimes = [];
    for (int rep = 0; rep < referenceReps; rep++)
    {
        referenceTimes.Add(Timing.Seconds(reference));
        if (rep < contractReps) contractTimes.Add(Timing.Seconds(contract));
        if (rep < naiveReps) naiveTimes.Add(Timing.Seconds(naive));
    }

    double flops = 2.0 * n * n * n;
    double referenceGflops = flops / Timing.Median(referenceTimes) / 1e9;
    double contractGflops = flops / Timing.Median(contractTimes) / 1e9;
    double naiveGflops = flops / Timing.Median(naiveTimes) / 1e9;
    Console.WriteLine($"{n,6} | {referenceGflops,17:F1} ({referenceReps,3}) | {contractGflops,14:F1} ({contractReps,3}) | " +
                      $"{naiveGflops,13:F2} ({naiveReps,3}) | {referenceGflops / naiveGflops,7:F0}× | {referenceGflops / contractGflops,8:F1}×");
}

// The two transposed products a Linear layer's backward pass needs, read through the packing routines.
const int Size = 1024;
var randomT = new Random(1);
var x = Tensor<float>.RandomUniform(randomT, -1, 1, Size, Size).Data;
var y = Tensor<float>.RandomUniform(randomT, -1, 1, Size, Size).Data;
var z = new float[Size * Size];
Console.WriteLine();
Console.WriteLine($"reference GEMM at n = {Size} by operand layout (median of 20)");
foreach (var (label, ta, tb) in new[] { ("C = A·B   (forward)", Transpose.No, Transpose.No),
                                        ("C = A·Bᵀ  (dX = dY·Wᵀ)", Transpose.No, Transpose.Yes),
                                        ("C += Aᵀ·B (dW += Xᵀ·dY)", Transpose.Yes, Transpose.No) })
{
    bool accumulate = ta == Transpose.Yes;
    Action run = () => Gemm.Multiply(ta, tb, Size, Size, Size, x, y, z.AsSpan(), accumulate);
    Timing.WarmUp(TimeSpan.FromMilliseconds(300), run);
    var times = Enumerable.Range(0, 20).Select(_ => Timing.Seconds(run)).ToList();
    Console.WriteLine($"  {label,-26} {2.0 * Size * Size * Size / Timing.Median(times) / 1e9,6:F1} GFLOPS");
}
return 0;
