using BenchmarkDotNet.Attributes;
using KineticLab.Boltzmann;
using KineticLab.Boltzmann.Exact;
using KineticLab.Boltzmann.Kernels;
using KineticLab.Numerics.Quadrature;
using KineticLab.Boltzmann.Spectral;

namespace KineticLab.Bench;

/// <summary>
/// One evaluation of Q(f, f) by the fast spectral method against the baseline of its transforms alone
/// (<see cref="FftFloorReplay"/>: same kinds, sizes and worker layout). Ratios are what to read.
/// The baseline's wall time includes one 16·(N^d/2) byte copy before each inverse transform (FFTW's multi-dimensional
/// c2r overwrites its input), so these ratios are slightly optimistic; <c>kineticlab bench collision</c> times
/// each transform separately and excludes the copies.
/// Run: <c>dotnet run -c Release --project bench/KineticLab.Bench -- --filter '*BoltzmannCollision*'</c>.
/// </summary>
[MemoryDiagnoser]
public class BoltzmannCollisionBenchmarks
{
    private FastSpectralOperator _op = null!;
    private FftFloorReplay _floor = null!;
    private double[] _f = null!;
    private double[] _q = null!;

    [Params(3)]
    public int D { get; set; }

    [Params(32)]
    public int N { get; set; }

    /// <summary>γ of Φ = r^γ: −1 (seed's soft endpoint, b = |cos θ|: constant b_σ) and Maxwell BKW.</summary>
    [Params("-1", "bkw")]
    public string Kernel { get; set; } = "-1";

    [GlobalSetup]
    public void Setup()
    {
        var grid = new VelocityGrid(D, N, D == 3 ? 6.62 : 9.4);
        var kernel = Kernel == "bkw" ? CollisionKernel.MaxwellBkw(D) : CollisionKernel.SeedPower(D, double.Parse(Kernel, System.Globalization.CultureInfo.InvariantCulture));
        _op = new FastSpectralOperator(kernel, grid, new SpectralOptions { R = D == 3 ? 6 : 7, RadialPoints = N, Sphere = D == 3 ? SphereRule.Icosahedron() : SphereRule.Circle(8) });
        var bkw = new Bkw(D);
        double t = D == 3 ? 6.5 : 0.5;
        _f = grid.Sample(v => { double r2 = 0; foreach (var x in v) r2 += x * x; return bkw.Value(t, r2); });
        _q = new double[grid.Total];
        _floor = new FftFloorReplay(_op, _f);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _floor.Dispose();
        _op.Dispose();
    }

    [Benchmark(Baseline = true, Description = "FFTs alone (floor)")]
    public double FftFloor() => _floor.Run();

    [Benchmark(Description = "Q(f,f) fast spectral")]
    public void Collision() => _op.Collision(_f, _q);
}
