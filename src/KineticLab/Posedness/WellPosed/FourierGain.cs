using System.Numerics;
using KineticLab.Boltzmann.Exact;
using KineticLab.Boltzmann.Kernels;
using KineticLab.Numerics.Norms;
using KineticLab.Numerics.Quadrature;

namespace KineticLab.Posedness.WellPosed;

/// <summary>A function of ξ ∈ R^d for the Fourier-side bilinear estimates (a Fourier-side bump, needle or shell).</summary>
public interface IFourierProfile
{
    int D { get; }
    Complex Value(ReadOnlySpan<double> xi);
    /// <summary>‖·‖_{L^p(R^d)} (p ≥ 1 or ∞).</summary>
    double Norm(double p);
    /// <summary>Radius about the origin beyond which the profile is negligible (&lt; e^{−12.5} of its peak).</summary>
    double Reach { get; }
    /// <summary>The smallest length scale (sets the ξ quadrature).</summary>
    double MinScale { get; }
}

/// <summary>
/// A Fourier-side Gaussian A exp(−½(ξ − c)ᵀP(ξ − c) + i m·ξ): the transform ∫e^{iξ·v}f dv of the physical Gaussian
/// f = A(2π)^{−d/2}det(P)^{−1/2}... with covariance P, centred at m, modulated by e^{−ic·v}. Isotropic P: a bump;
/// anisotropic P: a needle (P = its covariance: long in velocity ⇔ narrow in ξ along the axis).
/// </summary>
public sealed class FourierGaussian : IFourierProfile
{
    public FourierGaussian(double[] center, double[] precision, double[]? phase = null, double amplitude = 1)
    {
        D = center.Length;
        if (precision.Length != D * D) throw new ArgumentException("P must be d×d");
        if (!SmallMatrix.IsPositiveDefinite(precision, D)) throw new ArgumentException("P must be positive definite");
        Center = center; Precision = precision; Phase = phase ?? new double[D]; Amplitude = amplitude;
        var ev = Eigen(precision, D);
        MaxPrecision = ev.Max(); MinPrecision = ev.Min();
        DetP = SmallMatrix.Det(precision, D);
    }

    public int D { get; }
    public double[] Center { get; }
    public double[] Precision { get; }
    public double[] Phase { get; }
    public double Amplitude { get; }
    public double MaxPrecision { get; }
    public double MinPrecision { get; }
    public double DetP { get; }
    public bool IsIsotropic => Math.Abs(MaxPrecision - MinPrecision) <= 1e-14 * MaxPrecision;

    /// <summary>The isotropic bump exp(−|ξ − c|²/(2w²)) (w = its width in ξ).</summary>
    public static FourierGaussian Bump(double[] center, double width, double[]? phase = null)
    {
        int d = center.Length;
        var p = new double[d * d];
        for (int i = 0; i < d; i++) p[i * d + i] = 1 / (width * width);
        return new FourierGaussian(center, p, phase);
    }

    /// <summary>The needle: widths <paramref name="along"/> along the unit vector <paramref name="axis"/> and <paramref name="across"/> across it.</summary>
    public static FourierGaussian Needle(double[] center, double[] axis, double along, double across, double[]? phase = null)
    {
        int d = center.Length;
        var p = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
                p[i * d + j] = (i == j ? 1 / (across * across) : 0) + axis[i] * axis[j] * (1 / (along * along) - 1 / (across * across));
        return new FourierGaussian(center, p, phase);
    }

    public Complex Value(ReadOnlySpan<double> xi)
    {
        double q = 0, ph = 0;
        for (int i = 0; i < D; i++)
        {
            double s = 0;
            for (int j = 0; j < D; j++) s += Precision[i * D + j] * (xi[j] - Center[j]);
            q += (xi[i] - Center[i]) * s;
            ph += Phase[i] * xi[i];
        }
        return Amplitude * Math.Exp(-0.5 * q) * new Complex(Math.Cos(ph), Math.Sin(ph));
    }

    public double Norm(double p) => double.IsPositiveInfinity(p) ? Amplitude : Amplitude * Math.Pow(Math.Pow(2 * Math.PI / p, D / 2.0) / Math.Sqrt(DetP), 1 / p);

