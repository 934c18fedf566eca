using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using KineticLab.Output;
using KineticLab.Simulations;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Experiments.Kwe;

/// <summary>
/// <c>kwe.solve</c>: the isotropic KWE ∂t n = C[n] (or the gain-only equation) on a log-spaced ω grid, run by the one
/// simulation loop with a checkpoint, an append-only history (time series at the output times, spectra) and a report
/// refreshed at the outputs and at the end, completed or not.
/// </summary>
public sealed class KweSolveKind : ExperimentKind<KweSolveSpec>
{
    public override string Name => "kwe.solve";
    public override string Summary => "isotropic KWE solve (embedded Runge–Kutta on a log-spaced ω grid)";
    protected override JsonTypeInfo<KweSolveSpec> TypeInfo => KweJsonContext.Default.KweSolveSpec;

    public override IReadOnlyList<string> Validate(KweSolveSpec spec)
    {
        var solve = spec.ToSolveSpec();
        var warnings = solve.Validate();
        if (spec.CheckpointEvery < 0)
            throw new InvalidInputException("checkpoint_every", spec.CheckpointEvery.ToString(CultureInfo.InvariantCulture), "must be >= 0 (0: only at output times)");
        spec.Initial.Create();
        solve.CreateGrid();
        return warnings;
    }

    public override string Describe(KweSolveSpec spec) => $"kwe solve: {spec.Initial.Create().Describe()}, t_end = {Require.Fmt(spec.TEnd)}";

    /// <summary>Columns of the time series (one row per output time).</summary>
    public static readonly string[] Columns = ["t", "waveaction", "energy", "weighted_sup_norm", "min_n", "steps", "rejected", "evaluations"];

    protected override ExperimentOutcome Execute(ExperimentRun<KweSolveSpec> run)
    {
        var solver = new IsotropicSolver(run.Spec.ToSolveSpec());
        var initial = run.Spec.Initial.Create();
        var folder = run.Folder!;
        bool resume = SolverRun.ShouldResume(run, "t = 0");
        var model = solver.CreateModel(solver.Start(initial));
        var sim = solver.CreateSimulation(model);
        var outputs = solver.OutputSchedule;
        return SolverRun.RunWithHistory(run, sim, new SolverRun.History(
            Columns, () =>
            {
                var d = solver.Diagnose(model.State);
                return [d.Time, d.Waveaction, d.Energy, d.WeightedSupNorm, d.MinValue, d.Steps, d.Rejected, d.Evaluations];
            }, outputs,
            () => [("n", (double[])model.State.Y.Clone())], outputs,
            outputs, SolverRun.OutputsAndEvery(outputs, run.Spec.CheckpointEvery),
            (ts, fields, stop) => Report(run, solver, initial, ts, fields, stop)), resume, "kwe solve");
    }

