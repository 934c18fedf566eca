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
/// <c>kwe.solve3d-inhomogeneous</c>: ∂t f + v(k)·∇x f = C[f] on a periodic x box × the Cartesian k-grid by Strang
/// splitting (collision half steps around exact free transport), run by the one simulation loop with a checkpoint, an
/// append-only history (diagnostics and density profiles at the outputs) and a report refreshed at the outputs and at
/// the end, completed or not.
/// </summary>
public sealed class Kwe3DInhomogeneousKind : ExperimentKind<Kwe3DInhomogeneousSpec>
{
    public override string Name => "kwe.solve3d-inhomogeneous";
    public override string Summary => "inhomogeneous anisotropic KWE on a periodic x box (Strang splitting: exact transport, RK4 collisions)";
    protected override JsonTypeInfo<Kwe3DInhomogeneousSpec> TypeInfo => KweJsonContext.Default.Kwe3DInhomogeneousSpec;

    public override IReadOnlyList<string> Validate(Kwe3DInhomogeneousSpec spec) => spec.Check();

    public override string Describe(Kwe3DInhomogeneousSpec spec)
    {
        var s = spec.ToSolveSpec();
        return $"kwe solve ({Name}): {spec.Initial.Create().Describe()}, {string.Join("×", s.Cells)} x cells × {s.K.N}³ k nodes, {s.Steps} steps";
    }

    /// <summary>Columns of the time series (one row per output, <see cref="InhomogeneousDiagnostics.ToArray"/>).</summary>
    public static readonly string[] Columns = ["t", "waveaction", "momentum_x", "momentum_y", "momentum_z", "energy", "weighted_sup_norm", "min_f", "step"];

    protected override ExperimentOutcome Execute(ExperimentRun<Kwe3DInhomogeneousSpec> run)
    {
        // The folder first (an existing folder without force or resume fails before any work), then the operator.
        var folder = run.Folder!;
        bool resume = SolverRun.ShouldResume(run, "t = 0");
        using var solver = new InhomogeneousSolver(run.Spec.ToSolveSpec());
        var initial = run.Spec.Initial.Create();
        var model = solver.CreateModel(solver.Start(initial));
        var sim = solver.CreateSimulation(model);
        var outputs = solver.OutputSchedule;
        return SolverRun.RunWithHistory(run, sim, new SolverRun.History(
            Columns, () => solver.Diagnose(model.State).ToArray(), outputs,
            () => [("density", solver.DensityProfile(model.State)), ("density_field", solver.DensityField(model.State))], outputs,
            outputs, SolverRun.OutputsAndEvery(outputs, run.Spec.CheckpointEvery),
            (ts, fields, stop) => Report(run, solver, initial, ts, fields, stop)), resume, "kwe solve3d-inhomogeneous");
    }

