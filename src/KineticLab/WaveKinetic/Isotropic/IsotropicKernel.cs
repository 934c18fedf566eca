namespace KineticLab.WaveKinetic.Isotropic;

/// <summary>Which part of the collision operator: <c>C = G − L</c>.</summary>
public enum CollisionPart
{
    /// <summary>C = C²³⁴ + C¹³⁴ − C¹²³ − C¹²⁴.</summary>
    Full,
    /// <summary>G = C²³⁴ + C¹³⁴.</summary>
    Gain,
    /// <summary>L = C¹²³ + C¹²⁴.</summary>
    Loss,
}

/// <summary>The trilinear forms <c>C^j[k,l,m]</c> of (3.4): the integrand is <c>S·k_{j1} l_{j2} m_{j3}</c>.</summary>
public enum TrilinearTerm
{
    /// <summary>k(ω2) l(ω3) m(ω4).</summary>
    C234,
    /// <summary>k(ω1) l(ω3) m(ω4).</summary>
    C134,
    /// <summary>k(ω1) l(ω2) m(ω3).</summary>
    C123,
    /// <summary>k(ω1) l(ω2) m(ω4).</summary>
    C124,
}

/// <summary>
/// The pieces of the ordered domain {0 ≤ ω3 ≤ ω4, ω2 = ω3 + ω4 − ω1 ≥ 0} by which frequency attains
/// min{ω1, ω2, ω3} (§3.2): D1 (ω1), D21 and D22 (ω2), D3 (ω3).
/// </summary>
[Flags]
public enum Subdomain
{
    /// <summary>D1 = {ω1 ≤ ω3 ≤ ω4}: in (ω2, ω3), ω3 ≥ ω1 and ω2 ≥ 2ω3 − ω1.</summary>
    D1 = 1,
    /// <summary>D21 = {0 ≤ ω3 ≤ ω1/2, ω1 − ω3 ≤ ω4 ≤ ω1}: 0 ≤ ω2 ≤ ω3 ≤ ω1/2.</summary>
    D21 = 2,
    /// <summary>D22 = {ω1/2 ≤ ω3 ≤ ω4 ≤ ω1}: ω1/2 ≤ ω3 ≤ ω1, 2ω3 − ω1 ≤ ω2 ≤ ω3.</summary>
    D22 = 4,
    /// <summary>D3 = {0 ≤ ω3 ≤ ω1 ≤ ω4}: 0 ≤ ω3 ≤ ω1, ω2 ≥ ω3.</summary>
    D3 = 8,
    /// <summary>The whole ordered domain.</summary>
    All = D1 | D21 | D22 | D3,
}

/// <summary>
/// The isotropic kernel: for <c>f(k) = n(|k|²)</c> the operator (1.3) with the corrected resonance
/// <c>Ω = |k1|² + |k2|² − |k3|² − |k4|²</c> becomes
/// <c>C[n](ω1) = K ∫_{0 ≤ ω3 ≤ ω4, ω2 ≥ 0} S̃ (n2n3n4 + n1n3n4 − n1n2n3 − n1n2n4) dω3 dω4</c>,
/// <c>S̃ = ω1^{β−1/2} (ω2ω3ω4)^β min{√ω1, √ω2, √ω3}</c>, <c>ω2 = ω3 + ω4 − ω1</c>, with
/// <c>K = 2π²</c> (derived in docs/kwe-isotropic-derivation.md; the seed prints 64π³).
/// </summary>
public static class IsotropicKernel
{
    /// <summary>The constant K = 2π² of the ordered-domain form.</summary>
    public static readonly double K = 2 * Math.PI * Math.PI;

    /// <summary>The constant the seed prints in (3.2), 64π³, kept for comparison only.</summary>
    public static readonly double SeedPrintedK = 64 * Math.PI * Math.PI * Math.PI;

    /// <summary>S(ω1, ω2, ω3, ω4) = K ω1^{β−1/2} (ω2ω3ω4)^β √min(ω1, ω2, ω3) on the ordered domain.</summary>
    public static double S(double beta, double w1, double w2, double w3, double w4) =>
        K * Math.Pow(w1, beta - 0.5) * Math.Pow(w2 * w3 * w4, beta) * Math.Sqrt(Math.Min(w1, Math.Min(w2, w3)));
}
