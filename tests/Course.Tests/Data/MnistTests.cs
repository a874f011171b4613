using System.IO.Compression;
using Course;
using Course.Data;

namespace Course.Tests.Data;

public class MnistTests
{
    private static string ShippedDirectory => Path.Combine(RepoRoot(), "notebooks", "data", "mnist");

    [Test]
    public void Loads_the_shipped_test_set()
    {
        var set = Mnist.Load(ShippedDirectory);

        Assert.That(set.Count, Is.EqualTo(10_000));
        Assert.That(set.Images.Shape, Is.EqualTo(new[] { 10_000, 784 }));
        Assert.That(set.Labels[0], Is.EqualTo(7), "the first test image of MNIST is a 7");
        Assert.That(set.Labels.Take(5), Is.EqualTo(new[] { 7, 2, 1, 0, 4 }));
    }

    [Test]
    public void Shipped_labels_have_a_sane_histogram()
    {
        var counts = Mnist.Load(ShippedDirectory).ClassCounts(Mnist.Classes);

        Assert.That(counts.Sum(), Is.EqualTo(10_000));
        Assert.That(counts, Has.All.InRange(850, 1200), string.Join(", ", counts));
        Assert.That(counts[1], Is.EqualTo(1135), "ones are the most frequent MNIST test digit");
        Assert.That(counts[5], Is.EqualTo(892), "fives are the least frequent MNIST test digit");
    }

    [Test]
    public void Pixels_are_scaled_to_the_unit_interval()
    {
        var images = Mnist.Load(ShippedDirectory).Images;

        Assert.That(images.Data.Min(), Is.EqualTo(0f));
        Assert.That(images.Data.Max(), Is.EqualTo(1f));
        double mean = images.Data.Average(v => (double)v);
        Assert.That(mean, Is.InRange(0.12, 0.14), "MNIST's mean intensity is about 0.13");
        // The first image (a 7) has ink in its middle rows and none in its top-left corner.
        Assert.That(images[0, 0], Is.EqualTo(0f));
        Assert.That(images.Row(0).ToArray().Count(v => v > 0.5f), Is.InRange(50, 200));
    }

    [Test]
    public void Raw_and_gzip_files_read_the_same()
    {
        using var dir = new TempDir();
        WriteIdx(dir.File("a-images-idx3-ubyte.gz"), Idx.ImagesMagic, [2, 28, 28], Pixels(2), gzip: true);
        WriteIdx(dir.File("a-labels-idx1-ubyte.gz"), Idx.LabelsMagic, [2], [3, 9], gzip: true);
        WriteIdx(dir.File("b-images-idx3-ubyte"), Idx.ImagesMagic, [2, 28, 28], Pixels(2), gzip: false);
        WriteIdx(dir.File("b-labels-idx1-ubyte"), Idx.LabelsMagic, [2], [3, 9], gzip: false);

        var a = Mnist.Load(dir.Path, "a");
        var b = Mnist.Load(dir.Path, "b");

        Assert.That(a.Labels, Is.EqualTo(new[] { 3, 9 }));
        Assert.That(b.Labels, Is.EqualTo(a.Labels));
        Assert.That(b.Images.Data, Is.EqualTo(a.Images.Data));
        Assert.That(a.Images[1, 255], Is.EqualTo(Pixels(2)[784 + 255] / 255f));
    }

    [Test]
    public void Bad_magic_is_rejected_naming_the_file()
    {
        using var dir = new TempDir();
        string images = dir.File("t10k-images-idx3-ubyte");
        // A labels header where an images file belongs: a classic mix-up.
        WriteIdx(images, Idx.LabelsMagic, [784], Pixels(1), gzip: false);
        WriteIdx(dir.File("t10k-labels-idx1-ubyte"), Idx.LabelsMagic, [1], [0], gzip: false);

        var ex = Assert.Throws<InvalidDataException>(() => Mnist.Load(dir.Path));
        Assert.That(ex!.Message, Does.Contain(images).And.Contain("magic").And.Contain("0x00000801").And.Contain("0x00000803"));
    }

