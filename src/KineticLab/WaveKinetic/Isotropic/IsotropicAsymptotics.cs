using KineticLab.Numerics.Quadrature;

namespace KineticLab.WaveKinetic.Isotropic;

/// <summary>One term <c>c·ω^p</c> of the large-ω expansion of <c>⟨ω⟩^{M/2}C[n⁰](ω)</c>.</summary>
/// <param name="Name">Short label (A, B, G0, …).</param>
/// <param name="Configuration">Which frequencies are O(1) and which are O(ω1) (e.g. "ω2, ω3 = O(1), ω4 ≈ ω1").</param>
/// <param name="Regions">The subdomains of the ω-reduction the configuration lies in (D1, D21, D22, D3).</param>
/// <param name="Exponent">p.</param>
/// <param name="Coefficient">c (NaN where only the exponent is derived).</param>
/// <param name="Formula">The coefficient as a formula (docs/kwe-threshold.md).</param>
/// <param name="Bound">Only an upper bound O(ω^p) is derived (the term may be smaller); it does not decide thresholds.</param>
public sealed record AsymptoticTerm(string Name, string Configuration, string Regions, double Exponent, double Coefficient, string Formula,
    bool Bound = false);

/// <summary>
/// The large-ω expansion of <c>Φ(ω) = ⟨ω⟩^{M/2} C[n⁰](ω)</c> (full operator) or of <c>⟨ω⟩^{M/2} G[n⁰](ω)</c> (gain) for a datum
/// n⁰: the leading terms (<see cref="Terms"/>, summed by <see cref="Evaluate"/>), the leading term of each subdomain
/// (<see cref="RegionTerms"/>, not to be summed with the others) and the exponents of the next orders.
/// For the oscillating datum the terms hold along ω = 2πB/N (cos Nω = 1); elsewhere the leading one is multiplied by cos Nω.
/// </summary>
public sealed record AsymptoticExpansion(
    string Datum,
    double M,
    double Beta,
    CollisionPart Part,
    IReadOnlyList<AsymptoticTerm> Terms,
    IReadOnlyList<AsymptoticTerm> RegionTerms,
    IReadOnlyList<double> NextExponents)
{
    /// <summary>Σ c ω^p over <see cref="Terms"/> with a computed coefficient.</summary>
    public double Evaluate(double omega) => Terms.Where(t => double.IsFinite(t.Coefficient)).Sum(t => t.Coefficient * Math.Pow(omega, t.Exponent));

    /// <summary>
    /// The term of largest exponent among those with a nonzero coefficient (a NaN coefficient — a logarithmic case, where two
    /// exponents coincide — counts as nonzero), bounds excluded.
    /// </summary>
    public AsymptoticTerm Leading => Terms.Where(t => !t.Bound && !(t.Coefficient == 0)).MaxBy(t => t.Exponent)!;

    /// <summary>The largest exponent below the leading one (terms and next orders): the rate at which the leading term takes over.</summary>
    public double SubleadingExponent
    {
        get
        {
            double p = Leading.Exponent;
            return Terms.Select(t => t.Exponent).Concat(NextExponents).Where(x => x < p - 1e-12).DefaultIfEmpty(double.NegativeInfinity).Max();
        }
    }
}

