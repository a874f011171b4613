using Course.Worker.Gate;

namespace Course.Tests.Gate;

/// <summary>
/// The adversarial submissions of the sandbox note (§9) that the static gate must stop: each is a cell whose code
/// must not be loaded, with a message naming the API (as written in C#), the category, the cell and the line, and
/// what to do instead.
/// </summary>
public class AdversarialCellTests
{
    // Line 1 of each cell is a harmless statement, so the reported line is shown to be the offending one.
    private const string Prelude = "var ok = Math.Sqrt(2.0);\n";

    [TestCase("S01", "var secret = System.IO.File.ReadAllText(\"/work/reference/Linear.cs\");", "System.IO.File.ReadAllText", "files", "Course.Data.Mnist.Load")]
    [TestCase("S02", "foreach (var f in System.IO.Directory.EnumerateFiles(\"/\", \"*\", System.IO.SearchOption.AllDirectories)) Console.WriteLine(f);", "System.IO.Directory.EnumerateFiles", "files", "")]
    [TestCase("S03", "new System.Threading.Thread(() => Environment.Exit(0)).Start();", "System.Threading.Thread.Start", "threads", "sequential")]
    [TestCase("S04", "Environment.FailFast(\"x\");", "System.Environment.FailFast", "environment", "")]
    [TestCase("S08", "var p = System.Runtime.InteropServices.Marshal.AllocHGlobal(new IntPtr(4L << 30));", "System.Runtime.InteropServices.Marshal.AllocHGlobal", "native code", "")]
    [TestCase("S09a", "for (int i = 0; i < 10000; i++) new System.Threading.Thread(() => System.Threading.Thread.Sleep(-1)).Start();", "System.Threading.Thread.Start", "threads", "")]
    [TestCase("S09b", "System.Threading.Tasks.Parallel.For(0, 1_000_000, i => { });", "System.Threading.Tasks.Parallel.For", "threads", "")]
    [TestCase("S09c", "await Task.Run(() => 1);", "System.Threading.Tasks.Task.Run", "threads", "")]
    [TestCase("S09d", "var sum = Enumerable.Range(0, 100).AsParallel().Sum();", "System.Linq.ParallelEnumerable.Sum", "threads", "")]
    [TestCase("S10", "System.Diagnostics.Process.Start(\"/bin/sh\", \"-c 'cat /etc/shadow'\");", "System.Diagnostics.Process.Start", "processes", "")]
    [TestCase("S11a", "var client = new System.Net.Http.HttpClient();", "new System.Net.Http.HttpClient", "network", "")]
    [TestCase("S11b", "var s = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);", "new System.Net.Sockets.Socket", "network", "")]
    [TestCase("S12", "var m = Type.GetType(\"System.IO.File\")!.GetMethod(\"ReadAllText\", new[] { typeof(string) })!;", "System.Type.GetMethod", "reflection", "call the members directly")]
    [TestCase("S12b", "var t = Type.GetType(\"System.IO.File\");", "System.Type.GetType", "reflection", "")]
    [TestCase("S14a", "var a = System.Reflection.Assembly.Load(new byte[16]);", "System.Reflection.Assembly.Load", "reflection", "")]
    [TestCase("S14b", "var a = System.Runtime.Loader.AssemblyLoadContext.Default.LoadFromStream(new System.IO.MemoryStream());", "System.Runtime.Loader.AssemblyLoadContext.LoadFromStream", "assembly loading", "")]
    [TestCase("S15a", "var a = new int[1]; var b = System.Runtime.CompilerServices.Unsafe.Add(ref a[0], 1000);", "System.Runtime.CompilerServices.Unsafe.Add", "unsafe memory", "Span<T>")]
    [TestCase("S15b", "var a = new int[1]; var s = System.Runtime.InteropServices.MemoryMarshal.CreateSpan(ref a[0], int.MaxValue);", "System.Runtime.InteropServices.MemoryMarshal.CreateSpan", "unsafe memory", "")]
    [TestCase("S15c", "var l = new List<int>(); var s = System.Runtime.InteropServices.CollectionsMarshal.AsSpan(l);", "System.Runtime.InteropServices.CollectionsMarshal.AsSpan", "native code", "")]
    [TestCase("S18", "var h = System.Runtime.InteropServices.NativeLibrary.Load(\"libc.so.6\");", "System.Runtime.InteropServices.NativeLibrary.Load", "native code", "")]
    [TestCase("S26", "System.Diagnostics.Process.GetCurrentProcess().ProcessorAffinity = (IntPtr)0xFF;", "System.Diagnostics.Process.ProcessorAffinity", "processes", "")]
    [TestCase("S27a", "GC.TryStartNoGCRegion(1000);", "System.GC.TryStartNoGCRegion", "GC control", "")]
    [TestCase("S27b", "System.Runtime.GCSettings.LatencyMode = System.Runtime.GCLatencyMode.SustainedLowLatency;", "System.Runtime.GCSettings.LatencyMode", "GC control", "")]
    [TestCase("S30a", "var all = Environment.GetEnvironmentVariables();", "System.Environment.GetEnvironmentVariables", "environment", "")]
    [TestCase("S30b", "var env = System.IO.File.ReadAllText(\"/proc/self/environ\");", "System.IO.File.ReadAllText", "files", "")]
    [TestCase("S31a", "System.Diagnostics.Debug.Assert(false);", "System.Diagnostics.Debug.Assert", "debugging", "")]
    [TestCase("S31b", "System.Diagnostics.Debugger.Launch();", "System.Diagnostics.Debugger.Launch", "debugging", "")]
    [TestCase("chart file", "using Plotly.NET.CSharp;\nChart.Line<double, double, string>(x: new[] { 1.0 }, y: new[] { 2.0 }).SaveHtml(\"/tmp/x.html\");", "Plotly.NET.CSharp.GenericChartExtensions.SaveHtml", "files", "display(chart)")]
    [TestCase("alias", "using F = System.IO.File;\nvar s = F.ReadAllText(\"x\");", "System.IO.File.ReadAllText", "files", "")]
    [TestCase("activator", "var o = Activator.CreateInstance(typeof(object));", "System.Activator.CreateInstance", "reflection", "new")]
    [TestCase("expression", "System.Linq.Expressions.Expression<Func<int>> e = () => 1; var f = e.Compile();", "System.Linq.Expressions.Expression", "expression compilation", "")]
    public void Each_case_is_stopped_with_the_api_the_cell_the_line_and_a_suggestion(string id, string code, string api, string category, string suggestion)
    {
        var result = GateCases.Compile("var first = 1;", code.StartsWith("using", StringComparison.Ordinal) ? code : Prelude + code);
        Assert.That(result.FailedCells, Is.EqualTo(new[] { 2 }), $"{id}: {result.Describe()}");
        var gate = result.GateErrors().FirstOrDefault();
        Assert.That(gate, Is.Not.Null, $"{id}: {result.Describe()}");
        Assert.That((gate!.Cell, gate.Line, gate.IsError), Is.EqualTo((2, 2, true)), result.Describe());
        Assert.That(gate.Message, Does.StartWith(api + " is not allowed in graded code (").And.Contain(category).And.Contain(suggestion), result.Describe());
        Assert.That(gate.Message, Does.Match(@"\); \S"), "a suggestion follows the category");
        Assert.That(gate.Message, Does.Not.Contain("\n"));
    }

