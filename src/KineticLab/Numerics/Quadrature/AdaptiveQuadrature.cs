namespace KineticLab.Numerics.Quadrature;

/// <summary>Result of an adaptive quadrature.</summary>
/// <param name="Value">The integral.</param>
/// <param name="Error">Estimated absolute error (difference between one rule on an interval and the same rule on its halves, summed).</param>
/// <param name="AbsValue">Estimate of the integral of |f| (the scale the relative tolerance refers to).</param>
/// <param name="Evaluations">Function evaluations used.</param>
/// <param name="Converged">Whether the tolerance was met within the interval budget.</param>
/// <param name="Magnitude">
/// Integral of the integrand's magnitude (the sum of the absolute values of the floating-point terms it combines,
/// <see cref="IScaledIntegrand"/>; |f| otherwise): the scale of its round-off.
/// </param>
public readonly record struct QuadratureResult(double Value, double Error, double AbsValue, long Evaluations, bool Converged, double Magnitude = 0);

/// <summary>
/// An integrand that also reports the magnitude of the terms it combines (for an integrand that cancels, such as
/// gain minus loss, the scale of its round-off). The quadrature stops refining once its error estimate is below
/// <see cref="AdaptiveQuadrature.NoiseFactor"/>·ε·∫magnitude, where further refinement would only chase noise.
/// </summary>
public interface IScaledIntegrand : IIntegrand
{
    double Value(double x, out double magnitude);
}

/// <summary>
/// Globally adaptive Gauss–Legendre quadrature with bisection (the QUADPACK QAG strategy, with the
/// error of an interval estimated by comparing an n-point rule on it with the same rule on its two halves).
/// Breakpoints split the initial interval at known kinks; algebraic endpoint singularities are handled by
/// repeated bisection towards the endpoint. Semi-infinite intervals are mapped to [0, 1).
/// An instance holds reusable workspace and is not thread-safe; use one per thread and per nesting level.
/// </summary>
public sealed class AdaptiveQuadrature
{
    private readonly GaussLegendre _rule;
    private Seg[] _segs = new Seg[64];
    private int _count;
    private readonly PriorityQueue<int, double> _heap = new();

    private struct Seg
    {
        public double A, B, Left, Right, Err, AbsL, AbsR, MagL, MagR;
        public double Value => Left + Right;
    }

    /// <summary>Refinement stops when the error is below NoiseFactor·ε·∫magnitude.</summary>
    public const double NoiseFactor = 64;

    private const double Eps = 2.220446049250313e-16;

    /// <summary>Adapter giving a plain integrand the magnitude |f|.</summary>
    private struct AbsScaled<TF>(TF f) : IScaledIntegrand where TF : struct, IIntegrand
    {
        public TF F = f;
        public double Value(double x) => F.Value(x);

        public double Value(double x, out double magnitude)
        {
            double v = F.Value(x);
            magnitude = Math.Abs(v);
            return v;
        }
    }

    /// <param name="order">Points of the Gauss–Legendre rule per half interval.</param>
    /// <param name="maxSegments">Budget of subintervals.</param>
    public AdaptiveQuadrature(int order = 8, int maxSegments = 4000)
    {
        _rule = GaussLegendre.Get(order);
        MaxSegments = maxSegments;
    }

    public int MaxSegments { get; set; }

    /// <summary>
    /// Integrates over [a, b] split at <paramref name="breaks"/> (points outside (a, b) are ignored).
    /// Stops when the estimated error is at most max(absTol, relTol · ∫|f|).
    /// </summary>
    public QuadratureResult Integrate<TF>(ref TF f, double a, double b, double relTol, double absTol,
        ReadOnlySpan<double> breaks = default) where TF : struct, IIntegrand
    {
        var w = new AbsScaled<TF>(f);
        var r = IntegrateScaled(ref w, a, b, relTol, absTol, breaks);
        f = w.F;
        return r;
    }

