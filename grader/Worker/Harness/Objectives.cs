using Course;
using Course.Grader.Protocol;

namespace Course.Worker.Harness;

/// <summary>
/// The functions an optimizer is run on when it is checked: the worker computes their gradients itself, with plain
/// known-correct code, so that only the optimizer differs between the student's worker and the reference's.
/// </summary>
internal sealed class Objectives<T>(Objective objective, IReadOnlyList<Tensor<T>> inputs) where T : IFloatingPointIeee754<T>
{
    /// <summary>Writes the gradient at the parameters' current values into their Grad (overwriting it).</summary>
    public void Gradients(IReadOnlyList<Parameter<T>> parameters)
    {
        switch (objective)
        {
            case Objective.Quadratic:
                for (int k = 0; k < parameters.Count; k++)
                {
                    var (a, c, p) = (inputs[2 * k].Data, inputs[2 * k + 1].Data, parameters[k]);
                    for (int i = 0; i < a.Length; i++) p.Grad.Data[i] = a[i] * (p.Value.Data[i] - c[i]);
                }
                break;
            case Objective.Rosenbrock:
                foreach (var p in parameters)
                    for (int i = 0; i + 1 < p.Value.Length; i += 2)
                    {
                        T x = p.Value.Data[i], y = p.Value.Data[i + 1], two = T.CreateChecked(2), hundred = T.CreateChecked(100);
                        p.Grad.Data[i] = -two * (T.One - x) - two * two * hundred * x * (y - x * x);
                        p.Grad.Data[i + 1] = two * hundred * (y - x * x);
                    }
                break;
            case Objective.Mlp:
                MlpGradients(parameters);
                break;
            case Objective.FixedGradients:
                for (int k = 0; k < parameters.Count; k++) inputs[k].Data.AsSpan().CopyTo(parameters[k].Grad.Data);
                break;
            default:
                throw new ProtocolException($"unknown objective {objective}");
        }
    }

    // loss = mean((tanh(X·W1 + b1)·W2 + b2 − Y)²): the fully connected homework's network, differentiated by hand.
    private void MlpGradients(IReadOnlyList<Parameter<T>> p)
    {
        if (p.Count != 4) throw new ProtocolException("the MLP objective has four parameters: W1, b1, W2, b2");
        var (x, y) = (inputs[0], inputs[1]);
        var h = x.MatMul(p[0].Value).AddRowVector(p[1].Value).Tanh();
        var output = h.MatMul(p[2].Value).AddRowVector(p[3].Value);
        var dOutput = (output - y) * T.CreateChecked(2.0 / output.Length);
        p[2].Grad.CopyFrom(h.Transpose().MatMul(dOutput));
        p[3].Grad.CopyFrom(dOutput.Sum(0));
        var dPre = dOutput.MatMul(p[2].Value.Transpose()) * (T.One - h.Square());
        p[0].Grad.CopyFrom(x.Transpose().MatMul(dPre));
        p[1].Grad.CopyFrom(dPre.Sum(0));
    }
}
