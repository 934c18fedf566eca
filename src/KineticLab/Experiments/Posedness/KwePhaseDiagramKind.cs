using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KineticLab.Output;
using KineticLab.Posedness;
using KineticLab.Posedness.KweAsymptotics;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Experiments.Posedness;

/// <summary>
/// The (β, M) phase diagram of the isotropic KWE operator (kind <c>kwe.phase-diagram</c>, <c>examples/kwe-phase-diagram.json</c>):
/// <code>
/// { "kind": "kwe.phase-diagram", "M": [7, 8, 10, 12, 16], "part": "full" | "gain", "datum": "smooth" | "kbracket" | "oscillating",
///   "A": 2, "N": 10, "beta": null | "0.9:0.05:1.3",                  // null: β*(M) of the expansion ± 0.05, ± 0.1
///   "omega_min": 1e2, "omega_max": 1e7, "points_per_decade": 2, "window_decades": 2, "rtol": 1e-10, "expansion_only": false }
/// </code>
/// </summary>
public sealed class KwePhaseDiagramExperimentSpec : ExperimentSpec
{
    [JsonPropertyName("M"), JsonConverter(typeof(NumberListConverter))] public double[] M { get; set; } = [7, 8, 10, 12, 16];
    public string Part { get; set; } = "full";
    public string Datum { get; set; } = "smooth";
    [JsonPropertyName("A")] public double A { get; set; } = 2;
    [JsonPropertyName("N")] public double N { get; set; } = 10;
    [JsonConverter(typeof(NumberListConverter))] public double[]? Beta { get; set; }
    public double OmegaMin { get; set; } = 1e2;
    public double OmegaMax { get; set; } = 1e7;
    public int PointsPerDecade { get; set; } = 2;
    public double WindowDecades { get; set; } = 2;
    [JsonPropertyName("rtol")] public double RelTol { get; set; } = 1e-10;
    public bool ExpansionOnly { get; set; }

    /// <summary>The library's spec (choices checked here, ranges by <see cref="KwePhaseDiagramSpec.Validate"/>).</summary>
    public KwePhaseDiagramSpec ToLibrary()
    {
        if (M is null || M.Length == 0) throw new InvalidInputException("M", "", "at least one M is required");
        if (M.Length > 50) throw new InvalidInputException("M", $"[{M.Length} values]", "at most 50 values");
        if (Beta is { Length: > 200 }) throw new InvalidInputException("beta", $"[{Beta.Length} values]", "at most 200 values");
        var datum = KweDatumSpec.Create(Datum, M.Min(), A, N);
        var part = PosednessOutput.Choice("part", Part, ["gain", "full"]) == "gain" ? CollisionPart.Gain : CollisionPart.Full;
        return new KwePhaseDiagramSpec
        {
            Datum = datum.Kind, A = A, N = N, Part = part, Ms = M, Betas = Beta,
            OmegaMin = OmegaMin, OmegaMax = OmegaMax, PointsPerDecade = PointsPerDecade, WindowDecades = WindowDecades,
            RelTol = RelTol, ExpansionOnly = ExpansionOnly,
        };
    }
}

/// <summary>
/// <c>kwe.phase-diagram</c>: β*(M) where ⟨ω⟩^{M/2}C[n⁰](ω) stops being bounded as ω → ∞, from the large-ω expansion and
/// measured on the operator out to ω_max (<see cref="KwePhaseDiagram"/>); the (β, M) diagram with the seed's claims.
/// </summary>
public sealed class KwePhaseDiagramKind : ExperimentKind<KwePhaseDiagramExperimentSpec>
{
    public override string Name => "kwe.phase-diagram";
    public override string Summary => "(β, M) phase diagram of the isotropic KWE operator: asymptotic threshold β*(M), expansion and measurement";
    protected override JsonTypeInfo<KwePhaseDiagramExperimentSpec> TypeInfo => PosednessJsonContext.Default.KwePhaseDiagramExperimentSpec;

    public override IReadOnlyList<string> Validate(KwePhaseDiagramExperimentSpec spec) => spec.ToLibrary().Validate();

    public override string Describe(KwePhaseDiagramExperimentSpec spec)
    {
        var s = spec.ToLibrary();
        return $"kwe phase-diagram: {KweThresholdReport.PartName(s.Part)} operator, {KweThresholdReport.DatumName(s.Datum)} datum, M = {string.Join(", ", s.Ms.Select(Require.Fmt))}" +
               (s.ExpansionOnly ? " (expansion only)" : $", operator to ω = {Require.Fmt(s.OmegaMax)}");
    }

