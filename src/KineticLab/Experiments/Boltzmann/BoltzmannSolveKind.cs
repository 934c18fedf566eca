using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using KineticLab.Boltzmann;
using KineticLab.Boltzmann.Exact;
using KineticLab.Boltzmann.Kernels;
using KineticLab.Boltzmann.Solvers;
using KineticLab.Output;
using KineticLab.Simulations;

namespace KineticLab.Experiments.Boltzmann;

/// <summary>
/// <c>boltzmann.solve</c>: the spatially homogeneous Boltzmann equation ∂t f = Q(f, f) on a velocity grid, run by the one
/// simulation loop: a sample (moments, entropy, negative mass) at every accepted step in the append-only time series,
/// snapshots of f at t0 and the output times, a checkpoint at the output times (and at early stops), and a report
/// (moments, slices, entropy and drift figures, results.h5) refreshed at the outputs and written at the end, completed or not.
/// </summary>
public sealed class BoltzmannSolveKind : ExperimentKind<BoltzmannSolveSpec>
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public override string Name => "boltzmann.solve";
    public override IReadOnlyList<string> Aliases => ["boltzmann-homogeneous"];
    public override string Summary => "homogeneous Boltzmann solve (fast spectral or Mouhot–Pareschi operator, embedded Runge–Kutta)";
    protected override JsonTypeInfo<BoltzmannSolveSpec> TypeInfo => BoltzmannJsonContext.Default.BoltzmannSolveSpec;

    /// <summary>Makes the collision operator of a run (tests substitute a faulty one); null: the experiment's.</summary>
    internal Func<HomogeneousSetup, VelocityGrid, int, ICollisionOperator>? OperatorFactory { get; init; }

    public override IReadOnlyList<string> Validate(BoltzmannSolveSpec spec)
    {
        var s = spec.Resolve();
        var warnings = new List<string>();
        if (s.Kernel.Phi.Kind == PotentialKind.Power && s.Kernel.Phi.Gamma > 0)
            warnings.Add($"gamma = {Require.Fmt(s.Kernel.Phi.Gamma)} > 0 is outside the seed's range [(1-d)/2, 0]: its theorems do not cover this kernel (the computation is still meaningful)");
        return warnings;
    }

    public override string Describe(BoltzmannSolveSpec spec)
    {
        var s = spec.Resolve();
        return $"boltzmann solve: N = {s.N}, {s.Kernel.Describe()}, t = {Require.Fmt(s.Settings.T0)} → {Require.Fmt(s.Settings.TEnd)}";
    }

    /// <summary>The columns of the time series (one row per accepted step, and the initial state).</summary>
    public static string[] Columns(int d) =>
        ["t", "step", "mass", .. Enumerable.Range(1, d).Select(a => $"momentum_{a}"), "energy", "fourth_moment", "entropy", "negative_mass", "rejected", "evaluations"];

    protected override ExperimentOutcome Execute(ExperimentRun<BoltzmannSolveSpec> run)
    {
        var setup = run.Spec.Resolve();
        var folder = run.Folder!;
        bool resume = SolverRun.ShouldResume(run, $"t = {Require.Fmt(setup.Settings.T0)}");
        var grid = setup.Grid();
        using var op = OperatorFactory?.Invoke(setup, grid, run.Context.Launch.Threads) ?? setup.CreateOperator(grid, run.Context.Launch.Threads);
        var solver = new HomogeneousSolver(op, setup.Settings, setup.Conservative);
        var model = solver.CreateModel(solver.Start(setup.Initial(grid)));
        var sim = solver.CreateSimulation(model);
        int d = grid.Dimension;
        List<(double Time, double Increase)> violations = [];
        var outcome = SolverRun.RunWithHistory(run, sim, new SolverRun.History(
            Columns(d), () =>
            {
                var s = solver.Sample(model.State);
                return [s.Time, s.Step, s.Mass, .. s.Momentum, s.Energy, s.FourthMoment, s.Entropy, s.NegativeMass, model.State.Rejected, model.State.Evaluations];
            }, new IterationInterval(1),
            () => [("f", (double[])model.State.Y.Clone())], solver.SnapshotSchedule,
            solver.OutputSchedule, solver.OutputSchedule,
            (ts, fields, stop) =>
            {
                (var o, violations) = Report(run, setup, grid, model.Integrator.Name, ts, fields, stop);
                return o;
            }), resume, "boltzmann solve");
        if (violations.Count > 0)
            run.Context.Warn($"entropy increased at {violations.Count} accepted steps (largest {violations.Max(v => v.Increase):E2}); see entropy_violations in result.json");
        return outcome;
    }

    private static HomogeneousSample Sample(double[] r, int d) =>
        new(r[0], (long)r[1], r[2], r[3..(3 + d)], r[3 + d], r[4 + d], r[5 + d], r[6 + d]);

    /// <summary>Tables, figures, results.h5, result.json and summary.md from the history so far; <paramref name="stop"/> null while running.</summary>
    private (ExperimentOutcome, List<(double, double)>) Report(ExperimentRun<BoltzmannSolveSpec> run, HomogeneousSetup setup, VelocityGrid grid,
        string method, TimeSeriesWriter ts, FieldWriter fieldLog, RunStop? stop)
    {
        var folder = run.Folder!;
        int d = setup.D;
        var steps = ts.Rows.Select(r => Sample(r, d)).ToList();
        var lastRow = ts.Rows[^1];
        long accepted = (long)lastRow[1], rejected = (long)lastRow[7 + d], evaluations = (long)lastRow[8 + d];
        var snapshots = fieldLog.Named("f").Select(f => (f.Time, f.Values)).ToList();
        var violations = HomogeneousSolver.EntropyIncreases(steps.Select(s => s.Time).ToList(), steps.Select(s => s.Entropy).ToList());
        var first = steps[0];
        var moments = new CsvTable(["t", "step", "mass", .. Enumerable.Range(1, d).Select(a => $"momentum_{a}"), "energy", "fourth_moment",
            "entropy", "negative_mass", "mass_drift", "momentum_drift", "energy_drift"]);
        var t = new double[steps.Count];
        var h = new double[steps.Count];
        var drift = new double[steps.Count];
        var edrift = new double[steps.Count];
        for (int i = 0; i < steps.Count; i++)
        {
            var s = steps[i];
            double md = Math.Abs(s.Mass - first.Mass) / first.Mass;
            double pd = 0;
            for (int a = 0; a < d; a++) pd = Math.Max(pd, Math.Abs(s.Momentum[a] - first.Momentum[a]) / first.Energy);
            double ed = Math.Abs(s.Energy - first.Energy) / first.Energy;
            var row = new List<object?> { s.Time, s.Step, s.Mass };
            foreach (var m in s.Momentum) row.Add(m);
            row.AddRange([s.Energy, s.FourthMoment, s.Entropy, s.NegativeMass, md, pd, ed]);
            moments.AddRow([.. row]);
            t[i] = s.Time; h[i] = s.Entropy; drift[i] = Math.Max(md, pd); edrift[i] = ed;
        }
        folder.WriteCsv("moments.csv", moments);
        var ent = new Plot { Title = "Entropy ∫ f log f", XLabel = "t", YLabel = "H" };
        ent.Add(new Series("H(t)", t, h) { Markers = true });
        folder.WriteSvg("entropy.svg", ent);
        var dr = SolveReport.DriftPlot("Conservation drift (relative)", t, ("mass/momentum", drift, false), ("energy", edrift, true));
        folder.WriteSvg("drift.svg", dr);
        // Slices of f along the first axis through the grid centre.
        var slices = new Plot { Title = "f along v1 (other components 0)", XLabel = "v1", YLabel = "f" };
        var table = new CsvTable(["v1", .. snapshots.Select(s => $"t={s.Time.ToString("R", Inv)}")]);
        int n = grid.N, c = n / 2, stride = d == 3 ? n * n : n;
        var cols = new List<double[]>();
        foreach (var (time, fsnap) in snapshots)
        {
            var y = new double[n];
            for (int j = 0; j < n; j++) y[j] = fsnap[j * stride + (d == 3 ? c * n + c : c)];
            cols.Add(y);
            slices.Add(new Series($"t = {time:G4}", grid.Axis, y));
        }
        bool bkwState = setup.InitialType == "bkw";
        if (bkwState)
        {
            var bkw = new Bkw(d);
            double tl = snapshots[^1].Time;
            slices.Add(new Series($"BKW t = {tl:G4}", grid.Axis, grid.Axis.Select(v => bkw.Value(tl, v * v)).ToArray()) { Dashed = true });
        }
        for (int j = 0; j < n; j++) table.AddRow([grid.Axis[j], .. cols.Select(col => (object?)col[j])]);
        folder.WriteCsv("slices.csv", table);
        folder.WriteSvg("slices.svg", slices);

        var last = steps[^1];
        var data = new JsonObject
        {
            ["final_time"] = last.Time,
            ["accepted_steps"] = accepted,
            ["rejected_steps"] = rejected,
            ["evaluations"] = evaluations,
            ["entropy_initial"] = first.Entropy,
            ["entropy_final"] = last.Entropy,
            ["entropy_violations"] = new JsonArray(violations.Select(v => (JsonNode)new JsonArray(v.Time, v.Increase)).ToArray()),
            ["max_mass_drift"] = Json.Number(drift.Max()),
            ["max_energy_drift"] = Json.Number(edrift.Max()),
            ["fourth_moment_final"] = last.FourthMoment,
            ["negative_mass_final"] = last.NegativeMass,
        };
        if (bkwState)
        {
            var bkw = new Bkw(d);
            var (ts0, fl) = snapshots[^1];
            var exact = grid.Sample(v => { double r2 = 0; foreach (var x in v) r2 += x * x; return bkw.Value(ts0, r2); });
            double err = 0;
            for (int i = 0; i < fl.Length; i++) err = Math.Max(err, Math.Abs(fl[i] - exact[i]));
            data["bkw_max_error_final"] = err;
            data["bkw_fourth_moment_exact_final"] = bkw.FourthMoment(last.Time);
        }
        data["status"] = SolverRun.StatusName(stop);
        var record = run.Record(data, Parameters(run.Spec));
        record.Figures["entropy.svg"] = "entropy against time (non-increasing in exact arithmetic)";
        record.Figures["drift.svg"] = "relative drift of mass, momentum and energy";
        record.Figures["slices.svg"] = "f along the v1 axis at the output times";
        record.Tables["moments.csv"] = "moments, entropy and drift at every accepted step";
        record.Tables["slices.csv"] = "f along the v1 axis at the output times";
        record.Tables[SolverRun.TimeSeriesFile] = "the run's append-only time series (one row per accepted step)";
        if (violations.Count > 0) record.Warnings.Add($"entropy increased at {violations.Count} accepted steps");

        var h5 = ResultsFile.Create(Name, record.Parameters, stop, solver: true);
        var desc = new Dictionary<string, string>
        {
            ["t"] = "time", ["step"] = "accepted steps", ["mass"] = "∫ f dv", ["energy"] = "∫ |v|² f dv", ["fourth_moment"] = "∫ |v|⁴ f dv",
            ["entropy"] = "∫ f log f dv (over f > 0)", ["negative_mass"] = "∫ f⁻ dv", ["rejected"] = "rejected steps", ["evaluations"] = "evaluations of Q",
        };
        for (int a = 1; a <= d; a++) desc[$"momentum_{a}"] = $"∫ v_{a} f dv";
        ResultsFile.AddTimeSeries(h5, ts, desc);
        h5.Dataset("fields/axis", grid.Axis).Describe("grid nodes of each velocity axis");
        h5.Dataset("fields/t", snapshots.Select(s => s.Time).ToArray()).Describe("snapshot times (rows of f)");
        h5.Dataset("fields/f", ResultsFile.Stack(snapshots.Select(s => s.Values).ToList()))
            .Describe($"f(t, v) at the snapshot times: [time, grid index] (grid index row-major over {d} axes of {n} nodes)");
        folder.WriteHdf5(ResultsFile.FileName, h5);
        SolveReport.ListRunFiles(record, "parameters, time series, snapshots f[t, v]");

        var sb = new StringBuilder();
        sb.AppendLine($"- kernel: {setup.Kernel.Describe()}");
        sb.AppendLine($"- grid: d = {d}, N = {setup.N}, L = {Require.Fmt(setup.L)}, R = {Require.Fmt(setup.R)}");
        sb.AppendLine($"- time: {Require.Fmt(setup.Settings.T0)} → {Require.Fmt(last.Time)}, {method}, {accepted} steps");
        sb.AppendLine($"- entropy: {first.Entropy:F8} → {last.Entropy:F8} ({violations.Count} increases)");
        sb.AppendLine($"- max relative drift: mass/momentum {drift.Max():E2}, energy {edrift.Max():E2}");
        if (bkwState)
            sb.AppendLine($"- BKW: max |f − f_exact| at the end {data["bkw_max_error_final"]}, fourth moment {last.FourthMoment:F8} vs exact {data["bkw_fourth_moment_exact_final"]}");
        sb.AppendLine();
        sb.AppendLine($"Figures: `entropy.svg`, `drift.svg`, `slices.svg`. Tables: `moments.csv`, `slices.csv`; the append-only history `{SolverRun.TimeSeriesFile}`, `{SolverRun.FieldsFile}`; " +
                      $"HDF5: `{ResultsFile.FileName}`.");
        return (SolveReport.Finish(folder, record, "# Homogeneous Boltzmann run", stop, last.Time, setup.Settings.TEnd, sb,
        [
            $"t = {Require.Fmt(last.Time)} after {accepted} steps ({rejected} rejected, {evaluations} evaluations of Q)",
            $"entropy {first.Entropy:F8} → {last.Entropy:F8}; increases at {violations.Count} steps",
        ], printed: record.ToJson()), violations);
    }
}