    public double Reach => Math.Sqrt(Center.Sum(c => c * c)) + 5 / Math.Sqrt(MinPrecision);
    public double MinScale => 1 / Math.Sqrt(MaxPrecision);

    internal static double[] Eigen(double[] a, int d)
    {
        if (d == 1) return [a[0]];
        if (d == 2)
        {
            double tr = a[0] + a[3], det = a[0] * a[3] - a[1] * a[2], disc = Math.Sqrt(Math.Max(0, tr * tr / 4 - det));
            return [tr / 2 + disc, tr / 2 - disc];
        }
        // symmetric 3×3: Jacobi rotations
        var m = (double[])a.Clone();
        for (int sweep = 0; sweep < 50; sweep++)
        {
            double off = Math.Abs(m[1]) + Math.Abs(m[2]) + Math.Abs(m[5]);
            if (off < 1e-15 * (Math.Abs(m[0]) + Math.Abs(m[4]) + Math.Abs(m[8]))) break;
            foreach (var (p, q) in new[] { (0, 1), (0, 2), (1, 2) })
            {
                double apq = m[p * 3 + q];
                if (apq == 0) continue;
                double th = 0.5 * Math.Atan2(2 * apq, m[q * 3 + q] - m[p * 3 + p]);
                double c = Math.Cos(th), s = Math.Sin(th);
                for (int k = 0; k < 3; k++)
                {
                    double mkp = m[k * 3 + p], mkq = m[k * 3 + q];
                    m[k * 3 + p] = c * mkp - s * mkq; m[k * 3 + q] = s * mkp + c * mkq;
                }
                for (int k = 0; k < 3; k++)
                {
                    double mpk = m[p * 3 + k], mqk = m[q * 3 + k];
                    m[p * 3 + k] = c * mpk - s * mqk; m[q * 3 + k] = s * mpk + c * mqk;
                }
            }
        }
        return [m[0], m[4], m[8]];
    }
}

/// <summary>A Fourier-side shell exp(−(|ξ − c| − R)²/(2w²)) (R ≥ 3w).</summary>
public sealed class FourierShell(double[] center, double radius, double width) : IFourierProfile
{
    public int D => center.Length;
    public double[] Center => center;
    public double Radius => radius;
    public double Width => width;

    public Complex Value(ReadOnlySpan<double> xi)
    {
        double r2 = 0;
        for (int i = 0; i < D; i++) r2 += (xi[i] - center[i]) * (xi[i] - center[i]);
        double z = (Math.Sqrt(r2) - radius) / width;
        return Math.Exp(-0.5 * z * z);
    }

    public double Norm(double p)
    {
        if (double.IsPositiveInfinity(p)) return 1;
        double lo = Math.Max(0, radius - 7 * width), hi = radius + 7 * width;
        var (r, w) = RadialFourier.Composite(lo, hi, 28, 16, [radius]);
        double s = 0;
        for (int i = 0; i < r.Length; i++) { double z = (r[i] - radius) / width; s += w[i] * Math.Exp(-0.5 * p * z * z) * Math.Pow(r[i], D - 1); }
        return Math.Pow(RadialFourier.SphereArea(D) * s, 1 / p);
    }

    public double Reach => Math.Sqrt(center.Sum(c => c * c)) + radius + 5 * width;
    public double MinScale => width;
}

/// <summary>Which of the seed's estimates a ratio measures.</summary>
public enum GainEstimate
{
    /// <summary>(2.7): ‖Q̃⁺‖_{L²} ≤ C‖f̃‖_{L^{2pd/(2d−pγ)}}‖g̃‖_{L^{2qd/(2d−qγ)}}, 1/p + 1/q = 1/2 (γ = 0: (2.10)).</summary>
    General,
    /// <summary>(2.8): ‖Q̃⁺‖_{L²} ≤ C‖f̃‖_{L²}‖g̃‖_{L^{d/(−γ)}} (L^∞ at γ = 0).</summary>
    FirstInL2,
    /// <summary>(2.9): ‖Q̃⁺‖_{L²} ≤ C‖f̃‖_{L^{d/(−γ)}}‖g̃‖_{L²}.</summary>
    SecondInL2,
}

