namespace KineticLab.Boltzmann;

/// <summary>A function of velocity, v given as d coordinates.</summary>
public delegate double VelocityFunction(ReadOnlySpan<double> v);

/// <summary>
/// The periodized velocity box <c>[−L, L)^d</c> with N points per axis, <c>v_j = −L + j h</c>, h = 2L/N (nodes, the
/// default: v = 0 is a grid point), or <c>v_j = −L + (j + ½) h</c> (cell centres, opt-in: the grid of kipack and of most
/// published fast spectral codes), stored row-major (last axis fastest). Fourier modes <c>e^{iξ_k·v}</c>,
/// <c>ξ_k = π k / L</c>, with k the signed index of the FFT position (−N/2 ≤ k &lt; N/2). The spectral operators are
/// translation invariant: the offset only decides where f is sampled and Q is returned.
/// </summary>
public sealed class VelocityGrid
{
    public VelocityGrid(int d, int n, double l, bool cellCentred = false)
    {
        Kernels.RelativeSpeedKernel.CheckDimension(d);
        if (n < 8 || n > (d == 3 ? 256 : 2048) || n % 2 != 0)
            throw new InvalidInputException("N", n.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"must be an even number of points per axis in [8, {(d == 3 ? 256 : 2048)}]");
        Require.Positive("L", l);
        Dimension = d; N = n; L = l; H = 2 * l / n;
        Total = d == 3 ? n * n * n : n * n;
        HalfLength = (d == 3 ? n * n : n) * (n / 2 + 1);
        Axis = new double[n];
        CellCentred = cellCentred;
        for (int j = 0; j < n; j++) Axis[j] = cellCentred ? -l + (j + 0.5) * H : -l + j * H;
        Shape = d == 3 ? [n, n, n] : [n, n];
    }

    public int Dimension { get; }
    /// <summary>Points at cell centres −L + (j + ½)h instead of nodes −L + jh.</summary>
    public bool CellCentred { get; }
    public int N { get; }
    public double L { get; }
    public double H { get; }
    /// <summary>Number of grid points N^d.</summary>
    public int Total { get; }
    /// <summary>Number of half-spectrum modes of a real transform.</summary>
    public int HalfLength { get; }
    public double[] Axis { get; }
    public int[] Shape { get; }

    /// <summary>Cell volume h^d (the weight of the grid rule for moments).</summary>
    public double CellVolume => Math.Pow(H, Dimension);

    /// <summary>Signed frequency index of FFT position j.</summary>
    public int SignedIndex(int j) => j < N / 2 ? j : j - N;

    /// <summary>Coordinates of grid point <paramref name="index"/>.</summary>
    public void Point(int index, Span<double> v)
    {
        if (Dimension == 3)
        {
            v[2] = Axis[index % N]; index /= N;
            v[1] = Axis[index % N]; index /= N;
            v[0] = Axis[index];
        }
        else
        {
            v[1] = Axis[index % N];
            v[0] = Axis[index / N];
        }
    }

    /// <summary>Samples <paramref name="f"/> on the grid.</summary>
    public double[] Sample(VelocityFunction f)
    {
        var result = new double[Total];
        Parallel.For(0, Total, () => new double[Dimension], (i, _, v) =>
        {
            Point(i, v);
            result[i] = f(v);
            return v;
        }, _ => { });
        return result;
    }

    /// <summary>Grid-rule moments: mass, momentum (d), energy ∫|v|² f.</summary>
    public double[] Moments(ReadOnlySpan<double> f)
    {
        var m = new double[Dimension + 2];
        Span<double> v = stackalloc double[Dimension];
        for (int i = 0; i < Total; i++)
        {
            Point(i, v);
            double fi = f[i], r2 = 0;
            m[0] += fi;
            for (int a = 0; a < Dimension; a++) { m[1 + a] += v[a] * fi; r2 += v[a] * v[a]; }
            m[Dimension + 1] += r2 * fi;
        }
        double w = CellVolume;
        for (int i = 0; i < m.Length; i++) m[i] *= w;
        return m;
    }

    /// <summary>Grid-rule integral of |v|^{2k} f.</summary>
    public double RadialMoment(ReadOnlySpan<double> f, int k)
    {
        Span<double> v = stackalloc double[Dimension];
        double s = 0;
        for (int i = 0; i < Total; i++)
        {
            Point(i, v);
            double r2 = 0;
            for (int a = 0; a < Dimension; a++) r2 += v[a] * v[a];
            s += Math.Pow(r2, k) * f[i];
        }
        return s * CellVolume;
    }

    /// <summary>Entropy ∫ f log f over the points with f &gt; 0, and the mass of the negative part ∫ f⁻.</summary>
    public (double Entropy, double NegativeMass) Entropy(ReadOnlySpan<double> f)
    {
        double h = 0, neg = 0;
        for (int i = 0; i < Total; i++)
        {
            double fi = f[i];
            if (fi > 0) h += fi * Math.Log(fi);
            else neg -= fi;
        }
        return (h * CellVolume, neg * CellVolume);
    }
}
