using KineticLab.Numerics.Quadrature;

namespace KineticLab.WaveKinetic.Isotropic;

/// <summary>Value of an operator at one point, with the quadrature's error estimate and cost.</summary>
public readonly record struct OperatorValue(double Value, double Error, long Evaluations, bool Converged);

/// <summary>How the full operator is integrated where gain and loss cancel.</summary>
public enum PairingMode
{
    /// <summary>Pair (ω2, ω3) ↔ (ω3, ω2) on [0, ω1/2]² (the default for the full operator).</summary>
    On,
    /// <summary>Integrate the pointwise-cancelled integrand without pairing (an independent check).</summary>
    Off,
}

/// <summary>Tolerances of the pointwise operator.</summary>
/// <param name="RelTol">Relative tolerance of the outer integrals, per subdomain, against ∫|integrand|.</param>
/// <param name="InnerRelTol">Relative tolerance of the inner integrals.</param>
/// <param name="Order">Gauss–Legendre points per half interval.</param>
/// <param name="MaxSegments">Subinterval budget per one-dimensional integral.</param>
/// <param name="Pairing">Integration of the full operator.</param>
/// <param name="Truncation">
/// Λ: integrate over the truncated resonant manifold, all four frequencies ≤ Λ (∞: no truncation).
/// Needed for data whose gain and loss integrals diverge separately (Rayleigh–Jeans, power laws).
/// </param>
public sealed record IsotropicQuadratureOptions(
    double RelTol = 1e-10,
    double InnerRelTol = 1e-12,
    int Order = 8,
    int MaxSegments = 4000,
    PairingMode Pairing = PairingMode.On,
    double Truncation = double.PositiveInfinity)
{
    public void Validate()
    {
        if (!(Truncation > 0)) throw new InvalidInputException("truncation", Require.Fmt(Truncation), "must be > 0 (or infinite)");
        Require.InRange("rtol", RelTol, 1e-15, 0.1);
        Require.InRange("inner_rtol", InnerRelTol, 1e-15, 0.1);
        Require.IntInRange("order", Order, 2, 64);
        Require.IntInRange("max_segments", MaxSegments, 16, 1_000_000);
    }
}

/// <summary>
/// Pointwise evaluation of the isotropic 4-wave collision operator <c>C[n](ω1)</c>, its gain and loss parts and
/// the trilinear forms <c>C^j[k,l,m]</c>, for callable spectra, by nested adaptive quadrature in the variables
/// (ω2, ω3) (ω4 = ω1 + ω2 − ω3, unit Jacobian), split along the kinks of the integrand: the subdomains
/// D1, D21, D22, D3 of the min{ω1, ω2, ω3} factor, the domain edge ω2 = 2ω3 − ω1, and the algebraic endpoint
/// singularities at ω = 0 (handled by bisection towards them).
/// <para>
/// The full operator is formed so that gain and loss cancel pointwise:
/// <c>Q = n2n3(n4 − n1) + n1n4(n3 − n2)</c> with accurate differences (<see cref="Spectrum.Difference"/>), and
/// on the square [0, ω1/2]² the points (ω2, ω3) and (ω3, ω2) are paired, which cancels the leading
/// <c>n'(ω1)(ω2 − ω3)</c> term exactly (the full operator of a smooth datum is two powers of ω1 below its gain).
/// </para>
/// Thread-safe: each call allocates its own workspace.
/// </summary>
public sealed class IsotropicCollisionOperator
{
    public IsotropicCollisionOperator(double beta, IsotropicQuadratureOptions? options = null)
    {
        Beta = Require.InRange("beta", beta, 0, 2, "must be in [0, 2] (the seed's range is [0, 1])");
        Options = options ?? new IsotropicQuadratureOptions();
        Options.Validate();
    }

    public double Beta { get; }
    public IsotropicQuadratureOptions Options { get; }

