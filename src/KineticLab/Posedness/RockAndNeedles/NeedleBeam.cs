using KineticLab.Boltzmann.Kernels;
using KineticLab.Numerics.Norms;
using KineticLab.Numerics.Quadrature;

namespace KineticLab.Posedness.RockAndNeedles;

/// <summary>
/// The beam f_b(t,x,v) = a_b Σ_j K_j(x − vt) I_j(v) (free transport of J needles, (3.6)–(3.7)) seen by the rock at v = 0
/// (N₁ → ∞): the damping rate R(t,x,0) = b₁ ∫ f_b(t,x,u) Φ(|u|) du and β(t,x,0) = ∫₀^t R(τ,x,0) dτ (b₁ included; the seed
/// sets b₁ = 1). Per needle the u-integral is done in aligned coordinates u = w e_j + u⊥ (tensor Gauss–Legendre in w, in
/// |u⊥| and — d = 3 — the trapezoidal rule in the polar angle of u⊥), since K_j(x − ut) = χ(M|x⊥ − t u⊥|) χ(|x_∥ − t w|/N₂).
/// Needles with |P⊥_{e_j} x| > 2(1 + |t|)/M contribute nothing and are culled; the sum runs in parallel over needles.
/// The continuum formula (J → ∞, equidistributed e_j, |t| ≪ 1) is R ≈ b₁ a_b J ∫I_jΦ · Ψ_d(M|x|).
/// </summary>
public sealed class NeedleBeam
{
    private readonly double[] _w, _ww;      // w nodes and weights × χ(10|w − N₂|/N₂)
    private readonly double[] _rho, _rw;    // |u⊥| (d = 3) or signed u⊥ (d = 2) nodes, weights × χ(M|u⊥|) × Jacobian
    private readonly double[] _a;           // Σ_w ww Φ(√(w² + ρ²)) per ρ node
    private readonly double[] _cos, _sin;   // polar angles (d = 3)
    private readonly RelativeSpeedKernel _phi;

    public NeedleBeam(NeedleParameters p, double[]? directions = null, int wOrder = 32, int rhoOrder = 32, int angles = 24)
    {
        P = p;
        D = p.D;
        J = p.J;
        Directions = directions ?? NeedleDirections.Create(D, J);
        _phi = p.Phi;
        Amplitude = Math.Exp(p.LogBeamAmplitude);
        (_w, _ww, _rho, _rw) = NeedleNodes.Create(p, wOrder, rhoOrder, angles);
        _a = new double[_rho.Length];
        for (int k = 0; k < _rho.Length; k++)
        {
            double s = 0, r2 = _rho[k] * _rho[k];
            for (int i = 0; i < _w.Length; i++) s += _ww[i] * _phi.Eval(Math.Sqrt(_w[i] * _w[i] + r2));
            _a[k] = s;
        }
        (_cos, _sin) = NeedleNodes.Angles(D, angles);
    }

    public NeedleParameters P { get; }
    public int D { get; }
    public long J { get; }
    public double[] Directions { get; }
    /// <summary>a_b.</summary>
    public double Amplitude { get; }

    /// <summary>∫ I_j(u) Φ(|u|) du by the aligned quadrature (the same for every needle).</summary>
    public double NeedleIntegral()
    {
        double s = 0;
        for (int k = 0; k < _rho.Length; k++) s += _rw[k] * _a[k] * (D == 3 ? _cos.Length : 1);
        return s;
    }

    /// <summary>
    /// F_j = ∫ I_j(u) Φ(|u|) K_j(x − ut) du for a needle whose aligned coordinates of x are x_∥ = x·e_j and
    /// x⊥ = |P⊥x| (d = 3) or the signed P⊥x (d = 2).
    /// </summary>
    public double NeedleTerm(double t, double xPar, double xPerp)
    {
        double m = P.M, n2 = P.N2;
        if (Math.Abs(xPerp) > 2 * (1 + Math.Abs(t)) / m) return 0;
        // longitudinal factor χ(|x_∥ − t w|/N₂): identically 1 when |x_∥| + |t| 1.2 N₂ ≤ N₂
        bool flat = Math.Abs(xPar) + Math.Abs(t) * 1.2 * n2 <= n2;
        double s = 0;
        for (int k = 0; k < _rho.Length; k++)
        {
            double r = _rho[k];
            double trans = NeedleNodes.Transverse(D, m, xPerp, t, r, _cos, _sin);
            if (trans == 0) continue;
            double along;
            if (flat) along = _a[k];
            else
            {
                along = 0;
                double r2 = r * r;
                for (int i = 0; i < _w.Length; i++)
                    along += _ww[i] * _phi.Eval(Math.Sqrt(_w[i] * _w[i] + r2)) * Bump.Chi(Math.Abs(xPar - t * _w[i]) / n2);
            }
            s += _rw[k] * trans * along;
        }
        return s;
    }

    /// <summary>R(t,x,0) = b₁ a_b Σ_j F_j by per-needle quadrature, in parallel over needles.</summary>
    public double Rate(double t, ReadOnlySpan<double> x)
    {
        var xs = x.ToArray();
        var e = Directions;
        int d = D;
        double total = 0;
        object gate = new();
        Parallel.For(0L, J, () => 0.0, (j, _, local) =>
        {
            double par = 0;
            for (int a = 0; a < d; a++) par += xs[a] * e[j * d + a];
            double perp;
            if (d == 2) perp = -xs[0] * e[2 * j + 1] + xs[1] * e[2 * j];
            else
            {
                double q2 = 0;
                for (int a = 0; a < 3; a++) { double c = xs[a] - par * e[3 * j + a]; q2 += c * c; }
                perp = Math.Sqrt(q2);
            }
            return local + NeedleTerm(t, par, perp);
        }, local => { lock (gate) total += local; });
        return P.B1 * Amplitude * total;
    }

