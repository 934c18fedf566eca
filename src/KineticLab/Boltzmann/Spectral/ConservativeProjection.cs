using MathNet.Numerics.LinearAlgebra;

namespace KineticLab.Boltzmann.Spectral;

/// <summary>
/// The constrained least-squares correction of a collision term on the grid (Gamba–Tharkabhushanam type):
/// <c>Q_c = argmin ‖Q_c − Q‖₂ subject to C Q_c = 0</c>, where the rows of C are the grid-rule moments
/// <c>h^d·(1, v_1, …, v_d, |v|²)</c>. The solution is <c>Q_c = Q − Cᵀ (C Cᵀ)⁻¹ C Q</c>: mass, momentum and
/// energy computed with the grid rule (the moments <see cref="VelocityGrid.Moments"/>) are then conserved
/// to round-off. The correction is a combination of 1, v, |v|² (it is zero when Q already conserves).
/// </summary>
public sealed class ConservativeProjection
{
    private readonly VelocityGrid _grid;
    private readonly Matrix<double> _gramInverse;
    private readonly double[] _basis;   // [i * (d+2) + r]: h^d·(1, v, |v|²)

    public ConservativeProjection(VelocityGrid grid)
    {
        _grid = grid;
        int d = grid.Dimension, m = d + 2, n = grid.Total;
        _basis = new double[n * m];
        Span<double> v = stackalloc double[d];
        double w = grid.CellVolume;
        var gram = Matrix<double>.Build.Dense(m, m);
        Span<double> row = stackalloc double[m];
        for (int i = 0; i < n; i++)
        {
            grid.Point(i, v);
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

    /// <summary>Grid moments C·q: mass, momentum, energy of q.</summary>
    public double[] Moments(ReadOnlySpan<double> q)
    {
        int m = _grid.Dimension + 2;
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
        int m = _grid.Dimension + 2;
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
