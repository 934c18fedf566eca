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

    // The golden-angle spiral near a pole is the planar Vogel spiral ρ_j = √((4j+2)/J), φ_j = jπ(3 − √5) (the polar angle
    // of z_j = 1 − (2j+1)/J is √((4j+2)/J) to O(J^{−3/2})); its closest pair is (0, 3), at distance
    // κ∞ = √(2 + 14 − 2√28 cos 3φ₁) = √(16 − 4√7 cos(3π(3 − √5))) = 3.0920686/√J (the next pair, (2, 7), is at 3.28/√J).
    // Measured (scratch brute force, all pairs): √J·(minimum angle) decreases monotonically from 3.540 (J = 2) through
    // 3.1028 (J = 100), 3.09312 (1e3), 3.092174 (1e4), 3.092079 (1e5) to 3.092070 (1e6), always attained by the pair
    // (0, 3) (and its mirror (J−1, J−4)), so 3.092/√J is a lower bound for every J and is sharp.
    private static double Angle(ReadOnlySpan<double> e, long i, long k)
    {
        double dx = e[(int)(3 * i)] - e[(int)(3 * k)], dy = e[(int)(3 * i + 1)] - e[(int)(3 * k + 1)], dz = e[(int)(3 * i + 2)] - e[(int)(3 * k + 2)];
        return 2 * Math.Asin(Math.Min(1, 0.5 * Math.Sqrt(dx * dx + dy * dy + dz * dz)));   // chord → angle, accurate for small angles
    }

    [Fact]
    public void SpiralPointsMinimumAngle()
    {
        double golden = Math.PI * (3 - Math.Sqrt(5));
        double kappa = Math.Sqrt(16 - 4 * Math.Sqrt(7) * Math.Cos(3 * golden));
        Assert.True(Math.Abs(kappa - 3.0920686) < 1e-7, $"{kappa:R}");
        // The directions are the documented points.
        var e7 = NeedleDirections.Create(3, 7);
        for (int i = 0; i < 7; i++)
        {
            double z = 1 - (2.0 * i + 1) / 7, r = Math.Sqrt(1 - z * z);
            Assert.Equal(r * Math.Cos(golden * i), e7[3 * i], 14);
            Assert.Equal(r * Math.Sin(golden * i), e7[3 * i + 1], 14);
            Assert.Equal(z, e7[3 * i + 2], 14);
        }
        // Every J ≤ 300 (and J = 1000, 2000), by brute force over all pairs: the bound holds, and MinimumAngle finds the minimum
        // (to 1e-9: it takes acos of the dot product, which loses ~ε/angle).
        double worst = double.PositiveInfinity;
        foreach (long j in Enumerable.Range(2, 299).Select(x => (long)x).Concat([1000, 2000]))
        {
            var e = NeedleDirections.Create(3, j);
            double brute = Math.PI;
            for (long i = 0; i < j; i++)
                for (long k = i + 1; k < j; k++)
                    brute = Math.Min(brute, Angle(e, i, k));
            Assert.True(Math.Abs(NeedleDirections.MinimumAngle(3, e) - brute) <= 1e-9 * brute, $"J={j}: MinimumAngle {NeedleDirections.MinimumAngle(3, e):R} vs brute force {brute:R}");
            Assert.True(brute * Math.Sqrt(j) >= 3.092, $"J={j}: √J·min angle = {brute * Math.Sqrt(j):R}");
            worst = Math.Min(worst, brute * Math.Sqrt(j));
        }
        output.WriteLine($"J ∈ [2, 300] ∪ {{1000, 2000}}: min √J·angle = {worst:F6}");
        // Large J (z-sorted search): the minimum is the pair (0, 3), √J·angle ≥ 3.092 and within 5e-4 of κ∞ (sharp).
        foreach (long j in new long[] { 10000, 100000 })
        {
            var e = NeedleDirections.Create(3, j);
            double a = NeedleDirections.MinimumAngle(3, e);
            output.WriteLine($"J={j}: min angle {a:E6}, ×√J = {a * Math.Sqrt(j):F6}, disjoint for c_J < {Math.Pow(a * Math.Sqrt(j) / 5, 2):F4}");
            Assert.True(Math.Abs(a - Angle(e, 0, 3)) <= 1e-9 * a, $"J={j}: {a:R} vs the (0, 3) angle {Angle(e, 0, 3):R}");
            Assert.True(a * Math.Sqrt(j) >= 3.092 && a * Math.Sqrt(j) - kappa < 5e-4, $"J={j}: √J·min angle = {a * Math.Sqrt(j):R}, κ∞ = {kappa:R}");
        }
    }
}
