using System.Numerics;
using System.Numerics.Tensors;
using KineticLab.Numerics.Fft;
using KineticLab.Numerics.Quadrature;
using KineticLab.Numerics.Spectral;
using KineticLab.WaveKinetic.Anisotropic;

namespace KineticLab.WaveKinetic.Spectral;

/// <summary>Discretisation parameters of <see cref="KweSpectralOperator"/>.</summary>
public sealed record KweSpectralOptions
{
    /// <summary>Truncation R of the sides of the resonant rectangle: |k3 − k1| ≤ R and |k4 − k1| ≤ R.</summary>
    public required double R { get; init; }

    /// <summary>Radial nodes on [0, R] (0: N/2 at β = 0, N otherwise: the weights |k|^{2β} at the vertices add structure along the rays).</summary>
    public int RadialPoints { get; init; }

    /// <summary>Directions e of the side y = re; must be antipodal (null: product-(N/4)×(N/2) on S², N/2 points on the circle; N/2 rounded up to even).</summary>
    public SphereRule? Directions { get; init; }

    /// <summary>Worker threads (0: all processors).</summary>
    public int Threads { get; init; }

    public FftPlanning Planning { get; init; } = FftPlanning.Measure;

    /// <summary>Use FFTW when available (false forces the managed transform).</summary>
    public bool PreferNativeFft { get; init; } = true;
}

/// <summary>
/// Fast Fourier spectral evaluation of the 4-wave kinetic operator with ω = |k|² and T = (|k1||k2||k3||k4|)^β on the
/// periodized box <c>[−L, L)^d</c>, d = 2, 3, in the Carleman (rectangle) form of the resonant manifold. With
/// <c>k3 = k1 + y</c>, <c>k4 = k1 + z</c>, <c>k2 = k1 + y + z</c> the constraints read Σ = 0 and Ω = 2y·z = 0, and
/// <c>∫δ(Σ)δ(Ω)dk2dk3dk4 = ∫ dy/(2|y|) ∫_{z ⊥ y} dz</c>. With <c>w = |k|^{2β}</c> and <c>F = w f</c> each piece is a
/// product over the three vertices other than k1 of F (the vertices whose f is in the bracket) and w (the fourth):
/// <code>
/// G1 = w(k1) ∫∫ F(k2)F(k3)F(k4),   G2 = F(k1) ∫∫ w(k2)F(k3)F(k4),   L = L1 + L2 = 2F(k1) ∫∫ F(k2) w(k3) F(k4),
/// </code>
/// |y|, |z| ≤ R: a truncation invariant under every symmetry of the quadruple (1↔2, 3↔4, 12↔34), so the truncated
/// operator conserves waveaction, momentum and energy and annihilates Rayleigh–Jeans pointwise. With y = re, e from an
/// antipodal direction rule and r from a radial rule carrying r^{d−2}/2, and P = Plane_e[F·F(·+re)] (the disc
/// |z| ≤ R perpendicular to e through the point, an exact multiplier of the transformed product):
/// <list type="bullet">
/// <item>G1 = w(k1) Σ_{e,r} w F(k1+re)·P(k1) for every β.</item>
/// <item>β = 0: G2 = F1 Σ_pairs w_e (Line_e F)(Plane_e F) (line and disc through k1, exact multipliers of F, no radial
/// quadrature) and L = 2L2 = 2F1 Σ_{e,r} w F(k1+re)·(Plane_e F)(k1+re): no transformed product at all.</item>
/// <item>β &gt; 0: L = 2L1 = 2F1 Σ_{e,r} w w(k1+re)·P(k1) and G2 = F1 Σ_{e,r} w F(k1+re)·Plane_e[F·w(·+re)](k1), the weight
/// sampled exactly at the unwrapped vertices. (For β = 1 the manifold's energy identity would make the weights quadratic
/// forms of the other vertices, but |k|²F is then needed on the periodic box, where data that decay slowly — Rayleigh–Jeans —
/// make it a poor trigonometric polynomial; the sampled weight is robust.)</item>
/// </list>
/// Every other product is formed at the grid point where the result is wanted (collocation), so its aliasing never
/// enters; the resolution requirement is that of the plane average of the products F·F(·+re) (and F·w(·+re)).
/// Transforms per evaluation, P antipodal pairs and N_r radial nodes: 1 + P(2 + 8N_r) (β = 0), 1 + 10PN_r (β &gt; 0). The seed's trilinear forms (1.14)–(1.17) with three different functions carry the
/// hemisphere cut-off b, which in the rectangle is |z| &gt; |y|; it is exact here (the plane multiplier becomes the annulus
/// |y| &lt; |z| ≤ R, <see cref="Trilinear"/>). Nyquist modes of the data are set to zero; Nyquist modes of transformed
/// products, which a real function carries as cosines, get the multiplier averaged over the sign of their Nyquist
/// components. Workers own their buffers (memory O(threads·N^d), nothing per quadrature node); results are bitwise
/// reproducible for a fixed thread count (static partition of the directions, ordered reduction).
/// </summary>
public sealed class KweSpectralOperator : IDisposable
{
    private readonly PeriodicGrid _grid;
    private readonly SpectralModes _modes;
    private readonly IFftNd _fft;
    private readonly Rule1D _radial;
    private readonly SphereRule _sphere;
    private readonly (int I, int J)[] _pairs;
    private readonly CarlemanKernels _kernels;
    private readonly double[] _w2b;          // |k|^{2β} at the grid points
    private readonly double[] _norm2, _coords;   // |k|², coordinates (d per point)
    private readonly int _total, _half, _d;
    private readonly double _invTotal, _rd1;  // 1/N^d, R^{d−1}
    private readonly Worker[] _workers;
    private readonly AlignedBuffer<double> _fw, _gw, _hw;
    private readonly AlignedBuffer<Complex> _fh, _gh, _hh;