/// <summary>
/// Large-ω asymptotics of the isotropic operator applied to the data of the seed's proofs (derivation in
/// docs/kwe-threshold.md). With ω1 = W → ∞, the integral over (ω2, ω3) splits into configurations:
/// <list type="bullet">
/// <item>A — ω2, ω3 = O(1), ω4 ≈ W (the corner of D21 ∪ D3): for smooth data the bracket n2n3(n4 − n1) is expanded in
/// δ = ω2 − ω3; the odd first-order term cancels between (ω2, ω3) and (ω3, ω2) (D21 against D3), leaving
/// <c>K[(M/2)(M/2+1) − βM] I_β W^{2β−5/2}</c>, <c>I_β = ∫∫_{b≤a}(ab)^β √b n(a)n(b)(a − b)² da db</c> (a finite part when it
/// diverges, M ≤ 2β + 6); the gain keeps the zeroth order, <c>K Q₀ W^{2β−1/2}</c>.</item>
/// <item>B — one of ω2, ω3 is O(1), the other and ω4 of order W (D21 with s = ω3/W ∈ (0, ½], D3 with s = ω2/W ∈ (0, ∞)):
/// nothing cancels, <c>K m_{β+1/2} S_B W^{3β+1/2−M/2}</c> with <c>m_γ = ∫x^γ n</c> and S_B a finite-part integral of
/// power laws in s. Its exponent depends on M: it dominates A when β &gt; M/2 − 3.</item>
/// <item>C — all four of order W (D1, D22 and the interior of D3): <c>O(W^{4β+2−M})</c>.</item>
/// </list>
/// The finite parts are the analytic continuations in M; they combine without logarithms unless two exponents
/// coincide (e.g. M = 2β + 6 for A and B), which the methods report as NaN.
/// </summary>
public static class IsotropicAsymptotics
{
    private static readonly double K = IsotropicKernel.K;

    /// <summary>The expansion of ⟨ω⟩^{M/2}·(C or G)[n⁰](ω) for a smooth, kbracket or oscillating datum.</summary>
    /// <param name="datum"><see cref="SmoothDatum"/> (amplitude 1), <see cref="KBracketDatum"/> or <see cref="OscillatingDatum"/>.</param>
    /// <param name="beta">β.</param>
    /// <param name="part">Full or Gain.</param>
    /// <param name="oscillationCutoff">Oscillating datum: the range [0, X] over which its oscillations are resolved in the coefficient integrals.</param>
    /// <param name="exponentsOnly">Only the exponents (every coefficient NaN): no quadrature, for scans of the (β, M) plane.</param>
    public static AsymptoticExpansion Expand(Spectrum datum, double beta, CollisionPart part, double oscillationCutoff = 400, bool exponentsOnly = false)
    {
        Require.InRange("beta", beta, 0, 2);
        if (part == CollisionPart.Loss) throw new InvalidInputException("part", "loss", "must be full or gain");
        return datum switch
        {
            SmoothDatum s when s.Amplitude == 1 => Smooth(new DatumSeries(s.M, 2, s.Value, "smooth ⟨ω⟩^(-M/2)", exponentsOnly), beta, part),
            KBracketDatum k => Smooth(new DatumSeries(k.M, 1, k.Value, "kbracket (1+ω)^(-M/2)", exponentsOnly), beta, part),
            OscillatingDatum o => Oscillating(o, beta, part, oscillationCutoff, exponentsOnly),
            _ => throw new InvalidInputException("datum", datum.Describe(), "the expansion is derived for the smooth (amplitude 1), kbracket and oscillating data"),
        };
    }

    /// <summary>
    /// The threshold β* where the leading exponent of the expansion crosses 0 (the exponents are linear in β), by bisection on
    /// [0, 2]; NaN if there is no crossing. Bounds do not count; the coefficients are assumed nonzero (check the leading one
    /// at β* with <see cref="Expand"/>).
    /// </summary>
    public static double Threshold(Func<double, AsymptoticExpansion> expand)
    {
        // The exponents (not the coefficients) decide; expand once to read them, then use their linearity in β.
        var e0 = expand(0);
        var e1 = expand(1);
        double Lead(double b) => e0.Terms.Zip(e1.Terms, (t0, t1) => (t0, t1)).Where(p => !p.t0.Bound)
            .Select(p => p.t0.Exponent + b * (p.t1.Exponent - p.t0.Exponent)).Max();
        double lo = 0, hi = 2;
        if (Lead(lo) >= 0 || Lead(hi) < 0) return double.NaN;
        for (int i = 0; i < 80; i++)
        {
            double mid = 0.5 * (lo + hi);
            if (Lead(mid) >= 0) hi = mid; else lo = mid;
        }
        return 0.5 * (lo + hi);
    }

