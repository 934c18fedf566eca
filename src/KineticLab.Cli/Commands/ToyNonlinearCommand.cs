using System.CommandLine;
using System.Text.Json.Nodes;
using KineticLab.Output;
using KineticLab.Output.Reports;
using KineticLab.Posedness.RockAndNeedles;

namespace KineticLab.Cli.Commands;

/// <summary><c>kineticlab posedness toy-nonlinear</c>: the nonlinear d = 2 check of the rock's damping (docs/rock-and-needles.md).</summary>
internal static class ToyNonlinearCommand
{
    private static readonly Dictionary<string, string> Help = new()
    {
        ["gamma"] = "γ of Φ = r^γ, in [−1/2, 0] (b = |cos θ|).",
        ["Nv"] = "Velocity points per axis (even, 8..256).",
        ["L"] = "Velocity box [−L, L)².",
        ["R"] = "Collision truncation radius, in (0, 2L√2].",
        ["radial_points"] = "Radial quadrature points of the spectral operator.",
        ["sphere_points"] = "Circle points of the spectral operator.",
        ["Nx"] = "x points per axis (even, 8..256).",
        ["Lx"] = "Periodic box [0, Lx)².",
        ["needles"] = "Number of needles J (1..64), directions 2πj/J.",
        ["speed"] = "Needle speed c (speed + 4·needle_std_v ≤ L).",
        ["needle_std_v"] = "Velocity std of a needle (≥ 2L/Nv).",
        ["needle_length"] = "Position std of a needle along its direction (≥ 1.5·Lx/Nx).",
        ["needle_width"] = "Position std of a needle across its direction (≥ 1.5·Lx/Nx).",
        ["needle_mass"] = "Mass of one needle (> 0).",
        ["focus_time"] = "Time at which the needle centres meet at the box centre.",
        ["rock_std_v"] = "Velocity std of the rock (a Maxwellian at v = 0; ≥ 2L/Nv).",
        ["rock_std_x"] = "Position std of the rock (≥ 1.5·Lx/Nx).",
        ["rock_mass"] = "Mass of the rock (> 0).",
        ["dt"] = "Strang step.",
        ["steps"] = "Number of steps (1..10000).",
        ["rtol"] = "Relative tolerance of the collision sub-steps.",
    };

    public static Command Build(CommandContextFactory f)
    {
        var cmd = new Command("toy-nonlinear", "Nonlinear check in d = 2: inhomogeneous runs from rock + needles and from the needles alone; the rock at v = 0 " +
                                               "against the closed-form loss-term damping e^{−β}, and the needles against free transport.");
        var options = ToyNonlinearSettings.Keys.Select(k => (Key: k, Option: new Option<string?>("--" + k.Replace('_', '-')) { Description = Help[k] })).ToList();
        foreach (var (_, o) in options) cmd.Options.Add(o);
        f.Bind(cmd, ctx =>
        {
            var obj = new JsonObject();
            foreach (var (k, o) in options)
            {
                var text = ctx.Parse.GetValue(o);
                if (text is null) continue;
                obj[k] = k is "Nv" or "Nx" or "radial_points" or "sphere_points" or "needles" or "steps"
                    ? JsonValue.Create(CliArgs.Integer("--" + k.Replace('_', '-'), text))
                    : JsonValue.Create(CliArgs.Number("--" + k.Replace('_', '-'), text));
            }
            try { return Run(ctx, new JsonFields(obj), null); }
            catch (InvalidInputException e) { throw new InvalidInputException("--" + e.Field.Replace('_', '-'), e.Value, e.Reason); }
        });
        return cmd;
    }

    internal static int Run(CommandContext ctx, JsonFields f, string? outDir)
    {
        var s = ToyNonlinearSettings.Read(f);
        f.EnsureNoUnknownKeys();
        outDir = ctx.OutDir ?? outDir ?? Path.Combine("results", $"posedness-toy-nonlinear-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        if (ctx.CheckOnly) return ctx.Checked($"posedness toy-nonlinear: {s.Describe()}", outDir);
        var folder = ResultFolder.Create(outDir, ctx.Force);
        var started = DateTimeOffset.UtcNow;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var r = ctx.WithProgress("posedness toy-nonlinear", prog => ToyNonlinearCheck.Run(s, prog, ctx.Cancel));
        ToyNonlinearReport.Write(folder, s, r, started, sw.Elapsed.TotalSeconds);
        if (ctx.Json)
        {
            var json = ToyNonlinearReport.ToJson(r);
            json["results"] = folder.Path;
            ctx.Stdout.WriteLine(Json.Serialize(json, indented: false));
        }
        else
        {
            ctx.Info(s.Describe());
            ctx.Info($"loss rate at the focus: grid {r.GridLossRate:G6}, closed form {r.ClosedFormLossRate:G6}; gain return r = {r.GainReturn:F4}");
            ctx.Info($"rock at v = 0, final fraction: numerical {r.FinalNumericalFraction:F5}, e^(−β) {r.FinalPredictedFraction:F5}, e^(−(1−r)β) {r.FinalCorrectedFraction:F5}");
            ctx.Info($"max |numerical − e^(−β)| = {r.MaxFractionError:E2}, max |numerical − e^(−(1−r)β)| = {r.MaxCorrectedError:E2}");
            ctx.Info($"needles alone vs free transport: max relative L² distance {r.MaxBeamDeviation:E2}; mass drift {r.MassDrift:E1}");
            ctx.Info($"results: {folder.Path}");
        }
        return App.ExitOk;
    }
}
