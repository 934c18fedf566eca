using System.CommandLine;
using System.Text.Json.Nodes;
using KineticLab.Experiments;
using KineticLab.Experiments.Validation;
using KineticLab.Output;

namespace KineticLab.Cli.Commands;

/// <summary><c>kineticlab validate [area]</c>: the slow validations (kind <c>validate</c>) and the list of cases.</summary>
internal static class ValidateCommand
{
    /// <summary>The command line's own cases (fuzzing, kill-and-resume trials of its processes, MPI runs), added to the catalog once.</summary>
    private static readonly Func<IEnumerable<KineticLab.Numerics.Validation.ValidationCase>> CliCases =
        () => [.. Reliability.ReliabilityCases.Cases(ExamplesDir()), .. KineticLab.Experiments.Validation.InhomogeneousCases.Cases(ExamplesDir(), CommandContext.Launcher)];

    internal static IReadOnlyList<KineticLab.Numerics.Validation.ValidationCase> All()
    {
        ValidationCatalog.Register(CliCases);
        return ValidationCatalog.All();
    }

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
            All();
            var names = ctx.Parse.GetValue(cases);
            var spec = new ValidateSpec
            {
                Area = string.IsNullOrWhiteSpace(ctx.Parse.GetValue(area)) ? "all" : ctx.Parse.GetValue(area)!.Trim().ToLowerInvariant(),
                Cases = string.IsNullOrWhiteSpace(names) ? null : names.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
            };
            string Option(string field) => field == "cases" ? "--case" : field;
            if (ctx.Parse.GetValue(list))
            {
                List<KineticLab.Numerics.Validation.ValidationCase> selected;
                try { selected = ValidateKind.Select(spec); }
                catch (InvalidInputException e) { throw new InvalidInputException(Option(e.Field), e.Value, e.Reason); }
                if (ctx.Json)
                    ctx.Stdout.WriteLine(Json.Serialize(new JsonArray(selected.Select(c => (JsonNode?)new JsonObject { ["area"] = c.Area, ["name"] = c.Name, ["claim"] = c.Claim }).ToArray()), indented: false));
                else foreach (var c in selected) ctx.Info($"{c.Area,-10} {c.Name,-28} {c.Claim}");
                return App.ExitOk;
            }
            return ctx.Run(ExperimentRegistry.Find("validate"), spec, Option);
        });
        return cmd;
    }
}
