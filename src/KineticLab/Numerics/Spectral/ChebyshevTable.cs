namespace KineticLab.Numerics.Spectral;

/// <summary>
/// A smooth function on [0, xmax] as piecewise Chebyshev polynomials on panels of width 1 (degree 16 by default:
/// for functions whose derivatives are bounded by 1, such as the Bessel-type multipliers of <see cref="CarlemanKernels"/>,
/// the interpolation error is below 1e-16·max|f| on each panel). Evaluation: one panel lookup and a Clenshaw sum.
/// Arguments beyond xmax are clamped to xmax (callers size the table for the largest argument they use).
/// </summary>
public sealed class ChebyshevTable
{
    private readonly double[] _c;     // [panel · (deg + 1) + k]
    private readonly int _deg, _panels;

    public ChebyshevTable(Func<double, double> f, double xmax, int degree = 16)
    {
        if (!(xmax >= 0) || double.IsInfinity(xmax)) throw new ArgumentOutOfRangeException(nameof(xmax));
        _deg = degree;
        _panels = Math.Max(1, (int)Math.Ceiling(xmax));
        XMax = _panels;
        int np = degree + 1;
        _c = new double[_panels * np];
        var vals = new double[np];
        for (int p = 0; p < _panels; p++)
        {
            // Chebyshev points of the first kind on [p, p + 1]
            for (int j = 0; j < np; j++)
            {
                double t = Math.Cos(Math.PI * (j + 0.5) / np);
                vals[j] = f(p + 0.5 * (t + 1));
            }
            for (int k = 0; k < np; k++)
            {
                double s = 0;
                for (int j = 0; j < np; j++) s += vals[j] * Math.Cos(Math.PI * k * (j + 0.5) / np);
                _c[p * np + k] = (k == 0 ? 1.0 : 2.0) / np * s;
            }
        }
    }

    /// <summary>The end of the tabulated range (a whole number ≥ the requested xmax).</summary>
    public double XMax { get; }

    public double Eval(double x)
    {
        if (x < 0) x = 0;
        int p = (int)x;
        if (p >= _panels) { p = _panels - 1; x = _panels; }
        double t = 2 * (x - p) - 1, t2 = 2 * t;
        int o = p * (_deg + 1);
        double b1 = 0, b2 = 0;
        for (int k = _deg; k >= 1; k--)
        {
            double b0 = _c[o + k] + t2 * b1 - b2;
            b2 = b1; b1 = b0;
        }
        return _c[o] + t * b1 - b2;
    }
}

/// <summary>
/// The exact Fourier multipliers of the Carleman (rectangle) form of collision integrals on the torus, for trigonometric
/// polynomials, as functions of a scaled argument x = R|s| (d = 2, 3):
/// <code>
/// line:  ∫_{−R}^{R} (|r|^{d−2}/2) e^{irs} dr = R^{d−1} Λ_d(R s),   Λ_3(x) = ∫_0^1 t cos(xt) dt = (x sin x + cos x − 1)/x²,  Λ_2(x) = sin x / x,
/// plane: ∫_{z ⊥ e, |z| ≤ R} e^{iz·ζ} dz = R^{d−1} D_d(R|ζ|),      D_3(x) = 2π J_1(x)/x,  D_2(x) = 2 sin x / x,
/// </code>
/// the plane being e^⊥ (a line in 2D). The annulus r &lt; |z| ≤ R is the difference of two discs. The weight |r|^{d−2}/2
/// is the Carleman measure <c>δ(2 y·z) dy dz = dy/(2|y|) dz</c> of the 4-wave resonant manifold written in polar
/// coordinates y = r e; the Mouhot–Pareschi Boltzmann operator uses the same line and plane integrals.
/// </summary>
public sealed class CarlemanKernels
{
    public CarlemanKernels(int d, double xmax)
    {
        if (d is not (2 or 3)) throw new ArgumentOutOfRangeException(nameof(d));
        Dimension = d;
        Line = new ChebyshevTable(x => LineExact(d, x), xmax);
        Disc = new ChebyshevTable(x => DiscExact(d, x), xmax);
    }

    public int Dimension { get; }
    /// <summary>Λ_d on [0, xmax].</summary>
    public ChebyshevTable Line { get; }
    /// <summary>D_d on [0, xmax].</summary>
    public ChebyshevTable Disc { get; }

    /// <summary>Λ_d(x) in closed form (series near 0).</summary>
    public static double LineExact(int d, double x)
    {
        x = Math.Abs(x);
        if (d == 2) return BesselSeries.Sinc(x);
        if (x < 0.5)
        {
            // Σ_k (−1)^k x^{2k} / ((2k)! (2k + 2))
            double term = 1, s = 0, x2 = x * x;
            for (int k = 0; k < 12; k++)
            {
                s += term / (2 * k + 2);
                term *= -x2 / ((2 * k + 1) * (2 * k + 2));
            }
            return s;
        }
        return (x * Math.Sin(x) + Math.Cos(x) - 1) / (x * x);
    }

    /// <summary>D_d(x) in closed form.</summary>
    public static double DiscExact(int d, double x)
    {
        x = Math.Abs(x);
        if (d == 2) return 2 * BesselSeries.Sinc(x);
        if (x < 1e-6) return Math.PI * (1 - x * x / 8);
        Span<double> j = stackalloc double[2];
        BesselSeries.Cylindrical(x, j);
        return 2 * Math.PI * j[1] / x;
    }
}
