using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.WaveKinetic.Anisotropic;

/// <summary>The discrete anisotropic operator of a solve: C_h[f], G_h[f] or L_h[f] at the nodes of a Cartesian k-grid.</summary>
public interface IAnisotropicOperator
{
    /// <summary>Evaluates <paramref name="part"/> of the operator at every node (not thread-safe: one instance per thread).</summary>
    void Evaluate(ReadOnlySpan<double> f, Span<double> result, CollisionPart part = CollisionPart.Full);
}

/// <summary>Which discrete operator an anisotropic solve uses.</summary>
public enum AnisotropicMethod
{
    /// <summary>The fast spectral operator on the periodized box (<c>WaveKinetic/Spectral</c>), O(M N³ log N).</summary>
    Spectral,
    /// <summary>The σ-parametrised grid operator with tricubic interpolation (<see cref="AnisotropicGridOperator"/>), O(N⁶): the reference.</summary>
    Grid,
}
