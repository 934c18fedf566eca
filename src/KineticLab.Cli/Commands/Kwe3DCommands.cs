using System.CommandLine;
using System.Text.Json.Nodes;
using KineticLab.Numerics.TimeStepping;
using KineticLab.Output;
using KineticLab.Output.Reports;
using KineticLab.WaveKinetic.Anisotropic;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Cli.Commands;

/// <summary><c>kineticlab kwe operator3d | lemma21</c> and the anisotropic solves of <c>kwe solve</c>: the KWE for data on R³.</summary>
internal static class Kwe3DCommands
{
    public const string SolveKind = "kwe.solve3d";
    public const string InhomogeneousKind = "kwe.solve3d-inhomogeneous";

    public static void AddTo(Command kwe, CommandContextFactory f)
    {
        kwe.Subcommands.Add(Operator3D(f));
        kwe.Subcommands.Add(Lemma21(f));
    }

    private static Vec3 ParseVec(string option, string? text)
    {
        var v = CliArgs.List(option, text);
        if (v.Length != 3) throw new InvalidInputException(option, text ?? "", "must be three comma-separated numbers kx,ky,kz");
        return new Vec3(v[0], v[1], v[2]);
    }

    private static Command Operator3D(CommandContextFactory f)
    {
        var cmd = new Command("operator3d", "Evaluate the σ-parametrised operator (1.14)–(1.17) at one k ∈ R³ for anisotropic data: " +
                                            "deterministic quadrature over R³×S² (error: difference to a rule with ⅔ the points) or Monte Carlo (standard error).");
        var beta = new Option<string>("--beta") { Description = "β ∈ [0, 2] (the seed's range is [0, 1]). Required.", Required = true };
        var m = new Option<string>("--M") { Description = "Decay exponent M > 0 of the smooth datum (1+|k|⁴)^(-M/4); also the weight ⟨k⟩^M of the reported weighted value.", DefaultValueFactory = _ => "12" };
        var part = new Option<string>("--part") { Description = "gain | loss | full.", DefaultValueFactory = _ => "full" };
        var k = new Option<string>("--k") { Description = "The point k = kx,ky,kz. Required.", Required = true };
        var datum = new Option<string>("--datum") { Description = "smooth: (1+|k|⁴)^(-M/4) (the isotropic lab's smooth datum); gaussian: A·exp(-|k-c|²/(2w²)).", DefaultValueFactory = _ => "smooth" };
        var center = new Option<string>("--center") { Description = "Centre c = cx,cy,cz of the gaussian datum.", DefaultValueFactory = _ => "0.5,0,0" };
        var width = new Option<string>("--width") { Description = "Width w ∈ [1e-3, 1e3] of the gaussian datum.", DefaultValueFactory = _ => "0.5" };
        var amp = new Option<string>("--amplitude") { Description = "Amplitude A of the gaussian datum.", DefaultValueFactory = _ => "1" };
        var method = new Option<string>("--method") { Description = "quadrature | montecarlo.", DefaultValueFactory = _ => "quadrature" };
        var samples = new Option<string>("--samples") { Description = "Monte Carlo samples, in [100, 1e10].", DefaultValueFactory = _ => "1000000" };
        var seed = new Option<string>("--seed") { Description = "Monte Carlo seed (integer).", DefaultValueFactory = _ => "1" };
        var res = new Option<string>("--resolution") { Description = "Factor in [0.25, 8] on every point count of the quadrature rule.", DefaultValueFactory = _ => "1" };
        foreach (var o in new Option[] { beta, m, part, k, datum, center, width, amp, method, samples, seed, res }) cmd.Options.Add(o);
        f.Bind(cmd, ctx =>
        {
            var p = ctx.Parse;
            double b = CliArgs.Number("--beta", p.GetValue(beta));
            Require.InRange("--beta", b, 0, 2, "must be in [0, 2] (the seed's range is [0, 1])");
            double mm = CliArgs.Number("--M", p.GetValue(m));
            if (!(mm > 0) || mm > 200) throw new InvalidInputException("--M", Require.Fmt(mm), "must be in (0, 200]");
            var pt = KweCommands.ParsePart("--part", p.GetValue(part), "gain", "loss", "full");
            var k1 = ParseVec("--k", p.GetValue(k));
            if (k1.Norm > 1e4) throw new InvalidInputException("--k", p.GetValue(k)!, "|k| must be at most 1e4");
            var dname = CliArgs.Choice("--datum", p.GetValue(datum), ["smooth", "gaussian"]);
            Distribution3D fd;
            if (dname == "smooth") fd = new SmoothDatum3D(mm);
            else
            {
                double w = CliArgs.Number("--width", p.GetValue(width));
                Require.InRange("--width", w, 1e-3, 1e3);
                var c = ParseVec("--center", p.GetValue(center));
                if (c.Norm > 1e3) throw new InvalidInputException("--center", p.GetValue(center)!, "|c| must be at most 1e3");
                fd = new BumpDistribution([new GaussianBump(CliArgs.Number("--amplitude", p.GetValue(amp)), c, w)]);
            }
            var meth = CliArgs.Choice("--method", p.GetValue(method), ["quadrature", "montecarlo"]);
            double ns = CliArgs.Number("--samples", p.GetValue(samples));
            if (!(ns >= 100 && ns <= 1e10) || ns != Math.Floor(ns)) throw new InvalidInputException("--samples", Require.Fmt(ns), "must be an integer in [100, 1e10]");
            int sd = CliArgs.Integer("--seed", p.GetValue(seed));
            double rf = CliArgs.Number("--resolution", p.GetValue(res));
            Require.InRange("--resolution", rf, 0.25, 8);
            string partName = pt switch { CollisionPart.Gain => "gain", CollisionPart.Loss => "loss", _ => "full" };
            if (ctx.CheckOnly) return ctx.Checked($"kwe operator3d: {fd.Describe()}, β = {Require.Fmt(b)}, part {partName}, k = {k1}, {meth}", ctx.OutDir);
            var folder = ctx.OutDir is null ? null : ResultFolder.Create(ctx.OutDir, ctx.Force);
            var started = DateTimeOffset.UtcNow;
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var op = new AnisotropicCollisionOperator(b, new SigmaQuadratureOptions().Scaled(rf));
            var est = ctx.WithProgress("kwe operator3d", prog =>
            {
                prog.Report(new ProgressInfo(meth, 0, 1));
                var e = meth == "montecarlo" ? op.MonteCarlo(fd, k1, pt, (long)ns, sd) : op.Evaluate(fd, k1, pt);
                prog.Report(new ProgressInfo(meth, 1, 1));
                return e;
            });
            double weight = Math.Pow(1 + k1.Norm2, 0.5 * mm);
            var json = new JsonObject
            {
                ["beta"] = b,
                ["M"] = mm,
                ["part"] = partName,
                ["datum"] = dname,
                ["k"] = Json.Array([k1.X, k1.Y, k1.Z]),
                ["method"] = meth,
                ["value"] = est.Value,
                ["stderr"] = est.Error,
                ["error_kind"] = meth == "montecarlo" ? "standard error of the mean" : "|fine − coarse| quadrature difference (⅔ of the points)",
                ["weighted"] = weight * est.Value,
                ["magnitude"] = est.Magnitude,
                ["evaluations"] = est.Evaluations,
            };
            if (meth == "montecarlo") { json["samples"] = (long)ns; json["seed"] = sd; }
            if (folder is not null)
            {
                var rec = new ResultRecord { Kind = "kwe.operator3d", Parameters = new JsonObject { ["beta"] = b, ["M"] = mm, ["part"] = partName, ["datum"] = fd.Describe(), ["method"] = meth }, Started = started };
                rec.Data = json.DeepClone();
                rec.ElapsedSeconds = sw.Elapsed.TotalSeconds;
                folder.WriteSummary($"# kwe operator3d\n\n{fd.Describe()}, β = {b}, part {partName}, k = {k1}, {meth}: value {est.Value:E10} ± {est.Error:E2} ({json["error_kind"]}).\n");
                folder.WriteResult(rec);
            }
            if (ctx.Json) ctx.Stdout.WriteLine(Json.Serialize(json, indented: false));
            else
            {
                ctx.Info($"{fd.Describe()}, β = {b}, part = {partName}, k = {k1}, method = {meth}");
                ctx.Info($"value {est.Value:E12} ± {est.Error:E2} ({json["error_kind"]}), ⟨k⟩^M·value {weight * est.Value:E6}, {est.Evaluations} evaluations");
                if (folder is not null) ctx.Info($"results: {folder.Path}");
            }
            return App.ExitOk;
        });
        return cmd;
    }