    /// <summary>β(t,x,0) = ∫₀^t R(τ,x,0) dτ by Gauss–Legendre in τ (≤ 0 for t ≤ 0).</summary>
    public double Beta(double t, ReadOnlySpan<double> x, int order = 6)
    {
        if (t == 0) return 0;
        var gl = GaussLegendre.Get(order);
        double c = 0.5 * t, h = 0.5 * t, s = 0;
        for (int q = 0; q < order; q++) s += gl.Weights[q] * Rate(c + h * gl.Nodes[q], x);
        return s * h;
    }

    /// <summary>The continuum rate amplitude with the same J: b₁ a_b J M^{1−d}‖χ‖_{L¹(R^{d−1})} N₂Φ(N₂)w_Φ.</summary>
    public double ContinuumFocusRate => P.B1 * Amplitude * J * P.NeedleRateIntegral;

    /// <summary>The continuum rate R_c(x) = ContinuumFocusRate · Ψ_d(M|x|) (time-independent).</summary>
    public double ContinuumRate(ReadOnlySpan<double> x)
    {
        double r2 = 0;
        foreach (var v in x) r2 += v * v;
        return ContinuumFocusRate * Bump.Psi(D, P.M * Math.Sqrt(r2));
    }

    /// <summary>β_c(t,x) = t R_c(x).</summary>
    public double ContinuumBeta(double t, ReadOnlySpan<double> x) => t * ContinuumRate(x);
}

/// <summary>
/// The quadrature of one needle's velocity integral in aligned coordinates, shared by <see cref="NeedleBeam"/> and the
/// well-posed side's beam profile: Gauss–Legendre nodes w along the needle (three panels over [0.8, 1.2]·N₂, weights times
/// χ(10|w − N₂|/N₂)) and ρ across it (panels over |ρ| ≤ 2/M, weights times χ(M|ρ|), in d = 3 with the polar Jacobian
/// 2πρ/<c>polar</c> of a trapezoidal rule in the angle).
/// </summary>
public static class NeedleNodes
{
    /// <summary>The polar angles (q + ½)·2π/n of the transverse circle (d = 3; none for d = 2), as cosines and sines.</summary>
    public static (double[] Cos, double[] Sin) Angles(int d, int n)
    {
        var cos = new double[d == 3 ? n : 0];
        var sin = new double[cos.Length];
        for (int q = 0; q < cos.Length; q++) { cos[q] = Math.Cos(2 * Math.PI * (q + 0.5) / n); sin[q] = Math.Sin(2 * Math.PI * (q + 0.5) / n); }
        return (cos, sin);
    }

    /// <summary>
    /// The transverse factor of a needle at time t for the transverse speed r: χ(M|x⊥ − t r|) (d = 2), and for d = 3 the
    /// sum over the polar angles of χ(M|x⊥ e − t r (cos, sin)|) (at t = 0: χ(M|x⊥|) times the number of angles).
    /// </summary>
    public static double Transverse(int d, double m, double xPerp, double t, double r, double[] cos, double[] sin)
    {
        if (d == 2) return Bump.Chi(m * Math.Abs(xPerp - t * r));
        if (t == 0) return Bump.Chi(m * Math.Abs(xPerp)) * cos.Length;
        double trans = 0;
        for (int q = 0; q < cos.Length; q++)
        {
            double a = xPerp - t * r * cos[q], b = -t * r * sin[q];
            trans += Bump.Chi(m * Math.Sqrt(a * a + b * b));
        }
        return trans;
    }

    public static (double[] W, double[] WW, double[] Rho, double[] RhoW) Create(NeedleParameters p, int wOrder, int rhoOrder, int polar)
    {
        int d = p.D;
        double n2 = p.N2, m = p.M;
        var ws = new List<double>(); var www = new List<double>();
        foreach (var (lo, hi, n) in new[] { (0.8, 0.9, wOrder), (0.9, 1.1, wOrder / 2), (1.1, 1.2, wOrder) })
        {
            var gl = GaussLegendre.Get(n);
            double c = 0.5 * (lo + hi) * n2, h = 0.5 * (hi - lo) * n2;
            for (int q = 0; q < n; q++)
            {
                double w = c + h * gl.Nodes[q];
                ws.Add(w); www.Add(h * gl.Weights[q] * Bump.Chi(10 * Math.Abs(w - n2) / n2));
            }
        }
        var rs = new List<double>(); var rws = new List<double>();
        var segs = d == 2 ? new[] { (-2.0, -1.0), (-1.0, 1.0), (1.0, 2.0) } : new[] { (0.0, 1.0), (1.0, 2.0) };
        foreach (var (lo, hi) in segs)
        {
            int n = Math.Abs(hi - lo) > 1.5 ? rhoOrder / 2 : rhoOrder;
            var gl = GaussLegendre.Get(n);
            double c = 0.5 * (lo + hi) / m, h = 0.5 * (hi - lo) / m;
            for (int q = 0; q < n; q++)
            {
                double r = c + h * gl.Nodes[q];
                double jac = d == 2 ? 1 : r * 2 * Math.PI / polar;
                rs.Add(r); rws.Add(h * gl.Weights[q] * Bump.Chi(m * Math.Abs(r)) * jac);
            }
        }
        return (ws.ToArray(), www.ToArray(), rs.ToArray(), rws.ToArray());
    }
}
