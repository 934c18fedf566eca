using System.Globalization;
using System.Text;

namespace KineticLab.Output.History;

/// <summary>
/// An append-only CSV table of numbers (a run's history of scalars): a header line, then one line per record, each
/// written whole and flushed, so a run that is killed leaves a readable table up to its last record. Numbers are
/// written in their shortest round-trip form (<c>nan</c>, <c>inf</c>, <c>-inf</c> for non-finite values) and read back
/// bit for bit. A resumed run cuts the file back to the length its checkpoint recorded (<see cref="Open"/>).
/// </summary>
public sealed class TimeSeriesLog : IDisposable
{
    private readonly FileStream _stream;
    private readonly List<double[]> _rows = new();
    private static readonly UTF8Encoding Utf8 = new(false);

    private TimeSeriesLog(string path, string[] columns, FileStream stream)
    {
        Path = path; Columns = columns; _stream = stream;
    }

    public string Path { get; }
    public IReadOnlyList<string> Columns { get; }
    public IReadOnlyList<double[]> Rows => _rows;

    /// <summary>Bytes written (the position a checkpoint records).</summary>
    public long Position => _stream.Position;

    /// <summary>Starts a new table at <paramref name="path"/> (an existing file is replaced).</summary>
    public static TimeSeriesLog Create(string path, IReadOnlyList<string> columns)
    {
        var cols = Validate(columns);
        var fs = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.Read);
        var log = new TimeSeriesLog(path, cols, fs);
        log.WriteLine(string.Join(',', cols));
        return log;
    }

    /// <summary>
    /// Reopens a table written by an earlier run, cut back to <paramref name="position"/> bytes (the length when the
    /// checkpoint was written), and reads its rows. Position 0: a new table.
    /// </summary>
    /// <exception cref="InvalidInputException">(field <c>checkpoint</c>) The file is missing, shorter than the checkpoint says, or has other columns.</exception>
    public static TimeSeriesLog Open(string path, IReadOnlyList<string> columns, long position)
    {
        if (position == 0) return Create(path, columns);
        var cols = Validate(columns);
        if (!File.Exists(path)) throw new InvalidInputException("checkpoint", path, "the history log the checkpoint refers to is missing");
        var fs = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.Read);
        try
        {
            if (fs.Length < position)
                throw new InvalidInputException("checkpoint", path, $"the history log holds {fs.Length} bytes, the checkpoint expects {position}");
            fs.SetLength(position);
            fs.Position = 0;
            var text = new StreamReader(fs, Utf8, false, 1 << 16, leaveOpen: true).ReadToEnd();
            var lines = text.Split('\n');
            if (lines.Length < 2 || lines[^1].Length != 0) throw new InvalidInputException("checkpoint", path, "the history log is cut inside a line");
            if (lines[0] != string.Join(',', cols)) throw new InvalidInputException("checkpoint", path, "the history log has other columns than this run");
            var log = new TimeSeriesLog(path, cols, fs);
            for (int i = 1; i < lines.Length - 1; i++)
            {
                var cells = lines[i].Split(',');
                if (cells.Length != cols.Length) throw new InvalidInputException("checkpoint", path, $"line {i + 1} of the history log has {cells.Length} cells, not {cols.Length}");
                var row = new double[cells.Length];
                for (int j = 0; j < row.Length; j++) row[j] = ParseCell(cells[j], path, i + 1);
                log._rows.Add(row);
            }
            fs.Position = position;
            return log;
        }
        catch
        {
            fs.Dispose();
            throw;
        }
    }

    /// <summary>Appends one record (as many values as columns) and flushes it to the operating system.</summary>
    public void Append(ReadOnlySpan<double> values)
    {
        if (values.Length != Columns.Count) throw new ArgumentException($"{values.Length} values for {Columns.Count} columns");
        var sb = new StringBuilder(values.Length * 22);
        for (int i = 0; i < values.Length; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(CsvTable.FormatDouble(values[i]));
        }
        WriteLine(sb.ToString());
        _rows.Add(values.ToArray());
    }

    /// <summary>The column <paramref name="name"/> of every row.</summary>
    public double[] Column(string name)
    {
        int j = -1;
        for (int k = 0; k < Columns.Count; k++) if (Columns[k] == name) j = k;
        if (j < 0) throw new ArgumentException($"no column '{name}'");
        var r = new double[_rows.Count];
        for (int i = 0; i < r.Length; i++) r[i] = _rows[i][j];
        return r;
    }

    /// <summary>Flushes to the operating system, and to the disk when <paramref name="durable"/>.</summary>
    public void Flush(bool durable) => _stream.Flush(durable);

    public void Dispose() => _stream.Dispose();

    private void WriteLine(string line)
    {
        _stream.Write(Utf8.GetBytes(line + "\n"));
        _stream.Flush();
    }

    private static string[] Validate(IReadOnlyList<string> columns)
    {
        if (columns.Count == 0) throw new ArgumentException("at least one column");
        foreach (var c in columns)
            if (string.IsNullOrEmpty(c) || c.IndexOfAny([',', '\n', '\r', '"']) >= 0) throw new ArgumentException($"bad column name '{c}'");
        return [.. columns];
    }

    private static double ParseCell(string s, string path, int line) => s switch
    {
        "nan" => double.NaN,
        "inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        _ => double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v) ? v
            : throw new InvalidInputException("checkpoint", path, $"line {line} of the history log holds '{s}', not a number"),
    };
}
