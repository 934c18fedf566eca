using KineticLab.WaveKinetic.Isotropic;
using Xunit;

namespace KineticLab.Tests.WaveKinetic;

/// <summary>The large-ω expansion (docs/kwe-threshold.md) against closed forms and the operator.</summary>
public class IsotropicAsymptoticsTests
{
    private static double Phi(double m, double beta, double w, CollisionPart part, Spectrum n) =>
        new IsotropicCollisionOperator(beta, new IsotropicQuadratureOptions(RelTol: 1e-10, InnerRelTol: 1e-11, MaxSegments: 20000))
            .Evaluate(n, w, part).Value * Math.Pow(1 + w * w, m / 4);

    [Theory]
    [InlineData(-3.5, 1.9)]     // divergent at 0: finite part, slowly decaying tail
    [InlineData(-4.2, 1.1)]
    [InlineData(0.7, -3.1)]     // convergent
    [InlineData(-1.5, -1.2)]
    public void FinitePartsMatchTheBetaFunction(double p, double q)
    {
        // FP∫_0^∞ s^p(1+s)^q ds = Γ(p+1)Γ(−p−q−1)/Γ(−q), the analytic continuation
        double exact = MathNet.Numerics.SpecialFunctions.Gamma(p + 1) * MathNet.Numerics.SpecialFunctions.Gamma(-p - q - 1)
                       / MathNet.Numerics.SpecialFunctions.Gamma(-q);
        double fp = IsotropicAsymptotics.FinitePartInfinite(p, q);
        Assert.True(Math.Abs(fp - exact) < 1e-10 * Math.Abs(exact), $"FP = {fp:R}, Γ form = {exact:R}");
    }

    [Fact]
    public void ThresholdOfTheFullOperatorForTheSmoothDatumDependsOnM()
    {
        foreach (var m in new[] { 7.0, 8.0, 10.0, 12.0 })
        {
            double t = IsotropicAsymptotics.Threshold(b => IsotropicAsymptotics.Expand(new SmoothDatum(m), b, CollisionPart.Full));
            Assert.Equal(IsotropicAsymptotics.FullSmoothThreshold(m), t, 1e-9);
        }
        Assert.Equal(7.0 / 6, IsotropicAsymptotics.FullSmoothThreshold(8), 1e-15);
        Assert.Equal(1.25, IsotropicAsymptotics.FullSmoothThreshold(12), 1e-15);
        // the leading coefficient is nonzero at the threshold (B at M = 8, A at M = 12)
        var e8 = IsotropicAsymptotics.Expand(new SmoothDatum(8), 7.0 / 6, CollisionPart.Full);
        Assert.Equal("B", e8.Leading.Name);
        Assert.True(e8.Leading.Coefficient > 100, $"B coefficient {e8.Leading.Coefficient}");
        var e12 = IsotropicAsymptotics.Expand(new SmoothDatum(12), 1.25, CollisionPart.Full);
        Assert.Equal("A", e12.Leading.Name);
        Assert.True(e12.Leading.Coefficient > 0);
    }

    [Fact]
    public void TwoTermExpansionMatchesTheFullOperatorAtM8()
    {
        // measured relative residual 3.2e-5 at 1e5 and 2.9e-6 at 1e6 (next order ω^{−1} relative, coefficient ≈ 3)
        var n = new SmoothDatum(8);
        var ex = IsotropicAsymptotics.Expand(n, 1.2, CollisionPart.Full);
        double r5 = Math.Abs(Phi(8, 1.2, 1e5, CollisionPart.Full, n) / ex.Evaluate(1e5) - 1);
        double r6 = Math.Abs(Phi(8, 1.2, 1e6, CollisionPart.Full, n) / ex.Evaluate(1e6) - 1);
        Assert.True(r5 < 1e-4, $"residual at 1e5: {r5:E2}");
        Assert.True(r6 < 1e-5, $"residual at 1e6: {r6:E2}");
        Assert.InRange(r5 / r6, 5, 20);   // ~10: the next term is one power of ω below
        // without the B term (the M-dependent, loss-dominated configuration) the expansion is wrong at O(1)
        double onlyA = ex.Terms.Single(t => t.Name == "A").Coefficient * Math.Pow(1e6, 2 * 1.2 - 2.5);
        Assert.True(Math.Abs(Phi(8, 1.2, 1e6, CollisionPart.Full, n) / onlyA - 1) > 1);
    }

    [Fact]
    public void GainExpansionMatchesTheOperator()
    {
        var n = new SmoothDatum(12);
        var ex = IsotropicAsymptotics.Expand(n, 0.75, CollisionPart.Gain);
        double r = Math.Abs(Phi(12, 0.75, 1e4, CollisionPart.Gain, n) / ex.Evaluate(1e4) - 1);
        // next orders: ω^{2β−1/2−M/2} = ω^{−5} relative to ω^{1}: negligible; the quadrature's 1e-10 dominates
        Assert.True(r < 1e-8, $"residual {r:E2}");
    }

    [Fact]
    public void RegionD21CarriesTheOddFirstOrderTerm()
    {
        // per subdomain the cancellation gains one power less (what the seed's (5.7) bounds): D21 alone decays like
        // ω^{2β−3/2}, one power of ω above the paired sum A ~ ω^{2β−5/2}
        double beta = 0.5, m = 12;
        var n = new SmoothDatum(m);
        var op = new IsotropicCollisionOperator(beta, new IsotropicQuadratureOptions(RelTol: 1e-11, InnerRelTol: 1e-12));
        double D21(double w) => Math.Pow(1 + w * w, m / 4) * (
            op.Trilinear(TrilinearTerm.C234, n, n, n, w, Subdomain.D21).Value + op.Trilinear(TrilinearTerm.C134, n, n, n, w, Subdomain.D21).Value
            - op.Trilinear(TrilinearTerm.C123, n, n, n, w, Subdomain.D21).Value - op.Trilinear(TrilinearTerm.C124, n, n, n, w, Subdomain.D21).Value);
        var t = IsotropicAsymptotics.Expand(n, beta, CollisionPart.Full).RegionTerms.Single(x => x.Name == "D21");
        double slope = Math.Log10(D21(1e5) / D21(1e4));
        Assert.True(Math.Abs(slope - t.Exponent) < 0.01, $"D21 exponent {slope:F4}, expansion {t.Exponent}");
        double full = Math.Log10(Phi(m, beta, 1e5, CollisionPart.Full, n) / Phi(m, beta, 1e4, CollisionPart.Full, n));
        Assert.True(Math.Abs(full - (2 * beta - 2.5)) < 0.01, $"paired exponent {full:F4}");
    }
}
