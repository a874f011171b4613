namespace Course.Tests.Reference;

/// <summary>
/// Every graded unit written as the plainest possible float64 loops straight from its definition: no stability
/// tricks beyond those the definition needs, no vectors, no shared code with the reference. Backward rules are
/// vector–Jacobian products with the Jacobian written out element by element.
/// </summary>
internal static class ScalarReference
{
    // ---- Linear: Y = X·W + b --------------------------------------------------------------------------------

    public static double[] LinearForward(double[] x, double[] w, double[] b, int batch, int inF, int outF)
    {
        var y = new double[batch * outF];
        for (int i = 0; i < batch; i++)
            for (int j = 0; j < outF; j++)
            {
                double sum = b[j];
                for (int p = 0; p < inF; p++) sum += x[i * inF + p] * w[p * outF + j];
                y[i * outF + j] = sum;
            }
        return y;
    }

    /// <summary>dX[i, p] = Σ_j dY[i, j]·W[p, j]; dW[p, j] = Σ_i X[i, p]·dY[i, j]; db[j] = Σ_i dY[i, j].</summary>
    public static (double[] dx, double[] dw, double[] db) LinearBackward(double[] x, double[] w, double[] dy, int batch, int inF, int outF)
    {
        var dx = new double[batch * inF];
        var dw = new double[inF * outF];
        var db = new double[outF];
        for (int i = 0; i < batch; i++)
            for (int j = 0; j < outF; j++)
            {
                double g = dy[i * outF + j];
                db[j] += g;
                for (int p = 0; p < inF; p++)
                {
                    dx[i * inF + p] += g * w[p * outF + j];
                    dw[p * outF + j] += x[i * inF + p] * g;
                }
            }
        return (dx, dw, db);
    }

    // ---- element-wise activations: y = f(x), dx = dy·f'(x) ---------------------------------------------------

    public static double Relu(double x) => x > 0 ? x : 0;
    public static double ReluDerivative(double x) => x > 0 ? 1 : 0;
    public static double LeakyRelu(double x, double slope) => x > 0 ? x : slope * x;
    public static double LeakyReluDerivative(double x, double slope) => x > 0 ? 1 : slope;
    public static double Sigmoid(double x) => 1 / (1 + Math.Exp(-x));
    public static double SigmoidDerivative(double x) => Sigmoid(x) * (1 - Sigmoid(x));
    public static double TanhDerivative(double x) => 1 - Math.Tanh(x) * Math.Tanh(x);
    public static double Softplus(double x) => Math.Log(1 + Math.Exp(x));
    public static double Elu(double x, double alpha) => x > 0 ? x : alpha * (Math.Exp(x) - 1);
    public static double EluDerivative(double x, double alpha) => x > 0 ? 1 : alpha * Math.Exp(x);

    public static double[] Map(double[] x, Func<double, double> f) => x.Select(f).ToArray();

    public static double[] ChainRule(double[] x, double[] dy, Func<double, double> derivative) =>
        x.Select((value, i) => dy[i] * derivative(value)).ToArray();

    // ---- row-wise: softmax and log-softmax ----------------------------------------------------------------------

    public static double[] Softmax(double[] x, int columns)
    {
        var y = new double[x.Length];
        for (int r = 0; r < x.Length / columns; r++)
        {
            double max = double.NegativeInfinity, sum = 0;
            for (int c = 0; c < columns; c++) max = Math.Max(max, x[r * columns + c]);
            for (int c = 0; c < columns; c++) sum += Math.Exp(x[r * columns + c] - max);
            for (int c = 0; c < columns; c++) y[r * columns + c] = Math.Exp(x[r * columns + c] - max) / sum;
        }
        return y;
    }

    public static double[] LogSoftmax(double[] x, int columns)
    {
        var y = new double[x.Length];
        for (int r = 0; r < x.Length / columns; r++)
        {
            double max = double.NegativeInfinity, sum = 0;
            for (int c = 0; c < columns; c++) max = Math.Max(max, x[r * columns + c]);
            for (int c = 0; c < columns; c++) sum += Math.Exp(x[r * columns + c] - max);
            for (int c = 0; c < columns; c++) y[r * columns + c] = x[r * columns + c] - max - Math.Log(sum);
        }
        return y;
    }

    /// <summary>dx_i = Σ_j dy_j · ∂y_j/∂x_i with ∂softmax_j/∂x_i = s_j (δ_ij − s_i).</summary>
    public static double[] SoftmaxBackward(double[] x, double[] dy, int columns)
    {
        var s = Softmax(x, columns);
        var dx = new double[x.Length];
        for (int r = 0; r < x.Length / columns; r++)
            for (int i = 0; i < columns; i++)
                for (int j = 0; j < columns; j++)
                    dx[r * columns + i] += dy[r * columns + j] * s[r * columns + j] * ((i == j ? 1 : 0) - s[r * columns + i]);
        return dx;
    }

    /// <summary>dx_i = Σ_j dy_j · ∂y_j/∂x_i with ∂logsoftmax_j/∂x_i = δ_ij − s_i.</summary>
    public static double[] LogSoftmaxBackward(double[] x, double[] dy, int columns)
    {
        var s = Softmax(x, columns);
        var dx = new double[x.Length];
        for (int r = 0; r < x.Length / columns; r++)
            for (int i = 0; i < columns; i++)
                for (int j = 0; j < columns; j++)
                    dx[r * columns + i] += dy[r * columns + j] * ((i == j ? 1 : 0) - s[r * columns + i]);
        return dx;
    }

    // ---- losses: value and dLoss/dInput -----------------------------------------------------------------------

    public static double Mse(double[] x, double[] y) => x.Select((v, i) => (v - y[i]) * (v - y[i])).Sum() / x.Length;

    public static double[] MseGradient(double[] x, double[] y) => x.Select((v, i) => 2 * (v - y[i]) / x.Length).ToArray();

    public static double Bce(double[] p, double[] y) =>
        p.Select((v, i) => -(y[i] * Math.Log(v) + (1 - y[i]) * Math.Log(1 - v))).Sum() / p.Length;

    public static double[] BceGradient(double[] p, double[] y) =>
        p.Select((v, i) => (-y[i] / v + (1 - y[i]) / (1 - v)) / p.Length).ToArray();

    public static double BceWithLogits(double[] x, double[] y) => Bce(Map(x, Sigmoid), y);

    public static double[] BceWithLogitsGradient(double[] x, double[] y) =>
        x.Select((v, i) => (Sigmoid(v) - y[i]) / x.Length).ToArray();

    public static double SoftmaxCrossEntropy(double[] x, double[] y, int columns)
    {
        var logP = LogSoftmax(x, columns);
        return -logP.Select((v, i) => y[i] * v).Sum() / (x.Length / columns);
    }

    /// <summary>d/dx_i of −Σ_j y_j log s_j, averaged over rows: Σ_j y_j (s_i − δ_ij) / N.</summary>
    public static double[] SoftmaxCrossEntropyGradient(double[] x, double[] y, int columns)
    {
        var s = Softmax(x, columns);
        int rows = x.Length / columns;
        var dx = new double[x.Length];
        for (int r = 0; r < rows; r++)
            for (int i = 0; i < columns; i++)
                for (int j = 0; j < columns; j++)
                    dx[r * columns + i] += y[r * columns + j] * (s[r * columns + i] - (i == j ? 1 : 0)) / rows;
        return dx;
    }
}
