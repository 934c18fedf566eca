using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

using KineticLab.Output;

namespace KineticLab.Cli;

/// <summary>
/// Checkpoint files for resumable runs: one line of JSON,
/// <c>{"format":"kineticlab-checkpoint","version":1,"sha256":"&lt;hex&gt;","payload":&lt;state&gt;}</c>,
/// where the checksum is the SHA-256 of the payload's compact JSON text (UTF-8). Written atomically.
/// As everywhere in <see cref="Json"/>, non-finite doubles in the state are stored as <c>null</c>.
/// </summary>
/// <remarks>Transition: the version-1 JSON checkpoint of the solvers not yet moved to the simulation loop; removed with them.</remarks>
public static class Checkpoint
{
    /// <summary>The value of the <c>"format"</c> field.</summary>
    public const string Format = "kineticlab-checkpoint";

    /// <summary>The checkpoint format version written by <see cref="Save"/>.</summary>
    public const int Version = 1;

    private const string Field = "--resume";

    /// <summary>Atomically writes <paramref name="state"/> to <paramref name="path"/> with its checksum.</summary>
    public static void Save(string path, JsonNode state)
    {
        ArgumentNullException.ThrowIfNull(state);
        string payload = Json.Serialize(state, indented: false);
        var sb = new StringBuilder(payload.Length + 160);
        sb.Append("{\"format\":\"").Append(Format)
          .Append("\",\"version\":").Append(Version)
          .Append(",\"sha256\":\"").Append(Sha256Hex(payload))
          .Append("\",\"payload\":").Append(payload)
          .Append("}\n");
        AtomicFile.WriteAllText(path, sb.ToString());
    }

    /// <summary>Reads a checkpoint written by <see cref="Save"/> and returns its payload.</summary>
    /// <exception cref="InvalidInputException">
    /// (field <c>--resume</c>) The file is missing or unreadable, is not a KineticLab checkpoint, has an
    /// unsupported version, or its checksum does not match (<c>corrupt checkpoint: checksum mismatch</c>).
    /// </exception>
    public static JsonNode Load(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path)) throw Error(path, "is a folder, not a checkpoint file");
        if (!File.Exists(path)) throw Error(path, "checkpoint not found");

        string text;
        try { text = File.ReadAllText(path, Encoding.UTF8); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error(path, "unreadable: " + FirstLine(e.Message));
        }

        string raw;
        try
        {
            using var doc = JsonDocument.Parse(text, new JsonDocumentOptions { MaxDepth = 256 });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("format", out var format)
                || format.ValueKind != JsonValueKind.String
                || format.GetString() != Format)
                throw Error(path, "not a KineticLab checkpoint");
            if (!root.TryGetProperty("version", out var version) || !version.TryGetInt32(out int v))
                throw Error(path, "corrupt checkpoint: missing version");
            if (v != Version) throw Error(path, $"unsupported checkpoint version {v} (this build reads version {Version})");
            if (!root.TryGetProperty("sha256", out var sha) || sha.ValueKind != JsonValueKind.String)
                throw Error(path, "corrupt checkpoint: missing checksum");
            if (!root.TryGetProperty("payload", out var payload))
                throw Error(path, "corrupt checkpoint: missing payload");

            raw = payload.GetRawText();
            string expected = sha.GetString()!;
            if (!ChecksumMatches(expected, raw)) throw Error(path, "corrupt checkpoint: checksum mismatch");
        }
        catch (JsonException)
        {
            throw Error(path, "corrupt checkpoint: not valid JSON");
        }

        return JsonNode.Parse(raw, documentOptions: new JsonDocumentOptions { MaxDepth = 256 })
               ?? throw Error(path, "corrupt checkpoint: empty payload");
    }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 bytes of <paramref name="text"/>.</summary>
    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static bool ChecksumMatches(string expected, string raw)
    {
        if (string.Equals(expected, Sha256Hex(raw), StringComparison.OrdinalIgnoreCase)) return true;
        // The file may have been reformatted (e.g. pretty-printed) without changing its content:
        // compare against the canonical compact form as well.
        var node = JsonNode.Parse(raw, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
        return string.Equals(expected, Sha256Hex(Json.Serialize(node, indented: false)), StringComparison.OrdinalIgnoreCase);
    }

    private static InvalidInputException Error(string path, string reason) => new(Field, path, reason);

    private static string FirstLine(string s)
    {
        int i = s.IndexOfAny(['\r', '\n']);
        return i < 0 ? s : s[..i];
    }
}
