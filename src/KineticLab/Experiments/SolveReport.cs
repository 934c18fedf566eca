using System.Text;
using System.Text.Json.Nodes;
using KineticLab.Output;
using KineticLab.Simulations;

namespace KineticLab.Experiments;

/// <summary>
/// What the solver kinds' reports have in common: relative drift of a conserved quantity, the choice of snapshots
/// to draw, the drift figure, the status line, the files every solver run lists, and the final write of
/// result.json, summary.md and the outcome.
/// </summary>
public static class SolveReport
{
    /// <summary>|x − x0|/|x0| (|x| when x0 = 0).</summary>
    public static double Rel(double x, double x0) => x0 == 0 ? Math.Abs(x) : Math.Abs(x - x0) / Math.Abs(x0);

    /// <summary>The relative drift of every value of <paramref name="x"/> from its first one.</summary>
    public static double[] Drift(IReadOnlyList<double> x) => x.Select(v => Rel(v, x[0])).ToArray();

    /// <summary>At most <paramref name="k"/> indices spread evenly over 0..n−1, first and last included.</summary>
    public static IEnumerable<int> Pick(int n, int k)
    {
        if (n <= k) return Enumerable.Range(0, n);
        var s = new SortedSet<int>();
        for (int i = 0; i < k; i++) s.Add((int)Math.Round(i * (n - 1.0) / (k - 1)));
        return s;
    }

    /// <summary>A semilog figure of relative drifts (floored at 1e-17 so exact conservation stays on the axis).</summary>
    public static Plot DriftPlot(string title, double[] t, params (string Name, double[] Drift, bool Dashed)[] series)
    {
        var p = new Plot { Title = title, XLabel = "t", YLabel = "relative change", YScale = Scale.Log };
        foreach (var (name, drift, dashed) in series)
            p.Add(new Series(name, t, drift.Select(x => Math.Max(x, 1e-17)).ToArray()) { Markers = true, Dashed = dashed });
        return p;
    }

    /// <summary>Lists the history logs and the HDF5 file every solver run writes.</summary>
    public static void ListRunFiles(ResultRecord record, string h5Content)
    {
        record.Tables[SolverRun.TimeSeriesFile] = "the run's append-only time series";
        record.Tables[SolverRun.FieldsFile] = "the run's append-only field log (binary, see docs/output.md)";
        record.Tables[ResultsFile.FileName] = $"HDF5: {h5Content}";
    }

    /// <summary>Writes summary.md (with the status line after the title) and result.json; returns the outcome (data + results folder, lines).</summary>
    /// <param name="printed">What --json prints when it is not the record's data (e.g. the whole record); "results" is added.</param>
    public static ExperimentOutcome Finish(ResultFolder folder, ResultRecord record, string title, RunStop? stop, double reached, double tEnd,
        StringBuilder body, IReadOnlyList<string> lines, JsonObject? printed = null)
    {
        var sb = new StringBuilder();
        sb.AppendLine(title);
        sb.AppendLine();
        sb.AppendLine(SolverRun.StatusLine(stop, reached, tEnd));
        sb.AppendLine();
        sb.Append(body);
        foreach (var w in record.Warnings) sb.AppendLine($"- warning: {w}");
        folder.WriteSummary(sb.ToString());
        folder.WriteResult(record);
        var json = printed ?? (JsonObject)record.Data!.DeepClone();
        json["results"] = folder.Path;
        return new ExperimentOutcome { Data = json, Folder = folder.Path, Lines = [.. lines, $"results: {folder.Path}"] };
    }
}
