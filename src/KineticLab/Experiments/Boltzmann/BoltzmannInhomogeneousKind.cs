using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using KineticLab.Boltzmann.Inhomogeneous;
using KineticLab.Numerics.Distributed;
using KineticLab.Output;
using KineticLab.Simulations;

namespace KineticLab.Experiments.Boltzmann;

/// <summary>
/// <c>boltzmann.solve-inhomogeneous</c>: ∂t f + v·∇x f = Q(f, f) on a periodic box by Strang splitting, serial, on
/// in-process ranks or distributed with MPI (every rank runs the simulation; rank 0 writes). The time series holds the
/// diagnostics after every step, the field log the profiles every profile_every steps and at the last one, the checkpoint
/// is written every checkpoint_every steps and at the end (and at early stops), and the report (diagnostics, profiles,
/// figures, results.h5) is refreshed as the run goes and written at its end, completed or not.
/// </summary>
public sealed class BoltzmannInhomogeneousKind : ExperimentKind<BoltzmannInhomogeneousSpec>, IDistributedKind
{
    public override string Name => "boltzmann.solve-inhomogeneous";
    public override IReadOnlyList<string> Aliases => ["boltzmann-inhomogeneous"];
    public override string Summary => "inhomogeneous Boltzmann solve (Strang splitting of exact transport and collisions; in-process ranks or MPI)";
    protected override JsonTypeInfo<BoltzmannInhomogeneousSpec> TypeInfo => BoltzmannJsonContext.Default.BoltzmannInhomogeneousSpec;
    protected override string? DefaultStem => "boltzmann-inhomogeneous";

    public override IReadOnlyList<string> Validate(BoltzmannInhomogeneousSpec spec)
    {
        spec.Resolve();
        return [];
    }

    public override string Describe(BoltzmannInhomogeneousSpec spec) => $"boltzmann solve (inhomogeneous): {spec.Resolve().Describe()}";

    /// <summary>The process count of a run: the communicator's, MPI's (not known before it starts) or the in-process ranks.</summary>
    private static int Processes(RunContext context) => context.Communicator?.Size ?? Math.Max(1, context.Launch.InProcessRanks);

    /// <summary>
    /// The plan of a check: the process count (the planned one when given: nothing is started), how the points are dealt
    /// out, and the memory of a rank (<see cref="InhomogeneousPlan"/>); refused when a rank would need more memory than
    /// this machine has.
    /// </summary>
    public override JsonObject? Plan(BoltzmannInhomogeneousSpec spec, RunContext context)
    {
        var setup = spec.Resolve();
        bool planned = context.Launch.PlannedProcesses > 0;
        int p = planned ? context.Launch.PlannedProcesses : Processes(context);
        var plan = setup.Plan(p, context.Launch.Threads, context.MachineMemoryBytes);
        return new JsonObject
        {
            ["processes"] = p,
            ["communicator"] = planned ? "planned" : context.Communicator?.Kind ?? (p == 1 ? "serial" : "in-process"),
            ["unknowns"] = setup.Grid.Total,
            ["x_points_per_rank"] = new JsonArray(plan.XPointsMin, plan.XPointsMax),
            ["v_points_per_rank"] = new JsonArray(plan.VPointsMin, plan.VPointsMax),
            ["equal_blocks"] = plan.EqualBlocks,
            ["threads_per_rank"] = plan.Workers,
            ["state_bytes_per_rank"] = plan.StateBytes,
            ["exchange_bytes_per_rank"] = plan.ExchangeBytes,
            ["collision_bytes_per_rank"] = plan.CollisionBytes,
            ["memory_per_rank_bytes"] = plan.MemoryPerRankBytes,
            ["checkpoint_bytes_rank0"] = plan.CheckpointBytesRank0,
            ["memory_rank0_bytes"] = plan.MemoryRank0Bytes,
            ["machine_memory_bytes"] = context.MachineMemoryBytes,
            ["checkpoints"] = setup.Checkpoints,
        };
    }

    /// <summary>The columns of the time series (one row per step, and the initial state).</summary>
    public static string[] Columns(InhomogeneousSetup setup)
    {
        int d = setup.Grid.Velocity.Dimension;
        return ["t", "step", "mass", .. Enumerable.Range(1, d).Select(a => $"momentum_{a}"), "energy", "entropy", "l1", "negative_mass",
            .. setup.Settings.Norms.Select(n => n.Name), "collision_evaluations", "collision_substeps"];
    }

