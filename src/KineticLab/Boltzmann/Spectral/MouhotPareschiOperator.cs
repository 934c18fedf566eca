using System.Numerics;
using System.Numerics.Tensors;
using KineticLab.Numerics.Spectral;
using KineticLab.Boltzmann.Kernels;
using KineticLab.Numerics.Quadrature;
using KineticLab.Numerics.Fft;

namespace KineticLab.Boltzmann.Spectral;

/// <summary>
/// Mouhot–Pareschi fast spectral method for kernels whose Carleman form is constant: b_σ constant and
/// Φ(r) = r^{d−2}, i.e. hard spheres in 3D and Maxwell molecules in 2D. With x = (g + |g|σ)/2,
/// y = (g − |g|σ)/2 (x ⊥ y, x + y = g = u − v) the gain term is
/// <code>
/// Q⁺(f,f)(v) = 2^{d−1} b_σ ∫∫ δ(x·y) f(v + x) f(v + y) dx dy,    x, y ∈ B_R (truncation),
/// Q̂⁺_k = Σ_{l+m=k} f̂_l f̂_m (C/2) ∫_{S^{d−1}} φ_R(ξ_l·e) ψ_R(|Π_{e⊥} ξ_m|) de,   C = 2^{d−1} b_σ,
/// φ_R(s) = ∫_{−R}^{R} |a|^{d−2} e^{ias} da,   ψ_R(ζ) = ∫_{e⊥ ∩ B_R} e^{iζ·y} dy,
/// </code>
/// so each direction e of a quadrature on the half sphere costs two inverse transforms and a pointwise
/// product; no radial quadrature. The loss term uses the same directions (its weight is the l-independent
/// β(m, m)), so the discrete gain and loss see the same truncation. FFTs per evaluation: 2M + 2.
/// </summary>
public sealed class MouhotPareschiOperator : ICollisionOperator
{
    private readonly VelocityGrid _grid;
    private readonly IFftNd _fft;
    private readonly int _dirs, _half, _total;
    private readonly double[] _weights;           // per direction: w_e · C/2 · 2 (antipodal symmetry)
    private readonly double[][] _phi, _psi;        // per direction, per half-spectrum mode
    private readonly double[] _loss;              // β(m, m) per mode
    private readonly bool[] _nyquist;
    private readonly AlignedBuffer<double>[] _a, _b, _acc;
    private readonly AlignedBuffer<Complex>[] _ah, _bh;
    private readonly AlignedBuffer<Complex> _fh, _tmp;
    private readonly AlignedBuffer<double> _gainOut, _conv;
    private readonly int _threads;

