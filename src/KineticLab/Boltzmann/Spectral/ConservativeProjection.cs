using KineticLab.Numerics.Spectral;

namespace KineticLab.Boltzmann.Spectral;

/// <summary>
/// The constrained least-squares correction of a collision term on the grid (Gamba–Tharkabhushanam type):
/// <c>Q_c = argmin ‖Q_c − Q‖₂ subject to C Q_c = 0</c>, where the rows of C are the grid-rule moments
/// <c>h^d·(1, v_1, …, v_d, |v|²)</c>. The solution is <c>Q_c = Q − Cᵀ (C Cᵀ)⁻¹ C Q</c>: mass, momentum and
/// energy computed with the grid rule (the moments <see cref="VelocityGrid.Moments"/>) are then conserved
/// to round-off. The correction is a combination of 1, v, |v|² (it is zero when Q already conserves).
/// The shared <see cref="MomentProjection"/> of <c>Numerics/Spectral</c> on the velocity grid.
/// </summary>
public sealed class ConservativeProjection
{
    private readonly MomentProjection _p;

    public ConservativeProjection(VelocityGrid grid) => _p = new MomentProjection(grid.Dimension, grid.Total, grid.Point, grid.CellVolume);

    /// <summary>Grid moments C·q: mass, momentum, energy of q.</summary>
    public double[] Moments(ReadOnlySpan<double> q) => _p.Moments(q);

    /// <summary>Replaces q by its projection; returns the moments removed (C q before the projection).</summary>
    public double[] Apply(Span<double> q) => _p.Apply(q);
}
