using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using KineticLab.Output;
using KineticLab.WaveKinetic.Isotropic;

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

    /// <summary>
    /// The isotropic grid operator: ms per evaluation, kernel points per evaluation, and the ratio to its floor, the
    /// time of the same number of interpolations n(ω4) alone (one log, one log1p, one exp and a degree-5 Lagrange
    /// interpolation per point), timed in the same run.
    /// </summary>
    private static Command Kwe(CommandContextFactory f)
    {
        var cmd = new Command("kwe", "Time one evaluation of the isotropic grid operator against its interpolation floor.");
        var ppo = new Option<string>("--points-per-octave") { Description = "Grid density, in [1, 16].", DefaultValueFactory = _ => "3" };
        var wmax = new Option<string>("--omega-max") { Description = "Largest node, in (1e-3·2, 1e6].", DefaultValueFactory = _ => "100" };
        var reps = new Option<string>("--repeat") { Description = "Timed repetitions, in [1, 100].", DefaultValueFactory = _ => "5" };
        cmd.Options.Add(ppo); cmd.Options.Add(wmax); cmd.Options.Add(reps);
        f.Bind(cmd, ctx =>
        {
            int m = Require.IntInRange("--points-per-octave", CliArgs.Integer("--points-per-octave", ctx.Parse.GetValue(ppo)), 1, 16);
            double top = CliArgs.Number("--omega-max", ctx.Parse.GetValue(wmax));
            Require.InRange("--omega-max", top, 2e-3, 1e6);
            int r = Require.IntInRange("--repeat", CliArgs.Integer("--repeat", ctx.Parse.GetValue(reps)), 1, 100);
            if (ctx.CheckOnly) return ctx.Checked($"bench kwe: {m} points per octave up to ω = {Require.Fmt(top)}, {r} repetitions");
            var grid = new IsotropicGrid(1e-3, top, m, weightExponent: 6);
            var op = new IsotropicGridOperator(grid, 0.5);
            var n = grid.Sample(new SmoothDatum(12));
            var c = new double[grid.N];
            op.Evaluate(n, c); // warm-up (JIT)
            var sw = Stopwatch.StartNew();
            for (int k = 0; k < r; k++) op.Evaluate(n, c);
            double ms = sw.Elapsed.TotalMilliseconds / r;
            long points = op.LastPointCount;
            // Floor: the same number of interpolations, on all cores as the operator runs.
            var u = new double[grid.N];
            grid.Weighted(n, u);
            double tail = grid.TailExponent(n);
            int threads = Environment.ProcessorCount;
            long per = points / threads;
            double sink = 0;
            Interpolations(grid, n, u, tail, 1000);
            sw.Restart();
            for (int k = 0; k < r; k++)
            {
                var partial = new double[threads];
                Parallel.For(0, threads, t => partial[t] = Interpolations(grid, n, u, tail, per));
                sink += partial.Sum();
            }
            double floorMs = sw.Elapsed.TotalMilliseconds / r;
            var json = new JsonObject
            {
                ["grid_nodes"] = grid.N,
                ["points_per_evaluation"] = points,
                ["ms_per_evaluation"] = ms,
                ["ns_per_point"] = ms * 1e6 / points,
                ["floor_ms"] = floorMs,
                ["ratio_to_floor"] = ms / floorMs,
                ["threads"] = threads,
                ["checksum"] = double.IsFinite(sink) ? 0 : 1,
            };
            if (ctx.Json) ctx.Stdout.WriteLine(Json.Serialize(json, indented: false));
            else
            {
                ctx.Info($"isotropic grid operator: {grid.N} nodes, {points:N0} kernel points per evaluation, {threads} threads");
                ctx.Info($"{ms:F2} ms per evaluation ({ms * 1e6 / points:F1} ns per point)");
                ctx.Info($"floor (the same number of interpolations alone): {floorMs:F2} ms; ratio {ms / floorMs:F2}");
            }
            return App.ExitOk;
        });
        return cmd;
    }

    private static double Interpolations(IsotropicGrid g, double[] n, double[] u, double tail, long count)
    {
        double acc = 0, w = g.OmegaMin * 1.37, factor = Math.Pow(g.OmegaMax / g.OmegaMin, 1.0 / 9973);
        for (long i = 0; i < count; i++)
        {
            acc += g.InterpolateWithPower(n, u, w, tail, 0.5, out double b) * b;
            w *= factor;
            if (w >= g.OmegaMax) w = g.OmegaMin * 1.37;
        }
        return acc;
    }
}