    /// <summary>The threshold of the full operator for the smooth datum predicted by the expansion: min(5/4, (M − 1)/6).</summary>
    public static double FullSmoothThreshold(double m) => Math.Min(1.25, (m - 1) / 6);

    // ------------------------------------------------------------------ smooth and kbracket data

    private static AsymptoticExpansion Smooth(DatumSeries n, double beta, CollisionPart part)
    {
        double m = n.M, h = 0.5 * m;
        double mHalf = n.Moment(beta + 0.5);
        double m32 = 2 * beta + 5 < m ? n.Moment(beta + 1.5) : double.NaN;
        double iBeta = n.FiniteI(beta);
        if (double.IsNaN(iBeta))
        {
            // 0·∞ in the term-by-term tail (a moment and a tail power with the same pole): the finite part itself is
            // continuous there (removable singularity) when the two sides agree.
            double lo = n.FiniteI(beta - 1e-5), hi = n.FiniteI(beta + 1e-5);
            if (Math.Abs(lo - hi) <= 1e-3 * Math.Abs(lo + hi)) iBeta = 0.5 * (lo + hi);
        }
        var terms = new List<AsymptoticTerm>();
        var regions = new List<AsymptoticTerm>();
        var next = new List<double>();
        const string cornerConf = "ω2, ω3 = O(1), ω4 ≈ ω1";
        const string oneSmall = "one of ω2, ω3 = O(1); the other and ω4 ~ ω1";
        const string allLarge = "ω2, ω3, ω4 ~ ω1";
        double sB2, sB3;
        if (part == CollisionPart.Full)
        {
            double cA = K * (h * (h + 1) - beta * m) * iBeta;
            terms.Add(new AsymptoticTerm("A", cornerConf, "D21 ∪ D3 (paired)", 2 * beta - 2.5, cA,
                "K[(M/2)(M/2+1) − βM] I_β, I_β = FP∫∫_{b≤a}(ab)^β √b n(a)n(b)(a−b)² da db"));
            sB2 = n.ExponentsOnly ? double.NaN : FinitePartB2Full(beta, m);
            sB3 = n.ExponentsOnly ? double.NaN : FinitePartB3Full(beta, m);
            terms.Add(new AsymptoticTerm("B", oneSmall, "D21 (s ≤ 1/2) ∪ D3", 3 * beta + 0.5 - h, K * mHalf * (sB2 + sB3),
                "K m_{β+1/2} FP[∫_0^{1/2}(s(1−s))^β h(s)ds + ∫_0^∞(s(1+s))^β g(s)ds]"));
            // The per-subdomain first-order term: its exponent (one power above the paired sum) is what the seed's (5.7) bounds;
            // its coefficient depends on how the subdomains cut the corner and is not derived (the paired sum A is).
            regions.Add(new AsymptoticTerm("D21", cornerConf, "D21", 2 * beta - 1.5, double.NaN, "O(ω^{2β−3/2}), odd first order in ω2 − ω3; coefficient not derived"));
            regions.Add(new AsymptoticTerm("D3", cornerConf, "D3", 2 * beta - 1.5, double.NaN, "O(ω^{2β−3/2}), cancels D21's in the sum"));
            regions.Add(new AsymptoticTerm("D21-B", oneSmall, "D21", 3 * beta + 0.5 - h, K * mHalf * sB2, "K m_{β+1/2} FP∫_0^{1/2}(s(1−s))^β h(s) ds"));
            regions.Add(new AsymptoticTerm("D3-B", oneSmall, "D3", 3 * beta + 0.5 - h, K * mHalf * sB3, "K m_{β+1/2} FP∫_0^∞(s(1+s))^β g(s) ds"));
            regions.Add(new AsymptoticTerm("D22", "ω2 = O(1), ω3 ≈ ω4 ≈ ω1/2", "D22", 3 * beta - 0.5 - h,
                K * (Math.Pow(2, m) - Math.Pow(2, h + 1)) * Math.Pow(2, -2 * beta - 1) * m32, "K(2^M − 2^{M/2+1}) 2^{−2β−1} m_{β+3/2}"));
            regions.Add(new AsymptoticTerm("D1", allLarge, "D1", 4 * beta + 2 - m, double.NaN, "O(ω^{4β+2−M}), coefficient not derived"));
            next.AddRange([3 * beta - 0.5 - h, 4 * beta + 2 - m, 2 * beta - 1.5 - h, n.Rate == 2 ? 2 * beta - 4.5 : 2 * beta - 3.5]);
        }
        else
        {
            double q0 = n.QuadrantMoment(beta);
            terms.Add(new AsymptoticTerm("G0", cornerConf, "D21 ∪ D3", 2 * beta - 0.5, K * q0, "K Q₀, Q₀ = ∫∫_{[0,∞)²}(ab)^β √min(a,b) n(a)n(b) da db"));
            if (n.Rate == 1)
                terms.Add(new AsymptoticTerm("G0'", cornerConf, "D21 ∪ D3", 2 * beta - 1.5, -h * K * q0, "−(M/2) K Q₀ (the bracket (1+ω)/⟨ω⟩)"));
            else
                terms.Add(new AsymptoticTerm("G2", cornerConf, "D21 ∪ D3", 2 * beta - 2.5, K * (beta - h) * (beta - h - 1) * iBeta,
                    "K(β − M/2)(β − M/2 − 1) I_β"));
            sB2 = n.ExponentsOnly ? double.NaN : FinitePartB2Gain(beta, m);
            sB3 = n.ExponentsOnly ? double.NaN : FinitePartB3Gain(beta, m);
            terms.Add(new AsymptoticTerm("BG", oneSmall, "D21 (s ≤ 1/2) ∪ D3", 3 * beta + 0.5 - h, K * mHalf * (sB2 + sB3),
                "K m_{β+1/2} FP[∫_0^{1/2}(s(1−s))^{β−M/2}ds + ∫_0^∞ s^β(1+s)^{β−M/2}(1 + s^{−M/2})ds]"));
            regions.Add(new AsymptoticTerm("D21", cornerConf, "D21", 2 * beta - 0.5, 0.5 * K * q0, "K Q₀/2"));
            regions.Add(new AsymptoticTerm("D3", cornerConf, "D3", 2 * beta - 0.5, 0.5 * K * q0, "K Q₀/2"));
            regions.Add(new AsymptoticTerm("D21-B", oneSmall, "D21", 3 * beta + 0.5 - h, K * mHalf * sB2, "K m_{β+1/2} FP∫_0^{1/2}(s(1−s))^{β−M/2} ds"));
            regions.Add(new AsymptoticTerm("D3-B", oneSmall, "D3", 3 * beta + 0.5 - h, K * mHalf * sB3, "K m_{β+1/2} FP∫_0^∞ s^β(1+s)^{β−M/2}(1 + s^{−M/2}) ds"));
            regions.Add(new AsymptoticTerm("D22", "ω2 = O(1), ω3 ≈ ω4 ≈ ω1/2", "D22", 3 * beta - 0.5 - h,
                K * Math.Pow(2, m - 2 * beta - 1) * m32, "K 2^{M−2β−1} m_{β+3/2}"));
            regions.Add(new AsymptoticTerm("D1", allLarge, "D1", 4 * beta + 2 - m, double.NaN, "O(ω^{4β+2−M}), coefficient not derived"));
            next.AddRange([3 * beta - 0.5 - h, 4 * beta + 2 - m, 2 * beta - 0.5 - h, n.Rate == 2 ? 2 * beta - 4.5 : 2 * beta - 2.5]);
        }
        return new AsymptoticExpansion(n.Description, m, beta, part, terms, regions, next);
    }