/// <summary>
/// The Fourier-side gain operator of the seed's Lemma 2.2 in Bobylev form, for f̃(ξ) = ∫e^{iξ·v}f dv and the σ-kernel
/// b_σ of the ω-kernel b = c_b|cos θ| (<see cref="AngularKernel.Sigma"/>):
/// <code>
/// γ = 0 (2.10):  Q̃⁺(ξ) = ∫_{S^{d−1}} b_σ(ξ̂·σ) f̃(ξ⁻) g̃(ξ⁺) dσ,                   ξ^± = (ξ ± |ξ|σ)/2,
/// γ &lt; 0 (2.4): Q̃⁺(ξ) = κ ∫_{S^{d−1}}∫_{R^d} f̃(ξ⁻ + η) g̃(ξ⁺ − η) |η|^{−(d+γ)} b_σ(ξ̂·σ) dη dσ,  κ = (2π)^{−d}c_{d,γ},
/// </code>
/// (the seed prints f̃(ξ⁺)g̃(ξ⁻); for its own ω-form Q⁺(f, g) = ∫∫f(v*)g(u*)B the roles are as above — measured: the physical
/// operator and this form agree to 1e-11 with this assignment and differ by 9% with the printed one, d = 2, b = |cos θ|)
/// c_{d,γ} = 2^{d+γ}π^{d/2}Γ((d+γ)/2)/Γ(−γ/2) (the transform of |v|^γ; the "unimportant constant" of (2.3)–(2.4)).
/// For Gaussian profiles the η-integral is a Gaussian moment of |η|^{−(d+γ)}: in closed form (₁F₁, <see cref="Gaussian.PowerMoment"/>)
/// for isotropic profiles without relative phase, otherwise through |η|^{−2α} = Γ(α)⁻¹∫₀^∞ s^{α−1}e^{−s|η|²}ds, α = (d+γ)/2,
/// which leaves a 1-D integral in ln s (Gauss–Legendre panels, analytic end pieces). The σ-integral: Gauss–Legendre in the
/// angle (d = 2) or in ξ̂·σ × the azimuth (d = 3); ‖Q̃⁺‖_{L²_ξ}: composite Gauss–Legendre on a box holding the support.
/// </summary>
public sealed class FourierGain
{
    private readonly AngularKernel _b;
    private readonly double _gamma, _kappa;
    private readonly int _d;
    private readonly int _sigNodesPerPanel;
    private readonly int _azimuth;

    /// <param name="d">Dimension (2 or 3).</param>
    /// <param name="gamma">γ ∈ [(1−d)/2, 0].</param>
    /// <param name="angularScale">c_b of b = c_b|cos θ|.</param>
    /// <param name="sigmaNodes">Gauss–Legendre nodes per panel of the graded σ rule.</param>
    /// <param name="azimuth">Azimuths of σ about ξ̂ (d = 3).</param>
    public FourierGain(int d, double gamma, double angularScale = 1, int sigmaNodes = 6, int azimuth = 24)
    {
        if (d != 2 && d != 3) throw new ArgumentOutOfRangeException(nameof(d));
        if (gamma > 0 || gamma < (1.0 - d) / 2) throw new ArgumentOutOfRangeException(nameof(gamma), "γ must be in [(1−d)/2, 0]");
        _d = d; _gamma = gamma; _b = AngularKernel.SeedAbsCos(d, angularScale); _azimuth = azimuth;
        _kappa = gamma == 0 ? 1 : Math.Pow(2 * Math.PI, -d) * FourierConstant(d, gamma);
        _sigNodesPerPanel = sigmaNodes;
    }

    public int D => _d;
    public double Gamma => _gamma;
    /// <summary>κ = (2π)^{−d}c_{d,γ} (1 at γ = 0).</summary>
    public double Kappa => _kappa;

