// @unit linear
// A correct Linear written with plain loops over the indexer: right answers, slowly.
public class Linear<T> : Module<T> where T : IFloatingPointIeee754<T>
{
    private Tensor<T>? input;

    public Linear(int inFeatures, int outFeatures, Random? random = null)
    {
        double bound = 1.0 / Math.Sqrt(inFeatures);
        Weight = new Parameter<T>("weight", Tensor<T>.RandomUniform(random ?? new Random(), -bound, bound, inFeatures, outFeatures));
        Bias = new Parameter<T>("bias", Tensor<T>.Zeros(outFeatures));
    }

    public Parameter<T> Weight { get; }

    public Parameter<T> Bias { get; }

    public override Tensor<T> Forward(Tensor<T> input)
    {
        this.input = input;
        int n = input.Rows, k = input.Columns, m = Weight.Value.Columns;
        var y = new Tensor<T>(n, m);
        for (int i = 0; i < n; i++)
            for (int j = 0; j < m; j++)
            {
                T sum = Bias.Value[j];
                for (int p = 0; p < k; p++) sum += input[i, p] * Weight.Value[p, j];
                y[i, j] = sum;
            }
        return y;
    }

    public override Tensor<T> Backward(Tensor<T> gradOutput)
    {
        var x = input!;
        int n = x.Rows, k = x.Columns, m = gradOutput.Columns;
        var dx = new Tensor<T>(n, k);
        for (int i = 0; i < n; i++)
            for (int p = 0; p < k; p++)
            {
                T sum = T.Zero;
                for (int j = 0; j < m; j++) sum += gradOutput[i, j] * Weight.Value[p, j];
                dx[i, p] = sum;
            }
        for (int p = 0; p < k; p++)
            for (int j = 0; j < m; j++)
            {
                T sum = T.Zero;
                for (int i = 0; i < n; i++) sum += x[i, p] * gradOutput[i, j];
                Weight.Grad[p, j] += sum;
            }
        for (int j = 0; j < m; j++)
            for (int i = 0; i < n; i++) Bias.Grad[j] += gradOutput[i, j];
        return dx;
    }

    public override IEnumerable<Parameter<T>> Parameters() => [Weight, Bias];
}
