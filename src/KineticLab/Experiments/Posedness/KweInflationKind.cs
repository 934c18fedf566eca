using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KineticLab.Output;
using KineticLab.Posedness;
using KineticLab.Posedness.KweInflation;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Experiments.Posedness;

/// <summary>
/// Norm inflation in time for data truncated at ω_max (kind <c>kwe.inflation</c>, <c>examples/kwe-inflation.json</c>):
/// <code>
/// { "kind": "kwe.inflation", "part": "gain" | "full", "datum": "smooth" | "kbracket" | "oscillating", "M": 12, "A": 2, "N": 10,
///   "beta": [0.5, 0.75, 1], "omega_max": [1e3, 1e4, 1e5, 1e6], "omega_min": 1e-2, "points_per_octave": 4,
///   "tail": "truncated" | "power_law", "factor": 2, "t_max": 2, "blow_up": false, "blow_up_factor": 1e6,
///   "integrator": "lawson5" | "etd3" | "dopri5", "rtol": 1e-6, "fit_window": null | [lo, hi] }   // null: all of omega_max
/// </code>
/// </summary>
public sealed class KweInflationExperimentSpec : ExperimentSpec
{
    public string Part { get; set; } = "gain";
    public string Datum { get; set; } = "smooth";
    [JsonPropertyName("M")] public double M { get; set; } = 12;
    [JsonPropertyName("A")] public double A { get; set; } = 2;
    [JsonPropertyName("N")] public double N { get; set; } = 10;
    [JsonConverter(typeof(NumberListConverter))] public double[] Beta { get; set; } = [0.5, 0.75, 1];
    [JsonConverter(typeof(NumberListConverter))] public double[] OmegaMax { get; set; } = [1e3, 1e4, 1e5, 1e6];
    public double OmegaMin { get; set; } = 1e-2;
    public int PointsPerOctave { get; set; } = 4;
    public string Tail { get; set; } = "truncated";
    public double Factor { get; set; } = 2;
    public double TMax { get; set; } = 2;
    public bool BlowUp { get; set; }
    public double BlowUpFactor { get; set; } = 1e6;
    public string Integrator { get; set; } = "lawson5";
    [JsonPropertyName("rtol")] public double RelTol { get; set; } = 1e-6;
    [JsonConverter(typeof(NumberListConverter))] public double[]? FitWindow { get; set; }

    /// <summary>One library spec per β (choices and lists checked here, ranges by <see cref="KweInflationSpec.Validate"/>).</summary>
    public KweInflationSpec[] ToLibrary()
    {
        var datum = KweDatumSpec.Create(Datum, M, A, N);
        var part = PosednessOutput.Choice("part", Part, ["gain", "full"]) == "gain" ? CollisionPart.Gain : CollisionPart.Full;
        if (Beta is null || Beta.Length == 0) throw new InvalidInputException("beta", "", "at least one β is required");
        if (Beta.Length > 50) throw new InvalidInputException("beta", $"[{Beta.Length} values]", "at most 50 values");
        foreach (var b in Beta) Require.InRange("beta", b, 0, 2);
        if (OmegaMax is null || OmegaMax.Length == 0) throw new InvalidInputException("omega_max", "", "at least one truncation is required");
        if (OmegaMax.Length > 20) throw new InvalidInputException("omega_max", $"[{OmegaMax.Length} values]", "at most 20 values");
        Require.InRange("omega_min", OmegaMin, 1e-8, 1e3);
        foreach (var w in OmegaMax)
        {
            if (!(w > 10 * OmegaMin)) throw new InvalidInputException("omega_max", Require.Fmt(w), $"must exceed 10·omega_min = {Require.Fmt(10 * OmegaMin)} (the grid starts at omega_min)");
            Require.InRange("omega_max", w, 0, 1e8);
        }
        Require.IntInRange("points_per_octave", PointsPerOctave, 1, 16);
        var tail = PosednessOutput.Choice("tail", Tail, ["truncated", "power_law"]) == "truncated" ? GridTail.Truncated : GridTail.PowerLaw;
        var integrator = PosednessOutput.Choice("integrator", Integrator, ["lawson5", "etd3", "dopri5"]) switch
        {
            "lawson5" => KweIntegrator.Lawson5,
            "etd3" => KweIntegrator.Etd3,
            _ => KweIntegrator.Dopri5,
        };
        double lo = OmegaMax.Min(), hi = OmegaMax.Max();
        if (FitWindow is not null)
        {
            if (FitWindow.Length != 2 || !(FitWindow[0] > 0) || !(FitWindow[1] > FitWindow[0]))
                throw new InvalidInputException("fit_window", string.Join(",", FitWindow.Select(Require.Fmt)), "must be [lo, hi] with 0 < lo < hi");
            (lo, hi) = (FitWindow[0], FitWindow[1]);
        }
        Require.InRange("blow_up_factor", BlowUpFactor, 2, 1e300);
        return Beta.Select(b => new KweInflationSpec
        {
            Beta = b, Equation = part, Datum = datum, OmegaMin = OmegaMin, OmegaMax = OmegaMax.Order().ToArray(), PointsPerOctave = PointsPerOctave,
            Tail = tail, Factor = Factor, TMax = TMax, FindBlowUp = BlowUp, BlowUpFactor = BlowUpFactor, Integrator = integrator, RelTol = RelTol,
            FitMin = lo, FitMax = hi,
        }).ToArray();
    }
}

