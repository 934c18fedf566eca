using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using KineticLab.Output;
using KineticLab.Posedness;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Experiments.Posedness;

/// <summary>JSON, tables, plots and summary of a <see cref="KweThresholdResult"/>.</summary>
public static class KweThresholdReport
{
    public static string PartName(CollisionPart p) => p.ToString().ToLowerInvariant();
    public static string DatumName(KweDatumKind k) => k.ToString().ToLowerInvariant();

    /// <summary>The machine-readable result (printed by <c>--json</c>, stored as result.json's data).</summary>
    public static JsonObject ToJson(KweThresholdResult r)
    {
        var pred = r.Spec.SeedPrediction();
        var curves = new JsonArray();
        foreach (var row in r.Rows)
            curves.Add(new JsonObject
            {
                ["beta"] = row.Beta,
                ["omega"] = Json.Array(row.Omega),
                ["value"] = Json.Array(row.Value),
                ["weighted"] = Json.Array(row.Weighted),
                ["picard_sup_norm"] = Json.Array(row.PicardSupNorm),
            });
        return new JsonObject
        {
            ["part"] = PartName(r.Spec.Part),
            ["datum"] = DatumName(r.Spec.Datum.Kind),
            ["M"] = r.Spec.Datum.M,
            ["beta"] = Json.Array(r.Rows.Select(x => x.Beta).ToArray()),
            ["exponent"] = Json.Array(r.Rows.Select(x => x.Exponent).ToArray()),
            ["exponent_stderr"] = Json.Array(r.Rows.Select(x => x.ExponentStdErr).ToArray()),
            ["residual_rms"] = Json.Array(r.Rows.Select(x => x.ResidualRms).ToArray()),
            ["fit_points"] = new JsonArray(r.Rows.Select(x => (JsonNode?)x.FitPoints).ToArray()),
            ["fit_window"] = Json.Array([r.Spec.FitMin, r.Spec.FitMax]),
            ["fit_model"] = r.Spec.Model == GrowthModel.Power ? "power" : "corrected",
            ["converged"] = new JsonArray(r.Rows.Select(x => (JsonNode?)x.Converged).ToArray()),
            ["picard_time"] = r.Spec.PicardTime,
            ["omega_max"] = r.Rows.Count > 0 ? r.Rows[0].Omega[^1] : null,
            ["picard_norm"] = Json.Array(r.Rows.Select(x => x.PicardSupNorm[^1]).ToArray()),
            ["threshold"] = Json.Number(r.Threshold),
            ["threshold_stderr"] = Json.Number(r.ThresholdStdErr),
            ["threshold_method"] = r.ThresholdMethod,
            ["threshold_interpolated"] = Json.Number(r.InterpolatedThreshold),
            ["threshold_line"] = Json.Number(r.LineThreshold),
            ["threshold_line_stderr"] = Json.Number(r.LineThresholdStdErr),
            ["line_slope"] = Json.Number(r.LineSlope),
            ["line_slope_stderr"] = Json.Number(r.LineSlopeStdErr),
            ["line_intercept"] = Json.Number(r.LineIntercept),
            ["seed_prediction"] = new JsonObject
            {
                ["exponent"] = double.IsFinite(pred.Slope) ? $"{pred.Slope}β {(pred.Intercept < 0 ? "−" : "+")} {Math.Abs(pred.Intercept)}" : null,
                ["threshold"] = Json.Number(pred.Threshold),
                ["source"] = pred.Source,
            },
            ["curves"] = curves,
            ["warnings"] = new JsonArray(r.Warnings.Select(w => (JsonNode?)w).ToArray()),
        };
    }