    [TestCase("S13", "dynamic d = 1;\nd.Foo();", "dynamic")]
    [TestCase("S16a", "unsafe { int x = 0; int* p = &x; }", "unsafe code")]
    [TestCase("S16b", "static unsafe void F(int[] a) { fixed (int* p = a) { } }", "unsafe code")]
    [TestCase("S16c", "static unsafe void G() { delegate* unmanaged<void> f = null; }", "unsafe code")]
    [TestCase("S17a", "[System.Runtime.InteropServices.DllImport(\"libc\")]\nstatic extern int system(string command);", "[DllImport]")]
    [TestCase("S17b", "[System.Runtime.InteropServices.LibraryImport(\"libc\")]\nstatic partial int system(string command);", "[LibraryImport]")]
    [TestCase("S19", "[System.Runtime.CompilerServices.UnsafeAccessor(System.Runtime.CompilerServices.UnsafeAccessorKind.StaticField, Name = \"s_tickFrequency\")]\nstatic extern ref long Frequency(System.Diagnostics.Stopwatch s);", "[UnsafeAccessor]")]
    [TestCase("module initializer", "class Init { [System.Runtime.CompilerServices.ModuleInitializer] internal static void Run() { } }", "[ModuleInitializer]")]
    [TestCase("finalizer", "class Leaky { ~Leaky() { } }", "a finalizer")]
    [TestCase("arglist", "static void V(__arglist) { }", "__arglist")]
    [TestCase("makeref", "int i = 0; var r = __makeref(i);", "__makeref")]
    [TestCase("method impl", "class M { [System.Runtime.CompilerServices.MethodImpl((System.Runtime.CompilerServices.MethodImplOptions)4096)] public static void F() { } }", "MethodImpl with these options")]
    public void Forbidden_constructs_are_named_even_when_the_compiler_refuses_them_too(string id, string code, string construct)
    {
        var result = GateCases.Compile(Prelude + code);
        Assert.That(result.FailedCells, Is.EqualTo(new[] { 1 }), $"{id}: {result.Describe()}");
        Assert.That(result.GateErrors().Select(d => d.Message), Has.Some.StartsWith(construct), $"{id}: {result.Describe()}");
        Assert.That(result.GateErrors().All(d => d.Cell == 1 && d.Line >= 2), result.Describe());
    }

