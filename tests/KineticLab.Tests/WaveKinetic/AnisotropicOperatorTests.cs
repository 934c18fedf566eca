using KineticLab.WaveKinetic.Anisotropic;
using KineticLab.WaveKinetic.Isotropic;
using Xunit;

namespace KineticLab.Tests.WaveKinetic;

public class AnisotropicOperatorTests
{
    private static readonly Vec3 Direction = new(0.3, -0.4, Math.Sqrt(0.75));

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void RadialDataReproduceTheIsotropicOperator(double beta)
    {
        // f(k) = n(|k|²): the σ-form on R³ × S² (no ω-reduction, no angular delta integral) against the isotropic
        // operator with K = 2π²; 1e-4 relative to each value (the full operator cancels gain and loss to ~1/10).
        var n = new SmoothDatum(12);
        var iso = new IsotropicCollisionOperator(beta);
        // k2's azimuth about k̂1 is a symmetry of radial data, so one azimuth point is exact (the slow validation
        // `validate kwe --case aniso-radial-cross-check` uses the full default rule)
        var an = new AnisotropicCollisionOperator(beta, new SigmaQuadratureOptions(AzimuthPoints: 1));
        foreach (var part in new[] { CollisionPart.Gain, CollisionPart.Full })
        {
            double r = 1;
            double expected = iso.Evaluate(n, r * r, part).Value;
            double got = an.Evaluate(new RadialDistribution(n), r * Direction, part, estimateError: false).Value;
            Assert.True(Math.Abs(got / expected - 1) <= 1e-4, $"β = {beta}, {part}: {got:R} vs {expected:R}");
        }
    }

    [Fact]
    public void GainMatchesTheClosedFormForTheGaussian()
    {
        // β = 0, f = e^{-|k|²}: G = 3.160765018228 at |k| = 1 (docs/kwe-isotropic-derivation.md).
        var f = Distribution3D.FromFunction(k => Math.Exp(-k.Norm2), "e^{-|k|²}", 0.7, 7);
        var g = new AnisotropicCollisionOperator(0).Evaluate(f, Direction, CollisionPart.Gain, estimateError: false).Value;
        Assert.True(Math.Abs(g / 3.160765018228 - 1) < 1e-6, $"{g:R}");
    }

    [Theory]
    [InlineData(0.5, "smooth", CollisionPart.Gain)]
    [InlineData(0.2, "gaussian", CollisionPart.Full)]
    [InlineData(1.0, "gaussian", CollisionPart.Loss)]
    public void MonteCarloAgreesWithQuadratureWithinThreeStandardErrors(double beta, string datum, CollisionPart part)
    {
        Distribution3D f = datum == "smooth" ? new SmoothDatum3D(12)
            : new BumpDistribution([new GaussianBump(1, new Vec3(0.6, 0.2, 0), 0.5), new GaussianBump(0.5, new Vec3(-0.3, 0.5, 0.4), 0.4)]);
        var k1 = new Vec3(0.4, 0.3, -0.2);
        var op = new AnisotropicCollisionOperator(beta);
        var q = op.Evaluate(f, k1, part);
        var mc = op.MonteCarlo(f, k1, part, 400_000, seed: 7);
        double z = (mc.Value - q.Value) / Math.Sqrt(mc.Error * mc.Error + q.Error * q.Error);
        Assert.True(Math.Abs(z) <= 3, $"z = {z:F2}: MC {mc.Value:R} ± {mc.Error:E2}, quadrature {q.Value:R} ± {q.Error:E2}");
        Assert.True(mc.Error < 0.05 * mc.Magnitude, "the Monte Carlo estimate should resolve the operator");
    }

    [Fact]
    public void MonteCarloIsReproducibleForASeed()
    {
        var op = new AnisotropicCollisionOperator(0.3);
        var f = new SmoothDatum3D(12);
        var a = op.MonteCarlo(f, Direction, CollisionPart.Full, 100_000, seed: 3);
        var b = op.MonteCarlo(f, Direction, CollisionPart.Full, 100_000, seed: 3);
        Assert.Equal(a, b);
    }

    [Fact]
    public void TrilinearPiecesSumToTheOperator()
    {
        var f = new BumpDistribution([new GaussianBump(1, new Vec3(0.6, 0, 0), 0.5)], 0.3, 12);
        var k1 = new Vec3(0.2, 0.5, 0.1);
        var op = new AnisotropicCollisionOperator(0.5, new SigmaQuadratureOptions(PolarOrder: 8, AzimuthPoints: 8, SigmaPolarOrder: 6, SigmaAzimuthPoints: 12));
        double g1 = op.Trilinear(SigmaTerm.G1, f, f, f, k1, false).Value, g2 = op.Trilinear(SigmaTerm.G2, f, f, f, k1, false).Value;
        double l1 = op.Trilinear(SigmaTerm.L1, f, f, f, k1, false).Value, l2 = op.Trilinear(SigmaTerm.L2, f, f, f, k1, false).Value;
        double g = op.Evaluate(f, k1, CollisionPart.Gain, estimateError: false).Value, l = op.Evaluate(f, k1, CollisionPart.Loss, estimateError: false).Value;
        Assert.Equal(1, (g1 + g2) / g, 12);
        Assert.Equal(1, (l1 + l2) / l, 12);
        // L1 and L2 differ only by k1* ↔ k2*, i.e. σ → −σ: the hemisphere matters for each, not for their sum.
        Assert.NotEqual(l1, l2, 6);
    }