    [Test]
    public void A_file_that_is_not_idx_at_all_is_rejected()
    {
        using var dir = new TempDir();
        string path = dir.File("notes.txt");
        File.WriteAllText(path, "hello, world");

        var ex = Assert.Throws<InvalidDataException>(() => Idx.Read(path));
        Assert.That(ex!.Message, Does.Contain(path).And.Contain("magic"));
    }

    [TestCase(false)]
    [TestCase(true)]
    public void Truncated_data_is_rejected_naming_the_file(bool gzip)
    {
        using var dir = new TempDir();
        string images = dir.File("t10k-images-idx3-ubyte" + (gzip ? ".gz" : ""));
        WriteIdx(images, Idx.ImagesMagic, [3, 28, 28], Pixels(3)[..(3 * 784 - 100)], gzip);
        WriteIdx(dir.File("t10k-labels-idx1-ubyte"), Idx.LabelsMagic, [3], [1, 2, 3], gzip: false);

        var ex = Assert.Throws<InvalidDataException>(() => Mnist.Load(dir.Path));
        Assert.That(ex!.Message, Does.Contain(images).And.Contain("truncated").And.Contain("2352").And.Contain("2252"));
    }

    [Test]
    public void Truncated_header_is_rejected_naming_the_file()
    {
        using var dir = new TempDir();
        string path = dir.File("short-idx1-ubyte");
        File.WriteAllBytes(path, [0, 0, 8, 1, 0, 0]);

        var ex = Assert.Throws<InvalidDataException>(() => Idx.Read(path, Idx.LabelsMagic));
        Assert.That(ex!.Message, Does.Contain(path).And.Contain("truncated").And.Contain("header"));
    }

    [Test]
    public void Trailing_bytes_are_rejected_naming_the_file()
    {
        using var dir = new TempDir();
        string path = dir.File("long-labels-idx1-ubyte");
        WriteIdx(path, Idx.LabelsMagic, [2], [1, 2, 3], gzip: false);

        var ex = Assert.Throws<InvalidDataException>(() => Idx.Read(path, Idx.LabelsMagic));
        Assert.That(ex!.Message, Does.Contain(path).And.Contain("more bytes"));
    }

    [Test]
    public void Mismatched_counts_are_rejected_naming_both_files()
    {
        using var dir = new TempDir();
        string images = dir.File("t10k-images-idx3-ubyte.gz");
        string labels = dir.File("t10k-labels-idx1-ubyte.gz");
        WriteIdx(images, Idx.ImagesMagic, [3, 28, 28], Pixels(3), gzip: true);
        WriteIdx(labels, Idx.LabelsMagic, [2], [1, 2], gzip: true);

        var ex = Assert.Throws<InvalidDataException>(() => Mnist.Load(dir.Path));
        Assert.That(ex!.Message, Does.Contain(images).And.Contain(labels).And.Contain("3 images").And.Contain("2 labels"));
    }

    [Test]
    public void Labels_outside_0_to_9_are_rejected_naming_the_file()
    {
        using var dir = new TempDir();
        string labels = dir.File("t10k-labels-idx1-ubyte");
        WriteIdx(dir.File("t10k-images-idx3-ubyte"), Idx.ImagesMagic, [2, 28, 28], Pixels(2), gzip: false);
        WriteIdx(labels, Idx.LabelsMagic, [2], [4, 12], gzip: false);

        var ex = Assert.Throws<InvalidDataException>(() => Mnist.Load(dir.Path));
        Assert.That(ex!.Message, Does.Contain(labels).And.Contain("12"));
    }

    [Test]
    public void Corrupt_gzip_is_rejected_naming_the_file()
    {
        using var dir = new TempDir();
        string path = dir.File("broken-idx1-ubyte.gz");
        File.WriteAllBytes(path, [0x1F, 0x8B, 8, 0, 0, 0, 0, 0, 0, 3, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF]);

        var ex = Assert.Throws<InvalidDataException>(() => Idx.Read(path));
        Assert.That(ex!.Message, Does.Contain(path));
    }

    [Test]
    public void A_missing_file_names_the_paths_tried()
    {
        using var dir = new TempDir();

        var ex = Assert.Throws<FileNotFoundException>(() => Mnist.Load(dir.Path, "train"));
        Assert.That(ex!.Message, Does.Contain("train-images-idx3-ubyte.gz").And.Contain("train-images-idx3-ubyte "));
    }

