namespace KineticLab.Boltzmann;

/// <summary>
/// A collision operator on a velocity grid: evaluates <c>Q(f, f)</c> into a caller-owned span,
/// without allocating per call. Implementations: <see cref="Spectral.FastSpectralOperator"/> (general cutoff
/// kernels) and <see cref="Spectral.MouhotPareschiOperator"/> (3D hard spheres, 2D Maxwell molecules).
/// </summary>
public interface ICollisionOperator : IDisposable
{
    VelocityGrid Grid { get; }

    /// <summary>Writes Q(f, f) at the grid points into <paramref name="q"/>.</summary>
    void Collision(ReadOnlySpan<double> f, Span<double> q);

    /// <summary>Transforms per evaluation of <see cref="Collision"/>.</summary>
    int FftsPerCollision { get; }

    /// <summary>"fftw" or "managed".</summary>
    string FftBackend { get; }
}