    // ------------------------------------------------------------------ the oscillating datum

    private static AsymptoticExpansion Oscillating(OscillatingDatum o, double beta, CollisionPart part, double cutoff, bool exponentsOnly)
    {
        double m = o.M, h = 0.5 * m;
        double a = o.A, nn = o.N;
        double q = exponentsOnly ? double.NaN
            : part == CollisionPart.Full ? OscillatingQuadrant(o, beta, -1, 1, cutoff) : OscillatingQuadrant(o, beta, a, 1, cutoff);
        const string corner = "ω2, ω3 = O(1), ω4 ≈ ω1";
        var terms = new List<AsymptoticTerm>
        {
            part == CollisionPart.Full
                ? new AsymptoticTerm("A-osc", corner, "D21 ∪ D3", 2 * beta - 0.5, K * q,
                    "K ∫∫(ab)^β √min n⁰(a)n⁰(b)(cos N(a−b) − 1) da db (times cos Nω off ω = 2πB/N)")
                : new AsymptoticTerm("G0-osc", corner, "D21 ∪ D3", 2 * beta - 0.5, K * q,
                    "K ∫∫(ab)^β √min n⁰(a)n⁰(b)(A + cos N(a−b)) da db"),
            new AsymptoticTerm("B", "one of ω2, ω3 = O(1)", "D21 ∪ D3", 3 * beta + 0.5 - h, double.NaN, "at most O(ω^{3β+1/2−M/2})", Bound: true),
        };
        return new AsymptoticExpansion(o.Describe(), m, beta, part, terms, [], [2 * beta - 2.5, 4 * beta + 2 - m]);
    }

