using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KineticLab;

/// <summary>
/// Strict reader of an experiment file's JSON object: typed getters that name the field, the value and what is
/// allowed when they fail (<see cref="InvalidInputException"/>), and <see cref="EnsureNoUnknownKeys"/> to reject
/// keys nobody read (typos must not be ignored silently).
/// </summary>
public sealed class JsonFields
{
    private readonly JsonObject _obj;
    private readonly string _prefix;
    private readonly HashSet<string> _used = new(StringComparer.Ordinal);

    public JsonFields(JsonObject obj, string prefix = "")
    {
        _obj = obj;
        _prefix = prefix;
    }

    /// <summary>Parses a file's text; malformed JSON or a non-object top level is invalid input.</summary>
    public static JsonFields Parse(string text, string fileName)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } l ? $"line {l + 1}" : "?";
            throw new InvalidInputException(fileName, where, $"malformed JSON: {FirstSentence(e.Message)}");
        }
        if (node is not JsonObject o) throw new InvalidInputException(fileName, node?.GetValueKind().ToString() ?? "null", "the top level must be a JSON object");
        return new JsonFields(o);
    }

    /// <summary>Reads a file; a missing or unreadable file is invalid input.</summary>
    public static JsonFields Load(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InvalidInputException("experiment", path, $"cannot read: {FirstSentence(e.Message)}");
        }
        return Parse(text, path);
    }

    private static string FirstSentence(string m)
    {
        int i = m.IndexOf(". ", StringComparison.Ordinal);
        return (i > 0 ? m[..i] : m).Replace('\n', ' ').Trim();
    }

    public JsonObject Raw => _obj;

    /// <summary>The field prefix of this object's members in error messages.</summary>
    public string Prefix => _prefix;

    private string Name(string key) => _prefix.Length == 0 ? key : $"{_prefix}.{key}";

    public bool Has(string key) => _obj.ContainsKey(key) && _obj[key] is not null;

    private JsonNode? Take(string key)
    {
        _used.Add(key);
        return _obj.TryGetPropertyValue(key, out var n) ? n : null;
    }

    private static string Show(JsonNode? n) => n is null ? "null" : n.ToJsonString();

    public string String(string key, string? fallback = null)
    {
        var n = Take(key);
        if (n is null)
        {
            if (fallback is not null) return fallback;
            throw new InvalidInputException(Name(key), "(missing)", "a string is required");
        }
        if (n is JsonValue v && v.TryGetValue<string>(out var s)) return s;
        throw new InvalidInputException(Name(key), Show(n), "must be a string");
    }

    public string Choice(string key, IReadOnlyList<string> allowed, string? fallback = null)
    {
        var s = String(key, fallback);
        foreach (var a in allowed) if (string.Equals(a, s, StringComparison.OrdinalIgnoreCase)) return a;
        throw new InvalidInputException(Name(key), s, $"must be one of {string.Join("|", allowed)}");
    }

    public double Number(string key, double? fallback = null)
    {
        var n = Take(key);
        if (n is null)
        {
            if (fallback is { } f) return f;
            throw new InvalidInputException(Name(key), "(missing)", "a number is required");
        }
        if (n is JsonValue v)
        {
            if (v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d))
            {
                if (!double.IsFinite(d)) throw new InvalidInputException(Name(key), Show(n), "must be a finite number");
                return d;
            }
            if (v.TryGetValue<string>(out var s))
                throw new InvalidInputException(Name(key), Show(n), "must be a number, not a string");
        }
        throw new InvalidInputException(Name(key), Show(n), "must be a number");
    }

    public int Integer(string key, int? fallback = null)
    {
        var n = Take(key);
        if (n is null)
        {
            if (fallback is { } f) return f;
            throw new InvalidInputException(Name(key), "(missing)", "an integer is required");
        }
        if (n is JsonValue v && v.GetValueKind() == JsonValueKind.Number)
        {
            if (v.TryGetValue<int>(out var i)) return i;
            if (v.TryGetValue<double>(out var d) && d == Math.Floor(d) && Math.Abs(d) < int.MaxValue) return (int)d;
        }
        throw new InvalidInputException(Name(key), Show(n), "must be an integer");
    }

    public bool Boolean(string key, bool fallback)
    {
        var n = Take(key);
        if (n is null) return fallback;
        if (n is JsonValue v && v.TryGetValue<bool>(out var b)) return b;
        throw new InvalidInputException(Name(key), Show(n), "must be true or false");
    }

    /// <summary>An array of numbers, or a string range "start:step:stop", or a single number.</summary>
    public double[] Numbers(string key, double[]? fallback = null, int maxCount = 10_000)
    {
        var n = Take(key);
        if (n is null)
        {
            if (fallback is not null) return fallback;
            throw new InvalidInputException(Name(key), "(missing)", "a list of numbers is required");
        }
        if (n is JsonArray arr)
        {
            if (arr.Count == 0) throw new InvalidInputException(Name(key), "[]", "must not be empty");
            if (arr.Count > maxCount) throw new InvalidInputException(Name(key), $"[{arr.Count} values]", $"at most {maxCount} values");
            var r = new double[arr.Count];
            for (int i = 0; i < arr.Count; i++)
            {
                if (arr[i] is JsonValue v && v.GetValueKind() == JsonValueKind.Number && v.TryGetValue<double>(out var d) && double.IsFinite(d)) r[i] = d;
                else throw new InvalidInputException(Name(key), Show(n), $"entry {i + 1} ({Show(arr[i])}) is not a finite number");
            }
            return r;
        }
        if (n is JsonValue sv && sv.TryGetValue<string>(out var s)) return NumberRange.Parse(Name(key), s, maxCount);
        if (n is JsonValue nv && nv.GetValueKind() == JsonValueKind.Number && nv.TryGetValue<double>(out var one) && double.IsFinite(one)) return [one];
        throw new InvalidInputException(Name(key), Show(n), "must be a list of numbers or a range \"start:step:stop\"");
    }

    public JsonFields Object(string key)
    {
        var n = Take(key);
        if (n is JsonObject o) return new JsonFields(o, Name(key));
        throw new InvalidInputException(Name(key), Show(n), "must be a JSON object");
    }

    public IReadOnlyList<JsonFields> Objects(string key)
    {
        var n = Take(key);
        if (n is not JsonArray arr || arr.Count == 0) throw new InvalidInputException(Name(key), Show(n), "must be a non-empty list of objects");
        var r = new List<JsonFields>();
        for (int i = 0; i < arr.Count; i++)
        {
            if (arr[i] is not JsonObject o) throw new InvalidInputException($"{Name(key)}[{i}]", Show(arr[i]), "must be a JSON object");
            r.Add(new JsonFields(o, $"{Name(key)}[{i}]"));
        }
        return r;
    }

    /// <summary>Marks keys as known without reading them (e.g. "description").</summary>
    public void Ignore(params string[] keys)
    {
        foreach (var k in keys) _used.Add(k);
    }

    /// <summary>Rejects any key that was not read.</summary>
    public void EnsureNoUnknownKeys()
    {
        foreach (var (k, v) in _obj)
            if (!_used.Contains(k))
                throw new InvalidInputException(Name(k), Show(v), $"unknown key (known: {string.Join(", ", _used.OrderBy(x => x, StringComparer.Ordinal))})");
    }
}

