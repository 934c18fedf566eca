using System.Numerics;
using System.Numerics.Tensors;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using KineticLab.Numerics.Spectral;
using KineticLab.Boltzmann.Kernels;
using KineticLab.Numerics.Quadrature;
using KineticLab.Numerics.Fft;

namespace KineticLab.Boltzmann.Spectral;

/// <summary>Discretisation parameters of <see cref="FastSpectralOperator"/>.</summary>
public sealed record SpectralOptions
{
    /// <summary>Truncation radius R of the relative velocity |u − v| ≤ R.</summary>
    public required double R { get; init; }

    /// <summary>Radial quadrature nodes on [0, R] (0: N, the number of grid points per axis).</summary>
    public int RadialPoints { get; init; }

    /// <summary>Quadrature on S^{d−1} for σ (null: 12-point icosahedron in 3D, 8 points on the circle in 2D). Must be antipodal.</summary>
    public SphereRule? Sphere { get; init; }

    /// <summary>Worker threads (0: all processors).</summary>
    public int Threads { get; init; }

    public FftPlanning Planning { get; init; } = FftPlanning.Measure;

    /// <summary>Budget for cached direction-dependent gain weights (anisotropic b_σ), in MiB; beyond it they are recomputed each call.</summary>
    public double WeightCacheMiB { get; init; } = 512;

    /// <summary>
    /// For convergence studies only: plain Gauss–Legendre in ρ with ρ^{d−1}Φ(ρ) multiplied into the weights
    /// (instead of Gauss–Jacobi carrying the singular factor). Shows what the singularity at u = v costs otherwise.
    /// </summary>
    public bool NaiveRadialRule { get; init; }

    /// <summary>Use FFTW when available (false forces the managed transform).</summary>
    public bool PreferNativeFft { get; init; } = true;
}

/// <summary>
/// Fast Fourier–Galerkin evaluation of the collision operator on the periodized box <c>[−L, L)^d</c>,
/// with the relative velocity truncated to |u − v| ≤ R, for general cutoff kernels
/// <c>B = Φ(|u−v|) b_σ(σ·(u−v)/|u−v|)</c> (Gamba–Haack–Hauck–Hu-type decomposition):
/// <code>
/// Q̂⁺_k = Σ_ρ Σ_σ w_ρ w_σ F(ρ, ξ_k, σ) · FFT[ f(· + ρσ/2) g(· − ρσ/2) ]_k,
/// F(ρ, ξ, σ) = ∫_{S^{d−1}} b_σ(σ·ĝ) e^{iρ ξ·ĝ/2} dĝ   (Funk–Hecke / Jacobi–Anger series, exact),
/// Q⁻(f, g) = b₁ f · IFFT[ Ĝ⁻ ĝ ],  Ĝ⁻(ξ) = ∫_{|y|≤R} Φ(|y|) e^{−iξ·y} dy (radial integral, singularity in the weight).
/// </code>
/// The radial rule carries ρ^{d−1}Φ(ρ) (Gauss–Jacobi, so soft potentials lose no accuracy at u = v).
/// Shifts by ρσ/2 are exact spectral phase shifts. When b_σ is constant the weight does not depend on
/// the direction of σ and the σ-sum is done in physical space (one forward FFT per radial node).
/// For Q(f, f) the antipodal σ-pairs give the same product, so only one of each pair is transformed.
/// Nyquist modes are set to zero. No allocation per call; workers own their buffers; results are
/// bitwise reproducible for a fixed thread count (static partition, ordered reduction).
/// </summary>
public sealed class FastSpectralOperator : ICollisionOperator
{
    private readonly CollisionKernel _kernel;
    private readonly VelocityGrid _grid;
    private readonly IFftNd _fft;
    private readonly Rule1D _radial;
    private readonly SphereRule _sphere;
    private readonly (int I, int J)[] _pairs;
    private readonly int _n, _half, _total, _hl, _d;
    private readonly double _invTotal;
    private readonly SpectralModes _modes;
    private readonly int[] _q2;               // |k|² of each half-spectrum mode
    private readonly short[] _k0, _k1, _k2;     // signed indices of each mode
    private readonly bool[] _nyquist;
    private readonly int _q2Max;
    private readonly double[] _lossWeight;     // Ĝ⁻ as a function of |k|² (b₁ included)
    private readonly double[][]? _isoWeight;   // [ρ][|k|²]: w_ρ F(ρ,|ξ|) (isotropic b_σ)
    private readonly double[]? _zonal;         // λ_n (3D) or β_n (2D)
    private double[][]? _pairWeightCache;      // [ρ·pairs + p][mode]: 2 w_ρ w_σ Re F (anisotropic, Q(f,f))
    private readonly Worker[] _workers;
    private readonly AlignedBuffer<double> _fIn, _gIn, _realTmp;
    private readonly AlignedBuffer<Complex> _fHat, _gHat, _acc, _cTmp;