    [Fact]
    public void TrilinearFormIsLinearInEachArgumentAndUsesThreeFunctions()
    {
        var f = new BumpDistribution([new GaussianBump(1, new Vec3(0.5, 0, 0), 0.5)]);
        var g = new SmoothDatum3D(10);
        var h = new BumpDistribution([new GaussianBump(1, new Vec3(0, -0.4, 0.3), 0.6)]);
        var h2 = new BumpDistribution([new GaussianBump(2, new Vec3(0, -0.4, 0.3), 0.6)]);
        var k1 = new Vec3(0.3, 0.1, 0.2);
        var op = new AnisotropicCollisionOperator(0.25, new SigmaQuadratureOptions(PolarOrder: 6, AzimuthPoints: 6, SigmaPolarOrder: 4, SigmaAzimuthPoints: 8));
        foreach (var t in Enum.GetValues<SigmaTerm>())
        {
            double a = op.Trilinear(t, f, g, h, k1, false).Value, b = op.Trilinear(t, f, g, h2, k1, false).Value;
            Assert.Equal(2, b / a, 12);
        }
        Assert.NotEqual(op.Trilinear(SigmaTerm.G1, f, g, h, k1, false).Value, op.Trilinear(SigmaTerm.G1, f, h, g, k1, false).Value, 6);
    }

    [Fact]
    public void RayleighJeansIsAnnihilatedPointwise()
    {
        // Gain and loss diverge separately for T/(|k|²+μ); on the ball |k2|, |k1*|, |k2*| ≤ Λ the combined integrand
        // cancels pointwise, so |C| is at round-off relative to G.
        var rj = new RayleighJeans3D(1.3, 0.7);
        foreach (var beta in new[] { 0.0, 0.5, 1.0 })
        {
            var op = new AnisotropicCollisionOperator(beta, new SigmaQuadratureOptions(PolarOrder: 6, AzimuthPoints: 6, SigmaPolarOrder: 4, SigmaAzimuthPoints: 8));
            var k1 = new Vec3(0.5, -0.7, 0.2);
            double c = op.Evaluate(rj, k1, CollisionPart.Full, truncation: 8, estimateError: false).Value;
            double g = op.Evaluate(rj, k1, CollisionPart.Gain, truncation: 8, estimateError: false).Value;
            Assert.True(Math.Abs(c) <= 1e-13 * g, $"β = {beta}: |C|/G = {Math.Abs(c) / g:E2}");
        }
    }

    [Fact]
    public void LemmaTwoOneQuadratureMatchesClosedFormAndSupremumApproachesEightPi()
    {
        var k1 = new Vec3(1, 0.3, 0);
        var k2 = new Vec3(-0.2, 2, 0.5);
        Assert.Equal(1, CollisionalAveraging.Quadrature(k1, k2) / CollisionalAveraging.ClosedForm(k1, k2), 12);
        // naive reference: product rule on the whole sphere with k1* of (1.18)
        double sum = 0;
        var gl = KineticLab.Numerics.Quadrature.GaussLegendre.Get(200);
        for (int i = 0; i < 200; i++)
            for (int j = 0; j < 200; j++)
            {
                double z = gl.Nodes[i], ph = 2 * Math.PI * (j + 0.5) / 200, st = Math.Sqrt(1 - z * z);
                var (a, _) = SigmaCollision.PostCollisional(k1, k2, new Vec3(st * Math.Cos(ph), st * Math.Sin(ph), z));
                sum += gl.Weights[i] * 2 * Math.PI / 200 * Math.Pow(1 + a.Norm2, -1.5);
            }
        Assert.Equal(1, sum / CollisionalAveraging.ClosedForm(k1, k2), 10);
        var scan = CollisionalAveraging.Scan(1e-2, 1e3, 21, 21);
        Assert.True(scan.Maximum.Weighted < 8 * Math.PI);
        Assert.True(scan.Maximum.Weighted > 8 * Math.PI * (1 - 2e-3), $"{scan.Maximum}");
        Assert.True(scan.MaxRelativeDifference < 1e-11, $"{scan.MaxRelativeDifference:E2}");
    }

    [Fact]
    public void PostCollisionalMomentaConserveMomentumAndEnergy()
    {
        var rng = new Random(1);
        for (int i = 0; i < 100; i++)
        {
            var k1 = new Vec3(rng.NextDouble() - 0.5, rng.NextDouble(), 2 * rng.NextDouble());
            var k2 = new Vec3(3 * rng.NextDouble(), rng.NextDouble() - 0.5, -rng.NextDouble());
            double z = 2 * rng.NextDouble() - 1, ph = 2 * Math.PI * rng.NextDouble(), s = Math.Sqrt(1 - z * z);
            var (a, b) = SigmaCollision.PostCollisional(k1, k2, new Vec3(s * Math.Cos(ph), s * Math.Sin(ph), z));
            Assert.True(((a + b) - (k1 + k2)).Norm < 1e-14);
            Assert.Equal(k1.Norm2 + k2.Norm2, a.Norm2 + b.Norm2, 12);
        }
    }
}
