using KineticLab.Numerics.Quadrature;
using KineticLab.Numerics.Spectral;
using KineticLab.WaveKinetic.Anisotropic;

namespace KineticLab.WaveKinetic.Spectral;

/// <summary>
/// Opt-in dealiased evaluation of <see cref="KweSpectralOperator"/> (Orszag's 3/2 rule): f given on the N-grid of
/// <c>[−L, L)^d</c> is resampled exactly (zero padding of its spectrum, <see cref="SpectralResampler"/>) to M = 3N/2 points
/// per axis on the same box, the operator is evaluated there, and each output part is brought back to the N-grid's points
/// as the value of the M-grid's trigonometric interpolant (resampled to the 3N-grid, which holds the N-grid's nodes as
/// every third point). Node grids only (offset 0: every grid starts at −L). The products F·F(· + re) of two N-mode functions have modes up
/// to N, which the M-grid holds without folding; the output's own products are resolved on the M-grid and evaluated, not
/// truncated (a Galerkin truncation to N modes would cut exactly the high modes the products carry).
/// <para>
/// Use when the products are under-resolved on the N-grid: a Gaussian e^{−2|k|²} at N = 32, L = 4 (h = 1/4) has the
/// products' spectrum at the Nyquist mode about 5e-5 of its peak, which is the 1e-6 floor of the plain operator at β = 1
/// (docs/kwe-anisotropic-spectral.md §4.2). Cost: the inner operator's transforms on the M-grid ((3/2)^d times the
/// plain operator's, 3.4× in 3D) plus 1 + 6 transforms for the resamplings (3 + 6 for the trilinear forms). The quadrature
/// (radial nodes, directions) is that of the plain operator at N, so the two differ only by the resolution of the
/// products. N must be a multiple of 4 (M even). The data's Nyquist modes are dropped by the up-sampling, as the plain
/// operator drops them. For non-integer β the vertex weight |k|^{2β} is not smooth at k = 0, and the output parts carry it;
/// their interpolation is then accurate to the same algebraic order as the plain operator.
/// </para>
/// </summary>
public sealed class DealiasedKweSpectralOperator : IDisposable
{
    private readonly KweSpectralOperator _inner;
    private readonly SpectralResampler _up, _down;
    private readonly double[] _f, _g, _h, _p1, _p2, _p3, _out3;

    public DealiasedKweSpectralOperator(PeriodicGrid grid, double beta, KweSpectralOptions options)
    {
        Grid = grid;
        if (grid.N % 4 != 0)
            throw new InvalidInputException("N", grid.N.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "must be a multiple of 4 for the dealiased operator (3N/2 points per axis)");
        // Zero padding in index space maps samples of the same trigonometric polynomial only when both grids start at −L;
        // on cell centres the first points differ by half a (different) cell and the weights |k|^{2β} are not translation invariant.
        if (grid.Offset != 0)
            throw new InvalidInputException("offset", Require.Fmt(grid.Offset), "the dealiased operator needs a node grid (offset 0)");
        int m = 3 * grid.N / 2;
        int max = grid.Dimension == 3 ? 256 : 2048;
        if (3 * grid.N > max)
            throw new InvalidInputException("N", grid.N.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"must be at most {max / 3} for the dealiased operator (its output passes through a 3N-grid)");
        FineGrid = new PeriodicGrid(grid.Dimension, m, grid.L, grid.Offset);
        // The quadrature of the plain operator at N (not at M): the two operators differ only by the products' resolution.
        var o = options with
        {
            RadialPoints = options.RadialPoints > 0 ? options.RadialPoints : Math.Max(4, beta == 0 ? grid.N / 2 : grid.N),
            Directions = options.Directions ?? KweSpectralOperator.DefaultDirections(options, grid),
        };
        KweSpectralOperator.CheckOptions(grid, o);
        _inner = new KweSpectralOperator(FineGrid, beta, o);
        _up = new SpectralResampler(grid.Dimension, grid.N, m, options.Planning, options.PreferNativeFft);
        _down = new SpectralResampler(grid.Dimension, m, 3 * grid.N, options.Planning, options.PreferNativeFft);
        int ft = FineGrid.Total;
        _f = new double[ft]; _g = new double[ft]; _h = new double[ft];
        _p1 = new double[ft]; _p2 = new double[ft]; _p3 = new double[ft];
        _out3 = new double[grid.Dimension == 3 ? 27L * grid.Total : 9L * grid.Total];
    }