    /// <summary>C[n](ω1), G[n](ω1) or L[n](ω1).</summary>
    public OperatorValue Evaluate(Spectrum n, double omega1, CollisionPart part = CollisionPart.Full)
    {
        CheckOmega(omega1);
        var mode = part switch
        {
            CollisionPart.Full => Mode.Full,
            CollisionPart.Gain => Mode.Gain,
            CollisionPart.Loss => Mode.Loss,
            _ => throw new ArgumentOutOfRangeException(nameof(part)),
        };
        var k = new Kernel(Beta, omega1, mode, n, n, n);
        // Pairing needs both partners ω4 = ω1 ± δ ≤ 1.5ω1 inside the truncated manifold.
        if (mode == Mode.Full && Options.Pairing == PairingMode.On && Options.Truncation >= 1.5 * omega1)
            return IntegratePaired(k, n.Scale);
        return IntegratePlain(k, Subdomain.All, n.Scale);
    }

    /// <summary>The trilinear form <c>C^j[k,l,m](ω1)</c> restricted to the chosen subdomains (3.5)–(3.15).</summary>
    public OperatorValue Trilinear(TrilinearTerm term, Spectrum k, Spectrum l, Spectrum m, double omega1,
        Subdomain pieces = Subdomain.All)
    {
        CheckOmega(omega1);
        var mode = term switch
        {
            TrilinearTerm.C234 => Mode.T234,
            TrilinearTerm.C134 => Mode.T134,
            TrilinearTerm.C123 => Mode.T123,
            TrilinearTerm.C124 => Mode.T124,
            _ => throw new ArgumentOutOfRangeException(nameof(term)),
        };
        var ker = new Kernel(Beta, omega1, mode, k, l, m);
        return IntegratePlain(ker, pieces, Math.Min(k.Scale, Math.Min(l.Scale, m.Scale)));
    }

    /// <summary>The collision frequency ν[n](ω1) = L[n](ω1)/n(ω1) = K∫S̃ n2(n3 + n4).</summary>
    public OperatorValue CollisionFrequency(Spectrum n, double omega1)
    {
        CheckOmega(omega1);
        var k = new Kernel(Beta, omega1, Mode.Frequency, n, n, n);
        return IntegratePlain(k, Subdomain.All, n.Scale);
    }

    private void CheckOmega(double w)
    {
        if (!(w > 0) || !double.IsFinite(w)) throw new InvalidInputException("omega", Require.Fmt(w), "must be a finite number > 0");
        if (w > Options.Truncation)
            throw new InvalidInputException("omega", Require.Fmt(w), $"must not exceed the truncation Λ = {Require.Fmt(Options.Truncation)}");
    }

    // ---------------------------------------------------------------- integration over the subdomains

    private enum Region { D21, D22, D3, D1, T, D3a, D3b }

    private OperatorValue IntegratePlain(Kernel k, Subdomain pieces, double scale)
    {
        var regions = new List<Region>(4);
        // Dominant regions first: their scale sets the absolute floors of the others.
        if ((pieces & Subdomain.D21) != 0) regions.Add(Region.D21);
        if ((pieces & Subdomain.D3) != 0) regions.Add(Region.D3);
        if ((pieces & Subdomain.D22) != 0) regions.Add(Region.D22);
        if ((pieces & Subdomain.D1) != 0) regions.Add(Region.D1);
        return IntegrateRegions(k, regions, scale);
    }

    private OperatorValue IntegratePaired(Kernel k, double scale) =>
        IntegrateRegions(k, [Region.T, Region.D3a, Region.D3b, Region.D22, Region.D1], scale); // T ∪ D21 paired

    /// <summary>
    /// Two passes. A coarse one (relative tolerance 1e-3, regions in order of importance, each with the floor of
    /// those before it) gives the scale S = Σ∫|integrand|. The fine pass uses the absolute floors τ·S on the outer
    /// integrals and τ·S/width on the inner ones (so that inner errors add up to at most τ·S over the outer range):
    /// regions and ranges that contribute negligibly (D1, oscillating tails) are not resolved to their own relative
    /// accuracy. Every integral also stops at its round-off level, 64ε·∫(magnitudes of the terms the integrand
    /// combines), so an integrand that cancels exactly (Rayleigh–Jeans) is not chased below its noise. Every range
    /// is split geometrically from its lower end (at lo + scale·2^k), where the integrands concentrate, so that no
    /// peak is missed by the first samples.
    /// </summary>
    private OperatorValue IntegrateRegions(Kernel k, IReadOnlyList<Region> regions, double scale)
    {
        double s = 0;
        long coarseEvals = 0;
        foreach (var r in regions)
        {
            var c = IntegrateRegion(k, r, scale, 1e-3, 1e-5, s);
            s += c.Abs;
            coarseEvals += c.Value.Evaluations;
        }
        var acc = new Accumulator();
        acc.AddEvaluations(coarseEvals);
        foreach (var r in regions)
            acc.Add(IntegrateRegion(k, r, scale, Options.RelTol, Options.InnerRelTol, s).Value);
        return acc.Result;
    }