    /// <summary>c_{d,γ} with ∫e^{iv·ξ}|v|^γ dv = c_{d,γ}|ξ|^{−d−γ} (−d &lt; γ &lt; 0).</summary>
    public static double FourierConstant(int d, double gamma) =>
        Math.Pow(2, d + gamma) * Math.Pow(Math.PI, d / 2.0) * Math.Exp(MathNet.Numerics.SpecialFunctions.GammaLn((d + gamma) / 2) - MathNet.Numerics.SpecialFunctions.GammaLn(-gamma / 2));

    /// <summary>The Lebesgue exponents (P, Q) of f̃ and g̃ in the estimate (p of (2.7) for <see cref="GainEstimate.General"/>).</summary>
    public (double P, double Q) Exponents(GainEstimate e, double p = 4)
    {
        int d = _d; double g = _gamma;
        switch (e)
        {
            case GainEstimate.FirstInL2: return (2, g == 0 ? double.PositiveInfinity : d / -g);
            case GainEstimate.SecondInL2: return (g == 0 ? double.PositiveInfinity : d / -g, 2);
            default:
                double q = double.IsPositiveInfinity(p) ? 2 : 1 / (0.5 - 1 / p);
                double P(double x) => double.IsPositiveInfinity(x) ? (g == 0 ? double.PositiveInfinity : 2 * d / -g) : 2 * x * d / (2 * d - x * g);
                return (P(p), P(q));
        }
    }

    /// <summary>Q̃⁺(f̃, g̃)(ξ) (including κ).</summary>
    public Complex Evaluate(IFourierProfile f, IFourierProfile g, ReadOnlySpan<double> xi)
    {
        int d = _d;
        double r2 = 0;
        for (int i = 0; i < d; i++) r2 += xi[i] * xi[i];
        double r = Math.Sqrt(r2);
        Span<double> e = stackalloc double[d];
        Span<double> e1 = stackalloc double[d];
        Span<double> e2 = stackalloc double[d];
        Span<double> sig = stackalloc double[d];
        Span<double> xp = stackalloc double[d];
        Span<double> xm = stackalloc double[d];
        if (r > 0) for (int i = 0; i < d; i++) e[i] = xi[i] / r;
        else { e.Clear(); e[0] = 1; }
        if (d == 3) Boltzmann.Reference.DirectQuadrature.Frame(e, e1, e2);
        Complex sum = Complex.Zero;
        var inner = _gamma == 0 ? null : Inner(f, g);
        // σ nodes graded towards σ = ±ξ̂ (where ξ⁻ or ξ⁺ vanishes: a profile narrower than |ξ| is seen only within an
        // angle ~ scale/|ξ| of them), so that every width ratio is resolved
        double smin = Math.Min(f.MinScale, g.MinScale);
        var rule = SigmaRule(r, smin);
        foreach (var (cosT, wt) in rule)
        {
            int nAz = d == 2 ? 1 : _azimuth;
            double bs = _b.Sigma(cosT.C);
            for (int az = 0; az < nAz; az++)
            {
                if (d == 2)
                {
                    double c = cosT.C, s = cosT.S;
                    sig[0] = c * e[0] - s * e[1]; sig[1] = s * e[0] + c * e[1];
                }
                else
                {
                    double st = Math.Sqrt(Math.Max(0, 1 - cosT.C * cosT.C)), ph = 2 * Math.PI * (az + 0.5) / _azimuth;
                    for (int i = 0; i < 3; i++) sig[i] = cosT.C * e[i] + st * (Math.Cos(ph) * e1[i] + Math.Sin(ph) * e2[i]);
                }
                for (int i = 0; i < d; i++) { xp[i] = 0.5 * (xi[i] + r * sig[i]); xm[i] = 0.5 * (xi[i] - r * sig[i]); }
                // f̃ at ξ⁻, g̃ at ξ⁺: with this assignment Q̃⁺(f̃, g̃) is exactly F⁻¹_{v→ξ}[Q⁺(f, g)] for the seed's ω-form
                // Q⁺(f, g)(v) = ∫∫f(v*)g(u*)B (checked against the physical operator to 1e-11); the seed's (2.4), (2.10) print
                // f̃(ξ⁺)g̃(ξ⁻), which is the same operator with f and g exchanged (b_σ is not even in d = 2).
                Complex val = inner is null ? f.Value(xm) * g.Value(xp) : inner.Value(xm, xp);
                sum += wt * (d == 2 ? 1 : 2 * Math.PI / _azimuth) * bs * val;
            }
        }
        return _kappa * sum;
    }

