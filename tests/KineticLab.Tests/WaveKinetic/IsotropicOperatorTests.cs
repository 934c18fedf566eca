using KineticLab.WaveKinetic.Isotropic;
using Xunit;

namespace KineticLab.Tests.WaveKinetic;

public class IsotropicOperatorTests
{
    private static double Rel(double a, double b) => Math.Abs(a - b) / Math.Abs(b);

    [Theory]
    [InlineData(0.5, 8.699966878384)]
    [InlineData(1.0, 3.160765018228)]
    [InlineData(2.0, 0.1269609211118)]
    public void GainMatchesClosedFormOfTheThreeDimensionalOperator(double r, double exact)
    {
        // β = 0, f = e^{-|k|²}: G = (π/2)[e^{-r²}J_2(r) + e^{-2r²}J_1(r)] (closed form of the σ-form (1.14)-(1.15)).
        var op = new IsotropicCollisionOperator(0);
        var v = op.Evaluate(new ExponentialSpectrum(), r * r, CollisionPart.Gain);
        Assert.True(v.Converged);
        Assert.True(Rel(v.Value, exact) < 1e-9, $"r={r}: {v.Value:R} vs {exact}");
        // the seed's printed constant would be off by 32π
        Assert.True(Rel(v.Value * IsotropicKernel.SeedPrintedK / IsotropicKernel.K, exact) > 10);
    }

    // The brute-force rule is accurate to about 1e-7 of the gain at these settings (it converges towards the
    // isotropic values as its rule is refined); 1e-5 leaves room for that and is far below any wrong constant.
    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.5, 0.7)]
    [InlineData(1.0, 2.5)]
    public void AgreesWithBruteForceSigmaQuadrature(double beta, double omega1)
    {
        var n = new ExponentialSpectrum();
        var op = new IsotropicCollisionOperator(beta);
        foreach (var part in new[] { CollisionPart.Gain, CollisionPart.Loss, CollisionPart.Full })
        {
            double iso = op.Evaluate(n, omega1, part).Value;
            double brute = SigmaFormReference.Evaluate(n, beta, omega1, part, kMax: 6.5);
            double scale = Math.Abs(op.Evaluate(n, omega1, CollisionPart.Gain).Value);
            Assert.True(Math.Abs(iso - brute) < 1e-5 * scale, $"β={beta} ω1={omega1} {part}: iso {iso:R} brute {brute:R}");
        }
    }

    [Fact]
    public void AgreesWithBruteForceForTheSmoothDatum()
    {
        var n = new SmoothDatum(12);
        var op = new IsotropicCollisionOperator(0.3);
        foreach (var w in new[] { 0.5, 3.0 })
        {
            double iso = op.Evaluate(n, w, CollisionPart.Gain).Value;
            double brute = SigmaFormReference.Evaluate(n, 0.3, w, CollisionPart.Gain, kMax: 12, nRadial: 48);
            Assert.True(Rel(iso, brute) < 1e-6, $"ω1={w}: iso {iso:R} brute {brute:R}");
        }
    }
}

public class IsotropicOperatorIdentityTests
{
    public static TheoryData<double, string> Cases => new()
    {
        { 0.0, "smooth" }, { 0.35, "smooth" }, { 1.0, "smooth" },
        { 0.0, "exp" }, { 1.0, "exp" },
        { 0.6, "oscillating" },
    };