    /// <summary>The N-grid of the data and results.</summary>
    public PeriodicGrid Grid { get; }
    /// <summary>The 3/2-times finer grid on which the operator is evaluated.</summary>
    public PeriodicGrid FineGrid { get; }
    public KweSpectralOperator Inner => _inner;
    public double Beta => _inner.Beta;
    /// <summary>Transforms of one evaluation of C or of <see cref="Parts"/>: the inner operator's and 1 + 3·2 for the resamplings.</summary>
    public int FftsPerCollision => _inner.FftsPerCollision + 7;

    /// <summary>
    /// Bytes held: the inner operator's buffers on the M-grid, six M-grid arrays, the 3N-grid output and the resamplers'
    /// buffers (known before allocating, for <c>--check</c>).
    /// </summary>
    public static long EstimateMemoryBytes(int d, int n, int threads)
    {
        long m = 3L * n / 2, t3 = 3L * n;
        long fine = d == 3 ? m * m * m : m * m, big = d == 3 ? t3 * t3 * t3 : t3 * t3, coarse = d == 3 ? (long)n * n * n : (long)n * n;
        return KweSpectralOperator.EstimateMemoryBytes(d, (int)m, threads) + 6 * 8 * fine + 8 * big
               + (8 + 16) * (coarse + fine) + (8 + 16) * (fine + big);
    }

    /// <summary>C[f] = G1 + G2 − L on the N-grid.</summary>
    public void Collision(ReadOnlySpan<double> f, Span<double> c)
    {
        var g1 = new double[Grid.Total];
        var g2 = new double[Grid.Total];
        Parts(f, g1, g2, c);
        for (int i = 0; i < c.Length; i++) c[i] = g1[i] + g2[i] - c[i];
    }

    /// <summary>G1[f], G2[f] and L[f] on the N-grid (see <see cref="KweSpectralOperator.Parts"/>).</summary>
    public void Parts(ReadOnlySpan<double> f, Span<double> g1, Span<double> g2, Span<double> loss)
    {
        Check(f); Check(g1); Check(g2); Check(loss);
        _up.Apply(f, _f);
        _inner.Parts(_f, _p1, _p2, _p3);
        Down(_p1, g1); Down(_p2, g2); Down(_p3, loss);
    }

    /// <summary>The trilinear piece with three functions and the hemisphere cut-off (see <see cref="KweSpectralOperator.Trilinear"/>).</summary>
    public void Trilinear(SigmaTerm term, ReadOnlySpan<double> f, ReadOnlySpan<double> g, ReadOnlySpan<double> h, Span<double> result)
    {
        Check(f); Check(g); Check(h); Check(result);
        _up.Apply(f, _f); _up.Apply(g, _g); _up.Apply(h, _h);
        _inner.Trilinear(term, _f, _g, _h, _p1);
        Down(_p1, result);
    }

    private void Check(ReadOnlySpan<double> a)
    {
        if (a.Length != Grid.Total) throw new ArgumentException($"arrays must have {Grid.Total} entries");
    }

    /// <summary>The M-grid's trigonometric interpolant at the N-grid's points: resampled to 3N, then every third point.</summary>
    private void Down(ReadOnlySpan<double> fine, Span<double> coarse)
    {
        _down.Apply(fine, _out3);
        int n = Grid.N, n3 = 3 * n;   // node j of the N-grid: x_j = −L + jh = −L + 3j(h/3), node 3j of the 3N-grid
        if (Grid.Dimension == 3)
        {
            for (int a = 0; a < n; a++)
                for (int b = 0; b < n; b++)
                {
                    long row = ((long)3 * a * n3 + 3 * b) * n3;
                    int dst = (a * n + b) * n;
                    for (int c = 0; c < n; c++) coarse[dst + c] = _out3[row + 3 * c];
                }
        }
        else
        {
            for (int a = 0; a < n; a++)
            {
                long row = (long)3 * a * n3;
                for (int b = 0; b < n; b++) coarse[a * n + b] = _out3[row + 3 * b];
            }
        }
    }

    public void Dispose()
    {
        _inner.Dispose(); _up.Dispose(); _down.Dispose();
    }
}