    /// <summary>
    /// The σ rule at |ξ| = r: d = 2, the angle φ ∈ [−π, π] from ξ̂ (returned as (cos φ, sin φ)); d = 3, x = ξ̂·σ ∈ [−1, 1]
    /// (azimuth separately). Gauss–Legendre panels graded geometrically towards φ = 0, ±π (x = ±1) down to the angle
    /// (d = 2) or 1 − |x| (d = 3) at which a profile of scale s_min is seen from |ξ| = r.
    /// </summary>
    private List<((double C, double S), double W)> SigmaRule(double r, double smin)
    {
        var gl = GaussLegendre.Get(_sigNodesPerPanel);
        var list = new List<((double, double), double)>();
        void Panel(double lo, double hi, Func<double, (double, double)> map)
        {
            double c = 0.5 * (lo + hi), h = 0.5 * (hi - lo);
            for (int q = 0; q < gl.N; q++) list.Add((map(c + h * gl.Nodes[q]), h * gl.Weights[q]));
        }
        if (_d == 2)
        {
            double delta = r > smin ? 0.25 * smin / r : Math.PI / 2;
            var edges = new List<double> { 0 };
            for (double e = delta; e < Math.PI / 2; e *= 2) edges.Add(e);
            edges.Add(Math.PI / 2);
            for (int i = 0; i + 1 < edges.Count; i++)
                foreach (var sgn in new[] { 1.0, -1.0 })
                {
                    // near 0 and near ±π (φ = ±(π − t))
                    Panel(edges[i], edges[i + 1], t => (Math.Cos(sgn * t), Math.Sin(sgn * t)));
                    Panel(edges[i], edges[i + 1], t => (-Math.Cos(sgn * t), Math.Sin(sgn * (Math.PI - t))));
                }
            return list;
        }
        {
            double delta = r > smin ? 0.06 * (smin / r) * (smin / r) : 1;
            var edges = new List<double> { 0 };
            for (double e = delta; e < 1; e *= 4) edges.Add(e);
            edges.Add(1);
            for (int i = 0; i + 1 < edges.Count; i++)
            {
                Panel(edges[i], edges[i + 1], t => (1 - t, 0));
                Panel(edges[i], edges[i + 1], t => (-1 + t, 0));
            }
            return list;
        }
    }

    private InnerIntegral? _inner;
    private InnerIntegral Inner(IFourierProfile f, IFourierProfile g)
    {
        var c = _inner;
        if (c is not null && ReferenceEquals(c.F, f) && ReferenceEquals(c.G, g)) return c;
        return _inner = new InnerIntegral(f, g, _gamma);
    }

    /// <summary>‖Q̃⁺(f̃, g̃)‖_{L²(R^d)} by composite Gauss–Legendre on the box |ξ_i| ≤ K (K from the supports).</summary>
    /// <param name="f">f̃.</param>
    /// <param name="g">g̃.</param>
    /// <param name="nodesPerScale">Panels per (2 × smallest profile scale): 1 for searches, 2 for the refined check.</param>
    /// <param name="order">Gauss–Legendre nodes per panel.</param>
    public double L2Norm(IFourierProfile f, IFourierProfile g, int nodesPerScale = 1, int order = 6)
    {
        int d = _d;
        double rf = f.Reach, rg = g.Reach;
        double k = _gamma == 0 ? Math.Sqrt(rf * rf + rg * rg) : rf + rg;
        double h = 2 * Math.Min(f.MinScale, g.MinScale) / nodesPerScale;
        int panels = Math.Max(2, 2 * (int)Math.Ceiling(k / h));
        if (_gamma != 0) Inner(f, g);
        var (x, w) = RadialFourier.Composite(-k, k, panels, order, []);
        int n = x.Length;
                double sum = 0;
        object gate = new();
        Parallel.For(0, n, () => 0.0, (i, _, loc) =>
        {
            Span<double> xi = stackalloc double[d];
            xi[0] = x[i];
            double acc = 0;
            for (int j = 0; j < n; j++)
            {
                xi[1] = x[j];
                if (d == 2) { double m = Evaluate(f, g, xi).Magnitude; acc += w[i] * w[j] * m * m; continue; }
                for (int l = 0; l < n; l++) { xi[2] = x[l]; double m = Evaluate(f, g, xi).Magnitude; acc += w[i] * w[j] * w[l] * m * m; }
            }
            return loc + acc;
        }, loc => { lock (gate) sum += loc; });
        return Math.Sqrt(sum);
    }

