using System.CommandLine;
using KineticLab.Experiments;

namespace KineticLab.Cli.Commands;

/// <summary>
/// <c>kineticlab run [EXPERIMENT.json]</c>: runs an experiment file (examples/ has one per claim);
/// without an argument, the default showcase <c>examples/showcase.json</c>.
/// </summary>
internal static class RunCommand
{
    public const string ShowcaseFile = "showcase.json";

    public static Command Build(CommandContextFactory f)
    {
        var cmd = new Command("run", "Run an experiment file (JSON, see examples/). Without an argument, runs the default showcase " +
                                     "(a quick β-threshold scan of the kinetic wave equation, under 2 minutes) and prints its results folder.");
        var file = new Argument<string?>("experiment") { Description = "Experiment file (JSON). Default: examples/showcase.json.", Arity = ArgumentArity.ZeroOrOne };
        cmd.Arguments.Add(file);
        f.Bind(cmd, ctx =>
        {
            var path = ctx.Parse.GetValue(file);
            if (string.IsNullOrWhiteSpace(path))
            {
                path = FindShowcase() ?? throw new InvalidInputException("experiment", ShowcaseFile,
                    "the default showcase was not found (looked for examples/showcase.json here and above); pass an experiment file");
                ctx.Info($"running the default showcase {path}");
            }
            var (kind, spec) = ExperimentRegistry.Read(SpecReader.LoadObject(path));
            if (spec is SuiteSpec suite) suite.SourcePath = path;
            return ctx.Run(kind, spec);
        });
        return cmd;
    }

    /// <summary>examples/showcase.json in the current folder or above, or next to the program and above.</summary>
    private static string? FindShowcase()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                var p = Path.Combine(d.FullName, "examples", ShowcaseFile);
                if (File.Exists(p)) return p;
            }
        }
        return null;
    }
}
