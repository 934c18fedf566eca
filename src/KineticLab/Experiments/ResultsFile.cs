using System.Text.Json.Nodes;
using KineticLab.Output.Hdf5;
using KineticLab.Simulations;

namespace KineticLab.Experiments;

/// <summary>
/// The HDF5 file of a results folder (<c>results.h5</c>, layout in docs/output.md): the kind, version and status as
/// root attributes, the parameters under <c>/parameters</c>, the time series under <c>/timeseries</c>, fields under
/// <c>/fields</c> and profiles under <c>/profiles</c>.
/// </summary>
public static class ResultsFile
{
    public const string FileName = "results.h5";

    /// <summary>A document for a run: kind, version, parameters, and (for solver runs) the status and where the run stopped.</summary>
    public static Hdf5Document Create(string kind, JsonObject parameters, RunStop? stop = null, bool solver = false)
    {
        var doc = Hdf5Document.ForRun(kind, parameters);
        if (solver)
        {
            doc.Attributes["status"] = SolverRun.StatusName(stop);
            if (stop is not null)
            {
                doc.Attributes["stop_time"] = stop.Time;
                doc.Attributes["stop_iteration"] = stop.Iteration;
                doc.Attributes["stop_reason"] = stop.Reason;
            }
        }
        return doc;
    }

    /// <summary>Every column of <paramref name="ts"/> as a 1-D dataset of <c>/timeseries</c>.</summary>
    public static void AddTimeSeries(Hdf5Document doc, TimeSeriesWriter ts, IReadOnlyDictionary<string, string>? descriptions = null)
    {
        var g = doc.Group("timeseries");
        foreach (var c in ts.Columns)
        {
            var d = g.Dataset(c, ts.Column(c));
            if (descriptions is not null && descriptions.TryGetValue(c, out var text)) d.Describe(text);
        }
    }

    /// <summary>Rows of equal length stacked into [row, column] (row-major); an empty list gives a 0 × 0 array.</summary>
    public static double[,] Stack(IReadOnlyList<double[]> rows)
    {
        int n = rows.Count, m = n == 0 ? 0 : rows[0].Length;
        var a = new double[n, m];
        for (int i = 0; i < n; i++)
        {
            if (rows[i].Length != m) throw new ArgumentException("rows of different lengths");
            for (int j = 0; j < m; j++) a[i, j] = rows[i][j];
        }
        return a;
    }
}
