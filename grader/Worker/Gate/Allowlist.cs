namespace Course.Worker.Gate;

/// <summary>What a verdict of the policy says: allowed, or denied with the category a person understands and what to
/// do instead.</summary>
public sealed record Verdict(bool Allowed, string Category = "", string Suggestion = "")
{
    public static readonly Verdict Allow = new(true);
}

/// <summary>
/// What notebook code may use, in one place. Keys are dotted paths (namespace, type, member; constructors are
/// <c>ctor</c>); the longest matching key decides, and <c>Type.*</c> speaks for a type's members but not the type
/// itself (so <c>typeof(T).Name</c> can be fine while <c>Type.GetMethod</c> is not). Anything no key covers is
/// denied: an allowlist, not a blocklist.
/// </summary>
public sealed class Allowlist
{
    private const string Files = "load data with Course.Data.Mnist.Load or pass it in";
    private const string NoThreads = "write sequential code; the grader times one thread";
    private const string Reflection = "call the members directly; typeof(T).Name is fine";
    private const string Memory = "use arrays, Span<T> and Tensor<T> with ordinary indexing";

    private static readonly Dictionary<string, Verdict> Common = new(StringComparer.Ordinal)
    {
        // Plain .NET for numeric code.
        ["System"] = Verdict.Allow,
        ["System.Collections"] = Verdict.Allow,
        ["System.Collections.Generic"] = Verdict.Allow,
        ["System.Collections.Immutable"] = Verdict.Allow,
        ["System.Collections.ObjectModel"] = Verdict.Allow,
        ["System.Linq"] = Verdict.Allow,
        ["System.Numerics"] = Verdict.Allow,
        ["System.Runtime.Intrinsics"] = Verdict.Allow,
        ["System.Text"] = Verdict.Allow,
        ["System.Globalization"] = Verdict.Allow,
        ["System.Buffers"] = Verdict.Allow,
        ["System.Diagnostics.Stopwatch"] = Verdict.Allow,
        ["System.Diagnostics.CodeAnalysis"] = Verdict.Allow,
        ["System.Threading.Tasks.Task"] = Verdict.Allow,
        ["System.Threading.Tasks.ValueTask"] = Verdict.Allow,
        ["System.Threading.CancellationToken"] = Verdict.Allow,
        ["System.Threading.Interlocked"] = Verdict.Allow,
        ["System.Threading.Monitor"] = Verdict.Allow, // lock: harmless without a second thread
        ["System.Threading.Lock"] = Verdict.Allow,
        // The course contract and the chart library, not the grader's own code.
        ["Course"] = Verdict.Allow,
        ["Course.Grader"] = Deny("grader internals", "use the course library (Course.*) only"),
        ["Course.Worker"] = Deny("grader internals", "use the course library (Course.*) only"),
        ["Course.Reference"] = Deny("grader internals", "write your own implementation"),
        ["Plotly"] = Verdict.Allow,
        ["Microsoft.FSharp"] = Verdict.Allow,
        ["Microsoft.DotNet.Interactive"] = Verdict.Allow, // the display shims (grader/Display): display(), HTML(), …
        ["Course.Display"] = Deny("grader internals", "show values with display(x) or x.Display()"),
        ["System.DisplayExtensions"] = Verdict.Allow,
        // Compiler plumbing that ordinary C# needs: interpolated strings, records, init, tuples, async, spans.
        ["System.Runtime.CompilerServices.DefaultInterpolatedStringHandler"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.FormattableStringFactory"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.IsExternalInit"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.ITuple"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.TaskAwaiter"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.ValueTaskAwaiter"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.ConfiguredTaskAwaitable"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.IAsyncStateMachine"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.AsyncTaskMethodBuilder"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.AsyncValueTaskMethodBuilder"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.AsyncVoidMethodBuilder"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.AsyncIteratorMethodBuilder"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.ExtensionAttribute"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.TupleElementNamesAttribute"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.CompilerGeneratedAttribute"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.IsReadOnlyAttribute"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.IsByRefLikeAttribute"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.IsUnmanagedAttribute"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.NullableAttribute"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.NullableContextAttribute"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.RefSafetyRulesAttribute"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.ScopedRefAttribute"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.RequiredMemberAttribute"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.SetsRequiredMembersAttribute"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.CompilerFeatureRequiredAttribute"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.IteratorStateMachineAttribute"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.AsyncStateMachineAttribute"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.AsyncIteratorStateMachineAttribute"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.ParamCollectionAttribute"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.DecimalConstantAttribute"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.InterpolatedStringHandlerArgumentAttribute"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.PreserveBaseOverridesAttribute"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.RuntimeHelpers.EnsureSufficientExecutionStack"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.RuntimeHelpers.GetSubArray"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.RuntimeHelpers.InitializeArray"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.RuntimeHelpers.CreateSpan"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.RuntimeHelpers.IsReferenceOrContainsReferences"] = Verdict.Allow,
        ["System.Diagnostics.DebuggerHiddenAttribute"] = Verdict.Allow,
        ["System.Diagnostics.DebuggerStepThroughAttribute"] = Verdict.Allow,
        ["System.Diagnostics.DebuggerBrowsableAttribute"] = Verdict.Allow,
        ["System.Diagnostics.DebuggerBrowsableState"] = Verdict.Allow,
        ["System.Diagnostics.DebuggerDisplayAttribute"] = Verdict.Allow,
        ["System.Diagnostics.DebuggableAttribute"] = Verdict.Allow,
        ["System.Reflection.DefaultMemberAttribute"] = Verdict.Allow, // indexers
        ["System.Diagnostics.CodeAnalysis.SuppressMessageAttribute"] = Deny("diagnostic suppression", "remove the attribute"),
        ["System.Diagnostics.CodeAnalysis.UnconditionalSuppressMessageAttribute"] = Deny("diagnostic suppression", "remove the attribute"),
        ["System.Diagnostics.CodeAnalysis.DynamicallyAccessedMembersAttribute"] = Deny("reflection", Reflection),
        ["System.Runtime.CompilerServices.MethodImplAttribute"] = Verdict.Allow, // its options are checked where it is used
        ["System.Runtime.CompilerServices.MethodImplOptions"] = Verdict.Allow,
        ["System.Reflection.AssemblyVersionAttribute"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.CompilationRelaxationsAttribute"] = Verdict.Allow,
        ["System.Runtime.CompilerServices.IsVolatile"] = Verdict.Allow,
        ["System.Runtime.InteropServices.InAttribute"] = Verdict.Allow, // `in` and `ref readonly` parameters
        ["System.Runtime.CompilerServices.RuntimeCompatibilityAttribute"] = Verdict.Allow,

        // Named denials inside what is otherwise allowed, each with what to do instead.
        ["System.Environment"] = Deny("environment", "pass values in as arguments; write output with Console.WriteLine"),
        ["System.Environment.NewLine"] = Verdict.Allow,
        ["System.Environment.ProcessorCount"] = Deny("threads", NoThreads),
        ["System.AppDomain"] = Deny("runtime control", "nothing in a homework needs it"),
        ["System.AppContext"] = Deny("runtime control", "nothing in a homework needs it"),
        ["System.Activator"] = Deny("reflection", "call the constructor with new"),
        ["System.GC"] = Deny("GC control", "let the runtime collect; reuse arrays if allocation is slow"),
        ["System.Runtime.GCSettings"] = Deny("GC control", "let the runtime collect; reuse arrays if allocation is slow"),
        ["System.Type.*"] = Deny("reflection", Reflection),
        ["System.Type.Name"] = Verdict.Allow,
        ["System.Type.FullName"] = Verdict.Allow,
        ["System.Type.Namespace"] = Verdict.Allow,
        ["System.Type.ToString"] = Verdict.Allow,
        ["System.Type.Equals"] = Verdict.Allow,
        ["System.Type.GetHashCode"] = Verdict.Allow,
        ["System.Type.op_Equality"] = Verdict.Allow,
        ["System.Type.op_Inequality"] = Verdict.Allow,
        ["System.Type.GetTypeFromHandle"] = Verdict.Allow,
        ["System.Reflection.MemberInfo.Name"] = Verdict.Allow, // where Type.Name is declared
        ["System.Delegate.DynamicInvoke"] = Deny("reflection", "call the delegate directly"),
        ["System.Delegate.Method"] = Deny("reflection", "call the delegate directly"),
        ["System.Delegate.CreateDelegate"] = Deny("reflection", "use a lambda"),
        ["System.Buffer.MemoryCopy"] = Deny("unsafe memory", "use Array.Copy or Span<T>.CopyTo"),
        ["System.TypedReference"] = Deny("unsafe memory", Memory),
        ["System.ArgIterator"] = Deny("unsafe memory", "use a params array"),
        ["System.RuntimeArgumentHandle"] = Deny("unsafe memory", "use a params array"),
        ["System.RuntimeMethodHandle"] = Deny("reflection", Reflection),
        ["System.ModuleHandle"] = Deny("reflection", Reflection),
        ["System.Console"] = Deny("console", "print with Console.Write or Console.WriteLine"),
        ["System.Console.Write"] = Verdict.Allow,
        ["System.Console.WriteLine"] = Verdict.Allow,
        ["System.Console.Out"] = Verdict.Allow,
        ["System.Console.Error"] = Verdict.Allow,
        // Console.Out and Console.Error write into the worker's capped buffers; other writers cannot be made.
        ["System.IO.TextWriter.Write"] = Verdict.Allow,
        ["System.IO.TextWriter.WriteLine"] = Verdict.Allow,
        ["System.IO.TextWriter.Flush"] = Verdict.Allow,
        ["System.Threading.Tasks.Task.*"] = Verdict.Allow,
        ["System.Threading.Tasks.Task.ctor"] = Deny("threads", NoThreads),
        ["System.Threading.Tasks.Task.Run"] = Deny("threads", NoThreads),
        ["System.Threading.Tasks.Task.Start"] = Deny("threads", NoThreads),
        ["System.Threading.Tasks.Task.Factory"] = Deny("threads", NoThreads),
        ["System.Threading.Tasks.Task.ContinueWith"] = Deny("threads", NoThreads),
        ["System.Threading.Tasks.Task.Delay"] = Deny("threads", NoThreads),
        ["System.Threading.Tasks.Task.Yield"] = Deny("threads", NoThreads),
        ["System.Threading.Tasks.Task.RunSynchronously"] = Deny("threads", NoThreads),
        ["System.Linq.ParallelEnumerable"] = Deny("threads", NoThreads),
        ["System.Linq.Expressions"] = Deny("expression compilation", "write a lambda or a method"),
        ["System.Linq.Queryable"] = Deny("expression compilation", "use Enumerable (LINQ on lists and arrays)"),
        ["System.Runtime.InteropServices.MemoryMarshal"] = Deny("unsafe memory", Memory),
        ["System.Runtime.CompilerServices.Unsafe"] = Deny("unsafe memory", Memory),

        // Whole namespaces named for a clearer message than "not on the allowlist".
        ["System.IO"] = Deny("files", Files),
        ["System.Net"] = Deny("network", "use the data the notebook gives you"),
        ["System.Diagnostics"] = Deny("processes and debugging", "print with Console.WriteLine; time with Stopwatch"),
        ["System.Reflection"] = Deny("reflection", Reflection),
        ["System.Runtime.Loader"] = Deny("assembly loading", "put the code in a notebook cell"),
        ["System.Runtime.InteropServices"] = Deny("native code", Memory),
        ["System.Runtime.CompilerServices"] = Deny("runtime internals", "nothing in a homework needs it"),
        ["System.Runtime"] = Deny("runtime internals", "nothing in a homework needs it"),
        ["System.Threading"] = Deny("threads", NoThreads),
        ["System.Timers"] = Deny("threads", NoThreads),
        ["System.Security"] = Deny("security", "nothing in a homework needs it"),
        ["System.Resources"] = Deny("files", Files),
        ["System.ComponentModel"] = Deny("reflection", Reflection),
        ["Microsoft.Win32"] = Deny("operating system", "nothing in a homework needs it"),
        ["Microsoft.CSharp"] = Deny("dynamic", "use a static type or an interface"),
        ["Microsoft.CodeAnalysis"] = Deny("compiler", "put the code in a notebook cell"),
    };

    private static readonly Dictionary<string, Verdict> Parallel = new(StringComparer.Ordinal)
    {
        ["System.Threading.Tasks"] = Verdict.Allow,
        ["System.Threading.Tasks.Task.ctor"] = Verdict.Allow,
        ["System.Threading.Tasks.Task.Run"] = Verdict.Allow,
        ["System.Threading.Tasks.Task.Start"] = Verdict.Allow,
        ["System.Threading.Tasks.Task.Factory"] = Verdict.Allow,
        ["System.Threading.Tasks.Task.ContinueWith"] = Verdict.Allow,
        ["System.Threading.Tasks.Task.Delay"] = Verdict.Allow,
        ["System.Threading.Tasks.Task.Yield"] = Verdict.Allow,
        ["System.Threading.Tasks.Task.RunSynchronously"] = Verdict.Allow,
        ["System.Linq.ParallelEnumerable"] = Verdict.Allow,
        ["System.Environment.ProcessorCount"] = Verdict.Allow,
        ["System.Threading.Thread"] = Verdict.Allow,
        ["System.Threading.ThreadPool"] = Verdict.Allow,
        ["System.Threading.SpinLock"] = Verdict.Allow,
        ["System.Threading.SpinWait"] = Verdict.Allow,
        ["System.Threading.Barrier"] = Verdict.Allow,
        ["System.Threading.CountdownEvent"] = Verdict.Allow,
        ["System.Threading.ManualResetEventSlim"] = Verdict.Allow,
        ["System.Threading.SemaphoreSlim"] = Verdict.Allow,
        ["System.Threading.ThreadLocal"] = Verdict.Allow,
        ["System.Threading.Volatile"] = Verdict.Allow,
        ["System.Threading.CancellationTokenSource"] = Verdict.Allow,
        // Still no say over where the process runs or how the runtime is set up.
        ["System.Threading.Thread.*"] = Verdict.Allow,
        ["System.Threading.Thread.BeginThreadAffinity"] = Deny("runtime control", "nothing in a homework needs it"),
        ["System.Threading.Thread.Interrupt"] = Deny("runtime control", "nothing in a homework needs it"),
    };

    // Members denied on every type below a namespace, where the types are too many to list (the chart library
    // writes files from its extension methods as well as from Chart).
    private static readonly (string Namespace, string Member, Verdict Verdict)[] MembersBelow =
    [
        ("Plotly", "SaveHtml", Deny("files", "show the chart with display(chart); run saves it in the notebook")),
        ("Plotly", "SaveJPG", Deny("files", "show the chart with display(chart); run saves it in the notebook")),
        ("Plotly", "SavePNG", Deny("files", "show the chart with display(chart); run saves it in the notebook")),
        ("Plotly", "SaveSVG", Deny("files", "show the chart with display(chart); run saves it in the notebook")),
    ];

    private readonly Dictionary<string, Verdict> rules;

    private Allowlist(bool allowParallelism)
    {
        rules = new Dictionary<string, Verdict>(Common, StringComparer.Ordinal);
        // The framework's InlineArray2 … InlineArray16: the compiler's buffers for collection expressions of spans.
        for (int n = 2; n <= 16; n++) rules[$"System.Runtime.CompilerServices.InlineArray{n}"] = Verdict.Allow;
        if (allowParallelism)
            foreach (var (key, verdict) in Parallel) rules[key] = verdict;
    }

    public static Allowlist Standard { get; } = new(allowParallelism: false);

    public static Allowlist WithParallelism { get; } = new(allowParallelism: true);

    public static Allowlist For(bool allowParallelism) => allowParallelism ? WithParallelism : Standard;

    /// <summary>The verdict on a type (<paramref name="member"/> null) or one of its members. <paramref name="type"/>
    /// is the dotted path of namespace and (nested) type names, without generic arity.</summary>
    public Verdict Judge(string type, string? member = null)
    {
        foreach (var (ns, name, denied) in MembersBelow)
            if (member == name && type.StartsWith(ns + ".", StringComparison.Ordinal)) return denied;
        string path = member is null ? type : $"{type}.{member}";
        if (rules.TryGetValue(path, out var exact)) return exact;
        for (int end = path.LastIndexOf('.'); end > 0; end = path.LastIndexOf('.', end - 1))
        {
            string prefix = path[..end];
            // Every prefix is strictly above what was asked, so "T.*" applies whenever it exists.
            if (rules.TryGetValue(prefix + ".*", out var below)) return below;
            if (rules.TryGetValue(prefix, out var verdict)) return verdict;
        }
        return Deny("not on the allowlist", "use the course library, System, collections, LINQ and Math");
    }

    /// <summary>Whether some member of a type is allowed though the type is not (Console.WriteLine,
    /// Environment.NewLine): a reference to the type alone then says nothing, its members are judged one by one.</summary>
    public bool HasAllowedMembers(string type) =>
        rules.Any(r => r.Value.Allowed && r.Key.Length > type.Length + 1 && r.Key.StartsWith(type + ".", StringComparison.Ordinal)
                       && r.Key.IndexOf('.', type.Length + 1) < 0);

    private static Verdict Deny(string category, string suggestion) => new(false, category, suggestion);
}
