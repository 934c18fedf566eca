using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KineticLab.Output;

/// <summary>
/// The one checkpoint format of every run (<c>checkpoint.kcp</c> in a results folder): a binary file
/// <code>
/// "KLCKPT02"                         8 bytes, the format and its version
/// header length                      int64, little-endian
/// header                             UTF-8 JSON: {"format":"kineticlab-checkpoint","version":2, "arrays":[{"name","length"}...], ...}
/// array data                         for each array of the header, in order: length × float64, little-endian
/// SHA-256                            32 bytes, of everything before
/// </code>
/// The header is free-form JSON besides <c>format</c>, <c>version</c> and <c>arrays</c> (the simulation puts the clock,
/// the scalars of the stepper, the experiment's hash, the rank layout and the lengths of the history logs there).
/// Arrays are stored bit for bit. Files are written atomically (<see cref="AtomicFile"/>) and read in a streaming way,
/// so a state larger than a .NET array of bytes is fine. Version 1 (<c>checkpoint.json</c>, JSON with the whole history)
/// is not read: such a run cannot be resumed by this version.
/// </summary>
public static class CheckpointFile
{
    /// <summary>The value of the header's <c>format</c> member.</summary>
    public const string Format = "kineticlab-checkpoint";

    /// <summary>The version this build writes and reads.</summary>
    public const int Version = 2;

    /// <summary>The file name of a run's checkpoint inside its results folder (the same for every solver).</summary>
    public const string FileName = "checkpoint.kcp";

    /// <summary>The file name of version-1 checkpoints (older builds), recognised only to refuse them clearly.</summary>
    public const string LegacyFileName = "checkpoint.json";

    private static ReadOnlySpan<byte> Magic => "KLCKPT02"u8;
    private const string Field = "checkpoint";
    private const int Chunk = 1 << 20; // doubles per block of I/O

