using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using KineticLab.Boltzmann;
using KineticLab.Boltzmann.Exact;
using KineticLab.Boltzmann.Kernels;
using KineticLab.Boltzmann.Solvers;
using KineticLab.Output;

namespace KineticLab.Cli.Commands;

/// <summary>The <c>boltzmann</c> area: <c>operator</c> (accuracy and speed of the fast collision operator) and <c>solve</c> (homogeneous runs).</summary>
internal static class BoltzmannCommands
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Build(CommandContextFactory f)
    {
        var cmd = new Command("boltzmann", "Boltzmann collision operator (fast spectral method) and homogeneous solver.");
        cmd.Subcommands.Add(BuildOperator(f));
        cmd.Subcommands.Add(BuildSolve(f));
        return cmd;
    }

    private static Option<string?> Opt(string name, string description, params string[] aliases)
    {
        var o = new Option<string?>(name, aliases) { Description = description };
        return o;
    }

    private static Command BuildOperator(CommandContextFactory f)
    {
        var d = Opt("--d", "Velocity dimension: 2 or 3 (default 3).");
        var n = Opt("--N", "Grid points per axis, even (default 32).", "--n");
        var gamma = Opt("--gamma", "Exponent γ of Φ(r) = r^γ, in [(1-d)/2, 1] (default 0).");
        var kernel = Opt("--kernel", "power (default) or mixed (Φ = r for r ≤ 1, 1/r for r ≥ 1).");
        var angular = Opt("--angular", "abs-cos[:s] (seed, ω form), sigma-const[:value], cos-power:p[:s] (ω form) or sigma-power:q[:s]. Default: sigma-const for bkw, abs-cos otherwise.");
        var test = Opt("--test", "bkw (exact ∂t f), maxwellian (Q(μ,μ) = 0) or twomaxwellian (direct quadrature). Default bkw.");
        var l = Opt("--L", "Half-width of the velocity box (default per test).");
        var r = Opt("--R", "Truncation radius of |u − v| (default per test).");
        var radial = Opt("--radial", "Radial quadrature points (default N).");
        var sphere = Opt("--sphere", "Sphere rule: a point count, icosahedron, octahedron, lebedev14, product-AxB, circle-M.");
        var t = Opt("--t", "Time of the BKW solution (default 6.5 in 3D, 0.5 in 2D).");
        var reps = Opt("--reps", "Timed evaluations (default 3).");
        var threads = Opt("--threads", "Worker threads (default: all processors).");
        var points = Opt("--points", "Velocities compared with direct quadrature for twomaxwellian (default 6).");
        var method = Opt("--method", "spectral (general kernels, default) or mp (Mouhot–Pareschi: 3D hard spheres γ = 1 / 2D Maxwell γ = 0, constant b_σ).");
        var dirs = Opt("--directions", "Directions of the mp method (default 32).");
        var cmd = new Command("operator", "Evaluate Q(f,f) with the fast spectral method and compare with an exact or reference value. " +
                                          "Prints linf_error, l2_error (grid L2 norm) and ms_per_eval.");
        foreach (var o in new[] { d, n, gamma, kernel, angular, test, l, r, radial, sphere, t, reps, threads, points, method, dirs }) cmd.Options.Add(o);
        f.Bind(cmd, ctx =>
        {
            var p = ctx.Parse;
            var s = new OperatorCheckSettings
            {
                D = CliArgs.Integer("--d", p.GetValue(d), 3),
                N = CliArgs.Integer("--N", p.GetValue(n), 32),
                Gamma = CliArgs.Number("--gamma", p.GetValue(gamma), 0),
                Potential = CliArgs.Choice("--kernel", p.GetValue(kernel), ["power", "mixed"], "power") == "mixed" ? PotentialKind.Mixed : PotentialKind.Power,
                Angular = p.GetValue(angular),
                Test = CliArgs.Choice("--test", p.GetValue(test), ["bkw", "maxwellian", "twomaxwellian"], "bkw") switch
                {
                    "bkw" => OperatorTestKind.Bkw,
                    "maxwellian" => OperatorTestKind.Maxwellian,
                    _ => OperatorTestKind.TwoMaxwellian,
                },
                L = p.GetValue(l) is { } ls ? CliArgs.Number("--L", ls) : null,
                R = p.GetValue(r) is { } rs ? CliArgs.Number("--R", rs) : null,
                RadialPoints = CliArgs.Integer("--radial", p.GetValue(radial), 0),
                Sphere = p.GetValue(sphere),
                Time = p.GetValue(t) is { } ts ? CliArgs.Number("--t", ts) : null,
                Repetitions = CliArgs.Integer("--reps", p.GetValue(reps), 3),
                Threads = CliArgs.Integer("--threads", p.GetValue(threads), 0),
                ReferencePoints = CliArgs.Integer("--points", p.GetValue(points), 6),
                Method = CliArgs.Choice("--method", p.GetValue(method), ["spectral", "mp"], "spectral"),
                Directions = CliArgs.Integer("--directions", p.GetValue(dirs), 32),
            };
            if (s.D is not (2 or 3)) throw new InvalidInputException("--d", s.D.ToString(Inv), "must be 2 or 3");
            if (s.Time is < 0) throw new InvalidInputException("--t", Require.Fmt(s.Time.Value), "must be >= 0");
            if (s.RadialPoints < 0) throw new InvalidInputException("--radial", s.RadialPoints.ToString(Inv), "must be >= 1");
            if (s.Threads < 0) throw new InvalidInputException("--threads", s.Threads.ToString(Inv), "must be >= 1");
            if (s.ReferencePoints is < 1 or > 64) throw new InvalidInputException("--points", s.ReferencePoints.ToString(Inv), "must be in [1, 64]");
            try { OperatorCheck.Validate(s); }
            catch (InvalidInputException e) { throw new InvalidInputException(e.Field.StartsWith('-') ? e.Field : "--" + e.Field, e.Value, e.Reason); }
            if (ctx.CheckOnly) return ctx.Checked($"boltzmann operator: d = {s.D}, N = {s.N}, test {s.Test}, method {s.Method}");
            var res = ctx.WithProgress("boltzmann operator", prog => OperatorCheck.Run(s, prog, ctx.Cancel));
            var json = new JsonObject
            {
                ["linf_error"] = Json.Number(res.LinfError),
                ["l2_error"] = Json.Number(res.L2Error),
                ["ms_per_eval"] = Json.Number(res.MsPerEvaluation),
                ["reference_scale"] = Json.Number(res.ReferenceScale),
                ["compared_points"] = res.ComparedPoints,
                ["reference"] = res.Reference,
                ["kernel"] = res.Kernel,
                ["d"] = s.D,
                ["N"] = s.N,
                ["L"] = res.L,
                ["R"] = res.R,
                ["radial_points"] = res.RadialPoints,
                ["sphere"] = res.Sphere,
                ["ffts_per_eval"] = res.FftsPerEvaluation,
                ["fft_backend"] = res.FftBackend,
            };
            if (ctx.Json) ctx.Stdout.WriteLine(Json.Serialize(json, indented: false));
            else
            {
                ctx.Info($"kernel:      {res.Kernel}");
                ctx.Info($"grid:        d = {s.D}, N = {s.N}, L = {Require.Fmt(res.L)}, R = {Require.Fmt(res.R)}, {res.RadialPoints} radial points, sphere {res.Sphere}");
                ctx.Info($"reference:   {res.Reference}");
                ctx.Info($"linf error:  {res.LinfError:E3}   (scale {res.ReferenceScale:E3}, {res.ComparedPoints} points)");
                ctx.Info($"l2 error:    {res.L2Error:E3}");
                ctx.Info($"ms per eval: {res.MsPerEvaluation:F2}   ({res.FftsPerEvaluation} FFTs, {res.FftBackend})");
            }
            return App.ExitOk;
        });
        return cmd;
    }

    private static Command BuildSolve(CommandContextFactory f)
    {
        var file = new Argument<string>("experiment") { Description = "Experiment file (JSON), e.g. examples/boltzmann-two-maxwellian-2d.json." };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint in the --out folder (same experiment)." };
        var threads = Opt("--threads", "Worker threads (default: all processors; inhomogeneous: processors / ranks).");
        var mpi = new Option<bool>("--mpi") { Description = "Inhomogeneous runs: distribute with MPI (MPICH); implied when started by mpiexec." };
        var ranks = Opt("--ranks", "Inhomogeneous runs: number of in-process ranks (threads exchanging as MPI ranks would; default 1).");
        var cmd = new Command("solve", "Solve the homogeneous Boltzmann equation ∂t f = Q(f,f), or the inhomogeneous one ∂t f + v·∇x f = Q(f,f) " +
                                       "(\"kind\": \"boltzmann-inhomogeneous\", distributed under mpiexec), and write a results folder " +
                                       "(moments, entropy, conservation drift, slices or profiles, checkpoint).");
        cmd.Arguments.Add(file);
        cmd.Options.Add(resume);
        cmd.Options.Add(threads);
        cmd.Options.Add(mpi);
        cmd.Options.Add(ranks);
        f.Bind(cmd, ctx =>
        {
            var path = ctx.Parse.GetValue(file) ?? "";
            if (!File.Exists(path)) throw new InvalidInputException("experiment", path, "file not found");
            JsonNode? node;
            try { node = JsonNode.Parse(File.ReadAllText(path)); }
            catch (System.Text.Json.JsonException e) { throw new InvalidInputException("experiment", path, $"not valid JSON: {e.Message}"); }
            int nThreads = CliArgs.Integer("--threads", ctx.Parse.GetValue(threads), 0);
            if (nThreads < 0) throw new InvalidInputException("--threads", nThreads.ToString(Inv), "must be >= 1");
            if ((node as JsonObject)?["kind"] is JsonValue k && k.TryGetValue<string>(out var kind) && kind == "boltzmann-inhomogeneous")
                return BoltzmannInhomogeneous.Solve(ctx, node, ctx.Parse.GetValue(resume), null,
                    new BoltzmannInhomogeneous.Launch(ctx.Parse.GetValue(mpi), CliArgs.Integer("--ranks", ctx.Parse.GetValue(ranks), 1), nThreads));
            return Solve(ctx, node, ctx.Parse.GetValue(resume), nThreads, null);
        });
        return cmd;
    }

    /// <summary>Runs a homogeneous Boltzmann experiment (also used by <c>kineticlab run</c>).</summary>
    internal static int Solve(CommandContext ctx, JsonNode? node, bool doResume, int nThreads, string? defaultOut)
    {
        {
            var exp = HomogeneousExperiment.Parse(node);
            string outDir = ctx.OutDir ?? defaultOut ?? Path.Combine("results", $"boltzmann-solve-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
            if (exp.Kernel.Phi.Kind == PotentialKind.Power && exp.Kernel.Phi.Gamma > 0)
                ctx.Warn($"gamma = {Require.Fmt(exp.Kernel.Phi.Gamma)} > 0 is outside the seed's range [(1-d)/2, 0]: its theorems do not cover this kernel (the computation is still meaningful)");
            if (doResume && ctx.OutDir is null && defaultOut is null) throw new InvalidInputException("--resume", "", "needs --out naming the folder of the interrupted run");
            if (ctx.CheckOnly)
                return ctx.Checked($"boltzmann solve: N = {exp.N}, {exp.Kernel.Describe()}, t = {Require.Fmt(exp.Settings.T0)} → {Require.Fmt(exp.Settings.TEnd)}", outDir);
            var folder = ResultFolder.Create(outDir, ctx.Force || doResume);
            string cpPath = folder.PathOf("checkpoint.json");
            JsonNode? state = null;
            if (doResume && !File.Exists(cpPath))
            {
                ctx.Warn($"no checkpoint in {folder.Path} (the run stopped before its first checkpoint): starting from t = {Require.Fmt(exp.Settings.T0)}");
                doResume = false;
            }
            if (doResume)
            {
                var payload = Checkpoint.Load(cpPath);
                if (payload["experiment"]?.ToJsonString() != exp.Source.ToJsonString())
                    throw new InvalidInputException("--resume", cpPath, "the checkpoint belongs to a different experiment");
                state = payload["state"];
            }
            var grid = exp.Grid();
            using var op = exp.Operator(grid, nThreads);
            var solver = new HomogeneousSolver(op, exp.Conservative);
            var started = DateTimeOffset.UtcNow;
            var sw = System.Diagnostics.Stopwatch.StartNew();
            HomogeneousResult res;
            try
            {
                res = ctx.WithProgress("boltzmann solve", prog => solver.Run(exp.Initial(grid), exp.Settings, state,
                    cp => Checkpoint.Save(cpPath, new JsonObject { ["experiment"] = exp.Source.DeepClone(), ["state"] = cp }), prog, ctx.Cancel));
            }
            catch (NumericalFailureException)
            {
                ctx.Stderr.WriteLine($"the last good state is saved in {cpPath}");
                throw;
            }
            catch (OperationCanceledException)
            {
                ctx.Stderr.WriteLine($"interrupted; checkpoint saved in {cpPath} (continue with --resume --out {folder.Path})");
                throw;
            }
            var record = WriteResults(folder, exp, grid, res, started, sw.Elapsed.TotalSeconds);
            if (ctx.Json) ctx.Stdout.WriteLine(Json.Serialize(record.ToJson(), indented: false));
            else
            {
                var last = res.Steps[^1];
                ctx.Info($"t = {Require.Fmt(last.Time)} after {res.State.Accepted} steps ({res.State.Rejected} rejected, {res.State.Evaluations} evaluations of Q)");
                ctx.Info($"entropy {res.Steps[0].Entropy:F8} → {last.Entropy:F8}; increases at {res.EntropyViolations.Count} steps");
                ctx.Info($"results: {folder.Path}");
            }
            if (res.EntropyViolations.Count > 0)
                ctx.Warn($"entropy increased at {res.EntropyViolations.Count} accepted steps (largest {res.EntropyViolations.Max(v => v.Increase):E2}); see entropy_violations in result.json");
            return App.ExitOk;
        }
    }

    private static ResultRecord WriteResults(ResultFolder folder, HomogeneousExperiment exp, VelocityGrid grid, HomogeneousResult res,
        DateTimeOffset started, double seconds)
    {
        int d = exp.D;
        var first = res.Steps[0];
        var moments = new CsvTable(["t", "step", "mass", .. Enumerable.Range(1, d).Select(a => $"momentum_{a}"), "energy", "fourth_moment",
            "entropy", "negative_mass", "mass_drift", "momentum_drift", "energy_drift"]);
        var t = new double[res.Steps.Count];
        var h = new double[res.Steps.Count];
        var drift = new double[res.Steps.Count];
        var edrift = new double[res.Steps.Count];
        for (int i = 0; i < res.Steps.Count; i++)
        {
            var s = res.Steps[i];
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
        var dr = new Plot { Title = "Conservation drift (relative)", XLabel = "t", YLabel = "drift", YScale = Scale.Log };
        dr.Add(new Series("mass/momentum", t, drift.Select(x => Math.Max(x, 1e-17)).ToArray()));
        dr.Add(new Series("energy", t, edrift.Select(x => Math.Max(x, 1e-17)).ToArray()) { Dashed = true });
        folder.WriteSvg("drift.svg", dr);
        // Slices of f along the first axis through the grid centre.
        var slices = new Plot { Title = "f along v1 (other components 0)", XLabel = "v1", YLabel = "f" };
        var table = new CsvTable(["v1", .. res.Snapshots.Select(s => $"t={s.Time.ToString("R", Inv)}")]);
        int n = grid.N, c = n / 2, stride = d == 3 ? n * n : n;
        var cols = new List<double[]>();
        foreach (var (time, fsnap) in res.Snapshots)
        {
            var y = new double[n];
            for (int j = 0; j < n; j++) y[j] = fsnap[j * stride + (d == 3 ? c * n + c : c)];
            cols.Add(y);
            slices.Add(new Series($"t = {time:G4}", grid.Axis, y));
        }
        if (exp.InitialType == "bkw")
        {
            var bkw = new Bkw(d);
            double tl = res.Snapshots[^1].Time;
            slices.Add(new Series($"BKW t = {tl:G4}", grid.Axis, grid.Axis.Select(v => bkw.Value(tl, v * v)).ToArray()) { Dashed = true });
        }
        for (int j = 0; j < n; j++) table.AddRow([grid.Axis[j], .. cols.Select(col => (object?)col[j])]);
        folder.WriteCsv("slices.csv", table);
        folder.WriteSvg("slices.svg", slices);

        var last = res.Steps[^1];
        var data = new JsonObject
        {
            ["final_time"] = last.Time,
            ["accepted_steps"] = res.State.Accepted,
            ["rejected_steps"] = res.State.Rejected,
            ["evaluations"] = res.State.Evaluations,
            ["entropy_initial"] = first.Entropy,
            ["entropy_final"] = last.Entropy,
            ["entropy_violations"] = new JsonArray(res.EntropyViolations.Select(v => (JsonNode)new JsonArray(v.Time, v.Increase)).ToArray()),
            ["max_mass_drift"] = Json.Number(drift.Max()),
            ["max_energy_drift"] = Json.Number(edrift.Max()),
            ["fourth_moment_final"] = last.FourthMoment,
            ["negative_mass_final"] = last.NegativeMass,
        };
        if (exp.InitialType == "bkw")
        {
            var bkw = new Bkw(d);
            var exact = grid.Sample(v => { double r2 = 0; foreach (var x in v) r2 += x * x; return bkw.Value(last.Time, r2); });
            var fl = res.Snapshots[^1].F;
            double err = 0;
            for (int i = 0; i < fl.Length; i++) err = Math.Max(err, Math.Abs(fl[i] - exact[i]));
            data["bkw_max_error_final"] = err;
            data["bkw_fourth_moment_exact_final"] = bkw.FourthMoment(last.Time);
        }
        var record = new ResultRecord { Kind = "boltzmann-solve", Parameters = (JsonObject)exp.Source.DeepClone(), Data = data, Started = started, ElapsedSeconds = seconds };
        record.Figures["entropy.svg"] = "entropy against time (non-increasing in exact arithmetic)";
        record.Figures["drift.svg"] = "relative drift of mass, momentum and energy";
        record.Figures["slices.svg"] = "f along the v1 axis at the output times";
        record.Tables["moments.csv"] = "moments, entropy and drift at every accepted step";
        record.Tables["slices.csv"] = "f along the v1 axis at the output times";
        if (res.EntropyViolations.Count > 0) record.Warnings.Add($"entropy increased at {res.EntropyViolations.Count} accepted steps");
        folder.WriteResult(record);
        folder.WriteSummary(
            $"# Homogeneous Boltzmann run\n\n" +
            $"- kernel: {exp.Kernel.Describe()}\n" +
            $"- grid: d = {d}, N = {exp.N}, L = {Require.Fmt(exp.L)}, R = {Require.Fmt(exp.R)}\n" +
            $"- time: {Require.Fmt(exp.Settings.T0)} → {Require.Fmt(last.Time)}, {res.Method}, {res.State.Accepted} steps\n" +
            $"- entropy: {first.Entropy:F8} → {last.Entropy:F8} ({res.EntropyViolations.Count} increases)\n" +
            $"- max relative drift: mass/momentum {drift.Max():E2}, energy {edrift.Max():E2}\n" +
            (exp.InitialType == "bkw" ? $"- BKW: max |f − f_exact| at the end {data["bkw_max_error_final"]}, fourth moment {last.FourthMoment:F8} vs exact {data["bkw_fourth_moment_exact_final"]}\n" : ""));
        return record;
    }
}
