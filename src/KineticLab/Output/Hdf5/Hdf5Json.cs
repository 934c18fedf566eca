using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KineticLab.Output.Hdf5;

/// <summary>Flattens JSON into attribute values (the rules are documented on <see cref="Hdf5Group.AddAttributesFrom"/>).</summary>
internal static class Hdf5Json
{
    public static void Flatten(JsonObject obj, string prefix, List<KeyValuePair<string, object>> into)
    {
        foreach (var (key, node) in obj) Flatten(node, prefix + key, into);
    }

    private static void Flatten(JsonNode? node, string name, List<KeyValuePair<string, object>> into)
    {
        switch (node)
        {
            case null:
                return;
            case JsonObject o:
                Flatten(o, name + ".", into);
                return;
            case JsonArray a:
                if (Homogeneous(a) is { } array) into.Add(new(name, array));
                else
                    for (int i = 0; i < a.Count; i++) Flatten(a[i], $"{name}[{i}]", into);
                return;
            case JsonValue v:
                if (Scalar(v) is { } s) into.Add(new(name, s));
                return;
        }
    }

    /// <summary>The array as one attribute value, or null if it has to be flattened element by element.</summary>
    private static object? Homogeneous(JsonArray a)
    {
        if (a.Count == 0) return Array.Empty<double>();
        var items = new object?[a.Count];
        for (int i = 0; i < a.Count; i++)
        {
            if (a[i] is null) { items[i] = null; continue; }
            if (a[i] is not JsonValue v) return null;
            items[i] = Scalar(v);
            if (items[i] is null) return null;
        }
        if (items.All(x => x is string)) return items.Cast<string>().ToArray();
        if (items.All(x => x is bool)) return items.Cast<bool>().ToArray();
        if (items.All(x => x is long)) return items.Cast<long>().ToArray();
        if (items.All(x => x is null or long or double) && items.Any(x => x is not null))
            return items.Select(x => x switch { long l => (double)l, double d => d, _ => double.NaN }).ToArray();
        return null;
    }

    /// <summary>string, bool, long or double; null for JSON null or a value of another kind.</summary>
    private static object? Scalar(JsonValue v)
    {
        if (v.TryGetValue<JsonElement>(out var e))
        {
            return e.ValueKind switch
            {
                JsonValueKind.String => e.GetString(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Number => Number(e.GetRawText()),
                _ => null,
            };
        }
        if (v.TryGetValue<string>(out var s)) return s;
        if (v.TryGetValue<bool>(out var b)) return b;
        if (v.TryGetValue<double>(out var d)) return d;
        if (v.TryGetValue<float>(out var f)) return (double)f;
        if (v.TryGetValue<decimal>(out var m)) return (double)m;
        if (v.TryGetValue<long>(out var l)) return l;
        if (v.TryGetValue<int>(out var i)) return (long)i;
        if (v.TryGetValue<short>(out var sh)) return (long)sh;
        if (v.TryGetValue<sbyte>(out var sb)) return (long)sb;
        if (v.TryGetValue<byte>(out var by)) return (long)by;
        if (v.TryGetValue<ushort>(out var us)) return (long)us;
        if (v.TryGetValue<uint>(out var ui)) return (long)ui;
        if (v.TryGetValue<ulong>(out var ul)) return ul <= long.MaxValue ? (long)ul : (double)ul;
        if (v.TryGetValue<char>(out var c)) return c.ToString();
        // Anything else (e.g. a value built from another type): decide from its JSON text.
        return v.GetValueKind() switch
        {
            JsonValueKind.String => v.ToJsonString() is var t ? JsonSerializer.Deserialize<string>(t) : null,
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            JsonValueKind.Number => Number(v.ToJsonString()),
            _ => null,
        };
    }

    /// <summary>An integer literal that fits in a long becomes a long; everything else a double.</summary>
    private static object Number(string text)
    {
        bool integer = text.IndexOfAny(['.', 'e', 'E']) < 0 && text != "-0";
        if (integer && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)) return l;
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }
}
