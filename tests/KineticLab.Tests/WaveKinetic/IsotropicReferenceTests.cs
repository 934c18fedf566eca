using KineticLab.WaveKinetic.Isotropic;
using Xunit;

namespace KineticLab.Tests.WaveKinetic;

/// <summary>The independent double-double reference quadrature of the operator.</summary>
public class IsotropicReferenceTests
{
    private static readonly IsotropicReferenceOptions Fast = new(Order: 10, GradingLevels: 36, TailOctaves: 36);

    [Fact]
    public void ReproducesTheClosedFormOfTheThreeDimensionalGain()
    {
        // β = 0, n = e^{−ω}: G at |k| = 0.5 is 8.699966878384 (docs/kwe-isotropic-derivation.md)
        var r = IsotropicReference.Evaluate(new ExponentialSpectrum(), 0, 0.25, CollisionPart.Gain, Fast);
        Assert.True(Math.Abs(r.Value / 8.699966878384 - 1) < 1e-11, $"{r.Value:R}");
    }

    [Theory]
    [InlineData(1.0, CollisionPart.Full)]
    [InlineData(1e3, CollisionPart.Full)]
    [InlineData(1e3, CollisionPart.Loss)]
    public void AgreesWithTheOperator(double w, CollisionPart part)
    {
        var n = new SmoothDatum(12);
        var op = new IsotropicCollisionOperator(0.5, new IsotropicQuadratureOptions(RelTol: 1e-12, InnerRelTol: 1e-13));
        double a = op.Evaluate(n, w, part).Value;
        var r = IsotropicReference.Evaluate(n, 0.5, w, part, Fast);
        // the operator's tolerance 1e-12 against ∫|integrand| (ratio ≤ 1e5 at ω = 1e3 for the full operator), the reference's ≈ 1e-14
        Assert.True(Math.Abs(a / r.Value - 1) < 1e-9, $"operator {a:R}, reference {r.Value:R}");
        if (part == CollisionPart.Full && w > 1) Assert.True(r.Magnitude / Math.Abs(r.Value) > 1e4, "the full operator cancels at ω = 1e3");
    }
}