    /// <summary>
    /// As <see cref="Integrate{TF}"/>, for an integrand that reports its magnitude: the stopping test is
    /// error ≤ max(absTol, relTol·∫|f|, <see cref="NoiseFactor"/>·ε·∫magnitude).
    /// </summary>
    public QuadratureResult IntegrateScaled<TF>(ref TF f, double a, double b, double relTol, double absTol,
        ReadOnlySpan<double> breaks = default) where TF : struct, IScaledIntegrand
    {
        if (!(b > a)) return new QuadratureResult(0, 0, 0, 0, true);
        _count = 0;
        _heap.Clear();
        long evals = 0;
        Span<double> pts = stackalloc double[breaks.Length + 2];
        int np = 0;
        pts[np++] = a;
        // Insert breakpoints in order (they are few: insertion sort).
        foreach (var x in breaks)
        {
            if (!(x > a && x < b)) continue;
            int k = np;
            while (k > 1 && pts[k - 1] > x) { pts[k] = pts[k - 1]; k--; }
            if (pts[k - 1] == x) { for (int j = k; j < np; j++) pts[j] = pts[j + 1]; continue; }
            pts[k] = x; np++;
        }
        pts[np++] = b;

        double total = 0, totalAbs = 0, totalErr = 0, totalMag = 0;
        for (int i = 0; i + 1 < np; i++)
        {
            double whole = Rule(ref f, pts[i], pts[i + 1], out _, out _);
            evals += _rule.N;
            int id = NewSeg(ref f, pts[i], pts[i + 1], whole, ref evals);
            ref var s = ref _segs[id];
            total += s.Value; totalAbs += s.AbsL + s.AbsR; totalErr += s.Err; totalMag += s.MagL + s.MagR;
        }

        bool converged = true;
        while (totalErr > Math.Max(Math.Max(absTol, relTol * totalAbs), NoiseFactor * Eps * totalMag))
        {
            if (_count + 2 > MaxSegments || !_heap.TryDequeue(out int worst, out _)) { converged = false; break; }
            var w = _segs[worst];
            double m = 0.5 * (w.A + w.B);
            if (!(m > w.A && m < w.B)) { converged = false; break; } // interval exhausted in floating point
            total -= w.Value; totalAbs -= w.AbsL + w.AbsR; totalErr -= w.Err; totalMag -= w.MagL + w.MagR;
            int l = NewSeg(ref f, w.A, m, w.Left, ref evals, reuse: worst);
            int r = NewSeg(ref f, m, w.B, w.Right, ref evals);
            ref var sl = ref _segs[l];
            ref var sr = ref _segs[r];
            total += sl.Value + sr.Value;
            totalAbs += sl.AbsL + sl.AbsR + sr.AbsL + sr.AbsR;
            totalMag += sl.MagL + sl.MagR + sr.MagL + sr.MagR;
            totalErr += sl.Err + sr.Err;
            if (totalErr < 0) totalErr = 0;
        }

        // Exact re-summation over the leaves (the running sums accumulate rounding).
        double sum = 0, sumAbs = 0, err = 0, mag = 0;
        for (int i = 0; i < _count; i++)
        {
            sum += _segs[i].Value; sumAbs += _segs[i].AbsL + _segs[i].AbsR; err += _segs[i].Err; mag += _segs[i].MagL + _segs[i].MagR;
        }
        if (!double.IsFinite(sum)) converged = false;
        return new QuadratureResult(sum, err, sumAbs, evals, converged, mag);
    }

    /// <summary>
    /// Integrates over [a, ∞) through x = a + L·t/(1−t), t ∈ [0, 1), with <paramref name="scale"/> L the length
    /// scale of the integrand's decay. Breakpoints (in x) are mapped accordingly.
    /// </summary>
    public QuadratureResult IntegrateToInfinity<TF>(ref TF f, double a, double scale, double relTol, double absTol,
        ReadOnlySpan<double> breaks = default) where TF : struct, IIntegrand
    {
        var w = new AbsScaled<TF>(f);
        var r = IntegrateScaledToInfinity(ref w, a, scale, relTol, absTol, breaks);
        f = w.F;
        return r;
    }

    /// <summary>Semi-infinite version of <see cref="IntegrateScaled{TF}"/>.</summary>
    public QuadratureResult IntegrateScaledToInfinity<TF>(ref TF f, double a, double scale, double relTol, double absTol,
        ReadOnlySpan<double> breaks = default) where TF : struct, IScaledIntegrand
    {
        if (!(scale > 0)) throw new ArgumentOutOfRangeException(nameof(scale));
        var mapped = new SemiInfiniteMap<TF>(f, a, scale);
        Span<double> tb = stackalloc double[breaks.Length];
        int k = 0;
        foreach (var x in breaks) if (x > a && double.IsFinite(x)) tb[k++] = (x - a) / (x - a + scale);
        var r = IntegrateScaled(ref mapped, 0, 1, relTol, absTol, tb[..k]);
        f = mapped.Inner;
        return r;
    }

    private int NewSeg<TF>(ref TF f, double a, double b, double whole, ref long evals, int reuse = -1) where TF : struct, IScaledIntegrand
    {
        double m = 0.5 * (a + b);
        double left = Rule(ref f, a, m, out double absL, out double magL);
        double right = Rule(ref f, m, b, out double absR, out double magR);
        evals += 2 * _rule.N;
        int id = reuse >= 0 ? reuse : _count++;
        if (id >= _segs.Length) Array.Resize(ref _segs, _segs.Length * 2);
        ref var s = ref _segs[id];
        s.A = a; s.B = b; s.Left = left; s.Right = right; s.AbsL = absL; s.AbsR = absR; s.MagL = magL; s.MagR = magR;
        s.Err = Math.Abs(left + right - whole);
        if (!double.IsFinite(s.Err)) s.Err = double.PositiveInfinity;
        _heap.Enqueue(id, -s.Err);
        return id;
    }

    private double Rule<TF>(ref TF f, double a, double b, out double absSum, out double magSum) where TF : struct, IScaledIntegrand
    {
        double c = 0.5 * (a + b), h = 0.5 * (b - a), s = 0, sa = 0, sm = 0;
        var x = _rule.Nodes; var w = _rule.Weights;
        for (int i = 0; i < x.Length; i++)
        {
            double v = f.Value(c + h * x[i], out double mg);
            s += w[i] * v; sa += w[i] * Math.Abs(v); sm += w[i] * mg;
        }
        absSum = sa * Math.Abs(h);
        magSum = sm * Math.Abs(h);
        return s * h;
    }

    private struct SemiInfiniteMap<TF>(TF inner, double a, double scale) : IScaledIntegrand where TF : struct, IScaledIntegrand
    {
        public TF Inner = inner;

        public double Value(double t) => Value(t, out _);

        public double Value(double t, out double magnitude)
        {
            magnitude = 0;
            if (t >= 1) return 0;
            double u = 1 - t;
            double x = a + scale * t / u;
            if (!double.IsFinite(x)) return 0;
            double v = Inner.Value(x, out double m);
            if (v == 0 && m == 0) return 0;
            double jac = scale / (u * u);
            magnitude = m * jac;
            return v * jac;
        }
    }
}
