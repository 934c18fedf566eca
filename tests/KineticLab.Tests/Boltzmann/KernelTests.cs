using KineticLab.Numerics.Spectral;
using KineticLab.Boltzmann;
using KineticLab.Boltzmann.Kernels;
using KineticLab.Numerics.Quadrature;
using Xunit;

namespace KineticLab.Tests.Boltzmann;

public class KernelTests
{
    [Theory]
    [InlineData(0.0)]
    [InlineData(0.5)]
    [InlineData(1.5)]
    [InlineData(2.0)]
    public void RadialPowerRuleIntegratesMonomialsExactly(double alpha)
    {
        var r = GaussJacobi.RadialPower(10, 2.5, alpha);
        for (int k = 0; k < 19; k++)
        {
            double exact = Math.Pow(2.5, alpha + k + 1) / (alpha + k + 1);
            double q = 0;
            for (int i = 0; i < r.Count; i++) q += r.Weights[i] * Math.Pow(r.Nodes[i], k);
            Assert.Equal(1, q / exact, 12);
        }
    }

    [Fact]
    public void SphereRulesIntegratePolynomialsToTheirDegree()
    {
        foreach (var rule in new[] { SphereRule.Octahedron(), SphereRule.Icosahedron(), SphereRule.Lebedev14(), SphereRule.Product(6, 12) })
        {
            Assert.NotNull(rule.AntipodalPairs());
            Assert.Equal(4 * Math.PI, rule.Weights.Sum(), 12);
            double z2 = 0, x2y2 = 0, z4 = 0;
            for (int i = 0; i < rule.Count; i++)
            {
                var p = rule.Point(i);
                z2 += rule.Weights[i] * p[2] * p[2];
                x2y2 += rule.Weights[i] * p[0] * p[0] * p[1] * p[1];
                z4 += rule.Weights[i] * Math.Pow(p[2], 4);
            }
            Assert.Equal(4 * Math.PI / 3, z2, 12);
            if (rule.Degree >= 5)
            {
                Assert.Equal(4 * Math.PI / 5, z4, 12);
                Assert.Equal(4 * Math.PI / 15, x2y2, 12);
            }
        }
        Assert.Null(SphereRule.Circle(5).AntipodalPairs());
        Assert.Equal(4, SphereRule.Circle(8).AntipodalPairs()!.Length);
    }

    [Theory]
    [InlineData(-1.0)]
    [InlineData(-0.5)]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void PowerRangeIsEnforced(double gamma)
    {
        var k = RelativeSpeedKernel.Power(3, gamma);
        Assert.Equal(Math.Pow(2.0, gamma), k.Eval(2.0), 14);
        Assert.Throws<InvalidInputException>(() => RelativeSpeedKernel.Power(2, -0.75));
        Assert.Throws<InvalidInputException>(() => RelativeSpeedKernel.Power(3, 1.5));
        Assert.Throws<InvalidInputException>(() => RelativeSpeedKernel.Power(4, 0));
    }

    [Fact]
    public void MixedKernelRadialRuleIsExactOnBothPieces()
    {
        var k = RelativeSpeedKernel.Mixed(3);
        var r = k.RadialRule(24, 4.0);
        // ∫_0^4 ρ² Φ(ρ) e^{−ρ} dρ = ∫_0^1 ρ³ e^{−ρ} + ∫_1^4 ρ e^{−ρ}.
        double exact = (6 - 16 / Math.E) + (2 / Math.E - 5 * Math.Exp(-4));
        double q = 0;
        for (int i = 0; i < r.Count; i++) q += r.Weights[i] * Math.Exp(-r.Nodes[i]);
        Assert.Equal(exact, q, 13);
        Assert.Equal(0.5, k.Eval(0.5));
        Assert.Equal(0.5, k.Eval(2.0));
    }

    public static IEnumerable<object[]> AngularCases()
    {
        foreach (int d in new[] { 2, 3 })
            foreach (double p in new[] { 0.0, 0.5, 1.0, 2.0, 3.5 })
                yield return [d, p];
    }

