using Course.Worker;
using Course.Worker.Gate;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Course.Tests.Gate;

/// <summary>
/// The IL pass on its own, on assemblies the semantic pass never saw: it must find forbidden references, P/Invoke
/// and finalizers in the metadata whatever source produced them, and let through the calls the compiler generates
/// for lock, foreach, using, queries, records and async.
/// </summary>
public class IlGateTests
{
    private static List<GateViolation> IlOf(string source, bool allowUnsafe = false)
    {
        var compilation = CSharpCompilation.Create("probe", [CSharpSyntaxTree.ParseText(source)], References.ForNotebooks(),
            new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: allowUnsafe, optimizationLevel: OptimizationLevel.Release));
        using var pe = new MemoryStream();
        var emitted = compilation.Emit(pe);
        Assert.That(emitted.Success, string.Join("\n", emitted.Diagnostics));
        return new IlGate(Allowlist.Standard).Check(pe, Location.None);
    }

    [Test]
    public void Forbidden_references_show_in_the_metadata()
    {
        var found = IlOf("""
            public static class Probe
            {
                public static string Read() => System.IO.File.ReadAllText("x");
                public static void Spin() => System.Threading.Tasks.Parallel.For(0, 10, i => { });
                public static object Make() => System.Activator.CreateInstance(typeof(object))!;
            }
            """).Select(v => v.Message).ToList();
        Assert.That(found, Has.Some.StartsWith("System.IO.File.ReadAllText is not allowed in graded code (files)"));
        Assert.That(found, Has.Some.StartsWith("System.Threading.Tasks.Parallel.For is not allowed in graded code (threads)"));
        Assert.That(found, Has.Some.StartsWith("System.Activator.CreateInstance is not allowed in graded code (reflection)"));
    }

    [Test]
    public void PInvoke_and_finalizers_are_found_whatever_declared_them()
    {
        var found = IlOf("""
            using System.Runtime.InteropServices;
            public static class Native { [DllImport("libc")] public static extern int system(string command); }
            public class Leaky { ~Leaky() { } }
            """).Select(v => v.Message).ToList();
        Assert.That(found, Has.Some.StartsWith("native method system is not allowed in graded code (native code)"));
        Assert.That(found, Has.Some.StartsWith("a finalizer is not allowed in graded code"));
        Assert.That(found, Has.Some.StartsWith("a native library is not allowed"));
    }

    [Test]
    public void Compiler_generated_plumbing_passes()
    {
        var found = IlOf("""
            using System;
            using System.Collections.Generic;
            using System.Linq;
            using System.Threading.Tasks;
            public record Pair(int A, int B);
            public sealed class Resource : IDisposable { public void Dispose() { } }
            public static class Plain
            {
                private static readonly object Gate = new();
                private static int First(ReadOnlySpan<int> span) => span[0];
                public static async Task<int> Sum(IEnumerable<int> values)
                {
                    int total = 0;
                    lock (Gate) { foreach (var v in values) total += v; }
                    using (new Resource()) { }
                    var odd = from v in values where v % 2 == 1 select v * 2;
                    List<int> list = [1, 2, .. odd];
                    int first = First([total, list.Count, 3]);
                    int[] init = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12 };
                    await Task.Yield();
                    return total + first + init[^1] + new Pair(1, 2).GetHashCode() + $"{total}".Length;
                }
            }
            """);
        // Task.Yield (and its awaitable) is the one thread-pool hop in there, and the only thing the gate should name.
        var messages = found.Select(v => v.Message).ToList();
        Assert.That(messages, Has.Some.EqualTo("System.Threading.Tasks.Task.Yield is not allowed in graded code (threads); write sequential code; the grader times one thread"));
        Assert.That(messages, Has.All.Contains("Yield"));
    }
}
