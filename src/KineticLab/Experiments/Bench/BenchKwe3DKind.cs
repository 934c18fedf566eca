using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KineticLab.Numerics.Fft;
using KineticLab.Numerics.Spectral;
using KineticLab.WaveKinetic.Anisotropic;
using KineticLab.WaveKinetic.Isotropic;
using KineticLab.WaveKinetic.Spectral;

namespace KineticLab.Experiments.Bench;

/// <summary>
/// The fast spectral KWE operator's benchmark (kind <c>bench.kwe3d</c>):
/// <code>{ "kind": "bench.kwe3d", "N": 32, "L": 4, "R": 4, "beta": 0, "repeat": 3, "reference": true }</code>
/// </summary>
public sealed class BenchKwe3DSpec : ExperimentSpec
{
    /// <summary>Points per axis (even, in [8, 128]).</summary>
    [JsonPropertyName("N")] public int N { get; set; } = 32;
    /// <summary>Half width of the box [−L, L)³.</summary>
    [JsonPropertyName("L")] public double L { get; set; } = 4;
    /// <summary>Truncation R (default L).</summary>
    [JsonPropertyName("R")] public double? R { get; set; }
    public double Beta { get; set; }
    /// <summary>Timed repetitions (the median is reported).</summary>
    public int Repeat { get; set; } = 3;
    /// <summary>For N ≤ 16: time the O(N⁶) grid operator at the same N in the same run.</summary>
    public bool Reference { get; set; } = true;
}

/// <summary>
/// <c>bench.kwe3d</c>: one evaluation of the fast spectral operator (3D, default quadrature, datum two Gaussian bumps)
/// against its FFT floor — the same transforms (kinds, sizes, worker layout) alone, timed interleaved in the same
/// process — and, for N ≤ 16, the grid operator (<see cref="AnisotropicGridOperator"/>, hemisphere rule 4 × 8) on the
/// same nodes (cell centres), timed once in the same run.
/// </summary>
public sealed class BenchKwe3DKind : ExperimentKind<BenchKwe3DSpec>
{
    public override string Name => "bench.kwe3d";
    public override string Summary => "time the fast spectral KWE operator (3D) against its FFT floor and, for N ≤ 16, the grid operator";
    protected override JsonTypeInfo<BenchKwe3DSpec> TypeInfo => BenchJsonContext.Default.BenchKwe3DSpec;
    protected override string? DefaultStem => null;

    /// <summary>The largest N of the reference grid operator (72 s per evaluation at 16 on two cores).</summary>
    public const int MaxReferenceN = 16;

    /// <summary>The benchmark's datum: two Gaussian bumps (anisotropic), inside the alias-free ball of L = R = 4.</summary>
    public static readonly BumpDistribution Datum =
        new([new GaussianBump(1, new Vec3(0.4, 0, 0), 0.35), new GaussianBump(0.5, new Vec3(-0.3, 0.3, 0.1), 0.3)]);

    public override IReadOnlyList<string> Validate(BenchKwe3DSpec spec)
    {
        if (spec.N < 8 || spec.N > KweOperator3DMaxN || spec.N % 2 != 0)
            throw new InvalidInputException("N", spec.N.ToString(CultureInfo.InvariantCulture), $"must be an even number in [8, {KweOperator3DMaxN}]");
        Require.InRange("L", spec.L, 0.05, 1e3);
        double r = spec.R ?? spec.L;
        if (!(r > 0 && r <= 2 * spec.L)) throw new InvalidInputException("R", Require.Fmt(r), $"must be in (0, 2L = {Require.Fmt(2 * spec.L)}]");
        Require.InRange("beta", spec.Beta, 0, 2, "must be in [0, 2] (the seed's range is [0, 1])");
        Require.IntInRange("repeat", spec.Repeat, 1, 100);
        return SpectralDatum.Check("L", Datum, spec.L, r, "L") is { } w ? [w] : [];
    }

    private static int KweOperator3DMaxN => Kwe.KweOperator3DKind.MaxSpectralN;

    public override string Describe(BenchKwe3DSpec s) =>
        $"bench kwe3d: N = {s.N}, L = {Require.Fmt(s.L)}, R = {Require.Fmt(s.R ?? s.L)}, β = {Require.Fmt(s.Beta)}, {s.Repeat} repetitions" +
        (s.Reference && s.N <= MaxReferenceN ? ", grid operator at the same N" : "");

