using System.Diagnostics;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Experiments.Bench;

/// <summary>The isotropic grid operator's benchmark: grid density, largest node, repetitions.</summary>
public sealed class BenchKweSpec : ExperimentSpec
{
    public int PointsPerOctave { get; set; } = 3;
    public double OmegaMax { get; set; } = 100;
    public int Repeat { get; set; } = 5;
}

/// <summary>
/// <c>bench.kwe</c>: ms per evaluation of the isotropic grid operator, kernel points per evaluation, and the ratio to
/// its floor — the same number of interpolations n(ω4) alone (one log, one log1p, one exp and a degree-5 Lagrange
/// interpolation per point), timed in the same run on the same threads.
/// </summary>
public sealed class BenchKweKind : ExperimentKind<BenchKweSpec>
{
    public override string Name => "bench.kwe";
    public override string Summary => "time one evaluation of the isotropic grid operator against its interpolation floor";
    protected override JsonTypeInfo<BenchKweSpec> TypeInfo => ExperimentJsonContext.Default.BenchKweSpec;
    protected override string? DefaultStem => null;

    public override IReadOnlyList<string> Validate(BenchKweSpec spec)
    {
        Require.IntInRange("points_per_octave", spec.PointsPerOctave, 1, 16);
        Require.InRange("omega_max", spec.OmegaMax, 2e-3, 1e6);
        Require.IntInRange("repeat", spec.Repeat, 1, 100);
        return [];
    }

    public override string Describe(BenchKweSpec s) => $"bench kwe: {s.PointsPerOctave} points per octave up to ω = {Require.Fmt(s.OmegaMax)}, {s.Repeat} repetitions";

    protected override ExperimentOutcome Execute(ExperimentRun<BenchKweSpec> run)
    {
        var spec = run.Spec;
        int r = spec.Repeat;
        var grid = new IsotropicGrid(1e-3, spec.OmegaMax, spec.PointsPerOctave, weightExponent: 6);
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
        return new ExperimentOutcome
        {
            Data = json,
            Lines =
            [
                $"isotropic grid operator: {grid.N} nodes, {points:N0} kernel points per evaluation, {threads} threads",
                $"{ms:F2} ms per evaluation ({ms * 1e6 / points:F1} ns per point)",
                $"floor (the same number of interpolations alone): {floorMs:F2} ms; ratio {ms / floorMs:F2}",
            ],
        };
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