    protected override ExperimentOutcome Execute(ExperimentRun<KwePhaseDiagramExperimentSpec> run)
    {
        var spec = run.Spec.ToLibrary();
        var folder = run.Folder!;
        var r = KwePhaseDiagram.Run(spec, run.Progress("kwe phase-diagram"), run.Context.Cancel);
        var rec = run.Record(null, Parameters(run.Spec));
        KwePhaseDiagramReport.Write(folder, r, rec);
        var json = KwePhaseDiagramReport.ToJson(r);
        json["results"] = folder.Path;
        var lines = new List<string>
        {
            $"{KweThresholdReport.PartName(spec.Part)} operator, {KweThresholdReport.DatumName(spec.Datum)} datum",
            $"{"M",6} {"beta*",10} {"stderr",9} {"expansion",10} {"lead",6} {"naive fit",10}",
        };
        foreach (var x in r.Rows)
            lines.Add($"{x.M,6:0.###} {x.Threshold,10:F5} {x.ThresholdStdErr,9:E1} {x.ThresholdExpansion,10:F5} {x.LeadingTerm,6} {x.ThresholdNaive,10:F4}");
        lines.Add($"results: {folder.Path} (summary.md, phase-diagram.svg, thresholds.csv)");
        return new ExperimentOutcome { Data = json, Lines = lines, Folder = folder.Path };
    }
}

/// <summary>JSON, tables, figures and summary of a <see cref="KwePhaseDiagramResult"/>.</summary>
public static class KwePhaseDiagramReport
{
    /// <summary>The seed's statements placed on the diagram: (label, β or NaN, M or NaN).</summary>
    public static IReadOnlyList<(string Label, double Beta, double M)> SeedClaims(KwePhaseDiagramSpec s)
    {
        var list = new List<(string, double, double)>
        {
            ("Thm 2.6 / 4.2: β = 1/4", 0.25, double.NaN),
            ("M = 6 (Thms 2.6, 4.2 need M > 6)", double.NaN, 6),
        };
        if (s.Part == CollisionPart.Full)
        {
            list.Add(("M = 10 (Thm 5.1 needs M > 10)", double.NaN, 10));
            if (s.Datum != KweDatumKind.Oscillating) list.Add(("Remark 1.4: β = 3/4", 0.75, double.NaN));
        }
        return list;
    }

    public static JsonObject ToJson(KwePhaseDiagramResult r)
    {
        var s = r.Spec;
        var rows = r.Rows;
        var claims = new JsonArray();
        foreach (var c in SeedClaims(s))
            claims.Add(new JsonObject { ["claim"] = c.Label, ["beta"] = Json.Number(c.Beta), ["M"] = Json.Number(c.M) });
        var o = new JsonObject
        {
            ["part"] = KweThresholdReport.PartName(s.Part),
            ["datum"] = KweThresholdReport.DatumName(s.Datum),
            ["M"] = Json.Array(rows.Select(x => x.M).ToArray()),
            ["threshold"] = Json.Array(rows.Select(x => x.Threshold).ToArray()),
            ["threshold_stderr"] = Json.Array(rows.Select(x => x.ThresholdStdErr).ToArray()),
            ["threshold_expansion"] = Json.Array(rows.Select(x => x.ThresholdExpansion).ToArray()),
            ["leading_term"] = new JsonArray(rows.Select(x => (JsonNode?)x.LeadingTerm).ToArray()),
            ["threshold_naive"] = Json.Array(rows.Select(x => x.ThresholdNaive).ToArray()),
            ["omega_max"] = s.ExpansionOnly ? null : s.OmegaMax,
            ["fit_window_decades"] = s.WindowDecades,
            ["beta"] = new JsonArray(rows.Select(x => (JsonNode?)Json.Array(x.Study?.Rows.Select(y => y.Beta).ToArray() ?? [])).ToArray()),
            ["exponent"] = new JsonArray(rows.Select(x => (JsonNode?)Json.Array(x.Study?.Rows.Select(y => y.Windows.Count > 0 ? y.Windows[^1].Corrected : double.NaN).ToArray() ?? [])).ToArray()),
            ["exponent_expansion"] = new JsonArray(rows.Select(x => (JsonNode?)Json.Array(x.Study?.Rows.Select(y => y.Expansion.Leading.Exponent).ToArray() ?? [])).ToArray()),
            ["relative_residual_at_omega_max"] = new JsonArray(rows.Select(x => (JsonNode?)Json.Array(x.Study?.Rows.Select(y => y.Phi[^1] / y.PhiAsymptotic[^1] - 1).ToArray() ?? [])).ToArray()),
            ["seed_claims"] = claims,
            ["warnings"] = new JsonArray(r.Warnings.Select(w => (JsonNode?)w).ToArray()),
        };
        if (s.Datum == KweDatumKind.Oscillating) { o["A"] = s.A; o["N"] = s.N; }
        return o;
    }

