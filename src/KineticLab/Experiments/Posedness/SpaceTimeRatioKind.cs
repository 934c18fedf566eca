using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KineticLab.Output;
using KineticLab.Posedness.RockAndNeedles;
using KineticLab.Posedness.WellPosed;

namespace KineticLab.Experiments.Posedness;

/// <summary>
/// <c>posedness.spacetime-ratio</c> (<c>examples/posedness-spacetime-ratio.json</c>): the space-time bilinear ratio
/// Γ_T(M) = ‖⟨∇x⟩^{s0}⟨v⟩^{s0+γ}Q(f(t), g(t))‖_{L²([0,T]; L²)}/(‖f(0)‖‖g(0)‖) on free solutions against M, with its fitted
/// exponent (docs/boltzmann-well-posed.md §3). Members: <c>d</c> (2 | 3), <c>kernel</c> (power | mixed), <c>gamma</c>,
/// <c>s0</c> (one value; default (d−1)/2 + 1/4), <c>M</c> (a list), <c>beam</c> (needles | bullets | gaussians),
/// <c>T</c>, <c>N2</c>, <c>grid</c> (coarse | default | fine) and <c>grid_convergence</c> (also the exponent on the coarse and
/// fine grids; needles and bullets).
/// </summary>
public sealed class SpaceTimeRatioExperimentSpec : ExperimentSpec
{
    [JsonPropertyName("d")] public int D { get; set; } = 2;
    public string Kernel { get; set; } = "power";
    /// <summary>γ of |u − v|^γ (default −1/2 for d = 2, −1 for d = 3).</summary>
    public double? Gamma { get; set; }
    /// <summary>The regularity (default (d−1)/2 + 1/4).</summary>
    public double? S0 { get; set; }
    /// <summary>The frequencies (default 16…512 by factors 2 for d = 2, 16…256 for d = 3; 8, 32, 128, 512 for Gaussians).</summary>
    [JsonPropertyName("M"), JsonConverter(typeof(NumberListConverter))] public double[]? M { get; set; }
    public string Beam { get; set; } = "needles";
    [JsonPropertyName("T")] public double T { get; set; } = 0.25;
    [JsonPropertyName("N2")] public double N2 { get; set; } = 1024;
    public string Grid { get; set; } = "default";
    public bool GridConvergence { get; set; }

    /// <summary>Largest number of M values.</summary>
    public const int MaxMs = 40;

