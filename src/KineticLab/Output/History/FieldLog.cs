using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;

namespace KineticLab.Output.History;

/// <summary>One stored field: a named array of doubles at a step and time of a run.</summary>
public sealed record FieldRecord(string Name, long Iteration, double Time, double[] Values);

/// <summary>
/// An append-only binary log of fields (snapshots of a solution, profiles): the 8 bytes <c>KLFLDS01</c>, then records
/// <code>
/// int64 iteration, float64 time, int32 name length, name (UTF-8), int64 count, count × float64     (little-endian)
/// </code>
/// each written whole and flushed. The results' HDF5 file holds the same fields in a readable layout; this log is what
/// lets a stopped run be resumed without losing them. A resumed run cuts it back to the checkpoint's length.
/// </summary>
public sealed class FieldLog : IDisposable
{
    private static ReadOnlySpan<byte> Magic => "KLFLDS01"u8;
    private readonly FileStream _stream;
    private readonly List<FieldRecord> _records = new();

    private FieldLog(string path, FileStream stream)
    {
        Path = path; _stream = stream;
    }

    public string Path { get; }
    public IReadOnlyList<FieldRecord> Records => _records;
    public long Position => _stream.Position;

    public static FieldLog Create(string path)
    {
        var fs = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
        fs.Write(Magic);
        fs.Flush();
        return new FieldLog(path, fs);
    }

    /// <summary>Reopens a log cut back to <paramref name="position"/> bytes and reads its records (position 0: a new log).</summary>
    /// <exception cref="InvalidInputException">(field <c>checkpoint</c>) Missing, shorter than recorded or malformed.</exception>
    public static FieldLog Open(string path, long position)
    {
        if (position == 0) return Create(path);
        if (!File.Exists(path)) throw new InvalidInputException("checkpoint", path, "the field log the checkpoint refers to is missing");
        var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            if (fs.Length < position) throw new InvalidInputException("checkpoint", path, $"the field log holds {fs.Length} bytes, the checkpoint expects {position}");
            fs.SetLength(position);
            fs.Position = 0;
            var log = new FieldLog(path, fs);
            Span<byte> magic = stackalloc byte[8];
            if (fs.Read(magic) != 8 || !magic.SequenceEqual(Magic)) throw Bad(path, "not a KineticLab field log");
            Span<byte> head = stackalloc byte[20];
            Span<byte> cnt = stackalloc byte[8];
            while (fs.Position < position)
            {
                ReadExactly(fs, head, path);
                long it = BinaryPrimitives.ReadInt64LittleEndian(head);
                double t = BinaryPrimitives.ReadDoubleLittleEndian(head[8..]);
                int nl = BinaryPrimitives.ReadInt32LittleEndian(head[16..]);
                if (nl < 0 || nl > 4096) throw Bad(path, "malformed record");
                var nb = new byte[nl];
                ReadExactly(fs, nb, path);
                ReadExactly(fs, cnt, path);
                long n = BinaryPrimitives.ReadInt64LittleEndian(cnt);
                if (n < 0 || n > Array.MaxLength) throw Bad(path, "malformed record");
                var values = new double[n];
                ReadExactly(fs, MemoryMarshal.AsBytes(values.AsSpan()), path);
                if (!BitConverter.IsLittleEndian)
                    for (int i = 0; i < values.Length; i++) values[i] = BitConverter.Int64BitsToDouble(BinaryPrimitives.ReverseEndianness(BitConverter.DoubleToInt64Bits(values[i])));
                log._records.Add(new FieldRecord(Encoding.UTF8.GetString(nb), it, t, values));
            }
            return log;
        }
        catch
        {
            fs.Dispose();
            throw;
        }
    }

    /// <summary>Appends a record and flushes it to the operating system.</summary>
    public void Append(string name, long iteration, double time, double[] values)
    {
        var nb = Encoding.UTF8.GetBytes(name);
        var buf = new byte[20 + nb.Length + 8 + 8L * values.Length];
        BinaryPrimitives.WriteInt64LittleEndian(buf, iteration);
        BinaryPrimitives.WriteDoubleLittleEndian(buf.AsSpan(8), time);
        BinaryPrimitives.WriteInt32LittleEndian(buf.AsSpan(16), nb.Length);
        nb.CopyTo(buf.AsSpan(20));
        BinaryPrimitives.WriteInt64LittleEndian(buf.AsSpan(20 + nb.Length), values.LongLength);
        var data = buf.AsSpan(28 + nb.Length);
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(data[(8 * i)..], values[i]);
        _stream.Write(buf);
        _stream.Flush();
        _records.Add(new FieldRecord(name, iteration, time, (double[])values.Clone()));
    }

    /// <summary>The records named <paramref name="name"/>, in order.</summary>
    public IEnumerable<FieldRecord> Named(string name) => _records.Where(r => r.Name == name);

    public void Flush(bool durable) => _stream.Flush(durable);

    public void Dispose() => _stream.Dispose();

    private static void ReadExactly(Stream s, Span<byte> into, string path)
    {
        int got = 0;
        while (got < into.Length)
        {
            int n = s.Read(into[got..]);
            if (n == 0) throw Bad(path, "cut inside a record");
            got += n;
        }
    }

    private static InvalidInputException Bad(string path, string why) => new("checkpoint", path, $"the field log is {why}");
}