/// <summary>
/// <c>kwe.inflation</c>: the doubling time T₂(ω_max) of ‖⟨ω⟩^{M/2}n(t)‖_{L^∞(ω ≤ ω_max)} for data truncated at ω_max, its exponent in
/// ω_max, and (optionally) the blow-up time, for each β (<see cref="KweInflation"/>).
/// </summary>
public sealed class KweInflationKind : ExperimentKind<KweInflationExperimentSpec>
{
    public override string Name => "kwe.inflation";
    public override string Summary => "norm inflation in time of the isotropic KWE: doubling time against the truncation ω_max, its exponent, blow-up time";
    protected override JsonTypeInfo<KweInflationExperimentSpec> TypeInfo => PosednessJsonContext.Default.KweInflationExperimentSpec;

    public override IReadOnlyList<string> Validate(KweInflationExperimentSpec spec)
    {
        var specs = spec.ToLibrary();
        var w = new List<string>();
        foreach (var s in specs) foreach (var x in s.Validate()) if (!w.Contains(x)) w.Add(x);
        return w;
    }

    public override string Describe(KweInflationExperimentSpec spec)
    {
        var s = spec.ToLibrary()[0];
        return $"kwe inflation: {(s.Equation == CollisionPart.Gain ? "gain-only" : "full")} equation, {s.Datum.Describe()}, β = {string.Join(", ", spec.Beta.Select(Require.Fmt))}, " +
               $"ω_max = {string.Join(", ", s.OmegaMax.Select(Require.Fmt))}, {spec.Integrator}";
    }