    [Test]
    public void Pragma_and_SuppressMessage_do_not_switch_the_gate_off()
    {
        var pragma = GateCases.Compile("#pragma warning disable GATE001, GATE010\nvar s = System.IO.File.ReadAllText(\"x\");\n#pragma warning restore GATE001");
        Assert.That(pragma.GateErrors().Select(d => (d.Line, d.Message)), Has.Some.Matches<(int Line, string Message)>(
            d => d.Line == 2 && d.Message.StartsWith("System.IO.File.ReadAllText", StringComparison.Ordinal)), pragma.Describe());

        var attribute = GateCases.Compile(
            "[System.Diagnostics.CodeAnalysis.SuppressMessage(\"Gate\", \"GATE001\")]\nstatic string Read() => System.IO.File.ReadAllText(\"x\");");
        Assert.That(attribute.GateErrors().Select(d => d.Message), Has.Some.StartsWith("[SuppressMessage]"), attribute.Describe());
        Assert.That(attribute.GateErrors().Select(d => d.Message), Has.Some.StartsWith("System.IO.File.ReadAllText"), attribute.Describe());
    }

    [Test]
    public void A_user_declared_ModuleInitializerAttribute_and_System_namespaces_are_rejected()
    {
        var result = GateCases.Compile(
            "namespace System.Runtime.CompilerServices { public sealed class ModuleInitializerAttribute : Attribute { } }\n" +
            "namespace System.Evil { public static class Boot { } }");
        Assert.That(result.FailedCells, Is.EqualTo(new[] { 1 }));
        Assert.That(result.GateErrors().Select(d => (d.Line, d.Message)), Is.SupersetOf(new[]
        {
            (1, "namespace System.Runtime.CompilerServices is not allowed in graded code (declarations in System or Microsoft); use a namespace of your own or none"),
            (2, "namespace System.Evil is not allowed in graded code (declarations in System or Microsoft); use a namespace of your own or none"),
        }), result.Describe());
    }

    [Test]
    public void Calls_through_the_students_own_helpers_are_still_judged_where_they_are_made()
    {
        // A helper in an earlier cell is the student's own code; what it calls was judged in that cell.
        var result = GateCases.Compile("static string Read(string p) => System.IO.File.ReadAllText(p);", "var s = Read(\"x\");");
        Assert.That(result.FailedCells, Does.Contain(1));
        Assert.That(result.GateErrors().Single(d => d.Cell == 1).Message, Does.StartWith("System.IO.File.ReadAllText"));
    }

    [Test]
    public void Parallelism_passes_only_when_the_homework_allows_it_and_files_stay_out()
    {
        const string Code = "System.Threading.Tasks.Parallel.For(0, 10, i => { });\nvar t = await Task.Run(() => 1);\nvar n = Environment.ProcessorCount;";
        Assert.That(GateCases.Compile(Allowlist.Standard, Code).FailedCells, Is.EqualTo(new[] { 1 }));
        var allowed = GateCases.Compile(Allowlist.WithParallelism, Code);
        Assert.That(allowed.Diagnostics.Where(d => d.IsError), Is.Empty, allowed.Describe());

        var files = GateCases.Compile(Allowlist.WithParallelism, "var s = System.IO.File.ReadAllText(\"x\");");
        Assert.That(files.GateErrors().Single().Message, Does.StartWith("System.IO.File.ReadAllText"));
        var env = GateCases.Compile(Allowlist.WithParallelism, "Environment.Exit(1);");
        Assert.That(env.GateErrors().Single().Message, Does.StartWith("System.Environment.Exit"));
    }
}