    private static Spectrum Datum(string name) => name switch
    {
        "smooth" => new SmoothDatum(12),
        "oscillating" => new OscillatingDatum(12, 2, 5),
        _ => new ExponentialSpectrum(1.5, 0.8),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void FullEqualsGainMinusLoss(double beta, string datum)
    {
        var op = new IsotropicCollisionOperator(beta);
        var n = Datum(datum);
        foreach (var w in new[] { 0.05, 1.3, 7.0 })
            {
                double g = op.Evaluate(n, w, CollisionPart.Gain).Value;
                double l = op.Evaluate(n, w, CollisionPart.Loss).Value;
                double c = op.Evaluate(n, w, CollisionPart.Full).Value;
                Assert.True(Math.Abs(c - (g - l)) <= 1e-9 * Math.Max(g, l), $"{n.Describe()} β={beta} ω={w}: C={c:R} G−L={g - l:R}");
            }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.6)]
    public void PairedAndUnpairedFullOperatorAgree(double beta)
    {
        var paired = new IsotropicCollisionOperator(beta);
        var plain = new IsotropicCollisionOperator(beta, new IsotropicQuadratureOptions(Pairing: PairingMode.Off));
        var n = new SmoothDatum(12);
        foreach (var w in new[] { 0.3, 4.0, 60.0 })
        {
            double a = paired.Evaluate(n, w, CollisionPart.Full).Value;
            double b = plain.Evaluate(n, w, CollisionPart.Full).Value;
            Assert.True(Math.Abs(a - b) <= 1e-8 * Math.Abs(a), $"ω={w}: paired {a:R} plain {b:R}");
        }
    }

    [Theory]
    [InlineData(0.0, 1.0, 0.5)]
    [InlineData(0.3, 2.0, 0.1)]
    [InlineData(0.75, 0.5, 1.0)]
    [InlineData(1.0, 1.0, 2.0)]
    public void RayleighJeansIsAnnihilated(double beta, double t, double mu)
    {
        // Gain and loss diverge separately for T/(ω+μ); on the truncated manifold (all ω ≤ Λ) both are finite
        // and the full operator must vanish to round-off, with and without pairing.
        var rj = new RayleighJeans(t, mu);
        foreach (var pairing in new[] { PairingMode.On, PairingMode.Off })
        {
            var op = new IsotropicCollisionOperator(beta, new IsotropicQuadratureOptions(Pairing: pairing, Truncation: 40));
            foreach (var w in new[] { 0.2, 3.0, 25.0 })
            {
                double g = op.Evaluate(rj, w, CollisionPart.Gain).Value;
                var c = op.Evaluate(rj, w, CollisionPart.Full);
                Assert.True(g > 0);
                Assert.True(Math.Abs(c.Value) <= 1e-12 * g, $"{pairing} β={beta} ω={w}: C={c.Value:E3}, G={g:E3}");
            }
        }
        // a perturbed Rayleigh–Jeans spectrum is not annihilated (the check above can fail)
        var perturbed = Spectrum.FromFunction(w => t / (w + mu) * (1 + 0.01 * Math.Exp(-w)));
        var op2 = new IsotropicCollisionOperator(beta, new IsotropicQuadratureOptions(Truncation: 40));
        double gp = op2.Evaluate(perturbed, 3.0, CollisionPart.Gain).Value;
        Assert.True(Math.Abs(op2.Evaluate(perturbed, 3.0, CollisionPart.Full).Value) > 1e-6 * gp);
    }

    [Fact]
    public void TrilinearFormsAndSubdomainsAddUp()
    {
        var op = new IsotropicCollisionOperator(0.4);
        var n = new SmoothDatum(10);
        foreach (var w in new[] { 0.4, 5.0 })
        {
            double c234 = op.Trilinear(TrilinearTerm.C234, n, n, n, w).Value;
            double c134 = op.Trilinear(TrilinearTerm.C134, n, n, n, w).Value;
            double c123 = op.Trilinear(TrilinearTerm.C123, n, n, n, w).Value;
            double c124 = op.Trilinear(TrilinearTerm.C124, n, n, n, w).Value;
            double g = op.Evaluate(n, w, CollisionPart.Gain).Value;
            double l = op.Evaluate(n, w, CollisionPart.Loss).Value;
            Assert.True(Math.Abs(c234 + c134 - g) <= 1e-9 * g);
            Assert.True(Math.Abs(c123 + c124 - l) <= 1e-9 * l);
            double pieces = 0;
            foreach (var d in new[] { Subdomain.D1, Subdomain.D21, Subdomain.D22, Subdomain.D3 })
                pieces += op.Trilinear(TrilinearTerm.C234, n, n, n, w, d).Value;
            Assert.True(Math.Abs(pieces - c234) <= 1e-9 * c234);
        }
    }