    public FastSpectralOperator(CollisionKernel kernel, VelocityGrid grid, SpectralOptions options)
    {
        if (kernel.Dimension != grid.Dimension) throw new ArgumentException("kernel and grid dimensions differ");
        _kernel = kernel; _grid = grid; Options = options;
        _d = grid.Dimension; _n = grid.N; _total = grid.Total; _half = grid.HalfLength; _hl = _n / 2 + 1;
        _invTotal = 1.0 / _total;
        int nr = CheckOptions(grid, options);
        _radial = options.NaiveRadialRule ? NaiveRule(kernel, nr, options.R) : kernel.Phi.RadialRule(nr, options.R);
        _sphere = DefaultSphere(options, _d);
        _pairs = _sphere.AntipodalPairs()!;

        _fft = Fft.Create(grid.Shape, options.Planning, options.PreferNativeFft);

        // Mode metadata (shared spectral core).
        _modes = new SpectralModes(_d, _n, grid.L);
        _q2 = _modes.Q2; _k0 = _modes.K0; _k1 = _modes.K1; _k2 = _modes.K2;
        _nyquist = _modes.Nyquist;
        _q2Max = _modes.Q2Max;

        // Loss weights Ĝ⁻(|ξ|) = b₁ |S^{d−1}| ∫_0^R ρ^{d−1}Φ(ρ) K_d(ρ|ξ|) dρ, K_3 = j_0, K_2 = J_0.
        var lossRule = kernel.Phi.RadialRule(Math.Max(160, 4 * _n), options.R);
        _lossWeight = new double[_q2Max + 1];
        double area = AngularKernel.SphereArea(_d), dxi = Math.PI / grid.L;
        Span<double> jtmp = stackalloc double[1];
        for (int q = 0; q <= _q2Max; q++)
        {
            double xi = dxi * Math.Sqrt(q), s = 0;
            for (int i = 0; i < lossRule.Count; i++) s += lossRule.Weights[i] * RadialKernel0(lossRule.Nodes[i] * xi, jtmp);
            _lossWeight[q] = kernel.B1 * area * s;
        }

        if (kernel.Angular.IsSigmaConstant)
        {
            _isoWeight = new double[_radial.Count][];
            double b1 = kernel.B1;
            for (int i = 0; i < _radial.Count; i++)
            {
                var w = _isoWeight[i] = new double[_q2Max + 1];
                double rho = _radial.Nodes[i];
                for (int q = 0; q <= _q2Max; q++) w[q] = _radial.Weights[i] * b1 * RadialKernel0(0.5 * rho * dxi * Math.Sqrt(q), jtmp);
            }
        }
        else
        {
            int nmax = BesselSeries.TruncationOrder(0.5 * options.R * dxi * Math.Sqrt(_q2Max)) + 2;
            _zonal = new double[nmax + 1];
            for (int n = 0; n <= nmax; n++) _zonal[n] = kernel.Angular.ZonalMoment(n);
            double bytes = 8.0 * _radial.Count * _pairs.Length * _half;
            if (bytes <= options.WeightCacheMiB * 1024 * 1024) BuildPairWeightCache();
        }

        int threads = options.Threads > 0 ? options.Threads : Environment.ProcessorCount;
        threads = Math.Clamp(threads, 1, _radial.Count);
        _workers = new Worker[threads];
        for (int w = 0; w < threads; w++) _workers[w] = new Worker(_total, _half, _zonal?.Length ?? 0, _q2Max, _modes);
        _fIn = new AlignedBuffer<double>(_total); _gIn = new AlignedBuffer<double>(_total); _realTmp = new AlignedBuffer<double>(_total);
        _fHat = new AlignedBuffer<Complex>(_half); _gHat = new AlignedBuffer<Complex>(_half);
        _acc = new AlignedBuffer<Complex>(_half); _cTmp = new AlignedBuffer<Complex>(_half);
    }

