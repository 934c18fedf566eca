using System.CommandLine;
using System.Text.Json.Nodes;
using KineticLab.Output;
using KineticLab.Output.Reports;
using KineticLab.Posedness;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Cli.Commands;

/// <summary><c>kineticlab kwe ...</c>: the isotropic kinetic wave equation.</summary>
internal static class KweCommands
{
    public static Command Build(CommandContextFactory f)
    {
        var kwe = new Command("kwe", "The 4-wave kinetic wave equation with weight (|k1||k2||k3||k4|)^(2β): operators, " +
                                     "threshold experiments and solvers (isotropic, f(k) = n(|k|²), ω = |k|²; operator3d, lemma21 and the kwe.solve3d kinds: anisotropic data on R³).");
        kwe.Subcommands.Add(Operator(f));
        kwe.Subcommands.Add(Threshold(f));
        kwe.Subcommands.Add(KweSolveCommand.Build(f));
        Kwe3DCommands.AddTo(kwe, f);
        return kwe;
    }

    // Options shared by the verbs (each verb gets its own instances).
    internal sealed class DatumOptions
    {
        public readonly Option<string> M = new("--M") { Description = "Decay exponent M > 0 of the datum ⟨ω⟩^(-M/2) (the theorems need M > 6; M > 10 for the full equation).", DefaultValueFactory = _ => "12" };
        public readonly Option<string> Datum = new("--datum") { Description = "smooth: n = ⟨ω⟩^(-M/2); oscillating: n = (A + cos(Nω))⟨ω⟩^(-M/2) (seed §5); kbracket: n = (1+ω)^(-M/2) = ⟨k⟩^(-M) (Remark 1.4).", DefaultValueFactory = _ => "smooth" };
        public readonly Option<string> A = new("--A") { Description = "Amplitude A ∈ [0, 1e6] of the oscillating datum (A ≥ 1 keeps it nonnegative).", DefaultValueFactory = _ => "2" };
        public readonly Option<string> N = new("--N") { Description = "Frequency N ∈ (0, 1e4] of the oscillating datum.", DefaultValueFactory = _ => "10" };

        public void AddTo(Command c)
        {
            c.Options.Add(M); c.Options.Add(Datum); c.Options.Add(A); c.Options.Add(N);
        }

        public KweDatum Parse(ParseResult p)
        {
            var kind = CliArgs.Choice("--datum", p.GetValue(Datum), ["smooth", "oscillating", "kbracket"]) switch
            {
                "smooth" => KweDatumKind.Smooth,
                "oscillating" => KweDatumKind.Oscillating,
                _ => KweDatumKind.KBracket,
            };
            double m = CliArgs.Number("--M", p.GetValue(M));
            if (!(m > 0)) throw new InvalidInputException("--M", Require.Fmt(m), "must be > 0");
            double a = CliArgs.Number("--A", p.GetValue(A));
            double n = CliArgs.Number("--N", p.GetValue(N));
            var d = new KweDatum(kind, m, a, n);
            try { d.Validate(); }
            catch (InvalidInputException e) { throw new InvalidInputException("--" + e.Field, e.Value, e.Reason); }
            return d;
        }
    }

    internal static CollisionPart ParsePart(string option, string? text, params string[] allowed) =>
        CliArgs.Choice(option, text, allowed) switch
        {
            "gain" => CollisionPart.Gain,
            "loss" => CollisionPart.Loss,
            _ => CollisionPart.Full,
        };

