using KineticLab.Output;
using KineticLab.Output.Hdf5;

namespace KineticLab.Experiments.Posedness;

/// <summary>
/// A table written twice: as CSV (<see cref="CsvTable"/>, cells formatted as they are added) and, column by column, as
/// 1-D datasets of a group of <c>results.h5</c> with the column's type (doubles, integers, strings; booleans as 0/1).
/// </summary>
internal sealed class ResultTable
{
    private readonly List<object?>[] _columns;

    public ResultTable(params string[] columns)
    {
        Csv = new CsvTable(columns);
        _columns = columns.Select(_ => new List<object?>()).ToArray();
    }

    public CsvTable Csv { get; }

    public void AddRow(params object?[] cells)
    {
        Csv.AddRow(cells);
        for (int i = 0; i < cells.Length; i++) _columns[i].Add(cells[i]);
    }

    /// <summary>Every column as a dataset of <paramref name="group"/> (named as the column).</summary>
    public void AddTo(Hdf5Group group)
    {
        for (int c = 0; c < _columns.Length; c++)
        {
            string name = Csv.Columns[c];
            var col = _columns[c];
            if (col.All(v => v is bool))
                group.Dataset(name, col.Select(v => (bool)v! ? 1 : 0).ToArray()).Describe("1: true, 0: false");
            else if (col.All(v => v is int))
                group.Dataset(name, col.Select(v => (int)v!).ToArray());
            else if (col.All(v => v is int or long))
                group.Dataset(name, col.Select(v => Convert.ToInt64(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray());
            else if (col.All(v => v is null or double or float or int or long))
                group.Dataset(name, col.Select(v => v is null ? double.NaN : Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture)).ToArray());
            else
                group.Dataset(name, col.Select(CsvTable.FormatCell).ToArray());
        }
    }
}

/// <summary>Writing helpers shared by the posedness kinds.</summary>
internal static class PosednessOutput
{
    /// <summary>Writes <paramref name="table"/> as <paramref name="csv"/> and adds its columns to the group named after the file (<c>exponents.csv</c> → <c>/exponents</c>).</summary>
    public static void Write(ResultFolder folder, Hdf5Document h5, string csv, ResultTable table)
    {
        folder.WriteCsv(csv, table.Csv);
        table.AddTo(h5.Group(Path.GetFileNameWithoutExtension(csv)));
    }

    /// <summary>One of <paramref name="allowed"/> (case-insensitive), as written there.</summary>
    public static string Choice(string field, string? value, string[] allowed)
    {
        foreach (var a in allowed) if (string.Equals(a, value, StringComparison.OrdinalIgnoreCase)) return a;
        throw new InvalidInputException(field, value ?? "null", $"must be one of {string.Join("|", allowed)}");
    }

    /// <summary>Numbers as a JSON array (non-finite values as <see cref="Json.Number"/> writes them).</summary>
    public static System.Text.Json.Nodes.JsonArray Numbers(IEnumerable<double> v) => new(v.Select(x => (System.Text.Json.Nodes.JsonNode?)Json.Number(x)).ToArray());

    /// <summary>
    /// The common end of a posedness report: results.h5, the warnings appended to the summary, summary.md and result.json
    /// (the record's warnings replaced by <paramref name="warnings"/>).
    /// </summary>
    public static void Finish(ResultFolder folder, Hdf5Document h5, string h5Description, ResultRecord rec, System.Text.StringBuilder summary, IReadOnlyList<string> warnings)
    {
        rec.Warnings.Clear();
        rec.Warnings.AddRange(warnings);
        folder.WriteHdf5(ResultsFile.FileName, h5);
        rec.Tables[ResultsFile.FileName] = h5Description;
        if (warnings.Count > 0)
        {
            summary.AppendLine();
            summary.AppendLine("Warnings:");
            foreach (var w in warnings) summary.AppendLine($"- {w}");
        }
        folder.WriteSummary(summary.ToString());
        rec.Figures.TryAdd("summary.md", "human-readable summary");
        folder.WriteResult(rec);
    }

    /// <summary>The same error under another field name (library fields that a file sets under one key).</summary>
    public static T Renamed<T>(Func<T> f, IReadOnlyDictionary<string, string> fields)
    {
        try { return f(); }
        catch (InvalidInputException e) when (fields.ContainsKey(e.Field))
        {
            throw new InvalidInputException(fields[e.Field], e.Value, e.Reason);
        }
    }
}