    /// <summary>The resolved settings (errors name the field).</summary>
    public SpaceTimeRatioSettings Resolve()
    {
        if (D is not (2 or 3)) throw new InvalidInputException("d", D.ToString(CultureInfo.InvariantCulture), "must be 2 or 3");
        string kernel = PosednessOutput.Choice("kernel", Kernel, ["power", "mixed"]);
        string beam = PosednessOutput.Choice("beam", Beam, ["needles", "bullets", "gaussians"]);
        string grid = PosednessOutput.Choice("grid", Grid, ["coarse", "default", "fine"]);
        bool mixed = kernel == "mixed";
        if (mixed && Gamma is not null) throw new InvalidInputException("gamma", Require.Fmt(Gamma.Value), "give either gamma or kernel mixed, not both");
        double gamma = Gamma ?? (D == 2 ? -0.5 : -1);
        double s0 = S0 ?? (D - 1) / 2.0 + 0.25;
        Require.Finite("s0", s0);
        if (s0 < 0 || s0 > 4) throw new InvalidInputException("s0", Require.Fmt(s0), "must be in [0, 4]");
        if (!(T > 0) || T > 1) throw new InvalidInputException("T", Require.Fmt(T), "must be in (0, 1]");
        double[] ms = M ?? (beam == "gaussians" ? [8, 32, 128, 512] : D == 2 ? [16, 32, 64, 128, 256, 512] : [16, 32, 64, 128, 256]);
        if (ms.Length < 2) throw new InvalidInputException("M", $"[{ms.Length} values]", "must hold at least 2 values (for the exponent)");
        if (ms.Length > MaxMs) throw new InvalidInputException("M", $"[{ms.Length} values]", $"at most {MaxMs} values");
        if (ms.Distinct().Count() != ms.Length) throw new InvalidInputException("M", "[" + string.Join(", ", ms.Select(Require.Fmt)) + "]", "values must be distinct");
        foreach (var m in ms)
            if (!(m >= 2) || m > 1e6) throw new InvalidInputException("M", Require.Fmt(m), "must be in [2, 1e6]");
        if (beam == "gaussians")
        {
            if (D != 2) throw new InvalidInputException("d", D.ToString(CultureInfo.InvariantCulture), "the Gaussian family is computed for d = 2 only");
            if (mixed) throw new InvalidInputException("kernel", "mixed", "the Gaussian family needs a power law |u − v|^γ");
            if (gamma < -0.5 || gamma > 0) throw new InvalidInputException("gamma", Require.Fmt(gamma), "must be in [-0.5, 0] for d = 2");
            if (GridConvergence) throw new InvalidInputException("grid_convergence", "true", "only for beam needles or bullets");
            if (grid != "default") throw new InvalidInputException("grid", grid, "only the default grid for beam gaussians");
            if (ms.Max() * T > 4096) throw new InvalidInputException("M", Require.Fmt(ms.Max()), $"M·T must be ≤ 4096 for beam gaussians (the scaled time interval)");
            return new SpaceTimeRatioSettings(D, mixed, gamma, s0, ms, beam, T, N2, grid, false, null,
                new GaussianSpaceTimeSpec { Gamma = gamma, S0s = [s0], Ms = ms, T = T });
        }
        var baseP = SpaceTimeRatio.Defaults(D, mixed ? -1 : gamma) with { Mixed = mixed, N2 = N2, S0 = s0 };
        foreach (var m in ms) (baseP with { M = m, Delta = 0 }).Validate();
        var g = grid switch { "coarse" => SpaceTimeGrid.Coarse, "fine" => SpaceTimeGrid.Fine, _ => new SpaceTimeGrid() };
        var spec = new SpaceTimeRatioSpec
        {
            Base = baseP, Shape = beam == "bullets" ? BeamShape.Bullets : BeamShape.Needles, S0s = [s0], Ms = ms, T = T, Grid = g,
        };
        return new SpaceTimeRatioSettings(D, mixed, gamma, s0, ms, beam, T, N2, grid, GridConvergence, spec, null);
    }
}

/// <summary>The resolved space-time ratio experiment: the library spec of the rock-and-needles family or of the Gaussians.</summary>
public sealed record SpaceTimeRatioSettings(int D, bool Mixed, double Gamma, double S0, double[] Ms, string Beam, double T, double N2, string Grid,
    bool GridConvergence, SpaceTimeRatioSpec? Needles, GaussianSpaceTimeSpec? Gaussians)
{
    public string KernelName => Mixed ? "mixed" : $"gamma={Require.Fmt(Gamma)}";
    public double Threshold => (D - 1) / 2.0;
}

/// <summary>What a space-time ratio run measured.</summary>
public sealed record SpaceTimeRatioOutcome(SpaceTimeRatioSettings Settings, double[] Ratio, Slope Exponent, double[]? Ratio0, Slope? Exponent0,
    double[]? RatioL1, Slope? ExponentL1, IReadOnlyList<(string Grid, double Exponent, double[] Ratio)> ByGrid, double Seconds);

/// <summary><c>posedness.spacetime-ratio</c>: Γ_T(M) on free solutions and the exponent of M (<see cref="SpaceTimeRatio"/>, <see cref="GaussianSpaceTime"/>).</summary>
public sealed class SpaceTimeRatioKind : ExperimentKind<SpaceTimeRatioExperimentSpec>
{
    public override string Name => "posedness.spacetime-ratio";
    public override string Summary => "space-time bilinear ratio Γ_T(M) = ‖Q(f(t),g(t))‖_{L²_t H^s0_x L^{2,s0+γ}_v}/(‖f0‖‖g0‖) on free solutions (rock and needles, bullets, Gaussians) and its exponent of M";
    protected override JsonTypeInfo<SpaceTimeRatioExperimentSpec> TypeInfo => PosednessJsonContext.Default.SpaceTimeRatioExperimentSpec;

