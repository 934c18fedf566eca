namespace KineticLab.Numerics.Spectral;

/// <summary>
/// The half spectrum of a real transform on the periodized box <c>[−L, L)^d</c> with N points per axis (d = 2, 3):
/// for each half-spectrum position m (row-major, last axis halved, <c>N/2 + 1</c> entries per row) the signed mode
/// indices, |k|² and whether the mode lies on a Nyquist plane. The mode is <c>ξ = (π/L)(k0, k1, k2)</c> in 3D and
/// <c>ξ = (π/L)(k0, k2)</c> in 2D (k1 = 0): K2 is always the halved (last) axis. A shift of a function by s multiplies
/// its coefficients by <c>e^{iξ·s}</c>; a Fourier multiplier is a function of ξ. Shared by the Boltzmann and the
/// kinetic wave spectral operators.
/// </summary>
public sealed class SpectralModes
{
    public SpectralModes(int d, int n, double l)
    {
        if (d is not (2 or 3)) throw new ArgumentOutOfRangeException(nameof(d), "2 or 3 dimensions");
        if (n < 2 || n % 2 != 0) throw new ArgumentOutOfRangeException(nameof(n), "an even number of points per axis");
        Dimension = d; N = n; L = l;
        RowLength = n / 2 + 1;
        Total = d == 3 ? n * n * n : n * n;
        Half = (d == 3 ? n * n : n) * RowLength;
        Dxi = Math.PI / l;
        Q2 = new int[Half]; K0 = new short[Half]; K1 = new short[Half]; K2 = new short[Half];
        Nyquist = new bool[Half];
        int rows = Half / RowLength;
        for (int r = 0; r < rows; r++)
        {
            int i0 = d == 3 ? r / n : r, i1 = d == 3 ? r % n : 0;
            for (int j = 0; j < RowLength; j++)
            {
                int m = r * RowLength + j;
                int a = SignedIndex(i0), b = d == 3 ? SignedIndex(i1) : 0, c = j == n / 2 ? -n / 2 : j;
                K0[m] = (short)a; K1[m] = (short)b; K2[m] = (short)c;
                Q2[m] = a * a + b * b + c * c;
                Nyquist[m] = a == -n / 2 || b == -n / 2 || c == -n / 2;
            }
        }
        Q2Max = d * (n / 2) * (n / 2);
    }

    public int Dimension { get; }
    public int N { get; }
    public double L { get; }
    /// <summary>π/L: the mode spacing.</summary>
    public double Dxi { get; }
    /// <summary>N/2 + 1, the length of a half-spectrum row.</summary>
    public int RowLength { get; }
    /// <summary>N^d real samples.</summary>
    public int Total { get; }
    /// <summary>Half-spectrum entries.</summary>
    public int Half { get; }
    /// <summary>d(N/2)², the largest |k|².</summary>
    public int Q2Max { get; }
    public int[] Q2 { get; }
    public short[] K0 { get; }
    public short[] K1 { get; }
    public short[] K2 { get; }
    public bool[] Nyquist { get; }

    /// <summary>Signed frequency index of FFT position j.</summary>
    public int SignedIndex(int j) => j < N / 2 ? j : j - N;

    /// <summary>ξ·e for mode m and a direction given by d coordinates.</summary>
    public double Dot(int m, ReadOnlySpan<double> e) =>
        Dimension == 3 ? Dxi * (K0[m] * e[0] + K1[m] * e[1] + K2[m] * e[2]) : Dxi * (K0[m] * e[0] + K2[m] * e[1]);
}
