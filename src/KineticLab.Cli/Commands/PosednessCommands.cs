using System.CommandLine;
using System.Text.Json.Nodes;
using KineticLab.Output;
using KineticLab.Output.Reports;
using KineticLab.Posedness.RockAndNeedles;

namespace KineticLab.Cli.Commands;

/// <summary>
/// <c>kineticlab posedness ...</c>: the Boltzmann ill-posedness lab (rock and needles, norm deflation, the (d−1)/2 threshold).
/// Every option maps to the key of the experiment file with the same name (--M-scan ↔ "M_scan"); the verbs build that object
/// and read it with the same reader as <c>kineticlab run</c>.
/// </summary>
internal static class PosednessCommands
{
    public static Command Build(CommandContextFactory f)
    {
        var cmd = new Command("posedness", "Boltzmann ill-posedness lab: the rock-and-needles construction (beam of needles, rock at v = 0 " +
                                           "with N1 → ∞), norm deflation and the (d−1)/2 threshold. See docs/rock-and-needles.md.");
        cmd.Subcommands.Add(Verb(f, "needles-rate", "Damping-rate field R(t,x,0) of the needles on the rock: per-needle quadrature against the continuum formula, β both ways, and the focus rate R0 against M with its fitted slope.",
            [("M-scan", "M values of the focus-rate scan (list or start:step:stop)."), ("times", "Times t ∈ [−0.25, 0] of the field."), ("radial-points", "Points along the ray M|x| ∈ [0, 3]."), ("agree-time", "The fields must agree to 1e-3 for |t| ≤ this.")],
            RunNeedlesRate));
        cmd.Subcommands.Add(Verb(f, "beam-norm", "‖f_b‖ in L^{2,r0}_v H^{s0}_x against M and N2 with fitted slopes against Lemma 3.1.",
            [("M-scan", "M values (at --N2)."), ("N2-scan", "N2 values (at --M).")], RunBeamNorm));
        cmd.Subcommands.Add(Verb(f, "bilinear-ratio", "Γ(M) = ‖Q⁻(f_r,f_b)‖/(‖f_r‖‖f_b‖) for a scan of s0 and M: the fitted exponent of M and the s0 where it changes sign, against (d−1)/2 and (d−2)/2.",
            [("kernels", "Kernels: γ values and/or 'mixed', comma-separated, e.g. -1,-0.5,mixed."), ("M-scan", "M values (at --N2)."), ("N2-scan", "N2 values of the second scan (at --M).")],
            RunBilinear, s0IsList: true));
        cmd.Subcommands.Add(Verb(f, "deflation", "Norm deflation of the rock from t = 0 to T*, the deflation factor against ln ln M, the time t0 where the norm reaches 1 and the two-solution distances (paper's parameters, N2 = M^q).",
            [("M-scan", "M values (each > e^e)."), ("N2-exponent", "q in N2 = M^q (the paper needs q ≥ 10)."), ("rock-normalization", "unit (‖f_r(0)‖ = 1/ln ln M) | paper."), ("curve-points", "Points of the norm curve per M.")],
            RunDeflation));
        cmd.Subcommands.Add(ToyNonlinearCommand.Build(f));
        return cmd;
    }

    private static readonly (string Name, string Help)[] Common =
    [
        ("d", "Dimension 2 or 3."),
        ("kernel", "power (|u−v|^γ) | mixed (1.14), d = 3 only."),
        ("gamma", "γ ∈ [(1−d)/2, 0] of the power law."),
        ("M", "Frequency M > 1 (needle width 1/M, rock size 1/M)."),
        ("N2", "Needle speed and length N2 (M·N2 ≥ 8)."),
        ("c-J", "Needle-count constant: J = round(c_J (M N2)^(d−1))."),
        ("delta", "Fixed s − s0 (default: the paper's lnlnln M / ln M where allowed)."),
        ("b", "c_b in b(cos θ) = c_b |cos θ|."),
        ("unit-rate", "true: scale the beam so the focus rate is exactly Λ; false: the paper's amplitude."),
    ];

