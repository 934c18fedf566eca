using System.CommandLine;
using KineticLab.Experiments;
using KineticLab.Experiments.Bench;

namespace KineticLab.Cli.Commands;

/// <summary><c>kineticlab bench ...</c>: timings reported as ratios against a baseline measured in the same run.</summary>
internal static class BenchCommand
{
    public static Command Build(CommandContextFactory f)
    {
        var cmd = new Command("bench", "Benchmarks, reported as ratios to a baseline timed in the same process " +
                                       "(BenchmarkDotNet versions are in bench/KineticLab.Bench).");
        cmd.Subcommands.Add(BenchCollision.Build(f));
        cmd.Subcommands.Add(Kwe(f));
        cmd.Subcommands.Add(BenchInhomogeneous.Build(f));
        return cmd;
    }

    /// <summary>The isotropic grid operator against its interpolation floor (kind <c>bench.kwe</c>).</summary>
    private static Command Kwe(CommandContextFactory f)
    {
        var cmd = new Command("kwe", "Time one evaluation of the isotropic grid operator against its interpolation floor.");
        var ppo = Opt.Integer("--points-per-octave", "Grid density, in [1, 16].", 3);
        var wmax = Opt.Number("--omega-max", "Largest node, in (1e-3·2, 1e6].", 100);
        var reps = Opt.Integer("--repeat", "Timed repetitions, in [1, 100].", 5);
        cmd.Options.Add(ppo); cmd.Options.Add(wmax); cmd.Options.Add(reps);
        f.Bind(cmd, ctx => ctx.Run(ExperimentRegistry.Find("bench.kwe"),
            new BenchKweSpec { PointsPerOctave = ctx.Parse.GetValue(ppo), OmegaMax = ctx.Parse.GetValue(wmax), Repeat = ctx.Parse.GetValue(reps) },
            CommandContext.OptionOf));
        return cmd;
    }
}
