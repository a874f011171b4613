using System.Reflection;
using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;
using Microsoft.CodeAnalysis;

namespace Course.Worker.Gate;

/// <summary>
/// The second pass of the gate: the emitted assembly's own references (TypeRefs, MemberRefs and the methods behind
/// MethodSpecs and custom attributes), judged against the same allowlist. It sees what the source does not show:
/// calls the compiler generates for <c>lock</c>, <c>foreach</c>, <c>using</c>, queries and <c>await</c>, and any
/// P/Invoke or finalizer whatever syntax produced it.
/// </summary>
public sealed class IlGate(Allowlist policy)
{
    // Emitted by the compiler itself for ordinary C# (collection expressions, inline arrays, ranges); the semantic
    // pass has already refused them in the student's own code.
    private static readonly HashSet<string> CompilerPlumbing =
    [
        "System.Runtime.InteropServices.CollectionsMarshal.SetCount",
        "System.Runtime.InteropServices.CollectionsMarshal.AsSpan",
        "System.Runtime.InteropServices.MemoryMarshal.CreateSpan",
        "System.Runtime.InteropServices.MemoryMarshal.CreateReadOnlySpan",
        "System.Runtime.CompilerServices.Unsafe.As",
        "System.Runtime.CompilerServices.Unsafe.Add",
        "System.Runtime.CompilerServices.Unsafe.AsRef",
        "System.Runtime.CompilerServices.InlineArrayAttribute.ctor",
    ];

    public List<GateViolation> Check(Stream pe, Location cell)
    {
        long position = pe.Position;
        pe.Position = 0;
        try
        {
            using var reader = new PEReader(pe, PEStreamOptions.LeaveOpen);
            return Check(reader.GetMetadataReader(), cell);
        }
        finally
        {
            pe.Position = position;
        }
    }

    private List<GateViolation> Check(MetadataReader md, Location cell)
    {
        var found = new List<GateViolation>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Deny(string api, Verdict verdict)
        {
            if (seen.Add(api)) found.Add(GateViolation.Api("GATE010", cell, api, verdict));
        }

        foreach (var handle in md.TypeReferences)
        {
            if (TypePath(md, handle) is not { } path) continue;
            var verdict = policy.Judge(path);
            if (!verdict.Allowed && !policy.HasAllowedMembers(path) && !CompilerPlumbing.Any(p => p.StartsWith(path + ".", StringComparison.Ordinal)))
                Deny(path, verdict);
        }
        foreach (var handle in md.MemberReferences)
        {
            var member = md.GetMemberReference(handle);
            if (ParentPath(md, member.Parent) is not { } path) continue;
            string name = MemberName(md.GetString(member.Name));
            if (CompilerPlumbing.Contains($"{path}.{name}")) continue;
            var verdict = policy.Judge(path, name);
            if (!verdict.Allowed) Deny(name == "ctor" ? $"new {path}" : $"{path}.{name}", verdict);
        }
        foreach (var handle in md.TypeDefinitions)
        {
            var type = md.GetTypeDefinition(handle);
            string ns = md.GetString(type.Namespace);
            if (SemanticGate.IsReservedNamespace(ns))
                found.Add(new GateViolation("GATE003", cell, $"namespace {ns} is not allowed in graded code (declarations in System or Microsoft); use a namespace of your own or none"));
            foreach (var m in type.GetMethods())
            {
                var method = md.GetMethodDefinition(m);
                string name = md.GetString(method.Name);
                if ((method.Attributes & MethodAttributes.PinvokeImpl) != 0 || (method.ImplAttributes & MethodImplAttributes.InternalCall) != 0)
                    found.Add(GateViolation.Construct(cell, $"native method {name}", "native code", "write the method in C#"));
                else if (name == "Finalize" && (method.Attributes & MethodAttributes.Virtual) != 0)
                    found.Add(GateViolation.Construct(cell, "a finalizer", "runtime control", "release what you hold in a method you call"));
            }
        }
        if (md.GetTableRowCount(TableIndex.ImplMap) > 0 || md.GetTableRowCount(TableIndex.ModuleRef) > 0)
            found.Add(GateViolation.Construct(cell, "a native library", "native code", "write the method in C#"));
        return found;
    }

    /// <summary>Accessors are judged as their property or event (get_Factory as Factory), constructors as "ctor".</summary>
    private static string MemberName(string name)
    {
        if (name is ".ctor" or ".cctor") return "ctor";
        foreach (string prefix in (ReadOnlySpan<string>)["get_", "set_", "add_", "remove_"])
            if (name.StartsWith(prefix, StringComparison.Ordinal)) return name[prefix.Length..];
        return name;
    }

    private static string? ParentPath(MetadataReader md, EntityHandle parent) => parent.Kind switch
    {
        HandleKind.TypeReference => TypePath(md, (TypeReferenceHandle)parent),
        HandleKind.TypeSpecification => GenericTypePath(md, (TypeSpecificationHandle)parent),
        HandleKind.ModuleReference => "<native module>",
        _ => null, // the assembly's own methods (vararg call sites)
    };

    /// <summary>The generic type behind an instantiation (List&lt;int&gt; → System.Collections.Generic.List); arrays
    /// and type parameters have nothing to judge.</summary>
    private static string? GenericTypePath(MetadataReader md, TypeSpecificationHandle handle)
    {
        var blob = md.GetBlobReader(md.GetTypeSpecification(handle).Signature);
        if (blob.ReadSignatureTypeCode() != SignatureTypeCode.GenericTypeInstance) return null;
        blob.ReadSignatureTypeCode(); // class or value type
        var generic = blob.ReadTypeHandle();
        return generic.Kind == HandleKind.TypeReference ? TypePath(md, (TypeReferenceHandle)generic) : null;
    }

    /// <summary>"Namespace.Outer.Inner" without arity, or null for a type of an earlier cell (its own code).</summary>
    private static string? TypePath(MetadataReader md, TypeReferenceHandle handle)
    {
        var type = md.GetTypeReference(handle);
        string name = WithoutArity(md.GetString(type.Name));
        switch (type.ResolutionScope.Kind)
        {
            case HandleKind.TypeReference:
                return TypePath(md, (TypeReferenceHandle)type.ResolutionScope) is { } outer ? $"{outer}.{name}" : null;
            case HandleKind.AssemblyReference:
                // Script submissions are named "ℛ*<id>#<n>-<k>" by Roslyn: an earlier cell of this notebook.
                string assembly = md.GetString(md.GetAssemblyReference((AssemblyReferenceHandle)type.ResolutionScope).Name);
                if (assembly.StartsWith('ℛ')) return null;
                break;
            default:
                return null; // defined in this module
        }
        string ns = md.GetString(type.Namespace);
        return ns.Length == 0 ? name : $"{ns}.{name}";
    }

    private static string WithoutArity(string name) => name.IndexOf('`') is var tick and >= 0 ? name[..tick] : name;
}
