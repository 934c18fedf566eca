using KineticLab.Numerics;

namespace KineticLab.WaveKinetic.Isotropic;

/// <summary>
/// An independent reference for the isotropic operator <c>C[n](ω1)</c> (full, gain or loss, untruncated manifold),
/// for checking <see cref="IsotropicCollisionOperator"/> up to large ω1 (the threshold claims use ω1 ≤ 10⁴).
/// It shares the ω-reduction (docs/kwe-isotropic-derivation.md, ordered form, K = 2π²) and nothing else:
/// <list type="bullet">
/// <item>Variables (δ, ω3) with δ = ω4 − ω1 = ω2 − ω3 (outer) and ω3 (inner), unit Jacobian: a shear of the
/// operator's (ω3 outer, ω2 inner).</item>
/// <item>Splitting by δ, not by the subdomains of min{ω1, ω2, ω3}: the points (δ, ω3) and (−δ, ω3 + δ), i.e. (ω2, ω3) and
/// (ω3, ω2), are summed on the triangle P = {0 ≤ δ ≤ ω1/2, 0 ≤ ω3 ≤ ω1 − 2δ} where both lie in the ordered domain (the
/// operator pairs on the square [0, ω1/2]² only); the rest, δ &gt; 0 outside P, is integrated unpaired in three pieces
/// cut at ω3 = ω1 (the only kink of min there) and at the edge of P.</item>
/// <item>Quadrature: non-adaptive double-exponential rules with step halving until two levels agree — tanh-sinh
/// on finite ranges (it clusters nodes doubly exponentially at both ends, where the singularities ω3^{β+1/2} and
/// the concentrated parts of the integrand lie) and exp-sinh on δ ∈ [ω1/2, ∞). No geometric splitting, no
/// bisection, no Gauss–Legendre rule, no magnitude floors. The inner integrands take the offset from the lower end of
/// their range, so that ω3 near 0 keeps full relative precision.</item>
/// <item>The paired full integrand keeps the second difference <c>w₊d₊ + w₋d₋</c> (<c>d± = n(ω1 ± δ) − n1</c>,
/// <c>w± = (ω1 ± δ)^β</c>) as the operator does — that identity is what makes the full operator computable at large ω1 —
/// with <c>w₊ − w₋</c> formed through expm1/log1p. Differences of n come from <see cref="Spectrum.Difference"/>; use
/// <see cref="InverseCubeDatum"/> for a datum whose differences are exact rational formulas (independent of
/// <see cref="SmoothDatum"/>'s).</item>
/// </list>
/// Slow (10⁵–10⁶ integrand evaluations per point): a reference for tests and <c>kineticlab validate</c>.
/// </summary>
public static class DoubleExponentialReference
{
    /// <summary>Result: the value, whether every integral met its tolerance, and the number of integrand evaluations.</summary>
    public readonly record struct Result(double Value, bool Converged, long Evaluations);

    private const double K = 2 * Math.PI * Math.PI;   // = IsotropicKernel.K (checked by the closed-form tests)

    /// <summary>
    /// C[n](ω1), G or L at β; relTol is the relative tolerance of the outer integrals. Two passes: a coarse one
    /// (tolerance 1e-3, at most 2^5 steps per unit) gives the scale S = ∫|outer integrand|; the fine one stops every
    /// outer integral at max(relTol·|value|, relTol·S) and every inner one at max(relTol/100·|value|, relTol·S/(100·T·w)),
    /// w the weight of its outer node and T the length of the outer rule's range, so that the inner errors add up to at
    /// most relTol·S/100 (negligible contributions, e.g. 1e-80 of the total, are not resolved to their own precision).
    /// </summary>
    public static Result Evaluate(Spectrum n, double beta, double omega1, CollisionPart part, double relTol = 1e-11)
    {
        if (!(omega1 > 0) || !double.IsFinite(omega1)) throw new InvalidInputException("omega", Require.Fmt(omega1), "must be a finite number > 0");
        Require.InRange("beta", beta, 0, 2, "must be in [0, 2]");
        Require.InRange("rtol", relTol, 1e-14, 1e-3);
        var coarse = Run(n, beta, omega1, part, 1e-3, 0, 5);
        var fine = Run(n, beta, omega1, part, relTol, relTol * coarse.Scale, DoubleExponential.MaxLevel);
        return new Result(fine.Value, fine.Converged, coarse.Evaluations + fine.Evaluations);
    }

    private static (double Value, double Scale, bool Converged, long Evaluations) Run(Spectrum n, double beta, double omega1,
        CollisionPart part, double relTol, double absTol, int maxLevel)
    {
        var ctx = new Context(n, beta, omega1, part, relTol / 100, absTol / 100, maxLevel);
        double h = omega1 / 2;
        var low = DoubleExponential.TanhSinh((d, w) => ctx.Low(d, w * DoubleExponential.TanhSinhRange), h, relTol, absTol, maxLevel);
        var high = DoubleExponential.ExpSinh((d, w) => ctx.High(h + d, w * DoubleExponential.ExpSinhRange), Math.Max(1, h), relTol, absTol, maxLevel);
        return (low.Value + high.Value, low.Magnitude + high.Magnitude, low.Converged && high.Converged && ctx.InnerConverged,
            low.Evaluations + high.Evaluations + ctx.InnerEvaluations);
    }