    protected override ExperimentOutcome Execute(ExperimentRun<KweInflationExperimentSpec> run)
    {
        var specs = run.Spec.ToLibrary();
        var folder = run.Folder!;
        var progress = run.Progress("kwe inflation");
        var results = new List<KweInflationResult>();
        int k = 0;
        foreach (var s in specs)
        {
            results.Add(KweInflation.Run(s, null, run.Context.Cancel));
            progress.Report(new ProgressInfo("β values", ++k, specs.Length, $"β = {Require.Fmt(s.Beta)}"));
        }
        var rec = run.Record(null, Parameters(run.Spec));
        KweInflationReport.Write(folder, results, rec);
        var json = KweInflationReport.ToJson(results);
        json["results"] = folder.Path;
        var lines = new List<string>
        {
            $"{(specs[0].Equation == CollisionPart.Gain ? "gain-only" : "full")} equation, {specs[0].Datum.Describe()}, integrator {run.Spec.Integrator}",
            $"{"beta",6} " + string.Join(" ", results[0].Rows.Select(r => $"{"T2(" + Require.Fmt(Math.Round(r.OmegaMax, 0)) + ")",12}")) + $" {"exponent",9} {"predicted",9}",
        };
        foreach (var r in results)
            lines.Add($"{r.Spec.Beta,6:0.###} " + string.Join(" ", r.Rows.Select(x => $"{x.DoublingTime,12:E4}")) + $" {r.Exponent,9:F4} {r.PredictedExponent,9:F4}");
        if (specs[0].FindBlowUp)
            foreach (var r in results)
                lines.Add($"β = {Require.Fmt(r.Spec.Beta)}: blow-up time " + string.Join(", ", r.Rows.Select(x => double.IsFinite(x.BlowUpTime) ? $"{x.BlowUpTime:G5}" : double.IsFinite(x.CollapseTime) ? $"{x.CollapseTime:G5} (step collapse)" : "none")));
        lines.Add($"results: {folder.Path} (summary.md, doubling-time.svg, inflation.csv)");
        return new ExperimentOutcome { Data = json, Lines = lines, Folder = folder.Path };
    }
}

/// <summary>JSON, tables, figures and summary of the inflation runs (one <see cref="KweInflationResult"/> per β).</summary>
public static class KweInflationReport
{
    private static JsonArray Matrix(IReadOnlyList<KweInflationResult> rs, Func<KweInflationRow, double> f) =>
        new(rs.Select(r => (JsonNode?)Json.Array(r.Rows.Select(f).ToArray())).ToArray());

    /// <summary>The blow-up time of a row: the blow-up threshold crossed, or else the step collapse (NaN: neither).</summary>
    public static double BlowUp(KweInflationRow x) => double.IsFinite(x.BlowUpTime) ? x.BlowUpTime : x.CollapseTime;

    public static JsonObject ToJson(IReadOnlyList<KweInflationResult> rs)
    {
        var s = rs[0].Spec;
        var o = new JsonObject
        {
            ["part"] = s.Equation == CollisionPart.Gain ? "gain" : "full",
            ["datum"] = KweThresholdReport.DatumName(s.Datum.Kind),
            ["M"] = s.Datum.M,
            ["integrator"] = s.Integrator.ToString().ToLowerInvariant(),
            ["tail"] = s.Tail == GridTail.Truncated ? "truncated" : "power_law",
            ["beta"] = Json.Array(rs.Select(r => r.Spec.Beta).ToArray()),
            ["omega_max"] = Json.Array(s.OmegaMax),
            ["omega_max_grid"] = Json.Array(rs[0].Rows.Select(x => x.OmegaMax).ToArray()),
            ["nodes"] = new JsonArray(rs[0].Rows.Select(x => (JsonNode?)x.Nodes).ToArray()),
            ["doubling_time"] = Matrix(rs, x => x.DoublingTime),
            ["doubling_node"] = Matrix(rs, x => x.DoublingNode),
            ["doubling_exponent"] = Json.Array(rs.Select(r => r.Exponent).ToArray()),
            ["doubling_exponent_stderr"] = Json.Array(rs.Select(r => r.ExponentStdErr).ToArray()),
            ["predicted_exponent"] = Json.Array(rs.Select(r => r.PredictedExponent).ToArray()),
            ["fit_window"] = Json.Array([s.FitMin, s.FitMax]),
            ["factor"] = s.Factor,
            ["blow_up_time"] = Matrix(rs, BlowUp),
            ["initial_norm"] = Matrix(rs, x => x.InitialNorm),
            ["steps"] = new JsonArray(rs.Select(r => (JsonNode?)new JsonArray(r.Rows.Select(x => (JsonNode?)x.Steps).ToArray())).ToArray()),
            ["stop"] = new JsonArray(rs.Select(r => (JsonNode?)new JsonArray(r.Rows.Select(x => (JsonNode?)x.Stop).ToArray())).ToArray()),
            ["warnings"] = new JsonArray(rs.SelectMany(r => r.Warnings).Distinct().Select(w => (JsonNode?)w).ToArray()),
        };
        if (s.Datum.Kind == KweDatumKind.Oscillating) { o["A"] = s.Datum.A; o["N"] = s.Datum.N; }
        return o;
    }