    /// <summary>
    /// ∫∫_{[0,∞)²}(ab)^β √min(a,b) n(a)n(b)[c₀ + c₁cos N(a − b)] da db = 2∫_0^∞ b^{β+1/2} n(b) [c₀T₀(b) + c₁(cos Nb·T_c(b) + sin Nb·T_s(b))] db,
    /// with the tails T₀, T_c, T_s(b) = ∫_b^∞ a^β n(a){1, cos Na, sin Na} da accumulated panel by panel (panels of a quarter period on
    /// [0, X], graded towards 0) from their values at X (integration by parts for the oscillating parts). The range b &gt; X is dropped
    /// (its size is that of the datum's envelope there).
    /// </summary>
    private static double OscillatingQuadrant(OscillatingDatum o, double beta, double c0, double c1, double cutoff)
    {
        double nn = o.N, amp = o.A;
        double hq = Math.Min(0.25, 0.5 * Math.PI / nn);
        var smooth = new SmoothDatum(o.M);
        double F(double a) => Math.Pow(a, beta) * smooth.Value(a);           // a^β s(a)
        double G(double a) => F(a) * (amp + Math.Cos(nn * a));               // a^β n(a)
        var br = new List<double> { 0 };
        for (int k = 40; k >= 0; k--) br.Add(hq * Math.Pow(2, -k));
        while (br[^1] + hq <= cutoff) br.Add(br[^1] + hq);
        int panels = br.Count - 1;
        double x = br[^1];
        // tails at X: ∫_X^∞ f(a) e^{iωa} da ≈ e^{iωX}[−f/(iω) + f'/(iω)² − f''/(iω)³]
        double dx = 1e-3 * Math.Max(1, x);
        double f0 = F(x), f1 = (F(x + dx) - F(x - dx)) / (2 * dx), f2 = (F(x + dx) - 2 * f0 + F(x - dx)) / (dx * dx);
        (double C, double S) Osc(double w)
        {
            // e^{iωX}·(−f/(iω) + f'/(iω)² − f''/(iω)³) = e^{iωX}·(i f/ω − f'/ω² − i f''/ω³)
            double re = -f1 / (w * w), im = f0 / w - f2 / (w * w * w);
            double c = Math.Cos(w * x), s = Math.Sin(w * x);
            return (c * re - s * im, s * re + c * im);
        }
        double tailF = IntegrateToInfinity(F, x, Math.Max(1, x), 1e-12);
        var (c1n, s1n) = Osc(nn);
        var (c2n, s2n) = Osc(2 * nn);
        double t0 = amp * tailF + c1n;                                 // ∫ F (A + cos Na)
        double tc = amp * c1n + 0.5 * tailF + 0.5 * c2n;               // ∫ F (A + cos Na) cos Na
        double ts = amp * s1n + 0.5 * s2n;                             // ∫ F (A + cos Na) sin Na
        var gl = GaussLegendre.Get(16);
        double total = 0;
        for (int j = panels - 1; j >= 0; j--)
        {
            double lo = br[j], hi = br[j + 1], c = 0.5 * (lo + hi), h = 0.5 * (hi - lo);
            for (int k = 0; k < gl.N; k++)
            {
                double b = c + h * gl.Nodes[k];
                // tails from b to the panel's end
                double cb = 0.5 * (b + hi), hb = 0.5 * (hi - b), s0 = 0, sc = 0, ss = 0;
                for (int i = 0; i < gl.N; i++)
                {
                    double a = cb + hb * gl.Nodes[i], g = gl.Weights[i] * hb * G(a);
                    s0 += g; sc += g * Math.Cos(nn * a); ss += g * Math.Sin(nn * a);
                }
                double inner = c0 * (t0 + s0) + c1 * (Math.Cos(nn * b) * (tc + sc) + Math.Sin(nn * b) * (ts + ss));
                total += gl.Weights[k] * h * Math.Pow(b, beta + 0.5) * o.Value(b) * inner;
            }
            for (int i = 0; i < gl.N; i++)
            {
                double a = c + h * gl.Nodes[i], g = gl.Weights[i] * h * G(a);
                t0 += g; tc += g * Math.Cos(nn * a); ts += g * Math.Sin(nn * a);
            }
        }
        return 2 * total;
    }

