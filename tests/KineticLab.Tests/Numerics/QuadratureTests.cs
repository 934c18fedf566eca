using KineticLab.Numerics.Quadrature;
using Xunit;

namespace KineticLab.Tests.Numerics;

public class QuadratureTests
{
    private struct Poly(int degree) : IIntegrand
    {
        public readonly double Value(double x) => Math.Pow(x, degree);
    }

    private struct Fn(Func<double, double> f) : IIntegrand
    {
        public readonly double Value(double x) => f(x);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(5)]
    [InlineData(8)]
    [InlineData(20)]
    public void GaussLegendreIsExactForDegree2NMinus1(int n)
    {
        var rule = GaussLegendre.Get(n);
        Assert.Equal(2.0, rule.Weights.Sum(), 13);
        for (int d = 0; d <= 2 * n - 1; d++)
        {
            var p = new Poly(d);
            double exact = (Math.Pow(3, d + 1) - Math.Pow(-1, d + 1)) / (d + 1);   // ∫_{-1}^{3} x^d
            double got = rule.Integrate(ref p, -1, 3);
            Assert.True(Math.Abs(got - exact) <= 1e-13 * Math.Max(1, Math.Abs(exact)), $"n={n} d={d}: {got} vs {exact}");
        }
        // and not exact for degree 2n (so the test above could fail); for large n the defect is below round-off
        if (n > 8) return;
        var q = new Poly(2 * n);
        double ex2 = (Math.Pow(3, 2 * n + 1) + 1) / (2 * n + 1);
        Assert.True(Math.Abs(rule.Integrate(ref q, -1, 3) - ex2) > 1e-10 * ex2);
    }

    [Fact]
    public void AdaptiveHandlesAlgebraicEndpointSingularity()
    {
        var q = new AdaptiveQuadrature();
        var f = new Fn(x => 1 / Math.Sqrt(x));
        var r = q.Integrate(ref f, 0, 1, 1e-12, 0);
        Assert.True(r.Converged);
        Assert.Equal(2.0, r.Value, 10);
        var g = new Fn(x => Math.Pow(x, 0.3) * Math.Log(x));   // ∫_0^1 x^a log x = −1/(a+1)²
        var r2 = q.Integrate(ref g, 0, 1, 1e-12, 0);
        Assert.True(Math.Abs(r2.Value + 1 / (1.3 * 1.3)) < 1e-10);
    }

    [Fact]
    public void AdaptiveUsesBreakpointsAtKinks()
    {
        var q = new AdaptiveQuadrature();
        var f = new Fn(x => Math.Abs(x - 1.0 / 3));
        ReadOnlySpan<double> br = [1.0 / 3];
        var r = q.Integrate(ref f, 0, 1, 1e-13, 0, br);
        double exact = (1.0 / 9 + 4.0 / 9) / 2;
        Assert.True(Math.Abs(r.Value - exact) < 1e-14, $"{r.Value} vs {exact}");
        Assert.True(r.Evaluations < 200, $"a breakpoint should make this cheap: {r.Evaluations}");
    }

    [Fact]
    public void SemiInfiniteIntervals()
    {
        var q = new AdaptiveQuadrature();
        var f = new Fn(x => 1 / (1 + x * x));
        var r = q.IntegrateToInfinity(ref f, 0, 1, 1e-12, 0);
        Assert.Equal(Math.PI / 2, r.Value, 11);
        var g = new Fn(x => Math.Pow(1 + x * x, -3));   // ∫_0^∞ (1+x²)^{-3} = 3π/16
        var r2 = q.IntegrateToInfinity(ref g, 0, 1, 1e-12, 0);
        Assert.Equal(3 * Math.PI / 16, r2.Value, 11);
        var h = new Fn(x => Math.Exp(-x / 1000) / 1000);
        var r3 = q.IntegrateToInfinity(ref h, 0, 1000, 1e-12, 0);
        Assert.Equal(1.0, r3.Value, 11);
    }

    [Fact]
    public void OscillatoryIntegrand()
    {
        var q = new AdaptiveQuadrature();
        var f = new Fn(x => Math.Cos(40 * x) * Math.Exp(-x));   // ∫_0^∞ = 1/(1+1600)
        var r = q.IntegrateToInfinity(ref f, 0, 1, 1e-12, 1e-15);
        Assert.True(Math.Abs(r.Value - 1.0 / 1601) < 1e-12, $"{r.Value}");
    }

    [Fact]
    public void ReportsNonConvergenceWhenBudgetIsExhausted()
    {
        var q = new AdaptiveQuadrature(order: 4, maxSegments: 20);
        var f = new Fn(x => Math.Sin(1 / x));
        var r = q.Integrate(ref f, 1e-6, 1, 1e-14, 0);
        Assert.False(r.Converged);
    }

    /// <summary>
    /// ∫ over the hemisphere σ·û ≥ 0 of cos^p α · cos²(qφ): closed form 2π/(p+1) · ½ for q ≥ 1 (π/(p+1) for the
    /// cos² average) — exact for p ≤ 2n − 1 and 2q ≤ m − 1; the weights sum to the area 2π.
    /// </summary>
    [Theory]
    [InlineData(4, 8, 0, 1)]
    [InlineData(4, 8, 7, 3)]
    [InlineData(6, 12, 11, 5)]
    public void HemisphereRuleIsExactForItsDegree(int n, int m, int p, int q)
    {
        var h = HemisphereRule.Product(n, m);
        Assert.Equal(n * m, h.Count);
        double area = 0, integral = 0;
        for (int i = 0; i < h.PolarCount; i++)
            for (int j = 0; j < h.AzimuthCount; j++)
            {
                area += h.Weight[i];
                double phi = Math.Atan2(h.SinPhi[j], h.CosPhi[j]);
                integral += h.Weight[i] * Math.Pow(h.Cos[i], p) * Math.Pow(Math.Cos(q * phi), 2);
                Assert.Equal(1.0, h.Cos[i] * h.Cos[i] + h.Sin[i] * h.Sin[i], 14);
            }
        Assert.Equal(2 * Math.PI, area, 12);
        Assert.Equal(Math.PI / (p + 1), integral, 12);
    }

    [Fact]
    public void HemisphereRuleMissesADegreeBeyondItsOrder()
    {
        // cos^(2n) α is beyond the Gauss–Legendre order in cos α: the rule must not be exact (guards the test above).
        var h = HemisphereRule.Product(2, 4);
        double integral = 0;
        for (int i = 0; i < h.PolarCount; i++) integral += h.AzimuthCount * h.Weight[i] * Math.Pow(h.Cos[i], 4);
        Assert.True(Math.Abs(integral - 2 * Math.PI / 5) > 1e-4, $"{integral}");
    }
}