    public static void Write(ResultFolder folder, IReadOnlyList<KweInflationResult> rs, ResultRecord rec)
    {
        rec.Data = ToJson(rs);
        rec.Warnings.Clear();
        rec.Warnings.AddRange(rs.SelectMany(r => r.Warnings).Distinct());
        var h5 = ResultsFile.Create(rec.Kind, rec.Parameters);
        var t = new ResultTable("beta", "omega_max", "nodes", "initial_norm", "doubling_time", "doubling_node", "blow_up_time", "collapse_time", "steps", "evaluations", "stop");
        foreach (var r in rs)
            foreach (var x in r.Rows)
                t.AddRow(r.Spec.Beta, x.OmegaMax, x.Nodes, x.InitialNorm, x.DoublingTime, x.DoublingNode, x.BlowUpTime, x.CollapseTime, x.Steps, x.Evaluations, x.Stop);
        PosednessOutput.Write(folder, h5, "inflation.csv", t);
        rec.Tables["inflation.csv"] = "per β and truncation: the doubling time, where the norm is attained, blow-up and collapse times, steps";
        var e = new ResultTable("beta", "doubling_exponent", "doubling_exponent_stderr", "predicted_exponent");
        foreach (var r in rs) e.AddRow(r.Spec.Beta, r.Exponent, r.ExponentStdErr, r.PredictedExponent);
        PosednessOutput.Write(folder, h5, "exponents.csv", e);
        rec.Tables["exponents.csv"] = "fitted exponent of T₂ ∝ ω_max^e per β, and −(2β − 1/2) (gain-only, β > 1/4) or 0";

        folder.WriteSvg("doubling-time.svg", DoublingPlot(rs));
        rec.Figures["doubling-time.svg"] = "doubling time T₂ against ω_max per β (log–log) with the predicted slopes";
        if (rs.Any(r => r.Rows.Any(x => double.IsFinite(BlowUp(x)))))
        {
            folder.WriteSvg("blow-up.svg", BlowUpPlot(rs));
            rec.Figures["blow-up.svg"] = "blow-up time against ω_max per β";
        }
        folder.WriteHdf5(ResultsFile.FileName, h5);
        rec.Tables[ResultsFile.FileName] = "HDF5: parameters, /inflation and /exponents (the columns of the CSV files)";
        folder.WriteSummary(Summary(rs));
        rec.Figures.TryAdd("summary.md", "human-readable summary");
        folder.WriteResult(rec);
    }

    public static Plot DoublingPlot(IReadOnlyList<KweInflationResult> rs)
    {
        var plot = new Plot
        {
            Title = "Doubling time of ‖⟨ω⟩^(M/2)n(t)‖_∞ against the truncation ω_max",
            XLabel = "ω_max",
            YLabel = "T₂",
            XScale = Scale.Log,
            YScale = Scale.Log,
            LegendPosition = LegendPosition.BottomLeft,
        };
        foreach (var r in rs)
        {
            var ok = r.Rows.Where(x => x.DoublingTime > 0).ToArray();
            if (ok.Length == 0) continue;
            plot.Add(new Series($"β = {Require.Fmt(r.Spec.Beta)}: exponent {r.Exponent:F3}", ok.Select(x => x.OmegaMax).ToArray(), ok.Select(x => x.DoublingTime).ToArray()) { Markers = true });
            var x0 = ok[0];
            plot.Add(new Series($"slope {r.PredictedExponent:F2}", ok.Select(x => x.OmegaMax).ToArray(),
                ok.Select(x => x0.DoublingTime * Math.Pow(x.OmegaMax / x0.OmegaMax, r.PredictedExponent)).ToArray()) { Dashed = true });
        }
        return plot;
    }

