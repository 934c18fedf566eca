using KineticLab.Numerics.Fft;
using KineticLab.Numerics.Quadrature;
using KineticLab.Numerics.Spectral;
using KineticLab.WaveKinetic.Anisotropic;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.WaveKinetic.Spectral;

/// <summary>
/// The fast spectral operator on the nodes of a solver's <see cref="CartesianKGrid"/> (cell centres of [−L, L]³, the same
/// points and order as <c>PeriodicGrid(3, N, L, offset: ½)</c>): gain G1 + G2, loss L or C, and for the full equation
/// optionally the conservative projection (<see cref="MomentProjection"/>: the grid moments h³Σ(1, k, |k|²)C vanish to
/// round-off). Planning is FFTW's estimate, so a run and its resume in another process take the same transforms.
/// </summary>
public sealed class SpectralGridOperator : IAnisotropicOperator, IDisposable
{
    private readonly KweSpectralOperator _op;
    private readonly MomentProjection? _projection;
    private readonly double[] _g1, _g2, _l;

    /// <param name="grid">The solver's grid.</param>
    /// <param name="beta">β.</param>
    /// <param name="r">Truncation R of the rectangle's sides.</param>
    /// <param name="radialPoints">Radial nodes (0: the operator's default).</param>
    /// <param name="spherePolar">n_z of the product rule n_z × 2n_z on S² (0: the operator's default).</param>
    /// <param name="project">Project the full operator onto the conserving subspace.</param>
    /// <param name="threads">Worker threads (0: all processors).</param>
    public SpectralGridOperator(CartesianKGrid grid, double beta, double r, int radialPoints = 0, int spherePolar = 0, bool project = false, int threads = 0)
    {
        Periodic = new PeriodicGrid(3, grid.N, grid.L, offset: 0.5);
        _op = new KweSpectralOperator(Periodic, beta, Options(r, radialPoints, spherePolar, threads));
        if (project) _projection = new MomentProjection(Periodic);
        _g1 = new double[Periodic.Total]; _g2 = new double[Periodic.Total]; _l = new double[Periodic.Total];
    }

    /// <summary>The operator's options for R, the radial and sphere rules and the threads (FFTW estimate planning).</summary>
    public static KweSpectralOptions Options(double r, int radialPoints, int spherePolar, int threads) => new()
    {
        R = r,
        RadialPoints = radialPoints,
        Directions = spherePolar > 0 ? SphereRule.Product(spherePolar, 2 * spherePolar) : null,
        Threads = threads,
        Planning = FftPlanning.Estimate,
    };

    public PeriodicGrid Periodic { get; }
    public KweSpectralOperator Operator => _op;

    public void Evaluate(ReadOnlySpan<double> f, Span<double> result, CollisionPart part = CollisionPart.Full)
    {
        _op.Parts(f, _g1, _g2, _l);
        for (int i = 0; i < _g1.Length; i++)
            result[i] = part switch
            {
                CollisionPart.Gain => _g1[i] + _g2[i],
                CollisionPart.Loss => _l[i],
                _ => _g1[i] + _g2[i] - _l[i],
            };
        if (part == CollisionPart.Full) _projection?.Apply(result);
    }

    public void Dispose() => _op.Dispose();
}

/// <summary>
/// Whether a datum fits the periodized box of the spectral operator, measured by its largest value on the sphere |k| = S,
/// S = min(R/2, L − R/2) the alias-free radius (<see cref="KweSpectralOperator.AliasFreeRadius"/>), relative to its
/// maximum: what lies outside that ball is cut off by R or meets its periodic images. Above <see cref="Level"/> the box
/// does not contain the datum (invalid input); above <see cref="WarningLevel"/> a warning says that errors of that
/// relative order are to be expected.
/// </summary>
public static class SpectralDatum
{
    /// <summary>The largest admitted value on |k| = S relative to the maximum.</summary>
    public const double Level = 0.1;

    /// <summary>Above this, a warning.</summary>
    public const double WarningLevel = 1e-3;

    /// <summary>max |f| on the sphere |k| = S (a product rule of 24 × 48 points) relative to max |f| over a 33³ lattice of [−S, S]³ and the bump centres.</summary>
    public static double EdgeRatio(Distribution3D f, double s)
    {
        double inside = 0;
        const int m = 33;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < m; j++)
                for (int l = 0; l < m; l++)
                    inside = Math.Max(inside, Math.Abs(f.Value(new Vec3(s * (2.0 * i / (m - 1) - 1), s * (2.0 * j / (m - 1) - 1), s * (2.0 * l / (m - 1) - 1)))));
        if (f is BumpDistribution b)
            foreach (var c in b.Bumps) inside = Math.Max(inside, Math.Abs(f.Value(c.Center)));
        var sphere = SphereRule.Product(24, 48);
        double edge = 0;
        for (int q = 0; q < sphere.Count; q++)
        {
            var e = sphere.Point(q);
            edge = Math.Max(edge, Math.Abs(f.Value(new Vec3(s * e[0], s * e[1], s * e[2]))));
        }
        return inside > 0 ? edge / inside : 0;
    }

    /// <summary>
    /// Throws <see cref="InvalidInputException"/> naming <paramref name="field"/> when the box does not contain f (above
    /// <see cref="Level"/>); returns a warning above <see cref="WarningLevel"/>, else null.
    /// </summary>
    public static string? Check(string field, Distribution3D f, double l, double r, string lField = "half_width")
    {
        double s = KweSpectralOperator.AliasFreeRadius(l, r);
        double ratio = EdgeRatio(f, s);
        string where = FormattableString.Invariant($"{ratio:G2} of its maximum on |k| = {s:G4}, the alias-free radius min(R/2, L − R/2) of L = {l:G6}, R = {r:G6}");
        if (!(ratio <= Level))
            throw new InvalidInputException(field, f.Describe(), $"is {where}; the box does not contain it (at most {Level:G2} there: a larger {lField})");
        return ratio > WarningLevel
            ? $"the datum is {where}: truncation and aliasing errors of that relative order are to be expected (a larger {lField} reduces them)"
            : null;
    }
}
