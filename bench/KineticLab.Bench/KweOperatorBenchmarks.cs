using BenchmarkDotNet.Attributes;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Bench;

/// <summary>
/// One evaluation of the isotropic KWE grid operator against its baseline, the same number of interpolations
/// n(ω4)·ω4^β alone (the innermost work of the operator), and one pointwise evaluation of the adaptive operator.
/// Ratios to the baseline are what to read.
/// Run: <c>dotnet run -c Release --project bench/KineticLab.Bench -- --filter '*KweOperator*'</c>.
/// </summary>
[MemoryDiagnoser]
public class KweOperatorBenchmarks
{
    private IsotropicGrid _grid = null!;
    private IsotropicGridOperator _op = null!;
    private double[] _n = null!, _u = null!, _c = null!;
    private long _points;
    private readonly IsotropicCollisionOperator _pointwise = new(0.5);
    private readonly SmoothDatum _datum = new(12);

    [Params(2, 3)]
    public int PointsPerOctave { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _grid = new IsotropicGrid(1e-3, 100, PointsPerOctave, weightExponent: 6);
        _op = new IsotropicGridOperator(_grid, 0.5, new GridOperatorOptions(MaxThreads: 1));
        _n = _grid.Sample(_datum);
        _u = new double[_grid.N];
        _grid.Weighted(_n, _u);
        _c = new double[_grid.N];
        _op.Evaluate(_n, _c);
        _points = _op.LastPointCount;
    }

    [Benchmark(Baseline = true, Description = "interpolations alone (same count)")]
    public double Interpolations()
    {
        double acc = 0, w = _grid.OmegaMin * 1.37, factor = Math.Pow(_grid.OmegaMax / _grid.OmegaMin, 1.0 / 9973);
        for (long i = 0; i < _points; i++)
        {
            acc += _grid.InterpolateWithPower(_n, _u, w, double.NaN, 0.5, out double b) * b;
            w *= factor;
            if (w >= _grid.OmegaMax) w = _grid.OmegaMin * 1.37;
        }
        return acc;
    }

    [Benchmark(Description = "grid operator, one evaluation (1 thread)")]
    public double GridOperator()
    {
        _op.Evaluate(_n, _c);
        return _c[0];
    }

    [Benchmark(Description = "pointwise full operator at ω = 100")]
    public double Pointwise() => _pointwise.Evaluate(_datum, 100, CollisionPart.Full).Value;
}
