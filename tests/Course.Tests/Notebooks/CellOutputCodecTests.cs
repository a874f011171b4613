using Course.Grader.Protocol;

namespace Course.Tests.Notebooks;

/// <summary>A cell's outputs cross the pipe as an ordered list of items; anything malformed is a protocol error.</summary>
public class CellOutputCodecTests
{
    [Test]
    public void Every_kind_of_output_survives_the_round_trip_in_order()
    {
        var output = new CellOutput(7, [
            new OutputItem.Stream("stdout", "one\n"),
            new OutputItem.Display([new MimeData("text/plain", "42"), new MimeData("text/html", "<b>42</b>")]),
            new OutputItem.Stream("stderr", "warn ü\n"),
            new OutputItem.Error("DivideByZeroException", "Attempted to divide by zero.", ["DivideByZeroException: …", "   at Div in cell 2, line 3"], 2, 3),
        ], 0.25, 0.125, 0.5);

        var back = Codec.Decode(Codec.Encode(w => Codec.Write(w, output)), Codec.ReadCellOutput);

        Assert.That(back.Items, Is.EqualTo(output.Items).Using<OutputItem>(Same));
        Assert.That((back.Cell, back.Seconds, back.CompileSeconds, back.WaitSeconds), Is.EqualTo((7, 0.25, 0.125, 0.5)));
        Assert.That(back.Stdout, Is.EqualTo("one\n"));
        Assert.That(back.Error!.Line, Is.EqualTo(3));
    }

    [Test]
    public void An_unknown_output_kind_is_a_protocol_error()
    {
        var bytes = Codec.Encode(w => Codec.Write(w, new CellOutput(1, [new OutputItem.Stream("stdout", "x")], 0)));
        bytes[8] = 99; // the first item's kind, after the cell index and the item count
        Assert.That(() => Codec.Decode(bytes, Codec.ReadCellOutput), Throws.TypeOf<ProtocolException>().With.Message.Contains("unknown output kind 99"));
    }

    private static bool Same(OutputItem a, OutputItem b) => (a, b) switch
    {
        (OutputItem.Display x, OutputItem.Display y) => x.Data.SequenceEqual(y.Data),
        (OutputItem.Error x, OutputItem.Error y) => x with { Traceback = [] } == y with { Traceback = [] } && x.Traceback.SequenceEqual(y.Traceback),
        _ => a == b,
    };
}