    // ------------------------------------------------------------------ finite parts of the one-small (B) configuration

    /// <summary>FP∫_0^{1/2} s^p (1 + εs)^q ds by the binomial series integrated term by term (each power by its finite part).</summary>
    internal static double FinitePartHalf(double p, double q, int eps)
    {
        double sum = 0, c = 1;   // c = C(q, k) ε^k
        for (int k = 0; k < 200; k++)
        {
            double e = p + k + 1;
            if (Math.Abs(e) < 1e-12) return double.NaN;   // logarithmic case
            double t = c * Math.Pow(0.5, e) / e;
            sum += t;
            if (k > 10 && Math.Abs(t) < 1e-19 * Math.Abs(sum)) break;
            c *= (q - k) / (k + 1) * eps;
        }
        return sum;
    }

    /// <summary>
    /// FP∫_0^∞ s^p (1 + s)^q ds = FP∫_0^{1/2} + ∫_{1/2}^2 + ∫_2^∞ (needs p + q &lt; −1); beyond 2 the series
    /// s^{p+q}(1 + 1/s)^q = Σ_k C(q, k) s^{p+q−k} integrated term by term (a slowly decaying tail costs nothing).
    /// </summary>
    internal static double FinitePartInfinite(double p, double q)
    {
        if (!(p + q < -1)) return double.NaN;
        double tail = 0, c = 1;
        for (int k = 0; k < 200; k++)
        {
            double e = p + q - k + 1;          // ∫_2^∞ s^{e−1} ds = −2^e/e (e < 0)
            double t = -c * Math.Pow(2, e) / e;
            tail += t;
            if (k > 10 && Math.Abs(t) < 1e-19 * Math.Abs(tail)) break;
            c *= (q - k) / (k + 1);
        }
        return FinitePartHalf(p, q, +1) + Integrate(s => Math.Pow(s, p) * Math.Pow(1 + s, q), 0.5, 2, 0, 1e-14) + tail;
    }

    /// <summary>FP∫_0^{1/2}(s(1−s))^β h(s) ds, h = (s(1−s))^{−M/2} − s^{−M/2} − (1−s)^{−M/2} (D21, full operator).</summary>
    internal static double FinitePartB2Full(double beta, double m)
    {
        double h = 0.5 * m;
        return FinitePartHalf(beta - h, beta - h, -1) - FinitePartHalf(beta - h, beta, -1) - FinitePartHalf(beta, beta - h, -1);
    }