    /// <summary>b₁ and the zonal moments against brute-force quadrature of b_σ.</summary>
    [Theory]
    [MemberData(nameof(AngularCases))]
    public void NormAndZonalMomentsMatchQuadrature(int d, double p)
    {
        var b = AngularKernel.OmegaPower(d, p, 1.7);
        for (int n = 0; n <= 6; n++)
        {
            double q;
            if (d == 3)
            {
                // 2π ∫_{-1}^{1} b_σ(x) P_n(x) dx with the (1+x)^a weight handled by Gauss–Jacobi.
                var r = GaussJacobi.Reference(40, 0, b.SigmaExponent);
                q = 0;
                for (int i = 0; i < r.Count; i++)
                {
                    double x = r.Nodes[i];
                    q += r.Weights[i] * Math.Pow(2, 2 - d) * b.Scale * Math.Pow(0.5, b.SigmaExponent) * Legendre(n, x);
                }
                q *= 2 * Math.PI;
            }
            else
            {
                // ∫_0^{2π} b_σ(cos χ) cos(nχ) dχ = 2 ∫_{−π/2}^{π/2} b_ω(cos θ) cos(2nθ) dθ, weight cos^p θ.
                var r = GaussJacobi.Reference(40, p, p);
                q = 0;
                for (int i = 0; i < r.Count; i++)
                {
                    double t = r.Nodes[i], th = Math.PI / 2 * t;
                    double smooth = p == 0 ? 1 : Math.Pow(Math.Cos(th) / (1 - t * t), p);
                    q += r.Weights[i] * smooth * b.Scale * Math.Cos(2 * n * th);
                }
                q *= Math.PI;
            }
            Assert.True(Math.Abs(q - b.ZonalMoment(n)) < 1e-12 * b.NormL1, $"n = {n}: {q} vs {b.ZonalMoment(n)}");
        }
        Assert.True(Math.Abs(b.ZonalMoment(0) - b.NormL1) < 1e-13 * b.NormL1);
    }

    [Fact]
    public void SeedNormalisations()
    {
        Assert.Equal(2 * Math.PI, AngularKernel.SeedAbsCos(3).NormL1, 13);
        Assert.Equal(4, AngularKernel.SeedAbsCos(2).NormL1, 13);
        // 3D: b_ω = |cos θ| is the constant b_σ = 1/2; 2D: b_σ = b_ω.
        Assert.True(AngularKernel.SeedAbsCos(3).IsSigmaConstant);
        Assert.Equal(0.5, AngularKernel.SeedAbsCos(3).Sigma(0.3), 14);
        Assert.Equal(Math.Sqrt(0.65), AngularKernel.SeedAbsCos(2).Sigma(0.3), 14);
        Assert.Equal(1, AngularKernel.SigmaConstant(3).NormL1, 13);
        Assert.Equal(1, AngularKernel.SigmaConstant(2).NormL1, 13);
        Assert.Equal(1 / (4 * Math.PI), AngularKernel.SigmaConstant(3).Sigma(-0.2), 15);
        Assert.Throws<InvalidInputException>(() => AngularKernel.Parse(3, "cos-power:-1"));
        Assert.Throws<InvalidInputException>(() => AngularKernel.Parse(3, "wobble"));
        Assert.Equal(2.5, AngularKernel.Parse(3, "cos-power:2.5").Power);
        Assert.Equal(3.0, AngularKernel.Parse(3, "sigma-power:2").Power);
    }