    public override JsonObject? Plan(BenchKwe3DSpec spec, RunContext context)
    {
        long bytes = KweSpectralOperator.EstimateMemoryBytes(3, spec.N, Environment.ProcessorCount) + 4L * 8 * spec.N * spec.N * spec.N;
        var o = new JsonObject { ["memory_bytes"] = bytes, ["memory_mib"] = Math.Round(bytes / 1048576.0, 1) };
        if (spec.Reference && spec.N <= MaxReferenceN)
        {
            long n3 = (long)spec.N * spec.N * spec.N;
            o["reference_memory_bytes"] = 16 * n3 * (n3 - 1) / 2;
        }
        return o;
    }

    protected override ExperimentOutcome Execute(ExperimentRun<BenchKwe3DSpec> run)
    {
        var s = run.Spec;
        double r = s.R ?? s.L;
        var grid = new PeriodicGrid(3, s.N, s.L, offset: 0.5);
        var f = grid.Sample(x => Datum.Value(new Vec3(x[0], x[1], x[2])));
        var prog = run.Progress("bench kwe3d");
        var json = new JsonObject();
        var lines = new List<string>();
        double[] spectral = new double[grid.Total];
        using (var op = new KweSpectralOperator(grid, s.Beta, new KweSpectralOptions { R = r }))
        {
            var g1 = new double[grid.Total]; var g2 = new double[grid.Total]; var l = new double[grid.Total];
            prog.Report(new ProgressInfo("spectral operator and FFT floor", 0, 2));
            var t = SpectralBenchmark.Measure(() => op.Parts(f, g1, g2, l), op.Transform, op.TransformPlan, f, s.Repeat);
            for (int i = 0; i < spectral.Length; i++) spectral[i] = g1[i] + g2[i] - l[i];
            json["N"] = s.N;
            json["L"] = s.L;
            json["R"] = r;
            json["beta"] = s.Beta;
            json["ms_per_eval"] = t.MsPerEvaluation;
            json["ffts_per_eval"] = t.FftsPerEvaluation;
            json["ms_fft_floor"] = t.MsFftFloor;
            json["ratio_to_floor"] = t.RatioToFloor;
            json["directions"] = op.Directions.Count;
            json["radial_points"] = op.RadialRule.Count;
            json["threads"] = op.Threads;
            json["fft_backend"] = op.FftBackend;
            json["memory_bytes"] = op.MemoryBytes;
            json["repetitions"] = t.Repetitions;
            lines.Add($"spectral operator, N = {s.N} (3D, β = {Require.Fmt(s.Beta)}, {op.Directions.Count} directions, {op.RadialRule.Count} radial nodes, {op.Threads} threads, {op.FftBackend}):");
            lines.Add($"  {t.MsPerEvaluation:F1} ms per evaluation, {t.FftsPerEvaluation} transforms; FFT floor {t.MsFftFloor:F1} ms; ratio {t.RatioToFloor:F2}; buffers {op.MemoryBytes / 1048576.0:F1} MiB");
        }
        prog.Report(new ProgressInfo("spectral operator and FFT floor", 1, 2));
        if (s.Reference && s.N <= MaxReferenceN)
        {
            run.Context.Cancel.ThrowIfCancellationRequested();
            var cg = new CartesianKGrid(s.N, s.L);
            var gop = new AnisotropicGridOperator(cg, s.Beta);
            var v = cg.Sample(Datum);
            var res = new double[cg.Count];
            var sw = Stopwatch.StartNew();
            gop.Evaluate(v, res, CollisionPart.Full);
            double ms = sw.Elapsed.TotalMilliseconds;
            double diff = 0, max = 0;
            for (int i = 0; i < res.Length; i++) { diff = Math.Max(diff, Math.Abs(res[i] - spectral[i])); max = Math.Max(max, Math.Abs(spectral[i])); }
            json["ms_reference_grid_operator"] = ms;
            json["speedup_vs_grid_operator"] = ms / json["ms_per_eval"]!.GetValue<double>();
            json["max_difference_to_grid_operator"] = diff / max;
            lines.Add($"grid operator at N = {s.N} (hemisphere rule 4×8, tricubic interpolation): {ms:F0} ms; spectral is {ms / json["ms_per_eval"]!.GetValue<double>():F0}× faster; " +
                      $"their difference {diff / max:E2} of max|C| (the grid operator's discretisation error at this N)");
        }
        prog.Report(new ProgressInfo("done", 2, 2));
        return new ExperimentOutcome { Data = json, Lines = lines };
    }
}
