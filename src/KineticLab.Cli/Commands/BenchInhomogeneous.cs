using System.CommandLine;
using System.Globalization;
using KineticLab.Experiments;
using KineticLab.Experiments.Bench;

namespace KineticLab.Cli.Commands;

/// <summary>
/// <c>bench inhomogeneous</c> (kind <c>bench.inhomogeneous</c>): strong scaling of the distributed inhomogeneous solver,
/// one experiment with P = 1, 2, ... ranks of one thread each (under <c>mpiexec</c>, or as in-process ranks).
/// </summary>
internal static class BenchInhomogeneous
{
    public static Command Build(CommandContextFactory f)
    {
        var file = new Argument<string?>("experiment") { Description = "Inhomogeneous experiment (default examples/boltzmann-inhomogeneous-bench.json).", Arity = ArgumentArity.ZeroOrOne };
        var ranks = new Option<string>("--ranks") { Description = "Comma-separated process counts; the first is the baseline.", DefaultValueFactory = _ => "1,2" };
        var launcher = Opt.OptionalChoice("--launcher", "mpiexec (default when installed) or in-process.", ["mpiexec", "in-process"]);
        var cmd = new Command("inhomogeneous", "Strong scaling of the distributed inhomogeneous Boltzmann solver: seconds per step for each process count, " +
                                               "speed-up and efficiency against the first count, measured in the same run.");
        cmd.Arguments.Add(file);
        cmd.Options.Add(ranks);
        cmd.Options.Add(launcher);
        f.Bind(cmd, ctx =>
        {
            string path = ctx.Parse.GetValue(file) ?? Path.Combine(ValidateCommand.ExamplesDir(), "boltzmann-inhomogeneous-bench.json");
            var counts = new List<int>();
            foreach (var part in (ctx.Parse.GetValue(ranks) ?? "1,2").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int p) || p < 1 || p > 256)
                    throw new InvalidInputException("--ranks", part, "must be integers in [1, 256]");
                counts.Add(p);
            }
            if (counts.Count == 0) throw new InvalidInputException("--ranks", "", "at least one process count is required");
            var spec = new BenchInhomogeneousSpec { Experiment = path, Ranks = [.. counts], Launcher = ctx.Parse.GetValue(launcher) };
            return ctx.Run(ExperimentRegistry.Find("bench.inhomogeneous"), spec, field => field switch
            {
                "ranks" => "--ranks",
                "launcher" => "--launcher",
                _ => field,
            });
        });
        return cmd;
    }
}
