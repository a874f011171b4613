using Course.Reference;

namespace Course.Tests.Reference;

/// <summary>Linear's backward pass without dX (a first layer whose input is data) accumulates the same dW and db.</summary>
public class LinearParameterGradientTests
{
    [TestCase(1, 7, 3)]
    [TestCase(13, 29, 17)]
    [TestCase(128, 784, 10)]
    public void BackwardParametersOnly_accumulates_what_Backward_does(int batch, int inFeatures, int outFeatures)
    {
        var full = new Linear<double>(inFeatures, outFeatures, new Random(3));
        var partial = new Linear<double>(inFeatures, outFeatures, new Random(3));
        var r = new Random(4);
        for (int pass = 0; pass < 2; pass++)
        {
            var x = Tensor<double>.RandomNormal(r, 0, 1, batch, inFeatures);
            var dy = Tensor<double>.RandomNormal(r, 0, 1, batch, outFeatures);
            full.Forward(x);
            full.Backward(dy);
            partial.Forward(x);
            partial.BackwardParametersOnly(dy);
        }
        Assert.That(partial.Weight.Grad.Data, Is.EqualTo(full.Weight.Grad.Data), "dW, accumulated over two passes");
        Assert.That(partial.Bias.Grad.Data, Is.EqualTo(full.Bias.Grad.Data), "db, accumulated over two passes");
    }

    [Test]
    public void BackwardParametersOnly_before_Forward_says_so() =>
        Assert.That(() => new Linear<float>(3, 2).BackwardParametersOnly(new Tensor<float>(1, 2)),
            Throws.InvalidOperationException.With.Message.Contains("Backward was called before Forward"));
}
