using Course.Grader.Protocol;

namespace Course.Grader.Units;

/// <summary>
/// What the grader knows about a graded unit: the class students write, which checks apply, and how to draw its
/// inputs. Inputs come from the grader's seed, never from the worker, so a grade is reproducible from
/// (submission, seed) alone.
/// </summary>
public abstract record UnitDefinition(string Id, string ClassName, IReadOnlyList<string> Checks);

/// <summary>A layer: forward and backward checked against the reference and by central differences.</summary>
public sealed record ModuleUnit(
    string Id,
    string ClassName,
    Func<Random, IReadOnlyList<ModuleCase>> Cases,
    Func<Random, ModuleCase>? SpeedCase) : UnitDefinition(Id, ClassName, SpeedCase is null ? ["forward", "gradient"] : ["forward", "gradient", "speed"]);

/// <summary>A loss: the value and dLoss/dInput.</summary>
public sealed record LossUnit(
    string Id,
    string ClassName,
    Func<Random, IReadOnlyList<LossCase>> Cases,
    Func<Random, LossCase> SpeedCase) : UnitDefinition(Id, ClassName, ["forward", "gradient", "speed"]);

/// <summary>An initialiser: samples must follow the documented distribution ("forward" is that check).</summary>
public sealed record InitializerUnit(string Id, string ClassName, Distribution Distribution) : UnitDefinition(Id, ClassName, ["forward"]);

public enum Distribution { XavierUniform, HeNormal }

/// <summary>
/// One module input. <see cref="Label"/> names the case in messages; <see cref="GradientCheck"/> says whether the
/// case is smooth enough for central differences (edge cases such as huge logits are forward-only).
/// </summary>
public sealed record ModuleCase(
    string Label,
    UnitSpec Spec,
    IReadOnlyList<WireTensor> Parameters,
    IReadOnlyList<string> ParameterNames,
    WireTensor Input,
    WireTensor GradOutput,
    bool Training = true,
    bool GradientCheck = true);

public sealed record LossCase(string Label, UnitSpec Spec, WireTensor Input, WireTensor Target, bool GradientCheck = true);
