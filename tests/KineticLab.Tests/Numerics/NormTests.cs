using KineticLab.Numerics.Norms;
using KineticLab.Posedness.RockAndNeedles;
using Xunit;

namespace KineticLab.Tests.Numerics;

public class NormTests
{
    private static double LogGamma(double x) => MathNet.Numerics.SpecialFunctions.GammaLn(x);

    // ‖|∇|^s e^{−M²|x|²/2}‖² = M^{2s−d} π^{d/2} Γ(s + d/2)/Γ(d/2) (digest O12), fractional s, d = 1, 2, 3.
    [Theory]
    [InlineData(1, 0.3, 1.0)]
    [InlineData(2, 0.25, 2.0)]
    [InlineData(2, 0.75, 1.5)]
    [InlineData(3, 0.5, 3.0)]
    [InlineData(3, 1.3, 0.7)]
    public void RadialTransformGivesGaussianHomogeneousNorms(int d, double s, double m)
    {
        var rf = RadialFourier.Compute(d, r => Math.Exp(-m * m * r * r / 2), 12 / m, null, new RadialFourier.Options(KMax: 20 * m, KPanel: 0.05 * m));
        double exact = Math.Pow(m, 2 * s - d) * Math.Pow(Math.PI, d / 2.0) * Math.Exp(LogGamma(s + d / 2.0) - LogGamma(d / 2.0));
        Assert.True(Math.Abs(rf.SobolevSquared(s, 0) / exact - 1) < 1e-9, $"{rf.SobolevSquared(s, 0)} vs {exact}");
    }

    // Digest O12, inhomogeneous: d = 3, (s, M) = (0.5, 3): 0.7340192; (0.9, 10): 0.4956107; (0.3, 1): 7.173973.
    [Theory]
    [InlineData(0.5, 3.0, 0.7340192)]
    [InlineData(0.9, 10.0, 0.4956107)]
    [InlineData(0.3, 1.0, 7.173973)]
    public void RadialTransformGivesGaussianInhomogeneousNorms(double s, double m, double expected)
    {
        var rf = RadialFourier.Compute(3, r => Math.Exp(-m * m * r * r / 2), 12 / m, null, new RadialFourier.Options(KMax: 20 * m, KPanel: 0.05 * m));
        Assert.True(Math.Abs(rf.SobolevSquared(s, 1) / expected - 1) < 2e-7, $"{rf.SobolevSquared(s, 1)}");
    }

    // The bump: s = 0 is Plancherel (‖χ‖²_{L²} by direct quadrature), s = 1 homogeneous is ‖∇χ‖² = |S^{d−1}|∫χ'(r)² r^{d−1} dr.
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RadialTransformOfTheBumpMatchesDirectQuadrature(int d)
    {
        var rf = NeedleNorms.ChiHat(d);
        double l2 = Bump.L2(d);
        Assert.True(Math.Abs(rf.SobolevSquared(0, 0) / (l2 * l2) - 1) < 1e-8, $"{rf.SobolevSquared(0, 0)} vs {l2 * l2}");
        double grad = RadialFourier.SphereArea(d) * Integrate(1, 2, r =>
        {
            double h = 1e-5, dc = (Bump.Chi(r + h) - Bump.Chi(r - h)) / (2 * h);
            return dc * dc * Math.Pow(r, d - 1);
        });
        Assert.True(Math.Abs(rf.SobolevSquared(1, 0) / grad - 1) < 1e-6, $"{rf.SobolevSquared(1, 0)} vs {grad}");
    }

    // Integer s: the box sum is exact (the weight is a polynomial, the aliased terms vanish once the box holds the
    // autocorrelation's support). Fractional s: the box sum is a Riemann sum of |ĝ|²(a+k²)^s whose inverse transform has
    // tails (e^{−√a|x|} for a > 0, |x|^{−d−2s} for a = 0), so the box must be much wider than the support.
    [Fact]
    public void BoxFftGivesGaussianNorms()
    {
        double m = 2;
        foreach (int d in new[] { 2, 3 })
        {
            int n = d == 2 ? 64 : 32;
            var f = BoxSobolev.Sample(d, n, 12 / m, x => Math.Exp(-m * m * x.Sum(v => v * v) / 2));
            double s1 = BoxSobolev.SobolevSquared(d, n, 12 / m, f, 1, 0);
            double exact1 = Math.Pow(m, 2 - d) * Math.Pow(Math.PI, d / 2.0) * d / 2.0;
            Assert.True(Math.Abs(s1 / exact1 - 1) < 1e-10, $"d={d}, s=1: {s1} vs {exact1}");
        }
        // fractional homogeneous s: algebraic convergence in the box size
        double s = 0.6, exact = Math.Pow(m, 2 * s - 2) * Math.PI * Math.Exp(LogGamma(s + 1));
        double prev = double.PositiveInfinity;
        foreach (var (n, L) in new[] { (64, 6.0), (128, 12.0), (256, 24.0) })
        {
            var f = BoxSobolev.Sample(2, n, L, x => Math.Exp(-m * m * (x[0] * x[0] + x[1] * x[1]) / 2));
            double err = Math.Abs(BoxSobolev.SobolevSquared(2, n, L, f, s, 0) / exact - 1);
            Assert.True(err < prev / 4, $"L={L}: error {err} (previous {prev})");
            prev = err;
        }
        Assert.True(prev < 2e-3);
    }