    private static Command Lemma21(CommandContextFactory f)
    {
        var cmd = new Command("lemma21", "Collisional averaging (Lemma 2.1): sup of (1+|k1|²+|k2|²)·∫⟨k1*⟩^(-3)dσ over a grid of (|k1|, |k2|, angle), " +
                                         "by quadrature, checked against the closed form; compared with 8π.");
        var rmin = new Option<string>("--r-min") { Description = "Smallest nonzero |k| of the log grid, in [1e-8, 1e8].", DefaultValueFactory = _ => "1e-2" };
        var rmax = new Option<string>("--r-max") { Description = "Largest |k|, above r-min and at most 1e8.", DefaultValueFactory = _ => "1e4" };
        var radii = new Option<string>("--radii") { Description = "Log-spaced radii per vector (plus 0), in [2, 2000].", DefaultValueFactory = _ => "61" };
        var angles = new Option<string>("--angles") { Description = "Values of cos∠(k1, k2) in [-1, 1], in [3, 2001].", DefaultValueFactory = _ => "41" };
        foreach (var o in new Option[] { rmin, rmax, radii, angles }) cmd.Options.Add(o);
        f.Bind(cmd, ctx =>
        {
            var p = ctx.Parse;
            double a = CliArgs.Number("--r-min", p.GetValue(rmin)), b = CliArgs.Number("--r-max", p.GetValue(rmax));
            Require.InRange("--r-min", a, 1e-8, 1e8);
            if (!(b > a) || b > 1e8) throw new InvalidInputException("--r-max", Require.Fmt(b), "must exceed --r-min and be at most 1e8");
            int nr = CliArgs.Integer("--radii", p.GetValue(radii)), na = CliArgs.Integer("--angles", p.GetValue(angles));
            Require.IntInRange("--radii", nr, 2, 2000);
            Require.IntInRange("--angles", na, 3, 2001);
            if (ctx.CheckOnly) return ctx.Checked($"kwe lemma21: |k| ∈ {{0}} ∪ [{Require.Fmt(a)}, {Require.Fmt(b)}], {nr} radii, {na} angles", ctx.OutDir);
            var folder = ctx.OutDir is null ? null : ResultFolder.Create(ctx.OutDir, ctx.Force);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var scan = ctx.WithProgress("kwe lemma21", _ => CollisionalAveraging.Scan(a, b, nr, na, ctx.Cancel));
            var mx = scan.Maximum;
            var json = new JsonObject
            {
                ["sup"] = mx.Weighted,
                ["eight_pi"] = scan.EightPi,
                ["sup_over_eight_pi"] = mx.Weighted / scan.EightPi,
                ["at"] = new JsonObject { ["k1"] = mx.K1, ["k2"] = mx.K2, ["cos_angle"] = mx.CosAngle },
                ["closed_form_at_sup"] = (1 + mx.K1 * mx.K1 + mx.K2 * mx.K2) * mx.ClosedForm,
                ["max_relative_difference_quadrature_closed_form"] = scan.MaxRelativeDifference,
                ["points"] = scan.Points,
            };
            if (folder is not null)
            {
                var rec = new ResultRecord { Kind = "kwe.lemma21", Parameters = new JsonObject { ["r_min"] = a, ["r_max"] = b, ["radii"] = nr, ["angles"] = na }, Data = json.DeepClone(), ElapsedSeconds = sw.Elapsed.TotalSeconds };
                folder.WriteSummary($"# Lemma 2.1\n\nsup (1+|k1|²+|k2|²)·F = {mx.Weighted:R} at |k1| = {mx.K1}, |k2| = {mx.K2}, cos = {mx.CosAngle} ({scan.Points} points); 8π = {scan.EightPi:R}. " +
                                    $"Quadrature vs closed form: max relative difference {scan.MaxRelativeDifference:E2}.\n");
                folder.WriteResult(rec);
            }
            if (ctx.Json) ctx.Stdout.WriteLine(Json.Serialize(json, indented: false));
            else
            {
                ctx.Info($"sup (1+|k1|²+|k2|²)·∫⟨k1*⟩^(-3)dσ = {mx.Weighted:F9} at |k1| = {mx.K1:G6}, |k2| = {mx.K2:G6}, cos∠ = {mx.CosAngle:G4} ({scan.Points} grid points)");
                ctx.Info($"8π = {scan.EightPi:F9}; ratio {mx.Weighted / scan.EightPi:F9}; quadrature vs closed form: max relative difference {scan.MaxRelativeDifference:E2}");
            }
            return App.ExitOk;
        });
        return cmd;
    }

