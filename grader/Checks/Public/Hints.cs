namespace Course.Grader.Checks.Public;

/// <summary>
/// What a student is told when a check fails: the textbook formula the unit's code should follow. Only public,
/// lecture-note material lives here (the hidden reference is never consulted).
/// </summary>
public static class Hints
{
    private static readonly Dictionary<string, string> InputGradient = new()
    {
        ["linear"] = "dX = dY·Wᵀ",
        ["relu"] = "dX = dY ⊙ f′(X), with f′(x) = 1 where x > 0 and 0 elsewhere",
        ["leaky_relu"] = "dX = dY ⊙ f′(X), with f′(x) = 1 where x > 0 and negativeSlope elsewhere",
        ["sigmoid"] = "dX = dY ⊙ Y ⊙ (1 − Y), with Y = σ(X) kept from Forward",
        ["tanh"] = "dX = dY ⊙ (1 − Y²), with Y = tanh(X) kept from Forward",
        ["softplus"] = "dX = dY ⊙ σ(X): the derivative of log(1 + eˣ) is the sigmoid",
        ["elu"] = "dX = dY ⊙ f′(X), with f′(x) = 1 where x > 0 and alpha·eˣ elsewhere",
        ["softmax"] = "row by row, dX = Y ⊙ (dY − Σⱼ dYⱼ·Yⱼ), with Y the softmax kept from Forward",
        ["log_softmax"] = "row by row, dX = dY − softmax(X)·Σⱼ dYⱼ",
        ["sequential"] = "pass the gradient through the layers in reverse order: g = layer.Backward(g), last layer first",
        ["mse"] = "dInput = 2·(input − target) / N, N the number of elements (the loss is a mean)",
        ["bce"] = "dInput = (p − y) / (p·(1 − p)) / N, N the number of elements (the loss is a mean)",
        ["bce_logits"] = "dInput = (σ(x) − y) / N, N the number of elements (the loss is a mean)",
        ["softmax_ce"] = "dInput = (softmax(x) − target) / batch (the loss is the mean over the rows)",
    };

    // The autodiff homework's operations: the vector-Jacobian product of each, as the lecture writes it.
    private static readonly Dictionary<string, string> FunctionGradient = new()
    {
        ["add"] = "da = dY and db = dY, each summed back to its input's shape",
        ["sub"] = "da = dY and db = −dY, each summed back to its input's shape",
        ["mul"] = "da = dY ⊙ b and db = dY ⊙ a, each summed back to its input's shape",
        ["div"] = "da = dY / b and db = −dY ⊙ a / b², each summed back to its input's shape",
        ["neg"] = "dx = −dY",
        ["pow"] = "dx = dY ⊙ p·x^(p−1)",
        ["exp"] = "dx = dY ⊙ eˣ (the output itself)",
        ["log"] = "dx = dY / x",
        ["matmul"] = "dA = dY·Bᵀ and dB = Aᵀ·dY",
        ["sum"] = "dx = dY repeated (broadcast) along the summed axes",
        ["mean"] = "dx = dY repeated along the averaged axes, divided by the number of elements averaged",
        ["broadcast"] = "dx = dY summed over the axes that were stretched (and the leading axes x did not have)",
        ["reshape"] = "dx = dY reshaped back to x's shape",
        ["transpose"] = "dx = dY with the same two axes swapped back",
        ["relu"] = "dx = dY where x > 0, and 0 elsewhere",
        ["sigmoid"] = "dx = dY ⊙ y ⊙ (1 − y), with y = σ(x) kept from Forward",
        ["tanh"] = "dx = dY ⊙ (1 − y²), with y = tanh(x) kept from Forward",
        ["log_softmax"] = "along the axis, dx = dY − softmax(x) · Σ dY",
    };

    public const string Unbroadcast =
        "this input was broadcast in Forward, so its gradient must be summed over the stretched axes (those where the input has extent 1, " +
        "and the leading axes it lacks) to get back to the input's shape";

    /// <summary>The vector-Jacobian product of an autodiff operation, or null if none is on file.</summary>
    public static string? ForFunctionGradient(string unit) => FunctionGradient.GetValueOrDefault(unit);

    /// <summary>The output shape of an autodiff operation.</summary>
    public static string FunctionOutputShape(string unit) => unit switch
    {
        "add" or "sub" or "mul" or "div" => "the output has the two inputs' broadcast shape (Tensor<T>.BroadcastShape)",
        "matmul" => "(n, k) · (k, m) gives (n, m)",
        "sum" or "mean" => "the reduced axes disappear, or stay with extent 1 when keepDims is true; reducing every axis gives shape ()",
        "broadcast" or "reshape" => "the output has the shape given to the constructor (a −1 extent is inferred)",
        "transpose" => "the output has the input's shape with the two axes swapped",
        _ => "an element-wise operation keeps the shape of its input",
    };

    private static readonly Dictionary<(string Unit, string Parameter), string> ParameterGradient = new()
    {
        [("linear", "weight")] = "dW = Xᵀ·dY, added to Weight.Grad",
        [("linear", "bias")] = "db = the column sums of dY (dY.Sum(0)), added to Bias.Grad",
    };

    public const string ChainRule =
        "Backward must differentiate what your Forward computes: apply the chain rule (dL/dθ = dL/dY · ∂Y/∂θ) and " +
        "check every transpose, every factor and what Forward cached for Backward";

    public const string Accumulate =
        "accumulate with += (AddInPlace) into Parameter.Grad instead of overwriting it; ZeroGrad clears the gradients between steps";

    /// <summary>The formula for the gradient Backward returns (dX, or a loss's dInput), or null if none is on file.</summary>
    public static string? ForInputGradient(string unit) => InputGradient.GetValueOrDefault(unit);

    public static string? ForParameterGradient(string unit, string parameter) =>
        ParameterGradient.GetValueOrDefault((unit, parameter))
        ?? (unit == "sequential"
            // Sequential is checked with known-correct layers inside it, so only the container can be at fault.
            ? "the layers inside compute their own gradients correctly: Backward must visit every layer, last to first, and Parameters() must list the layers' parameters in layer order"
            : null);

    /// <summary>Why Forward may produce NaN or infinity, for the units where it usually happens.</summary>
    public static string NotFinite(string unit) => unit switch
    {
        "softmax" or "log_softmax" or "softmax_ce" =>
            "eˣ overflows for large x: subtract each row's maximum before exponentiating (it changes nothing mathematically)",
        "softplus" => "log(1 + eˣ) overflows for large x: compute it as max(x, 0) + log(1 + e^−|x|)",
        "sigmoid" or "bce_logits" => "e^−x overflows for large negative x: use the Tensor library's Sigmoid, or a form whose exponent is never positive",
        "elu" => "eˣ overflows for large positive x: exponentiate min(x, 0) only",
        "bce" => "log(0) is −∞: clamp each log at −100, as PyTorch does",
        _ => "look for a division by zero, the log of 0 or eˣ of a large x",
    };

    /// <summary>A shape the output of Forward must have.</summary>
    public static string OutputShape(string unit) => unit switch
    {
        "linear" => "Y = X·W + b has one row per sample and outFeatures columns",
        "sequential" => "Forward returns the last layer's output (each layer's output feeds the next)",
        _ => "an activation works element by element (or row by row) and keeps the shape of its input",
    };

    /// <summary>What to say when the gradient Backward returns has the wrong shape.</summary>
    public static string InputGradientShape(string unit, bool loss) =>
        (loss ? "dInput must have the input's shape" : "dX must have the input's shape") +
        (ForInputGradient(unit) is { } formula ? $": {formula}" : "");
}
