using KineticLab.Boltzmann.Kernels;
using KineticLab.Numerics.Spectral;

namespace KineticLab.Boltzmann.Spectral;

/// <summary>
/// Opt-in dealiased fast spectral operator (Orszag's 3/2 rule): f given on the N-grid is resampled exactly (zero padding
/// of its spectrum) to a grid of M = 3N/2 points per axis on the same box, <see cref="FastSpectralOperator"/> is
/// evaluated there, and Q is truncated back to the N modes. The products f(v + ρσ/2) g(v − ρσ/2) of two N-mode
/// functions have modes up to N, which the M-grid holds without folding into the retained N modes, so Q is the
/// Galerkin projection of the truncated operator applied to the trigonometric interpolant of f. Costs about (3/2)^d
/// times the transforms of the plain operator (3.4× in 3D). Use when the products are under-resolved on the N-grid (the
/// BKW test at S = 4 with N = 32, where the product's spectrum at the Nyquist mode is 5e-3 of its peak: docs/boltzmann-operator.md
/// §4.5). The plain operator stays the default; results of the plain operator are unchanged.
/// </summary>
public sealed class DealiasedSpectralOperator : ICollisionOperator
{
    private readonly FastSpectralOperator _inner;
    private readonly SpectralResampler _up, _down;
    private readonly double[] _fFine, _qFine;

    public DealiasedSpectralOperator(CollisionKernel kernel, VelocityGrid grid, SpectralOptions options)
    {
        Grid = grid;
        int m = 3 * grid.N / 2;
        if (m % 2 == 1) m++;
        FineGrid = new VelocityGrid(grid.Dimension, m, grid.L, grid.CellCentred);
        var o = options.RadialPoints > 0 ? options : options with { RadialPoints = grid.N };
        _inner = new FastSpectralOperator(kernel, FineGrid, o);
        _up = new SpectralResampler(grid.Dimension, grid.N, m, options.Planning, options.PreferNativeFft);
        _down = new SpectralResampler(grid.Dimension, m, grid.N, options.Planning, options.PreferNativeFft);
        _fFine = new double[FineGrid.Total];
        _qFine = new double[FineGrid.Total];
    }

    public VelocityGrid Grid { get; }
    /// <summary>The 3/2-times finer grid on which the operator is evaluated.</summary>
    public VelocityGrid FineGrid { get; }
    public FastSpectralOperator Inner => _inner;
    /// <summary>Transforms per evaluation: the inner operator's (on the fine grid) and 4 for the two resamplings.</summary>
    public int FftsPerCollision => _inner.FftsPerCollision + 4;
    public string FftBackend => _inner.FftBackend;

    public void Collision(ReadOnlySpan<double> f, Span<double> q)
    {
        if (f.Length != Grid.Total || q.Length != Grid.Total) throw new ArgumentException($"arrays must have {Grid.Total} entries");
        _up.Apply(f, _fFine);
        _inner.Collision(_fFine, _qFine);
        _down.Apply(_qFine, q);
    }

    public void Dispose()
    {
        _inner.Dispose(); _up.Dispose(); _down.Dispose();
    }
}
