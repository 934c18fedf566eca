using System.Globalization;

namespace KineticLab.Boltzmann.Inhomogeneous;

/// <summary>
/// Phase space <c>T^{dx} × [−L, L)^d</c>: the periodic box <c>[0, Lx)^{dx}</c> (dx ≤ d) with Nx points per axis,
/// <c>x_j = j·Lx/Nx</c>, times a <see cref="VelocityGrid"/>. Position axis a is transported by velocity component a.
/// Global storage is x-major: <c>f[ix · Nv + iv]</c> with ix row-major over the x axes and iv the velocity grid index
/// (a 64-bit offset: the phase space may hold more than 2³¹ values; each rank holds its part, <see cref="RankLayout"/>).
/// Fourier modes in x: <c>η = 2π k / Lx</c>, k the signed FFT index.
/// </summary>
public sealed class PhaseSpaceGrid
{
    public PhaseSpaceGrid(int dx, int nx, double lx, VelocityGrid v)
    {
        ArgumentNullException.ThrowIfNull(v);
        if (dx < 1 || dx > v.Dimension)
            throw new InvalidInputException("x.dims", dx.ToString(CultureInfo.InvariantCulture), $"must be in [1, {v.Dimension}] (at most the velocity dimension d)");
        if (nx < 4 || nx > 1024 || nx % 2 != 0)
            throw new InvalidInputException("x.N", nx.ToString(CultureInfo.InvariantCulture), "must be an even number of points per x axis in [4, 1024]");
        Require.Positive("x.length", lx);
        // At most 1024³ x points (an int); the phase-space total is a long (a run holds it spread over its ranks).
        long points = 1;
        for (int a = 0; a < dx; a++) points *= nx;
        PositionDimension = dx; Nx = nx; Lx = lx; Velocity = v;
        XPoints = (int)points;
        Hx = lx / nx;
        XShape = Enumerable.Repeat(nx, dx).ToArray();
        XHalf = XPoints / nx * (nx / 2 + 1);
    }

    public int PositionDimension { get; }
    public int Nx { get; }
    public double Lx { get; }
    public double Hx { get; }
    public VelocityGrid Velocity { get; }
    /// <summary>Nx^dx.</summary>
    public int XPoints { get; }
    public int[] XShape { get; }
    /// <summary>Modes of the half spectrum of a real transform in x.</summary>
    public int XHalf { get; }
    public int VPoints => Velocity.Total;
    /// <summary>Values of f on the whole grid.</summary>
    public long Total => (long)XPoints * Velocity.Total;
    /// <summary>Volume of one x cell, Hx^dx.</summary>
    public double XCellVolume => Math.Pow(Hx, PositionDimension);
    /// <summary>Volume of one phase-space cell, Hx^dx · h^d.</summary>
    public double CellVolume => XCellVolume * Velocity.CellVolume;

    /// <summary>Coordinates of x point <paramref name="ix"/> (row-major, last axis fastest).</summary>
    public void XPoint(int ix, Span<double> x)
    {
        for (int a = PositionDimension - 1; a >= 0; a--)
        {
            x[a] = (ix % Nx) * Hx;
            ix /= Nx;
        }
    }

    /// <summary>Signed mode index of FFT position j along one x axis.</summary>
    public int SignedX(int j) => j < Nx / 2 ? j : j - Nx;

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"{PositionDimension}D-{Velocity.Dimension}V, x: {Nx}^{PositionDimension} on [0, {Lx:G6})^{PositionDimension}, v: {Velocity.N}^{Velocity.Dimension} on [-{Velocity.L:G6}, {Velocity.L:G6})^{Velocity.Dimension}");
}