    [Test]
    public void Split_is_a_reproducible_partition()
    {
        var set = Mnist.Load(ShippedDirectory);

        var (train, heldOut) = set.Split(8_000, seed: 1);
        var (train2, _) = set.Split(8_000, seed: 1);
        var (train3, _) = set.Split(8_000, seed: 2);

        Assert.That(train.Count, Is.EqualTo(8_000));
        Assert.That(heldOut.Count, Is.EqualTo(2_000));
        Assert.That(train2.Labels, Is.EqualTo(train.Labels));
        Assert.That(train2.Images.Data, Is.EqualTo(train.Images.Data));
        Assert.That(train3.Labels, Is.Not.EqualTo(train.Labels));
        var together = train.ClassCounts(10).Zip(heldOut.ClassCounts(10), (a, b) => a + b);
        Assert.That(together, Is.EqualTo(set.ClassCounts(10)), "every image lands in exactly one part");
    }

    [Test]
    public void Subset_copies_rows_and_labels_in_order()
    {
        var set = Mnist.Load(ShippedDirectory);

        var batch = set.Subset([5, 0, 5]);

        Assert.That(batch.Labels, Is.EqualTo(new[] { set.Labels[5], set.Labels[0], set.Labels[5] }));
        Assert.That(batch.Images.Row(1).ToArray(), Is.EqualTo(set.Images.Row(0).ToArray()));
        Assert.That(batch.Images.Row(2).ToArray(), Is.EqualTo(set.Images.Row(5).ToArray()));
        Assert.Throws<ArgumentOutOfRangeException>(() => set.Subset([10_000]));
    }

    [Test]
    public void OneHot_puts_a_single_one_in_each_row()
    {
        var y = Mnist.OneHot<double>([2, 0, 9], 10);

        Assert.That(y.Shape, Is.EqualTo(new[] { 3, 10 }));
        Assert.That(y.Sum(1).Data, Is.EqualTo(new double[] { 1, 1, 1 }));
        Assert.That(y[0, 2], Is.EqualTo(1.0));
        Assert.That(y[1, 0], Is.EqualTo(1.0));
        Assert.That(y[2, 9], Is.EqualTo(1.0));
        var ex = Assert.Throws<ArgumentOutOfRangeException>(() => Mnist.OneHot<float>([1, 10], 10));
        Assert.That(ex!.Message, Does.Contain("10"));
    }

    [Test]
    public void Accuracy_counts_rows_whose_argmax_is_the_label()
    {
        var scores = Tensor<float>.FromArray(new double[,] { { 0.1, 0.9 }, { 0.8, 0.2 }, { 0.3, 0.7 } });

        Assert.That(Mnist.Accuracy(scores, [1, 0, 0]), Is.EqualTo(2.0 / 3));
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    /// <summary>The repository root: the nearest directory above the test assembly that holds Course.sln.</summary>
    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Course.sln"))) return dir.FullName;
        throw new DirectoryNotFoundException($"No Course.sln above {TestContext.CurrentContext.TestDirectory}.");
    }

    private static byte[] Pixels(int images)
    {
        var data = new byte[images * 784];
        for (int i = 0; i < data.Length; i++) data[i] = (byte)(i * 7 % 256);
        return data;
    }

    private static void WriteIdx(string path, int magic, int[] dimensions, byte[] data, bool gzip)
    {
        using var file = File.Create(path);
        using Stream stream = gzip ? new GZipStream(file, CompressionLevel.Fastest) : file;
        Span<byte> word = stackalloc byte[4];
        foreach (int value in (int[])[magic, .. dimensions])
        {
            System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(word, value);
            stream.Write(word);
        }
        stream.Write(data);
    }

    private sealed class TempDir : IDisposable
    {
        public TempDir()
        {
            Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "course-mnist-" + Guid.NewGuid().ToString("N"));
            Directory.CreateDirectory(Path);
        }

        public string Path { get; }

        public string File(string name) => System.IO.Path.Combine(Path, name);

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