    /// <param name="kernel">Must have b_σ constant and Φ = r^{d−2}.</param>
    /// <param name="grid">The velocity grid.</param>
    /// <param name="r">Truncation radius of |x| and |y|.</param>
    /// <param name="directions">Directions on the half circle (2D, equispaced) or antipodal pairs of a product rule on S² (3D).</param>
    /// <param name="threads">Worker threads (0: all processors).</param>
    /// <param name="planning">FFTW planning effort.</param>
    public MouhotPareschiOperator(CollisionKernel kernel, VelocityGrid grid, double r, int directions, int threads = 0, FftPlanning planning = FftPlanning.Measure)
    {
        int d = grid.Dimension;
        if (kernel.Dimension != d) throw new ArgumentException("kernel and grid dimensions differ");
        if (!kernel.Angular.IsSigmaConstant || kernel.Phi.Kind != PotentialKind.Power || kernel.Phi.Gamma != d - 2)
            throw new InvalidInputException("kernel", kernel.Describe(),
                "the Mouhot–Pareschi decomposition needs a constant b_σ and Φ = r^(d-2) (3D hard spheres, 2D Maxwell molecules)");
        Require.Positive("R", r);
        if (directions < 1 || directions > 4096) throw new InvalidInputException("directions", directions.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be in [1, 4096]");
        _grid = grid; _half = grid.HalfLength; _total = grid.Total;
        _fft = Fft.Create(grid.Shape, planning);
        double c = Math.Pow(2, d - 1) * kernel.Angular.Sigma(0);

        // Directions on the half sphere with weights for ∫_{S^{d−1}} = 2 ∫_{half}.
        var es = new List<double[]>();
        var ws = new List<double>();
        if (d == 2)
        {
            for (int j = 0; j < directions; j++)
            {
                double t = Math.PI * (j + 0.5) / directions;
                es.Add([Math.Cos(t), Math.Sin(t)]);
                ws.Add(2 * Math.PI / directions);
            }
        }
        else
        {
            int nz = Math.Max(1, (int)Math.Round(Math.Sqrt(directions / 2.0)));
            int nphi = Math.Max(2, 2 * (int)Math.Ceiling(directions / (double)nz));
            var rule = SphereRule.Product(nz, nphi);
            foreach (var (i, _) in rule.AntipodalPairs()!)
            {
                es.Add(rule.Point(i).ToArray());
                ws.Add(2 * rule.Weights[i]);
            }
        }
        _dirs = es.Count;
        _weights = ws.Select(w => w * c / 2).ToArray();

        int n = grid.N, hl = n / 2 + 1;
        var k0 = new int[_half];
        var k1 = new int[_half];
        var k2 = new int[_half];
        _nyquist = new bool[_half];
        for (int m = 0; m < _half; m++)
        {
            int row = m / hl, j = m % hl;
            int c2 = j == n / 2 ? -n / 2 : j;
            int a = grid.SignedIndex(d == 3 ? row / n : row), b = d == 3 ? grid.SignedIndex(row % n) : 0;
            k0[m] = a; k1[m] = b; k2[m] = c2;
            _nyquist[m] = a == -n / 2 || b == -n / 2 || c2 == -n / 2;
        }
        double dxi = Math.PI / grid.L;
        _phi = new double[_dirs][];
        _psi = new double[_dirs][];
        _loss = new double[_half];
        Span<double> jb = stackalloc double[2];
        for (int e = 0; e < _dirs; e++)
        {
            var ev = es[e];
            var ph = _phi[e] = new double[_half];
            var ps = _psi[e] = new double[_half];
            for (int m = 0; m < _half; m++)
            {
                double x0 = dxi * k0[m], x1 = dxi * k1[m], x2 = dxi * k2[m];
                double par = d == 3 ? x0 * ev[0] + x1 * ev[1] + x2 * ev[2] : x0 * ev[0] + x2 * ev[1];
                double tot2 = x0 * x0 + x1 * x1 + x2 * x2;
                double perp = Math.Sqrt(Math.Max(0, tot2 - par * par));
                double phiV, psiV;
                if (d == 2)
                {
                    phiV = 2 * r * BesselSeries.Sinc(r * par);
                    psiV = 2 * r * BesselSeries.Sinc(r * perp);
                }
                else
                {
                    // ∫_{−R}^{R} |a| e^{ias} da = 2[R sin(Rs)/s + (cos(Rs) − 1)/s²]; R² at s = 0.
                    double s = par, rs = r * s;
                    phiV = Math.Abs(rs) < 1e-3 ? r * r * (1 - rs * rs / 4 + rs * rs * rs * rs / 72) : 2 * (r * Math.Sin(rs) / s + (Math.Cos(rs) - 1) / (s * s));
                    // ∫_{B_R ⊂ R²} e^{iζ·y} dy = 2π R J_1(R|ζ|)/|ζ|; πR² at 0.
                    double z = r * perp;
                    if (z < 1e-6) psiV = Math.PI * r * r;
                    else
                    {
                        BesselSeries.Cylindrical(z, jb);
                        psiV = 2 * Math.PI * r * jb[1] / perp;
                    }
                }
                ph[m] = phiV;
                ps[m] = psiV;
                _loss[m] += _weights[e] * phiV * psiV;
            }
        }
        _threads = Math.Clamp(threads > 0 ? threads : Environment.ProcessorCount, 1, _dirs);
        _a = new AlignedBuffer<double>[_threads]; _b = new AlignedBuffer<double>[_threads]; _acc = new AlignedBuffer<double>[_threads];
        _ah = new AlignedBuffer<Complex>[_threads]; _bh = new AlignedBuffer<Complex>[_threads];
        for (int w = 0; w < _threads; w++)
        {
            _a[w] = new(_total); _b[w] = new(_total); _acc[w] = new(_total);
            _ah[w] = new(_half); _bh[w] = new(_half);
        }
        _fh = new(_half); _tmp = new(_half); _gainOut = new(_total); _conv = new(_total);
    }

    public VelocityGrid Grid => _grid;
    public int Directions => _dirs;
    public int FftsPerCollision => 2 * _dirs + 2;
    public long FftExecutions => _fft.Executions;
    public string FftBackend => _fft.Backend;

    /// <summary>Q(f, f) on the grid.</summary>
    public void Collision(ReadOnlySpan<double> f, Span<double> q)
    {
        if (f.Length != _total || q.Length != _total) throw new ArgumentException($"arrays must have {_total} entries");
        f.CopyTo(_gainOut.Span);
        _fft.ForwardReal(_gainOut.Span, _fh.Span);
        var fh = _fh.Span;
        double inv = 1.0 / _total;
        for (int m = 0; m < _half; m++) fh[m] = _nyquist[m] ? Complex.Zero : fh[m] * inv;
        Parallel.For(0, _threads, new ParallelOptions { MaxDegreeOfParallelism = _threads }, w =>
        {
            var acc = _acc[w].Span;
            acc.Clear();
            var src = _fh.Span;
            for (int e = w; e < _dirs; e += _threads)
            {
                var ah = _ah[w].Span;
                var bh = _bh[w].Span;
                var ph = _phi[e];
                var ps = _psi[e];
                double we = _weights[e];
                for (int m = 0; m < _half; m++)
                {
                    ah[m] = src[m] * (we * ph[m]);
                    bh[m] = src[m] * ps[m];
                }
                _fft.BackwardReal(ah, _a[w].Span);
                _fft.BackwardReal(bh, _b[w].Span);
                TensorPrimitives.FusedMultiplyAdd(_a[w].Span, _b[w].Span, acc, acc);
            }
        });
        var gain = _gainOut.Span;
        _acc[0].Span.CopyTo(gain);
        for (int w = 1; w < _threads; w++) TensorPrimitives.Add(gain, _acc[w].Span, gain);
        var t = _tmp.Span;
        for (int m = 0; m < _half; m++) t[m] = fh[m] * _loss[m];
        _fft.BackwardReal(t, _conv.Span);
        var conv = _conv.Span;
        for (int i = 0; i < _total; i++) q[i] = gain[i] - f[i] * conv[i];
    }

    public void Dispose()
    {
        for (int w = 0; w < _threads; w++) { _a[w].Dispose(); _b[w].Dispose(); _acc[w].Dispose(); _ah[w].Dispose(); _bh[w].Dispose(); }
        _fh.Dispose(); _tmp.Dispose(); _gainOut.Dispose(); _conv.Dispose();
        _fft.Dispose();
    }
}
