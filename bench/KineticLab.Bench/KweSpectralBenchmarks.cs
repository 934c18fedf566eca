using BenchmarkDotNet.Attributes;
using KineticLab.Numerics.Spectral;
using KineticLab.WaveKinetic.Spectral;

namespace KineticLab.Bench;

/// <summary>
/// One evaluation of the fast spectral KWE operator (3D, Gaussian datum, default quadrature) against its baseline, the same
/// transforms alone (<see cref="FftFloorReplay"/>: same kinds, sizes and worker layout). Ratios are what to read; the
/// baseline's wall time includes the copy before each inverse transform (FFTW's c2r overwrites its input), so the
/// ratios are slightly optimistic (the validation case spectral-cost times each transform separately).
/// Run: <c>dotnet run -c Release --project bench/KineticLab.Bench -- --filter '*KweSpectral*'</c>.
/// </summary>
[MemoryDiagnoser]
public class KweSpectralBenchmarks
{
    private KweSpectralOperator _op = null!;
    private FftFloorReplay _floor = null!;
    private double[] _f = null!, _g1 = null!, _g2 = null!, _l = null!;

    [Params(16, 32)]
    public int N { get; set; }

    [Params(0.0, 1.0)]
    public double Beta { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var grid = new PeriodicGrid(3, N, 4);
        _op = new KweSpectralOperator(grid, Beta, new KweSpectralOptions { R = 4 });
        _f = grid.Sample(x => Math.Exp(-2 * (x[0] * x[0] + x[1] * x[1] + x[2] * x[2])));
        _g1 = new double[grid.Total]; _g2 = new double[grid.Total]; _l = new double[grid.Total];
        _floor = new FftFloorReplay(_op.Transform, _op.TransformPlan, _f);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _floor.Dispose();
        _op.Dispose();
    }

    [Benchmark(Baseline = true, Description = "FFTs alone (floor)")]
    public double FftFloor() => _floor.Run();

    [Benchmark(Description = "G1, G2, L fast spectral")]
    public void Parts() => _op.Parts(_f, _g1, _g2, _l);
}