    /// <summary>
    /// ‖Q̃⁺(f̃, g̃)‖_{L²} for radial data (profiles centred at 0, isotropic, no phase): Q̃⁺ is radial, so
    /// ‖Q̃⁺‖² = |S^{d−1}|∫₀^K |Q̃⁺(r e₁)|² r^{d−1} dr, by Gauss–Legendre on panels graded geometrically from the smaller
    /// profile scale (both scales resolved whatever their ratio).
    /// </summary>
    public double RadialL2Norm(IFourierProfile f, IFourierProfile g, int order = 12, int panelsPerOctave = 3)
    {
        int d = _d;
        double rf = f.Reach, rg = g.Reach;
        double k = _gamma == 0 ? Math.Sqrt(rf * rf + rg * rg) : rf + rg;
        double lo = 0.05 * Math.Min(f.MinScale, g.MinScale);
        var edges = new List<double> { 0 };
        for (double e = lo; e < k; e *= Math.Pow(2, 1.0 / panelsPerOctave)) edges.Add(e);
        edges.Add(k);
        var gl = GaussLegendre.Get(order);
        var nodes = new List<(double R, double W)>();
        for (int i = 0; i + 1 < edges.Count; i++)
        {
            double c = 0.5 * (edges[i] + edges[i + 1]), h = 0.5 * (edges[i + 1] - edges[i]);
            for (int q = 0; q < gl.N; q++) nodes.Add((c + h * gl.Nodes[q], h * gl.Weights[q]));
        }
        if (_gamma != 0) Inner(f, g);
        var vals = new double[nodes.Count];
        Parallel.For(0, nodes.Count, i =>
        {
            Span<double> xi = stackalloc double[d];
            xi.Clear(); xi[0] = nodes[i].R;
            double m = Evaluate(f, g, xi).Magnitude;
            vals[i] = nodes[i].W * m * m * Math.Pow(nodes[i].R, d - 1);
        });
        return Math.Sqrt(RadialFourier.SphereArea(d) * vals.Sum());
    }

    /// <summary>The ratio ‖Q̃⁺(f̃, g̃)‖_{L²} / (‖f̃‖_P ‖g̃‖_Q) of the chosen estimate.</summary>
    public double Ratio(IFourierProfile f, IFourierProfile g, GainEstimate e, double p = 4, int nodesPerScale = 1, int order = 6)
    {
        var (pp, qq) = Exponents(e, p);
        return L2Norm(f, g, nodesPerScale, order) / (f.Norm(pp) * g.Norm(qq));
    }

    /// <summary>
    /// ∫ f̃(ξ⁺ + η) g̃(ξ⁻ − η)|η|^{−(d+γ)} dη for Gaussian profiles (closed form or the 1-D s-integral); shells are not supported.
    /// </summary>
    private sealed class InnerIntegral
    {
        private readonly FourierGaussian _f, _g;
        private readonly PowerMomentTable? _table;
        public IFourierProfile F => _f;
        public IFourierProfile G => _g;
        private readonly int _d;
        private readonly double _alpha, _gammaP, _lambdaIso;
        private readonly bool _closed;
        private readonly double[] _lam;     // Λ = P1 + P2
        private readonly double[] _u, _uw;  // ln s nodes, weights
        private readonly double[][] _inv;   // Λ_s⁻¹ per node
        private readonly double[] _logPre;  // ln[s^α (2π)^{d/2} det(Λ_s)^{−1/2}/Γ(α)] + ln weight
        private readonly double _sLo, _sHi, _logGammaAlpha;

