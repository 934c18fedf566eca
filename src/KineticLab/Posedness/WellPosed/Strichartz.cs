using KineticLab.Numerics.Quadrature;

namespace KineticLab.Posedness.WellPosed;

/// <summary>
/// The Strichartz functional of the seed's (B.5), S(φ; q, p) = ‖U(t)φ‖_{L^q_t(R) L^p_{x,ξ}} / ‖φ‖_{L²_{x,ξ}}, for data whose
/// p-norm is known at every t (<see cref="PhaseGaussian"/> in closed form, tensor data by <see cref="TransportBlock"/>).
/// Admissible pairs: 2/q + 2d/p = d, q ≥ 2 (σ = d in Keel–Tao). Under φ(λx, μξ) the functional scales by (λμ)^κ with
/// κ = d/2 − 1/q − d/p (exactly: U(t) of the dilated datum is the dilation of U(λμt)φ), so it is scale invariant on the
/// admissible line — a structural fact the computation must reproduce — and unbounded on any family of dilations off it.
/// The t-integral runs over all of R through t = τ tan θ (τ the data's dispersion time), by adaptive Gauss–Legendre;
/// ‖U(t)φ‖_p^q ~ |t|^{−2−2qκ} at large |t| (dispersive decay |t|^{−d(1−2/p)}), so the integral converges iff κ &gt; −1/(2q).
/// </summary>
public static class Strichartz
{
    /// <summary>κ = d/2 − 1/q − d/p (0 on the admissible line).</summary>
    public static double Kappa(int d, double q, double p) => d / 2.0 - 1 / q - d / p;

    /// <summary>The admissible p for a given q ≥ 2: p = 2dq/(dq − 2).</summary>
    public static double AdmissibleP(int d, double q) => double.IsPositiveInfinity(q) ? 2 : 2 * d * q / (d * q - 2);

    private struct ThetaIntegrand(Func<double, double> normP, double q, double tau) : IIntegrand
    {
        public double Value(double th)
        {
            double c = Math.Cos(th);
            if (c <= 0) return 0;
            double t = tau * Math.Tan(th);
            double n = normP(t);
            if (!(n > 0)) return 0;
            return Math.Exp(q * Math.Log(n)) * tau / (c * c);
        }
    }

    /// <summary>∫_R N(t)^q dt for a p-norm history N(t) = ‖U(t)φ‖_p with dispersion time scale τ.</summary>
    public static QuadratureResult TimeIntegral(Func<double, double> normP, double q, double tau, double relTol = 1e-10)
    {
        var f = new ThetaIntegrand(normP, q, tau);
        var quad = new AdaptiveQuadrature(order: 10, maxSegments: 20000);
        return quad.Integrate(ref f, -Math.PI / 2, Math.PI / 2, relTol, 0, [0.0]);
    }

    /// <summary>S(φ; q, p) for a Gaussian datum (q = ∞: sup_t ‖U(t)φ‖_p/‖φ‖_2, sampled).</summary>
    public static double Ratio(PhaseGaussian g, double q, double p, double relTol = 1e-10)
    {
        if (double.IsPositiveInfinity(q))
        {
            double best = 0, tau = g.TimeScale;
            for (int i = -200; i <= 200; i++) best = Math.Max(best, g.Norm(tau * Math.Tan(i * Math.PI / 402), p));
            return best / g.L2;
        }
        var r = TimeIntegral(t => g.Norm(t, p), q, g.TimeScale, relTol);
        return Math.Pow(r.Value, 1 / q) / g.L2;
    }

    /// <summary>The closed form of ‖U(t)φ‖_p for the product Gaussian exp(−|x|²/(2a²) − |ξ|²/(2b²)):
    /// (1 + t²/(ab)²)^{−d/2 + d/p} (2π/p)^{d/p} (ab)^{d/p} (p ≥ 1).</summary>
    public static double ProductGaussianNorm(int d, double a, double b, double t, double p)
    {
        // Per block (x_i, ξ_i), α = a^{−2}, β = b^{−2}: U(t)φ = (1 + t²αβ)^{−1/2} exp(−½ zᵀB z) with det(Re B) = αβ/(1 + t²αβ)².
        double ab = a * b, s = 1 + t * t / (ab * ab);
        return Math.Pow(s, -d / 2.0 + d / p) * Math.Pow(2 * Math.PI / p, d / p) * Math.Pow(ab, d / p);
    }
}