/// <summary>Ranges <c>start:step:stop</c> (inclusive) and comma-separated lists of numbers.</summary>
public static class NumberRange
{
    public static double[] Parse(string field, string text, int maxCount = 10_000)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new InvalidInputException(field, text, "an empty range; use start:step:stop or a list a,b,c");
        var t = text.Trim();
        var inv = CultureInfo.InvariantCulture;
        if (!t.Contains(':'))
        {
            var parts = t.Split(',');
            var list = new double[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                var p = parts[i].Trim();
                if (p.Length == 0) throw new InvalidInputException(field, t, $"entry {i + 1} is empty");
                if (!double.TryParse(p, NumberStyles.Float, inv, out list[i])) throw new InvalidInputException(field, t, $"entry '{p}' is not a number");
                if (!double.IsFinite(list[i])) throw new InvalidInputException(field, t, $"entry '{p}' is not finite");
            }
            if (list.Length > maxCount) throw new InvalidInputException(field, t, $"more than {maxCount} values");
            return list;
        }
        var s = t.Split(':');
        if (s.Length != 3) throw new InvalidInputException(field, t, "a range is start:step:stop");
        var v = new double[3];
        for (int i = 0; i < 3; i++)
            if (!double.TryParse(s[i].Trim(), NumberStyles.Float, inv, out v[i]) || !double.IsFinite(v[i]))
                throw new InvalidInputException(field, t, $"'{s[i]}' is not a finite number");
        double a = v[0], h = v[1], b = v[2];
        if (h <= 0) throw new InvalidInputException(field, t, "the step must be > 0");
        if (b < a) throw new InvalidInputException(field, t, "stop must be >= start");
        double count = Math.Floor((b - a) / h * (1 + 1e-12) + 1e-9) + 1;
        if (count > maxCount) throw new InvalidInputException(field, t, $"more than {maxCount} values");
        var r = new double[(int)count];
        for (int i = 0; i < r.Length; i++) r[i] = Math.Round(a + i * h, 12);
        return r;
    }
}
