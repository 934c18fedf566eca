namespace KineticLab.Numerics.Spectral;

/// <summary>A function of a point given as d coordinates.</summary>
public delegate double PointFunction(ReadOnlySpan<double> x);

/// <summary>
/// The periodized box <c>[−L, L)^d</c> (d = 2, 3) with N points per axis, <c>x_j = −L + (j + offset) h</c>, h = 2L/N,
/// stored row-major (last axis fastest); offset 0 (nodes, the origin is a grid point) or ½ (cell centres). The
/// spectral operators are translation invariant, so the offset only decides where data are sampled.
/// Fourier modes <c>e^{iξ_k·x}</c>, <c>ξ_k = π k / L</c>, <c>−N/2 ≤ k &lt; N/2</c> (<see cref="SpectralModes"/>).
/// </summary>
public sealed class PeriodicGrid
{
    public PeriodicGrid(int d, int n, double l, double offset = 0)
    {
        if (d is not (2 or 3)) throw new InvalidInputException("d", d.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be 2 or 3");
        int max = d == 3 ? 256 : 2048;
        if (n < 4 || n > max || n % 2 != 0)
            throw new InvalidInputException("N", n.ToString(System.Globalization.CultureInfo.InvariantCulture), $"must be an even number of points per axis in [4, {max}]");
        Require.Positive("L", l);
        if (offset is not (0 or 0.5)) throw new InvalidInputException("offset", Require.Fmt(offset), "must be 0 (nodes) or 0.5 (cell centres)");
        Dimension = d; N = n; L = l; Offset = offset; H = 2 * l / n;
        Total = d == 3 ? n * n * n : n * n;
        HalfLength = (d == 3 ? n * n : n) * (n / 2 + 1);
        Axis = new double[n];
        for (int j = 0; j < n; j++) Axis[j] = -l + (j + offset) * H;
        Shape = d == 3 ? [n, n, n] : [n, n];
    }

    public int Dimension { get; }
    public int N { get; }
    public double L { get; }
    public double H { get; }
    /// <summary>0 (nodes) or ½ (cell centres).</summary>
    public double Offset { get; }
    public int Total { get; }
    public int HalfLength { get; }
    public double[] Axis { get; }
    public int[] Shape { get; }
    public double CellVolume => Math.Pow(H, Dimension);

    /// <summary>Coordinates of grid point <paramref name="index"/>.</summary>
    public void Point(int index, Span<double> x)
    {
        if (Dimension == 3)
        {
            x[2] = Axis[index % N]; index /= N;
            x[1] = Axis[index % N]; index /= N;
            x[0] = Axis[index];
        }
        else
        {
            x[1] = Axis[index % N];
            x[0] = Axis[index / N];
        }
    }

    /// <summary>|x|² of grid point <paramref name="index"/>.</summary>
    public double Norm2(int index)
    {
        Span<double> x = stackalloc double[3];
        Point(index, x);
        double s = 0;
        for (int a = 0; a < Dimension; a++) s += x[a] * x[a];
        return s;
    }

    /// <summary>Index of the grid point nearest to x (periodic).</summary>
    public int Nearest(ReadOnlySpan<double> x)
    {
        int idx = 0;
        for (int a = 0; a < Dimension; a++)
        {
            int j = (int)Math.Round((x[a] + L) / H - Offset);
            j = ((j % N) + N) % N;
            idx = idx * N + j;
        }
        return idx;
    }

    /// <summary>
    /// The trigonometric interpolant of grid values <paramref name="v"/> at an arbitrary point x: the tensor product of the
    /// periodic cardinal functions <c>S(t) = sin(Nt/2)/(N tan(t/2))</c>, <c>t = π(x − x_j)/L</c> (modes |m| &lt; N/2 and the
    /// Nyquist mode as a cosine). Exact for trigonometric polynomials of degree below N/2 per axis; equals v at the grid points.
    /// O(N^d) per point.
    /// </summary>
    public double Interpolate(ReadOnlySpan<double> v, ReadOnlySpan<double> x)
    {
        if (v.Length != Total) throw new ArgumentException($"arrays must have {Total} entries");
        int d = Dimension, n = N;
        var w = new double[d * n];
        for (int a = 0; a < d; a++)
        {
            for (int j = 0; j < n; j++)
            {
                double t = Math.PI * (x[a] - Axis[j]) / L;
                // t modulo 2π in (−π, π]: the cardinal function is 2π-periodic
                t = Math.IEEERemainder(t, 2 * Math.PI);
                w[a * n + j] = Math.Abs(t) < 1e-14 ? 1 : Math.Sin(n * t / 2) / (n * Math.Tan(t / 2));
            }
        }
        double s = 0;
        if (d == 3)
        {
            for (int i = 0; i < n; i++)
            {
                double si = 0;
                for (int j = 0; j < n; j++)
                {
                    double sj = 0;
                    int o = (i * n + j) * n;
                    for (int l = 0; l < n; l++) sj += w[2 * n + l] * v[o + l];
                    si += w[n + j] * sj;
                }
                s += w[i] * si;
            }
        }
        else
        {
            for (int i = 0; i < n; i++)
            {
                double si = 0;
                for (int j = 0; j < n; j++) si += w[n + j] * v[i * n + j];
                s += w[i] * si;
            }
        }
        return s;
    }

    public double[] Sample(PointFunction f)
    {
        var result = new double[Total];
        Parallel.For(0, Total, () => new double[Dimension], (i, _, x) =>
        {
            Point(i, x);
            result[i] = f(x);
            return x;
        }, _ => { });
        return result;
    }

    /// <summary>Grid-rule moments: ∫f, ∫x f (d), ∫|x|² f.</summary>
    public double[] Moments(ReadOnlySpan<double> f)
    {
        var m = new double[Dimension + 2];
        Span<double> x = stackalloc double[Dimension];
        for (int i = 0; i < Total; i++)
        {
            Point(i, x);
            double fi = f[i], r2 = 0;
            m[0] += fi;
            for (int a = 0; a < Dimension; a++) { m[1 + a] += x[a] * fi; r2 += x[a] * x[a]; }
            m[Dimension + 1] += r2 * fi;
        }
        double w = CellVolume;
        for (int i = 0; i < m.Length; i++) m[i] *= w;
        return m;
    }
}