    public override IReadOnlyList<string> Validate(SpaceTimeRatioExperimentSpec spec)
    {
        var s = spec.Resolve();
        return s.S0 > s.Threshold || s.Beam == "bullets" ? [] :
            [$"s0 = {Require.Fmt(s.S0)} ≤ (d−1)/2 = {Require.Fmt(s.Threshold)}: (2.1) gives no bound there; Γ_T is expected to grow with M"];
    }

    public override string Describe(SpaceTimeRatioExperimentSpec spec)
    {
        var s = spec.Resolve();
        return $"posedness spacetime-ratio: d = {s.D}, {s.KernelName}, s0 = {Require.Fmt(s.S0)}, {s.Beam}, {s.Ms.Length} values of M, T = {Require.Fmt(s.T)}, grid {s.Grid}" +
               (s.GridConvergence ? " (and coarse, fine)" : "");
    }

    protected override ExperimentOutcome Execute(ExperimentRun<SpaceTimeRatioExperimentSpec> run)
    {
        var s = run.Spec.Resolve();
        var progress = run.Progress("posedness spacetime-ratio");
        var cancel = run.Context.Cancel;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        SpaceTimeRatioOutcome o;
        if (s.Gaussians is { } gs)
        {
            var r = GaussianSpaceTime.Run(gs, progress, cancel);
            var ratio = s.Ms.Select(m => r.Points.Single(p => p.M == m).GammaT).ToArray();
            o = new SpaceTimeRatioOutcome(s, ratio, r.Exponents[0].Exponent, null, null, null, null, [], sw.Elapsed.TotalSeconds);
        }
        else
        {
            var main = SpaceTimeRatio.Run(s.Needles!, progress, cancel);
            var byGrid = new List<(string, double, double[])>();
            if (s.GridConvergence)
                foreach (var (name, g) in new[] { ("coarse", SpaceTimeGrid.Coarse), ("default", new SpaceTimeGrid()), ("fine", SpaceTimeGrid.Fine) })
                {
                    var r = name == s.Grid ? main : SpaceTimeRatio.Run(s.Needles! with { Grid = g }, progress, cancel);
                    byGrid.Add((name, r.Exponents[0].GammaT.Value, s.Ms.Select(m => r.Points.Single(p => p.M == m).GammaT).ToArray()));
                }
            var pts = s.Ms.Select(m => main.Points.Single(p => p.M == m)).ToArray();
            var e = main.Exponents[0];
            o = new SpaceTimeRatioOutcome(s, pts.Select(p => p.GammaT).ToArray(), e.GammaT, pts.Select(p => p.Gamma0).ToArray(), e.Gamma0,
                pts.Select(p => p.GammaL1).ToArray(), e.GammaL1, byGrid, sw.Elapsed.TotalSeconds);
        }
        var folder = run.Folder!;
        var json = ToJson(o);
        Write(folder, o, run.Record(json.DeepClone(), Parameters(run.Spec)), run.Warnings);
        json["results"] = folder.Path;
        return new ExperimentOutcome { Data = json, Lines = [.. Lines(o), $"results: {folder.Path}"], Folder = folder.Path };
    }

    private static JsonArray Array(IEnumerable<double> v) => PosednessOutput.Numbers(v);

    /// <summary>The printed object: s0, M, ratio (Γ_T), exponent, and the t = 0 and L¹_t ratios where computed.</summary>
    public static JsonObject ToJson(SpaceTimeRatioOutcome o)
    {
        var s = o.Settings;
        var j = new JsonObject
        {
            ["s0"] = s.S0,
            ["M"] = Array(s.Ms),
            ["ratio"] = Array(o.Ratio),
            ["exponent"] = Json.Number(o.Exponent.Value),
            ["exponent_stderr"] = Json.Number(o.Exponent.StdErr),
            ["predicted_exponent"] = s.Threshold - s.S0,
            ["threshold"] = s.Threshold,
            ["d"] = s.D,
            ["kernel"] = s.Mixed ? "mixed" : "power",
            ["gamma"] = s.Mixed ? null : s.Gamma,
            ["beam"] = s.Beam,
            ["T"] = s.T,
            ["N2"] = s.Beam == "gaussians" ? null : s.N2,
            ["grid"] = s.Grid,
            ["ratio_t0"] = o.Ratio0 is null ? null : Array(o.Ratio0),
            ["exponent_t0"] = o.Exponent0 is { } e0 ? Json.Number(e0.Value) : null,
            ["ratio_l1"] = o.RatioL1 is null ? null : Array(o.RatioL1),
            ["exponent_l1"] = o.ExponentL1 is { } e1 ? Json.Number(e1.Value) : null,
            ["seconds"] = Math.Round(o.Seconds, 2),
        };
        if (o.ByGrid.Count > 0)
        {
            var g = new JsonObject();
            var rg = new JsonObject();
            foreach (var (name, e, ratio) in o.ByGrid) { g[name] = Json.Number(e); rg[name] = Array(ratio); }
            j["exponent_by_grid"] = g;
            j["ratio_by_grid"] = rg;
            j["grid_spread"] = Json.Number(o.ByGrid.Max(x => x.Exponent) - o.ByGrid.Min(x => x.Exponent));
            // the largest relative difference of Γ_T between a grid and the finest
            var fine = o.ByGrid[^1].Ratio;
            j["ratio_grid_difference"] = Json.Number(o.ByGrid.SelectMany(x => x.Ratio.Select((v, i) => Math.Abs(v / fine[i] - 1))).Max());
        }
        return j;
    }

