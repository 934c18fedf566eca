using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KineticLab.Boltzmann;
using KineticLab.Boltzmann.Exact;
using KineticLab.Boltzmann.Kernels;
using KineticLab.Boltzmann.Spectral;
using KineticLab.Numerics.Quadrature;
using KineticLab.Output;

namespace KineticLab.Experiments.Bench;

/// <summary>
/// A collision benchmark (kind <c>bench.collision</c>): the time of one evaluation of Q(f, f) on the BKW state against
/// the time of its FFTs alone (the floor), same grid, same threads, same run:
/// <code>
/// { "kind": "bench.collision", "d": 3, "N": 32, "gamma": -1, "angular": "abs-cos", "radial_points": 32, "sphere": "12", "repetitions": 7 }
/// </code>
/// </summary>
public sealed class BenchCollisionSpec : ExperimentSpec
{
    public int D { get; set; } = 3;
    [JsonPropertyName("N")] public int N { get; set; } = 32;
    /// <summary>γ of Φ = r^γ (default −1 in 3D, the seed's soft endpoint; −1/2 in 2D).</summary>
    public double? Gamma { get; set; }
    public string Angular { get; set; } = "abs-cos";
    /// <summary>Radial points (default N).</summary>
    public int? RadialPoints { get; set; }
    /// <summary>Sphere rule (default: the icosahedron in 3D, 8 circle points in 2D).</summary>
    [JsonConverter(typeof(StringOrNumberConverter))] public string? Sphere { get; set; }
    /// <summary>Timed repetitions (medians are reported).</summary>
    public int Repetitions { get; set; } = 7;
}

/// <summary><c>bench.collision</c>: milliseconds per evaluation of Q(f, f), the FFT count and the ratio to the FFT floor (prints; no folder).</summary>
public sealed class BenchCollisionKind : ExperimentKind<BenchCollisionSpec>
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public override string Name => "bench.collision";
    public override string Summary => "time of one evaluation of Q(f,f) against the time of its FFTs alone";
    protected override JsonTypeInfo<BenchCollisionSpec> TypeInfo => BenchJsonContext.Default.BenchCollisionSpec;
    protected override string? DefaultStem => null;

    private sealed record Setup(int D, int N, double Gamma, CollisionKernel Kernel, int Radial, int Repetitions, SphereRule Sphere);

    private static Setup Resolve(BenchCollisionSpec spec)
    {
        int dim = spec.D;
        if (dim is not (2 or 3)) throw new InvalidInputException("d", dim.ToString(Inv), "must be 2 or 3");
        int nn = spec.N;
        double g = spec.Gamma ?? (dim == 3 ? -1 : -0.5);
        var kernel = new CollisionKernel(RelativeSpeedKernel.Power(dim, g), AngularKernel.Parse(dim, spec.Angular));
        int nr = spec.RadialPoints ?? nn;
        if (nr < 1) throw new InvalidInputException("radial_points", nr.ToString(Inv), "must be >= 1");
        int r = spec.Repetitions;
        if (r < 1) throw new InvalidInputException("repetitions", r.ToString(Inv), "must be >= 1");
        if (nr > 4096) throw new InvalidInputException("radial_points", nr.ToString(Inv), "must be in [1, 4096]");
        if (r > 10_000) throw new InvalidInputException("repetitions", r.ToString(Inv), "must be in [1, 10000]");
        if (nn < 8 || nn > (dim == 3 ? 256 : 2048) || nn % 2 != 0)
            throw new InvalidInputException("N", nn.ToString(Inv), $"must be an even number of points per axis in [8, {(dim == 3 ? 256 : 2048)}]");
        var sph = spec.Sphere is { } s ? SphereRule.ByName(dim, s) : (dim == 3 ? SphereRule.Icosahedron() : SphereRule.Circle(8));
        spec.Gamma = g; spec.RadialPoints = nr;
        return new Setup(dim, nn, g, kernel, nr, r, sph);
    }

    public override IReadOnlyList<string> Validate(BenchCollisionSpec spec)
    {
        Resolve(spec);
        return [];
    }

    public override string Describe(BenchCollisionSpec spec)
    {
        var s = Resolve(spec);
        return $"bench collision: d = {s.D}, N = {s.N}, {s.Kernel.Describe()}, {s.Repetitions} repetitions";
    }

    protected override ExperimentOutcome Execute(ExperimentRun<BenchCollisionSpec> run)
    {
        var s = Resolve(run.Spec);
        int dim = s.D;
        var grid = new VelocityGrid(dim, s.N, dim == 3 ? 6.62 : 9.4);
        run.Progress("bench collision").Report(new ProgressInfo("timing", 0, 1));
        using var op = new FastSpectralOperator(s.Kernel, grid, new SpectralOptions { R = dim == 3 ? 6 : 7, RadialPoints = s.Radial, Sphere = s.Sphere, Threads = run.Context.Launch.Threads });
        var bkw = new Bkw(dim);
        double t = dim == 3 ? 6.5 : 0.5;
        var fs = grid.Sample(v => { double r2 = 0; foreach (var x in v) r2 += x * x; return bkw.Value(t, r2); });
        var tm = CollisionBenchmark.Measure(op, fs, s.Repetitions);
        int threadsUsed = op.Threads;
        string backend = op.FftBackend;
        long bytes = op.MemoryBytes;
        var json = new JsonObject
        {
            ["d"] = dim, ["N"] = s.N, ["gamma"] = s.Gamma, ["angular"] = s.Kernel.Angular.Name, ["radial_points"] = s.Radial, ["sphere"] = s.Sphere.Name,
            ["sphere_points"] = s.Sphere.Count, ["threads"] = threadsUsed, ["fft_backend"] = backend, ["isotropic_path"] = op.IsIsotropic,
            ["ms_per_eval"] = Json.Number(tm.MsPerEvaluation), ["ffts_per_eval"] = tm.FftsPerEvaluation,
            ["ms_fft_floor"] = Json.Number(tm.MsFftFloor), ["ratio_to_floor"] = Json.Number(tm.RatioToFloor),
            ["operator_bytes"] = bytes, ["repetitions"] = tm.Repetitions,
        };
        return new ExperimentOutcome
        {
            Data = json,
            Lines =
            [
                $"collision operator d = {dim}, N = {s.N}, γ = {Require.Fmt(s.Gamma)}, {s.Kernel.Angular.Name}, {s.Radial} radial × {s.Sphere.Count} sphere points ({s.Sphere.Name}), {threadsUsed} threads, {backend}",
                $"ms per evaluation: {tm.MsPerEvaluation:F2}",
                $"FFTs per evaluation: {tm.FftsPerEvaluation}",
                $"FFT floor (those FFTs alone): {tm.MsFftFloor:F2} ms",
                $"ratio to floor: {tm.RatioToFloor:F3}",
                $"operator memory: {bytes / 1048576.0:F1} MiB",
            ],
        };
    }
}