        public InnerIntegral(IFourierProfile f, IFourierProfile g, double gamma)
        {
            _f = f as FourierGaussian ?? throw new NotSupportedException("the η-integral needs Gaussian profiles (use γ = 0 for shells)");
            _g = g as FourierGaussian ?? throw new NotSupportedException("the η-integral needs Gaussian profiles (use γ = 0 for shells)");
            _d = _f.D;
            _alpha = (_d + gamma) / 2;
            _gammaP = -(_d + gamma);
            _lam = new double[_d * _d];
            for (int i = 0; i < _lam.Length; i++) _lam[i] = _f.Precision[i] + _g.Precision[i];
            bool samePhase = true;
            for (int i = 0; i < _d; i++) samePhase &= _f.Phase[i] == _g.Phase[i];
            _closed = _f.IsIsotropic && _g.IsIsotropic && samePhase;
            if (_closed) _table = PowerMomentTable.Get(_d, _gammaP);
            _lambdaIso = _lam[0];
            _logGammaAlpha = MathNet.Numerics.SpecialFunctions.GammaLn(_alpha);
            var ev = FourierGaussian.Eigen(_lam, _d);
            double lmin = ev.Min(), lmax = ev.Max();
            // |B|² is at most ~ (Λ·reach)²: take the upper end well beyond it
            double reach = _f.Reach + _g.Reach;
            _sLo = 1e-7 * lmin;
            _sHi = 1e4 * Math.Max(lmax, lmax * lmax * reach * reach + 1);
            int panels = (int)Math.Ceiling((Math.Log(_sHi) - Math.Log(_sLo)) / 2.5);
            var (u, uw) = RadialFourier.Composite(Math.Log(_sLo), Math.Log(_sHi), panels, 10, []);
            _u = u; _uw = uw;
            _inv = new double[u.Length][];
            _logPre = new double[u.Length];
            for (int k = 0; k < u.Length; k++)
            {
                double s = Math.Exp(u[k]);
                var ls = (double[])_lam.Clone();
                for (int i = 0; i < _d; i++) ls[i * _d + i] += 2 * s;
                _inv[k] = SmallMatrix.Inverse(ls, _d);
                _logPre[k] = _alpha * u[k] + 0.5 * _d * Math.Log(2 * Math.PI) - 0.5 * Math.Log(SmallMatrix.Det(ls, _d)) - _logGammaAlpha + Math.Log(uw[k]);
            }
        }