    /// <summary>FP∫_0^∞(s(1+s))^β g(s) ds, g = (s(1+s))^{−M/2} + (1+s)^{−M/2} − s^{−M/2} (D3, full operator).</summary>
    internal static double FinitePartB3Full(double beta, double m)
    {
        double h = 0.5 * m;
        return FinitePartInfinite(beta - h, beta - h) + FinitePartInfinite(beta, beta - h) - FinitePartInfinite(beta - h, beta);
    }

    /// <summary>FP∫_0^{1/2}(s(1−s))^{β−M/2} ds (D21, gain).</summary>
    internal static double FinitePartB2Gain(double beta, double m) => FinitePartHalf(beta - 0.5 * m, beta - 0.5 * m, -1);

    /// <summary>FP∫_0^∞ s^β(1+s)^{β−M/2}(1 + s^{−M/2}) ds (D3, gain).</summary>
    internal static double FinitePartB3Gain(double beta, double m)
    {
        double h = 0.5 * m;
        return FinitePartInfinite(beta, beta - h) + FinitePartInfinite(beta - h, beta - h);
    }

    // ------------------------------------------------------------------ moments of the data

    /// <summary>
    /// A datum with the convergent expansion n(x) = x^{−M/2} Σ_j ν_j x^{−rj} for x &gt; 1 (r = 2: ⟨x⟩^{−M/2}; r = 1: (1+x)^{−M/2}),
    /// which gives every moment, and the tails of the A-configuration integrals, as finite parts (analytic continuation in M).
    /// </summary>
    private sealed class DatumSeries
    {
        private const double A0 = 4;           // the series is used beyond A0
        private const int Terms = 60;
        private readonly double[] _nu;
        private readonly Func<double, double> _n;

        public DatumSeries(double m, int rate, Func<double, double> n, string description, bool exponentsOnly = false)
        {
            M = m; Rate = rate; _n = n; Description = description; ExponentsOnly = exponentsOnly;
            double alpha = rate == 2 ? -0.25 * m : -0.5 * m;   // (1 + x^{−r})^α
            _nu = new double[Terms];
            double c = 1;
            for (int j = 0; j < Terms; j++) { _nu[j] = c; c *= (alpha - j) / (j + 1); }
        }

        public double M { get; }
        public int Rate { get; }
        public string Description { get; }
        /// <summary>Every moment and integral is NaN (the expansion's exponents only).</summary>
        public bool ExponentsOnly { get; }

        public double N(double x) => _n(x);

        /// <summary>FP∫_a^∞ x^p dx = −a^{p+1}/(p+1).</summary>
        private static double Fp(double a, double p) => Math.Abs(p + 1) < 1e-12 ? double.NaN : -Math.Pow(a, p + 1) / (p + 1);

        /// <summary>FP∫_a^∞ x^q n(x) dx for a ≥ A0, from the series.</summary>
        private double Tail(double q, double a)
        {
            double s = 0;
            for (int j = 0; j < Terms; j++) s += _nu[j] * Fp(a, q - 0.5 * M - Rate * j);
            return s;
        }

        /// <summary>m_q = FP∫_0^∞ x^q n(x) dx.</summary>
        public double Moment(double q) => ExponentsOnly ? double.NaN : Integrate(x => Math.Pow(x, q) * _n(x), 0, A0, 0) + Tail(q, A0);

        /// <summary>T_q(a) = FP∫_a^∞ x^q n(x) dx.</summary>
        private double UpperTail(double q, double a, double mq) =>
            a >= A0 ? Tail(q, a) : mq - Integrate(x => Math.Pow(x, q) * _n(x), 0, a, 0);

