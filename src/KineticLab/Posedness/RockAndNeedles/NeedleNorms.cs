using System.Collections.Concurrent;
using KineticLab.Numerics.Norms;
using KineticLab.Numerics.Quadrature;

namespace KineticLab.Posedness.RockAndNeedles;

/// <summary>
/// Norms in L^{2,r₀}_v H^{s₀}_x (inhomogeneous weights ⟨∇_x⟩^{s₀}⟨v⟩^{r₀}, as in (1.10)) of the beam and the rock, kept as
/// logarithms where the parameters overflow. Needles with disjoint velocity supports give
/// ‖f_b(t)‖² = a_b² J ‖⟨∇⟩^{s₀}K‖² ‖⟨v⟩^{r₀}I‖² (exactly, at every t: free transport translates each v-slice);
/// the space needle K(x) = χ(M|x⊥|)χ(|x_∥|/N₂) has K̂(η) = M^{1−d}χ̂_{d−1}(η⊥/M)·N₂χ̂₁(N₂η_∥), so its norm is a 2-D integral
/// of radial transforms of χ. The rock at N₁ → ∞ with the continuum rate: ‖f_r(t)‖ = A_r ‖χ‖_{L²(R^d)} M^{s₀−s} G(|t|R₀),
/// A_r = 1 for the paper's amplitude M^{d/2−s}N₁^{d/2}, with G from <see cref="RockProfileNorm"/>.
/// </summary>
public static class NeedleNorms
{
    private static readonly ConcurrentDictionary<int, RadialFourier> ChiHats = new();

    /// <summary>χ̂ on R^m (m = 1, 2, 3), cached.</summary>
    public static RadialFourier ChiHat(int m) => ChiHats.GetOrAdd(m, k => RadialFourier.Compute(k, Bump.Chi, 2, Bump.Breakpoints));

    /// <summary>ln ‖⟨∇⟩^{s₀} K‖²_{L²(R^d)} for the space needle of width 1/M and length N₂.</summary>
    public static double LogSpaceNeedleNormSq(int d, double s0, double m, double n2)
    {
        var t = ChiHat(d - 1);
        var l = ChiHat(1);
        double inv = 1 / (m * n2), am = 1 / (m * m);
        double sum = 0;
        object gate = new();
        Parallel.For(0, t.K.Length, () => 0.0, (i, _, local) =>
        {
            double xi = t.K[i];
            double wi = t.KWeights[i] * t.Transform[i] * t.Transform[i] * RadialFourier.SphereArea(d - 1) * Math.Pow(xi, d - 2);
            double inner = 0;
            for (int j = 0; j < l.K.Length; j++)
            {
                double z = l.K[j] * inv;
                double wgt = s0 == 0 ? 1 : Math.Pow(am + xi * xi + z * z, s0);
                inner += l.KWeights[j] * wgt * l.Transform[j] * l.Transform[j];
            }
            return local + wi * inner * 2; // ζ over R
        }, local => { lock (gate) sum += local; });
        return (2 * s0 + 1 - d) * Math.Log(m) + Math.Log(n2) - d * Math.Log(2 * Math.PI) + Math.Log(sum);
    }

    /// <summary>ln ‖⟨v⟩^{r₀} I‖²_{L²(R^d)} for the velocity needle at speed N₂ (width 1/M, longitudinal width N₂/10).</summary>
    public static double LogVelocityNeedleNormSq(int d, double r0, double m, double n2)
    {
        // u = N₂ω e + ρ'/M: (1 + N₂²ω² + ρ'²/M²)^{r₀} = N₂^{2r₀} (N₂^{−2} + ω² + (ρ'/(M N₂))²)^{r₀}
        double inv2 = 1 / (n2 * n2), q = 1 / (m * n2);
        double sum = 0;
        var gr = GaussLegendre.Get(48);
        var gw = GaussLegendre.Get(48);
        foreach (var (rlo, rhi) in new[] { (0.0, 1.0), (1.0, 2.0) })
            for (int a = 0; a < gr.N; a++)
            {
                double rho = 0.5 * (rlo + rhi) + 0.5 * (rhi - rlo) * gr.Nodes[a];
                double wr = 0.5 * (rhi - rlo) * gr.Weights[a];
                double cr = Bump.Chi(rho);
                double jac = d == 2 ? 2 : 2 * Math.PI * rho; // |S^{d−2}| ρ^{d−2}
                double inner = 0;
                foreach (var (lo, hi) in new[] { (0.8, 0.9), (0.9, 1.1), (1.1, 1.2) })
                    for (int b = 0; b < gw.N; b++)
                    {
                        double om = 0.5 * (lo + hi) + 0.5 * (hi - lo) * gw.Nodes[b];
                        double c = Bump.Chi(10 * Math.Abs(om - 1));
                        double wgt = r0 == 0 ? 1 : Math.Pow(inv2 + om * om + rho * rho * q * q, r0);
                        inner += 0.5 * (hi - lo) * gw.Weights[b] * c * c * wgt;
                    }
                sum += wr * cr * cr * jac * inner;
            }
        return Math.Log(n2) + (1 - d) * Math.Log(m) + 2 * r0 * Math.Log(n2) + Math.Log(sum);
    }

    /// <summary>ln ‖f_b‖_{L^{2,r₀}_v H^{s₀}_x} (disjoint needles; J = c_J (M N₂)^{d−1} as a real number).</summary>
    public static double LogBeamNorm(NeedleParameters p) =>
        p.LogBeamAmplitude + 0.5 * Math.Log(p.JReal)
        + 0.5 * (LogSpaceNeedleNormSq(p.D, p.S0, p.M, p.N2) + LogVelocityNeedleNormSq(p.D, p.R0Weight, p.M, p.N2));

    /// <summary>
    /// G(λ) = ‖(M^{−2} − Δ_y)^{s₀/2}[χ(|y|) e^{λΨ_d(|y|)} − c χ(|y|)]‖_{L²(R^d)} (c = 0 for the rock profile itself), so that
    /// ‖⟨∇⟩^{s₀}[φ(M·)]‖ = M^{s₀−d/2} G for φ(y) = the bracket.
    /// </summary>
    public static double RockProfileNorm(int d, double s0, double m, double lambda, Bump.PsiTable psi, double subtract = 0)
    {
        var rf = RadialFourier.Compute(d, r => Bump.Chi(r) * (Math.Exp(lambda * psi[r]) - subtract), 2, Bump.Breakpoints);
        return rf.Sobolev(s0, 1 / (m * m));
    }

    /// <summary>The same for χ·Ψ_d (the rate profile on the rock, for Q⁻(f_r, f_b)).</summary>
    public static double RateProfileNorm(int d, double s0, double m, Bump.PsiTable psi) =>
        RadialFourier.Compute(d, r => Bump.Chi(r) * psi[r], 2, Bump.Breakpoints).Sobolev(s0, 1 / (m * m));
}
