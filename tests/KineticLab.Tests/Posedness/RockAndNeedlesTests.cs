using KineticLab.Posedness.RockAndNeedles;
using Xunit;
using Xunit.Abstractions;

namespace KineticLab.Tests.Posedness;

public class RockAndNeedlesTests(ITestOutputHelper output)
{
    [Fact]
    public void BumpConstantsMatchTheDigest()
    {
        Assert.Equal(3, Bump.L1(1));
        Assert.True(Math.Abs(Bump.L1(2) - 7.153151) < 2e-6, $"{Bump.L1(2):R}");
        Assert.True(Math.Abs(Bump.L2(3) - 3.457846) < 2e-6, $"{Bump.L2(3):R}");
        Assert.True(Math.Abs(Bump.L2(2) - 2.502887) < 2e-6, $"{Bump.L2(2):R}");
        Assert.True(Math.Abs(Bump.SpeedMoment(r => 1, 100) - 0.3) < 1e-12);
        Assert.True(Math.Abs(Bump.SpeedMoment(r => 1 / r, 100) - 0.302365) < 2e-6, $"{Bump.SpeedMoment(r => 1 / r, 100):R}");
        Assert.True(Math.Abs(Bump.SpeedMoment(r => Math.Pow(r, -0.5), 100) - 0.300883) < 2e-6);
        output.WriteLine($"L1(2) {Bump.L1(2):R} L2(3) {Bump.L2(3):R} L2(2) {Bump.L2(2):R} w-1 {Bump.SpeedMoment(r => 1 / r, 100):R} w-1/2 {Bump.SpeedMoment(r => Math.Pow(r, -0.5), 100):R}");
        output.WriteLine($"d=3 γ=−1 constant {Bump.L1(2) * Bump.SpeedMoment(r => 1 / r, 100):R}; d=2 γ=−1/2 {3 * Bump.SpeedMoment(r => Math.Pow(r, -0.5), 100):R}");
    }

    // Digest O14.
    [Theory]
    [InlineData(3, new[] { 1, 1, 0.995436, 0.805629, 0.351063, 0.136291, 0.046682, 0.011453 })]
    [InlineData(2, new[] { 1, 1, 0.997063, 0.871308, 0.545976, 0.334074, 0.194092, 0.095868 })]
    public void NeedleProfileMatchesTheDigest(int d, double[] expected)
    {
        double[] rho = [0.5, 1, 1.2, 1.5, 2, 3, 5, 10];
        var table = new Bump.PsiTable(d);
        for (int i = 0; i < rho.Length; i++)
        {
            Assert.True(Math.Abs(Bump.Psi(d, rho[i]) - expected[i]) < 1e-6, $"ρ={rho[i]}: {Bump.Psi(d, rho[i])}");
            Assert.True(Math.Abs(table[rho[i]] - Bump.Psi(d, rho[i])) < 1e-11);
        }
        Assert.True(Math.Abs(table[1.23456] - Bump.Psi(d, 1.23456)) < 1e-11);
        Assert.True(Math.Abs(table[1.98765] - Bump.Psi(d, 1.98765)) < 1e-11);
    }
}

public class NeedleBeamTests(ITestOutputHelper output)
{
    // Maxwell molecules (Φ = 1): ∫ I_j = M^{1−d} ‖χ‖_{L¹(R^{d−1})} · N₂ ‖χ‖_{L¹(R)}/10 exactly.
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void NeedleIntegralMatchesTheClosedForm(int d)
    {
        var p = new NeedleParameters { D = d, Gamma = 0, S0 = 0.2, M = 6, N2 = 20, CJ = 0.01, Delta = 0.05 };
        var beam = new NeedleBeam(p);
        double exact = Math.Pow(6, 1 - d) * Bump.L1(d - 1) * 20 * 0.3;
        Assert.True(Math.Abs(beam.NeedleIntegral() / exact - 1) < 1e-9, $"{beam.NeedleIntegral()} vs {exact}");
        // and the aligned quadrature of the transverse factor at x⊥, t = 0 is χ(M|x⊥|) times the same
        Assert.True(Math.Abs(beam.NeedleTerm(0, 0.01, 1.3 / 6) / (exact * Bump.Chi(1.3)) - 1) < 1e-9);
    }

    [Theory]
    [InlineData(2, -0.5, 8.0, 32.0, 1.0)]
    [InlineData(3, -1.0, 4.0, 12.0, 0.4)]
    public void PerNeedleRateMatchesTheContinuumAtTimeZero(int d, double gamma, double m, double n2, double cj)
    {
        var p = new NeedleParameters { D = d, Gamma = gamma, S0 = 0.25, M = m, N2 = n2, CJ = cj, Delta = 0.05 };
        var beam = new NeedleBeam(p);
        double r0 = beam.ContinuumFocusRate;
        double worst = 0;
        foreach (var r in new[] { 0.0, 0.5, 1.2, 1.7, 2.5 })
        {
            var x = new double[d];
            x[0] = r / m * 0.6; x[1] = r / m * 0.8;
            double a = beam.Rate(0, x), b = beam.ContinuumRate(x);
            worst = Math.Max(worst, Math.Abs(a - b) / r0);
        }
        output.WriteLine($"d={d}: J = {p.J}, R0 = {r0}, worst |R − R_c|/R0 = {worst:E2}");
        Assert.True(worst < 1e-3, $"{worst}");
    }

    [Fact]
    public void SpiralPointsMinimumAngle()
    {
        foreach (long j in new long[] { 1000, 10000, 100000 })
        {
            var e = NeedleDirections.Create(3, j);
            double a = NeedleDirections.MinimumAngle(3, e);
            output.WriteLine($"J={j}: min angle {a:E4}, ×√J = {a * Math.Sqrt(j):F4}, disjoint for c_J < {Math.Pow(a * Math.Sqrt(j) / 5, 2):F4}");
        }
    }
}