    private struct Accumulator
    {
        private double _v, _e;
        private long _n;
        private bool _bad;

        public void AddEvaluations(long n) => _n += n;

        public void Add(OperatorValue r)
        {
            _v += r.Value; _e += r.Error; _n += r.Evaluations;
            _bad |= !r.Converged;
        }

        public readonly OperatorValue Result => new(_v, _e, _n, !_bad && double.IsFinite(_v));
    }

    /// <summary>Geometric breakpoints lo + scale·2^k (k = −3, −2, ...) below hi; at most 60.</summary>
    internal static int GeometricBreaks(double lo, double hi, double scale, Span<double> buf)
    {
        int n = 0;
        double step = scale / 8;
        while (n < buf.Length && lo + step < hi)
        {
            buf[n++] = lo + step;
            step *= 2;
        }
        return n;
    }

    private static QuadratureResult Finite<TF>(AdaptiveQuadrature q, ref TF f, double lo, double hi, double scale, double tol, double abs)
        where TF : struct, IScaledIntegrand
    {
        if (!(hi > lo)) return new QuadratureResult(0, 0, 0, 0, true);
        Span<double> br = stackalloc double[60];
        int nb = GeometricBreaks(lo, hi, scale, br);
        return q.IntegrateScaled(ref f, lo, hi, tol, abs, br[..nb]);
    }

    private static QuadratureResult Infinite<TF>(AdaptiveQuadrature q, ref TF f, double lo, double scale, double tol, double abs)
        where TF : struct, IScaledIntegrand
    {
        Span<double> br = stackalloc double[14];
        int nb = GeometricBreaks(lo, lo + scale * 1024, scale, br);
        return q.IntegrateScaledToInfinity(ref f, lo, Math.Max(scale, lo), tol, abs, br[..nb]);
    }

    private (OperatorValue Value, double Abs) IntegrateRegion(Kernel k, Region region, double scale,
        double relTol, double innerRelTol, double totalScale)
    {
        double w1 = k.W1, h = 0.5 * w1;
        var outerQ = new AdaptiveQuadrature(Options.Order, Options.MaxSegments);
        var innerQ = new AdaptiveQuadrature(Options.Order, Options.MaxSegments);
        double lam = Options.Truncation;
        double width = region switch
        {
            Region.D21 or Region.T or Region.D3a or Region.D22 or Region.D3b => h,
            Region.D3 => w1,
            _ => Math.Max(scale, w1),
        };
        double outerAbs = relTol * totalScale, innerAbs = relTol * totalScale / width;
        var outer = new Outer(k, region, innerQ, innerRelTol, innerAbs, scale, lam);
        QuadratureResult r = region switch
        {
            Region.D21 or Region.T or Region.D3a => Finite(outerQ, ref outer, 0, h, scale, relTol, outerAbs),
            Region.D22 or Region.D3b => Finite(outerQ, ref outer, h, w1, scale, relTol, outerAbs),
            Region.D3 => Finite(outerQ, ref outer, 0, w1, scale, relTol, outerAbs),
            Region.D1 => double.IsPositiveInfinity(lam)
                ? Infinite(outerQ, ref outer, w1, Math.Max(scale, w1), relTol, outerAbs)
                : Finite(outerQ, ref outer, w1, lam, scale, relTol, outerAbs),
            _ => throw new ArgumentOutOfRangeException(nameof(region)),
        };
        double err = r.Error + innerRelTol * r.AbsValue + innerAbs * width;
        var v = new OperatorValue(r.Value, err, r.Evaluations + outer.InnerEvaluations, r.Converged && outer.InnerConverged);
        return (v, r.AbsValue);
    }

