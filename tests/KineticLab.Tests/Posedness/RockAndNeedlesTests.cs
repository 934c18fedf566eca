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