    public static void Write(ResultFolder folder, KwePhaseDiagramResult r, ResultRecord rec)
    {
        rec.Data = ToJson(r);
        rec.Warnings.Clear();
        rec.Warnings.AddRange(r.Warnings);
        var h5 = ResultsFile.Create(rec.Kind, rec.Parameters);

        var t = new ResultTable("M", "threshold", "threshold_stderr", "threshold_expansion", "leading_term", "threshold_naive");
        foreach (var x in r.Rows) t.AddRow(x.M, x.Threshold, x.ThresholdStdErr, x.ThresholdExpansion, x.LeadingTerm, x.ThresholdNaive);
        PosednessOutput.Write(folder, h5, "thresholds.csv", t);
        rec.Tables["thresholds.csv"] = "β*(M): measured (corrected fit, top window) with its uncertainty, from the expansion, and the plain power fit";

        var f = new ResultTable("M", "beta", "window_lo", "window_hi", "exponent_corrected", "exponent_naive", "exponent_naive_stderr", "exponent_naive_expansion", "exponent_expansion");
        var c = new CsvTable("M", "beta", "omega", "phi", "phi_error", "phi_expansion");
        foreach (var x in r.Rows.Where(x => x.Study is not null))
            foreach (var y in x.Study!.Rows)
            {
                foreach (var w in y.Windows)
                    f.AddRow(x.M, y.Beta, w.Lo, w.Hi, w.Corrected, w.Naive, w.NaiveStdErr, w.NaivePredicted, y.Expansion.Leading.Exponent);
                for (int j = 0; j < y.Omega.Length; j++) c.AddRow(x.M, y.Beta, y.Omega[j], y.Phi[j], y.PhiError[j], y.PhiAsymptotic[j]);
            }
        if (r.Rows.Any(x => x.Study is not null))
        {
            PosednessOutput.Write(folder, h5, "fits.csv", f);
            rec.Tables["fits.csv"] = "exponent fits per M, β and window (corrected: with the expansion's subleading exponent; naive: one power law)";
            folder.WriteCsv("operator.csv", c);
            rec.Tables["operator.csv"] = "Φ(ω) = ⟨ω⟩^(M/2)·C[n⁰](ω) from the operator, its error estimate, and the expansion";
        }
        h5.Dataset("diagram/beta", r.GridBeta).Describe("β (columns)");
        h5.Dataset("diagram/M", r.GridM).Describe("M (rows)");
        h5.Dataset("diagram/leading_exponent", r.LeadingExponent).Describe("leading exponent p(β, M) of the expansion: [M, β]");

        folder.WriteSvg("phase-diagram.svg", Diagram(r));
        rec.Figures["phase-diagram.svg"] = "(β, M) plane: where the leading exponent is < 0 and ≥ 0, β*(M) of the expansion, the measured β*, the seed's claims";
        if (r.Rows.Any(x => x.Study is not null))
        {
            folder.WriteSvg("exponents.svg", ExponentPlot(r));
            rec.Figures["exponents.svg"] = "measured exponents (corrected fits, top window) against β with the expansion's leading exponent, per M";
        }
        folder.WriteHdf5(ResultsFile.FileName, h5);
        rec.Tables[ResultsFile.FileName] = "HDF5: parameters, /thresholds, /fits (the columns of the CSV files), /diagram (leading exponent on the (β, M) grid)";
        folder.WriteSummary(Summary(r));
        rec.Figures.TryAdd("summary.md", "human-readable summary");
        folder.WriteResult(rec);
    }