    public KweSpectralOperator(PeriodicGrid grid, double beta, KweSpectralOptions options)
    {
        _grid = grid;
        Beta = Require.InRange("beta", beta, 0, 2, "must be in [0, 2] (the seed's range is [0, 1])");
        Options = options;
        CheckOptions(grid, options);
        _d = grid.Dimension; _total = grid.Total; _half = grid.HalfLength; _invTotal = 1.0 / _total;
        _modes = new SpectralModes(_d, grid.N, grid.L);
        _sphere = DefaultDirections(options, grid);
        _pairs = _sphere.AntipodalPairs()!;
        int nr = options.RadialPoints > 0 ? options.RadialPoints : Math.Max(4, beta == 0 ? grid.N / 2 : grid.N);
        // ∫_0^R (r^{d−2}/2) h(r) dr: Gauss–Jacobi carrying r^{d−2} (Gauss–Legendre in 2D), the ½ in the weights.
        var gj = GaussJacobi.RadialPower(nr, options.R, _d - 2);
        _radial = new Rule1D(gj.Nodes, gj.Weights.Select(w => 0.5 * w).ToArray());
        _rd1 = Math.Pow(options.R, _d - 1);
        _kernels = new CarlemanKernels(_d, options.R * _modes.Dxi * Math.Sqrt(_modes.Q2Max) + 1);
        _fft = Fft.Create(grid.Shape, options.Planning, options.PreferNativeFft);
        _w2b = new double[_total];
        _norm2 = new double[_total]; _coords = new double[_d * _total];
        for (int i = 0; i < _total; i++)
        {
            grid.Point(i, _coords.AsSpan(_d * i, _d));
            _norm2[i] = grid.Norm2(i);
            _w2b[i] = SigmaCollision.Pow2Beta(_norm2[i], beta);
        }
        int threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        threads = Math.Clamp(threads, 1, Math.Max(1, _pairs.Length));
        _workers = new Worker[threads];
        for (int w = 0; w < threads; w++) _workers[w] = new Worker(_modes);
        _fw = new(_total); _gw = new(_total); _hw = new(_total);
        _fh = new(_half); _gh = new(_half); _hh = new(_half);
    }