    private static Rule1D NaiveRule(CollisionKernel k, int n, double r)
    {
        var gl = GaussJacobi.Legendre(n, 0, r);
        var w = new double[n];
        for (int i = 0; i < n; i++) w[i] = gl.Weights[i] * Math.Pow(gl.Nodes[i], k.Dimension - 1) * k.Phi.Eval(gl.Nodes[i]);
        return new Rule1D(gl.Nodes, w);
    }

    public SpectralOptions Options { get; }

    private static SphereRule DefaultSphere(SpectralOptions options, int d) => options.Sphere ?? (d == 3 ? SphereRule.Icosahedron() : SphereRule.Circle(8));

    /// <summary>
    /// Checks the options against the grid without building anything (exit code 2 naming the field): R within the box
    /// diameter, the number of radial points, the sphere rule's dimension and antipodal symmetry. Returns the radial points used.
    /// </summary>
    public static int CheckOptions(VelocityGrid grid, SpectralOptions options)
    {
        int d = grid.Dimension;
        Require.Positive("R", options.R);
        if (options.R > 2 * Math.Sqrt(d) * grid.L)
            throw new InvalidInputException("R", Require.Fmt(options.R), $"must not exceed the box diameter 2√d·L = {Require.Fmt(2 * Math.Sqrt(d) * grid.L)}");
        int nr = options.RadialPoints > 0 ? options.RadialPoints : grid.N;
        if (nr > 1024) throw new InvalidInputException("radial_points", nr.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be in [1, 1024]");
        var sphere = DefaultSphere(options, d);
        if (sphere.Dimension != d) throw new InvalidInputException("sphere", sphere.Name, $"is a rule on S^{sphere.Dimension - 1}, not S^{d - 1}");
        if (sphere.AntipodalPairs() is null) throw new InvalidInputException("sphere", sphere.Name, "must be antipodally symmetric (an even number of circle points)");
        return nr;
    }
    public CollisionKernel Kernel => _kernel;
    public VelocityGrid Grid => _grid;
    public Rule1D RadialRule => _radial;
    public SphereRule Sphere => _sphere;
    public string FftBackend => _fft.Backend;
    public int Threads => _workers.Length;
    /// <summary>Whether the σ-sum runs in physical space (b_σ constant).</summary>
    public bool IsIsotropic => _isoWeight is not null;
    /// <summary>Total transforms executed by this operator so far.</summary>
    public long FftExecutions => _fft.Executions;
    internal IFftNd Transform => _fft;

    /// <summary>
    /// Transforms in one evaluation of Q(f, f): 1 forward for f, per radial node 2 inverse per antipodal pair
    /// and 1 forward (b_σ constant) or 1 forward per pair (general b_σ), then 2 inverse (loss convolution, gain).
    /// </summary>
    public int FftsPerCollision => 3 + _radial.Count * (2 * _pairs.Length + (IsIsotropic ? 1 : _pairs.Length));

    /// <summary>The transforms of one evaluation of Q(f, f) by kind and worker (the FFT floor replays them).</summary>
    public TransformCounts TransformPlan
    {
        get
        {
            int nw = _workers.Length, nr = _radial.Count, pairs = _pairs.Length;
            var r2c = new int[nw]; var c2r = new int[nw];
            for (int ir = 0; ir < nr; ir++)
            {
                c2r[ir % nw] += 2 * pairs;
                r2c[ir % nw] += IsIsotropic ? 1 : pairs;
            }
            return new TransformCounts(1, 2, r2c, c2r);
        }
    }

    /// <summary>Bytes held by the operator's buffers and weight tables (excluding the FFT plans).</summary>
    public long MemoryBytes
    {
        get
        {
            long b = (long)_workers.Length * Worker.Bytes(_total, _half) + 3L * 8 * _total + 4L * 16 * _half;
            b += 8L * _lossWeight.Length + (_isoWeight is null ? 0 : 8L * _radial.Count * (_q2Max + 1));
            if (_pairWeightCache is not null) b += 8L * _pairWeightCache.Length * _half;
            return b;
        }
    }

    /// <summary>
    /// <see cref="MemoryBytes"/> of an operator with these options on this grid, computed without building it (for run
    /// plans): the workers' buffers, the operator's own buffers, the loss weights, and the isotropic weights (b_σ constant)
    /// or the pair-weight cache (when within <see cref="SpectralOptions.WeightCacheMiB"/>).
    /// </summary>
    public static long EstimateBytes(CollisionKernel kernel, VelocityGrid grid, SpectralOptions options)
    {
        int nr = CheckOptions(grid, options);
        int d = grid.Dimension, n = grid.N, total = grid.Total, half = grid.HalfLength;
        int q2Max = d * (n / 2) * (n / 2);
        int threads = Math.Clamp(options.Threads > 0 ? options.Threads : Environment.ProcessorCount, 1, nr);
        long b = threads * Worker.Bytes(total, half) + 3L * 8 * total + 4L * 16 * half + 8L * (q2Max + 1);
        if (kernel.Angular.IsSigmaConstant) b += 8L * nr * (q2Max + 1);
        else
        {
            int pairs = DefaultSphere(options, d).AntipodalPairs()!.Length;
            double bytes = 8.0 * nr * pairs * half;
            if (bytes <= options.WeightCacheMiB * 1024 * 1024) b += 8L * nr * pairs * half;
        }
        return b;
    }

    /// <summary>K(x) = j_0(x) (3D) or J_0(x) (2D).</summary>
    private double RadialKernel0(double x, Span<double> tmp)
    {
        if (_d == 3) return BesselSeries.Sinc(x);
        BesselSeries.Cylindrical(x, tmp);
        return tmp[0];
    }

    /// <summary>Q(f, f) = Q⁺(f, f) − Q⁻(f, f) on the grid.</summary>
    public void Collision(ReadOnlySpan<double> f, Span<double> q)
    {
        CheckLengths(f, q);
        f.CopyTo(_fIn.Span);
        ForwardMasked(_fIn.Span, _fHat.Span);
        GainFromSpectra(symmetric: true);
        // Q⁺ in physical space (into an aligned buffer: the same FFTW plan every call, so results are reproducible).
        _fft.BackwardReal(_acc.Span, _gIn.Span);
        // Loss: b₁ f · (f * Φ 1_{B_R}).
        LossConvolution(_fHat.Span, _realTmp.Span);
        var conv = _realTmp.Span;
        var gain = _gIn.Span;
        for (int i = 0; i < _total; i++) q[i] = gain[i] * _invTotal - f[i] * conv[i];
    }

    /// <summary>Gain and loss parts of Q(f, g) separately.</summary>
    public void Parts(ReadOnlySpan<double> f, ReadOnlySpan<double> g, Span<double> gain, Span<double> loss)
    {
        CheckLengths(f, gain); CheckLengths(g, loss);
        bool same = f.Overlaps(g) && f.Length == g.Length && Unsafe_SameStart(f, g);
        f.CopyTo(_fIn.Span);
        ForwardMasked(_fIn.Span, _fHat.Span);
        if (!same)
        {
            g.CopyTo(_gIn.Span);
            ForwardMasked(_gIn.Span, _gHat.Span);
        }
        GainFromSpectra(symmetric: same);
        _fft.BackwardReal(_acc.Span, _fIn.Span);
        TensorPrimitives.Multiply(_fIn.Span, _invTotal, gain);
        LossConvolution(same ? _fHat.Span : _gHat.Span, _realTmp.Span);
        TensorPrimitives.Multiply(f, _realTmp.Span, loss);
    }

    /// <summary>The truncated convolution <c>(g * Φ 1_{B_R})(v)</c> on the grid (no b₁).</summary>
    public void Convolution(ReadOnlySpan<double> g, Span<double> result)
    {
        CheckLengths(g, result);
        g.CopyTo(_gIn.Span);
        ForwardMasked(_gIn.Span, _gHat.Span);
        LossConvolution(_gHat.Span, _realTmp.Span);
        TensorPrimitives.Multiply(_realTmp.Span, 1.0 / _kernel.B1, result);
    }

    private static bool Unsafe_SameStart(ReadOnlySpan<double> a, ReadOnlySpan<double> b) =>
        Unsafe.AreSame(ref MemoryMarshal.GetReference(a), ref MemoryMarshal.GetReference(b));

    private void CheckLengths(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        if (a.Length != _total || b.Length != _total) throw new ArgumentException($"arrays must have {_total} entries");
    }

    /// <summary>r2c, scaled by 1/N^d so that inverse transforms give function values; Nyquist modes zeroed.</summary>
    private void ForwardMasked(Span<double> x, Span<Complex> xh)
    {
        _fft.ForwardReal(x, xh);
        for (int m = 0; m < _half; m++) xh[m] = _nyquist[m] ? Complex.Zero : xh[m] * _invTotal;
    }

    /// <summary>conv = IFFT[Ĝ⁻(|ξ|) ĝ] (b₁ included).</summary>
    private void LossConvolution(Span<Complex> gh, Span<double> conv)
    {
        var t = _cTmp.Span;
        for (int m = 0; m < _half; m++) t[m] = gh[m] * _lossWeight[_q2[m]];
        _fft.BackwardReal(t, conv);
    }

    /// <summary>Fills _acc with the (unnormalised r2c-scale) gain spectrum from _fHat (and _gHat unless symmetric).</summary>
    private void GainFromSpectra(bool symmetric)
    {
        int nw = _workers.Length;
        Parallel.For(0, nw, new ParallelOptions { MaxDegreeOfParallelism = nw }, w => RunWorker(_workers[w], w, nw, symmetric));
        var acc = _acc.Span;
        _workers[0].Acc.Span.CopyTo(acc);
        for (int w = 1; w < nw; w++)
        {
            var src = MemoryMarshal.Cast<Complex, double>(_workers[w].Acc.Span);
            var dst = MemoryMarshal.Cast<Complex, double>(acc);
            TensorPrimitives.Add(dst, src, dst);
        }
    }

    private void RunWorker(Worker wk, int w, int nw, bool symmetric)
    {
        wk.Acc.Span.Clear();
        var fh = _fHat.Span;
        var gh = symmetric ? _fHat.Span : _gHat.Span;
        int terms = symmetric ? _pairs.Length : _sphere.Count;
        for (int ir = w; ir < _radial.Count; ir += nw)
        {
            double rho = _radial.Nodes[ir];
            if (_isoWeight is not null)
            {
                var tsum = wk.TSum.Span;
                for (int t = 0; t < terms; t++)
                {
                    int si = symmetric ? _pairs[t].I : t;
                    double ws = symmetric ? 2 * _sphere.Weights[si] : _sphere.Weights[si];
                    ShiftedPair(wk, fh, gh, rho, _sphere.Point(si), ws);
                    if (t == 0) TensorPrimitives.Multiply(wk.A.Span, wk.B.Span, tsum);
                    else TensorPrimitives.FusedMultiplyAdd(wk.A.Span, wk.B.Span, tsum, tsum);
                }
                _fft.ForwardReal(tsum, wk.THat.Span);
                AccumulateRadial(wk.Acc.Span, wk.THat.Span, _isoWeight[ir]);
            }
            else
            {
                if (!symmetric || _pairWeightCache is null) PrepareZonal(wk, rho);
                for (int t = 0; t < terms; t++)
                {
                    int si = symmetric ? _pairs[t].I : t;
                    ShiftedPair(wk, fh, gh, rho, _sphere.Point(si), 1.0);
                    TensorPrimitives.Multiply(wk.A.Span, wk.B.Span, wk.TSum.Span);
                    _fft.ForwardReal(wk.TSum.Span, wk.THat.Span);
                    double wgt = _radial.Weights[ir] * _sphere.Weights[si];
                    if (symmetric)
                    {
                        if (_pairWeightCache is not null) AccumulateCached(wk.Acc.Span, wk.THat.Span, _pairWeightCache[ir * _pairs.Length + t]);
                        else AccumulateDirectional(wk, wk.Acc.Span, wk.THat.Span, _sphere.Point(si), 2 * wgt, realOnly: true);
                    }
                    else AccumulateDirectional(wk, wk.Acc.Span, wk.THat.Span, _sphere.Point(si), wgt, realOnly: false);
                }
            }
        }
    }

    /// <summary>A ← f(v + ρσ/2)·scale, B ← g(v − ρσ/2) (inverse transforms of phase-shifted spectra).</summary>
    private void ShiftedPair(Worker wk, Span<Complex> fh, Span<Complex> gh, double rho, ReadOnlySpan<double> sigma, double scale)
    {
        double c = 0.5 * rho * Math.PI / _grid.L;
        wk.Shift.Prepare(c, sigma);
        wk.Shift.ShiftPair(fh, gh, scale, wk.AHat.Span, wk.BHat.Span);
        _fft.BackwardReal(wk.AHat.Span, wk.A.Span);
        _fft.BackwardReal(wk.BHat.Span, wk.B.Span);
    }

    /// <summary>acc[m] += W(|k_m|²) · t̂[m].</summary>
    private void AccumulateRadial(Span<Complex> acc, Span<Complex> th, double[] weight)
    {
        var a = MemoryMarshal.Cast<Complex, double>(acc);
        var t = MemoryMarshal.Cast<Complex, double>(th);
        var q2 = _q2;
        for (int m = 0; m < _half; m++)
        {
            double w = weight[q2[m]];
            a[2 * m] += w * t[2 * m];
            a[2 * m + 1] += w * t[2 * m + 1];
        }
    }

    private void AccumulateCached(Span<Complex> acc, Span<Complex> th, double[] weight)
    {
        var a = MemoryMarshal.Cast<Complex, double>(acc);
        var t = MemoryMarshal.Cast<Complex, double>(th);
        for (int m = 0; m < _half; m++)
        {
            double w = weight[m];
            a[2 * m] += w * t[2 * m];
            a[2 * m + 1] += w * t[2 * m + 1];
        }
    }

    /// <summary>Per radial node: c_n(|k|²) = (2n+1) j_n(s) λ_n (3D) or ε_n J_n(s) β_n (2D), s = ρ|ξ|/2, for every |k|².</summary>
    private void PrepareZonal(Worker wk, double rho)
    {
        int nmax = _zonal!.Length - 1;
        double dxi = Math.PI / _grid.L;
        var tmp = wk.Bessel;
        for (int q = 0; q <= _q2Max; q++)
        {
            double s = 0.5 * rho * dxi * Math.Sqrt(q);
            int nq = Math.Min(nmax, BesselSeries.TruncationOrder(s));
            var span = tmp.AsSpan(0, nq + 1);
            if (_d == 3) BesselSeries.Spherical(s, span); else BesselSeries.Cylindrical(s, span);
            var row = wk.Zonal.AsSpan(q * (nmax + 1), nmax + 1);
            row.Clear();
            for (int k = 0; k <= nq; k++)
                row[k] = _d == 3 ? (2 * k + 1) * span[k] * _zonal[k] : (k == 0 ? 1 : 2) * span[k] * _zonal[k];
            wk.ZonalOrder[q] = nq;
        }
    }

    /// <summary>
    /// acc[m] += wgt · F(ρ, ξ_m, σ) · t̂[m] with F = Σ_n i^n c_n P_n(t) (3D) or Σ_n i^n c_n T_n(t) (2D), t = ξ̂·σ;
    /// only the real (even-n) part when <paramref name="realOnly"/>.
    /// </summary>
    private void AccumulateDirectional(Worker wk, Span<Complex> acc, Span<Complex> th, ReadOnlySpan<double> sigma, double wgt, bool realOnly)
    {
        int nmax = _zonal!.Length - 1, stride = nmax + 1;
        var zon = wk.Zonal;
        double s0 = sigma[0], s1 = _d == 3 ? sigma[1] : 0, s2 = _d == 3 ? sigma[2] : sigma[1];
        for (int m = 0; m < _half; m++)
        {
            if (_nyquist[m]) continue;
            int q = _q2[m];
            int nq = wk.ZonalOrder[q];
            double t = q == 0 ? 0 : (_k0[m] * s0 + _k1[m] * s1 + _k2[m] * s2) / Math.Sqrt(q);
            int zo = q * stride;
            double re = zon[zo], im = 0;          // n = 0: P_0 = T_0 = 1
            double pPrev = 1, p = t;
            for (int n = 1; n <= nq; n++)
            {
                // p = P_n(t) or T_n(t); i^n: n%4 = 0 → 1, 1 → i, 2 → −1, 3 → −i.
                double c = zon[zo + n] * p;
                switch (n & 3)
                {
                    case 0: re += c; break;
                    case 1: im += c; break;
                    case 2: re -= c; break;
                    default: im -= c; break;
                }
                double pNext = _d == 3 ? ((2 * n + 1) * t * p - n * pPrev) / (n + 1) : 2 * t * p - pPrev;
                pPrev = p; p = pNext;
            }
            if (realOnly) im = 0;
            var z = th[m];
            acc[m] += wgt * new Complex(re * z.Real - im * z.Imaginary, re * z.Imaginary + im * z.Real);
        }
    }

    private void BuildPairWeightCache()
    {
        int nmax = _zonal!.Length - 1;
        var cache = new double[_radial.Count * _pairs.Length][];
        var tmpWorker = new Worker(_total, _half, nmax + 1, _q2Max, _modes, lightweight: true);
        var zero = new AlignedBuffer<Complex>(_half);
        var one = new AlignedBuffer<Complex>(_half);
        one.Span.Fill(Complex.One);
        for (int ir = 0; ir < _radial.Count; ir++)
        {
            PrepareZonal(tmpWorker, _radial.Nodes[ir]);
            for (int p = 0; p < _pairs.Length; p++)
            {
                int si = _pairs[p].I;
                zero.Span.Clear();
                AccumulateDirectional(tmpWorker, zero.Span, one.Span, _sphere.Point(si), 2 * _radial.Weights[ir] * _sphere.Weights[si], realOnly: true);
                var arr = new double[_half];
                var z = zero.Span;
                for (int m = 0; m < _half; m++) arr[m] = z[m].Real;
                cache[ir * _pairs.Length + p] = arr;
            }
        }
        zero.Dispose(); one.Dispose();
        _pairWeightCache = cache;
    }

    public void Dispose()
    {
        foreach (var w in _workers) w.Dispose();
        _fIn.Dispose(); _gIn.Dispose(); _realTmp.Dispose();
        _fHat.Dispose(); _gHat.Dispose(); _acc.Dispose(); _cTmp.Dispose();
        _fft.Dispose();
    }

    private sealed class Worker : IDisposable
    {
        public readonly AlignedBuffer<double> A, B, TSum;
        public readonly AlignedBuffer<Complex> AHat, BHat, THat, Acc;
        public readonly PhaseShift Shift;
        public readonly double[] Zonal, Bessel;
        public readonly int[] ZonalOrder;

        public Worker(int total, int half, int zonalLength, int q2Max, SpectralModes modes, bool lightweight = false)
        {
            int t = lightweight ? 1 : total, h = lightweight ? 1 : half;
            A = new(t); B = new(t); TSum = new(t);
            AHat = new(h); BHat = new(h); THat = new(h); Acc = new(h);
            Shift = new PhaseShift(modes);
            Zonal = new double[zonalLength == 0 ? 0 : (q2Max + 1) * zonalLength];
            Bessel = new double[Math.Max(1, zonalLength) + 8];
            ZonalOrder = new int[q2Max + 1];
        }

        public static long Bytes(int total, int half) => 3L * 8 * total + 4L * 16 * half;

        public void Dispose()
        {
            A.Dispose(); B.Dispose(); TSum.Dispose(); AHat.Dispose(); BHat.Dispose(); THat.Dispose(); Acc.Dispose();
        }
    }
}
