using System.Globalization;
using System.Text;

namespace KineticLab.Output;

/// <summary>
/// A table with named columns, written as CSV (RFC 4180 quoting, <c>'\n'</c> line endings).
/// Cells are formatted when the row is added, in the invariant culture: doubles and floats in shortest
/// round-trip form (<c>NaN</c> → <c>nan</c>, <c>±∞</c> → <c>inf</c>/<c>-inf</c>), integers as plain
/// digits, booleans as <c>true</c>/<c>false</c>, <c>null</c> as an empty cell.
/// </summary>
public sealed class CsvTable
{
    private readonly string[] _columns;
    private readonly List<string[]> _rows = new();

    /// <param name="columns">Column names (at least one).</param>
    public CsvTable(params string[] columns)
    {
        ArgumentNullException.ThrowIfNull(columns);
        if (columns.Length == 0) throw new ArgumentException("a table needs at least one column", nameof(columns));
        foreach (var c in columns) ArgumentNullException.ThrowIfNull(c, nameof(columns));
        _columns = (string[])columns.Clone();
    }

    /// <summary>Column names, in order.</summary>
    public IReadOnlyList<string> Columns => _columns;

    /// <summary>Number of data rows (the header is not counted).</summary>
    public int RowCount => _rows.Count;

    /// <summary>Appends a row; the number of cells must equal the number of columns.</summary>
    /// <exception cref="ArgumentException">The cell count differs from the column count.</exception>
    public void AddRow(params object?[] cells)
    {
        ArgumentNullException.ThrowIfNull(cells);
        if (cells.Length != _columns.Length)
            throw new ArgumentException($"row has {cells.Length} cells but the table has {_columns.Length} columns", nameof(cells));
        var row = new string[cells.Length];
        for (int i = 0; i < cells.Length; i++) row[i] = FormatCell(cells[i]);
        _rows.Add(row);
    }

    /// <summary>The formatted (unquoted) cell in row <paramref name="row"/>, column <paramref name="column"/>.</summary>
    public string Cell(int row, int column) => _rows[row][column];

    /// <summary>The table as CSV text: a header line, then one line per row, each ending in <c>'\n'</c>.</summary>
    public string ToCsv()
    {
        var sb = new StringBuilder();
        AppendLine(sb, _columns);
        foreach (var row in _rows) AppendLine(sb, row);
        return sb.ToString();
    }

    /// <summary>Formats one value as a CSV cell (before quoting), following the rules of this class.</summary>
    public static string FormatCell(object? value) => value switch
    {
        null => "",
        string s => s,
        double d => FormatDouble(d),
        float f => FormatFloat(f),
        bool b => b ? "true" : "false",
        char c => c.ToString(),
        IFormattable x => x.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    /// <summary>Shortest round-trip form of <paramref name="v"/>; <c>nan</c>, <c>inf</c>, <c>-inf</c> for non-finite values.</summary>
    public static string FormatDouble(double v) =>
        double.IsNaN(v) ? "nan"
        : double.IsPositiveInfinity(v) ? "inf"
        : double.IsNegativeInfinity(v) ? "-inf"
        : v.ToString("R", CultureInfo.InvariantCulture);

    private static string FormatFloat(float v) =>
        float.IsNaN(v) ? "nan"
        : float.IsPositiveInfinity(v) ? "inf"
        : float.IsNegativeInfinity(v) ? "-inf"
        : v.ToString("R", CultureInfo.InvariantCulture);

    private static void AppendLine(StringBuilder sb, string[] cells)
    {
        for (int i = 0; i < cells.Length; i++)
        {
            if (i > 0) sb.Append(',');
            AppendQuoted(sb, cells[i]);
        }
        sb.Append('\n');
    }

    private static void AppendQuoted(StringBuilder sb, string cell)
    {
        if (cell.AsSpan().IndexOfAny(",\"\n\r") < 0)
        {
            sb.Append(cell);
            return;
        }
        sb.Append('"').Append(cell.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
