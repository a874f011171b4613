using Microsoft.CodeAnalysis;

namespace Course.Worker.Gate;

/// <summary>One thing a cell may not do, where it does it, and what to do instead; reported like a compile
/// error.</summary>
public sealed record GateViolation(string Id, Location Location, string Message)
{
    /// <summary>An API the allowlist denies: "System.IO.File.ReadAllText is not allowed in graded code (files); load
    /// data with …".</summary>
    public static GateViolation Api(string id, Location location, string api, Verdict verdict) =>
        new(id, location, $"{api} is not allowed in graded code ({verdict.Category}); {verdict.Suggestion}");

    /// <summary>A construct (unsafe code, dynamic, a destructor, …) that is out whatever it touches.</summary>
    public static GateViolation Construct(Location location, string construct, string category, string suggestion) =>
        new("GATE002", location, $"{construct} is not allowed in graded code ({category}); {suggestion}");

    private static readonly Dictionary<string, DiagnosticDescriptor> Descriptors = new();

    /// <summary>As a Roslyn diagnostic, so it is located and reported by the same code as compile errors.</summary>
    public Microsoft.CodeAnalysis.Diagnostic ToDiagnostic()
    {
        DiagnosticDescriptor descriptor;
        lock (Descriptors)
        {
            if (!Descriptors.TryGetValue(Id, out descriptor!))
                Descriptors[Id] = descriptor = new DiagnosticDescriptor(Id, "Not allowed in graded code", "{0}", "Gate",
                    DiagnosticSeverity.Error, isEnabledByDefault: true, customTags: WellKnownDiagnosticTags.NotConfigurable);
        }
        return Microsoft.CodeAnalysis.Diagnostic.Create(descriptor, Location, Message);
    }
}