    private static IEnumerable<string> Lines(SpaceTimeRatioOutcome o)
    {
        var s = o.Settings;
        yield return $"d = {s.D}, {s.KernelName}, {s.Beam}, s0 = {Require.Fmt(s.S0)}, T = {Require.Fmt(s.T)}: Γ_T(M) on free solutions";
        yield return $"{"M",8} {"Γ_T",12}" + (o.Ratio0 is null ? "" : $" {"Γ_0",12} {"Γ¹_T",12}");
        for (int i = 0; i < s.Ms.Length; i++)
            yield return $"{s.Ms[i],8:G6} {o.Ratio[i],12:G6}" + (o.Ratio0 is null ? "" : $" {o.Ratio0[i],12:G6} {o.RatioL1![i],12:G6}");
        yield return $"exponent of M: {o.Exponent.Value:F5} ± {o.Exponent.StdErr:E1} ((d−1)/2 − s0 = {s.Threshold - s.S0:F5})" +
                     (o.Exponent0 is { } e0 ? $"; t = 0: {e0.Value:F5}; L¹_t: {o.ExponentL1!.Value.Value:F5}" : "");
        if (o.ByGrid.Count > 0)
            yield return "exponent by grid: " + string.Join(", ", o.ByGrid.Select(x => $"{x.Grid} {x.Exponent:F6}"));
    }

