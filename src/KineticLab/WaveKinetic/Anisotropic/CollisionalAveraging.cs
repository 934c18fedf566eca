using KineticLab.Numerics.Quadrature;

namespace KineticLab.WaveKinetic.Anisotropic;

/// <summary>One row of the Lemma 2.1 scan.</summary>
public readonly record struct AveragingPoint(double K1, double K2, double CosAngle, double Quadrature, double ClosedForm, double Weighted);

/// <summary>Result of the Lemma 2.1 scan: the supremum of (1 + |k1|² + |k2|²)·F over the grid.</summary>
public sealed record AveragingScan(AveragingPoint Maximum, double MaxRelativeDifference, int Points, double EightPi);

/// <summary>
/// The collisional averaging quantity of Lemma 2.1, <c>F(k1, k2) = ∫_{S²} ⟨k1*⟩^{−3} dσ</c> (full sphere), by quadrature
/// in z = V̂·σ (V = (k1 + k2)/2; |k1*|² = E/2 + p z with E = |k1|² + |k2|², p = |k1 − k2||V|; the integrand depends on
/// σ only through z, and z is uniform on [−1, 1] for uniform σ, so dσ = 2π dz) with panels graded towards z = −1,
/// where the integrand peaks with width (1 + E/2 − p)/p; and by the closed form
/// <c>F = 8π / (√(a² − p²)(√(a + p) + √(a − p)))</c>, <c>a = 1 + E/2</c> (the stable rewriting of
/// <c>(4π/p)[(a − p)^{−1/2} − (a + p)^{−1/2}]</c>). By symmetry σ → −σ the same holds for ⟨k2*⟩^{−3}.
/// </summary>
public static class CollisionalAveraging
{
    public static double ClosedForm(Vec3 k1, Vec3 k2)
    {
        double e = k1.Norm2 + k2.Norm2, p = (k1 - k2).Norm * (0.5 * (k1 + k2)).Norm, a = 1 + 0.5 * e;
        return 8 * Math.PI / (Math.Sqrt((a - p) * (a + p)) * (Math.Sqrt(a + p) + Math.Sqrt(a - p)));
    }

    /// <summary>F by composite Gauss–Legendre (order 16) on panels d = 1 + z ∈ [0, 2] split at ε/p·2^j.</summary>
    public static double Quadrature(Vec3 k1, Vec3 k2, int order = 16)
    {
        double e = k1.Norm2 + k2.Norm2, p = (k1 - k2).Norm * (0.5 * (k1 + k2)).Norm;
        double eps = 1 + 0.5 * e - p;            // 1 + |k1*|² at z = −1
        var g = GaussLegendre.Get(order);
        double sum = 0, lo = 0;
        double step = p > 0 ? eps / p : 4;
        while (lo < 2)
        {
            double hi = Math.Min(2, lo == 0 ? step : 2 * lo);
            if (hi <= lo) hi = 2;
            double c = 0.5 * (lo + hi), h = 0.5 * (hi - lo);
            for (int i = 0; i < g.Nodes.Length; i++)
            {
                double d = c + h * g.Nodes[i];
                double x = eps + p * d;
                sum += h * g.Weights[i] / (x * Math.Sqrt(x));
            }
            lo = hi;
        }
        return 2 * Math.PI * sum;
    }

    /// <summary>
    /// sup of (1 + |k1|² + |k2|²)·F over |k1|, |k2| on a log grid [rMin, rMax] (<paramref name="radii"/> points each, plus 0)
    /// and <paramref name="angles"/> values of cos∠(k1, k2) in [−1, 1] (including 0).
    /// </summary>
    public static AveragingScan Scan(double rMin = 1e-2, double rMax = 1e4, int radii = 61, int angles = 41, CancellationToken cancel = default)
    {
        Require.InRange("r_min", rMin, 1e-8, 1e8);
        if (!(rMax > rMin)) throw new InvalidInputException("r_max", Require.Fmt(rMax), "must exceed r_min");
        Require.IntInRange("radii", radii, 2, 2000);
        Require.IntInRange("angles", angles, 3, 2001);
        var rs = new double[radii + 1];
        for (int i = 0; i < radii; i++) rs[i + 1] = rMin * Math.Pow(rMax / rMin, i / (radii - 1.0));
        var cs = new double[angles];
        for (int j = 0; j < angles; j++) cs[j] = -1 + 2.0 * j / (angles - 1);
        if (angles % 2 == 1) cs[angles / 2] = 0;
        var best = new AveragingPoint[rs.Length];
        var diff = new double[rs.Length];
        Parallel.For(0, rs.Length, new ParallelOptions { CancellationToken = cancel }, i =>
        {
            var k1 = new Vec3(0, 0, rs[i]);
            var b = new AveragingPoint(0, 0, 0, 0, 0, double.NegativeInfinity);
            double dmax = 0;
            foreach (var r2 in rs)
                foreach (var c in cs)
                {
                    var k2 = new Vec3(r2 * Math.Sqrt(1 - c * c), 0, r2 * c);
                    double q = Quadrature(k1, k2), cf = ClosedForm(k1, k2);
                    double w = (1 + k1.Norm2 + k2.Norm2) * q;
                    dmax = Math.Max(dmax, Math.Abs(q / cf - 1));
                    if (w > b.Weighted) b = new AveragingPoint(rs[i], r2, c, q, cf, w);
                }
            best[i] = b;
            diff[i] = dmax;
        });
        var max = best.MaxBy(b => b.Weighted);
        return new AveragingScan(max, diff.Max(), rs.Length * rs.Length * cs.Length, 8 * Math.PI);
    }
}
