using KineticLab.Numerics.Norms;
using KineticLab.Numerics.Quadrature;

namespace KineticLab.Posedness.RockAndNeedles;

/// <summary>
/// The smooth radial cutoff χ of the rock-and-needles construction: χ(r) = 1 for r ≤ 1, 0 for r ≥ 2, and
/// χ(r) = h(2 − r)/(h(2 − r) + h(r − 1)) in between, h(t) = e^{−1/t}. Since h(2−r)/(h(2−r)+h(r−1)) + (same at 3 − r) = 1,
/// χ − 1/2 is odd about r = 3/2, which gives ‖χ‖_{L¹(R)} = 3 exactly. Also the needle angular profile Ψ_d.
/// </summary>
public static class Bump
{
    /// <summary>χ(r) for r ≥ 0 (|r| for r &lt; 0).</summary>
    public static double Chi(double r)
    {
        r = Math.Abs(r);
        if (r <= 1) return 1;
        if (r >= 2) return 0;
        double a = Math.Exp(-1 / (2 - r)), b = Math.Exp(-1 / (r - 1));
        return a / (a + b);
    }

    /// <summary>Radii where χ is not analytic (quadrature breakpoints).</summary>
    public static readonly double[] Breakpoints = [1, 2];

    /// <summary>‖χ‖_{L¹(R^m)} = |S^{m−1}| ∫₀² χ(r) r^{m−1} dr (m = 1: exactly 3).</summary>
    public static double L1(int m) => m == 1 ? 3 : RadialFourier.SphereArea(m) * Radial(r => Chi(r) * Math.Pow(r, m - 1));

    /// <summary>‖χ‖_{L²(R^m)}.</summary>
    public static double L2(int m) => Math.Sqrt(RadialFourier.SphereArea(m) * Radial(r => Chi(r) * Chi(r) * Math.Pow(r, m - 1)));

    /// <summary>w = ∫₀^∞ χ(10|w − 1|) Φ(N w)/Φ(N) dw for the relative-speed law Φ (w_γ of the digest for Φ = r^γ).</summary>
    public static double SpeedMoment(Func<double, double> phi, double n2)
    {
        double s = 0;
        foreach (var (lo, hi) in new[] { (0.8, 0.9), (0.9, 1.1), (1.1, 1.2) })
            s += Gauss(lo, hi, 48, w => Chi(10 * Math.Abs(w - 1)) * phi(n2 * w));
        return s / phi(n2);
    }

    /// <summary>
    /// The continuum needle profile Ψ_d(ρ) = |S^{d−1}|^{−1} ∫_{S^{d−1}} χ(ρ sin∠(e, ê₁)) dσ(e):
    /// d = 2: (2/π)∫₀^{π/2} χ(ρ sin θ) dθ; d = 3: ∫₀¹ χ(ρ √(1 − c²)) dc. Ψ = 1 for ρ ≤ 1.
    /// </summary>
    public static double Psi(int d, double rho)
    {
        rho = Math.Abs(rho);
        if (rho <= 1) return 1;
        if (d == 2)
        {
            // θ where ρ sin θ = 1, 2
            var e = new List<double> { 0, Math.Asin(1 / rho) };
            if (rho > 2) e.Add(Math.Asin(2 / rho));
            e.Add(Math.PI / 2);
            double s = 0;
            for (int i = 0; i + 1 < e.Count; i++) s += Gauss(e[i], e[i + 1], 64, t => Chi(rho * Math.Sin(t)));
            return 2 / Math.PI * s;
        }
        else
        {
            // c where ρ√(1−c²) = 2, 1
            var e = new List<double> { 0 };
            if (rho > 2) e.Add(Math.Sqrt(1 - 4 / (rho * rho)));
            e.Add(Math.Sqrt(1 - 1 / (rho * rho)));
            e.Add(1);
            double s = 0;
            for (int i = 0; i + 1 < e.Count; i++) s += Gauss(e[i], e[i + 1], 64, c => Chi(rho * Math.Sqrt(Math.Max(0, 1 - c * c))));
            return s;
        }
    }

    /// <summary>Ψ_d tabulated on [0, 2] for fast repeated evaluation (cubic Lagrange interpolation, step 1e−4; direct quadrature beyond 2).</summary>
    public sealed class PsiTable
    {
        private readonly double[] _v;
        private const double H = 1e-4;
        public PsiTable(int d)
        {
            Dimension = d;
            int n = (int)Math.Round(2 / H) + 4;
            _v = new double[n + 1];
            Parallel.For(0, n + 1, i => _v[i] = Psi(d, i * H));
        }
        public int Dimension { get; }
        public double this[double rho]
        {
            get
            {
                rho = Math.Abs(rho);
                if (rho <= 1) return 1;
                if (rho >= 2) return Psi(Dimension, rho);
                double u = rho / H;
                int i = Math.Clamp((int)Math.Floor(u) - 1, 0, _v.Length - 4);
                double t = u - i; // in [1, 2] for interior points
                double t0 = t, t1 = t - 1, t2 = t - 2, t3 = t - 3;
                return -_v[i] * t1 * t2 * t3 / 6 + _v[i + 1] * t0 * t2 * t3 / 2 - _v[i + 2] * t0 * t1 * t3 / 2 + _v[i + 3] * t0 * t1 * t2 / 6;
            }
        }
    }

    private static double Radial(Func<double, double> f) => Gauss(0, 1, 32, f) + Gauss(1, 2, 96, f);

    internal static double Gauss(double a, double b, int n, Func<double, double> f)
    {
        var gl = GaussLegendre.Get(n);
        double c = 0.5 * (a + b), h = 0.5 * (b - a), s = 0;
        for (int q = 0; q < n; q++) s += gl.Weights[q] * f(c + h * gl.Nodes[q]);
        return s * h;
    }
}