    [Fact]
    public void BoxFftAndRadialTransformAgreeOnTheBumpInAWideBox()
    {
        var f = BoxSobolev.Sample(2, 512, 20, x => Bump.Chi(Math.Sqrt(x[0] * x[0] + x[1] * x[1])));
        double box = BoxSobolev.SobolevSquared(2, 512, 20, f, 0.5, 1);
        double rad = NeedleNorms.ChiHat(2).SobolevSquared(0.5, 1);
        Assert.True(Math.Abs(box / rad - 1) < 1e-5, $"{box} vs {rad}");
        // a tight box [−2.5, 2.5]² is off by 0.3% for s = 1/2 (the tails of (1 − Δ)^{1/2} reach the periodic images)
        var g = BoxSobolev.Sample(2, 256, 5, x => Bump.Chi(Math.Sqrt(x[0] * x[0] + x[1] * x[1])));
        Assert.True(Math.Abs(BoxSobolev.SobolevSquared(2, 256, 5, g, 0.5, 1) / rad - 1) > 1e-3);
    }

    internal static double Integrate(double a, double b, Func<double, double> f, int panels = 200)
    {
        var (x, w) = RadialFourier.Composite(a, b, panels, 16, []);
        double s = 0;
        for (int i = 0; i < x.Length; i++) s += w[i] * f(x[i]);
        return s;
    }
}

/// <summary>Composite Gauss–Legendre nodes for tests that need a plain reference quadrature.</summary>
public static class NormTestsAccess
{
    public static (double[] X, double[] W) Composite(double a, double b, int panels) => RadialFourier.Composite(a, b, panels, 16, []);
}

public class PhaseSpaceNormTests
{
    // f = e^{−|x|²/2} e^{−|v|²/2} in d = 2: ‖f‖²_{L^{2,1}_v H^1_x} = (π + π)·(π(1 + 1)) (digest O12 with s = 1 and the weighted moment),
    // and free transport f(x − vt, v) leaves the norm unchanged (each v-slice is translated).
    [Fact]
    public void ProductGaussianAndTransportInvariance()
    {
        double exact = Math.Sqrt((Math.PI + Math.PI) * (Math.PI * 2));
        double Gauss(double[] x, double[] v) => Math.Exp(-(x[0] * x[0] + x[1] * x[1]) / 2 - (v[0] * v[0] + v[1] * v[1]) / 2);
        double n0 = PhaseSpaceNorm.Compute(2, Gauss, 1, 1, 48, 24, 40, 6.5);
        Assert.True(Math.Abs(n0 / exact - 1) < 1e-10, $"{n0} vs {exact}");
        double t = 0.7;
        double nt = PhaseSpaceNorm.Compute(2, (x, v) => Gauss([x[0] - v[0] * t, x[1] - v[1] * t], v), 1, 1, 48, 24, 40, 6.5);
        Assert.True(Math.Abs(nt / n0 - 1) < 1e-10, $"{nt} vs {n0}");
        // fractional s with the inhomogeneous weight in a wide box: transport invariance to the same accuracy
        double f0 = PhaseSpaceNorm.Compute(2, Gauss, 0.5, 0.5, 64, 40, 24, 6.5);
        double ft = PhaseSpaceNorm.Compute(2, (x, v) => Gauss([x[0] - v[0] * t, x[1] - v[1] * t], v), 0.5, 0.5, 64, 40, 24, 6.5);
        Assert.True(Math.Abs(ft / f0 - 1) < 1e-8, $"{ft} vs {f0}");
    }
}