    private static Command Operator(CommandContextFactory f)
    {
        var cmd = new Command("operator", "Evaluate C[n](ω), its gain or loss part, at given ω by adaptive quadrature " +
                                          "(relative accuracy about 1e-8 at the default tolerance).");
        var beta = new Option<string>("--beta") { Description = "β ∈ [0, 2] (the seed's range is [0, 1]). Required.", Required = true };
        var part = new Option<string>("--part") { Description = "gain | loss | full.", DefaultValueFactory = _ => "full" };
        var omega = new Option<string>("--omega") { Description = "Comma-separated ω > 0 values, e.g. 0.1,1,10,1e4. Required.", Required = true };
        var rtol = new Option<string>("--rtol") { Description = "Relative tolerance of the outer quadrature, in [1e-14, 1e-2] (inner: rtol/100).", DefaultValueFactory = _ => "1e-10" };
        var datum = new DatumOptions();
        cmd.Options.Add(beta); cmd.Options.Add(part); cmd.Options.Add(omega); cmd.Options.Add(rtol);
        datum.AddTo(cmd);
        f.Bind(cmd, ctx =>
        {
            var p = ctx.Parse;
            double b = CliArgs.Number("--beta", p.GetValue(beta));
            Require.InRange("--beta", b, 0, 2, "must be in [0, 2] (the seed's range is [0, 1])");
            var pt = ParsePart("--part", p.GetValue(part), "gain", "loss", "full");
            var ws = CliArgs.List("--omega", p.GetValue(omega));
            foreach (var w in ws)
                if (!(w > 0)) throw new InvalidInputException("--omega", Require.Fmt(w), "every ω must be > 0");
            double tol = CliArgs.Number("--rtol", p.GetValue(rtol));
            Require.InRange("--rtol", tol, 1e-14, 1e-2);
            var d = datum.Parse(p);
            var warnings = new List<string>();
            d.Validate(warnings);
            foreach (var w in warnings) ctx.Warn(w);
            if (ctx.CheckOnly) return ctx.Checked($"kwe operator: {d.Describe()}, β = {Require.Fmt(b)}, part {KweThresholdReport.PartName(pt)}, {ws.Length} values of ω", ctx.OutDir);
            var folder = ctx.OutDir is null ? null : ResultFolder.Create(ctx.OutDir, ctx.Force);

            var started = DateTimeOffset.UtcNow;
            var sw = System.Diagnostics.Stopwatch.StartNew();
            var op = new IsotropicCollisionOperator(b, new IsotropicQuadratureOptions(RelTol: tol, InnerRelTol: Math.Max(1e-15, tol / 100)));
            var n = d.Create();
            var values = new OperatorValue[ws.Length];
            ctx.WithProgress("kwe operator", prog =>
            {
                int done = 0;
                Parallel.For(0, ws.Length, new ParallelOptions { CancellationToken = ctx.Cancel }, j =>
                {
                    values[j] = op.Evaluate(n, ws[j], pt);
                    prog.Report(new ProgressInfo("evaluating", Interlocked.Increment(ref done), ws.Length));
                });
                return 0;
            });
            var json = new JsonObject
            {
                ["beta"] = b,
                ["M"] = d.M,
                ["part"] = KweThresholdReport.PartName(pt),
                ["datum"] = KweThresholdReport.DatumName(d.Kind),
                ["omega"] = Json.Array(ws),
                ["value"] = Json.Array(values.Select(v => v.Value).ToArray()),
                ["weighted"] = Json.Array(ws.Select((w, j) => d.Weight(w) * values[j].Value).ToArray()),
                ["error_estimate"] = Json.Array(values.Select(v => v.Error).ToArray()),
                ["converged"] = new JsonArray(values.Select(v => (JsonNode?)v.Converged).ToArray()),
                ["evaluations"] = new JsonArray(values.Select(v => (JsonNode?)v.Evaluations).ToArray()),
            };
            if (d.Kind == KweDatumKind.Oscillating) { json["A"] = d.A; json["N"] = d.N; }
            if (values.Any(v => !v.Converged)) ctx.Warn("some quadratures did not reach the tolerance (see \"converged\")");

            if (folder is not null)
            {
                var t = new CsvTable("omega", "value", "weighted", "error_estimate", "converged");
                for (int j = 0; j < ws.Length; j++) t.AddRow(ws[j], values[j].Value, d.Weight(ws[j]) * values[j].Value, values[j].Error, values[j].Converged);
                folder.WriteCsv("operator.csv", t);
                var rec = new ResultRecord { Kind = "kwe.operator", Parameters = new JsonObject { ["beta"] = b, ["M"] = d.M, ["part"] = KweThresholdReport.PartName(pt), ["datum"] = KweThresholdReport.DatumName(d.Kind), ["rtol"] = tol }, Started = started };
                rec.Data = json.DeepClone();
                rec.ElapsedSeconds = sw.Elapsed.TotalSeconds;
                rec.Tables["operator.csv"] = "operator values at the requested ω";
                rec.Warnings.AddRange(warnings);
                folder.WriteSummary($"# kwe operator\n\n{d.Describe()}, β = {b}, part {KweThresholdReport.PartName(pt)}.\n\n" +
                    Markdown.Table(["ω", "value", "⟨ω⟩^(M/2)·value", "error estimate"],
                        ws.Select((w, j) => (IReadOnlyList<string>)[Markdown.Number(w), $"{values[j].Value:E10}", $"{d.Weight(w) * values[j].Value:E6}", $"{values[j].Error:E1}"])) + "\n");
                folder.WriteResult(rec);
            }

            if (ctx.Json) ctx.Stdout.WriteLine(Json.Serialize(json, indented: false));
            else
            {
                ctx.Info($"{d.Describe()}, β = {b}, part = {KweThresholdReport.PartName(pt)}");
                ctx.Info($"{"omega",14} {"value",22} {"weighted",16} {"error",9}");
                for (int j = 0; j < ws.Length; j++)
                    ctx.Info($"{ws[j],14:G6} {values[j].Value,22:E14} {d.Weight(ws[j]) * values[j].Value,16:E8} {values[j].Error,9:E1}{(values[j].Converged ? "" : "  (not converged)")}");
                if (folder is not null) ctx.Info($"results: {folder.Path}");
            }
            return App.ExitOk;
        });
        return cmd;
    }