    /// <summary>Checks R against the box and the direction rule's dimension and symmetry (exit code 2 naming the field).</summary>
    public static void CheckOptions(PeriodicGrid grid, KweSpectralOptions options)
    {
        Require.Positive("R", options.R);
        if (options.R > 2 * grid.L)
            throw new InvalidInputException("R", Require.Fmt(options.R), $"must not exceed the box width 2L = {Require.Fmt(2 * grid.L)}");
        if (options.RadialPoints < 0 || options.RadialPoints > 1024)
            throw new InvalidInputException("radial_points", options.RadialPoints.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be in [0, 1024]");
        var s = DefaultDirections(options, grid);
        if (s.Dimension != grid.Dimension) throw new InvalidInputException("directions", s.Name, $"is a rule on S^{s.Dimension - 1}, not S^{grid.Dimension - 1}");
        if (s.AntipodalPairs() is null) throw new InvalidInputException("directions", s.Name, "must be antipodally symmetric (an even number of circle points)");
    }

    /// <summary>The direction rule of the options, or the default for the grid (product (N/4)×(N/2) on S², N/2 circle points).</summary>
    public static SphereRule DefaultDirections(KweSpectralOptions o, PeriodicGrid g) =>
        o.Directions ?? (g.Dimension == 3 ? SphereRule.Product(Math.Max(2, g.N / 4), EvenHalf(g.N)) : SphereRule.Circle(EvenHalf(g.N)));

    /// <summary>N/2 rounded up to an even number (at least 4): an antipodal count of azimuths or circle points.</summary>
    private static int EvenHalf(int n) => Math.Max(4, 2 * ((n / 2 + 1) / 2));

    /// <summary>
    /// The largest support radius S of data that neither alias nor feel the truncation: R = 2S covers every rectangle
    /// with three vertices in the ball B_S, and L ≥ S + R/2 keeps every vertex reached from the support (k1 ∈ B_S for G2
    /// and L, k1 ∈ B_{√2 S} for G1) away from the periodic images of B_S. Returns min(R/2, L − R/2).
    /// </summary>
    public static double AliasFreeRadius(double l, double r) => Math.Min(r / 2, l - r / 2);

    public double Beta { get; }
    public KweSpectralOptions Options { get; }
    public PeriodicGrid Grid => _grid;
    public SphereRule Directions => _sphere;
    public Rule1D RadialRule => _radial;
    public int Threads => _workers.Length;
    public string FftBackend => _fft.Backend;
    public long FftExecutions => _fft.Executions;
    public IFftNd Transform => _fft;
    /// <summary>Antipodal direction pairs.</summary>
    public int Pairs => _pairs.Length;

    /// <summary>
    /// Transforms in one evaluation of C or of <see cref="Parts"/>, for P antipodal pairs and N_r radial nodes:
    /// 1 + P(2 + 8N_r) at β = 0, 1 + 10 P N_r otherwise.
    /// </summary>
    public int FftsPerCollision => TransformPlan.Total;

    /// <summary>The transforms of one evaluation by kind and worker (for the FFT floor).</summary>
    public TransformCounts TransformPlan
    {
        get
        {
            int nw = _workers.Length, nr = _radial.Count;
            var r2c = new int[nw]; var c2r = new int[nw];
            bool general = Beta != 0;
            for (int p = 0; p < _pairs.Length; p++)
            {
                r2c[p % nw] += (general ? 4 : 2) * nr;
                c2r[p % nw] += general ? 6 * nr : 2 + 6 * nr;
            }
            return new TransformCounts(1, 0, r2c, c2r);
        }
    }

    /// <summary>Bytes held by the operator's buffers (excluding FFT plans): O(threads·N^d), nothing per quadrature node.</summary>
    public long MemoryBytes => EstimateMemoryBytes(_d, _grid.N, _workers.Length);

    /// <summary>
    /// The operator's buffers for d dimensions, N points per axis and the given worker count, known before anything is
    /// allocated (for <c>--check</c>): per worker 9 real arrays of N^d and two half spectra plus two multiplier tables; shared
    /// the weighted data, |k|², the coordinates and three half spectra. FFT plans and the caller's arrays are not included.
    /// </summary>
    public static long EstimateMemoryBytes(int d, int n, int threads)
    {
        long total = d == 3 ? (long)n * n * n : (long)n * n;
        long half = (d == 3 ? (long)n * n : n) * (n / 2 + 1);
        return Math.Max(1, threads) * Worker.Bytes(total, half) + 3L * 8 * total + 3L * 16 * half + (2L + d) * 8 * total;
    }

    // ------------------------------------------------------------------ public front doors

    /// <summary>C[f] = G1 + G2 − L on the grid.</summary>
    public void Collision(ReadOnlySpan<double> f, Span<double> c)
    {
        var g1 = new double[_total];
        var g2 = new double[_total];
        Parts(f, g1, g2, c);
        for (int i = 0; i < _total; i++) c[i] = g1[i] + g2[i] - c[i];
    }

    /// <summary>G1[f], G2[f] and L[f] = L1 + L2 on the grid (the seed's pieces at f = g = h; the gain is G1 + G2).</summary>
    public void Parts(ReadOnlySpan<double> f, Span<double> g1, Span<double> g2, Span<double> loss)
    {
        Check(f); Check(g1); Check(g2); Check(loss);
        var fw = _fw.Span;
        TensorPrimitives.Multiply(f, _w2b, fw);
        Forward(fw, _fh.Span);
        int nw = _workers.Length;
        Parallel.For(0, nw, new ParallelOptions { MaxDegreeOfParallelism = nw }, w => RunFast(_workers[w], w, nw));
        var w0 = _workers[0];
        for (int w = 1; w < nw; w++)
        {
            var wk = _workers[w];
            TensorPrimitives.Add(w0.G1.Span, wk.G1.Span, w0.G1.Span);
            TensorPrimitives.Add(w0.G2.Span, wk.G2.Span, w0.G2.Span);
            TensorPrimitives.Add(w0.L.Span, wk.L.Span, w0.L.Span);
        }
        var a = w0.G1.Span; var b = w0.G2.Span; var l = w0.L.Span;
        for (int i = 0; i < _total; i++)
        {
            g1[i] = _w2b[i] * a[i];
            g2[i] = fw[i] * b[i];
            loss[i] = 2 * fw[i] * l[i];
        }
    }

    /// <summary>
    /// The seed's trilinear piece (1.14)–(1.17) with three functions and the hemisphere cut-off b, exactly:
    /// in the rectangle b((k1 − k2)·(k3 − k4)) = 1 ⇔ |z| &gt; |y|, so each piece is
    /// <c>2∫dy/(2|y|)∫_{z ⊥ y, |y| &lt; |z| ≤ R}</c> of its bracket (G1: f(k2)g(k3)h(k4), G2: f(k1)g(k3)h(k4),
    /// L1: f(k1)g(k2)h(k4), L2: f(k1)g(k2)h(k3), with the weights |k|^{2β}). Every direction of the rule (no pairing) and
    /// every radial node; the annulus multiplier carries the cut-off. Transforms per (r, e): 4 (G1), 2 (G2), 3 (L1), 2 (L2);
    /// every last product is formed at the output point.
    /// </summary>
    public void Trilinear(SigmaTerm term, ReadOnlySpan<double> f, ReadOnlySpan<double> g, ReadOnlySpan<double> h, Span<double> result)
    {
        Check(f); Check(g); Check(h); Check(result);
        TensorPrimitives.Multiply(f, _w2b, _fw.Span);
        TensorPrimitives.Multiply(g, _w2b, _gw.Span);
        TensorPrimitives.Multiply(h, _w2b, _hw.Span);
        Forward(_fw.Span, _fh.Span);
        Forward(_gw.Span, _gh.Span);
        Forward(_hw.Span, _hh.Span);
        int nw = _workers.Length;
        Parallel.For(0, nw, new ParallelOptions { MaxDegreeOfParallelism = nw }, w => RunTrilinear(_workers[w], w, nw, term));
        var w0 = _workers[0];
        for (int w = 1; w < nw; w++) TensorPrimitives.Add(w0.G1.Span, _workers[w].G1.Span, w0.G1.Span);
        var acc = w0.G1.Span;
        var fw = _fw.Span;
        for (int i = 0; i < _total; i++)
            result[i] = 2 * (term == SigmaTerm.G1 ? _w2b[i] : fw[i]) * acc[i];
    }

    // ------------------------------------------------------------------ internals

    private void Check(ReadOnlySpan<double> a)
    {
        if (a.Length != _total) throw new ArgumentException($"arrays must have {_total} entries");
    }

    /// <summary>r2c scaled by 1/N^d (inverse transforms give values), Nyquist modes zeroed.</summary>
    private void Forward(Span<double> x, Span<Complex> xh)
    {
        _fft.ForwardReal(x, xh);
        for (int m = 0; m < _half; m++) xh[m] = _modes.Nyquist[m] ? Complex.Zero : xh[m] * _invTotal;
    }

    /// <summary>
    /// λ[m] = Line_R(ξ_m·e) and ψ[m] = Plane_R(|ξ_m − (ξ_m·e)e|), or with <paramref name="discRadius"/> r &gt; 0
    /// ψ[m] = Plane_R − Disc_r (the annulus; λ untouched). On a Nyquist mode the average over the sign choices of its
    /// Nyquist components.
    /// </summary>
    private void Multipliers(ReadOnlySpan<double> e, double[] lambda, double[] psi, double discRadius = 0)
    {
        double r = Options.R, dxi = _modes.Dxi, rd = discRadius, rdd = Math.Pow(discRadius, _d - 1);
        bool annulus = discRadius > 0;
        var line = _kernels.Line; var disc = _kernels.Disc;
        int nyq = _modes.N / 2;
        double e0 = e[0], e1 = _d == 3 ? e[1] : 0, e2 = _d == 3 ? e[2] : e[1];
        var k0 = _modes.K0; var k1 = _modes.K1; var k2 = _modes.K2; var q2 = _modes.Q2; var isNyq = _modes.Nyquist;
        for (int m = 0; m < _half; m++)
        {
            int a = k0[m], b = k1[m], c = k2[m];
            int na = 1, nb = 1, nc = 1;
            if (isNyq[m]) { na = a == -nyq ? 2 : 1; nb = b == -nyq ? 2 : 1; nc = c == -nyq ? 2 : 1; }
            double sl = 0, sp = 0, qq = q2[m];
            for (int ia = 0; ia < na; ia++)
                for (int ib = 0; ib < nb; ib++)
                    for (int ic = 0; ic < nc; ic++)
                    {
                        double par = (ia == 1 ? -a : a) * e0 + (ib == 1 ? -b : b) * e1 + (ic == 1 ? -c : c) * e2;
                        double perp = dxi * Math.Sqrt(Math.Max(0, qq - par * par));
                        par = dxi * Math.Abs(par);
                        if (annulus) sp += disc.Eval(r * perp) * _rd1 - rdd * disc.Eval(rd * perp);
                        else
                        {
                            sl += line.Eval(r * par);
                            sp += disc.Eval(r * perp);
                        }
                    }
            int cnt = na * nb * nc;
            if (annulus) psi[m] = sp / cnt;
            else
            {
                lambda[m] = _rd1 * sl / cnt;
                psi[m] = _rd1 * sp / cnt;
            }
        }
    }

    private static void Scale(Span<Complex> src, double[] weight, double scale, Span<Complex> dst) => PhaseShift.Scale(src, weight, scale, dst);

    /// <summary>x·e at every grid point.</summary>
    private void DotField(ReadOnlySpan<double> e, Span<double> xe)
    {
        var c = _coords;
        if (_d == 3)
        {
            for (int i = 0; i < _total; i++) xe[i] = c[3 * i] * e[0] + c[3 * i + 1] * e[1] + c[3 * i + 2] * e[2];
        }
        else
        {
            for (int i = 0; i < _total; i++) xe[i] = c[2 * i] * e[0] + c[2 * i + 1] * e[1];
        }
    }

    /// <summary>w[i] = |x_i + s e|^{2β} = (|x_i|² + 2s x_i·e + s²)^β, the weight of a vertex at k1 + se (not wrapped).</summary>
    private void ShiftedWeight(double s, ReadOnlySpan<double> xe, Span<double> w)
    {
        TensorPrimitives.MultiplyAdd(xe, 2 * s, _norm2, w);
        TensorPrimitives.Add(w, s * s, w);
        TensorPrimitives.Max(w, 0.0, w);
        PowBeta(w);
    }

    /// <summary>w ← w^β (in place), exact 1 at β = 0, with square roots for β ∈ {¼, ½, 1}.</summary>
    private void PowBeta(Span<double> w)
    {
        double b = Beta;
        if (b == 0) w.Fill(1);
        else if (b == 1) { }
        else if (b == 0.5) TensorPrimitives.Sqrt(w, w);
        else if (b == 0.25) { TensorPrimitives.Sqrt(w, w); TensorPrimitives.Sqrt(w, w); }
        else TensorPrimitives.Pow(w, b, w);
    }

    private void RunFast(Worker wk, int w, int nw)
    {
        wk.G1.Span.Clear(); wk.G2.Span.Clear(); wk.L.Span.Clear();
        var fh = _fh.Span; var fw = _fw.Span;
        var t = wk.T.Span; var a = wk.A.Span; var b = wk.B.Span; var fre = wk.C.Span; var x = wk.X.Span;
        var xe = wk.Xe.Span; var wre = wk.W.Span;
        double cshift = Math.PI / _grid.L;
        bool general = Beta != 0;
        for (int p = w; p < _pairs.Length; p += nw)
        {
            int si = _pairs[p].I;
            var e = _sphere.Point(si);
            double we = _sphere.Weights[si];
            Multipliers(e, wk.Lambda, wk.Psi);
            if (Beta != 0) DotField(e, xe);
            if (!general)
            {
                // β = 0: G2 = F1 Σ_pairs w_e (Line_e F)(Plane_e F), line and plane through k1, exact multipliers of F
                Scale(fh, wk.Psi, 1, t);
                _fft.BackwardReal(t, b);
                Scale(fh, wk.Lambda, we, t);
                _fft.BackwardReal(t, a);
                TensorPrimitives.FusedMultiplyAdd(a, b, wk.G2.Span, wk.G2.Span);
            }
            // per radial node and side ±e of the pair, y = ±re, P = Plane_e[F · F(·+y)]:
            //   G1 += w F(k1+y)·P(k1),   L = 2 L1 += w w(k1+y)·P(k1)   (k2 = k1+y+z, k3 = k1+y, k4 = k1+z)
            //   general β:  G2 += w F(k1+y)·Plane_e[F · w(·+y)](k1)
            for (int ir = 0; ir < _radial.Count; ir++)
            {
                double wgt = we * _radial.Weights[ir];
                for (int sgn = -1; sgn <= 1; sgn += 2)
                {
                    double shift = sgn * _radial.Nodes[ir];
                    wk.Shift.Prepare(cshift * shift, e);
                    if (general) wk.Shift.ApplyPair(fh, default, 0, t, default);
                    else wk.Shift.ApplyPair(fh, wk.Psi, wgt, t, wk.T2.Span);   // F(·+y) and w·(Plane_e F)(·+y) in one pass
                    _fft.BackwardReal(t, fre);
                    TensorPrimitives.Multiply(fw, fre, x);
                    _fft.ForwardReal(x, t);
                    Scale(t, wk.Psi, wgt * _invTotal, t);
                    _fft.BackwardReal(t, a);
                    TensorPrimitives.FusedMultiplyAdd(fre, a, wk.G1.Span, wk.G1.Span);
                    if (Beta == 0)
                    {
                        // β = 0: L = 2 L2 = 2F1 Σ w F(k1+y)·(Plane_e F)(k1+y), no transformed product at all
                        _fft.BackwardReal(wk.T2.Span, b);
                        TensorPrimitives.FusedMultiplyAdd(fre, b, wk.L.Span, wk.L.Span);
                    }
                    else
                    {
                        ShiftedWeight(shift, xe, wre);
                        TensorPrimitives.FusedMultiplyAdd(wre, a, wk.L.Span, wk.L.Span);
                    }
                    if (general)
                    {
                        TensorPrimitives.Multiply(fw, wre, x);
                        _fft.ForwardReal(x, t);
                        Scale(t, wk.Psi, wgt * _invTotal, t);
                        _fft.BackwardReal(t, a);
                        TensorPrimitives.FusedMultiplyAdd(fre, a, wk.G2.Span, wk.G2.Span);
                    }
                }
            }
        }
    }

    private void RunTrilinear(Worker wk, int w, int nw, SigmaTerm term)
    {
        wk.G1.Span.Clear();
        var fh = _fh.Span; var gh = _gh.Span; var hh = _hh.Span; var hw = _hw.Span;
        var t = wk.T.Span; var a = wk.A.Span; var b = wk.B.Span; var x = wk.X.Span;
        var xe = wk.Xe.Span; var wre = wk.W.Span;
        var acc = wk.G1.Span;
        double cshift = Math.PI / _grid.L;
        var ann = wk.Psi;
        for (int si = w; si < _sphere.Count; si += nw)
        {
            var e = _sphere.Point(si);
            double we = _sphere.Weights[si];
            if (Beta != 0) DotField(e, xe);
            for (int ir = 0; ir < _radial.Count; ir++)
            {
                double rr = _radial.Nodes[ir], wgt = we * _radial.Weights[ir];
                if (rr >= Options.R) continue;
                Multipliers(e, wk.Lambda, ann, discRadius: rr);
                wk.Shift.Prepare(cshift * rr, e);
                if (Beta != 0 && term is SigmaTerm.G2 or SigmaTerm.L1) ShiftedWeight(rr, xe, wre);   // w(k1 + re + ·)
                switch (term)
                {
                    case SigmaTerm.G1:   // g(k1+re) · Ann[f(·+re) h](k1)
                        wk.Shift.Apply(fh, t, default, 1, false, false);
                        _fft.BackwardReal(t, a);
                        TensorPrimitives.Multiply(a, hw, x);
                        _fft.ForwardReal(x, t);
                        Scale(t, ann, _invTotal, t);
                        _fft.BackwardReal(t, a);
                        wk.Shift.Apply(gh, t, default, wgt, false, false);
                        _fft.BackwardReal(t, b);
                        TensorPrimitives.FusedMultiplyAdd(a, b, acc, acc);
                        break;
                    case SigmaTerm.G2:   // g(k1+re) · Ann[h · w(·+re)](k1)
                        wk.Shift.Apply(gh, t, default, wgt, false, false);
                        _fft.BackwardReal(t, a);
                        if (Beta == 0) Scale(hh, ann, 1, t);
                        else
                        {
                            TensorPrimitives.Multiply(hw, wre, x);
                            _fft.ForwardReal(x, t);
                            Scale(t, ann, _invTotal, t);
                        }
                        _fft.BackwardReal(t, b);
                        TensorPrimitives.FusedMultiplyAdd(a, b, acc, acc);
                        break;
                    case SigmaTerm.L1:   // w(k1+re) · Ann[g(·+re) h](k1)
                        wk.Shift.Apply(gh, t, default, 1, false, false);
                        _fft.BackwardReal(t, a);
                        TensorPrimitives.Multiply(a, hw, x);
                        _fft.ForwardReal(x, t);
                        Scale(t, ann, wgt * _invTotal, t);
                        _fft.BackwardReal(t, a);
                        if (Beta == 0) TensorPrimitives.Add(acc, a, acc);
                        else TensorPrimitives.FusedMultiplyAdd(wre, a, acc, acc);
                        break;
                    default:             // L2: h(k1+re) · Ann[g · w(· − re)](k1 + re)
                        wk.Shift.Apply(hh, t, default, wgt, false, false);
                        _fft.BackwardReal(t, a);
                        if (Beta == 0) wk.Shift.Apply(gh, t, ann, 1, false, false);
                        else
                        {
                            // the weight of k4 = k1 + z = u − re sampled at the unwrapped points, next to g (whose support
                            // stays inside the box), and the annulus evaluated at the shifted point k1 + re
                            ShiftedWeight(-rr, xe, wre);
                            TensorPrimitives.Multiply(_gw.Span, wre, x);
                            _fft.ForwardReal(x, t);
                            wk.Shift.Apply(t, t, ann, _invTotal, false, false);
                        }
                        _fft.BackwardReal(t, b);
                        TensorPrimitives.FusedMultiplyAdd(a, b, acc, acc);
                        break;
                }
            }
        }
    }

    public void Dispose()
    {
        foreach (var w in _workers) w.Dispose();
        _fw.Dispose(); _gw.Dispose(); _hw.Dispose();
        _fh.Dispose(); _gh.Dispose(); _hh.Dispose();
        _fft.Dispose();
    }

    private sealed class Worker : IDisposable
    {
        public readonly AlignedBuffer<double> A, B, C, X, Xe, W, G1, G2, L;
        public readonly AlignedBuffer<Complex> T, T2;
        public readonly double[] Lambda, Psi;
        public readonly PhaseShift Shift;

        public Worker(SpectralModes modes)
        {
            int t = modes.Total, h = modes.Half;
            A = new(t); B = new(t); C = new(t); X = new(t); Xe = new(t); W = new(t); G1 = new(t); G2 = new(t); L = new(t);
            T = new(h); T2 = new(h);
            Lambda = new double[h]; Psi = new double[h];
            Shift = new PhaseShift(modes);
        }

        public static long Bytes(long total, long half) => 9L * 8 * total + 32L * half + 2L * 8 * half;

        public void Dispose()
        {
            A.Dispose(); B.Dispose(); C.Dispose(); X.Dispose(); Xe.Dispose(); W.Dispose(); G1.Dispose(); G2.Dispose(); L.Dispose();
            T.Dispose(); T2.Dispose();
        }
    }
}