    /// <summary>The outer integrand: ω3 ↦ ∫ (integrand) dω2 over the region's inner range.</summary>
    private struct Outer(Kernel k, Region region, AdaptiveQuadrature q, double tol, double abs, double scale, double lam) : IScaledIntegrand
    {
        public long InnerEvaluations;
        public bool InnerConverged = true;

        /// <summary>∫_lo^∞ on the untruncated manifold; ∫_lo^{Λ − ω1 + ω3} (so that ω2, ω4 ≤ Λ) when truncated.</summary>
        private readonly QuadratureResult Tail(ref Plain f, double lo, double w3)
        {
            if (double.IsPositiveInfinity(lam)) return Infinite(q, ref f, lo, scale, tol, abs);
            double hi = Math.Min(lam, lam - k.W1 + w3);
            return Finite(q, ref f, lo, hi, scale, tol, abs);
        }

        public double Value(double w3) => Value(w3, out _);

        public double Value(double w3, out double magnitude)
        {
            double w1 = k.W1, h = 0.5 * w1;
            QuadratureResult r;
            switch (region)
            {
                case Region.D21:
                {
                    var f = new Plain(k, w3);
                    r = Finite(q, ref f, 0, w3, scale, tol, abs);
                    break;
                }
                case Region.D22:
                {
                    var f = new Plain(k, w3);
                    r = Finite(q, ref f, Math.Max(0, 2 * w3 - w1), w3, scale, tol, abs);
                    break;
                }
                case Region.D3:
                {
                    var f = new Plain(k, w3);
                    if (w3 < h)
                    {
                        // ω4 ≤ Λ caps ω2 at Λ − ω1 + ω3, which may fall below ω1/2 when Λ < 1.5ω1.
                        double cap = Math.Min(lam, lam - w1 + w3);
                        var a = Finite(q, ref f, w3, Math.Min(h, cap), scale, tol, abs);
                        r = cap > h ? Combine(a, Tail(ref f, h, w3)) : a;
                    }
                    else r = Tail(ref f, w3, w3);
                    break;
                }
                case Region.D1:
                {
                    var f = new Plain(k, w3);
                    r = Tail(ref f, 2 * w3 - w1, w3);
                    break;
                }
                case Region.T:
                {
                    var f = new Paired(k, w3);
                    r = Finite(q, ref f, w3, h, scale, tol, abs);
                    break;
                }
                case Region.D3a:
                {
                    var f = new Plain(k, w3);
                    r = Tail(ref f, h, w3);
                    break;
                }
                case Region.D3b:
                {
                    var f = new Plain(k, w3);
                    r = Tail(ref f, w3, w3);
                    break;
                }
                default:
                    throw new InvalidOperationException();
            }
            InnerEvaluations += r.Evaluations;
            InnerConverged &= r.Converged;
            magnitude = r.Magnitude;
            return r.Value;
        }

        private static QuadratureResult Combine(QuadratureResult a, QuadratureResult b) =>
            new(a.Value + b.Value, a.Error + b.Error, a.AbsValue + b.AbsValue, a.Evaluations + b.Evaluations, a.Converged && b.Converged,
                a.Magnitude + b.Magnitude);
    }

    private struct Plain(Kernel k, double w3) : IScaledIntegrand
    {
        public readonly double Value(double w2) => k.Plain(w2, w3, out _);
        public readonly double Value(double w2, out double magnitude) => k.Plain(w2, w3, out magnitude);
    }

    private struct Paired(Kernel k, double b) : IScaledIntegrand
    {
        public readonly double Value(double a) => k.Paired(a, b, out _);
        public readonly double Value(double a, out double magnitude) => k.Paired(a, b, out magnitude);
    }

    internal enum Mode { Full, Gain, Loss, Frequency, T234, T134, T123, T124 }

    /// <summary>The integrand at (ω2, ω3) for fixed ω1: kernel times the selected product of spectra.</summary>
    internal sealed class Kernel
    {
        public readonly double W1, Beta, Pref;
        private readonly Mode _mode;
        private readonly Spectrum _f, _g, _h;
        private readonly double _f1, _g1, _h1;

        public Kernel(double beta, double w1, Mode mode, Spectrum f, Spectrum g, Spectrum h)
        {
            W1 = w1; Beta = beta; _mode = mode; _f = f; _g = g; _h = h;
            Pref = IsotropicKernel.K * Math.Pow(w1, beta - 0.5);
            _f1 = f.Value(w1); _g1 = g.Value(w1); _h1 = h.Value(w1);
        }