    // ------------------------------------------------------------------ solves (dispatched from kwe solve and run)

    /// <summary>Runs a kwe.solve3d or kwe.solve3d-inhomogeneous experiment.</summary>
    internal static int RunSolve(CommandContext ctx, string kind, JsonFields fields, bool resume, string? defaultOut) =>
        kind == InhomogeneousKind ? RunInhomogeneous(ctx, fields, resume, defaultOut) : RunHomogeneous(ctx, fields, resume, defaultOut);

    private static int RunHomogeneous(CommandContext ctx, JsonFields fields, bool resume, string? defaultOut)
    {
        var parsed = AnisotropicSolveJson.Read(fields);
        fields.EnsureNoUnknownKeys();
        var warnings = parsed.Spec.Validate();
        foreach (var w in warnings) ctx.Warn(w);
        var run = CheckpointedRun.Prepare(ctx, fields, resume, defaultOut, "kwe-solve3d", $"kwe solve ({SolveKind}): {parsed.Initial.Describe()}, {parsed.Spec.N}³ grid, t_end = {Require.Fmt(parsed.Spec.TEnd)}");
        if (run is null) return App.ExitOk;
        var solver = new AnisotropicSolver(parsed.Spec);
        IntegratorState state;
        Solve3DRecord record;
        if (run.Resume)
        {
            (state, record) = Kwe3DSolveReport.Restore(run.LoadState(), solver.Dimension, run.CheckpointPath);
            ctx.Info($"resuming at t = {state.Time:G6} ({state.Accepted} steps done)");
        }
        else
        {
            state = solver.Start(parsed.Initial);
            record = new Solve3DRecord();
        }
        void Save(IntegratorState s, Solve3DRecord r) => run.Save(Kwe3DSolveReport.State(s, r));
        var started = DateTimeOffset.UtcNow;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        run.Execute(ctx, "kwe solve3d", (prog, cancel) => solver.Run(state, record, Save, parsed.CheckpointEvery, prog, cancel),
            () => { if (record.NextOutput > 0) Save(state, record); }, () => $"t = {state.Time:G6}");
        var folder = run.Folder;
        var rec = Kwe3DSolveReport.Write(folder, solver, record, run.Parameters, parsed.Initial.Describe(), started, sw.Elapsed.TotalSeconds, warnings);
        if (ctx.Json) run.PrintJson(ctx, rec);
        else
        {
            var d = record.Diagnostics;
            ctx.Info($"t = {d[^1].Time:G6} after {d[^1].Steps} steps ({d[^1].Rejected} rejected); grid of {solver.Grid.N}³ nodes");
            ctx.Info($"waveaction {d[0].Waveaction:G10} → {d[^1].Waveaction:G10}, energy {d[0].Energy:G10} → {d[^1].Energy:G10}");
            ctx.Info($"momentum {d[0].Momentum} → {d[^1].Momentum}");
            ctx.Info($"weighted sup norm {d[0].WeightedSupNorm:G6} → {d[^1].WeightedSupNorm:G6}");
            ctx.Info($"results: {folder.Path}");
        }
        return App.ExitOk;
    }

