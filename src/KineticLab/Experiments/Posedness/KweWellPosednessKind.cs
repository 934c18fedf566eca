using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KineticLab.Output;
using KineticLab.Posedness.KweWellPosedness;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Experiments.Posedness;

/// <summary>
/// The well-posed side of Theorem 2.6 (kind <c>kwe.well-posedness</c>, <c>examples/kwe-well-posedness.json</c>):
/// <code>
/// { "kind": "kwe.well-posedness", "beta": [0, 0.1, 0.25], "M": 8, "R": 1, "omega_max": 30, "points_per_octave": 2,
///   "constants_beta": [0, 0.1, 0.25], "constants_M": [6.5, 7, 8, 10, 12], "constants_omega_max": 1e3, "constants_rtol": 1e-7,
///   "lipschitz_beta": [0.1, 0.25, 0.5, 0.75], "lipschitz_omega_max": [30, 300] }
/// </code>
/// </summary>
public sealed class KweWellPosednessExperimentSpec : ExperimentSpec
{
    [JsonConverter(typeof(NumberListConverter))] public double[] Beta { get; set; } = [0, 0.1, 0.25];
    [JsonPropertyName("M")] public double M { get; set; } = 8;
    [JsonPropertyName("R")] public double R { get; set; } = 1;
    public double OmegaMax { get; set; } = 30;
    public int PointsPerOctave { get; set; } = 2;
    [JsonConverter(typeof(NumberListConverter))] public double[] ConstantsBeta { get; set; } = [0, 0.1, 0.25];
    [JsonPropertyName("constants_M"), JsonConverter(typeof(NumberListConverter))] public double[] ConstantsM { get; set; } = [6.5, 7, 8, 10, 12];
    public double ConstantsOmegaMax { get; set; } = 1e3;
    public double ConstantsRtol { get; set; } = 1e-7;
    [JsonConverter(typeof(NumberListConverter))] public double[] LipschitzBeta { get; set; } = [0.1, 0.25, 0.5, 0.75];
    [JsonConverter(typeof(NumberListConverter))] public double[] LipschitzOmegaMax { get; set; } = [30, 300];
    /// <summary>The horizon of the Lipschitz scan (the same for every β and truncation).</summary>
    public double LipschitzTime { get; set; } = 0.01;
    /// <summary>The equation of the Lipschitz scan: gain (Theorem 4.2's, ill-posed for β &gt; 1/4 with any M &gt; 6) or full.</summary>
    public string LipschitzPart { get; set; } = "gain";

    public CollisionPart LipschitzEquation() =>
        PosednessOutput.Choice("lipschitz_part", LipschitzPart, ["gain", "full"]) == "gain" ? CollisionPart.Gain : CollisionPart.Full;

    public IReadOnlyList<string> Validate()
    {
        var w = new List<string>();
        void List(string field, double[]? v, double lo, double hi, int max)
        {
            if (v is null || v.Length == 0) throw new InvalidInputException(field, "", "at least one value is required");
            if (v.Length > max) throw new InvalidInputException(field, $"[{v.Length} values]", $"at most {max} values");
            foreach (var x in v) Require.InRange(field, x, lo, hi);
        }
        List("beta", Beta, 0, 2, 20);
        List("constants_beta", ConstantsBeta, 0, 2, 20);
        List("lipschitz_beta", LipschitzBeta, 0, 2, 20);
        if (!(M > 0)) throw new InvalidInputException("M", Require.Fmt(M), "must be > 0");
        Require.InRange("M", M, 0, 100);
        if (ConstantsM is null || ConstantsM.Length == 0) throw new InvalidInputException("constants_M", "", "at least one value is required");
        foreach (var m in ConstantsM) if (!(m > 0) || m > 100) throw new InvalidInputException("constants_M", Require.Fmt(m), "must be in (0, 100]");
        Require.Positive("R", R);
        Require.InRange("omega_max", OmegaMax, 1, 1e4);
        Require.IntInRange("points_per_octave", PointsPerOctave, 1, 8);
        Require.InRange("constants_omega_max", ConstantsOmegaMax, 1, 1e7);
        Require.InRange("constants_rtol", ConstantsRtol, 1e-12, 1e-3);
        List("lipschitz_omega_max", LipschitzOmegaMax, 1, 1e4, 10);
        LipschitzEquation();
        Require.InRange("lipschitz_time", LipschitzTime, 1e-8, 10);
        if (M <= 6) w.Add($"M = {Require.Fmt(M)} ≤ 6: Theorem 2.6 assumes M > 6");
        if (Beta.Any(b => b > 0.25)) w.Add("β > 1/4 in beta: Theorem 2.6 covers β ≤ 1/4 (C₁ then grows with the truncation)");
        return w;
    }
}

