using System.Globalization;
using System.Text;

namespace KineticLab.Output;

/// <summary>Small helpers for <c>summary.md</c> and other human-readable reports.</summary>
public static class Markdown
{
    /// <summary>
    /// A GitHub-flavoured Markdown table, columns padded for readability in plain text.
    /// <c>|</c> in cells is escaped and line breaks become spaces. Every row must have as many cells as there are headers.
    /// </summary>
    /// <exception cref="ArgumentException">No headers, or a row with a different number of cells.</exception>
    public static string Table(IReadOnlyList<string> headers, IEnumerable<IReadOnlyList<string>> rows)
    {
        ArgumentNullException.ThrowIfNull(headers);
        ArgumentNullException.ThrowIfNull(rows);
        int n = headers.Count;
        if (n == 0) throw new ArgumentException("a table needs at least one column", nameof(headers));

        var cells = new List<string[]> { Escape(headers) };
        foreach (var row in rows)
        {
            ArgumentNullException.ThrowIfNull(row, nameof(rows));
            if (row.Count != n) throw new ArgumentException($"row has {row.Count} cells but the table has {n} columns", nameof(rows));
            cells.Add(Escape(row));
        }

        var width = new int[n];
        for (int j = 0; j < n; j++)
        {
            width[j] = 3;
            foreach (var r in cells) width[j] = Math.Max(width[j], r[j].Length);
        }

        var sb = new StringBuilder();
        AppendRow(sb, cells[0], width);
        sb.Append('|');
        for (int j = 0; j < n; j++) sb.Append(' ').Append('-', width[j]).Append(" |");
        sb.Append('\n');
        for (int i = 1; i < cells.Count; i++) AppendRow(sb, cells[i], width);
        return sb.ToString();
    }

    /// <summary>
    /// Compact human formatting with <paramref name="significant"/> significant digits: fixed notation for
    /// magnitudes in [1e-3, 10^significant), otherwise scientific with a two-digit exponent; trailing zeros
    /// are dropped. Examples (4 digits): <c>0.2501</c>, <c>1.234e-05</c>, <c>1235</c>, <c>1.235e+04</c>, <c>0</c>.
    /// Non-finite values give <c>nan</c>, <c>inf</c>, <c>-inf</c>.
    /// </summary>
    public static string Number(double v, int significant = 4)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(significant, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(significant, 17);
        if (!double.IsFinite(v)) return CsvTable.FormatDouble(v);
        if (v == 0) return "0";

        // Round once, in scientific form: "d.ddddE+xxx".
        string e = Math.Abs(v).ToString("E" + (significant - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        int ePos = e.IndexOf('E');
        string digits = e[..ePos].Replace(".", "", StringComparison.Ordinal);
        int exponent = int.Parse(e.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        string sign = v < 0 ? "-" : "";

        if (exponent >= -3 && exponent < Math.Max(significant, 1))
            return sign + Fixed(digits, exponent);

        string mantissa = digits.Length > 1 ? digits[..1] + "." + digits[1..] : digits;
        mantissa = TrimFraction(mantissa);
        string exp = Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture);
        return $"{sign}{mantissa}e{(exponent < 0 ? '-' : '+')}{exp}";
    }

    /// <summary>Escapes text for use inside a table cell (pipes, line breaks).</summary>
    public static string EscapeCell(string text) =>
        text.Replace("|", "\\|", StringComparison.Ordinal).Replace("\r\n", " ", StringComparison.Ordinal)
            .Replace('\n', ' ').Replace('\r', ' ');

    private static string Fixed(string digits, int exponent)
    {
        string s;
        if (exponent >= 0)
        {
            string intPart = digits.Length > exponent + 1 ? digits[..(exponent + 1)] : digits.PadRight(exponent + 1, '0');
            string frac = digits.Length > exponent + 1 ? digits[(exponent + 1)..] : "";
            s = frac.Length > 0 ? intPart + "." + frac : intPart;
        }
        else
        {
            s = "0." + new string('0', -exponent - 1) + digits;
        }
        return TrimFraction(s);
    }

    private static string TrimFraction(string s)
    {
        if (!s.Contains('.')) return s;
        s = s.TrimEnd('0');
        return s.EndsWith('.') ? s[..^1] : s;
    }

    private static string[] Escape(IReadOnlyList<string> row)
    {
        var r = new string[row.Count];
        for (int j = 0; j < r.Length; j++) r[j] = EscapeCell(row[j] ?? "");
        return r;
    }

    private static void AppendRow(StringBuilder sb, string[] row, int[] width)
    {
        sb.Append('|');
        for (int j = 0; j < row.Length; j++) sb.Append(' ').Append(row[j].PadRight(width[j])).Append(" |");
        sb.Append('\n');
    }
}
