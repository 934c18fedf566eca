using KineticLab.Boltzmann;
using KineticLab.Boltzmann.Exact;
using KineticLab.Boltzmann.Kernels;
using KineticLab.Numerics.Quadrature;
using KineticLab.Boltzmann.Reference;
using Xunit;

namespace KineticLab.Tests.Boltzmann;

public class ReferenceTests
{
    private static VelocityFunction Gauss(double[] m, double s) => v => Gaussian.Density(v, m, s);

    [Fact]
    public void GaussianPowerMomentMatchesErfAndDigestValues()
    {
        // d = 3, γ = −1: erf(|v|/(s√2))/|v|; digest O2 values for s = 1.3.
        double[] r = [0, 0.7, 3.0];
        double[] gm1 = [0.6137574, 0.5853451, 0.3263279];
        double[] gmh = [0.7543050, 0.7367202, 0.5580191];
        for (int i = 0; i < 3; i++)
        {
            Assert.Equal(gm1[i], Gaussian.PowerMoment(3, -1, 1.3, r[i]), 7);
            Assert.Equal(gmh[i], Gaussian.PowerMoment(3, -0.5, 1.3, r[i]), 7);
        }
        foreach (double x in new[] { 0.01, 0.5, 2.0, 7.0, 40.0 })
            Assert.Equal(MathNet.Numerics.SpecialFunctions.Erf(x / (1.3 * Math.Sqrt(2))) / x, Gaussian.PowerMoment(3, -1, 1.3, x), 13);
        // Maxwell: ∫N = 1; γ = 2 (d = 2): E|X − v|² = 2s² + |v|².
        Assert.Equal(1, Gaussian.PowerMoment(2, 0, 0.7, 1.4), 13);
        Assert.Equal(2 * 0.49 + 1.96, Gaussian.PowerMoment(2, 2, 0.7, 1.4), 12);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void BkwHasUnitMassTemperatureAndItsFourthMoment(int d)
    {
        var bkw = new Bkw(d);
        double t = d == 3 ? 6.5 : 0.5;
        var rule = GaussJacobi.RadialPower(60, 14, d - 1);
        double area = AngularKernel.SphereArea(d);
        double m0 = 0, m2 = 0, m4 = 0;
        for (int i = 0; i < rule.Count; i++)
        {
            double r2 = rule.Nodes[i] * rule.Nodes[i], f = bkw.Value(t, r2) * rule.Weights[i] * area;
            m0 += f; m2 += f * r2; m4 += f * r2 * r2;
        }
        Assert.Equal(1, m0, 12);
        Assert.Equal(d, m2, 11);
        Assert.Equal(bkw.FourthMoment(t), m4, 10);
        // ∂t f by central differences.
        foreach (double r2 in new[] { 0.0, 0.8, 3.1 })
        {
            double h = 1e-4;
            double fd = (bkw.Value(t + h, r2) - bkw.Value(t - h, r2)) / (2 * h);
            Assert.Equal(fd, bkw.TimeDerivative(t, r2), 9);
        }
    }

    [Theory]
    [InlineData(-1.0, 0.3183099, 0.1161625, 0.0257672)]
    [InlineData(-0.5, 0.3431063, 0.1410338, 0.0362863)]
    [InlineData(0.0, 0.3989423, 0.1837942, 0.0539910)]
    public void LossOfTheMaxwellianMatchesDigestO3(double gamma, double q0, double q1, double q2)
    {
        var k = CollisionKernel.SeedPower(3, gamma);
        var dq = new DirectQuadrature(k, radius: 12, radialPoints: 48, sphereZ: 16, sphereAzimuth: 32);
        var mu = Gauss([0, 0, 0], 1);
        double[][] vs = [[0, 0, 0], [0.5, -0.3, 1.1], [2, 0, 0]];
        double[] want = [q0, q1, q2];
        for (int i = 0; i < 3; i++)
        {
            double closed = Gaussian.LossOperator(3, gamma, k.B1, vs[i], [0, 0, 0], 1, [0, 0, 0], 1);
            Assert.Equal(want[i], closed, 7);
            Assert.True(Math.Abs(dq.Loss(mu, mu, vs[i]) - closed) < 1e-10 * closed);
        }
    }

    /// <summary>Q⁺(μ, μ) = Q⁻(μ, μ) pointwise for Maxwellians, each kernel (O4), d = 2 and 3.</summary>
    [Theory]
    [InlineData(3, "power", -1.0, "abs-cos")]
    [InlineData(3, "power", -0.5, "cos-power:2.5")]
    [InlineData(3, "power", 1.0, "sigma-const")]
    [InlineData(3, "mixed", 0.0, "abs-cos")]
    [InlineData(2, "power", -0.5, "abs-cos")]
    [InlineData(2, "power", 0.0, "cos-power:0.5")]
    [InlineData(2, "mixed", 0.0, "sigma-const")]
    public void GainEqualsLossForMaxwellians(int d, string phi, double gamma, string angular)
    {
        var k = new CollisionKernel(phi == "mixed" ? RelativeSpeedKernel.Mixed(d) : RelativeSpeedKernel.Power(d, gamma), AngularKernel.Parse(d, angular));
        var dq = new DirectQuadrature(k, radius: 11, radialPoints: 40, sphereZ: 12, sphereAzimuth: d == 3 ? 24 : 48, angularPoints: 16);
        double[] m = d == 3 ? [0.2, -0.1, 0.3] : [0.2, -0.1];
        var mu = Gauss(m, 0.9);
        double[] v = d == 3 ? [0.5, 0.4, -0.6] : [0.7, -0.3];
        double gain = dq.Gain(mu, mu, v), gainS = dq.GainSigma(mu, mu, v), loss = dq.Loss(mu, mu, v);
        Assert.True(Math.Abs(gain - loss) < 2e-7 * loss, $"gain {gain} loss {loss}");
        Assert.True(Math.Abs(gainS - loss) < 2e-7 * loss, $"σ gain {gainS} loss {loss}");
    }

    /// <summary>Digest O6 and its 2D analogue: Q(f, f) = ∂t f for BKW by direct quadrature.</summary>
    [Theory]
    [InlineData(3, 7.0)]
    [InlineData(2, 0.5)]
    public void DirectQuadratureReproducesBkwTimeDerivative(int d, double t)
    {
        var bkw = new Bkw(d);
        var k = CollisionKernel.MaxwellBkw(d);
        var dq = new DirectQuadrature(k, radius: 12, radialPoints: 40, sphereZ: 12, sphereAzimuth: d == 3 ? 24 : 48, angularPoints: 12);
        VelocityFunction f = v => { double r2 = 0; foreach (var x in v) r2 += x * x; return bkw.Value(t, r2); };
        double[][] vs = d == 3 ? [[0, 0, 0], [0.6, -0.4, 0.9], [1.8, 0.2, 0]] : [[0, 0], [0.6, -0.4], [1.8, 0.2]];
        foreach (var v in vs)
        {
            double r2 = v.Sum(x => x * x);
            double q = dq.Collision(f, f, v);
            Assert.True(Math.Abs(q - bkw.TimeDerivative(t, r2)) < 1e-9, $"v = ({string.Join(",", v)}): Q = {q}, ∂t f = {bkw.TimeDerivative(t, r2)}");
        }
        if (d == 3) Assert.Equal(0.0142030, bkw.TimeDerivative(7, 0), 7);
    }

    /// <summary>Digest O5: ω and σ forms of Q⁺(f, g), γ = −1, and the Monte Carlo estimator within 4 standard errors.</summary>
    [Fact]
    public void OmegaSigmaAndMonteCarloGainAgree()
    {
        var k = CollisionKernel.SeedPower(3, -1);
        var dq = new DirectQuadrature(k, radius: 14, radialPoints: 40, sphereZ: 12, sphereAzimuth: 24, angularPoints: 12);
        // The digest writes N(m, s²): the second argument is the variance.
        var f = Gauss([0.3, 0, 0], Math.Sqrt(0.8));
        var g = Gauss([-0.5, 0.4, 0.2], Math.Sqrt(1.5));
        double[][] vs = [[0, 0, 0], [1, 0.5, -0.7]];
        double[] digest = [0.22690, 0.082398];
        var mc = new MonteCarloGain(k);
        for (int i = 0; i < 2; i++)
        {
            double w = dq.Gain(f, g, vs[i]), s = dq.GainSigma(f, g, vs[i]);
            Assert.True(Math.Abs(w - s) < 1e-9 * w, $"ω {w} σ {s}");
            Assert.True(Math.Abs(w - digest[i]) < 1e-4 * digest[i], $"ω {w} digest {digest[i]}");
            var (mean, se) = mc.Estimate(f, g, vs[i], [-0.2, 0.2, 0.1], 1.3, 100_000, seed: 7 + i);
            Assert.True(se < 0.02 * w, $"standard error {se} too large");
            Assert.True(Math.Abs(mean - w) < 4 * se, $"MC {mean} ± {se} vs {w}");
        }
    }

    /// <summary>Velocity dilation: Q(f∘D_λ, g∘D_λ)(v) = λ^{−(d+γ)} Q(f,g)(λv) (power kernels).</summary>
    [Theory]
    [InlineData(3, -1.0)]
    [InlineData(2, -0.5)]
    public void DilationScalingLawHolds(int d, double gamma)
    {
        var k = CollisionKernel.SeedPower(d, gamma);
        double lam = 1.7;
        double[] mf = d == 3 ? [0.3, 0, -0.2] : [0.3, -0.2];
        double[] mg = d == 3 ? [-0.4, 0.5, 0.1] : [-0.4, 0.5];
        var f = Gauss(mf, 0.8);
        var g = Gauss(mg, 1.2);
        VelocityFunction fl = v => { Span<double> w = stackalloc double[v.Length]; for (int a = 0; a < v.Length; a++) w[a] = lam * v[a]; return f(w); };
        VelocityFunction gl = v => { Span<double> w = stackalloc double[v.Length]; for (int a = 0; a < v.Length; a++) w[a] = lam * v[a]; return g(w); };
        var dq = new DirectQuadrature(k, radius: 12, radialPoints: 40, sphereZ: 12, sphereAzimuth: d == 3 ? 24 : 48, angularPoints: 12);
        double[] v = d == 3 ? [0.2, 0.1, -0.3] : [0.2, 0.1];
        double[] lv = v.Select(x => lam * x).ToArray();
        double lhs = dq.Collision(fl, gl, v);
        double rhs = Math.Pow(lam, -(d + gamma)) * dq.Collision(f, g, lv);
        Assert.True(Math.Abs(lhs - rhs) < 1e-8 * Math.Abs(rhs), $"{lhs} vs {rhs}");
    }
}
