using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KineticLab.Output;

/// <summary>
/// JSON helpers shared by result records, checkpoints and the CLI's <c>--json</c> output.
/// Non-finite doubles are written as <c>null</c> (JSON has no NaN/Infinity); finite doubles in
/// shortest round-trip form, so parsing the text gives back the same bits.
/// </summary>
public static class Json
{
    /// <summary>An array of numbers; NaN and ±∞ become <c>null</c> elements.</summary>
    public static JsonArray Array(ReadOnlySpan<double> values)
    {
        var a = new JsonArray();
        foreach (double v in values) a.Add(Number(v));
        return a;
    }

    /// <summary>A number node, or <c>null</c> for NaN/±∞.</summary>
    public static JsonNode? Number(double value) => double.IsFinite(value) ? JsonValue.Create(value) : null;

    /// <summary>
    /// Serializes <paramref name="node"/>. Indented output uses two spaces and <c>'\n'</c> line endings
    /// on every platform; non-ASCII text is kept readable (not <c>\u</c>-escaped). Double and float
    /// values that are NaN or infinite anywhere in the tree are written as <c>null</c>.
    /// </summary>
    public static string Serialize(JsonNode? node, bool indented = true)
    {
        var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions(indented))) Write(w, node);
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    internal static JsonWriterOptions WriterOptions(bool indented) => new()
    {
        Indented = indented,
        IndentSize = 2,
        NewLine = "\n",
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private static void Write(Utf8JsonWriter w, JsonNode? node)
    {
        switch (node)
        {
            case null:
                w.WriteNullValue();
                break;
            case JsonObject o:
                w.WriteStartObject();
                foreach (var (key, value) in o)
                {
                    w.WritePropertyName(key);
                    Write(w, value);
                }
                w.WriteEndObject();
                break;
            case JsonArray a:
                w.WriteStartArray();
                foreach (var item in a) Write(w, item);
                w.WriteEndArray();
                break;
            case JsonValue v:
                WriteValue(w, v);
                break;
            default:
                node.WriteTo(w);
                break;
        }
    }

    private static void WriteValue(Utf8JsonWriter w, JsonValue v)
    {
        // Values parsed from text keep their original representation.
        if (v.TryGetValue<JsonElement>(out _)) { v.WriteTo(w); return; }
        if (v.TryGetValue<double>(out double d))
        {
            if (double.IsFinite(d)) w.WriteNumberValue(d); else w.WriteNullValue();
            return;
        }
        if (v.TryGetValue<float>(out float f))
        {
            if (float.IsFinite(f)) w.WriteNumberValue(f); else w.WriteNullValue();
            return;
        }
        v.WriteTo(w);
    }
}
