using Course.Grader.Protocol;
using Course.Grader.Workers;

namespace Course.Grader.Checks.Public;

/// <summary>
/// Calls into the student's worker, and nothing else: the public checks have no reference to ask. Every way a call
/// can go wrong becomes a <see cref="PublicCheckFailure"/> (with a hint), a <see cref="NotImplementedYet"/>, or a
/// <see cref="UnitStopped"/> when the worker had to be killed.
/// </summary>
public sealed class StudentCalls(WorkerSession student, TimeSpan deadline, string unitId, string className, string unitLocation)
{
    public IReadOnlyList<WireTensor> Call(CallRequest request, string what)
    {
        CallResult result;
        try { result = student.Call(request, deadline); }
        catch (WorkerFailedException e) when (e.Failure == WorkerFailure.Timeout)
        {
            throw new UnitStopped($"{what} did not finish within {deadline.TotalSeconds:0.#} s{unitLocation}",
                "look for a loop whose condition never changes; --timeout S allows more time if your code is only slow");
        }
        catch (WorkerFailedException e)
        {
            bool overflow = e.Message.Contains("stack overflow");
            throw new UnitStopped($"{what} crashed the process it ran in: {e.Message}{unitLocation}",
                overflow ? "a method calls itself without end (Forward calling Forward, a property returning itself)" : null);
        }
        if (result.Step.Length > 0) what = result.Step;
        return result.Status switch
        {
            CallStatus.Ok => result.Outputs,
            CallStatus.NotImplemented => throw new NotImplementedYet($"{what} throws NotImplementedException{At(result)}"),
            CallStatus.Missing => throw new PublicCheckFailure(result.Message,
                $"keep the class as the notebook hands it out: {className}<T>, in the cell marked // @unit {unitId}"),
            CallStatus.ParameterMismatch => throw new PublicCheckFailure($"{what}: {result.Message}",
                "Parameters() must yield the layer's parameters, in the documented order, with the shapes the constructor gives them"),
            CallStatus.ContractViolation => throw new PublicCheckFailure($"{what}: {Shorten(result.Message)}{At(result)}",
                "the contract in the unit's cell (and in assignments/README.md) says what this method must and must not do"),
            _ => throw new PublicCheckFailure($"{what} threw {result.ExceptionType}{At(result)}: {Shorten(result.Message)}",
                result.FromContract
                    ? "the Tensor library threw this: print the shapes of the operands (t.ShapeString) just before that line"
                    : "run the unit's cell and its self-check in the notebook to see the whole exception"),
        };
    }

    private static string At(CallResult r) => r.Cell > 0 ? $" (cell {r.Cell}, line {r.Line})" : "";

    private static string Shorten(string message) => message.Length <= 300 ? message : message[..300] + "…";
}
