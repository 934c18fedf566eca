using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace KineticLab.Experiments;

/// <summary>
/// Thrown by the spec converters with the reason only (e.g. "the step must be > 0"); <see cref="SpecReader"/> adds the
/// field and the value.
/// </summary>
public sealed class SpecValueException(string reason) : JsonException(reason);

/// <summary>
/// Reads experiment specs (typed records, System.Text.Json with source-generated metadata, unknown members rejected)
/// and turns every deserialization error into the one error style of the project:
/// <c>field: value: reason</c> (<see cref="InvalidInputException"/>), e.g. <c>grid.omega_min: "x": must be a number</c>.
/// </summary>
public static class SpecReader
{
    /// <summary>Options of the spec contexts: snake_case names unless given, unknown members rejected, comments and trailing commas allowed.</summary>
    public static JsonDocumentOptions DocumentOptions { get; } = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 64 };

    /// <summary>Parses a file's text into a JSON object; malformed JSON or a non-object top level is invalid input.</summary>
    public static JsonObject ParseObject(string text, string origin)
    {
        JsonNode? node;
        try { node = JsonNode.Parse(text, documentOptions: DocumentOptions); }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } l ? $"line {l + 1}" : "?";
            throw new InvalidInputException(origin, where, $"malformed JSON: {FirstSentence(e.Message)}");
        }
        if (node is not JsonObject o) throw new InvalidInputException(origin, node?.GetValueKind().ToString() ?? "null", "the top level must be a JSON object");
        return o;
    }

    /// <summary>Reads an experiment file; a missing or unreadable file is invalid input (field <c>experiment</c>).</summary>
    public static JsonObject LoadObject(string path)
    {
        string text;
        try { text = File.ReadAllText(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InvalidInputException("experiment", path, $"cannot read: {FirstSentence(e.Message)}");
        }
        return ParseObject(text, path);
    }

    /// <summary>Deserializes <paramref name="node"/> into <typeparamref name="T"/>; every error names the field.</summary>
    /// <param name="prefix">Field prefix for errors (e.g. <c>experiments[2]</c> in a suite), empty at the top level.</param>
    public static T Read<T>(JsonObject node, JsonTypeInfo<T> info, string prefix = "") where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(node, info) ?? throw new InvalidInputException(Join(prefix, ""), "null", "must be a JSON object");
        }
        catch (JsonException e) { throw Translate(e, e.Path, e.Message, node, info, prefix); }
        catch (NotSupportedException e) { throw Translate(e, PathIn(e.Message), e.Message, node, info, prefix); }
    }

    private static InvalidInputException Translate(Exception e, string? path, string message, JsonObject root, JsonTypeInfo info, string prefix)
    {
        var segments = Segments(path);
        string field = Join(prefix, string.Concat(segments.Select((s, i) => s.StartsWith('[') || i == 0 ? s : "." + s)));
        JsonNode? at = Find(root, segments, out bool present);
        string value = present ? Show(at) : "(missing)";
        var target = Walk(info, segments, root);
        if (e is SpecValueException)
            return new InvalidInputException(field, value, message);
        if (message.Contains("could not be mapped to any .NET member", StringComparison.Ordinal))
        {
            var parentSegments = segments.Take(segments.Count - 1).ToList();
            var parent = Walk(info, parentSegments, root);
            if (parent is not null) parent = Derived(parent, Find(root, parentSegments, out _));
            var known = parent is null ? "" : $" (known: {string.Join(", ", Names(parent))})";
            return new InvalidInputException(field, value, "unknown key" + known);
        }
        if (message.Contains("missing required properties", StringComparison.Ordinal))
        {
            int q = message.IndexOf(": '", StringComparison.Ordinal);
            string names = q < 0 ? "" : message[(q + 2)..].TrimEnd('.').Replace("'", "");
            var first = names.Split(',')[0].Trim();
            string inner = string.Concat(segments.Select((s, i) => s.StartsWith('[') || i == 0 ? s : "." + s));
            return new InvalidInputException(Join(prefix, inner.Length == 0 ? first : $"{inner}.{first}"), "(missing)", "is required");
        }
        if (message.Contains("type discriminator", StringComparison.Ordinal))
        {
            var ids = target?.PolymorphismOptions?.DerivedTypes.Select(d => d.TypeDiscriminator?.ToString() ?? "").ToList() ?? [];
            string disc = target?.PolymorphismOptions?.TypeDiscriminatorPropertyName ?? "type";
            var dv = (at as JsonObject)?[disc];
            return new InvalidInputException(Join(field, disc), dv is null ? "(missing)" : Show(dv),
                ids.Count > 0 ? $"must be one of {string.Join("|", ids)}" : "unknown type");
        }
        return new InvalidInputException(field, value, target is null ? "has the wrong type" : "must be " + Expected(target.Type));
    }

    /// <summary>What a value of <paramref name="t"/> looks like in an experiment file.</summary>
    public static string Expected(Type t)
    {
        t = Nullable.GetUnderlyingType(t) ?? t;
        if (t == typeof(double) || t == typeof(float)) return "a finite number";
        if (t == typeof(int) || t == typeof(long)) return "an integer";
        if (t == typeof(bool)) return "true or false";
        if (t == typeof(string)) return "a string";
        if (t.IsEnum) return "one of " + string.Join("|", Enum.GetNames(t).Select(n => n.ToLowerInvariant()));
        if (t.IsArray)
        {
            var el = t.GetElementType()!;
            return el == typeof(double) ? "a list of numbers" : el == typeof(int) ? "a list of integers" : el == typeof(string) ? "a list of strings" : "a list of objects";
        }
        return "a JSON object";
    }

    private static IEnumerable<string> Names(JsonTypeInfo t) =>
        t.Properties.Select(p => p.Name).Where(n => n is not ("kind" or "description" or "out" or "name")).Order(StringComparer.Ordinal);

    /// <summary>
    /// The metadata of the value at <paramref name="segments"/> (null when it cannot be followed, e.g. through a
    /// converter); through a polymorphic object, the derived type its discriminator in <paramref name="json"/> names.
    /// </summary>
    private static JsonTypeInfo? Walk(JsonTypeInfo root, IReadOnlyList<string> segments, JsonNode? json)
    {
        JsonTypeInfo? t = root;
        JsonNode? n = json;
        foreach (var s in segments)
        {
            if (t is null) return null;
            t = Derived(t, n);
            n = s.StartsWith('[') ? (n is JsonArray a && int.TryParse(s.AsSpan(1, s.Length - 2), NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) && i < a.Count ? a[i] : null)
                : (n as JsonObject)?[s];
            if (s.StartsWith('['))
            {
                t = t.ElementType is { } et ? t.Options.GetTypeInfo(et) : null;
                continue;
            }
            var p = t.Properties.FirstOrDefault(x => x.Name == s);
            if (p is null) return null;
            t = t.Options.GetTypeInfo(p.PropertyType);
        }
        return t;
    }

    /// <summary>The derived type a polymorphic object's discriminator names (<paramref name="t"/> itself otherwise).</summary>
    private static JsonTypeInfo Derived(JsonTypeInfo t, JsonNode? n)
    {
        if (t.PolymorphismOptions is not { } po || n is not JsonObject o) return t;
        if (o[po.TypeDiscriminatorPropertyName] is not JsonValue v || !v.TryGetValue<string>(out var id)) return t;
        foreach (var d in po.DerivedTypes)
            if (d.TypeDiscriminator?.ToString() == id) return t.Options.GetTypeInfo(d.DerivedType);
        return t;
    }

    private static JsonNode? Find(JsonObject root, IReadOnlyList<string> segments, out bool present)
    {
        JsonNode? n = root;
        present = true;
        foreach (var s in segments)
        {
            if (s.StartsWith('[') && n is JsonArray a && int.TryParse(s.AsSpan(1, s.Length - 2), NumberStyles.Integer, CultureInfo.InvariantCulture, out int i) && i < a.Count)
                n = a[i];
            else if (n is JsonObject o && o.TryGetPropertyValue(s, out var v)) n = v;
            else { present = false; return null; }
        }
        return n;
    }

    /// <summary>"$.a.b[2].c" → a, b, [2], c.</summary>
    private static List<string> Segments(string? path)
    {
        var r = new List<string>();
        if (string.IsNullOrEmpty(path)) return r;
        var p = path.StartsWith('$') ? path[1..] : path;
        int i = 0;
        while (i < p.Length)
        {
            if (p[i] == '.') { i++; continue; }
            if (p[i] == '[')
            {
                int j = p.IndexOf(']', i);
                if (j < 0) break;
                var inner = p[(i + 1)..j];
                r.Add(inner.StartsWith('\'') ? inner.Trim('\'') : $"[{inner}]");
                i = j + 1;
                continue;
            }
            int k = p.IndexOfAny(['.', '['], i);
            if (k < 0) k = p.Length;
            r.Add(p[i..k]);
            i = k;
        }
        return r;
    }

    private static string? PathIn(string message)
    {
        int i = message.IndexOf("Path: ", StringComparison.Ordinal);
        if (i < 0) return null;
        int j = message.IndexOf(' ', i + 6);
        return j < 0 ? message[(i + 6)..] : message[(i + 6)..j];
    }

    private static string Join(string prefix, string field) =>
        prefix.Length == 0 ? (field.Length == 0 ? "experiment" : field) : field.Length == 0 ? prefix : field.StartsWith('[') ? prefix + field : $"{prefix}.{field}";

    private static string Show(JsonNode? n)
    {
        var s = n is null ? "null" : n.ToJsonString();
        return s.Length > 80 ? s[..77] + "..." : s;
    }

    private static string FirstSentence(string m)
    {
        int i = m.IndexOf(". ", StringComparison.Ordinal);
        return (i > 0 ? m[..i] : m).Replace('\n', ' ').Trim();
    }
}
