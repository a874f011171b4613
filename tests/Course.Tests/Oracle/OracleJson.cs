using System.Text.Json;
using Course.Grader.Protocol;

namespace Course.Tests.Oracle;

/// <summary>
/// The oracle's file format: a <see cref="CallRequest"/> as JSON, with snake_case names the Python side reads.
/// Doubles are written in their shortest round-trip form, so torch receives exactly the grader's inputs.
/// </summary>
public static class OracleJson
{
    public static void WriteCalls(Stream stream, IReadOnlyList<(string Id, CallRequest Call)> calls)
    {
        using var w = new Utf8JsonWriter(stream);
        w.WriteStartObject();
        w.WriteStartArray("calls");
        foreach (var (id, call) in calls)
        {
            w.WriteStartObject();
            w.WriteString("id", id);
            w.WriteString("operation", call.Operation.ToString());
            w.WriteString("element_type", call.ElementType.ToString());
            w.WritePropertyName("unit");
            WriteUnit(w, call.Unit);
            w.WriteBoolean("training", call.Training);
            WriteTensors(w, "parameters", call.Parameters);
            WriteTensors(w, "inputs", call.Inputs);
            if (call.GradOutput is { } g)
            {
                w.WritePropertyName("grad_output");
                WriteTensor(w, g);
            }
            w.WriteNumber("iterations", call.Iterations);
            w.WriteNumber("seed", call.Seed);
            w.WriteNumber("fan_in", call.FanIn);
            w.WriteNumber("fan_out", call.FanOut);
            if (call.Graph is { } graph) WriteGraph(w, graph);
            if (call.Run is { } run)
            {
                w.WriteStartObject("run");
                w.WriteNumber("objective", (int)run.Objective);
                w.WriteNumber("steps", run.Steps);
                w.WriteStartArray("learning_rates");
                foreach (var rate in run.LearningRates) w.WriteNumberValue(rate);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteUnit(Utf8JsonWriter w, UnitSpec unit)
    {
        w.WriteStartObject();
        w.WriteString("class", unit.ClassName);
        w.WriteStartArray("args");
        foreach (var arg in unit.Args)
        {
            w.WriteStartObject();
            w.WritePropertyName("value");
            switch (arg)
            {
                case UnitArg.Int i: w.WriteNumberValue(i.Value); break;
                case UnitArg.Real r: w.WriteNumberValue(r.Value); break;
                case UnitArg.Bool b: w.WriteBooleanValue(b.Value); break;
                case UnitArg.Ints ints:
                    w.WriteStartArray();
                    foreach (int v in ints.Values) w.WriteNumberValue(v);
                    w.WriteEndArray();
                    break;
                case UnitArg.Modules modules:
                    w.WriteStartArray();
                    foreach (var item in modules.Items) WriteUnit(w, item);
                    w.WriteEndArray();
                    break;
                default: throw new NotSupportedException($"argument {arg} has no JSON form");
            }
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteGraph(Utf8JsonWriter w, GraphSpec graph)
    {
        w.WriteStartObject("graph");
        w.WriteNumber("passes", graph.Passes);
        w.WriteBoolean("zero_grad_between", graph.ZeroGradBetween);
        w.WriteStartArray("nodes");
        foreach (var node in graph.Nodes)
        {
            w.WriteStartObject();
            w.WriteNumber("op", (int)node.Op);
            w.WriteStartArray("inputs");
            foreach (int i in node.Inputs) w.WriteNumberValue(i);
            w.WriteEndArray();
            w.WriteNumber("arg", node.Arg);
            w.WriteNumber("flags", (int)node.Flags);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
    }

    private static void WriteTensors(Utf8JsonWriter w, string name, IReadOnlyList<WireTensor> tensors)
    {
        w.WriteStartArray(name);
        foreach (var t in tensors) WriteTensor(w, t);
        w.WriteEndArray();
    }

    private static void WriteTensor(Utf8JsonWriter w, WireTensor t)
    {
        w.WriteStartObject();
        w.WriteStartArray("shape");
        foreach (int d in t.Shape) w.WriteNumberValue(d);
        w.WriteEndArray();
        w.WriteStartArray("data");
        foreach (double v in t.Data) w.WriteNumberValue(v);
        w.WriteEndArray();
        w.WriteEndObject();
    }

    public static WireTensor ReadTensor(JsonElement e) => new(
        e.GetProperty("shape").EnumerateArray().Select(d => d.GetInt32()).ToArray(),
        e.GetProperty("data").EnumerateArray().Select(ReadNumber).ToArray());

    private static double ReadNumber(JsonElement e) => e.ValueKind == JsonValueKind.String
        ? e.GetString() switch
        {
            "NaN" => double.NaN,
            "Infinity" => double.PositiveInfinity,
            "-Infinity" => double.NegativeInfinity,
            var s => throw new FormatException($"not a number: {s}"),
        }
        : e.GetDouble();
}