        private double Weight(double w2, double w3, double w4) =>
            Pref * Math.Sqrt(Math.Min(W1, Math.Min(w2, w3))) * (Beta == 0 ? 1.0 : Math.Pow(w2 * w3 * w4, Beta));

        /// <summary>The integrand at (ω2, ω3), and the sum of the magnitudes of the terms it adds (its round-off scale).</summary>
        public double Plain(double w2, double w3, out double magnitude)
        {
            magnitude = 0;
            double w4 = W1 + w2 - w3;
            if (w2 < 0 || w4 < 0) return 0;
            double p, m = -1;   // m: magnitude of the terms added (set where the integrand cancels)
            switch (_mode)
            {
                case Mode.Full:
                {
                    double n2 = _f.Value(w2), n3 = _f.Value(w3), n4 = _f.Value(w4);
                    double t1 = n2 * n3 * _f.Difference(w4, W1), t2 = _f1 * n4 * _f.Difference(w3, w2);
                    p = t1 + t2;
                    m = Math.Abs(t1) + Math.Abs(t2);
                    break;
                }
                case Mode.Gain:
                {
                    double n2 = _f.Value(w2), n3 = _f.Value(w3), n4 = _f.Value(w4);
                    p = n3 * n4 * (_f1 + n2);
                    break;
                }
                case Mode.Loss:
                {
                    double n2 = _f.Value(w2), n3 = _f.Value(w3), n4 = _f.Value(w4);
                    p = _f1 * n2 * (n3 + n4);
                    break;
                }
                case Mode.Frequency:
                {
                    double n2 = _f.Value(w2), n3 = _f.Value(w3), n4 = _f.Value(w4);
                    p = n2 * (n3 + n4);
                    break;
                }
                case Mode.T234: p = _f.Value(w2) * _g.Value(w3) * _h.Value(w4); break;
                case Mode.T134: p = _f1 * _g.Value(w3) * _h.Value(w4); break;
                case Mode.T123: p = _f1 * _g.Value(w2) * _h.Value(w3); break;
                case Mode.T124: p = _f1 * _g.Value(w2) * _h.Value(w4); break;
                default: throw new InvalidOperationException();
            }
            if (m < 0) m = Math.Abs(p);
            // The product decays faster than the weight grows: test it first so that huge ω never gives ∞·0.
            if (m == 0) return 0;
            double wt = Weight(w2, w3, w4);
            magnitude = wt * m;
            return wt * p;
        }

        /// <summary>
        /// F(a, b) + F(b, a) for the full operator, 0 ≤ b ≤ a ≤ ω1/2 (so min = b), δ = a − b:
        /// c·[n_a n_b (w₊d₊ + w₋d₋) + n1 (n_b − n_a)(w₊n₄₊ − w₋n₄₋)], w± = (ω1 ± δ)^β, d± = n(ω1 ± δ) − n1.
        /// </summary>
        public double Paired(double a, double b, out double magnitude)
        {
            magnitude = 0;
            double d = a - b;
            double wp = W1 + d, wm = W1 - d;
            double bp = Beta == 0 ? 1.0 : Math.Pow(wp, Beta), bm = Beta == 0 ? 1.0 : Math.Pow(wm, Beta);
            double na = _f.Value(a), nb = _f.Value(b);
            double dp = _f.Difference(wp, W1), dm = _f.Difference(wm, W1);
            double dba = _f.Difference(b, a);
            double sum = na * nb * (bp * dp + bm * dm) + _f1 * dba * (bp * (_f1 + dp) - bm * (_f1 + dm));
            double mag = Math.Abs(na * nb) * (Math.Abs(bp * dp) + Math.Abs(bm * dm))
                       + Math.Abs(_f1 * dba) * (Math.Abs(bp * (_f1 + dp)) + Math.Abs(bm * (_f1 + dm)));
            if (mag == 0) return 0;
            double c = Pref * Math.Sqrt(b) * (Beta == 0 ? 1.0 : Math.Pow(a * b, Beta));
            magnitude = c * mag;
            return c * sum;
        }
    }
}
