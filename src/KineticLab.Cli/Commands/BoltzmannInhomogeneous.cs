using System.Globalization;
using System.Text.Json.Nodes;
using KineticLab.Boltzmann.Inhomogeneous;
using KineticLab.Numerics.Distributed;
using KineticLab.Output;

namespace KineticLab.Cli.Commands;

/// <summary>
/// <c>boltzmann solve</c> for <c>"kind": "boltzmann-inhomogeneous"</c>: the Strang-split phase-space solver, serial,
/// on in-process ranks (<c>--ranks P</c>) or distributed with MPI (<c>mpiexec -n P kineticlab boltzmann solve ...</c>,
/// detected from the launcher's environment, or <c>--mpi</c>). Only rank 0 prints and writes.
/// </summary>
internal static class BoltzmannInhomogeneous
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>How the ranks are provided.</summary>
    internal sealed record Launch(bool Mpi, int InProcessRanks, int Threads);

    internal static int Solve(CommandContext ctx, JsonNode? node, bool doResume, string? defaultOut, Launch launch)
    {
        var exp = InhomogeneousExperiment.Parse(node);
        if (launch.InProcessRanks < 1 || launch.InProcessRanks > 1024)
            throw new InvalidInputException("--ranks", launch.InProcessRanks.ToString(Inv), "must be in [1, 1024]");
        bool mpi = launch.Mpi || MpiCommunicator.LaunchedByMpiexec;
        if (mpi && launch.InProcessRanks > 1) throw new InvalidInputException("--ranks", launch.InProcessRanks.ToString(Inv), "cannot be combined with MPI (the ranks are mpiexec's)");
        string outDir = ctx.OutDir ?? defaultOut ?? Path.Combine("results", $"boltzmann-inhomogeneous-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        if (doResume && ctx.OutDir is null && defaultOut is null) throw new InvalidInputException("--resume", "", "needs --out naming the folder of the interrupted run");
        if (!mpi)
        {
            int p = Math.Max(1, launch.InProcessRanks);
            InhomogeneousSolver.CheckProcesses(exp.Grid(), p);
            if (ctx.CheckOnly) return ctx.Checked($"boltzmann solve (inhomogeneous): {exp.Describe()}, {p} rank{(p == 1 ? "" : "s")}", outDir);
            if (p == 1) return Run(ctx, exp, doResume, outDir, SerialCommunicator.Instance, launch.Threads);
            var codes = InProcessCommunicator.Run(p, comm => Run(ctx, exp, doResume, outDir, comm, launch.Threads));
            return codes[0];
        }
        var world = MpiCommunicator.Initialize();
        try
        {
            try
            {
                InhomogeneousSolver.CheckProcesses(exp.Grid(), world.Size);
                if (ctx.CheckOnly)
                    return world.Rank == 0 ? ctx.Checked($"boltzmann solve (inhomogeneous): {exp.Describe()}, {world.Size} MPI ranks", outDir) : App.ExitOk;
                return Run(ctx, exp, doResume, outDir, world, launch.Threads);
            }
            catch (Exception e) when (world.Rank != 0 && e is InvalidInputException or NumericalFailureException or OperationCanceledException)
            {
                // Every rank meets the same error; rank 0 reports it.
                return App.Report(e, TextWriter.Null);
            }
            catch (Exception e) when (e is not (InvalidInputException or NumericalFailureException or OperationCanceledException))
            {
                // An error on one rank only: the others may wait in a collective, so end the job.
                ctx.Stderr.WriteLine($"internal error on rank {world.Rank}: {e.GetType().Name}: {App.OneLine(e.Message)}");
                MpiCommunicator.Abort(App.ExitNumerical);
                throw;
            }
        }
        finally
        {
            MpiCommunicator.FinalizeIfInitialized();
        }
    }

    /// <summary>Runs on one rank (collective): every rank calls it with the same arguments; only rank 0 prints or writes.</summary>
    private static int Run(CommandContext ctx, InhomogeneousExperiment exp, bool doResume, string outDir, ICommunicator comm, int threads)
    {
        bool root = comm.Rank == 0;
        ResultFolder? folder = null;
        string? cpPath = null;
        // Rank 0 creates the folder and reads the checkpoint; the outcome (or the error) is shared with every rank.
        string error = "", state = "";
        InvalidInputException? rootError = null;
        if (root)
        {
            try
            {
                folder = ResultFolder.Create(outDir, ctx.Force || doResume);
                cpPath = folder.PathOf("checkpoint.json");
                if (doResume && !File.Exists(cpPath))
                {
                    ctx.Warn($"no checkpoint in {folder.Path} (the run stopped before its first checkpoint): starting from t = {Require.Fmt(exp.Settings.T0)}");
                }
                else if (doResume)
                {
                    var payload = Checkpoint.Load(cpPath);
                    if (payload["experiment"]?.ToJsonString() != exp.Source.ToJsonString())
                        throw new InvalidInputException("--resume", cpPath, "the checkpoint belongs to a different experiment");
                    state = payload["state"]?.ToJsonString() ?? throw new InvalidInputException("--resume", cpPath, "the checkpoint holds no state");
                }
            }
            catch (InvalidInputException e) { rootError = e; }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { rootError = new InvalidInputException("--out", outDir, $"not writable: {App.OneLine(e.Message)}"); }
            error = rootError?.Message ?? "";
        }
        error = comm.BroadcastString(error);
        if (error.Length > 0) throw rootError ?? new InvalidInputException("rank 0", "", error);
        state = comm.BroadcastString(state);

        var grid = exp.Grid();
        var started = DateTimeOffset.UtcNow;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        using var solver = new InhomogeneousSolver(grid, () => exp.NewOperator(grid.Velocity), exp.Settings, comm, threads);
        if (state.Length > 0) solver.Restore(JsonNode.Parse(state)!);
        else solver.Initialize(exp.Initial);
        long startStep = solver.StepIndex;
        Exception? writeError = null;
        void Save(JsonNode cp)
        {
            try { Checkpoint.Save(cpPath!, new JsonObject { ["experiment"] = exp.Source.DeepClone(), ["processes"] = comm.Size, ["state"] = cp }); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { writeError ??= e; }
        }
        var cpu0 = System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime;
        var loop = System.Diagnostics.Stopwatch.StartNew();
        try
        {
            if (root) ctx.WithProgress("boltzmann solve (inhomogeneous)", prog => { solver.Run(Save, prog, ctx.Cancel); return 0; });
            else solver.Run(null, null, ctx.Cancel);
        }
        catch (NumericalFailureException)
        {
            if (root) ctx.Stderr.WriteLine($"the last checkpoint is in {cpPath}");
            throw;
        }
        catch (OperationCanceledException)
        {
            if (root) ctx.Stderr.WriteLine($"interrupted; checkpoint saved in {cpPath} (continue with --resume --out {folder!.Path})");
            throw;
        }
        double loopSeconds = loop.Elapsed.TotalSeconds;
        double cpuSeconds = (System.Diagnostics.Process.GetCurrentProcess().TotalProcessorTime - cpu0).TotalSeconds;
        // Collective totals of the collision work.
        Span<double> work = [solver.LocalEvaluations, solver.LocalAcceptedSubsteps];
        var perRank = new double[comm.Size];
        comm.Allgather(work[..1], perRank);
        comm.AllreduceSum(work);
        if (!root) return App.ExitOk;
        double imbalance = perRank.Max() / perRank.Average();
        if (writeError is not null) throw new IOException($"checkpoint: {writeError.Message}", writeError);
        var record = WriteResults(folder!, exp, solver, comm, started, sw.Elapsed.TotalSeconds, loopSeconds, solver.StepIndex - startStep, (long)work[0], (long)work[1], imbalance, cpuSeconds);
        var last = solver.Samples[^1];
        if (ctx.Json) ctx.Stdout.WriteLine(Json.Serialize(FinalJson(solver, comm, folder!, loopSeconds, solver.StepIndex - startStep), indented: false));
        else
        {
            ctx.Info($"t = {Require.Fmt(last.Time)} after {last.Step} steps on {comm.Size} {(comm.Kind == "mpi" ? "MPI ranks" : comm.Size == 1 ? "process" : "in-process ranks")}");
            ctx.Info($"mass {last.Mass:R}, energy {last.Energy:R}, entropy {solver.Samples[0].Entropy:F8} → {last.Entropy:F8}");
            ctx.Info($"results: {folder!.Path}");
        }
        _ = record;
        return App.ExitOk;
    }

    internal static JsonObject FinalJson(InhomogeneousSolver s, ICommunicator comm, ResultFolder folder, double loopSeconds, long steps)
    {
        var last = s.Samples[^1];
        var norms = new JsonObject();
        for (int k = 0; k < s.Settings.Norms.Length; k++) norms[s.Settings.Norms[k].Name] = Json.Number(last.Norms[k]);
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
            ["results"] = folder.Path,
        };
    }

    private static ResultRecord WriteResults(ResultFolder folder, InhomogeneousExperiment exp, InhomogeneousSolver s, ICommunicator comm,
        DateTimeOffset started, double seconds, double loopSeconds, long stepsRun, long evaluations, long substeps, double imbalance, double cpuSeconds)
    {
        var g = s.Grid;
        int d = g.Velocity.Dimension;
        var set = s.Settings;
        var first = s.Samples[0];
        var cols = new List<string> { "t", "step", "mass" };
        for (int a = 1; a <= d; a++) cols.Add($"momentum_{a}");
        cols.AddRange(["energy", "entropy", "l1", "negative_mass"]);
        cols.AddRange(set.Norms.Select(n => n.Name));
        cols.AddRange(["mass_drift", "momentum_drift", "energy_drift"]);
        var table = new CsvTable([.. cols]);
        int ns = s.Samples.Count;
        var t = new double[ns];
        var drift = new double[ns];
        var edrift = new double[ns];
        var h = new double[ns];
        var normSeries = set.Norms.Select(_ => new double[ns]).ToArray();
        for (int i = 0; i < ns; i++)
        {
            var x = s.Samples[i];
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
        var dp = new Plot { Title = "Conservation drift (relative)", XLabel = "t", YLabel = "drift", YScale = Scale.Log };
        dp.Add(new Series("mass/momentum", t, drift.Select(x => Math.Max(x, 1e-17)).ToArray()));
        dp.Add(new Series("energy", t, edrift.Select(x => Math.Max(x, 1e-17)).ToArray()) { Dashed = true });
        folder.WriteSvg("drift.svg", dp);

        // Profiles along the first x axis (other x coordinates at their first grid point).
        var xs = Enumerable.Range(0, g.Nx).Select(j => j * g.Hx).ToArray();
        int stride = g.XPoints / g.Nx;
        var rhoPlot = new Plot { Title = "Density ρ(x) along x1", XLabel = "x1", YLabel = "ρ" };
        var tempPlot = new Plot { Title = "Temperature T(x) along x1", XLabel = "x1", YLabel = "T" };
        var prof = new CsvTable(["step", "t", "x_index", "density", .. Enumerable.Range(1, d).Select(a => $"velocity_{a}"), "temperature"]);
        int every = Math.Max(1, (s.Profiles.Count + 7) / 8);
        for (int i = 0; i < s.Profiles.Count; i++)
        {
            var p = s.Profiles[i];
            for (int ix = 0; ix < g.XPoints; ix++)
                prof.AddRow([p.Step, p.Time, ix, p.Density[ix], .. p.Velocity.Select(u => (object?)u[ix]), p.Temperature[ix]]);
            if (i % every != 0 && i != s.Profiles.Count - 1) continue;
            rhoPlot.Add(new Series($"t = {p.Time:G4}", xs, Enumerable.Range(0, g.Nx).Select(j => p.Density[j * stride]).ToArray()));
            tempPlot.Add(new Series($"t = {p.Time:G4}", xs, Enumerable.Range(0, g.Nx).Select(j => p.Temperature[j * stride]).ToArray()));
        }
        folder.WriteCsv("profiles.csv", prof);
        folder.WriteSvg("density.svg", rhoPlot);
        folder.WriteSvg("temperature.svg", tempPlot);

        var last = s.Samples[^1];
        var data = FinalJson(s, comm, folder, loopSeconds, stepsRun);
        data.Remove("results");
        data["grid"] = g.Describe();
        data["unknowns"] = g.Total;
        data["max_mass_momentum_drift"] = Json.Number(drift.Max());
        data["max_energy_drift"] = Json.Number(edrift.Max());
        data["entropy_initial"] = first.Entropy;
        data["collision_evaluations"] = evaluations;
        data["collision_substeps"] = substeps;
        data["collision_load_imbalance"] = Json.Number(imbalance);
        data["timing_rank0"] = new JsonObject
        {
            ["loop_seconds"] = loopSeconds, ["cpu_seconds"] = cpuSeconds, ["steps"] = stepsRun, ["collision"] = s.Timing.Collision, ["transport"] = s.Timing.Transport,
            ["transpose"] = s.Timing.Transpose, ["diagnostics"] = s.Timing.Diagnostics, ["wait"] = s.Timing.Wait,
        };
        var record = new ResultRecord { Kind = "boltzmann-inhomogeneous", Parameters = (JsonObject)exp.Source.DeepClone(), Data = data, Started = started, ElapsedSeconds = seconds };
        record.Figures["density.svg"] = "density along the first x axis at the profile steps";
        record.Figures["temperature.svg"] = "temperature along the first x axis at the profile steps";
        record.Figures["norms.svg"] = "the requested norms ‖⟨∇x⟩^s ⟨v⟩^r f‖_{L²} at every step";
        record.Figures["entropy.svg"] = "entropy at every step";
        record.Figures["drift.svg"] = "relative drift of mass, momentum and energy";
        record.Tables["diagnostics.csv"] = "mass, momentum, energy, entropy, l1, norms and drift at every step";
        record.Tables["profiles.csv"] = "density, mean velocity and temperature at every x point at the profile steps";
        folder.WriteResult(record);
        folder.WriteSummary(
            "# Inhomogeneous Boltzmann run\n\n" +
            $"- grid: {g.Describe()} ({g.Total} unknowns)\n" +
            $"- kernel: {exp.Kernel.Describe()}{(set.Collisions ? "" : " (collisions off: free transport)")}\n" +
            $"- time: {Require.Fmt(set.T0)} → {Require.Fmt(last.Time)}, {last.Step} Strang steps of {Require.Fmt(set.Dt)}, collision sub-steps {set.Method} (rtol {Require.Fmt(set.Control.RelTol)})\n" +
            $"- processes: {comm.Size} ({comm.Kind})\n" +
            $"- mass {last.Mass:R}, energy {last.Energy:R}, entropy {first.Entropy:F8} → {last.Entropy:F8}\n" +
            $"- max relative drift: mass/momentum {drift.Max():E2}, energy {edrift.Max():E2}\n");
        return record;
    }
}
