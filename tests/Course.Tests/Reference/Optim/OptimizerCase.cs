using Course;
using Course.Reference;

namespace Course.Tests.Reference.Optim;

/// <summary>
/// One optimizer of the homework: the reference built over float64 or float32 parameters with given learning rate
/// and weight decay, and its scalar definition with the same hyper-parameters. The other hyper-parameters are set
/// away from their defaults and passed by position, as the grader binds them, so a swapped pair would show.
/// </summary>
public sealed record OptimizerCase(
    string Name,
    double LearningRate,
    Func<IEnumerable<Parameter<double>>, double, double, Optimizer<double>> Create,
    Func<IEnumerable<Parameter<float>>, double, double, Optimizer<float>> CreateFloat,
    Func<double, ScalarOptimizer> Scalar)
{
    public override string ToString() => Name;

    public static IEnumerable<OptimizerCase> All()
    {
        yield return new("sgd", 0.1,
            (p, lr, wd) => new SGD<double>(p, lr, wd), (p, lr, wd) => new SGD<float>(p, lr, wd),
            wd => new ScalarSgd(wd));
        yield return new("momentum", 0.05,
            (p, lr, wd) => new Momentum<double>(p, lr, 0.8, wd), (p, lr, wd) => new Momentum<float>(p, lr, 0.8, wd),
            wd => new ScalarMomentum(0.8, wd));
        yield return new("nesterov", 0.05,
            (p, lr, wd) => new Nesterov<double>(p, lr, 0.8, wd), (p, lr, wd) => new Nesterov<float>(p, lr, 0.8, wd),
            wd => new ScalarNesterov(0.8, wd));
        yield return new("rmsprop", 0.01,
            (p, lr, wd) => new RMSProp<double>(p, lr, 0.9, 1e-6, wd), (p, lr, wd) => new RMSProp<float>(p, lr, 0.9, 1e-6, wd),
            wd => new ScalarRmsProp(0.9, 1e-6, wd));
        yield return new("adadelta", 1.0,
            (p, lr, wd) => new AdaDelta<double>(p, lr, 0.8, 1e-4, wd), (p, lr, wd) => new AdaDelta<float>(p, lr, 0.8, 1e-4, wd),
            wd => new ScalarAdaDelta(0.8, 1e-4, wd));
        yield return new("adam", 0.01,
            (p, lr, wd) => new Adam<double>(p, lr, 0.8, 0.99, 1e-6, wd), (p, lr, wd) => new Adam<float>(p, lr, 0.8, 0.99, 1e-6, wd),
            wd => new ScalarAdam(0.8, 0.99, 1e-6, wd));
        yield return new("adamw", 0.01,
            (p, lr, wd) => new AdamW<double>(p, lr, 0.8, 0.99, 1e-6, wd), (p, lr, wd) => new AdamW<float>(p, lr, 0.8, 0.99, 1e-6, wd),
            wd => new ScalarAdam(0.8, 0.99, 1e-6, wd, decoupled: true));
    }
}