    public static Plot BlowUpPlot(IReadOnlyList<KweInflationResult> rs)
    {
        var plot = new Plot { Title = "Blow-up time against ω_max", XLabel = "ω_max", YLabel = "t", XScale = Scale.Log, YScale = Scale.Log };
        foreach (var r in rs)
        {
            var ok = r.Rows.Where(x => BlowUp(x) > 0).ToArray();
            if (ok.Length > 0)
                plot.Add(new Series($"β = {Require.Fmt(r.Spec.Beta)}", ok.Select(x => x.OmegaMax).ToArray(), ok.Select(BlowUp).ToArray()) { Markers = true });
        }
        return plot;
    }

    public static string Summary(IReadOnlyList<KweInflationResult> rs)
    {
        var s = rs[0].Spec;
        var sb = new StringBuilder();
        sb.AppendLine($"# kwe inflation: {(s.Equation == CollisionPart.Gain ? "gain-only" : "full")} equation, {s.Datum.Describe()}");
        sb.AppendLine();
        sb.AppendLine($"The datum is sampled on the solver's grid [{Markdown.Number(s.OmegaMin)}, ω_max] ({s.PointsPerOctave} points per octave); beyond ω_max " +
                      (s.Tail == GridTail.Truncated ? "nothing (the truncated manifold: interactions with a frequency above ω_max are dropped)." :
                          "n is continued by the power law through the last two nodes.") +
                      $" T₂ is the first t with ‖⟨ω⟩^(M/2)n(t)‖_∞ ≥ {Markdown.Number(s.Factor)}·‖⟨ω⟩^(M/2)n⁰‖_∞ on the nodes; integrator {s.Integrator}, rtol {Markdown.Number(s.RelTol)}. " +
                      $"The exponent is the slope of log T₂ against log ω_max over [{Markdown.Number(s.FitMin)}, {Markdown.Number(s.FitMax)}].");
        sb.AppendLine();
        sb.AppendLine(Markdown.Table(["β", .. rs[0].Rows.Select(x => $"T₂ (ω_max = {Markdown.Number(x.OmegaMax, 3)})"), "exponent", "std err", "predicted"],
            rs.Select(r => (IReadOnlyList<string>)[Markdown.Number(r.Spec.Beta), .. r.Rows.Select(x => Markdown.Number(x.DoublingTime, 5)),
                Markdown.Number(r.Exponent, 4), Markdown.Number(r.ExponentStdErr, 2), Markdown.Number(r.PredictedExponent, 4)])));
        if (s.FindBlowUp)
        {
            sb.AppendLine();
            sb.AppendLine("Blow-up time (sup n above the blow-up factor times sup n⁰, or the step size collapsing):");
            sb.AppendLine();
            sb.AppendLine(Markdown.Table(["β", .. rs[0].Rows.Select(x => $"ω_max = {Markdown.Number(x.OmegaMax, 3)}")],
                rs.Select(r => (IReadOnlyList<string>)[Markdown.Number(r.Spec.Beta), .. r.Rows.Select(x => Markdown.Number(BlowUp(x), 5))])));
        }
        var warnings = rs.SelectMany(r => r.Warnings).Distinct().ToArray();
        if (warnings.Length > 0)
        {
            sb.AppendLine();
            sb.AppendLine("Warnings:");
            foreach (var w in warnings) sb.AppendLine($"- {w}");
        }
        sb.AppendLine();
        sb.AppendLine("Files: `inflation.csv`, `exponents.csv`, `doubling-time.svg`/`.png`, `results.h5`.");
        return sb.ToString();
    }
}