    private static void Write(ResultFolder folder, SpaceTimeRatioOutcome o, ResultRecord rec, IReadOnlyList<string> warnings)
    {
        var s = o.Settings;
        var h5 = ResultsFile.Create(rec.Kind, rec.Parameters);
        var t = new ResultTable("M", "ratio_T", "ratio_t0", "ratio_L1");
        for (int i = 0; i < s.Ms.Length; i++) t.AddRow(s.Ms[i], o.Ratio[i], o.Ratio0?[i], o.RatioL1?[i]);
        PosednessOutput.Write(folder, h5, "ratio.csv", t);
        rec.Tables["ratio.csv"] = "Γ_T(M) (L²_t), Γ_0(M) (t = 0) and Γ¹_T(M) (L¹_t) per M (the last two: rock-and-needles families only)";
        var e = new ResultTable("quantity", "exponent", "stderr", "max_residual", "predicted");
        e.AddRow("ratio_T", o.Exponent.Value, o.Exponent.StdErr, o.Exponent.MaxResidual, s.Threshold - s.S0);
        if (o.Exponent0 is { } e0) e.AddRow("ratio_t0", e0.Value, e0.StdErr, e0.MaxResidual, null);
        if (o.ExponentL1 is { } e1) e.AddRow("ratio_L1", e1.Value, e1.StdErr, e1.MaxResidual, null);
        foreach (var (name, x, _) in o.ByGrid) e.AddRow($"ratio_T, grid {name}", x, null, null, s.Threshold - s.S0);
        PosednessOutput.Write(folder, h5, "exponents.csv", e);
        rec.Tables["exponents.csv"] = "fitted exponents of M (and, with grid_convergence, Γ_T's exponent on each grid)";

        var plot = new Plot { Title = $"Γ_T(M), d = {s.D}, {s.KernelName}, {s.Beam}, s0 = {Require.Fmt(s.S0)}", XLabel = "M", YLabel = "ratio", XScale = Scale.Log, YScale = Scale.Log, LegendPosition = LegendPosition.TopLeft };
        plot.Add(new Series($"Γ_T (exponent {o.Exponent.Value:F4})", s.Ms, o.Ratio) { Markers = true });
        if (o.Ratio0 is not null) plot.Add(new Series($"Γ_0, t = 0 (exponent {o.Exponent0!.Value.Value:F4})", s.Ms, o.Ratio0) { Markers = true });
        if (o.RatioL1 is not null) plot.Add(new Series($"Γ¹_T, L¹ in t (exponent {o.ExponentL1!.Value.Value:F4})", s.Ms, o.RatioL1) { Markers = true });
        double pred = s.Threshold - s.S0;
        plot.Add(new Series($"M^((d−1)/2 − s0) = M^{pred:G3} through the first Γ_T", s.Ms, s.Ms.Select(m => o.Ratio[0] * Math.Pow(m / s.Ms[0], pred)).ToArray()) { Dashed = true });
        folder.WriteSvg("ratio.svg", plot);
        rec.Figures["ratio.svg"] = "Γ_T(M) (and Γ_0, Γ¹_T) against M, log–log, with the slope (d−1)/2 − s0";

        rec.Data = ToJson(o);
        var sb = new StringBuilder();
        sb.AppendLine($"# Space-time bilinear ratio Γ_T(M), d = {s.D}");
        sb.AppendLine();
        sb.AppendLine($"Free solutions ({s.Beam}{(s.Beam == "gaussians" ? "" : $", N2 = {Require.Fmt(s.N2)}")}), kernel {s.KernelName}, s0 = {Require.Fmt(s.S0)}, " +
                      $"T = {Require.Fmt(s.T)}, grid {s.Grid}. The seed's (2.1) bounds Γ_T uniformly in M for s0 > (d−1)/2 = {Require.Fmt(s.Threshold)}; " +
                      $"the exponent (d−1)/2 − s0 is fixed by scaling, what is measured is the constant and that the scaled integrals converge " +
                      "(docs/boltzmann-well-posed.md §3).");
        sb.AppendLine();
        sb.AppendLine(Markdown.Table(o.Ratio0 is null ? ["M", "Γ_T"] : ["M", "Γ_T", "Γ_0 (t = 0)", "Γ¹_T (L¹_t)"],
            Enumerable.Range(0, s.Ms.Length).Select(i => (IReadOnlyList<string>)(o.Ratio0 is null
                ? [Markdown.Number(s.Ms[i], 6), Markdown.Number(o.Ratio[i], 6)]
                : [Markdown.Number(s.Ms[i], 6), Markdown.Number(o.Ratio[i], 6), Markdown.Number(o.Ratio0[i], 6), Markdown.Number(o.RatioL1![i], 6)]))));
        sb.AppendLine();
        sb.AppendLine($"Exponent of M in Γ_T: **{o.Exponent.Value:F5}** ± {o.Exponent.StdErr:E1} (scaling: {pred:F5})" +
                      (o.Exponent0 is { } x0 ? $"; Γ_0: {x0.Value:F5}; Γ¹_T: {o.ExponentL1!.Value.Value:F5}." : "."));
        if (o.ByGrid.Count > 0)
        {
            sb.AppendLine();
            sb.AppendLine("Exponent of Γ_T on the three grids (time nodes, profile points, angles, k range, x panels):");
            sb.AppendLine();
            sb.AppendLine(Markdown.Table(["grid", "exponent", "Γ_T at the largest M"], o.ByGrid.Select(x => (IReadOnlyList<string>)[x.Grid, $"{x.Exponent:F6}", $"{x.Ratio[^1]:G10}"])));
        }
        sb.AppendLine();
        sb.AppendLine($"HDF5: `{ResultsFile.FileName}` (/ratio, /exponents). Run time {o.Seconds:F1} s.");
        PosednessOutput.Finish(folder, h5, "HDF5: parameters and the tables as columns (/ratio, /exponents)", rec, sb, warnings);
    }
}