    private static Command Verb(CommandContextFactory f, string name, string description, (string Name, string Help)[] own,
        Func<CommandContext, JsonFields, string?, int> run, bool s0IsList = false)
    {
        var cmd = new Command(name, description);
        var all = new List<(string Name, string Help)>(Common) { ("s0", s0IsList ? "s0 values (list or start:step:stop), each ≥ 0." : "Regularity s0 ≥ 0.") };
        all.AddRange(own);
        var options = all.Select(o => (o.Name, Option: new Option<string?>("--" + o.Name) { Description = o.Help })).ToList();
        foreach (var (_, o) in options) cmd.Options.Add(o);
        f.Bind(cmd, ctx =>
        {
            var obj = new JsonObject();
            foreach (var (n, o) in options)
            {
                var text = ctx.Parse.GetValue(o);
                if (text is null) continue;
                string key = n.Replace('-', '_');
                obj[key] = n switch
                {
                    "kernel" or "rock-normalization" or "kernels" => JsonValue.Create(text),
                    "unit-rate" => JsonValue.Create(CliArgs.Choice("--unit-rate", text, ["true", "false"]) == "true"),
                    "d" or "radial-points" or "curve-points" => JsonValue.Create(CliArgs.Integer("--" + n, text)),
                    "M-scan" or "N2-scan" or "times" => JsonValue.Create(text),
                    "s0" when s0IsList => JsonValue.Create(text),
                    _ => JsonValue.Create(CliArgs.Number("--" + n, text)),
                };
            }
            try { return run(ctx, new JsonFields(obj), null); }
            catch (InvalidInputException e) { throw new InvalidInputException(CliName(e.Field), e.Value, e.Reason); }
        });
        return cmd;
    }

    /// <summary>Maps an experiment-file key to its CLI option.</summary>
    internal static string CliName(string field) => field.StartsWith("--") ? field : "--" + field.Replace('_', '-');

    private static string DefaultOut(string verb) => Path.Combine("results", $"posedness-{verb}-{DateTime.UtcNow:yyyyMMdd-HHmmss}");

    private static void WarnAll(CommandContext ctx, IEnumerable<string> warnings)
    {
        foreach (var w in warnings) ctx.Warn(w);
    }

    private static void PrintJson(CommandContext ctx, JsonObject json, ResultFolder folder)
    {
        json["results"] = folder.Path;
        ctx.Stdout.WriteLine(Json.Serialize(json, indented: false));
    }

    /// <summary>
    /// The shape shared by the verbs: read and validate the experiment, honour --check, run with progress, write the
    /// results folder, then print JSON or the summary lines.
    /// </summary>
    private static int RunExperiment<TSpec, TResult>(CommandContext ctx, JsonFields f, string? outDir, string verb,
        Func<JsonFields, TSpec> read, Func<TSpec, IReadOnlyList<string>> validate, Func<TSpec, string> describe,
        Func<TSpec, IProgress<ProgressInfo>, CancellationToken, TResult> run, Action<ResultFolder, TResult, DateTimeOffset> write,
        Func<TResult, JsonObject> toJson, Action<TSpec, TResult> print)
    {
        var spec = read(f);
        f.EnsureNoUnknownKeys();
        WarnAll(ctx, validate(spec));
        outDir = ctx.OutDir ?? outDir ?? DefaultOut(verb);
        if (ctx.CheckOnly) return ctx.Checked($"posedness {verb}: {describe(spec)}", outDir);
        var folder = ResultFolder.Create(outDir, ctx.Force);
        var started = DateTimeOffset.UtcNow;
        var r = ctx.WithProgress($"posedness {verb}", prog => run(spec, prog, ctx.Cancel));
        write(folder, r, started);
        if (ctx.Json) PrintJson(ctx, toJson(r), folder);
        else
        {
            print(spec, r);
            ctx.Info($"results: {folder.Path}");
        }
        return App.ExitOk;
    }