    [Fact]
    public void TrilinearFormsUseTheirArgumentsInTheRightSlots()
    {
        // k, l, m differ: C^234[k,l,m] = ∫S k2 l3 m4 changes when l and m are swapped (ω3 ≤ ω4 is ordered).
        var op = new IsotropicCollisionOperator(0.5);
        var k = new SmoothDatum(8);
        var l = new ExponentialSpectrum(1, 0.5);
        var m = new ExponentialSpectrum(1, 2.0);
        double a = op.Trilinear(TrilinearTerm.C234, k, l, m, 1.0).Value;
        double b = op.Trilinear(TrilinearTerm.C234, k, m, l, 1.0).Value;
        Assert.True(Math.Abs(a - b) > 1e-3 * a);
        // C^134[k,l,m] = k(ω1)·∫S l3 m4: linear in k(ω1)
        double c1 = op.Trilinear(TrilinearTerm.C134, k, l, m, 2.0).Value;
        double c2 = op.Trilinear(TrilinearTerm.C134, new SmoothDatum(8, 3.0), l, m, 2.0).Value;
        Assert.True(Math.Abs(c2 - 3 * c1) <= 1e-12 * c2);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(0.7)]
    public void ScalingLaws(double beta)
    {
        // C[λn] = λ³C[n] and C[n(μ·)](ω) = μ^{−2−4β} C[n](μω).
        var op = new IsotropicCollisionOperator(beta);
        var n = new ExponentialSpectrum(1, 1);
        double mu = 2.5, w = 0.9;
        double c = op.Evaluate(n, mu * w, CollisionPart.Full).Value;
        double cs = op.Evaluate(new ExponentialSpectrum(1, 1 / mu), w, CollisionPart.Full).Value;
        Assert.True(Math.Abs(cs - Math.Pow(mu, -2 - 4 * beta) * c) <= 1e-9 * Math.Abs(cs));
        double c3 = op.Evaluate(new ExponentialSpectrum(3, 1), mu * w, CollisionPart.Full).Value;
        Assert.True(Math.Abs(c3 - 27 * c) <= 1e-9 * Math.Abs(c3));
    }

    [Fact]
    public void GainIsMonotoneAndLossFactorsThroughTheCollisionFrequency()
    {
        var op = new IsotropicCollisionOperator(0.6);
        var n = new SmoothDatum(12);
        var m = Spectrum.FromFunction(w => n.Value(w) * (1 + 0.5 * Math.Exp(-w)));
        foreach (var w in new[] { 0.3, 3.0, 30.0 })
        {
            Assert.True(op.Evaluate(n, w, CollisionPart.Gain).Value < op.Evaluate(m, w, CollisionPart.Gain).Value);
            double loss = op.Evaluate(n, w, CollisionPart.Loss).Value;
            double nu = op.CollisionFrequency(n, w).Value;
            Assert.True(Math.Abs(loss - n.Value(w) * nu) <= 1e-9 * loss);
            // the same quadrature of proportional integrands would agree even if both were wrong: also against the
            // independent reference's loss (measured agreement 3.9e-11, 1.8e-11, 1.3e-11 at ω = 0.3, 3, 30)
            double reference = DoubleExponentialReference.Evaluate(new InverseCubeDatum(), 0.6, w, CollisionPart.Loss).Value;
            Assert.True(Math.Abs(n.Value(w) * nu / reference - 1) <= 3e-10, $"ω={w}: n1·ν = {n.Value(w) * nu:R}, reference loss {reference:R}");
        }
    }

    [Fact]
    public void InvalidArgumentsAreRejected()
    {
        Assert.Throws<InvalidInputException>(() => new IsotropicCollisionOperator(-0.1));
        Assert.Throws<InvalidInputException>(() => new IsotropicCollisionOperator(double.NaN));
        var op = new IsotropicCollisionOperator(0.5);
        Assert.Throws<InvalidInputException>(() => op.Evaluate(new SmoothDatum(12), 0));
        Assert.Throws<InvalidInputException>(() => op.Evaluate(new SmoothDatum(12), double.PositiveInfinity));
        Assert.Throws<InvalidInputException>(() => new SmoothDatum(-1));
        Assert.Throws<InvalidInputException>(() => new IsotropicCollisionOperator(0.5, new IsotropicQuadratureOptions(RelTol: 0)));
    }
}