    private static Command Threshold(CommandContextFactory f)
    {
        var cmd = new Command("threshold", "Scan β: fit the growth exponent p(β) of ⟨ω⟩^(M/2)|C[n⁰](ω)| at large ω, the Picard-iterate " +
                                           "norm against ω_max, and the threshold β* where p crosses 0. Writes a results folder.");
        var beta = new Option<string>("--beta") { Description = "β values: start:step:stop or a list, each in [0, 2].", DefaultValueFactory = _ => "0:0.05:1" };
        var part = new Option<string>("--part") { Description = "gain (the gain-only equation) | full.", DefaultValueFactory = _ => "gain" };
        var wmin = new Option<string>("--omega-min") { Description = "Smallest ω sampled, in [1e-6, 1e6].", DefaultValueFactory = _ => "1e-2" };
        var wmax = new Option<string>("--omega-max") { Description = "Largest ω sampled (the truncation ω_max of the Picard norm), in (omega-min, 1e7].", DefaultValueFactory = _ => "1e4" };
        var ppd = new Option<string>("--points-per-decade") { Description = "ω samples per decade, in [1, 100].", DefaultValueFactory = _ => "4" };
        var fit = new Option<string>("--fit-window") { Description = "Large-ω fit window lo:hi inside [omega-min, omega-max].", DefaultValueFactory = _ => "1e2:1e4" };
        var model = new Option<string>("--model") { Description = "power: log y = a + p log ω; corrected: adds c/ω (removes the leading finite-ω bias).", DefaultValueFactory = _ => "corrected" };
        var t = new Option<string>("--picard-time") { Description = "Time t of the second Picard iterate n⁰ + tC[n⁰].", DefaultValueFactory = _ => "1" };
        var rtol = new Option<string>("--rtol") { Description = "Relative quadrature tolerance in [1e-14, 1e-2] (inner: rtol/10).", DefaultValueFactory = _ => "1e-9" };
        var datum = new DatumOptions();
        foreach (var o in new Option[] { beta, part, wmin, wmax, ppd, fit, model, t, rtol }) cmd.Options.Add(o);
        datum.AddTo(cmd);
        f.Bind(cmd, ctx =>
        {
            var p = ctx.Parse;
            var window = ParseWindow(p.GetValue(fit));
            double tol = CliArgs.Number("--rtol", p.GetValue(rtol));
            var spec = new KweThresholdSpec
            {
                Betas = CliArgs.Range("--beta", p.GetValue(beta), 1000),
                Datum = datum.Parse(p),
                Part = ParsePart("--part", p.GetValue(part), "gain", "full"),
                OmegaMin = CliArgs.Number("--omega-min", p.GetValue(wmin)),
                OmegaMax = CliArgs.Number("--omega-max", p.GetValue(wmax)),
                PointsPerDecade = CliArgs.Integer("--points-per-decade", p.GetValue(ppd)),
                FitMin = window.Lo,
                FitMax = window.Hi,
                Model = CliArgs.Choice("--model", p.GetValue(model), ["power", "corrected"]) == "power" ? GrowthModel.Power : GrowthModel.PowerWithCorrection,
                PicardTime = CliArgs.Number("--picard-time", p.GetValue(t)),
                RelTol = tol,
                InnerRelTol = tol / 10,
            };
            return RunThreshold(ctx, spec);
        });
        return cmd;
    }