    /// <summary>
    /// Writes result.json (<paramref name="rec"/> with the data and the run's warnings), CSV tables, SVG plots, results.h5
    /// and summary.md.
    /// </summary>
    public static ResultRecord Write(ResultFolder folder, KweThresholdResult r, ResultRecord rec)
    {
        rec.Data = ToJson(r);
        rec.Warnings.Clear();
        rec.Warnings.AddRange(r.Warnings);
        var h5 = ResultsFile.Create(rec.Kind, rec.Parameters);

        var pred = r.Spec.SeedPrediction();
        var t = new ResultTable("beta", "exponent", "exponent_stderr", "residual_rms", "fit_points", "seed_exponent", "picard_norm", "converged", "evaluations");
        foreach (var row in r.Rows)
            t.AddRow(row.Beta, row.Exponent, row.ExponentStdErr, row.ResidualRms, row.FitPoints,
                pred.Slope * row.Beta + pred.Intercept, row.PicardSupNorm[^1], row.Converged, row.Evaluations);
        PosednessOutput.Write(folder, h5, "exponents.csv", t);
        rec.Tables["exponents.csv"] = "fitted growth exponent p(β) per β, with the seed's prediction";

        var c = new CsvTable("beta", "omega", "value", "weighted", "picard_sup_norm");
        foreach (var row in r.Rows)
            for (int j = 0; j < row.Omega.Length; j++)
                c.AddRow(row.Beta, row.Omega[j], row.Value[j], row.Weighted[j], row.PicardSupNorm[j]);
        folder.WriteCsv("curves.csv", c);
        rec.Tables["curves.csv"] = "operator values, weighted values ⟨ω⟩^{M/2}|C| and the running Picard sup norm";
        // The curves as fields [β, ω] (every β is sampled on the same ω grid).
        if (r.Rows.Count > 0)
        {
            h5.Dataset("curves/beta", r.Rows.Select(x => x.Beta).ToArray()).Describe("β (rows)");
            h5.Dataset("curves/omega", r.Rows[0].Omega).Describe("ω samples (columns)");
            h5.Dataset("curves/value", ResultsFile.Stack(r.Rows.Select(x => x.Value).ToList())).Describe("C[n⁰](ω) (or its gain part): [β, ω]");
            h5.Dataset("curves/weighted", ResultsFile.Stack(r.Rows.Select(x => x.Weighted).ToList())).Describe("⟨ω⟩^(M/2)|C[n⁰](ω)|: [β, ω]");
            h5.Dataset("curves/picard_sup_norm", ResultsFile.Stack(r.Rows.Select(x => x.PicardSupNorm).ToList()))
                .Describe("sup over ω' ≤ ω of ⟨ω'⟩^(M/2)|n⁰ + tC[n⁰]|(ω'): [β, ω]");
        }

        folder.WriteSvg("exponent.svg", ExponentPlot(r));
        rec.Figures["exponent.svg"] = "growth exponent p(β) with error bars, the seed's prediction and the threshold";
        folder.WriteSvg("weighted.svg", WeightedPlot(r));
        rec.Figures["weighted.svg"] = "weighted operator ⟨ω⟩^{M/2}|C[n⁰](ω)| for selected β (log–log)";
        folder.WriteSvg("picard.svg", PicardPlot(r));
        rec.Figures["picard.svg"] = "weighted sup norm of the second Picard iterate against the truncation ω_max";

        folder.WriteHdf5(ResultsFile.FileName, h5);
        rec.Tables[ResultsFile.FileName] = "HDF5: parameters, /exponents (the columns of exponents.csv), /curves (value, weighted, picard_sup_norm as [β, ω])";
        folder.WriteSummary(Summary(r));
        rec.Figures.TryAdd("summary.md", "human-readable summary");
        folder.WriteResult(rec);
        return rec;
    }

    private static string Title(KweThresholdSpec s) =>
        $"{(s.Part == CollisionPart.Gain ? "gain-only" : "full")} operator, {DatumName(s.Datum.Kind)} datum, M = {s.Datum.M}";

    public static Plot ExponentPlot(KweThresholdResult r)
    {
        var pred = r.Spec.SeedPrediction();
        var b = r.Rows.Select(x => x.Beta).ToArray();
        var plot = new Plot
        {
            Title = $"Growth exponent p(β): {Title(r.Spec)}",
            XLabel = "β",
            YLabel = "exponent p",
            LegendPosition = LegendPosition.TopLeft,
        };
        plot.Add(new Series("measured", b, r.Rows.Select(x => x.Exponent).ToArray())
        {
            Markers = true, YError = r.Rows.Select(x => x.ExponentStdErr).ToArray(),
        });
        if (double.IsFinite(pred.Slope))
            plot.Add(new Series($"seed: p = {pred.Slope}β {(pred.Intercept < 0 ? "−" : "+")} {Math.Abs(pred.Intercept)}", b,
                b.Select(x => pred.Slope * x + pred.Intercept).ToArray()) { Dashed = true });
        if (double.IsFinite(r.LineSlope))
            plot.Add(new Series($"line fit: p = {r.LineSlope:F3}β {(r.LineIntercept < 0 ? "−" : "+")} {Math.Abs(r.LineIntercept):F3}", b,
                b.Select(x => r.LineSlope * x + r.LineIntercept).ToArray()) { Dashed = true });
        plot.HorizontalLines.Add((0, "p = 0"));
        if (double.IsFinite(r.Threshold) && r.Threshold >= b.Min() - 0.5 && r.Threshold <= b.Max() + 0.5)
            plot.VerticalLines.Add((r.Threshold, $"β* = {r.Threshold:F3}"));
        return plot;
    }

    private static IEnumerable<KweThresholdRow> Selected(KweThresholdResult r)
    {
        int n = r.Rows.Count;
        if (n <= 6) return r.Rows;
        var idx = new SortedSet<int>();
        for (int k = 0; k < 6; k++) idx.Add((int)Math.Round(k * (n - 1) / 5.0));
        return idx.Select(i => r.Rows[i]);
    }

    public static Plot WeightedPlot(KweThresholdResult r)
    {
        var plot = CurvesPlot(r, $"Weighted operator: {Title(r.Spec)}", "ω", "⟨ω⟩^(M/2) |C[n⁰](ω)|",
            row => ($"β = {BetaText(row.Beta)} (p = {row.Exponent:F3})", row.Weighted), markers: true);
        plot.VerticalLines.Add((r.Spec.FitMin, "fit window"));
        plot.VerticalLines.Add((r.Spec.FitMax, ""));
        return plot;
    }