    private static double[] Row(InhomogeneousSample s) =>
        [s.Time, s.Step, s.Mass, .. s.Momentum, s.Energy, s.Entropy, s.L1, s.NegativeMass, .. s.Norms, s.CollisionEvaluations, s.CollisionSubsteps];

    private static InhomogeneousSample FromRow(double[] r, int d, int norms) =>
        new(r[0], (long)r[1], r[2], r[3..(3 + d)], r[3 + d], r[4 + d], r[5 + d], r[6 + d], r[(7 + d)..(7 + d + norms)],
            (long)r[7 + d + norms], (long)r[8 + d + norms]);

    protected override ExperimentOutcome Execute(ExperimentRun<BoltzmannInhomogeneousSpec> run)
    {
        var setup = run.Spec.Resolve();
        var comm = run.Context.Communicator ?? (run.Context.Launch.Mpi ? MpiCommunicator.Initialize() : null);
        int p = comm?.Size ?? Math.Max(1, run.Context.Launch.InProcessRanks);
        // Refuses before anything is allocated: ranks that do not fit the grid, or more memory than the machine has.
        setup.Plan(p, run.Context.Launch.Threads, run.Context.MachineMemoryBytes, ranksHere: comm is null ? p : 1);
        if (run.Context.Resume && !setup.Checkpoints)
            throw new InvalidInputException("checkpoint_every", "0", "a run without checkpoints cannot resume");
        if (comm is not null) return ExecuteOn(run, setup, comm);
        if (p == 1) return ExecuteOn(run, setup, SerialCommunicator.Instance);
        return InProcessCommunicator.Run(p, c => ExecuteOn(run, setup, c))[0];
    }

