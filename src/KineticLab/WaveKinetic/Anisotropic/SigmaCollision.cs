namespace KineticLab.WaveKinetic.Anisotropic;

/// <summary>The four trilinear pieces (1.14)–(1.17) of the σ-parametrised operator, <c>C = G1 + G2 − L1 − L2</c>.</summary>
public enum SigmaTerm
{
    /// <summary>G1[f,g,h] = ¼∫ W f(k2) g(k1*) h(k2*).</summary>
    G1,
    /// <summary>G2[f,g,h] = ¼ f(k1) ∫ W g(k1*) h(k2*).</summary>
    G2,
    /// <summary>L1[f,g,h] = ¼ f(k1) ∫ W g(k2) h(k2*).</summary>
    L1,
    /// <summary>L2[f,g,h] = ¼ f(k1) ∫ W g(k2) h(k1*).</summary>
    L2,
}

/// <summary>
/// The collision geometry of (1.18)–(1.19): for <c>k1, k2 ∈ R³</c> and <c>σ ∈ S²</c>,
/// <c>k1* = (k1 + k2)/2 + |k1 − k2|σ/2</c>, <c>k2* = (k1 + k2)/2 − |k1 − k2|σ/2</c>, which satisfy
/// <c>k1* + k2* = k1 + k2</c> and <c>|k1*|² + |k2*|² = |k1|² + |k2|²</c> (the resonance
/// <c>Ω = |k1|² + |k2|² − |k3|² − |k4|² = 0</c> with the sign corrected; the seed prints all plus signs).
/// The kernel of every piece is <c>W = (|k1||k2||k1*||k2*|)^{2β} |k1 − k2| b((k1 − k2)·σ)</c>, <c>b = 1_(0,∞)</c>,
/// with the prefactor ¼; b restricts σ to the hemisphere around <c>û = (k1 − k2)/|k1 − k2|</c>, which the
/// quadratures parametrise exactly (σ = cos α û + sin α (cos φ e1 + sin φ e2), α ∈ [0, π/2]).
/// </summary>
public static class SigmaCollision
{
    /// <summary>k1* and k2* of (1.18)–(1.19).</summary>
    public static (Vec3 K1Star, Vec3 K2Star) PostCollisional(Vec3 k1, Vec3 k2, Vec3 sigma)
    {
        var v = 0.5 * (k1 + k2);
        double h = 0.5 * (k1 - k2).Norm;
        return (v + h * sigma, v - h * sigma);
    }

    /// <summary>|x|^{2β} as (|x|²)^β, exact 1 at β = 0 (also at x = 0).</summary>
    public static double Pow2Beta(double norm2, double beta) => beta == 0 ? 1.0 : Math.Pow(norm2, beta);

    /// <summary>
    /// The bracket of the piece (with f, g, h at the given points): the factor multiplying ¼W.
    /// f1 = f(k1), f2 = f(k2), g2 = g(k2), g3 = g(k1*), h3 = h(k1*), h4 = h(k2*).
    /// </summary>
    public static double Bracket(SigmaTerm t, double f1, double f2, double g2, double g3, double h3, double h4) => t switch
    {
        SigmaTerm.G1 => f2 * g3 * h4,
        SigmaTerm.G2 => f1 * g3 * h4,
        SigmaTerm.L1 => f1 * g2 * h4,
        _ => f1 * g2 * h3,
    };
}
