using KineticLab.Numerics.Norms;
using KineticLab.Numerics.Quadrature;
using KineticLab.Posedness.RockAndNeedles;

namespace KineticLab.Posedness.WellPosed;

/// <summary>
/// The free-transport bound in physical variables, f(t, x, v) = f₀(x − tv, v):
/// <code>
/// ‖f(t)‖_{L^∞_x L^1_v} ≤ |t|^{−d} ‖f₀‖_{L^1_x L^∞_v},    T(f₀, t) := |t|^d ‖f(t)‖_{L^∞_x L^1_v} / ‖f₀‖_{L^1_x L^∞_v} ≤ 1,
/// </code>
/// since ∫|f₀(x − tv, v)| dv ≤ ∫ sup_w |f₀(x − tv, w)| dv = |t|^{−d} ∫ sup_w |f₀(y, w)| dy. The constant 1 is sharp and
/// attained: equality holds when v ↦ f₀(x − tv, v) equals its supremum over v on the characteristics through x, e.g.
/// f₀ = χ(|y|/a)χ(|v|/b) once a/(b|t|) ≤ 1/2. T is invariant under x ↦ Λx, v ↦ Λv (any invertible Λ), under velocity
/// translations, and depends on the data only through ε = (size in x)/(|t|·size in v): the extremizing families are the
/// dispersive regime ε → 0. Closed forms for Gaussians (any correlation between x and v), radial quadrature for bumps,
/// and the seed's needle (3.6)–(3.7), which is a product of bumps in aligned coordinates, so that M and N₂ drop out.
/// </summary>
public static class FreeTransportBound
{
    /// <summary>
    /// T for the Gaussian f₀ = exp(−½ (y, v)ᵀA(y, v)) (A real symmetric positive definite 2d×2d, blocks A_yy, A_yv, A_vv):
    /// ρ(t, x) = ∫ f₀(x − tv, v) dv is largest at x = 0, where it is (2π)^{d/2} det(A_t)^{−1/2},
    /// A_t = t²A_yy − t(A_yv + A_vy) + A_vv; ‖f₀‖_{L¹L^∞} = (2π)^{d/2} det(S)^{−1/2} with the Schur complement
    /// S = A_yy − A_yv A_vv⁻¹ A_vy. So T = |t|^d (det S / det A_t)^{1/2} ≤ 1, because A_t = t²S + (tK − I)ᵀA_vv(tK − I),
    /// K = A_vv⁻¹A_vy.
    /// </summary>
    public static double Gaussian(int d, double[] a, double t)
    {
        int n = 2 * d;
        if (a.Length != n * n) throw new ArgumentException("A must be 2d×2d");
        var at = new double[d * d];
        var avv = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
            {
                double yy = a[i * n + j], yv = a[i * n + d + j], vy = a[(d + i) * n + j], vv = a[(d + i) * n + d + j];
                at[i * d + j] = t * t * yy - t * (yv + vy) + vv;
                avv[i * d + j] = vv;
            }
        var inv = SmallMatrix.Inverse(avv, d);
        var s = new double[d * d];
        for (int i = 0; i < d; i++)
            for (int j = 0; j < d; j++)
            {
                double acc = a[i * n + j];
                for (int k = 0; k < d; k++)
                    for (int l = 0; l < d; l++) acc -= a[i * n + d + k] * inv[k * d + l] * a[(d + l) * n + j];
                s[i * d + j] = acc;
            }
        return Math.Exp(d * Math.Log(Math.Abs(t)) + 0.5 * (Math.Log(SmallMatrix.Det(s, d)) - Math.Log(SmallMatrix.Det(at, d))));
    }

    /// <summary>The product Gaussian exp(−|y|²/(2a²) − |v|²/(2b²)): T = (1 + ε²)^{−d/2}, ε = a/(b|t|).</summary>
    public static double ProductGaussian(int d, double eps) => Math.Pow(1 + eps * eps, -d / 2.0);

    /// <summary>
    /// The bump f₀ = χ(|y|/a)χ(|v|/b): ρ(t, ·) = |t|^{−d}(χ(|·|/a) * χ(|·|/(b|t|))) is radially decreasing (a convolution of
    /// radially decreasing functions), so its maximum is at x = 0 and T = ∫χ(|w|)χ(ε|w|)dw / ∫χ(|w|)dw, ε = a/(b|t|);
    /// T = 1 exactly for ε ≤ 1/2.
    /// </summary>
    public static double Bump(int d, double eps) => RadialOverlap(d, 1, eps) / RadialOverlap(d, 1, 0);

    /// <summary>∫_{R^m} χ(α|w|)χ(β|w|) dw by composite Gauss–Legendre in |w| (split where either factor has a breakpoint).</summary>
    public static double RadialOverlap(int m, double alpha, double beta)
    {
        double top = 2 / Math.Max(alpha, beta);
        var bps = new List<double>();
        foreach (var c in new[] { alpha, beta })
            if (c > 0) { bps.Add(1 / c); bps.Add(2 / c); }
        var (r, w) = RadialFourier.Composite(0, top, 16, 16, bps);
        double area = m == 1 ? 2 : RadialFourier.SphereArea(m), sum = 0;
        for (int i = 0; i < r.Length; i++)
            sum += w[i] * RockAndNeedles.Bump.Chi(alpha * r[i]) * RockAndNeedles.Bump.Chi(beta * r[i]) * Math.Pow(r[i], m - 1);
        return area * sum;
    }

    /// <summary>
    /// The seed's needle f₀ = K(y)I(v), K = χ(M|y⊥|)χ(|y_∥|/N₂), I = χ(M|v⊥|)χ(10|v_∥ − N₂|/N₂): ρ(t, ·) is largest on the
    /// needle's axis at x = tN₂e (each aligned factor is a convolution of functions decreasing away from their centres), so
    /// T = |t|^d A(t) B(t) / (‖χ‖_{L¹(R)} ‖χ‖_{L¹(R^{d−1})}) with A = ∫_R χ(|t||s|)χ(10|s|)ds, B = ∫_{R^{d−1}} χ(|t||r|)χ(|r|)dr —
    /// independent of M and N₂; T = 1 exactly for |t| ≥ 20.
    /// </summary>
    public static double Needle(int d, double t)
    {
        double at = Math.Abs(t);
        double a = RadialOverlap(1, at, 10), b = RadialOverlap(d - 1, at, 1);
        return Math.Pow(at, d) * a * b / (RadialOverlap(1, 1, 0) * RadialOverlap(d - 1, 1, 0));
    }

    /// <summary>
    /// Brute-force reference for d = 2: ρ(t, x) = ∫ f₀(x − tv, v) dv by tensor Gauss–Legendre on the velocity box
    /// [v0x − vx, v0x + vx] × [v0y − vy, v0y + vy] (composite Gauss–Legendre), for checking the closed forms.
    /// </summary>
    public static double Density2D(Func<double, double, double, double, double> f0, double t, double x0, double x1,
        double v0x, double v0y, double vx, double vy, int panels = 24, int order = 12)
    {
        var (ax, wx) = RadialFourier.Composite(v0x - vx, v0x + vx, panels, order, []);
        var (ay, wy) = RadialFourier.Composite(v0y - vy, v0y + vy, panels, order, []);
        double sum = 0;
        for (int i = 0; i < ax.Length; i++)
        {
            double s = 0;
            for (int j = 0; j < ay.Length; j++) s += wy[j] * f0(x0 - t * ax[i], x1 - t * ay[j], ax[i], ay[j]);
            sum += wx[i] * s;
        }
        return sum;
    }
}
