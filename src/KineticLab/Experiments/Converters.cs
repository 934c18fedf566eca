using System.Text.Json;
using System.Text.Json.Serialization;

namespace KineticLab.Experiments;

/// <summary>
/// A list of numbers written as a JSON array <c>[0.1, 0.2]</c>, a single number, or a string: a range
/// <c>"start:step:stop"</c> (inclusive) or a comma-separated list <c>"1,2,5"</c> (see <see cref="NumberRange"/>).
/// </summary>
public sealed class NumberListConverter : JsonConverter<double[]>
{
    public override double[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Number:
                return [Finite(reader.GetDouble())];
            case JsonTokenType.String:
                try { return NumberRange.Parse("list", reader.GetString() ?? ""); }
                catch (InvalidInputException e) { throw new SpecValueException(e.Reason); }
            case JsonTokenType.StartArray:
                var list = new List<double>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    if (reader.TokenType != JsonTokenType.Number)
                        throw new SpecValueException($"entry {list.Count + 1} is not a number");
                    list.Add(Finite(reader.GetDouble()));
                }
                if (list.Count == 0) throw new SpecValueException("must not be empty");
                return [.. list];
            default:
                throw new SpecValueException("must be a list of numbers, a number or a range \"start:step:stop\"");
        }
    }

    private static double Finite(double v) => double.IsFinite(v) ? v : throw new SpecValueException("must be finite");

    public override void Write(Utf8JsonWriter writer, double[] value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var v in value) writer.WriteNumberValue(v);
        writer.WriteEndArray();
    }
}

/// <summary>A text written either as a JSON string or as a number (e.g. a sphere rule: <c>"icosahedron"</c> or <c>32</c>).</summary>
public sealed class StringOrNumberConverter : JsonConverter<string>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray()),
        JsonTokenType.Null => null,
        _ => throw new SpecValueException("must be a string or a number"),
    };

    public override void Write(Utf8JsonWriter writer, string value, JsonSerializerOptions options) => writer.WriteStringValue(value);
}

/// <summary>
/// A list of integers written as a JSON array <c>[8, 1, 1]</c>, a single number, or a string <c>"8,1,1"</c> (or a
/// range <c>"start:step:stop"</c>); every entry must be an integer of magnitude at most 10⁶.
/// </summary>
public sealed class IntegerListConverter : JsonConverter<int[]>
{
    public override int[] Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var values = new NumberListConverter().Read(ref reader, typeof(double[]), options);
        var r = new int[values.Length];
        for (int i = 0; i < values.Length; i++)
        {
            double x = values[i];
            if (x != Math.Floor(x) || Math.Abs(x) > 1e6) throw new SpecValueException("entries must be integers");
            r[i] = (int)x;
        }
        return r;
    }

    public override void Write(Utf8JsonWriter writer, int[] value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var v in value) writer.WriteNumberValue(v);
        writer.WriteEndArray();
    }
}