    internal static int RunNeedlesRate(CommandContext ctx, JsonFields f, string? outDir) => RunExperiment(ctx, f, outDir, "needles-rate",
        NeedlesRate.Read, spec => spec.Validate(), spec => $"{spec.Base.Describe()}, {spec.Ms.Length} values of M",
        NeedlesRate.Run, (folder, r, started) => RockNeedleReports.Write(folder, r, started), RockNeedleReports.ToJson, (spec, r) =>
        {
            ctx.Info($"{spec.Base.Describe()}: J = {r.FieldJ}, R0 = {r.FieldR0:G8}");
            ctx.Info($"max |R_needles − R_continuum|/R0 for |t| ≤ {spec.AgreeTime}: {r.MaxDiffAgree:E2} (by time: {string.Join(", ", r.MaxDiffByTime.Select(x => x.ToString("E2")))})");
            ctx.Info($"focus rate R0 ∝ M^p: p = {r.FocusSlope.Value:F5} ± {r.FocusSlope.StdErr:E1}, predicted (d−1)/2 − s = {r.PredictedSlope:F5}");
            ctx.Info($"max |∂_r R| ∝ M^{r.GradientSlope.Value:F4}, max |∂²_r R| ∝ M^{r.HessianSlope.Value:F4} (3.15: {r.PredictedSlope + 1:F4}, {r.PredictedSlope + 2:F4})");
        });

    internal static int RunBeamNorm(CommandContext ctx, JsonFields f, string? outDir) => RunExperiment(ctx, f, outDir, "beam-norm",
        BeamNorm.Read, spec => spec.Validate(), spec => $"{spec.Base.Describe()}, {spec.Ms.Length} values of M, {spec.N2s.Length} of N2",
        BeamNorm.Run, (folder, r, started) => RockNeedleReports.Write(folder, r, started), RockNeedleReports.ToJson, (spec, r) =>
        {
            ctx.Info($"{spec.Base.Describe()}, r0 = {spec.Base.R0Weight}");
            ctx.Info($"‖f_b‖ ∝ M^p:  p = {r.MSlope.Value:F5} (Lemma 3.1: {r.PredictedM:F5})");
            ctx.Info($"‖f_b‖ ∝ N2^q: q = {r.N2Slope.Value:F5} (Lemma 3.1: {r.PredictedN2:F5})");
        });

    internal static int RunBilinear(CommandContext ctx, JsonFields f, string? outDir) => RunExperiment(ctx, f, outDir, "bilinear-ratio",
        BilinearRatio.Read, spec => spec.Validate(),
        spec => $"d = {spec.Base.D}, kernels {string.Join(",", spec.Kernels.Select(BilinearRatioSpec.KernelName))}, {spec.S0s.Length} values of s0, {spec.Ms.Length} of M",
        BilinearRatio.Run, (folder, r, started) => RockNeedleReports.Write(folder, r, started), RockNeedleReports.ToJson, (spec, r) =>
        {
            ctx.Info($"d = {spec.Base.D}: exponent of M in Γ(M) = ‖Q⁻(f_r,f_b)‖/(‖f_r‖‖f_b‖)");
            ctx.Info($"{"s0",6} {"predicted",10} " + string.Join(" ", r.Curves.Select(c => $"{BilinearRatioSpec.KernelName(c.Kernel),10}")));
            for (int i = 0; i < spec.S0s.Length; i++)
                ctx.Info($"{spec.S0s[i],6:0.###} {r.Threshold - spec.S0s[i],10:F4} " + string.Join(" ", r.Curves.Select(c => $"{c.Exponent[i],10:F4}")));
            foreach (var c in r.Curves)
                ctx.Info($"kernel {BilinearRatioSpec.KernelName(c.Kernel)}: sign change at s0 = {c.SignChange:F4} (claimed threshold (d−1)/2 = {r.Threshold}, scaling index {r.ScalingIndex})");
        });

    internal static int RunDeflation(CommandContext ctx, JsonFields f, string? outDir) => RunExperiment(ctx, f, outDir, "deflation",
        Deflation.Read, spec => spec.Validate(), spec => $"d = {spec.Base.D}, {spec.Base.KernelName}, s0 = {spec.Base.S0}, {spec.Ms.Length} values of M",
        Deflation.Run, (folder, r, started) => RockNeedleReports.Write(folder, r, started), RockNeedleReports.ToJson, (spec, r) =>
        {
            ctx.Info($"{"M",10} {"factor",8} {"lnlnM",8} {"t0/T*",8} {"|f(t0)-g(t0)|",14} {"|f(0)-g(0)|",12}");
            foreach (var x in r.Rows)
                ctx.Info($"{x.M,10:G4} {x.Factor,8:F4} {x.LogLogM,8:F4} {x.T0 / x.TStar,8:F4} {x.DistanceAtT0,14:F4} {x.DistanceAt0,12:F4}");
        });
}
