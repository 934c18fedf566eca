using MathNet.Numerics.LinearAlgebra;

namespace KineticLab.Numerics.Spectral;

/// <summary>
/// The constrained least-squares correction of a collision term on a grid (Gamba–Tharkabhushanam type):
/// <c>Q_c = argmin ‖Q_c − Q‖₂ subject to C Q_c = 0</c>, where the rows of C are the grid-rule moments
/// <c>h^d·(1, x_1, …, x_d, |x|²)</c> (mass, momentum, energy for Boltzmann; waveaction, momentum, energy |k|² for the
/// kinetic wave equation). The solution is <c>Q_c = Q − Cᵀ (C Cᵀ)⁻¹ C Q</c>: the grid-rule moments of Q_c vanish to
/// round-off, and the correction is a combination of 1, x, |x|² (zero when Q already conserves). Shared by both equations.
/// </summary>
public sealed class MomentProjection
{
    private readonly int _d, _count;
    private readonly Matrix<double> _gramInverse;
    private readonly double[] _basis;   // [i * (d+2) + r]: h^d·(1, x, |x|²)

    /// <param name="d">Dimension.</param>
    /// <param name="count">Grid points.</param>
    /// <param name="point">Writes the coordinates of grid point i.</param>
    /// <param name="cellVolume">h^d, the weight of the grid rule.</param>
    public MomentProjection(int d, int count, Action<int, Span<double>> point, double cellVolume)
    {
        _d = d; _count = count;
        int m = d + 2, n = count;
        _basis = new double[n * m];
        Span<double> v = stackalloc double[d];
        double w = cellVolume;
        var gram = Matrix<double>.Build.Dense(m, m);
        Span<double> row = stackalloc double[m];
        for (int i = 0; i < n; i++)
        {
            point(i, v);
            double r2 = 0;
            row[0] = w;
            for (int a = 0; a < d; a++) { row[1 + a] = w * v[a]; r2 += v[a] * v[a]; }
            row[d + 1] = w * r2;
            for (int r = 0; r < m; r++)
            {
                _basis[i * m + r] = row[r];
                for (int c = 0; c < m; c++) gram[r, c] += row[r] * row[c];
            }
        }
        _gramInverse = gram.Inverse();
    }

    /// <summary>The projection for a <see cref="PeriodicGrid"/>.</summary>
    public MomentProjection(PeriodicGrid grid) : this(grid.Dimension, grid.Total, grid.Point, grid.CellVolume) { }

    /// <summary>Grid moments C·q: (1, x, |x|²) moments of q.</summary>
    public double[] Moments(ReadOnlySpan<double> q)
    {
        int m = _d + 2;
        var mom = new double[m];
        for (int i = 0; i < q.Length; i++)
        {
            double qi = q[i];
            int o = i * m;
            for (int r = 0; r < m; r++) mom[r] += _basis[o + r] * qi;
        }
        return mom;
    }

    /// <summary>Replaces q by its projection; returns the moments removed (C q before the projection).</summary>
    public double[] Apply(Span<double> q)
    {
        if (q.Length != _count) throw new ArgumentException($"arrays must have {_count} entries");
        int m = _d + 2;
        var removed = Moments(q);
        Span<double> lambda = stackalloc double[m];
        // Two passes: the second removes what round-off in the first left (iterative refinement).
        for (int pass = 0; pass < 2; pass++)
        {
            var mom = pass == 0 ? removed : Moments(q);
            for (int r = 0; r < m; r++)
            {
                double s = 0;
                for (int c = 0; c < m; c++) s += _gramInverse[r, c] * mom[c];
                lambda[r] = s;
            }
            for (int i = 0; i < q.Length; i++)
            {
                int o = i * m;
                double corr = 0;
                for (int r = 0; r < m; r++) corr += _basis[o + r] * lambda[r];
                q[i] -= corr;
            }
        }
        return removed;
    }
}