    private static (double Lo, double Hi) ParseWindow(string? text)
    {
        var parts = (text ?? "").Split(':');
        if (parts.Length != 2) throw new InvalidInputException("--fit-window", text ?? "", "must be lo:hi");
        double lo = CliArgs.Number("--fit-window", parts[0]);
        double hi = CliArgs.Number("--fit-window", parts[1]);
        if (!(lo > 0) || !(hi > lo)) throw new InvalidInputException("--fit-window", text!, "must satisfy 0 < lo < hi");
        return (lo, hi);
    }

    /// <summary>Runs a threshold scan, writes its results folder and prints the outcome (shared with <c>run</c>).</summary>
    internal static int RunThreshold(CommandContext ctx, KweThresholdSpec spec, string? defaultOut = null)
    {
        IReadOnlyList<string> warnings;
        try { warnings = spec.Validate(); }
        catch (InvalidInputException e) { throw new InvalidInputException(CliName(e.Field), e.Value, e.Reason); }
        foreach (var w in warnings) ctx.Warn(w);
        var outDir = ctx.OutDir ?? defaultOut ?? Path.Combine("results", $"kwe-threshold-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        if (ctx.CheckOnly)
            return ctx.Checked($"kwe threshold: {KweThresholdReport.PartName(spec.Part)} operator, {spec.Datum.Describe()}, {spec.Betas.Length} values of β", outDir);
        var folder = ResultFolder.Create(outDir, ctx.Force);
        var started = DateTimeOffset.UtcNow;
        var result = ctx.WithProgress($"kwe threshold ({KweThresholdReport.PartName(spec.Part)}, {KweThresholdReport.DatumName(spec.Datum.Kind)})",
            prog => KweThreshold.Run(spec, prog, ctx.Cancel));
        KweThresholdReport.Write(folder, result, started);
        if (ctx.Json)
        {
            var json = KweThresholdReport.ToJson(result);
            json.Remove("curves");
            json["results"] = folder.Path;
            ctx.Stdout.WriteLine(Json.Serialize(json, indented: false));
        }
        else
        {
            var pred = spec.SeedPrediction();
            ctx.Info($"{KweThresholdReport.PartName(spec.Part)} operator, {spec.Datum.Describe()}");
            ctx.Info($"{"beta",6} {"exponent",10} {"stderr",9} {"seed",8}");
            foreach (var r in result.Rows)
                ctx.Info($"{r.Beta,6:0.###} {r.Exponent,10:F4} {r.ExponentStdErr,9:E1} {pred.Slope * r.Beta + pred.Intercept,8:F4}");
            ctx.Info(double.IsFinite(result.Threshold)
                ? $"threshold β* = {result.Threshold:F4} ± {result.ThresholdStdErr:G2} ({result.ThresholdMethod}); seed: {pred.Threshold}"
                : "no threshold found in the scanned range");
            ctx.Info($"results: {folder.Path} (summary.md, exponent.svg, weighted.svg, picard.svg)");
        }
        return App.ExitOk;
    }

    /// <summary>Maps a library field name to the CLI option that sets it.</summary>
    internal static string CliName(string field) => field switch
    {
        "beta" => "--beta",
        "M" => "--M",
        "A" => "--A",
        "N" => "--N",
        "omega_min" => "--omega-min",
        "omega_max" => "--omega-max",
        "points_per_decade" => "--points-per-decade",
        "fit_min" or "fit_max" => "--fit-window",
        "picard_time" => "--picard-time",
        "rtol" or "inner_rtol" => "--rtol",
        "part" => "--part",
        _ => field.StartsWith("--") ? field : "--" + field.Replace('_', '-'),
    };
}