    private static int RunInhomogeneous(CommandContext ctx, JsonFields fields, bool resume, string? defaultOut)
    {
        var parsed = AnisotropicSolveJson.ReadInhomogeneous(fields);
        fields.EnsureNoUnknownKeys();
        var warnings = parsed.Spec.Validate();
        foreach (var w in warnings) ctx.Warn(w);
        var run = CheckpointedRun.Prepare(ctx, fields, resume, defaultOut, "kwe-solve3d-inhomogeneous",
            $"kwe solve ({InhomogeneousKind}): {parsed.Initial.Describe()}, {string.Join("×", parsed.Spec.Cells)} x cells × {parsed.Spec.K.N}³ k nodes, {parsed.Spec.Steps} steps");
        if (run is null) return App.ExitOk;
        using var solver = new InhomogeneousSolver(parsed.Spec);
        InhomogeneousState state;
        InhomogeneousRecord record;
        if (run.Resume)
        {
            (state, record) = Kwe3DSolveReport.RestoreInhomogeneous(run.LoadState(), solver.XCount * solver.Grid.Count, run.CheckpointPath);
            ctx.Info($"resuming at step {state.Step}");
        }
        else
        {
            state = solver.Start(parsed.Initial);
            record = new InhomogeneousRecord();
        }
        void Save(InhomogeneousState s, InhomogeneousRecord r) => run.Save(Kwe3DSolveReport.State(s, r));
        var started = DateTimeOffset.UtcNow;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        run.Execute(ctx, "kwe solve3d-inhomogeneous", (prog, cancel) => solver.Run(state, record, Save, parsed.CheckpointEvery, prog, cancel),
            () => { if (record.NextOutput > 0) Save(state, record); }, () => $"step {state.Step}");
        var folder = run.Folder;
        var rec = Kwe3DSolveReport.WriteInhomogeneous(folder, solver, record, run.Parameters, parsed.Initial.Describe(), started, sw.Elapsed.TotalSeconds, warnings);
        if (ctx.Json) run.PrintJson(ctx, rec);
        else
        {
            var d = record.Diagnostics;
            ctx.Info($"t = {d[^1].Time:G6} after {d[^1].Step} Strang steps; {solver.XCount} x cells × {solver.Grid.Count} k nodes");
            ctx.Info($"waveaction {d[0].Waveaction:G10} → {d[^1].Waveaction:G10}, energy {d[0].Energy:G10} → {d[^1].Energy:G10}");
            ctx.Info($"weighted sup norm {d[0].WeightedSupNorm:G6} → {d[^1].WeightedSupNorm:G6}");
            ctx.Info($"results: {folder.Path}");
        }
        return App.ExitOk;
    }
}
