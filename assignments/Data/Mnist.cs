namespace Course.Data;

/// <summary>
/// Labelled images as the networks of the course consume them: one flattened image per row of
/// <see cref="Images"/>, pixel values scaled to [0, 1], and the class of each row in <see cref="Labels"/>.
/// </summary>
public sealed class LabeledImages
{
    public LabeledImages(Tensor<float> images, int[] labels)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(labels);
        if (images.Rank != 2)
            throw new ArgumentException($"Images must be a 2-D tensor (count, pixels), not shape {images.ShapeString}.");
        if (images.Rows != labels.Length)
            throw new ArgumentException($"{images.Rows} images but {labels.Length} labels; they must match.");
        Images = images;
        Labels = labels;
    }

    /// <summary>(count, pixels), float in [0, 1]; for MNIST pixels = 28·28 = 784.</summary>
    public Tensor<float> Images { get; }

    /// <summary>The class of each image, e.g. the digit 0–9.</summary>
    public int[] Labels { get; }

    public int Count => Labels.Length;

    /// <summary>The images and labels at <paramref name="indices"/>, in that order (copies): a mini-batch.</summary>
    public LabeledImages Subset(ReadOnlySpan<int> indices)
    {
        int pixels = Images.Columns;
        var images = new Tensor<float>(indices.Length, pixels);
        var labels = new int[indices.Length];
        for (int i = 0; i < indices.Length; i++)
        {
            int source = indices[i];
            if ((uint)source >= (uint)Count)
                throw new ArgumentOutOfRangeException(nameof(indices), $"Index {source} is outside a set of {Count} images.");
            Images.Row(source).CopyTo(images.Row(i));
            labels[i] = Labels[source];
        }
        return new LabeledImages(images, labels);
    }

    /// <summary>
    /// Shuffles the images with <c>new Random(seed)</c> and cuts them in two: the first <paramref name="firstCount"/>
    /// (e.g. for training) and the rest (e.g. held out). The same seed always gives the same split.
    /// </summary>
    public (LabeledImages First, LabeledImages Second) Split(int firstCount, int seed)
    {
        if (firstCount < 0 || firstCount > Count)
            throw new ArgumentOutOfRangeException(nameof(firstCount), $"Cannot take {firstCount} of {Count} images.");
        var order = Enumerable.Range(0, Count).ToArray();
        new Random(seed).Shuffle(order);
        return (Subset(order.AsSpan(0, firstCount)), Subset(order.AsSpan(firstCount)));
    }

    /// <summary>How many images of each class, indexed by class.</summary>
    public int[] ClassCounts(int classes)
    {
        var counts = new int[classes];
        foreach (int label in Labels) counts[label]++;
        return counts;
    }

    public override string ToString() => $"{Count} images of {Images.Columns} pixels";
}

/// <summary>Loads MNIST from the IDX files of the standard distribution.</summary>
/// <remarks>
/// MNIST by Yann LeCun, Corinna Cortes and Christopher J. C. Burges, licensed CC BY-SA 3.0. The course ships only the
/// 10,000 test images (prefix <c>t10k</c>) in <c>notebooks/data/mnist</c>; the 60,000 training images (prefix
/// <c>train</c>) load the same way when placed in the directory.
/// </remarks>
public static class Mnist
{
    public const int ImageRows = 28;
    public const int ImageColumns = 28;
    public const int Pixels = ImageRows * ImageColumns;
    public const int Classes = 10;

    /// <summary>
    /// Reads <c>{prefix}-images-idx3-ubyte[.gz]</c> and <c>{prefix}-labels-idx1-ubyte[.gz]</c> from
    /// <paramref name="directory"/>: images as (count, 784) floats in [0, 1], labels as digits.
    /// </summary>
    /// <exception cref="FileNotFoundException">A file is missing (the message lists the names tried).</exception>
    /// <exception cref="InvalidDataException">A file is malformed, or the two files disagree on the count.</exception>
    public static LabeledImages Load(string directory, string prefix = "t10k")
    {
        string imagesPath = Find(directory, $"{prefix}-images-idx3-ubyte");
        string labelsPath = Find(directory, $"{prefix}-labels-idx1-ubyte");
        var images = Idx.Read(imagesPath, Idx.ImagesMagic);
        var labels = Idx.Read(labelsPath, Idx.LabelsMagic);

        int[] dims = images.Dimensions;
        int count = dims[0], pixels = dims[1] * dims[2];
        if (labels.Dimensions[0] != count)
            throw new InvalidDataException(
                $"{imagesPath} holds {count} images but {labelsPath} holds {labels.Dimensions[0]} labels; " +
                "the two files must come from the same set.");
        if (dims[1] != ImageRows || dims[2] != ImageColumns)
            throw new InvalidDataException(
                $"{imagesPath}: images are {dims[1]}x{dims[2]} pixels; MNIST images are {ImageRows}x{ImageColumns}.");

        var labelValues = new int[count];
        for (int i = 0; i < count; i++)
        {
            labelValues[i] = labels.Data[i];
            if (labelValues[i] >= Classes)
                throw new InvalidDataException($"{labelsPath}: label {labelValues[i]} at index {i} is not a digit 0-9.");
        }

        var scale = new float[256];
        for (int v = 0; v < scale.Length; v++) scale[v] = v / 255f;
        var pixelValues = new float[images.Data.Length];
        for (int i = 0; i < pixelValues.Length; i++) pixelValues[i] = scale[images.Data[i]];
        return new LabeledImages(new Tensor<float>(pixelValues, count, pixels), labelValues);
    }

    /// <summary>
    /// One-hot rows: (count, <paramref name="classes"/>) with a 1 in column <c>labels[i]</c> of row i, the target
    /// format of <c>SoftmaxCrossEntropyLoss</c>.
    /// </summary>
    public static Tensor<T> OneHot<T>(int[] labels, int classes = Classes) where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(labels);
        if (classes <= 0) throw new ArgumentOutOfRangeException(nameof(classes), "The number of classes must be positive.");
        var result = new Tensor<T>(labels.Length, classes);
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classes)
                throw new ArgumentOutOfRangeException(nameof(labels), $"Label {labels[i]} at index {i} is not in 0..{classes - 1}.");
            result[i, labels[i]] = T.One;
        }
        return result;
    }

    /// <summary>The fraction of rows of <paramref name="scores"/> whose largest entry is at the row's label.</summary>
    public static double Accuracy<T>(Tensor<T> scores, int[] labels) where T : IFloatingPointIeee754<T>
    {
        ArgumentNullException.ThrowIfNull(scores);
        ArgumentNullException.ThrowIfNull(labels);
        int[] predicted = scores.ArgMaxRows();
        if (predicted.Length != labels.Length)
            throw new ArgumentException($"{predicted.Length} rows of scores but {labels.Length} labels.");
        if (labels.Length == 0) return 0;
        int correct = 0;
        for (int i = 0; i < labels.Length; i++) if (predicted[i] == labels[i]) correct++;
        return (double)correct / labels.Length;
    }

    private static string Find(string directory, string name)
    {
        ArgumentNullException.ThrowIfNull(directory);
        string gz = Path.Combine(directory, name + ".gz"), raw = Path.Combine(directory, name);
        if (File.Exists(gz)) return gz;
        if (File.Exists(raw)) return raw;
        throw new FileNotFoundException(
            $"MNIST file not found: tried {gz} and {raw} (working directory {Environment.CurrentDirectory}).", gz);
    }
}
