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
        cmd.Subcommands.Add(Kwe3D(f));
        return cmd;
    }

    /// <summary>The fast spectral KWE operator (3D) against its FFT floor and, for N ≤ 16, the grid operator (kind <c>bench.kwe3d</c>).</summary>
    private static Command Kwe3D(CommandContextFactory f)
    {
        var cmd = new Command("kwe3d", "Time one evaluation of the fast spectral KWE operator (3D, two Gaussian bumps) against its FFT floor " +
                                       "(the same transforms alone) and, for N ≤ 16, the O(N⁶) grid operator at the same N, in the same run.");
        var n = Opt.Integer("--N", "Points per axis, even, in [8, 128].", 32);
        var l = Opt.Number("--L", "Half width L of the box [-L, L)³.", 4);
        var r = Opt.OptionalNumber("--R", "Truncation R ∈ (0, 2L] (default L).");
        var beta = Opt.Number("--beta", "β ∈ [0, 2].", 0);
        var reps = Opt.Integer("--repeat", "Timed repetitions, in [1, 100] (the median is reported).", 3);
        var noRef = new Option<bool>("--no-reference") { Description = "Do not time the grid operator (N ≤ 16)." };
        foreach (var o in new Option[] { n, l, r, beta, reps, noRef }) cmd.Options.Add(o);
        f.Bind(cmd, ctx => ctx.Run(ExperimentRegistry.Find("bench.kwe3d"),
            new BenchKwe3DSpec
            {
                N = ctx.Parse.GetValue(n), L = ctx.Parse.GetValue(l), R = ctx.Parse.GetValue(r), Beta = ctx.Parse.GetValue(beta),
                Repeat = ctx.Parse.GetValue(reps), Reference = !ctx.Parse.GetValue(noRef),
            },
            CommandContext.OptionOf));
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