    /// <summary>Atomically writes <paramref name="header"/> (a JSON object; <c>format</c>, <c>version</c> and <c>arrays</c> are set here) and the arrays.</summary>
    public static void Write(string path, JsonObject header, IReadOnlyList<(string Name, double[] Values)> arrays)
    {
        ArgumentNullException.ThrowIfNull(header);
        var h = (JsonObject)header.DeepClone();
        h["format"] = Format;
        h["version"] = Version;
        var list = new JsonArray();
        foreach (var (name, values) in arrays) list.Add(new JsonObject { ["name"] = name, ["length"] = values.LongLength });
        h["arrays"] = list;
        var headerBytes = Encoding.UTF8.GetBytes(h.ToJsonString());
        AtomicFile.Write(path, stream =>
        {
            using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
            void Put(ReadOnlySpan<byte> bytes)
            {
                stream.Write(bytes);
                sha.AppendData(bytes);
            }
            Put(Magic);
            Span<byte> len = stackalloc byte[8];
            BinaryPrimitives.WriteInt64LittleEndian(len, headerBytes.Length);
            Put(len);
            Put(headerBytes);
            var buffer = new byte[8 * Math.Min(Chunk, Math.Max(1, arrays.Count == 0 ? 1 : arrays.Max(a => a.Values.Length)))];
            foreach (var (_, values) in arrays)
                for (long i = 0; i < values.LongLength; i += Chunk)
                {
                    int n = (int)Math.Min(Chunk, values.LongLength - i);
                    var src = values.AsSpan((int)i, n);
                    if (BitConverter.IsLittleEndian) Put(MemoryMarshal.AsBytes(src));
                    else
                    {
                        for (int k = 0; k < n; k++) BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(8 * k), src[k]);
                        Put(buffer.AsSpan(0, 8 * n));
                    }
                }
            stream.Write(sha.GetHashAndReset());
        });
    }

    /// <summary>Reads a checkpoint: its header and its arrays (by name, in order).</summary>
    /// <exception cref="InvalidInputException">
    /// (field <c>checkpoint</c>) The file is missing, unreadable, not a KineticLab checkpoint, of another version, or
    /// corrupt (truncated, checksum mismatch).
    /// </exception>
    public static (JsonObject Header, List<(string Name, double[] Values)> Arrays) Read(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (Directory.Exists(path)) throw Error(path, "is a folder, not a checkpoint file");
        if (!File.Exists(path)) throw Error(path, "checkpoint not found");
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            return Read(stream, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Error(path, "unreadable: " + FirstLine(e.Message));
        }
    }

    private static (JsonObject, List<(string, double[])>) Read(Stream stream, string path)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        void Get(Span<byte> into, string what)
        {
            int got = 0;
            while (got < into.Length)
            {
                int n = stream.Read(into[got..]);
                if (n == 0) throw Error(path, $"corrupt checkpoint: truncated ({what})");
                got += n;
            }
            sha.AppendData(into);
        }
        Span<byte> magic = stackalloc byte[8];
        int first = stream.Read(magic);
        if (first < 8 || !magic.SequenceEqual(Magic))
        {
            if (first > 0 && magic[0] == (byte)'{') throw Error(path, "a version-1 checkpoint (JSON) of an older KineticLab: this version cannot resume it; start the run again");
            if (first >= 6 && magic[..6].SequenceEqual("KLCKPT"u8)) throw Error(path, $"unsupported checkpoint version {Encoding.ASCII.GetString(magic[6..])} (this build reads version {Version})");
            throw Error(path, "not a KineticLab checkpoint");
        }
        sha.AppendData(magic);
        Span<byte> len = stackalloc byte[8];
        Get(len, "header length");
        long hl = BinaryPrimitives.ReadInt64LittleEndian(len);
        if (hl <= 0 || hl > 64 << 20) throw Error(path, "corrupt checkpoint: bad header length");
        var hb = new byte[hl];
        Get(hb, "header");
        JsonObject header;
        try { header = JsonNode.Parse(hb) as JsonObject ?? throw Error(path, "corrupt checkpoint: header is not an object"); }
        catch (JsonException) { throw Error(path, "corrupt checkpoint: header is not valid JSON"); }
        if ((string?)header["format"] != Format) throw Error(path, "not a KineticLab checkpoint");
        if (header["version"] is not JsonValue v || !v.TryGetValue<int>(out int version) || version != Version)
            throw Error(path, $"unsupported checkpoint version {header["version"]?.ToJsonString() ?? "?"} (this build reads version {Version})");
        var arrays = new List<(string, double[])>();
        if (header["arrays"] is not JsonArray list) throw Error(path, "corrupt checkpoint: no array table");
        var buffer = new byte[8 * Chunk];
        foreach (var item in list)
        {
            string? name = (string?)item?["name"];
            long length = item?["length"] is JsonValue lv && lv.TryGetValue<long>(out var l) ? l : -1;
            if (name is null || length < 0 || length > Array.MaxLength) throw Error(path, "corrupt checkpoint: bad array table");
            var values = new double[length];
            for (long i = 0; i < length; i += Chunk)
            {
                int n = (int)Math.Min(Chunk, length - i);
                var bytes = buffer.AsSpan(0, 8 * n);
                Get(bytes, name);
                var dst = values.AsSpan((int)i, n);
                if (BitConverter.IsLittleEndian) MemoryMarshal.Cast<byte, double>(bytes).CopyTo(dst);
                else for (int k = 0; k < n; k++) dst[k] = BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * k)..]);
            }
            arrays.Add((name, values));
        }
        var expected = sha.GetHashAndReset();
        Span<byte> stored = stackalloc byte[32];
        int s = 0;
        while (s < 32)
        {
            int n = stream.Read(stored[s..]);
            if (n == 0) throw Error(path, "corrupt checkpoint: truncated (checksum)");
            s += n;
        }
        if (!stored.SequenceEqual(expected)) throw Error(path, "corrupt checkpoint: checksum mismatch");
        if (stream.ReadByte() != -1) throw Error(path, "corrupt checkpoint: data after the checksum");
        return (header, arrays);
    }

    /// <summary>Lower-case hex SHA-256 of the UTF-8 bytes of <paramref name="text"/> (the experiment hash of a checkpoint).</summary>
    public static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static InvalidInputException Error(string path, string reason) => new(Field, path, reason);

    private static string FirstLine(string s)
    {
        int i = s.IndexOfAny(['\r', '\n']);
        return i < 0 ? s : s[..i];
    }
}