    public static Plot PicardPlot(KweThresholdResult r) =>
        CurvesPlot(r, $"Second Picard iterate, t = {r.Spec.PicardTime}: {Title(r.Spec)}", "truncation ω_max",
            "sup_(ω ≤ ω_max) ⟨ω⟩^(M/2)|n⁰ + tC[n⁰]|", row => ($"β = {BetaText(row.Beta)}", row.PicardSupNorm), markers: false);

    private static string BetaText(double beta) => beta.ToString("0.###", CultureInfo.InvariantCulture);

    /// <summary>A log–log plot with one curve (against ω) per selected β.</summary>
    private static Plot CurvesPlot(KweThresholdResult r, string title, string xLabel, string yLabel,
        Func<KweThresholdRow, (string Name, double[] Y)> curve, bool markers)
    {
        var plot = new Plot
        {
            Title = title, XLabel = xLabel, YLabel = yLabel,
            XScale = Scale.Log, YScale = Scale.Log, LegendPosition = LegendPosition.TopLeft,
        };
        foreach (var row in Selected(r))
        {
            var (name, y) = curve(row);
            plot.Add(new Series(name, row.Omega, y) { Markers = markers });
        }
        return plot;
    }

    public static string Summary(KweThresholdResult r)
    {
        var s = r.Spec;
        var pred = s.SeedPrediction();
        var sb = new StringBuilder();
        sb.AppendLine($"# KWE β-threshold scan: {Title(s)}");
        sb.AppendLine();
        sb.AppendLine($"Datum: {s.Datum.Describe()}. Part: {(s.Part == CollisionPart.Gain ? "gain G = C²³⁴ + C¹³⁴ (gain-only equation)" : "full C = G − L")}.");
        sb.AppendLine($"For each β the weighted operator ⟨ω⟩^(M/2)|C[n⁰](ω)| is evaluated at {r.Rows.FirstOrDefault()?.Omega.Length ?? 0} values of ω in " +
                      $"[{Markdown.Number(s.OmegaMin)}, {Markdown.Number(s.OmegaMax)}]" +
                      (s.Datum.Kind == KweDatumKind.Oscillating ? " (on ω = 2πB/N, where cos Nω = 1)" : "") +
                      $" and its growth exponent p(β) is fitted over ω ∈ [{Markdown.Number(s.FitMin)}, {Markdown.Number(s.FitMax)}] " +
                      $"({(s.Model == GrowthModel.Power ? "log y = a + p log ω" : "log y = a + p log ω + c/ω")}). " +
                      "p > 0 means the second Picard iterate leaves ⟨ω⟩^(-M/2)L^∞: ill-posed.");
        sb.AppendLine();
        string thr = double.IsFinite(r.Threshold) ? $"**β\\* = {r.Threshold:F4} ± {Markdown.Number(r.ThresholdStdErr, 2)}** ({r.ThresholdMethod})" : "no crossing of p = 0 was found";
        sb.AppendLine($"Estimated threshold: {thr}; straight-line fit p(β) = {Markdown.Number(r.LineSlope)}β {(r.LineIntercept < 0 ? "−" : "+")} {Markdown.Number(Math.Abs(r.LineIntercept))} " +
                      $"gives β* = {Markdown.Number(r.LineThreshold)} ± {Markdown.Number(r.LineThresholdStdErr)}.");
        if (double.IsFinite(pred.Threshold))
            sb.AppendLine($"The seed: p = {pred.Slope}β {(pred.Intercept < 0 ? "−" : "+")} {Math.Abs(pred.Intercept)}, threshold {pred.Threshold} ({pred.Source}).");
        sb.AppendLine();
        var rows = r.Rows.Select(x => (IReadOnlyList<string>)new[]
        {
            BetaText(x.Beta),
            $"{x.Exponent:F4}",
            $"{x.ExponentStdErr:E1}",
            double.IsFinite(pred.Slope) ? $"{pred.Slope * x.Beta + pred.Intercept:F4}" : "",
            double.IsFinite(pred.Slope) ? $"{x.Exponent - (pred.Slope * x.Beta + pred.Intercept):+0.0000;-0.0000}" : "",
            Markdown.Number(x.PicardSupNorm[^1]),
            x.Converged ? "yes" : "no",
        });
        sb.AppendLine(Markdown.Table(["β", "p (fit)", "std err", "seed p", "difference", $"Picard norm (ω_max = {Markdown.Number(s.OmegaMax)})", "converged"], rows));
        sb.AppendLine();
        sb.AppendLine("Figures: `exponent.svg` (p(β)), `weighted.svg` (weighted operator curves), `picard.svg` (Picard norm against ω_max). " +
                      "Tables: `exponents.csv`, `curves.csv`; HDF5: `results.h5` (`/exponents`, `/curves`).");
        if (r.Warnings.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("Warnings:");
            foreach (var w in r.Warnings) sb.AppendLine($"- {w}");
        }
        sb.AppendLine();
        sb.AppendLine($"Run time {r.ElapsedSeconds:F1} s.");
        return sb.ToString();
    }
}