    private sealed class Context(Spectrum n, double beta, double w1, CollisionPart part, double innerTol, double innerAbs, int maxLevel)
    {
        private readonly double _n1 = n.Value(w1);
        private readonly double _pref = K * Math.Pow(w1, beta - 0.5);
        public long InnerEvaluations;
        public bool InnerConverged = true;

        /// <param name="wt">the outer node's weight times the length of the outer rule's range</param>
        private double Inner(Func<double, double> f, double length, double wt)
        {
            if (!(length > 0)) return 0;
            var r = DoubleExponential.TanhSinh((t, _) => f(t), length, innerTol, innerAbs / wt, maxLevel);
            InnerEvaluations += r.Evaluations;
            InnerConverged &= r.Converged;
            return r.Value;
        }

        /// <summary>δ ∈ [0, ω1/2]: the paired triangle P (ω3 ∈ [0, ω1 − 2δ]) and the unpaired ω3 ∈ [ω1 − 2δ, ω1], [ω1, ω1 + δ].</summary>
        public double Low(double d, double wt) =>
            Inner(t => Paired(d, t), w1 - 2 * d, wt)
            + Inner(t => Plain(d, w1 - 2 * d + t), 2 * d, wt)
            + Inner(t => Plain(d, w1 + t), d, wt);

        /// <summary>δ ≥ ω1/2: unpaired, ω3 ∈ [0, ω1] and [ω1, ω1 + δ].</summary>
        public double High(double d, double wt) =>
            Inner(t => Plain(d, t), w1, wt) + Inner(t => Plain(d, w1 + t), d, wt);

        private double Pow(double x, double p) => p == 0 ? 1 : Math.Pow(x, p);

        /// <summary>The integrand at ω3, ω2 = ω3 + δ, ω4 = ω1 + δ.</summary>
        private double Plain(double d, double w3)
        {
            double w2 = w3 + d, w4 = w1 + d;
            double n2 = n.Value(w2), n3 = n.Value(w3), n4 = n.Value(w4);
            double f = part switch
            {
                CollisionPart.Gain => n3 * n4 * (_n1 + n2),
                CollisionPart.Loss => _n1 * n2 * (n3 + n4),
                _ => n2 * n3 * n.Difference(w4, w1) + _n1 * n4 * n.Difference(w3, w2),
            };
            if (f == 0) return 0;   // before the weight, which may overflow where the product has underflowed
            return _pref * Math.Sqrt(Math.Min(w1, Math.Min(w2, w3))) * Pow(w2 * w3 * w4, beta) * f;
        }

        /// <summary>
        /// The sum of the integrand at (ω2, ω3, ω4) = (b + δ, b, ω1 + δ) and at (b, b + δ, ω1 − δ), b = ω3 of the first point.
        /// Both have min{ω1, ω2, ω3} = b on P.
        /// </summary>
        private double Paired(double d, double b)
        {
            double a = b + d, wp = w1 + d, wm = w1 - d;
            double na = n.Value(a), nb = n.Value(b);
            double np = n.Value(wp), nm = n.Value(wm);
            double bp = Pow(wp, beta), bm = Pow(wm, beta);
            double f;
            switch (part)
            {
                case CollisionPart.Gain:
                    f = bp * nb * np * (_n1 + na) + bm * na * nm * (_n1 + nb);
                    break;
                case CollisionPart.Loss:
                    f = _n1 * (bp * na * (nb + np) + bm * nb * (na + nm));
                    break;
                default:
                {
                    double dp = n.Difference(wp, w1), dm = n.Difference(wm, w1);
                    // w₊ − w₋ = ω1^β [(1 + r)^β − (1 − r)^β], r = δ/ω1, without cancellation
                    double r = d / w1;
                    double dw = beta == 0 ? 0
                        : Math.Pow(w1, beta) * (SpecialFunctions.Expm1(beta * SpecialFunctions.Log1p(r)) - SpecialFunctions.Expm1(beta * SpecialFunctions.Log1p(-r)));
                    // F₊ + F₋ = n_a n_b (w₊d₊ + w₋d₋) + n1 (n_b − n_a)(w₊n(ω1+δ) − w₋n(ω1−δ)),
                    // w₊n(ω1+δ) − w₋n(ω1−δ) = n1 (w₊ − w₋) + w₊d₊ − w₋d₋.
                    f = na * nb * (bp * dp + bm * dm) + _n1 * n.Difference(b, a) * (_n1 * dw + bp * dp - bm * dm);
                    break;
                }
            }
            if (f == 0) return 0;
            return _pref * Math.Sqrt(Math.Min(w1, b)) * Pow(a * b, beta) * f;
        }
    }
}

