using KineticLab.Boltzmann.Kernels;
using KineticLab.Numerics.Quadrature;
using KineticLab.Posedness.RockAndNeedles;

namespace KineticLab.Posedness.WellPosed;

/// <summary>
/// The damping rate seen by the rock at v = 0 (N₁ → ∞) from a freely transported beam of J equidistributed needles in
/// the continuum limit J → ∞, at any time t (the rock-and-needles lab's continuum formula R₀Ψ_d(M|x|) is the t = 0 case):
/// <code>
/// R(t, x) = b₁ a_b J |S^{d−1}|⁻¹ ∫_{S^{d−1}} F_e(t, x) de,   F_e(t, x) = ∫ K_e(x − ut) I_e(u) Φ(|u|) du,
/// K_e(y) = χ(M|P⊥_e y|) χ(|y·e|/L),   I_e(u) = χ(M|P⊥_e u|) χ(10|u·e − N₂|/N₂),
/// </code>
/// with the space-needle length L = N₂ for the seed's needles (3.6)–(3.7), or L = 1/M for "bullets" (round beams, which
/// cross the rock in a time ~1/(M N₂)). R is radial; R(t, ρ) = R₀ P_t(Mρ) with R₀ = b₁ a_b J ∫I_eΦ the focus rate and
/// P_t = |S^{d−1}|⁻¹∫F_e/∫I_eΦ. F_e is computed as <see cref="NeedleBeam.NeedleTerm"/> does (aligned coordinates, tensor
/// Gauss–Legendre, d = 3 trapezoidal rule in the polar angle of u⊥); the angular mean by the trapezoidal rule in θ (d = 2,
/// periodic, spectrally accurate) or composite Gauss–Legendre in c = cos∠(e, x) (d = 3, the integrand depends on |P⊥x|).
/// </summary>
public sealed class BeamRateProfile
{
    private readonly double[] _w, _ww, _rho, _rw, _a, _cos, _sin;
    private readonly double[] _phiMat;      // Φ(√(w_i² + ρ_k²)) [k·|w| + i]
    private readonly RelativeSpeedKernel _phi;
    private readonly int _angles;

    public BeamRateProfile(NeedleParameters p, double length, int wOrder = 32, int rhoOrder = 32, int polar = 24, int angles = 256)
    {
        P = p; D = p.D; Length = length; _phi = p.Phi; _angles = angles;
        (_w, _ww, _rho, _rw) = NeedleNodes.Create(p, wOrder, rhoOrder, polar);
        _a = new double[_rho.Length];
        _phiMat = new double[_rho.Length * _w.Length];
        for (int k = 0; k < _rho.Length; k++)
        {
            double s = 0, r2 = _rho[k] * _rho[k];
            for (int i = 0; i < _w.Length; i++)
            {
                double ph = _phi.Eval(Math.Sqrt(_w[i] * _w[i] + r2));
                _phiMat[k * _w.Length + i] = ph;
                s += _ww[i] * ph;
            }
            _a[k] = s;
        }
        (_cos, _sin) = NeedleNodes.Angles(D, polar);
        double ni = 0;
        for (int k = 0; k < _rho.Length; k++) ni += _rw[k] * _a[k] * (D == 3 ? polar : 1);
        NeedleIntegral = ni;
    }

    public NeedleParameters P { get; }
    public int D { get; }
    /// <summary>L: the length of the space needle (N₂ for needles, 1/M for bullets).</summary>
    public double Length { get; }
    /// <summary>∫ I_e Φ(|u|) du by the same quadrature.</summary>
    public double NeedleIntegral { get; }

    /// <summary>F_e(t, x) for aligned coordinates x_∥ = x·e and x⊥ = |P⊥x| (d = 3) or the signed P⊥x (d = 2).</summary>
    public double Term(double t, double xPar, double xPerp)
    {
        double m = P.M, len = Length;
        if (Math.Abs(xPerp) > 2 * (1 + Math.Abs(t)) / m) return 0;
        bool flat = Math.Abs(xPar) + Math.Abs(t) * 1.2 * P.N2 <= len;
        int nw = _w.Length;
        Span<double> along = stackalloc double[flat ? 0 : nw];
        if (!flat)
        {
            bool any = false;
            for (int i = 0; i < nw; i++) { along[i] = _ww[i] * Bump.Chi(Math.Abs(xPar - t * _w[i]) / len); any |= along[i] != 0; }
            if (!any) return 0;
        }
        double s = 0;
        for (int k = 0; k < _rho.Length; k++)
        {
            double trans = NeedleNodes.Transverse(D, m, xPerp, t, _rho[k], _cos, _sin);
            if (trans == 0) continue;
            double al;
            if (flat) al = _a[k];
            else
            {
                al = 0;
                var row = _phiMat.AsSpan(k * nw, nw);
                for (int i = 0; i < nw; i++) al += along[i] * row[i];
            }
            s += _rw[k] * trans * al;
        }
        return s;
    }

    /// <summary>P_t(ρ') = R(t, ρ'/M)/R₀: the angular mean of F_e at |x| = ρ'/M over ∫I_eΦ.</summary>
    public double Profile(double t, double rhoScaled)
    {
        double rho = rhoScaled / P.M, sum = 0;
        if (D == 2)
        {
            for (int q = 0; q < _angles; q++)
            {
                double th = 2 * Math.PI * (q + 0.5) / _angles;
                sum += Term(t, rho * Math.Cos(th), rho * Math.Sin(th));
            }
            return sum / _angles / NeedleIntegral;
        }
        // d = 3: ½∫_{−1}^{1} F(ρc, ρ√(1−c²)) dc, panels graded towards c = ±1
        var gl = GaussLegendre.Get(16);
        double[] edges = [-1, -0.999, -0.99, -0.9, -0.6, -0.3, 0, 0.3, 0.6, 0.9, 0.99, 0.999, 1];
        for (int e = 0; e + 1 < edges.Length; e++)
        {
            double c0 = 0.5 * (edges[e] + edges[e + 1]), h = 0.5 * (edges[e + 1] - edges[e]);
            for (int q = 0; q < gl.N; q++)
            {
                double c = c0 + h * gl.Nodes[q];
                sum += h * gl.Weights[q] * Term(t, rho * c, rho * Math.Sqrt(Math.Max(0, 1 - c * c)));
            }
        }
        return 0.5 * sum / NeedleIntegral;
    }

    /// <summary>P_t tabulated on ρ' ∈ [0, 2] (the rock's support) with cubic interpolation.</summary>
    public Func<double, double> Table(double t, int points = 400)
    {
        var v = new double[points + 1];
        double h = 2.0 / points;
        Parallel.For(0, points + 1, i => v[i] = Profile(t, i * h));
        return r =>
        {
            r = Math.Abs(r);
            if (r >= 2) return v[points];
            double u = r / h;
            int i = Math.Clamp((int)Math.Floor(u) - 1, 0, points - 3);
            double x = u - i, x1 = x - 1, x2 = x - 2, x3 = x - 3;
            return -v[i] * x1 * x2 * x3 / 6 + v[i + 1] * x * x2 * x3 / 2 - v[i + 2] * x * x1 * x3 / 2 + v[i + 3] * x * x1 * x2 / 6;
        };
    }
}
