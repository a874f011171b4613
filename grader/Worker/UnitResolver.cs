using System.Reflection;
using Course.Grader.Protocol;
using Course.Worker.Harness;

namespace Course.Worker;

/// <summary>
/// Finds a graded unit's class by name among the loaded code (the latest notebook cell that declares it wins, as
/// when a notebook re-runs a cell) and constructs it over the requested element type.
/// </summary>
public sealed class UnitResolver(IReadOnlyList<Assembly> assemblies)
{
    private static readonly Dictionary<string, Type> HarnessTypes = new()
    {
        ["@ProbeAffine"] = typeof(ProbeAffine<>),
        ["@ProbeTanh"] = typeof(ProbeTanh<>),
    };

    /// <param name="leading">A first constructor argument the worker supplies itself (an optimizer's parameters),
    /// before those of <paramref name="spec"/>.</param>
    public TUnit Create<T, TUnit>(UnitSpec spec, object? leading = null) where T : IFloatingPointIeee754<T> where TUnit : class
    {
        var type = Find(spec.ClassName);
        if (type.IsGenericTypeDefinition)
        {
            try { type = type.MakeGenericType(typeof(T)); }
            catch (ArgumentException)
            {
                throw new MissingUnitException($"class {spec.ClassName}<T> cannot be used with T = {typeof(T).Name}: constrain T by IFloatingPointIeee754<T> only");
            }
        }
        if (type.IsAbstract) throw new MissingUnitException($"class {spec.ClassName} is abstract; it must be a concrete class");
        if (!typeof(TUnit).IsAssignableFrom(type))
            throw new MissingUnitException(
                $"class {spec.ClassName} must derive from {Friendly(typeof(TUnit))} (declare it as {spec.ClassName}<T> : {Friendly(typeof(TUnit)).Replace(typeof(T).Name, "T")})");

        foreach (var ctor in type.GetConstructors().OrderBy(c => c.GetParameters().Length))
        {
            var args = Bind<T>(ctor.GetParameters(), spec.Args, leading);
            if (args is null) continue;
            try { return (TUnit)ctor.Invoke(args); }
            catch (TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerException).Throw();
            }
        }
        var accepted = (leading is null ? [] : new[] { $"IEnumerable<Parameter<{typeof(T).Name}>> parameters" }).Concat(spec.Args.Select(Describe));
        throw new MissingUnitException($"class {spec.ClassName} has no public constructor that accepts ({string.Join(", ", accepted)})");
    }

    private Type Find(string className)
    {
        if (HarnessTypes.TryGetValue(className, out var harness)) return harness;
        Type? found = null;
        foreach (var assembly in assemblies)
            foreach (var type in SafeTypes(assembly))
                if (type.Name == className + "`1" || (type.Name == className && !type.IsGenericTypeDefinition))
                    found = type;
        return found ?? throw new MissingUnitException($"no class named {className} was found; declare it in the cell for this unit");
    }

    private static IEnumerable<Type> SafeTypes(Assembly assembly)
    {
        try { return assembly.GetTypes(); }
        catch (ReflectionTypeLoadException e) { return e.Types.Where(t => t is not null)!; }
    }

    private object?[]? Bind<T>(ParameterInfo[] all, IReadOnlyList<UnitArg> args, object? leading) where T : IFloatingPointIeee754<T>
    {
        if (leading is not null && (all.Length == 0 || !all[0].ParameterType.IsInstanceOfType(leading))) return null;
        var parameters = leading is null ? all : all[1..];
        if (args.Count > parameters.Length) return null;
        var values = new object?[parameters.Length];
        for (int i = 0; i < parameters.Length; i++)
        {
            var p = parameters[i];
            if (i >= args.Count)
            {
                if (!p.IsOptional) return null;
                if (!p.HasDefaultValue) return null;
                values[i] = p.DefaultValue;
                continue;
            }
            object? value = (args[i], p.ParameterType) switch
            {
                (UnitArg.Int a, var t) when t == typeof(int) => a.Value,
                (UnitArg.Int a, var t) when t == typeof(long) => (long)a.Value,
                (UnitArg.Real a, var t) when t == typeof(double) => a.Value,
                (UnitArg.Real a, var t) when t == typeof(float) => (float)a.Value,
                (UnitArg.Ints a, var t) when t == typeof(int[]) => a.Values.ToArray(),
                (UnitArg.Ints a, var t) when t.IsAssignableFrom(typeof(List<int>)) => a.Values.ToList(),
                (UnitArg.Bool a, var t) when t == typeof(bool) => a.Value,
                (UnitArg.Modules a, var t) when t == typeof(Module<T>[]) => a.Items.Select(m => Create<T, Module<T>>(m)).ToArray(),
                (UnitArg.Modules a, var t) when t.IsAssignableFrom(typeof(List<Module<T>>)) => a.Items.Select(m => Create<T, Module<T>>(m)).ToList(),
                _ => null,
            };
            if (value is null) return null;
            values[i] = value;
        }
        return leading is null ? values : [leading, .. values];
    }

    private static string Describe(UnitArg arg) => arg switch
    {
        UnitArg.Int => "int",
        UnitArg.Real => "double",
        UnitArg.Modules => "params Module<T>[]",
        UnitArg.Ints => "int[]",
        UnitArg.Bool => "bool",
        _ => "?",
    };

    private static string Friendly(Type t) =>
        t.IsGenericType ? $"{t.Name[..t.Name.IndexOf('`')]}<{string.Join(", ", t.GetGenericArguments().Select(a => a.Name))}>" : t.Name;
}

public sealed class MissingUnitException(string message) : Exception(message);

public sealed class ParameterMismatchException(string message) : Exception(message);
