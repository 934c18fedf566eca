using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using KineticLab.Output;
using KineticLab.Simulations;
using KineticLab.WaveKinetic.Anisotropic;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Experiments.Kwe;

/// <summary>
/// <c>kwe.solve3d</c>: the spatially homogeneous anisotropic KWE ∂t f = C_h[f] (or the gain-only equation) on a
/// Cartesian k-grid, run by the one simulation loop with a checkpoint, an append-only history (diagnostics at the
/// output times, nodal snapshots) and a report refreshed at the outputs and at the end, completed or not.
/// </summary>
public sealed class Kwe3DSolveKind : ExperimentKind<Kwe3DSolveSpec>
{
    public override string Name => "kwe.solve3d";
    public override string Summary => "anisotropic KWE solve on a Cartesian k-grid (embedded Runge–Kutta)";
    protected override JsonTypeInfo<Kwe3DSolveSpec> TypeInfo => KweJsonContext.Default.Kwe3DSolveSpec;

    public override IReadOnlyList<string> Validate(Kwe3DSolveSpec spec) => spec.Check();

    public override string Describe(Kwe3DSolveSpec spec) =>
        $"kwe solve ({Name}): {spec.Initial.Create().Describe()}, {spec.Grid.N}³ grid, t_end = {Require.Fmt(spec.TEnd)}";

    /// <summary>Columns of the time series (one row per output time, <see cref="Diagnostics3D.ToArray"/>).</summary>
    public static readonly string[] Columns =
        ["t", "waveaction", "momentum_x", "momentum_y", "momentum_z", "energy", "weighted_sup_norm", "min_f", "steps", "rejected", "evaluations"];

    protected override ExperimentOutcome Execute(ExperimentRun<Kwe3DSolveSpec> run)
    {
        // The folder first (an existing folder without force or resume fails before any work), then the operator.
        var folder = run.Folder!;
        bool resume = SolverRun.ShouldResume(run, "t = 0");
        var solver = new AnisotropicSolver(run.Spec.ToSolveSpec());
        var initial = run.Spec.Initial.Create();
        var model = solver.CreateModel(solver.Start(initial));
        var sim = solver.CreateSimulation(model);
        var outputs = solver.OutputSchedule;
        return SolverRun.RunWithHistory(run, sim, new SolverRun.History(
            Columns, () => solver.Diagnose(model.State).ToArray(), outputs,
            () => [("f", (double[])model.State.Y.Clone())], outputs,
            outputs, SolverRun.OutputsAndEvery(outputs, run.Spec.CheckpointEvery),
            (ts, fields, stop) => Report(run, solver, initial, ts, fields, stop)), resume, "kwe solve3d");
    }

    /// <summary>f along the axis line k = (s, 0, 0) (or the other axes) of the tricubic interpolant.</summary>
    internal static (double[] S, double[] F) Slice(CartesianKGrid g, double[] v, int axis, int points = 121)
    {
        var s = new double[points];
        var f = new double[points];
        for (int i = 0; i < points; i++)
        {
            s[i] = -g.L + 2 * g.L * i / (points - 1);
            var k = axis == 0 ? new Vec3(s[i], 0, 0) : axis == 1 ? new Vec3(0, s[i], 0) : new Vec3(0, 0, s[i]);
            f[i] = g.Interpolate(v, k);
        }
        return (s, f);
    }

    private static double MomDrift(Diagnostics3D x, Diagnostics3D first) =>
        first.Waveaction == 0 ? 0 : (x.Momentum - first.Momentum).Norm / Math.Abs(first.Waveaction);