/// <summary>One β of the solution runs.</summary>
public sealed record KweWellPosednessRun(double Beta, KweContractionResult Result);

/// <summary>The Lipschitz constants of the data-to-solution map on a fixed horizon: [β, ω_max], the largest over the directions.</summary>
public sealed record KweLipschitzScan(double[] Beta, double[] OmegaMax, double Horizon, double[,] Constant, string Part);

/// <summary>
/// <c>kwe.well-posedness</c>: the constants C₁(β, M) of (2.7) for G1, G2, L1, L2; then on solutions, for each β, T = 1/(8C₁R²),
/// the solution's norm on [0, T] against B(2R), the Picard map's measured contraction ratios and the Lipschitz constant of the
/// data-to-solution map; and that constant on a common horizon on both sides of β = 1/4 for growing truncations.
/// </summary>
public sealed class KweWellPosednessKind : ExperimentKind<KweWellPosednessExperimentSpec>
{
    public override string Name => "kwe.well-posedness";
    public override string Summary => "well-posed side of the isotropic KWE: constants of (2.7), T = 1/(8C₁R²), ball, Picard contraction, Lipschitz constants";
    protected override JsonTypeInfo<KweWellPosednessExperimentSpec> TypeInfo => PosednessJsonContext.Default.KweWellPosednessExperimentSpec;

    public override IReadOnlyList<string> Validate(KweWellPosednessExperimentSpec spec) => spec.Validate();

    public override string Describe(KweWellPosednessExperimentSpec spec) =>
        $"kwe well-posedness: constants at β = {string.Join(", ", spec.ConstantsBeta.Select(Require.Fmt))} × M = {string.Join(", ", spec.ConstantsM.Select(Require.Fmt))}; " +
        $"solutions at β = {string.Join(", ", spec.Beta.Select(Require.Fmt))}, M = {Require.Fmt(spec.M)}, R = {Require.Fmt(spec.R)}";

