using KineticLab.Numerics.Quadrature;

namespace KineticLab.Numerics.Norms;

/// <summary>
/// The Fourier transform ĝ(k) = ∫ e^{−ik·x} g(|x|) dx of a radial function on R^d (d = 1, 2, 3) supported in |x| ≤ R,
/// by the projection–slice theorem: ĝ(k e₁) = 2∫₀^R P(x₁) cos(k x₁) dx₁ with the projection
/// P(x₁) = ∫_{R^{d−1}} g(√(x₁² + |y|²)) dy (d = 2: a 1-D integral along the chord, d = 3: 2π∫_{x₁}^R g(r) r dr).
/// No Bessel functions are needed. Composite Gauss–Legendre in x₁ (with the profile's breakpoints) and in k on [0, kMax].
/// Sobolev norms follow by Plancherel: ‖(a − Δ)^{s/2} g‖²_{L²} = (2π)^{−d} |S^{d−1}| ∫₀^∞ (a + k²)^s ĝ(k)² k^{d−1} dk;
/// a = 1 is the inhomogeneous weight ⟨∇⟩^s, a = 0 the homogeneous |∇|^s, a = M^{−2} the rescaled inhomogeneous norm of g(M·).
/// </summary>
public sealed class RadialFourier
{
    private RadialFourier(int d, double[] k, double[] kw, double[] gHat)
    {
        Dimension = d; K = k; KWeights = kw; Transform = gHat;
    }

    public int Dimension { get; }
    /// <summary>Quadrature nodes in k on [0, kMax].</summary>
    public double[] K { get; }
    public double[] KWeights { get; }
    /// <summary>ĝ at the nodes <see cref="K"/>.</summary>
    public double[] Transform { get; }

    /// <summary>|S^{d−1}|: 2, 2π, 4π for d = 1, 2, 3.</summary>
    public static double SphereArea(int d) => d switch { 1 => 2, 2 => 2 * Math.PI, 3 => 4 * Math.PI, _ => throw new ArgumentOutOfRangeException(nameof(d)) };

    /// <summary>Options: panels in x₁ on [0, R], nodes per panel, kMax and k-panel width.</summary>
    public sealed record Options(int XPanels = 100, int XOrder = 16, double KMax = 400, double KPanel = 1, int KOrder = 8, int ChordOrder = 24);

    /// <summary>Transforms the profile <paramref name="g"/> (a function of r ≥ 0, zero for r ≥ <paramref name="support"/>).</summary>
    /// <param name="breakpoints">Radii where g is not smooth or changes fast (quadrature panels are split there).</param>
    public static RadialFourier Compute(int d, Func<double, double> g, double support, IReadOnlyList<double>? breakpoints = null, Options? options = null)
    {
        if (d < 1 || d > 3) throw new ArgumentOutOfRangeException(nameof(d));
        var o = options ?? new Options();
        var bp = (breakpoints ?? []).Where(b => b > 0 && b < support).OrderBy(b => b).ToArray();
        var (xs, xw) = Composite(0, support, o.XPanels, o.XOrder, bp);
        var p = new double[xs.Length];
        var chord = GaussLegendre.Get(o.ChordOrder);
        for (int i = 0; i < xs.Length; i++)
        {
            double x = xs[i];
            p[i] = d switch
            {
                1 => g(x),
                2 => 2 * Segments(0, Math.Sqrt(Math.Max(0, support * support - x * x)),
                        bp.Where(b => b > x).Select(b => Math.Sqrt(b * b - x * x)), chord, y => g(Math.Sqrt(x * x + y * y))),
                _ => 2 * Math.PI * Segments(x, support, bp.Where(b => b > x), chord, r => g(r) * r),
            };
        }
        // the weights (a + k²)^s k^{d−1} are not smooth at k = 0 when a = 0: grade the first panel geometrically
        var grade = new List<double>();
        for (double e = o.KPanel / 2; e > o.KPanel * 1e-12; e /= 2) grade.Add(e);
        var (ks, kw) = Composite(0, o.KMax, (int)Math.Ceiling(o.KMax / o.KPanel), o.KOrder, grade);
        var gh = new double[ks.Length];
        Parallel.For(0, ks.Length, j =>
        {
            double k = ks[j], sum = 0;
            for (int i = 0; i < xs.Length; i++) sum += xw[i] * p[i] * Math.Cos(k * xs[i]);
            gh[j] = 2 * sum;
        });
        return new RadialFourier(d, ks, kw, gh);
    }

    /// <summary>‖(a − Δ)^{s/2} g‖²_{L²(R^d)} (a ≥ 0).</summary>
    public double SobolevSquared(double s, double a)
    {
        double sum = 0;
        for (int j = 0; j < K.Length; j++)
        {
            double k = K[j];
            double weight = s == 0 ? 1 : Math.Pow(a + k * k, s);
            sum += KWeights[j] * weight * Transform[j] * Transform[j] * Math.Pow(k, Dimension - 1);
        }
        return sum * SphereArea(Dimension) / Math.Pow(2 * Math.PI, Dimension);
    }

    /// <summary>‖(a − Δ)^{s/2} g‖_{L²(R^d)}.</summary>
    public double Sobolev(double s, double a) => Math.Sqrt(SobolevSquared(s, a));

    /// <summary>Composite Gauss–Legendre nodes on [a, b]: <paramref name="panels"/> equal panels, further split at the breakpoints.</summary>
    public static (double[] X, double[] W) Composite(double a, double b, int panels, int order, IReadOnlyList<double> breakpoints)
    {
        var edges = new SortedSet<double>();
        for (int i = 0; i <= panels; i++) edges.Add(a + (b - a) * i / panels);
        foreach (var e in breakpoints) if (e > a && e < b) edges.Add(e);
        var list = edges.ToArray();
        var gl = GaussLegendre.Get(order);
        var x = new List<double>(list.Length * order);
        var w = new List<double>(list.Length * order);
        for (int i = 0; i + 1 < list.Length; i++)
        {
            double lo = list[i], hi = list[i + 1];
            if (hi - lo < 1e-15 * Math.Max(1, Math.Abs(b))) continue;
            double c = 0.5 * (lo + hi), h = 0.5 * (hi - lo);
            for (int q = 0; q < order; q++) { x.Add(c + h * gl.Nodes[q]); w.Add(h * gl.Weights[q]); }
        }
        return (x.ToArray(), w.ToArray());
    }

    private static double Segments(double a, double b, IEnumerable<double> breaks, GaussLegendre gl, Func<double, double> f)
    {
        if (!(b > a)) return 0;
        var e = new List<double> { a };
        e.AddRange(breaks.Where(t => t > a && t < b).OrderBy(t => t));
        e.Add(b);
        double sum = 0;
        for (int i = 0; i + 1 < e.Count; i++)
        {
            double c = 0.5 * (e[i] + e[i + 1]), h = 0.5 * (e[i + 1] - e[i]);
            for (int q = 0; q < gl.N; q++) sum += h * gl.Weights[q] * f(c + h * gl.Nodes[q]);
        }
        return sum;
    }
}