public class IsotropicOperatorAccuracyTests(Xunit.Abstractions.ITestOutputHelper output)
{
    // The independent reference (DoubleExponentialReference: variables (δ = ω4 − ω1, ω3), pairing on the triangle where both
    // partners are in the ordered domain, tanh-sinh/exp-sinh rules with step halving, the rational datum (1 + ω²)^−3)
    // reproduces the closed form of the 3D operator to 2.3e-13 (the 13 digits given), and the rational datum agrees with
    // SmoothDatum(12) to 7e-15 in values and differences.
    [Fact]
    public void ReferenceReproducesTheClosedFormAndTheDatum()
    {
        foreach (var (r, exact) in new[] { (0.5, 8.699966878384), (1.0, 3.160765018228), (2.0, 0.1269609211118) })
        {
            var v = DoubleExponentialReference.Evaluate(new ExponentialSpectrum(), 0, r * r, CollisionPart.Gain);
            Assert.True(v.Converged);
            Assert.True(Math.Abs(v.Value / exact - 1) < 1e-12, $"r={r}: {v.Value:R} vs {exact}");
        }
        var q = new InverseCubeDatum();
        var n = new SmoothDatum(12);
        foreach (var a in new[] { 1e-3, 0.3, 1, 7.5, 1e2, 1e4, 3e5 })
            foreach (var d in new[] { 1e-9, 1e-3, 0.7, 40.0 })
            {
                Assert.True(Math.Abs(q.Value(a) / n.Value(a) - 1) < 1e-13);
                Assert.True(Math.Abs(q.Difference(a + d, a) / n.Difference(a + d, a) - 1) < 1e-13, $"n({a + d}) − n({a})");
            }
    }

    // The default tolerances against the independent reference, up to ω = 1e4 where the threshold claims live (the full
    // operator there is 1e-8 of the gain). Measured over β ∈ {0, 0.5, 1}, ω ∈ {1e-2, 1, 1e2, 1e4}, gain/loss/full
    // (validate kwe --case pointwise-accuracy): default within 7.5e-11 (β = 0, ω = 1, loss), tight (rtol 1e-13) within
    // 1.1e-11 (β = 0, ω = 1e4, full; elsewhere 1.6e-13 at most). Asserted: 3e-10 and 5e-11.
    [Theory]
    [InlineData(0.5, 1e-2)]
    [InlineData(0.5, 1e4)]
    [InlineData(1.0, 1e2)]
    [InlineData(0.0, 1e4)]
    public void DefaultTolerancesAgreeWithAnIndependentReference(double beta, double w)
    {
        var n = new SmoothDatum(12);
        var def = new IsotropicCollisionOperator(beta);
        var tight = new IsotropicCollisionOperator(beta, new IsotropicQuadratureOptions(RelTol: 1e-13, InnerRelTol: 1e-14, MaxSegments: 20000));
        foreach (var part in new[] { CollisionPart.Gain, CollisionPart.Loss, CollisionPart.Full })
        {
            var reference = DoubleExponentialReference.Evaluate(new InverseCubeDatum(), beta, w, part);
            Assert.True(reference.Converged);
            var a = def.Evaluate(n, w, part);
            Assert.True(a.Converged);
            double e = Math.Abs(a.Value / reference.Value - 1), et = Math.Abs(tight.Evaluate(n, w, part).Value / reference.Value - 1);
            output.WriteLine($"β={beta} ω={w} {part}: reference {reference.Value:R}; default {e:E2}, tight {et:E2}");
            Assert.True(e <= 3e-10, $"β={beta} ω={w} {part}: {a.Value:R} vs reference {reference.Value:R} ({e:E2})");
            Assert.True(et <= 5e-11, $"β={beta} ω={w} {part}: tight {et:E2}");
        }
    }
}
