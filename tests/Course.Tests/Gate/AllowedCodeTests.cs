using Course.Grader.Notebooks;
using Course.Grader.Pipeline;
using Course.Tests.Fixtures;
using Course.Worker;
using Course.Worker.Gate;

namespace Course.Tests.Gate;

/// <summary>The gate must not get in the way of ordinary homework code: the master notebook and the constructs a
/// student reaches for compile and load as before.</summary>
public class AllowedCodeTests
{
    [Test]
    public void Every_cell_of_the_master_notebook_passes_the_gate()
    {
        var intake = Intake.Run(Notebook.Load(Repo.MasterNotebook));
        var result = new CellCompiler(Allowlist.Standard).Compile(intake.Cells);
        Assert.That(result.GateErrors(), Is.Empty, result.Describe());
        Assert.That(result.FailedCells, Is.Empty, result.Describe());
    }

    [Test]
    public void Common_constructs_pass()
    {
        var result = GateCases.Compile(
            """
            using System.Numerics;
            using System.Diagnostics;
            using System.Globalization;
            record Point(double X, double Y);
            static T SumOf<T>(ReadOnlySpan<T> values) where T : INumber<T>
            {
                T total = T.Zero;
                foreach (var v in values) total += v;
                return total;
            }
            var random = new Random(42);
            double[] data = Enumerable.Range(0, 100).Select(_ => random.NextDouble()).ToArray();
            var squares = from x in data where x > 0.5 orderby x select x * x;
            (double min, double max) range = (data.Min(), data.Max());
            { Span<double> head = data.AsSpan(0, 10); head.Sort(); }
            var total = SumOf<double>(data);
            int Twice(int n) => 2 * n;
            Func<int, int> add = n => n + Twice(n);
            var clock = Stopwatch.StartNew();
            var text = $"{total:F3} after {clock.Elapsed.TotalMilliseconds} ms, {range.min.ToString(CultureInfo.InvariantCulture)}";
            var builder = new System.Text.StringBuilder().Append(text).AppendLine();
            List<int> list = [1, 2, 3, .. Enumerable.Range(4, 3)];
            int[] tail = data.Length > 2 ? [.. list[1..]] : [];
            var byParity = list.GroupBy(n => n % 2).ToDictionary(g => g.Key, g => g.ToList());
            var gate = new object();
            lock (gate) { list.Add(7); }
            Vector<float> ones = Vector<float>.One;
            var v128 = System.Runtime.Intrinsics.Vector128.Create(1.0f);
            var p = new Point(1, 2) with { Y = 3 };
            Console.WriteLine($"{p} {typeof(Point).Name} {p.GetType().Name} {Environment.NewLine}");
            var answer = await Task.FromResult(MathF.Sqrt(2f) + Math.Exp(1));
            try { throw new InvalidOperationException("x"); } catch (InvalidOperationException e) { Console.WriteLine(e.Message); }
            var tensor = new Course.Tensor<double>(2, 3);
            """,
            """
            using Plotly.NET.CSharp;
            var chart = Chart.Line<double, double, string>(x: new[] { 1.0, 2.0 }, y: new[] { 3.0, 4.0 }, Name: "loss");
            display("shown");
            42.Display();
            "<b>hi</b>".DisplayAs("text/html");
            HTML("<i>x</i>");
            CSS("p { color: red; }");
            var handle = display("draft");
            handle.Update("final");
            Console.Error.WriteLine("warn");
            Console.Out.Flush();
            """);
        Assert.That(result.Diagnostics.Where(d => d.IsError), Is.Empty, result.Describe());
        Assert.That(result.FailedCells, Is.Empty);
    }
}