    /// <summary>
    /// The ω → σ map: ∫_{S^{d−1}} b_ω(n·ω) F(σ(ω)) dω = ∫_{S^{d−1}} b_σ(n·σ) F(σ) dσ with σ(ω) = 2(n·ω)ω − n,
    /// for a non-symmetric test function F; each side by its own fine quadrature.
    /// </summary>
    [Theory]
    [MemberData(nameof(AngularCases))]
    public void OmegaAndSigmaFormsIntegrateTheSameCollisions(int d, double p)
    {
        var b = AngularKernel.OmegaPower(d, p, 0.9);
        double[] n = d == 3 ? [0.48, -0.6, 0.64] : [0.6, 0.8];
        double F(ReadOnlySpan<double> s) => d == 3
            ? Math.Exp(0.7 * s[0] - 0.4 * s[1] + 1.1 * s[2]) + s[0] * s[2]
            : Math.Exp(0.9 * s[0] - 0.5 * s[1]) + s[0] * s[1] * s[1];
        double lhs = 0, rhs = 0;
        var sig = new double[d];
        if (d == 3)
        {
            // Brute force on a fine product grid in a frame aligned with n: θ ∈ (0, π) with GL in cos, φ uniform.
            var e1 = new double[3]; var e2 = new double[3];
            KineticLab.Boltzmann.Reference.DirectQuadrature.Frame(n, e1, e2);
            // ω side: weight |c|^p singular only in derivative at c = 0: split at c = 0 with Gauss–Jacobi.
            foreach (int side in new[] { -1, 1 })
            {
                var rc = GaussJacobi.RadialPower(48, 1.0, p);
                for (int i = 0; i < rc.Count; i++)
                {
                    double c = side * rc.Nodes[i], s = Math.Sqrt(1 - c * c);
                    for (int m = 0; m < 96; m++)
                    {
                        double phi = 2 * Math.PI * m / 96;
                        double dot = 0;
                        var om = new double[3];
                        for (int a = 0; a < 3; a++) { om[a] = c * n[a] + s * (Math.Cos(phi) * e1[a] + Math.Sin(phi) * e2[a]); }
                        for (int a = 0; a < 3; a++) dot += n[a] * om[a];
                        for (int a = 0; a < 3; a++) sig[a] = 2 * dot * om[a] - n[a];
                        lhs += b.Scale * rc.Weights[i] * 2 * Math.PI / 96 * F(sig);
                    }
                }
            }
            var rx = GaussJacobi.Reference(48, 0, b.SigmaExponent);
            for (int i = 0; i < rx.Count; i++)
            {
                double x = rx.Nodes[i], s = Math.Sqrt(1 - x * x);
                double w = rx.Weights[i] * 0.5 * b.Scale * Math.Pow(0.5, b.SigmaExponent);
                for (int m = 0; m < 96; m++)
                {
                    double phi = 2 * Math.PI * m / 96;
                    for (int a = 0; a < 3; a++) sig[a] = x * n[a] + s * (Math.Cos(phi) * e1[a] + Math.Sin(phi) * e2[a]);
                    rhs += w * 2 * Math.PI / 96 * F(sig);
                }
            }
        }
        else
        {
            double[] nperp = [-n[1], n[0]];
            // ω = cos θ n + sin θ n⊥ over the full circle, split at θ = ±π/2 (where |cos θ|^p is not smooth).
            var r = GaussJacobi.Reference(64, p, p);
            foreach (double shift in new[] { 0.0, Math.PI })
                for (int i = 0; i < r.Count; i++)
                {
                    double t = r.Nodes[i], th = shift + Math.PI / 2 * t;
                    double smooth = p == 0 ? 1 : Math.Pow(Math.Cos(Math.PI / 2 * t) / (1 - t * t), p);
                    double w = r.Weights[i] * smooth * Math.PI / 2 * b.Scale;
                    double c = Math.Cos(th);
                    for (int a = 0; a < 2; a++) sig[a] = 2 * c * (Math.Cos(th) * n[a] + Math.Sin(th) * nperp[a]) - n[a];
                    lhs += w * F(sig);
                }
            // σ = cos χ n + sin χ n⊥, χ ∈ (−π, π), b_σ(cos χ) = s |cos(χ/2)|^p: substitute χ = 2θ.
            for (int i = 0; i < r.Count; i++)
            {
                double t = r.Nodes[i], th = Math.PI / 2 * t;
                double smooth = p == 0 ? 1 : Math.Pow(Math.Cos(th) / (1 - t * t), p);
                double w = 2 * r.Weights[i] * smooth * Math.PI / 2 * b.Scale;
                for (int a = 0; a < 2; a++) sig[a] = Math.Cos(2 * th) * n[a] + Math.Sin(2 * th) * nperp[a];
                rhs += w * F(sig);
            }
        }
        Assert.True(Math.Abs(lhs - rhs) < 1e-10 * Math.Abs(rhs), $"ω side {lhs}, σ side {rhs}");
    }

    private static double Legendre(int n, double x)
    {
        double p0 = 1, p1 = x;
        if (n == 0) return 1;
        for (int k = 1; k < n; k++) { double p2 = ((2 * k + 1) * x * p1 - k * p0) / (k + 1); p0 = p1; p1 = p2; }
        return p1;
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.3)]
    [InlineData(2.5)]
    [InlineData(17.0)]
    [InlineData(45.0)]
    public void BesselSequencesMatchIntegralRepresentations(double s)
    {
        var jc = new double[60];
        var js = new double[60];
        BesselSeries.Cylindrical(s, jc);
        BesselSeries.Spherical(s, js);
        for (int n = 0; n < 60; n += 3)
        {
            // J_n(s) = (1/π) ∫_0^π cos(nτ − s sin τ) dτ (trapezoid on the periodic integrand is spectrally accurate).
            int m = 400;
            double acc = 0;
            for (int k = 0; k < 2 * m; k++) { double tau = Math.PI * k / m; acc += Math.Cos(n * tau - s * Math.Sin(tau)); }
            double jn = acc / (2 * m);
            Assert.True(Math.Abs(jn - jc[n]) < 1e-13, $"J_{n}({s}) {jc[n]} vs {jn}");
            // j_n(s) = (1/2) ∫_{-1}^{1} e^{isx} P_n(x) dx · (−i)^n: real part for even n, imaginary for odd.
            var gl = GaussJacobi.Legendre(80, -1, 1);
            double re = 0, im = 0;
            for (int i = 0; i < gl.Count; i++)
            {
                double p = Legendre(n, gl.Nodes[i]);
                re += gl.Weights[i] * Math.Cos(s * gl.Nodes[i]) * p;
                im += gl.Weights[i] * Math.Sin(s * gl.Nodes[i]) * p;
            }
            double jsn = n % 4 == 0 ? re / 2 : n % 4 == 1 ? im / 2 : n % 4 == 2 ? -re / 2 : -im / 2;
            Assert.True(Math.Abs(jsn - js[n]) < 1e-13, $"j_{n}({s}) {js[n]} vs {jsn}");
        }
    }
}