    /// <summary>Tables, figures, results.h5, result.json and summary.md from the history so far; <paramref name="stop"/> null while running.</summary>
    private ExperimentOutcome Report(ExperimentRun<Kwe3DSolveSpec> run, AnisotropicSolver solver, Distribution3D initial,
        TimeSeriesWriter ts, FieldWriter fieldLog, RunStop? stop)
    {
        var folder = run.Folder!;
        var g = solver.Grid;
        var spec = solver.Spec;
        var d = ts.Rows.Select(Diagnostics3D.FromArray).ToList();
        var snaps = fieldLog.Named("f").Select(f => f.Values).ToList();
        var first = d[0];
        var diag = new CsvTable("t", "waveaction", "momentum_x", "momentum_y", "momentum_z", "energy", "waveaction_drift", "momentum_drift", "energy_drift",
            "weighted_sup_norm", "min_f", "steps", "rejected", "evaluations");
        foreach (var x in d)
            diag.AddRow(x.Time, x.Waveaction, x.Momentum.X, x.Momentum.Y, x.Momentum.Z, x.Energy, SolveReport.Rel(x.Waveaction, first.Waveaction),
                MomDrift(x, first), SolveReport.Rel(x.Energy, first.Energy), x.WeightedSupNorm, x.MinValue, x.Steps, x.Rejected, x.Evaluations);
        folder.WriteCsv("diagnostics.csv", diag);

        const int slicePoints = 121;
        var slices = new CsvTable("t", "axis", "s", "f");
        string[] axes = ["kx", "ky", "kz"];
        var sliceValues = new double[snaps.Count * 3 * slicePoints];
        double[] sAxis = [];
        for (int k = 0; k < snaps.Count; k++)
            for (int a = 0; a < 3; a++)
            {
                var (s, f) = Slice(g, snaps[k], a, slicePoints);
                sAxis = s;
                for (int i = 0; i < s.Length; i++) slices.AddRow(d[k].Time, axes[a], s[i], f[i]);
                Array.Copy(f, 0, sliceValues, (k * 3 + a) * slicePoints, slicePoints);
            }
        folder.WriteCsv("slices.csv", slices);

        string eq = spec.Equation == CollisionPart.Gain ? "gain-only" : "full";
        for (int a = 0; a < 2; a++)
        {
            var sp = new Plot { Title = $"f(t) along the {axes[a]} axis (other components 0), {eq} equation, β = {spec.Beta}", XLabel = axes[a], YLabel = "f" };
            foreach (int k in SolveReport.Pick(snaps.Count, 6))
            {
                var (s, f) = Slice(g, snaps[k], a);
                sp.Add(new Series($"t = {d[k].Time.ToString("G4", CultureInfo.InvariantCulture)}", s, f));
            }
            folder.WriteSvg($"slice-{axes[a]}.svg", sp);
        }
        var t = d.Select(x => x.Time).ToArray();
        var nrm = new Plot { Title = $"Weighted sup norm max ⟨k⟩^{spec.NormM} |f|, {eq} equation", XLabel = "t", YLabel = "norm" };
        nrm.Add(new Series("weighted sup norm", t, d.Select(x => x.WeightedSupNorm).ToArray()) { Markers = true });
        folder.WriteSvg("norm.svg", nrm);
        var dr = SolveReport.DriftPlot(spec.Equation == CollisionPart.Full ? "Conservation drift |Q(t) − Q(0)|/|Q(0)|" : "Relative change |Q(t) − Q(0)|/|Q(0)| (not conserved)", t,
            ("waveaction", SolveReport.Drift(d.Select(x => x.Waveaction).ToList()), false),
            ("momentum |P − P0|/N0", d.Select(x => MomDrift(x, first)).ToArray(), false),
            ("energy", SolveReport.Drift(d.Select(x => x.Energy).ToList()), true));
        folder.WriteSvg("drift.svg", dr);

        var last = d[^1];
        var data = new JsonObject
        {
            ["final_time"] = last.Time,
            ["steps"] = last.Steps,
            ["rejected"] = last.Rejected,
            ["evaluations"] = last.Evaluations,
            ["grid_nodes"] = g.Count,
            ["times"] = Json.Array(t),
            ["waveaction"] = Json.Array(d.Select(x => x.Waveaction).ToArray()),
            ["momentum"] = new JsonArray(d.Select(x => (JsonNode?)Json.Array([x.Momentum.X, x.Momentum.Y, x.Momentum.Z])).ToArray()),
            ["energy"] = Json.Array(d.Select(x => x.Energy).ToArray()),
            ["weighted_sup_norm"] = Json.Array(d.Select(x => x.WeightedSupNorm).ToArray()),
            ["max_waveaction_drift"] = d.Max(x => SolveReport.Rel(x.Waveaction, first.Waveaction)),
            ["max_momentum_drift"] = d.Max(x => MomDrift(x, first)),
            ["max_energy_drift"] = d.Max(x => SolveReport.Rel(x.Energy, first.Energy)),
            ["min_f"] = d.Min(x => x.MinValue),
            ["status"] = SolverRun.StatusName(stop),
        };
        var record = run.Record(data, Parameters(run.Spec));
        record.Tables["diagnostics.csv"] = "waveaction, momentum, energy, their drift, weighted sup norm, min f at the output times";
        record.Tables["slices.csv"] = "f along the three k axes at the output times (tricubic interpolant)";
        record.Figures["slice-kx.svg"] = "f along the kx axis at selected times";
        record.Figures["slice-ky.svg"] = "f along the ky axis at selected times";
        record.Figures["norm.svg"] = "weighted sup norm against time";
        record.Figures["drift.svg"] = "relative change of waveaction, momentum and energy";

        double seconds = run.Clock.Elapsed.TotalSeconds;
        var sb = new StringBuilder();
        sb.AppendLine($"Initial datum: {initial.Describe()}. Grid: {g.N}³ nodes on [−{g.L}, {g.L}]³ (h = {g.H:G4}), hemisphere rule " +
                      $"{spec.SigmaPolarOrder}×{spec.SigmaAzimuthPoints}, tricubic interpolation, " +
                      (spec.TruncatedManifold ? $"truncated manifold |k| ≤ {solver.Operator.Truncation:G4}" : "zero extension outside the box") +
                      (spec.Equation == CollisionPart.Full && spec.ConservativeProjection ? ", conservative projection" : ", no projection") + ".");
        sb.AppendLine($"Time integration: {spec.Method}, rtol = {spec.RelTol}, atol = {spec.AbsTol}·⟨k⟩^(-{spec.NormM}); {last.Steps} steps ({last.Rejected} rejected), " +
                      $"{last.Evaluations} operator evaluations, {seconds:F1} s.");
        sb.AppendLine();
        sb.AppendLine(Markdown.Table(["t", "waveaction", "drift", "momentum drift", "energy", "drift", "weighted sup norm", "min f"],
            d.Select(x => (IReadOnlyList<string>)new[]
            {
                Markdown.Number(x.Time), Markdown.Number(x.Waveaction, 10), Markdown.Number(SolveReport.Rel(x.Waveaction, first.Waveaction), 3),
                Markdown.Number(MomDrift(x, first), 3), Markdown.Number(x.Energy, 10), Markdown.Number(SolveReport.Rel(x.Energy, first.Energy), 3),
                Markdown.Number(x.WeightedSupNorm), Markdown.Number(x.MinValue),
            })));
        sb.AppendLine();
        sb.AppendLine("Momentum drift is |P(t) − P(0)|/N(0) (a drift of the mean wave vector).");
        sb.AppendLine(spec.Equation == CollisionPart.Full
            ? "The full equation conserves waveaction, momentum and energy; the drift measures the grid operator's conservation defect (truncation to the box, interpolation, midpoint rule) plus time-integration error — round-off with the projection."
            : "The gain-only equation conserves none of them: the columns show their growth.");
        sb.AppendLine();
        sb.AppendLine($"Figures: `slice-kx.svg`, `slice-ky.svg`, `norm.svg`, `drift.svg`. Tables: `diagnostics.csv`, `slices.csv`; the append-only history `{SolverRun.TimeSeriesFile}`, `{SolverRun.FieldsFile}`.");

        var h5 = ResultsFile.Create(Name, record.Parameters, stop, solver: true);
        ResultsFile.AddTimeSeries(h5, ts, new Dictionary<string, string>
        {
            ["t"] = "output time", ["waveaction"] = "h³ Σ f (midpoint rule over the grid)", ["momentum_x"] = "h³ Σ k_x f", ["momentum_y"] = "h³ Σ k_y f",
            ["momentum_z"] = "h³ Σ k_z f", ["energy"] = "h³ Σ |k|² f", ["weighted_sup_norm"] = "max_j ⟨k_j⟩^M |f_j|", ["min_f"] = "min_j f_j",
            ["steps"] = "accepted steps", ["rejected"] = "rejected steps", ["evaluations"] = "operator evaluations",
        });
        h5.Dataset("fields/k", g.Coord).Describe("node coordinates k_i = −L + (i + ½)h of each axis");
        h5.Dataset("fields/t", t).Describe("output times (first index of f)");
        h5.Dataset("fields/f", snaps.SelectMany(v => v).ToArray(), [snaps.Count, g.N, g.N, g.N]).Describe("f(t, kx, ky, kz) at the grid nodes and output times: [time, kx, ky, kz]");
        h5.Dataset("slices/s", sAxis.Length > 0 ? sAxis : Slice(g, new double[g.Count], 0, slicePoints).S).Describe("coordinate along the axis line");
        h5.Dataset("slices/f", sliceValues, [snaps.Count, 3, slicePoints]).Describe("f along the kx, ky, kz axes (other components 0, tricubic interpolant): [time, axis, s]");
        folder.WriteHdf5(ResultsFile.FileName, h5);
        SolveReport.ListRunFiles(record, "parameters, time series, snapshots f[t, kx, ky, kz], axis slices");
        sb.AppendLine($"HDF5: `{ResultsFile.FileName}` (h5py: `h5py.File(\"{ResultsFile.FileName}\")[\"fields/f\"][:]`).");
        return SolveReport.Finish(folder, record, $"# Anisotropic KWE solve: {eq} equation, β = {spec.Beta}", stop, last.Time, spec.TEnd, sb,
        [
            $"t = {last.Time:G6} after {last.Steps} steps ({last.Rejected} rejected); grid of {g.N}³ nodes",
            $"waveaction {first.Waveaction:G10} → {last.Waveaction:G10}, energy {first.Energy:G10} → {last.Energy:G10}",
            $"momentum {first.Momentum} → {last.Momentum}",
            $"weighted sup norm {first.WeightedSupNorm:G6} → {last.WeightedSupNorm:G6}",
        ]);
    }
}