        /// <summary>Q₀ = ∫∫_{[0,∞)²}(ab)^β √min(a,b) n(a)n(b) = 2∫_0^∞ b^{β+1/2} n(b) T_β(b) db.</summary>
        public double QuadrantMoment(double beta)
        {
            if (ExponentsOnly) return double.NaN;
            double mb = Moment(beta);
            Func<double, double> f = b => Math.Pow(b, beta + 0.5) * _n(b) * UpperTail(beta, b, mb);
            return 2 * (Integrate(f, 0, A0, 0) + IntegrateToInfinity(f, A0, A0));
        }

        /// <summary>J₁ = ∫∫_{a≤b}(ab)^β √a n(a)n(b)(b − a) = ∫_0^∞ a^{β+1/2} n(a)[T_{β+1}(a) − a T_β(a)] da.</summary>
        public double OddMoment(double beta)
        {
            if (!(M > 2 * beta + 4)) return double.NaN;
            double m0 = Moment(beta), m1 = Moment(beta + 1);
            Func<double, double> f = a => Math.Pow(a, beta + 0.5) * _n(a) * (UpperTail(beta + 1, a, m1) - a * UpperTail(beta, a, m0));
            return Integrate(f, 0, A0, 0) + IntegrateToInfinity(f, A0, A0);
        }

        /// <summary>
        /// I_β = FP∫_0^∞ a^β n(a) ψ(a) da, ψ(a) = ∫_0^a b^{β+1/2} n(b)(a − b)² db: quadrature on [0, A0] and, beyond, the
        /// series ψ(a) = a²m̃₀ − 2a m̃₁ + m̃₂ + Σ_j ν_j a^{β+7/2−M/2−rj}[1/(p₀ⱼ+1) − 2/(p₁ⱼ+1) + 1/(p₂ⱼ+1)] integrated term by term.
        /// </summary>
        public double FiniteI(double beta)
        {
            if (ExponentsOnly) return double.NaN;
            double h = 0.5 * M;
            double m0 = Moment(beta + 0.5), m1 = Moment(beta + 1.5), m2 = Moment(beta + 2.5);
            double Psi(double a) => Integrate(b => Math.Pow(b, beta + 0.5) * _n(b) * (a - b) * (a - b), 0, a, 0, 1e-13);
            double head = Integrate(a => Math.Pow(a, beta) * _n(a) * Psi(a), 0, A0, 0, 1e-12);
            var cj = new double[Terms];
            for (int j = 0; j < Terms; j++)
            {
                double p0 = beta + 0.5 - h - Rate * j;
                cj[j] = _nu[j] * (1 / (p0 + 1) - 2 / (p0 + 2) + 1 / (p0 + 3));
            }
            double tail = 0;
            for (int i = 0; i < Terms; i++)
            {
                double e = beta - h - Rate * i;
                double t = m0 * Fp(A0, e + 2) - 2 * m1 * Fp(A0, e + 1) + m2 * Fp(A0, e);
                for (int j = 0; j < Terms; j++) t += cj[j] * Fp(A0, e + beta + 3.5 - h - Rate * j);
                tail += _nu[i] * t;
            }
            return head + tail;
        }
    }

    // ------------------------------------------------------------------ quadrature helpers

    private struct Fn(Func<double, double> f) : IIntegrand
    {
        public readonly double Value(double x) => f(x);
    }

    /// <summary>Adaptive Gauss–Legendre on [a, b] (breakpoints every <paramref name="step"/> when step &gt; 0).</summary>
    private static double Integrate(Func<double, double> f, double a, double b, double step, double tol = 1e-13)
    {
        if (!(b > a)) return 0;
        var q = new AdaptiveQuadrature(8, 200000);
        var g = new Fn(f);
        double[] br = step > 0 ? Enumerable.Range(1, (int)Math.Min(100000, Math.Floor((b - a) / step))).Select(i => a + i * step).ToArray() : [];
        return q.Integrate(ref g, a, b, tol, 0, br).Value;
    }

    private static double IntegrateToInfinity(Func<double, double> f, double a, double scale, double tol = 1e-13)
    {
        var q = new AdaptiveQuadrature(8, 200000);
        var g = new Fn(f);
        return q.IntegrateToInfinity(ref g, a, scale, tol, 0).Value;
    }
}