    /// <summary>Tables, figures, result.json and summary.md from the history so far; <paramref name="stop"/> null while running.</summary>
    private ExperimentOutcome Report(ExperimentRun<KweSolveSpec> run, IsotropicSolver solver, Spectrum initial,
        TimeSeriesWriter ts, FieldWriter fieldLog, RunStop? stop)
    {
        var folder = run.Folder!;
        var g = solver.Grid;
        var spec = solver.Spec;
        var rows = ts.Rows;
        var d = rows.Select(r => new SolveDiagnostics(r[0], r[1], r[2], r[3], r[4], (long)r[5], (long)r[6], (long)r[7])).ToList();
        var snaps = fieldLog.Named("n").Select(f => f.Values).ToList();
        var first = d[0];
        var diag = new CsvTable("t", "waveaction", "energy", "waveaction_drift", "energy_drift", "weighted_sup_norm", "min_n", "steps", "rejected", "evaluations");
        foreach (var x in d)
            diag.AddRow(x.Time, x.Waveaction, x.Energy, SolveReport.Rel(x.Waveaction, first.Waveaction), SolveReport.Rel(x.Energy, first.Energy),
                x.WeightedSupNorm, x.MinValue, x.Steps, x.Rejected, x.Evaluations);
        folder.WriteCsv("diagnostics.csv", diag);

        var spectra = new CsvTable("t", "omega", "n", "weighted_n");
        for (int k = 0; k < snaps.Count; k++)
            for (int j = 0; j < g.N; j++)
                spectra.AddRow(d[k].Time, g.Omega[j], snaps[k][j], g.Rho[j] * snaps[k][j]);
        folder.WriteCsv("spectra.csv", spectra);

        string eq = spec.Equation == CollisionPart.Gain ? "gain-only" : "full";
        var sp = new Plot
        {
            Title = $"Weighted spectrum (1+ω)^α n(t, ω), {eq} equation, β = {spec.Beta}",
            XLabel = "ω", YLabel = $"(1+ω)^{spec.WeightExponent} n", XScale = Scale.Log, YScale = Scale.Log,
            LegendPosition = LegendPosition.BottomLeft,
        };
        foreach (int k in SolveReport.Pick(snaps.Count, 6))
            sp.Add(new Series($"t = {d[k].Time.ToString("G4", CultureInfo.InvariantCulture)}", g.Omega,
                g.Omega.Select((_, j) => g.Rho[j] * snaps[k][j]).ToArray()));
        folder.WriteSvg("spectra.svg", sp);

        var t = d.Select(x => x.Time).ToArray();
        var nrm = new Plot { Title = $"Weighted sup norm max (1+ω)^α |n|, {eq} equation", XLabel = "t", YLabel = "norm" };
        nrm.Add(new Series("weighted sup norm", t, d.Select(x => x.WeightedSupNorm).ToArray()) { Markers = true });
        folder.WriteSvg("norm.svg", nrm);

        var dr = SolveReport.DriftPlot(spec.Equation == CollisionPart.Full ? "Conservation drift |Q(t) − Q(0)|/|Q(0)|" : "Relative change |Q(t) − Q(0)|/|Q(0)| (not conserved)", t,
            ("waveaction ∫n√ω dω", SolveReport.Drift(d.Select(x => x.Waveaction).ToList()), false),
            ("energy ∫n ω^(3/2) dω", SolveReport.Drift(d.Select(x => x.Energy).ToList()), true));
        folder.WriteSvg("drift.svg", dr);

        var last = d[^1];
        var data = new JsonObject
        {
            ["final_time"] = last.Time,
            ["steps"] = last.Steps,
            ["rejected"] = last.Rejected,
            ["evaluations"] = last.Evaluations,
            ["grid_nodes"] = g.N,
            ["waveaction"] = Json.Array(d.Select(x => x.Waveaction).ToArray()),
            ["energy"] = Json.Array(d.Select(x => x.Energy).ToArray()),
            ["times"] = Json.Array(t),
            ["weighted_sup_norm"] = Json.Array(d.Select(x => x.WeightedSupNorm).ToArray()),
            ["max_waveaction_drift"] = d.Max(x => SolveReport.Rel(x.Waveaction, first.Waveaction)),
            ["max_energy_drift"] = d.Max(x => SolveReport.Rel(x.Energy, first.Energy)),
            ["min_n"] = d.Min(x => x.MinValue),
            ["status"] = SolverRun.StatusName(stop),
        };
        var record = run.Record(data, Parameters(run.Spec));
        record.Tables["diagnostics.csv"] = "waveaction, energy, their drift, weighted sup norm, min n at the output times";
        record.Tables["spectra.csv"] = "n(t, ω) at the grid nodes and output times";
        record.Figures["spectra.svg"] = "weighted spectra at selected times";
        record.Figures["norm.svg"] = "weighted sup norm against time";
        record.Figures["drift.svg"] = "relative change of waveaction and energy";

        var sb = new StringBuilder();
        sb.AppendLine($"Initial datum: {initial.Describe()}. Grid: {g.N} nodes, ω ∈ [{Markdown.Number(g.OmegaMin)}, {Markdown.Number(g.OmegaMax)}], " +
                      $"{spec.PointsPerOctave} per octave, degree-{spec.Degree} interpolant of n(1+ω)^{spec.WeightExponent}, tail: {spec.Tail.ToString().ToLowerInvariant()}" +
                      (spec.Equation == CollisionPart.Full && spec.ConservativeProjection && spec.Tail == GridTail.Truncated ? ", conservative projection" : "") + ".");
        sb.AppendLine($"Time integration: {spec.Method}, rtol = {spec.RelTol}, atol = {spec.AbsTol}·(1+ω)^(-{spec.WeightExponent}); " +
                      $"{last.Steps} steps ({last.Rejected} rejected), {last.Evaluations} operator evaluations, {run.Clock.Elapsed.TotalSeconds:F1} s.");
        sb.AppendLine();
        var table = d.Select(x => (IReadOnlyList<string>)new[]
        {
            Markdown.Number(x.Time), Markdown.Number(x.Waveaction, 10), Markdown.Number(SolveReport.Rel(x.Waveaction, first.Waveaction), 3),
            Markdown.Number(x.Energy, 10), Markdown.Number(SolveReport.Rel(x.Energy, first.Energy), 3), Markdown.Number(x.WeightedSupNorm), Markdown.Number(x.MinValue),
        });
        sb.AppendLine(Markdown.Table(["t", "waveaction", "drift", "energy", "drift", "weighted sup norm", "min n"], table));
        sb.AppendLine();
        sb.AppendLine(spec.Equation == CollisionPart.Full
            ? "The full equation conserves waveaction and energy; the drift columns measure the discrete operator's conservation defect " +
              "(round-off with the conservative projection) plus time-integration error."
            : "The gain-only equation conserves neither waveaction nor energy: the columns show their growth.");
        sb.AppendLine();
        sb.AppendLine($"Figures: `spectra.svg`, `norm.svg`, `drift.svg` (and PNG). Tables: `diagnostics.csv`, `spectra.csv`; the append-only history `{SolverRun.TimeSeriesFile}`, `{SolverRun.FieldsFile}`; " +
                      $"HDF5 `{ResultsFile.FileName}` (h5py: `h5py.File(\"{ResultsFile.FileName}\")[\"fields/n\"][:]`).");

        var h5 = ResultsFile.Create(Name, record.Parameters, stop, solver: true);
        ResultsFile.AddTimeSeries(h5, ts, new Dictionary<string, string>
        {
            ["t"] = "output time", ["waveaction"] = "∫ n √ω dω (ω ≤ ω_max)", ["energy"] = "∫ n ω^(3/2) dω (ω ≤ ω_max)",
            ["weighted_sup_norm"] = "max_j (1+ω_j)^α |n_j|", ["min_n"] = "min_j n_j", ["steps"] = "accepted steps",
            ["rejected"] = "rejected steps", ["evaluations"] = "operator evaluations",
        });
        h5.Dataset("fields/omega", g.Omega).Describe("grid nodes ω_j");
        h5.Dataset("fields/t", d.Select(x => x.Time).ToArray()).Describe("output times (rows of n)");
        h5.Dataset("fields/n", ResultsFile.Stack(snaps)).Describe("n(t, ω_j) at the output times: [time, node]");
        folder.WriteHdf5(ResultsFile.FileName, h5);
        SolveReport.ListRunFiles(record, "parameters, time series, spectra n[t, ω]");

        return SolveReport.Finish(folder, record, $"# KWE solve: {eq} equation, β = {spec.Beta}", stop, last.Time, spec.TEnd, sb,
        [
            $"t = {last.Time:G6} after {last.Steps} steps ({last.Rejected} rejected); grid of {g.N} nodes",
            $"waveaction {first.Waveaction:G10} → {last.Waveaction:G10}, energy {first.Energy:G10} → {last.Energy:G10}",
            $"weighted sup norm {first.WeightedSupNorm:G6} → {last.WeightedSupNorm:G6}",
        ]);
    }

}