    protected override ExperimentOutcome Execute(ExperimentRun<KweWellPosednessExperimentSpec> run)
    {
        var s = run.Spec;
        var folder = run.Folder!;
        var progress = run.Progress("kwe well-posedness");
        var cancel = run.Context.Cancel;
        int total = s.ConstantsBeta.Length * s.ConstantsM.Length + s.Beta.Length + s.LipschitzBeta.Length * s.LipschitzOmegaMax.Length, done = 0;
        var constants = new List<KweTrilinearConstants>();
        foreach (var b in s.ConstantsBeta)
            foreach (var m in s.ConstantsM)
            {
                constants.Add(KweTrilinearConstants.Compute(new KweTrilinearConstantSpec(b, m, s.ConstantsOmegaMax, OmegaMin: 1e-2, PointsPerDecade: 2,
                    RelTol: s.ConstantsRtol), null, cancel));
                progress.Report(new ProgressInfo("steps", ++done, total, $"C₁(β = {Require.Fmt(b)}, M = {Require.Fmt(m)})"));
            }
        var runs = new List<KweWellPosednessRun>();
        foreach (var b in s.Beta)
        {
            var r = KweContraction.Run(new KweContractionSpec
            {
                Beta = b, M = s.M, R = s.R, OmegaMax = s.OmegaMax, PointsPerOctave = s.PointsPerOctave, ConservativeProjection = false,
                JacobianTimes = [0], PicardIterations = 4, TimeNodes = 6,
            }, null, cancel);
            runs.Add(new KweWellPosednessRun(b, r));
            progress.Report(new ProgressInfo("steps", ++done, total, $"solution at β = {Require.Fmt(b)}"));
        }
        double horizon = s.LipschitzTime;
        var lip = new double[s.LipschitzBeta.Length, s.LipschitzOmegaMax.Length];
        var rec0 = new List<string>();
        for (int i = 0; i < s.LipschitzBeta.Length; i++)
            for (int j = 0; j < s.LipschitzOmegaMax.Length; j++)
            {
                try
                {
                    var r = KweContraction.Run(new KweContractionSpec
                    {
                        Beta = s.LipschitzBeta[i], M = s.M, R = s.R, OmegaMax = s.LipschitzOmegaMax[j], PointsPerOctave = s.PointsPerOctave, Equation = s.LipschitzEquation(),
                        ConservativeProjection = false, Horizon = horizon, LipschitzOnly = true, TimeNodes = 4,
                    }, null, cancel);
                    lip[i, j] = r.Lipschitz.Max(x => x.Lipschitz);
                }
                catch (NumericalFailureException e)
                {
                    // the solution left every bound before the horizon: no Lipschitz constant there
                    lip[i, j] = double.PositiveInfinity;
                    rec0.Add($"Lipschitz scan, β = {Require.Fmt(s.LipschitzBeta[i])}, ω_max = {Require.Fmt(s.LipschitzOmegaMax[j])}: {e.Message}");
                }
                progress.Report(new ProgressInfo("steps", ++done, total, $"Lipschitz (β = {Require.Fmt(s.LipschitzBeta[i])}, ω_max = {Require.Fmt(s.LipschitzOmegaMax[j])})"));
            }
        var scan = new KweLipschitzScan(s.LipschitzBeta, s.LipschitzOmegaMax, horizon, lip, s.LipschitzEquation() == CollisionPart.Gain ? "gain" : "full");
        var rec = run.Record(null, Parameters(s));
        rec.Warnings.AddRange(s.Validate());
        rec.Warnings.AddRange(rec0);
        var json = KweWellPosednessReport.Write(folder, s, constants, runs, scan, rec);
        var data = (JsonObject)json.DeepClone();
        data["results"] = folder.Path;
        var lines = new List<string> { $"constants of (2.7) (sup over ω ≤ {Require.Fmt(s.ConstantsOmegaMax)} of ⟨k⟩^M T[w,w,w], w = ⟨k⟩^(-M))", $"{"beta",6} {"M",6} {"G1",10} {"G2",10} {"L1",10} {"L2",10} {"C1",10}" };
        foreach (var c in constants)
            lines.Add($"{c.Spec.Beta,6:0.###} {c.Spec.M,6:0.###} " + string.Join(" ", c.Pieces.Select(p => $"{p.Value,10:G5}")) + $" {c.Sum,10:G5}");
        lines.Add($"solutions (M = {Require.Fmt(s.M)}, R = {Require.Fmt(s.R)}, grid to ω = {Require.Fmt(s.OmegaMax)}):");
        lines.Add($"{"beta",6} {"C1",10} {"T",10} {"max|n|/R",9} {"Picard",8} {"T|F'|",8} {"Lipschitz",9}");
        foreach (var x in runs)
            lines.Add($"{x.Beta,6:0.###} {x.Result.C1,10:G5} {x.Result.T,10:G4} {x.Result.NormRatio.Max(),9:F4} {x.Result.PicardRatios.DefaultIfEmpty(double.NaN).Max(),8:F4} {x.Result.LinearizedFactor,8:F4} {x.Result.Lipschitz.Max(l => l.Lipschitz),9:F4}");
        lines.Add($"Lipschitz constants ({scan.Part}) on [0, {horizon:G4}]: " + string.Join("; ", s.LipschitzBeta.Select((b, i) =>
            $"β = {Require.Fmt(b)}: " + string.Join(", ", s.LipschitzOmegaMax.Select((w, j) => $"{lip[i, j]:G4} (ω_max = {Require.Fmt(w)})")))));
        lines.Add($"results: {folder.Path} (summary.md, constants.csv, solutions.csv, lipschitz.csv)");
        return new ExperimentOutcome { Data = data, Lines = lines, Folder = folder.Path };
    }
}

/// <summary>JSON, tables, figures and summary of <see cref="KweWellPosednessKind"/>.</summary>
public static class KweWellPosednessReport
{
    public static JsonObject Write(ResultFolder folder, KweWellPosednessExperimentSpec s, IReadOnlyList<KweTrilinearConstants> constants,
        IReadOnlyList<KweWellPosednessRun> runs, KweLipschitzScan scan, ResultRecord rec)
    {
        JsonArray Grid(Func<KweTrilinearConstants, double> f) => new(s.ConstantsBeta.Select(b => (JsonNode?)Json.Array(
            s.ConstantsM.Select(m => f(constants.First(c => c.Spec.Beta == b && c.Spec.M == m))).ToArray())).ToArray());
        double Piece(KweTrilinearConstants c, string name) => c.Pieces.Single(p => p.Piece == name).Value;
        var json = new JsonObject
        {
            ["constants"] = new JsonObject
            {
                ["beta"] = Json.Array(s.ConstantsBeta),
                ["M"] = Json.Array(s.ConstantsM),
                ["omega_max"] = s.ConstantsOmegaMax,
                ["G1"] = Grid(c => Piece(c, "G1")),
                ["G2"] = Grid(c => Piece(c, "G2")),
                ["L1"] = Grid(c => Piece(c, "L1")),
                ["L2"] = Grid(c => Piece(c, "L2")),
                ["C1"] = Grid(c => c.Sum),
                ["bounded"] = new JsonArray(s.ConstantsBeta.Select(b => (JsonNode?)new JsonArray(s.ConstantsM.Select(m =>
                    (JsonNode?)constants.First(c => c.Spec.Beta == b && c.Spec.M == m).Bounded).ToArray())).ToArray()),
            },
            ["beta"] = Json.Array(runs.Select(r => r.Beta).ToArray()),
            ["M"] = s.M,
            ["R"] = s.R,
            ["C1"] = Json.Array(runs.Select(r => r.Result.C1).ToArray()),
            ["T"] = Json.Array(runs.Select(r => r.Result.T).ToArray()),
            ["max_norm_ratio"] = Json.Array(runs.Select(r => r.Result.NormRatio.Max()).ToArray()),
            ["picard_ratio_max"] = Json.Array(runs.Select(r => r.Result.PicardRatios.DefaultIfEmpty(double.NaN).Max()).ToArray()),
            ["linearized_factor"] = Json.Array(runs.Select(r => r.Result.LinearizedFactor).ToArray()),
            ["picard_distance"] = Json.Array(runs.Select(r => r.Result.PicardDistance).ToArray()),
            ["lipschitz"] = Json.Array(runs.Select(r => r.Result.Lipschitz.Max(l => l.Lipschitz)).ToArray()),
            ["lipschitz_scan"] = new JsonObject
            {
                ["beta"] = Json.Array(scan.Beta),
                ["omega_max"] = Json.Array(scan.OmegaMax),
                ["horizon"] = scan.Horizon,
                ["part"] = scan.Part,
                ["constant"] = new JsonArray(Enumerable.Range(0, scan.Beta.Length).Select(i => (JsonNode?)Json.Array(
                    Enumerable.Range(0, scan.OmegaMax.Length).Select(j => scan.Constant[i, j]).ToArray())).ToArray()),
            },
            ["warnings"] = new JsonArray(rec.Warnings.Select(w => (JsonNode?)w).ToArray()),
        };
        rec.Data = json.DeepClone();
        var h5 = ResultsFile.Create(rec.Kind, rec.Parameters);
        var ct = new ResultTable("beta", "M", "omega_max", "G1", "G2", "L1", "L2", "C1", "bounded");
        foreach (var c in constants)
            ct.AddRow(c.Spec.Beta, c.Spec.M, c.Spec.OmegaMax, Piece(c, "G1"), Piece(c, "G2"), Piece(c, "L1"), Piece(c, "L2"), c.Sum, c.Bounded);
        PosednessOutput.Write(folder, h5, "constants.csv", ct);
        rec.Tables["constants.csv"] = "constants of (2.7): sup over ω ≤ ω_max of ⟨k⟩^M T[w,w,w] for G1, G2, L1, L2 and their sum C₁";
        var st = new ResultTable("beta", "C1", "T", "max_norm_ratio", "picard_ratio_max", "linearized_factor", "picard_distance", "lipschitz", "nodes");
        foreach (var r in runs)
            st.AddRow(r.Beta, r.Result.C1, r.Result.T, r.Result.NormRatio.Max(), r.Result.PicardRatios.DefaultIfEmpty(double.NaN).Max(), r.Result.LinearizedFactor,
                r.Result.PicardDistance, r.Result.Lipschitz.Max(l => l.Lipschitz), r.Result.Nodes);
        PosednessOutput.Write(folder, h5, "solutions.csv", st);
        rec.Tables["solutions.csv"] = "per β: C₁ (truncated manifold of the grid), T = 1/(8C₁R²), max ‖n(t)‖/R on [0, T], Picard ratios, Lipschitz constant";
        var lt = new ResultTable("beta", "omega_max", "horizon", "lipschitz");
        for (int i = 0; i < scan.Beta.Length; i++)
            for (int j = 0; j < scan.OmegaMax.Length; j++) lt.AddRow(scan.Beta[i], scan.OmegaMax[j], scan.Horizon, scan.Constant[i, j]);
        PosednessOutput.Write(folder, h5, "lipschitz.csv", lt);
        rec.Tables["lipschitz.csv"] = "Lipschitz constant of the data-to-solution map on a common horizon, per β and truncation";

        var plot = new Plot { Title = "C₁(β, M) of (2.7) against M", XLabel = "M", YLabel = "C₁", YScale = Scale.Log };
        foreach (var b in s.ConstantsBeta)
        {
            var cs = s.ConstantsM.Select(m => constants.First(c => c.Spec.Beta == b && c.Spec.M == m).Sum).ToArray();
            plot.Add(new Series($"β = {Require.Fmt(b)}", s.ConstantsM, cs) { Markers = true });
        }
        plot.VerticalLines.Add((6, "M = 6"));
        folder.WriteSvg("constants.svg", plot);
        rec.Figures["constants.svg"] = "C₁ against M per β";
        var lp = new Plot { Title = $"Lipschitz constant of the data-to-solution map on [0, {scan.Horizon:G3}]", XLabel = "ω_max", YLabel = "Lipschitz constant", XScale = Scale.Log, YScale = Scale.Log };
        for (int i = 0; i < scan.Beta.Length; i++)
            lp.Add(new Series($"β = {Require.Fmt(scan.Beta[i])}", scan.OmegaMax, Enumerable.Range(0, scan.OmegaMax.Length).Select(j => scan.Constant[i, j]).ToArray()) { Markers = true });
        folder.WriteSvg("lipschitz.svg", lp);
        rec.Figures["lipschitz.svg"] = "Lipschitz constant against the truncation, per β (both sides of 1/4)";
        folder.WriteHdf5(ResultsFile.FileName, h5);
        rec.Tables[ResultsFile.FileName] = "HDF5: parameters, /constants, /solutions, /lipschitz (the columns of the CSV files)";

        var sb = new StringBuilder();
        sb.AppendLine("# kwe well-posedness (Theorem 2.6)");
        sb.AppendLine();
        sb.AppendLine("By positivity of the kernel the best constant of (2.7) for each piece is sup_ω ⟨k⟩^M T[w, w, w](ω) with w = ⟨k⟩^(−M) = (1 + ω)^(−M/2) " +
                      $"(the whole manifold, ω ∈ [1e-2, {Markdown.Number(s.ConstantsOmegaMax)}]). C₁ is their sum.");
        sb.AppendLine();
        sb.AppendLine(Markdown.Table(["β", "M", "G1", "G2", "L1", "L2", "C₁", "bounded as ω_max → ∞"],
            constants.Select(c => (IReadOnlyList<string>)[Markdown.Number(c.Spec.Beta), Markdown.Number(c.Spec.M), Markdown.Number(Piece(c, "G1"), 5),
                Markdown.Number(Piece(c, "G2"), 5), Markdown.Number(Piece(c, "L1"), 5), Markdown.Number(Piece(c, "L2"), 5), Markdown.Number(c.Sum, 5), c.Bounded ? "yes" : "no"])));
        sb.AppendLine();
        sb.AppendLine($"Solutions: full equation, datum R⟨k⟩^(−M), M = {Markdown.Number(s.M)}, R = {Markdown.Number(s.R)}, grid to ω = {Markdown.Number(s.OmegaMax)}; " +
                      "C₁ on the grid's truncated manifold, T = 1/(8C₁R²). The Picard ratios are ‖Φ^(k+1) − Φ^k‖/‖Φ^k − Φ^(k−1)‖ on [0, T] (Theorem 2.6 needs ≤ 1/2); " +
                      "T|F′| is T times the largest norm of the Jacobian along the solution.");
        sb.AppendLine();
        sb.AppendLine(Markdown.Table(["β", "C₁", "T", "max ‖n(t)‖/R", "Picard ratio", "T|F′|", "Lipschitz"],
            runs.Select(r => (IReadOnlyList<string>)[Markdown.Number(r.Beta), Markdown.Number(r.Result.C1, 5), Markdown.Number(r.Result.T, 4),
                Markdown.Number(r.Result.NormRatio.Max(), 4), Markdown.Number(r.Result.PicardRatios.DefaultIfEmpty(double.NaN).Max(), 4),
                Markdown.Number(r.Result.LinearizedFactor, 4), Markdown.Number(r.Result.Lipschitz.Max(l => l.Lipschitz), 4)])));
        sb.AppendLine();
        sb.AppendLine($"Lipschitz constant of the data-to-solution map of the {(scan.Part == "gain" ? "gain-only" : "full")} equation on [0, {Markdown.Number(scan.Horizon)}] " +
                      "(largest over the perturbation directions: the top node, random signs, the datum):");
        sb.AppendLine();
        sb.AppendLine(Markdown.Table(["β", .. scan.OmegaMax.Select(w => $"ω_max = {Markdown.Number(w)}")],
            Enumerable.Range(0, scan.Beta.Length).Select(i => (IReadOnlyList<string>)[Markdown.Number(scan.Beta[i]),
                .. Enumerable.Range(0, scan.OmegaMax.Length).Select(j => Markdown.Number(scan.Constant[i, j], 5))])));
        folder.WriteSummary(sb.ToString());
        rec.Figures.TryAdd("summary.md", "human-readable summary");
        folder.WriteResult(rec);
        return json;
    }
}