    public static HeatmapPlot Diagram(KwePhaseDiagramResult r)
    {
        var s = r.Spec;
        var h = new HeatmapPlot(r.GridBeta, r.GridM, r.LeadingExponent)
        {
            Title = $"(β, M) diagram: {(s.Part == CollisionPart.Gain ? "gain-only" : "full")} operator, {KweThresholdReport.DatumName(s.Datum)} datum",
            XLabel = "β",
            YLabel = "M (datum ⟨ω⟩^(−M/2))",
            Regions = new TwoRegions(0, "⟨ω⟩^(M/2)C[n⁰] bounded (p < 0)", "unbounded as ω → ∞ (p ≥ 0)"),
            LegendPosition = LegendPosition.TopRight,
        };
        var gm = r.GridM;
        var bx = gm.Select(m => KwePhaseDiagram.ExpansionThreshold(s, m)).ToArray();
        var ok = Enumerable.Range(0, gm.Length).Where(j => double.IsFinite(bx[j])).ToArray();
        if (ok.Length > 1)
            h.Curves.Add(new Series("β*(M), expansion", ok.Select(j => bx[j]).ToArray(), ok.Select(j => gm[j]).ToArray()) { Color = "#000000" });
        var meas = r.Rows.Where(x => double.IsFinite(x.Threshold)).ToArray();
        if (meas.Length > 0)
            h.Curves.Add(new Series($"β* measured (operator to ω = {Markdown.Number(s.OmegaMax)})", meas.Select(x => x.Threshold).ToArray(), meas.Select(x => x.M).ToArray())
                { Line = false, Markers = true, Color = "#D62728" });
        foreach (var (label, b, m) in SeedClaims(s))
        {
            if (double.IsFinite(b)) h.VerticalLines.Add((b, "seed " + label));
            if (double.IsFinite(m) && m >= gm[0] && m <= gm[^1]) h.HorizontalLines.Add((m, "seed " + label));
        }
        return h;
    }

    public static Plot ExponentPlot(KwePhaseDiagramResult r)
    {
        var plot = new Plot
        {
            Title = "Exponent of ⟨ω⟩^(M/2)C[n⁰](ω) as ω → ∞: measured (corrected fit, top window) and expansion",
            XLabel = "β",
            YLabel = "exponent p",
            LegendPosition = LegendPosition.TopLeft,
        };
        foreach (var x in r.Rows.Where(x => x.Study is not null))
        {
            var b = x.Study!.Rows.Select(y => y.Beta).ToArray();
            plot.Add(new Series($"M = {Require.Fmt(x.M)} measured", b, x.Study.Rows.Select(y => y.Windows.Count > 0 ? y.Windows[^1].Corrected : double.NaN).ToArray())
                { Markers = true, Line = false });
            plot.Add(new Series($"M = {Require.Fmt(x.M)} expansion", b, x.Study.Rows.Select(y => y.Expansion.Leading.Exponent).ToArray()) { Dashed = true });
        }
        plot.HorizontalLines.Add((0, "p = 0"));
        return plot;
    }

    public static string Summary(KwePhaseDiagramResult r)
    {
        var s = r.Spec;
        var sb = new StringBuilder();
        sb.AppendLine($"# kwe phase-diagram: {(s.Part == CollisionPart.Gain ? "gain-only" : "full")} operator, {KweThresholdReport.DatumName(s.Datum)} datum");
        sb.AppendLine();
        sb.AppendLine("β*(M) is where the leading exponent p of Φ(ω) = ⟨ω⟩^(M/2)C[n⁰](ω) as ω → ∞ crosses 0. The expansion " +
                      "(docs/kwe-threshold.md) gives p(β, M) as the largest exponent of its terms; the measurement fits " +
                      (s.ExpansionOnly ? "nothing (expansion only)." :
                      $"Φ = c₁ω^p + c₂ω^q (q the expansion's subleading exponent) to the operator on ω ∈ [{Markdown.Number(s.OmegaMin)}, {Markdown.Number(s.OmegaMax)}], " +
                      $"{s.PointsPerDecade} points per decade, in windows of {Markdown.Number(s.WindowDecades)} decades moving up by one; β* is the zero crossing " +
                      "of p(β) in the top window and its uncertainty how far it moved from the window below."));
        sb.AppendLine();
        sb.AppendLine(Markdown.Table(["M", "β* measured", "uncertainty", "β* expansion", "leading term", "β* plain power fit (top window)"],
            r.Rows.Select(x => (IReadOnlyList<string>)[Markdown.Number(x.M), Markdown.Number(x.Threshold, 6), Markdown.Number(x.ThresholdStdErr, 2),
                Markdown.Number(x.ThresholdExpansion, 6), x.LeadingTerm, Markdown.Number(x.ThresholdNaive, 4)])));
        sb.AppendLine();
        sb.AppendLine("Seed's claims drawn on the diagram: " + string.Join("; ", SeedClaims(s).Select(c => c.Label)) + ".");
        if (r.Warnings.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("Warnings:");
            foreach (var w in r.Warnings) sb.AppendLine($"- {w}");
        }
        sb.AppendLine();
        sb.AppendLine("Files: `thresholds.csv`, `fits.csv`, `operator.csv`, `phase-diagram.svg`/`.png`, `exponents.svg`/`.png`, `results.h5`.");
        return sb.ToString();
    }
}