    /// <summary>Tables, figures, results.h5, result.json and summary.md from the history so far; <paramref name="stop"/> null while running.</summary>
    private ExperimentOutcome Report(ExperimentRun<Kwe3DInhomogeneousSpec> run, InhomogeneousSolver solver, Distribution3D initial,
        TimeSeriesWriter ts, FieldWriter fieldLog, RunStop? stop)
    {
        var folder = run.Folder!;
        var spec = solver.Spec;
        var d = ts.Rows.Select(InhomogeneousDiagnostics.FromArray).ToList();
        var density = fieldLog.Named("density").Select(f => f.Values).ToList();
        var densityField = fieldLog.Named("density_field").Select(f => f.Values).ToList();
        var first = d[0];
        var diag = new CsvTable("t", "step", "waveaction", "momentum_x", "momentum_y", "momentum_z", "energy", "waveaction_drift", "energy_drift", "weighted_sup_norm", "min_f");
        foreach (var x in d)
            diag.AddRow(x.Time, x.Step, x.Waveaction, x.Momentum.X, x.Momentum.Y, x.Momentum.Z, x.Energy, SolveReport.Rel(x.Waveaction, first.Waveaction),
                SolveReport.Rel(x.Energy, first.Energy), x.WeightedSupNorm, x.MinValue);
        folder.WriteCsv("diagnostics.csv", diag);
        int c0 = spec.Cells[0];
        var xs = Enumerable.Range(0, c0).Select(i => i * spec.Length[0] / c0).ToArray();
        var dens = new CsvTable("t", "x", "density");
        for (int k = 0; k < density.Count; k++)
            for (int i = 0; i < c0; i++) dens.AddRow(d[k].Time, xs[i], density[k][i]);
        folder.WriteCsv("density.csv", dens);
        string eq = spec.K.Equation == CollisionPart.Gain ? "gain-only" : "full";
        string velocity = spec.Velocity == TransportVelocity.TwoK ? "2k" : "k";
        var dp = new Plot { Title = $"Density ρ(t, x) = ∫f dk along x (y = z = 0), {eq} equation, v = {velocity}", XLabel = "x", YLabel = "ρ" };
        foreach (int k in SolveReport.Pick(density.Count, 6))
            dp.Add(new Series($"t = {d[k].Time.ToString("G4", CultureInfo.InvariantCulture)}", xs, density[k]) { Markers = true });
        folder.WriteSvg("density.svg", dp);
        var t = d.Select(x => x.Time).ToArray();
        var nrm = new Plot { Title = $"Weighted sup norm max_x,k ⟨k⟩^{spec.K.NormM} |f|", XLabel = "t", YLabel = "norm" };
        nrm.Add(new Series("weighted sup norm", t, d.Select(x => x.WeightedSupNorm).ToArray()) { Markers = true });
        folder.WriteSvg("norm.svg", nrm);
        var dr = SolveReport.DriftPlot("Relative change |Q(t) − Q(0)|/|Q(0)| of ∫∫f, ∫∫|k|²f", t,
            ("waveaction", SolveReport.Drift(d.Select(x => x.Waveaction).ToList()), false),
            ("energy", SolveReport.Drift(d.Select(x => x.Energy).ToList()), true));
        folder.WriteSvg("drift.svg", dr);

        var last = d[^1];
        var data = new JsonObject
        {
            ["final_time"] = last.Time,
            ["steps"] = last.Step,
            ["x_cells"] = solver.XCount,
            ["k_nodes"] = solver.Grid.Count,
            ["times"] = Json.Array(t),
            ["waveaction"] = Json.Array(d.Select(x => x.Waveaction).ToArray()),
            ["energy"] = Json.Array(d.Select(x => x.Energy).ToArray()),
            ["weighted_sup_norm"] = Json.Array(d.Select(x => x.WeightedSupNorm).ToArray()),
            ["max_waveaction_drift"] = d.Max(x => SolveReport.Rel(x.Waveaction, first.Waveaction)),
            ["max_energy_drift"] = d.Max(x => SolveReport.Rel(x.Energy, first.Energy)),
            ["min_f"] = d.Min(x => x.MinValue),
            ["status"] = SolverRun.StatusName(stop),
        };
        var record = run.Record(data, Parameters(run.Spec));
        record.Tables["diagnostics.csv"] = "moments over x and k, drift, weighted sup norm, min f at the output times";
        record.Tables["density.csv"] = "ρ(t, x) along the first axis";
        record.Figures["density.svg"] = "density profiles at selected times";
        record.Figures["norm.svg"] = "weighted sup norm against time";
        record.Figures["drift.svg"] = "relative change of waveaction and energy";

        double seconds = run.Clock.Elapsed.TotalSeconds;
        var sb = new StringBuilder();
        sb.AppendLine($"Initial datum: (1 + {spec.ModulationAmplitude}·cos(2π m·x/L))·[{initial.Describe()}], m = ({string.Join(", ", spec.ModulationMode)}). " +
                      $"x box: {string.Join("×", spec.Cells)} cells, lengths {string.Join("×", spec.Length.Select(x => x.ToString("G6", CultureInfo.InvariantCulture)))}, periodic. " +
                      $"k grid: {solver.Grid.N}³ on [−{solver.Grid.L}, {solver.Grid.L}]³. Transport velocity v = {(spec.Velocity == TransportVelocity.TwoK ? "2k (group velocity of ω = |k|²)" : "k")}, exact in Fourier x. " +
                      $"Strang splitting, dt = {solver.Dt:G6} ({spec.Steps} steps), collision by RK4 with {spec.CollisionSubsteps} substep(s) per half step; {seconds:F1} s.");
        sb.AppendLine();
        sb.AppendLine(Markdown.Table(["t", "waveaction", "drift", "energy", "drift", "weighted sup norm", "min f"],
            d.Select(x => (IReadOnlyList<string>)new[]
            {
                Markdown.Number(x.Time), Markdown.Number(x.Waveaction, 10), Markdown.Number(SolveReport.Rel(x.Waveaction, first.Waveaction), 3),
                Markdown.Number(x.Energy, 10), Markdown.Number(SolveReport.Rel(x.Energy, first.Energy), 3), Markdown.Number(x.WeightedSupNorm), Markdown.Number(x.MinValue),
            })));
        sb.AppendLine();
        sb.AppendLine($"Figures: `density.svg`, `norm.svg`, `drift.svg`. Tables: `diagnostics.csv`, `density.csv`; the append-only history `{SolverRun.TimeSeriesFile}`, `{SolverRun.FieldsFile}`.");

        var h5 = ResultsFile.Create(Name, record.Parameters, stop, solver: true);
        ResultsFile.AddTimeSeries(h5, ts, new Dictionary<string, string>
        {
            ["t"] = "output time (step·dt)", ["waveaction"] = "∫∫ f dk dx", ["momentum_x"] = "∫∫ k_x f dk dx", ["momentum_y"] = "∫∫ k_y f dk dx",
            ["momentum_z"] = "∫∫ k_z f dk dx", ["energy"] = "∫∫ |k|² f dk dx", ["weighted_sup_norm"] = "max_x,k ⟨k⟩^M |f|", ["min_f"] = "min_x,k f",
            ["step"] = "Strang steps",
        });
        h5.Dataset("profiles/x", xs).Describe("x nodes of the first axis (other coordinates 0)");
        h5.Dataset("profiles/t", t).Describe("output times (rows of density)");
        h5.Dataset("profiles/density", ResultsFile.Stack(density)).Describe("ρ(t, x) = ∫f dk along the first axis: [time, x]");
        h5.Dataset("fields/t", t).Describe("output times (first index of density)");
        h5.Dataset("fields/density", densityField.SelectMany(v => v).ToArray(), [densityField.Count, spec.Cells[0], spec.Cells[1], spec.Cells[2]])
            .Describe("ρ(t, x) = ∫f dk at every x node: [time, x, y, z]");
        folder.WriteHdf5(ResultsFile.FileName, h5);
        SolveReport.ListRunFiles(record, "parameters, time series, density profiles ρ[t, x] and fields ρ[t, x, y, z]");
        sb.AppendLine($"HDF5: `{ResultsFile.FileName}` (h5py: `h5py.File(\"{ResultsFile.FileName}\")[\"profiles/density\"][:]`).");
        return SolveReport.Finish(folder, record, $"# Inhomogeneous anisotropic KWE: {eq} equation, β = {spec.K.Beta}", stop, last.Time, spec.K.TEnd, sb,
        [
            $"t = {last.Time:G6} after {last.Step} Strang steps; {solver.XCount} x cells × {solver.Grid.Count} k nodes",
            $"waveaction {first.Waveaction:G10} → {last.Waveaction:G10}, energy {first.Energy:G10} → {last.Energy:G10}",
            $"weighted sup norm {first.WeightedSupNorm:G6} → {last.WeightedSupNorm:G6}",
        ]);
    }
}