    /// <summary>Runs on one rank (collective): every rank calls it; only rank 0 writes the folder and returns the outcome.</summary>
    private ExperimentOutcome ExecuteOn(ExperimentRun<BoltzmannInhomogeneousSpec> run, InhomogeneousSetup setup, ICommunicator comm)
    {
        bool root = comm.Rank == 0;
        // Rank 0 creates the folder and decides whether to resume; the outcome (or the error) is shared with every rank.
        string error = "", folderPath = "";
        bool resume = false;
        InvalidInputException? rootError = null;
        if (root)
        {
            try
            {
                folderPath = run.Folder!.Path;
                resume = SolverRun.ShouldResume(run, $"t = {Require.Fmt(setup.Settings.T0)}");
            }
            catch (InvalidInputException e) { rootError = e; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                rootError = new InvalidInputException("output", run.OutDir ?? "", $"not writable: {e.Message.Replace('\n', ' ')}");
            }
            error = rootError?.Message ?? "";
        }
        error = comm.BroadcastString(error);
        if (error.Length > 0) throw rootError ?? new InvalidInputException("rank 0", "", error);
        folderPath = comm.BroadcastString(folderPath);
        resume = comm.BroadcastString(resume ? "1" : "0") == "1";

        var grid = setup.Grid;
        using var solver = new InhomogeneousSolver(grid, () => setup.NewOperator(grid.Velocity), setup.Settings, comm, run.Context.Launch.Threads);
        if (!resume) solver.Initialize(setup.Initial.Value);
        var sim = solver.CreateSimulation();
        var cpu0 = Process.GetCurrentProcess().TotalProcessorTime;
        return SolverRun.RunWithHistory(sim, new SolverRun.History(
            Columns(setup), () => Row(solver.Sample!), new IterationInterval(1),
            () =>
            {
                var pr = solver.Profile();
                return [("density", pr.Density), .. pr.Velocity.Select((u, a) => ($"velocity_{a + 1}", u)), ("temperature", pr.Temperature)];
            }, solver.ProfileSchedule(setup.ProfileEvery),
            setup.Checkpoints ? new IterationInterval(setup.CheckpointEvery) : solver.ProfileSchedule(setup.ProfileEvery),
            setup.Checkpoints ? new AnyOf(new IterationInterval(setup.CheckpointEvery), new SpecifiedIterations([setup.Settings.Steps])) : null,
            (ts, profiles, stop) => Report(run, setup, solver, sim, ts, profiles, stop, (Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds),
            FieldsName: "profiles"), folderPath, run.Kind, run.Hash, resume, run.Context, "boltzmann solve (inhomogeneous)");
    }

    /// <summary>The JSON a completed run prints (and the core of result.json's data).</summary>
    private static JsonObject FinalJson(InhomogeneousSample last, InhomogeneousSettings set, ICommunicator comm, double loopSeconds, long steps, string folder)
    {
        var norms = new JsonObject();
        for (int k = 0; k < set.Norms.Length; k++) norms[set.Norms[k].Name] = Json.Number(last.Norms[k]);
        return new JsonObject
        {
            ["mass"] = Json.Number(last.Mass),
            ["momentum"] = new JsonArray(last.Momentum.Select(m => Json.Number(m)).ToArray()),
            ["energy"] = Json.Number(last.Energy),
            ["entropy"] = Json.Number(last.Entropy),
            ["l1"] = Json.Number(last.L1),
            ["negative_mass"] = Json.Number(last.NegativeMass),
            ["norms"] = norms,
            ["time"] = last.Time,
            ["steps"] = last.Step,
            ["processes"] = comm.Size,
            ["communicator"] = comm.Kind,
            ["seconds_per_step"] = steps > 0 ? Json.Number(loopSeconds / steps) : null,
            ["results"] = folder,
        };
    }

    /// <summary>Tables, figures, results.h5, result.json and summary.md from the history so far (rank 0); <paramref name="stop"/> null while running.</summary>
    private ExperimentOutcome Report(ExperimentRun<BoltzmannInhomogeneousSpec> run, InhomogeneousSetup setup, InhomogeneousSolver solver, Simulation sim,
        TimeSeriesWriter ts, FieldWriter profileLog, RunStop? stop, double cpuSeconds)
    {
        var folder = run.Folder!;
        var g = setup.Grid;
        int d = g.Velocity.Dimension;
        var set = setup.Settings;
        var comm = sim.Communicator;
        var samples = ts.Rows.Select(r => FromRow(r, d, set.Norms.Length)).ToList();
        var first = samples[0];
        var cols = new List<string> { "t", "step", "mass" };
        for (int a = 1; a <= d; a++) cols.Add($"momentum_{a}");
        cols.AddRange(["energy", "entropy", "l1", "negative_mass"]);
        cols.AddRange(set.Norms.Select(n => n.Name));
        cols.AddRange(["mass_drift", "momentum_drift", "energy_drift"]);
        var table = new CsvTable([.. cols]);
        int ns = samples.Count;
        var t = new double[ns];
        var drift = new double[ns];
        var edrift = new double[ns];
        var h = new double[ns];
        var normSeries = set.Norms.Select(_ => new double[ns]).ToArray();
        for (int i = 0; i < ns; i++)
        {
            var x = samples[i];
            double md = Math.Abs(x.Mass - first.Mass) / first.Mass, pd = 0, ed = Math.Abs(x.Energy - first.Energy) / first.Energy;
            for (int a = 0; a < d; a++) pd = Math.Max(pd, Math.Abs(x.Momentum[a] - first.Momentum[a]) / first.Energy);
            var row = new List<object?> { x.Time, x.Step, x.Mass };
            foreach (var m in x.Momentum) row.Add(m);
            row.AddRange([x.Energy, x.Entropy, x.L1, x.NegativeMass]);
            foreach (var nv in x.Norms) row.Add(nv);
            row.AddRange([md, pd, ed]);
            table.AddRow([.. row]);
            t[i] = x.Time; drift[i] = Math.Max(md, pd); edrift[i] = ed; h[i] = x.Entropy;
            for (int k = 0; k < set.Norms.Length; k++) normSeries[k][i] = x.Norms[k];
        }
        folder.WriteCsv("diagnostics.csv", table);
        var np = new Plot { Title = "Norms ‖⟨∇x⟩^s ⟨v⟩^r f‖ in time", XLabel = "t", YLabel = "norm" };
        for (int k = 0; k < set.Norms.Length; k++)
            np.Add(new Series($"r = {set.Norms[k].R:G4}, s = {set.Norms[k].S:G4}", t, normSeries[k]));
        folder.WriteSvg("norms.svg", np);
        var ep = new Plot { Title = "Entropy ∫∫ f log f", XLabel = "t", YLabel = "H" };
        ep.Add(new Series("H(t)", t, h));
        folder.WriteSvg("entropy.svg", ep);
        var dp = SolveReport.DriftPlot("Conservation drift (relative)", t, ("mass/momentum", drift, false), ("energy", edrift, true));
        folder.WriteSvg("drift.svg", dp);

        // Profiles along the first x axis (other x coordinates at their first grid point).
        var density = profileLog.Named("density").ToList();
        var temperature = profileLog.Named("temperature").ToList();
        var velocity = Enumerable.Range(1, d).Select(a => profileLog.Named($"velocity_{a}").ToList()).ToArray();
        var xs = Enumerable.Range(0, g.Nx).Select(j => j * g.Hx).ToArray();
        int stride = g.XPoints / g.Nx;
        var rhoPlot = new Plot { Title = "Density ρ(x) along x1", XLabel = "x1", YLabel = "ρ" };
        var tempPlot = new Plot { Title = "Temperature T(x) along x1", XLabel = "x1", YLabel = "T" };
        var prof = new CsvTable(["step", "t", "x_index", "density", .. Enumerable.Range(1, d).Select(a => $"velocity_{a}"), "temperature"]);
        int every = Math.Max(1, (density.Count + 7) / 8);
        for (int i = 0; i < density.Count; i++)
        {
            var rho = density[i];
            for (int ix = 0; ix < g.XPoints; ix++)
                prof.AddRow([rho.Iteration, rho.Time, ix, rho.Values[ix], .. velocity.Select(u => (object?)u[i].Values[ix]), temperature[i].Values[ix]]);
            if (i % every != 0 && i != density.Count - 1) continue;
            rhoPlot.Add(new Series($"t = {rho.Time:G4}", xs, Enumerable.Range(0, g.Nx).Select(j => rho.Values[j * stride]).ToArray()));
            tempPlot.Add(new Series($"t = {rho.Time:G4}", xs, Enumerable.Range(0, g.Nx).Select(j => temperature[i].Values[j * stride]).ToArray()));
        }
        folder.WriteCsv("profiles.csv", prof);
        folder.WriteSvg("density.svg", rhoPlot);
        folder.WriteSvg("temperature.svg", tempPlot);

        var last = samples[^1];
        double loopSeconds = sim.WallSeconds;
        long stepsRun = sim.Model.Iteration - sim.StartIteration;
        var perRank = solver.RankEvaluations;
        double imbalance = perRank.Length == 0 ? double.NaN : perRank.Max() / perRank.Average();
        var data = FinalJson(last, set, comm, loopSeconds, stepsRun, folder.Path);
        data.Remove("results");
        data["grid"] = g.Describe();
        data["unknowns"] = g.Total;
        data["max_mass_momentum_drift"] = Json.Number(drift.Max());
        data["max_energy_drift"] = Json.Number(edrift.Max());
        data["entropy_initial"] = first.Entropy;
        data["collision_evaluations"] = last.CollisionEvaluations;
        data["collision_substeps"] = last.CollisionSubsteps;
        data["collision_load_imbalance"] = Json.Number(imbalance);
        var tm = solver.Timing;
        data["timing_rank0"] = new JsonObject
        {
            ["loop_seconds"] = loopSeconds, ["cpu_seconds"] = cpuSeconds, ["steps"] = stepsRun, ["collision"] = tm.Collision, ["transport"] = tm.Transport,
            ["transpose"] = tm.Transpose, ["diagnostics"] = tm.Diagnostics, ["wait"] = tm.Wait + sim.AgreementSeconds,
        };
        data["status"] = SolverRun.StatusName(stop);
        var record = run.Record(data, Parameters(run.Spec));
        record.Figures["density.svg"] = "density along the first x axis at the profile steps";
        record.Figures["temperature.svg"] = "temperature along the first x axis at the profile steps";
        record.Figures["norms.svg"] = "the requested norms ‖⟨∇x⟩^s ⟨v⟩^r f‖_{L²} at every step";
        record.Figures["entropy.svg"] = "entropy at every step";
        record.Figures["drift.svg"] = "relative drift of mass, momentum and energy";
        record.Tables["diagnostics.csv"] = "mass, momentum, energy, entropy, l1, norms and drift at every step";
        record.Tables["profiles.csv"] = "density, mean velocity and temperature at every x point at the profile steps";
        record.Tables[SolverRun.TimeSeriesFile] = "the run's append-only time series (one row per step)";

        var h5 = ResultsFile.Create(Name, record.Parameters, stop, solver: true);
        var desc = new Dictionary<string, string>
        {
            ["t"] = "time t0 + n·Δt", ["step"] = "Strang steps", ["mass"] = "∫∫ f dx dv", ["energy"] = "∫∫ |v|² f dx dv",
            ["entropy"] = "∫∫ f log f dx dv (over f > 0)", ["l1"] = "∫∫ |f| dx dv", ["negative_mass"] = "∫∫ f⁻ dx dv",
            ["collision_evaluations"] = "evaluations of Q so far (all x points)", ["collision_substeps"] = "accepted collision sub-steps so far (all x points)",
        };
        for (int a = 1; a <= d; a++) desc[$"momentum_{a}"] = $"∫∫ v_{a} f dx dv";
        foreach (var n in set.Norms) desc[n.Name] = $"‖⟨∇x⟩^{n.S:G6} ⟨v⟩^{n.R:G6} f‖_L²";
        ResultsFile.AddTimeSeries(h5, ts, desc);
        h5.Dataset("profiles/x", xs).Describe($"grid points of each x axis (x points row-major over {g.PositionDimension} axes)");
        h5.Dataset("profiles/t", density.Select(x => x.Time).ToArray()).Describe("profile times (rows of the profiles)");
        h5.Dataset("profiles/step", density.Select(x => (double)x.Iteration).ToArray()).Describe("profile steps");
        h5.Dataset("profiles/density", ResultsFile.Stack(density.Select(x => x.Values).ToList())).Describe("density ρ(t, x): [time, x point] (x points row-major)");
        for (int a = 0; a < d; a++)
            h5.Dataset($"profiles/velocity_{a + 1}", ResultsFile.Stack(velocity[a].Select(x => x.Values).ToList())).Describe($"mean velocity u_{a + 1}(t, x): [time, x point]");
        h5.Dataset("profiles/temperature", ResultsFile.Stack(temperature.Select(x => x.Values).ToList())).Describe("temperature T(t, x): [time, x point]");
        folder.WriteHdf5(ResultsFile.FileName, h5);
        SolveReport.ListRunFiles(record, "parameters, time series, profiles [t, x]");

        var sb = new StringBuilder();
        sb.AppendLine($"- grid: {g.Describe()} ({g.Total} unknowns)");
        sb.AppendLine($"- kernel: {setup.Kernel.Describe()}{(set.Collisions ? "" : " (collisions off: free transport)")}");
        sb.AppendLine($"- time: {Require.Fmt(set.T0)} → {Require.Fmt(last.Time)}, {last.Step} Strang steps of {Require.Fmt(set.Dt)}, collision sub-steps {set.Method} (rtol {Require.Fmt(set.Control.RelTol)})");
        sb.AppendLine($"- processes: {comm.Size} ({comm.Kind})");
        sb.AppendLine($"- mass {last.Mass:R}, energy {last.Energy:R}, entropy {first.Entropy:F8} → {last.Entropy:F8}");
        sb.AppendLine($"- max relative drift: mass/momentum {drift.Max():E2}, energy {edrift.Max():E2}");
        sb.AppendLine();
        sb.AppendLine($"Figures: `density.svg`, `temperature.svg`, `norms.svg`, `entropy.svg`, `drift.svg`. Tables: `diagnostics.csv`, `profiles.csv`; " +
                      $"the append-only history `{SolverRun.TimeSeriesFile}`, `{SolverRun.FieldsFile}`; HDF5: `{ResultsFile.FileName}`.");
        var printed = FinalJson(last, set, comm, loopSeconds, stepsRun, folder.Path);
        printed.Remove("results");
        return SolveReport.Finish(folder, record, "# Inhomogeneous Boltzmann run", stop, last.Time, set.TEnd, sb,
        [
            $"t = {Require.Fmt(last.Time)} after {last.Step} steps on {comm.Size} {(comm.Kind == "mpi" ? "MPI ranks" : comm.Size == 1 ? "process" : "in-process ranks")}",
            $"mass {last.Mass:R}, energy {last.Energy:R}, entropy {first.Entropy:F8} → {last.Entropy:F8}",
        ], printed);
    }
}