/// <summary>
/// <c>n(ω) = (1 + ω²)^{−3}</c> (the smooth datum ⟨ω⟩^{−M/2} with M = 12) with rational formulas only:
/// <c>n(a) − n(b) = (b − a)(b + a)(A² + AB + B²)/(A³B³)</c>, <c>A = 1 + a²</c>, <c>B = 1 + b²</c>, accurate to a few ulps
/// for nearby arguments. An independent implementation of <see cref="SmoothDatum"/>(12) for reference computations.
/// </summary>
public sealed class InverseCubeDatum : Spectrum
{
    public override double Value(double w)
    {
        double a = 1 + w * w;
        return 1 / (a * a * a);
    }

    public override double Difference(double a, double b)
    {
        // (B − A)(A² + AB + B²)/(A³B³) = [(b − a)/A]·[(b + a)/B]·(1/A² + 1/(AB) + 1/B²), without overflow
        double aa = 1 + a * a, bb = 1 + b * b;
        return (b - a) / aa * ((b + a) / bb) * (1 / (aa * aa) + 1 / (aa * bb) + 1 / (bb * bb));
    }

    public override bool HasAccurateDifference => true;
    public override string Describe() => "(1 + ω²)^(-3) (rational)";
}

/// <summary>
/// Double-exponential quadrature with step halving (Takahasi–Mori): tanh-sinh on [lo, lo + L] and exp-sinh on
/// [lo, ∞). The integrand receives the offset x − lo (computed without cancellation near lo) and the node's weight dx/dt.
/// </summary>
public static class DoubleExponential
{
    /// <summary>Value, ∫|f| (by the same rule), whether the tolerance was met, and the number of evaluations.</summary>
    public readonly record struct Result(double Value, double Magnitude, bool Converged, long Evaluations);

    /// <summary>Finest level: step 2^{-10}, at most about 8200 nodes.</summary>
    public const int MaxLevel = 10;
    /// <summary>Lengths of the t-ranges: tanh-sinh t ∈ [−4, 4], exp-sinh t ∈ [−4.5, 5].</summary>
    public const double TanhSinhRange = 8, ExpSinhRange = 9.5;

    /// <summary>∫₀^L f(t) dt (f takes the offset t from the lower end); stops when two levels differ by at most max(relTol·|I|, absTol).</summary>
    public static Result TanhSinh(Func<double, double, double> f, double length, double relTol, double absTol = 0, int maxLevel = MaxLevel)
    {
        if (!(length > 0)) return new Result(0, 0, true, 0);
        // x = L(1 + tanh u)/2, u = (π/2) sinh t, t ∈ [−4, 4] (offsets down to 5e-38 L at either end)
        return Run(t =>
        {
            double u = 0.5 * Math.PI * Math.Sinh(t), e = Math.Exp(-2 * Math.Abs(u));
            double near = length * e / (1 + e);                  // distance to the nearer end
            double x = t < 0 ? near : length - near;
            double w = length * 0.5 * Math.PI * Math.Cosh(t) * 2 * e / ((1 + e) * (1 + e));
            return (x, w);
        }, f, 4.0, 4.0, relTol, absTol, maxLevel);
    }

    /// <summary>∫₀^∞ f(t) dt with the scale s (nodes t = s·exp((π/2) sinh τ), τ ∈ [−4.5, 5]).</summary>
    public static Result ExpSinh(Func<double, double, double> f, double scale, double relTol, double absTol = 0, int maxLevel = MaxLevel) =>
        Run(t =>
        {
            double x = scale * Math.Exp(0.5 * Math.PI * Math.Sinh(t));
            return (x, x * 0.5 * Math.PI * Math.Cosh(t));
        }, f, 4.5, 5.0, relTol, absTol, maxLevel);

    private static Result Run(Func<double, (double X, double W)> map, Func<double, double, double> f, double left, double right,
        double relTol, double absTol, int maxLevel)
    {
        long evals = 0;
        double sum = 0, mag = 0;
        void Add(double t)
        {
            var (x, w) = map(t);
            if (w == 0) return;
            evals++;
            double v = f(x, w);
            if (v == 0) return;
            sum += v * w;
            mag += Math.Abs(v * w);
        }
        double h = 0.5;
        for (int j = (int)Math.Ceiling(-left / h); j * h <= right; j++) Add(j * h);
        double prev = sum * h;
        for (int level = 1; level <= maxLevel; level++)
        {
            h *= 0.5;
            for (int j = (int)Math.Ceiling(-left / h); j * h <= right; j++)
                if ((j & 1) != 0) Add(j * h);   // new nodes: odd multiples of h
            double cur = sum * h;
            if (level >= 3 && Math.Abs(cur - prev) <= Math.Max(relTol * Math.Abs(cur), absTol)) return new Result(cur, mag * h, true, evals);
            prev = cur;
        }
        return new Result(prev, mag * h, false, evals);
    }
}
