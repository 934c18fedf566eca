using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Posedness;

/// <summary>The initial data of the KWE ill-posedness experiments.</summary>
public enum KweDatumKind
{
    /// <summary>n⁰¹(ω) = ⟨ω⟩^{−M/2} (Theorem 4.2, Remark 1.4).</summary>
    Smooth,
    /// <summary>n⁰(ω) = (A + cos Nω)⟨ω⟩^{−M/2} (Theorem 5.1, §5).</summary>
    Oscillating,
    /// <summary>n(ω) = (1 + ω)^{−M/2}, i.e. f = ⟨k⟩^{−M} (Remark 1.4, Appendix A).</summary>
    KBracket,
}

/// <summary>A datum specification: kind, decay exponent M and, for the oscillating datum, A and N.</summary>
public sealed record KweDatum(KweDatumKind Kind, double M, double A = 2, double N = 10)
{
    public void Validate(ICollection<string>? warnings = null)
    {
        Require.InRange("M", M, 1e-9, 200, "must be > 0 and at most 200");
        if (Kind == KweDatumKind.Oscillating)
        {
            Require.InRange("A", A, 0, 1e6, "must be in [0, 1e6]");
            Require.InRange("N", N, 1e-6, 1e4, "must be in (0, 1e4]");
            if (A < 1) warnings?.Add($"A = {A} < 1: the oscillating datum (A + cos Nω)⟨ω⟩^(-M/2) changes sign");
        }
        if (M <= 6) warnings?.Add($"M = {M} ≤ 6: the seed's well/ill-posedness theorems assume M > 6 (M > 10 for the full equation)");
        else if (M <= 10 && Kind == KweDatumKind.Oscillating)
            warnings?.Add($"M = {M} ≤ 10: Theorem 5.1 (full equation, oscillating datum) assumes M > 10");
    }

    public Spectrum Create() => Kind switch
    {
        KweDatumKind.Smooth => new SmoothDatum(M),
        KweDatumKind.Oscillating => new OscillatingDatum(M, A, N),
        KweDatumKind.KBracket => new KBracketDatum(M),
        _ => throw new ArgumentOutOfRangeException(nameof(Kind)),
    };

    /// <summary>
    /// The weight ⟨ω⟩^{M/2} = (1 + ω²)^{M/4} of the space ⟨ω⟩^{−M/2}L^∞ (equivalent to ⟨k⟩^{M}, within a factor √2^{M/2},
    /// so the same weight is used for every datum).
    /// </summary>
    public double Weight(double omega) => Math.Pow(1 + omega * omega, 0.25 * M);

    public string Describe() => Create().Describe();
}
