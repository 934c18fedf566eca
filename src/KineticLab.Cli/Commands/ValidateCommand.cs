using System.CommandLine;
using System.Text.Json.Nodes;
using KineticLab.Boltzmann;
using KineticLab.Numerics.Validation;
using KineticLab.Output;
using KineticLab.Posedness;

namespace KineticLab.Cli.Commands;

/// <summary><c>kineticlab validate [area]</c>: the slow validations against exact solutions and independent references.</summary>
internal static class ValidateCommand
{
    internal static IReadOnlyList<ValidationCase> All() =>
        [.. KweValidation.Cases(), .. KineticLab.WaveKinetic.Anisotropic.AnisotropicValidation.Cases(), .. BoltzmannValidation.Cases(), .. KineticLab.Posedness.RockAndNeedles.RockNeedleValidation.Cases(), .. Reliability.ReliabilityCases.Cases(ExamplesDir()),
         .. KineticLab.Experiments.Validation.InhomogeneousCases.Cases(ExamplesDir(), CommandContext.Launcher)];

    /// <summary>examples/ in the current folder or above, or next to the program and above (the fuzz cases mutate its files).</summary>
    internal static string ExamplesDir()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                var p = Path.Combine(d.FullName, "examples");
                if (File.Exists(Path.Combine(p, RunCommand.ShowcaseFile))) return p;
            }
        return Path.Combine(Directory.GetCurrentDirectory(), "examples");
    }

    public static Command Build(CommandContextFactory f)
    {
        var cmd = new Command("validate", "Run the slow validations (exact solutions, independent references, the seeds' claims); " +
                                          "writes a results folder with a table of measured values and tolerances. Exit code 1 if any fails.");
        var area = new Argument<string?>("area") { Description = "kwe | boltzmann | posedness | reliability | inhomogeneous | all (default all; see --list).", Arity = ArgumentArity.ZeroOrOne };
        var cases = new Option<string?>("--case") { Description = "Comma-separated case names to run (see --list); default all cases of the area." };
        var list = new Option<bool>("--list") { Description = "List the cases with their claims and exit." };
        cmd.Arguments.Add(area);
        cmd.Options.Add(cases);
        cmd.Options.Add(list);
        f.Bind(cmd, ctx =>
        {
            var a = CliArgs.Choice("area", ctx.Parse.GetValue(area), [.. All().Select(c => c.Area).Distinct(), "all"], "all");
            var selected = All().Where(c => a == "all" || c.Area == a).ToList();
            var names = ctx.Parse.GetValue(cases);
            if (!string.IsNullOrWhiteSpace(names))
            {
                var wanted = names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                foreach (var w in wanted)
                    if (!selected.Any(c => c.Name == w))
                        throw new InvalidInputException("--case", w, $"unknown case; one of {string.Join(", ", selected.Select(c => c.Name))}");
                selected = selected.Where(c => wanted.Contains(c.Name)).ToList();
            }
            if (ctx.Parse.GetValue(list))
            {
                if (ctx.Json)
                    ctx.Stdout.WriteLine(Json.Serialize(new JsonArray(selected.Select(c => (JsonNode?)new JsonObject { ["area"] = c.Area, ["name"] = c.Name, ["claim"] = c.Claim }).ToArray()), indented: false));
                else foreach (var c in selected) ctx.Info($"{c.Area,-10} {c.Name,-28} {c.Claim}");
                return App.ExitOk;
            }
            var outDir = ctx.OutDir ?? Path.Combine("results", $"validate-{a}-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
            if (ctx.CheckOnly) return ctx.Checked($"validate: {selected.Count} cases ({string.Join(", ", selected.Select(c => c.Name))})", outDir);
            var folder = ResultFolder.Create(outDir, ctx.Force);
            var started = DateTimeOffset.UtcNow;
            var rows = new List<(ValidationCase Case, ValidationOutcome Outcome, double Seconds)>();
            foreach (var c in selected)
            {
                if (!ctx.Json) ctx.Info($"[{rows.Count + 1}/{selected.Count}] {c.Area}/{c.Name}: {c.Claim}");
                var sw = System.Diagnostics.Stopwatch.StartNew();
                ValidationOutcome o;
                try
                {
                    o = ctx.WithProgress($"{c.Area}/{c.Name}", prog => c.Run(prog, ctx.Cancel));
                }
                catch (Exception e) when (e is NumericalFailureException or InvalidOperationException or ArgumentException)
                {
                    o = new ValidationOutcome(false, double.NaN, double.NaN, $"failed with {e.GetType().Name}: {App.OneLine(e.Message)}");
                }
                rows.Add((c, o, sw.Elapsed.TotalSeconds));
                if (!ctx.Json) ctx.Info($"    {(o.Passed ? "PASS" : "FAIL")}  measured {o.Measured:G4} (tolerance {o.Tolerance:G4}) — {o.Detail} [{sw.Elapsed.TotalSeconds:F1} s]");
            }
            var table = new CsvTable("area", "case", "passed", "measured", "tolerance", "seconds", "detail", "claim");
            foreach (var (c, o, s) in rows) table.AddRow(c.Area, c.Name, o.Passed, o.Measured, o.Tolerance, s, o.Detail, c.Claim);
            folder.WriteCsv("validation.csv", table);
            int failed = rows.Count(r => !r.Outcome.Passed);
            var data = new JsonObject
            {
                ["passed"] = rows.Count - failed,
                ["failed"] = failed,
                ["cases"] = new JsonArray(rows.Select(r => (JsonNode?)new JsonObject
                {
                    ["area"] = r.Case.Area, ["name"] = r.Case.Name, ["passed"] = r.Outcome.Passed,
                    ["measured"] = Json.Number(r.Outcome.Measured), ["tolerance"] = Json.Number(r.Outcome.Tolerance),
                    ["seconds"] = r.Seconds, ["detail"] = r.Outcome.Detail,
                }).ToArray()),
            };
            var rec = new ResultRecord { Kind = "validate", Parameters = new JsonObject { ["area"] = a, ["cases"] = new JsonArray(selected.Select(c => (JsonNode?)c.Name).ToArray()) }, Started = started, Data = data };
            rec.ElapsedSeconds = (DateTimeOffset.UtcNow - started).TotalSeconds;
            rec.Tables["validation.csv"] = "one row per validation case";
            folder.WriteSummary($"# Validation ({a})\n\n{rows.Count - failed} passed, {failed} failed.\n\n" +
                Markdown.Table(["case", "result", "measured", "tolerance", "detail", "time (s)"],
                    rows.Select(r => (IReadOnlyList<string>)[$"{r.Case.Area}/{r.Case.Name}", r.Outcome.Passed ? "pass" : "**FAIL**",
                        Markdown.Number(r.Outcome.Measured), Markdown.Number(r.Outcome.Tolerance), r.Outcome.Detail, $"{r.Seconds:F1}"])) + "\n");
            folder.WriteResult(rec);
            if (ctx.Json)
            {
                data["results"] = folder.Path;
                ctx.Stdout.WriteLine(Json.Serialize(data, indented: false));
            }
            else
            {
                ctx.Info($"{rows.Count - failed} passed, {failed} failed");
                ctx.Info($"results: {folder.Path}");
            }
            return failed == 0 ? App.ExitOk : App.ExitNumerical;
        });
        return cmd;
    }
}