        public Complex Value(ReadOnlySpan<double> xp, ReadOnlySpan<double> xm)
        {
            int d = _d;
            // exponent −½ηᵀΛη + B·η + E0, B = −P1 a + P2 b + i(m1 − m2), a = ξ⁺ − c1, b = ξ⁻ − c2
            Span<double> a = stackalloc double[d];
            Span<double> bb = stackalloc double[d];
            for (int i = 0; i < d; i++) { a[i] = xp[i] - _f.Center[i]; bb[i] = xm[i] - _g.Center[i]; }
            Span<double> br = stackalloc double[d];
            Span<double> bi = stackalloc double[d];
            double e0 = 0, ph = 0;
            for (int i = 0; i < d; i++)
            {
                double pa = 0, pb = 0;
                for (int j = 0; j < d; j++) { pa += _f.Precision[i * d + j] * a[j]; pb += _g.Precision[i * d + j] * bb[j]; }
                br[i] = -pa + pb; bi[i] = _f.Phase[i] - _g.Phase[i];
                e0 += -0.5 * (a[i] * pa + bb[i] * pb);
                ph += _f.Phase[i] * xp[i] + _g.Phase[i] * xm[i];
            }
            double amp = _f.Amplitude * _g.Amplitude;
            if (_closed)
            {
                // J = (2π/λ)^{d/2} e^{|B|²/(2λ)} E|N(B/λ, 1/λ)|^{γ'}
                double b2 = 0;
                for (int i = 0; i < d; i++) b2 += br[i] * br[i];
                double lam = _lambdaIso;
                double mom = Math.Pow(lam, -_gammaP / 2) * _table!.Unit(Math.Sqrt(b2 / lam));
                double v = amp * Math.Pow(2 * Math.PI / lam, d / 2.0) * Math.Exp(e0 + b2 / (2 * lam)) * mom;
                return v * new Complex(Math.Cos(ph), Math.Sin(ph));
            }
            Complex sum = Complex.Zero;
            for (int k = 0; k < _u.Length; k++)
            {
                var inv = _inv[k];
                Complex q = Complex.Zero;
                for (int i = 0; i < d; i++)
                    for (int j = 0; j < d; j++) q += new Complex(br[i], bi[i]) * inv[i * d + j] * new Complex(br[j], bi[j]);
                sum += Complex.Exp(_logPre[k] + e0 + 0.5 * q);
            }
            // s < s_lo: the integrand is s^{α−1}·(its value at s = 0) to O(s): ∫₀^{s_lo} = s_lo^α/α · J(0)
            {
                var inv = SmallMatrix.Inverse(_lam, d);
                Complex q = Complex.Zero;
                for (int i = 0; i < d; i++)
                    for (int j = 0; j < d; j++) q += new Complex(br[i], bi[i]) * inv[i * d + j] * new Complex(br[j], bi[j]);
                double lp = _alpha * Math.Log(_sLo) - Math.Log(_alpha) + 0.5 * d * Math.Log(2 * Math.PI) - 0.5 * Math.Log(SmallMatrix.Det(_lam, d)) - _logGammaAlpha;
                sum += Complex.Exp(lp + e0 + 0.5 * q);
            }
            // s > s_hi: (2π)^{d/2}(2s)^{−d/2}[1 + (BᵀB/4 − trΛ/4)/s] e^{E0}
            {
                Complex btb = Complex.Zero;
                double tr = 0;
                for (int i = 0; i < d; i++) { btb += new Complex(br[i], bi[i]) * new Complex(br[i], bi[i]); tr += _lam[i * d + i]; }
                double e = _alpha - d / 2.0;   // = γ/2 < 0
                double lp = 0.5 * d * Math.Log(Math.PI) - _logGammaAlpha;
                Complex c1 = btb / 4 - tr / 4;
                Complex tail = Math.Exp(lp) * (Math.Pow(_sHi, e) / -e + c1 * Math.Pow(_sHi, e - 1) / (1 - e));
                sum += tail * Complex.Exp(e0);
            }
            return amp * sum * new Complex(Math.Cos(ph), Math.Sin(ph));
        }
    }
}

/// <summary>
/// h(μ) = E|N(μe₁, I_d)|^{γ'} = <see cref="Gaussian.PowerMoment"/>(d, γ', 1, μ) tabulated on [0, 34] (step 1/256, cubic
/// interpolation, relative error ≤ 1e-10), the closed form beyond (its asymptotic branch); PowerMoment(d, γ', s, μ) = s^{γ'}h(μ/s).
/// </summary>
public sealed class PowerMomentTable
{
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<(int, double), PowerMomentTable> Cache = new();
    private readonly double[] _v;
    private const double H = 1.0 / 256, Top = 34;
    private readonly int _d;
    private readonly double _g;

    private PowerMomentTable(int d, double gammaP)
    {
        _d = d; _g = gammaP;
        int n = (int)(Top / H) + 4;
        _v = new double[n + 1];
        for (int i = 0; i <= n; i++) _v[i] = Gaussian.PowerMoment(d, gammaP, 1, i * H);
    }

    public static PowerMomentTable Get(int d, double gammaP) => Cache.GetOrAdd((d, gammaP), k => new PowerMomentTable(k.Item1, k.Item2));

    public double Unit(double mu)
    {
        if (mu >= Top) return Gaussian.PowerMoment(_d, _g, 1, mu);
        double u = mu / H;
        int i = Math.Clamp((int)Math.Floor(u) - 1, 0, _v.Length - 4);
        double x = u - i, x1 = x - 1, x2 = x - 2, x3 = x - 3;
        return -_v[i] * x1 * x2 * x3 / 6 + _v[i + 1] * x * x2 * x3 / 2 - _v[i + 2] * x * x1 * x3 / 2 + _v[i + 3] * x * x1 * x2 / 6;
    }
}
