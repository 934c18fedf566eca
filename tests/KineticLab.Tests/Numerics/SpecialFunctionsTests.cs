using KineticLab.Numerics;
using Xunit;

namespace KineticLab.Tests.Numerics;

public class SpecialFunctionsTests
{
    // Taylor series with enough terms to be exact in double for |x| ≤ 1e-3.
    private static double Log1pSeries(double x)
    {
        double s = 0, t = x;
        for (int k = 1; k < 30; k++) { s += t / k; t *= -x; }
        return s;
    }

    private static double Expm1Series(double x)
    {
        double s = 0, t = x;
        for (int k = 1; k < 30; k++) { s += t; t *= x / (k + 1); }
        return s;
    }

    [Theory]
    [InlineData(1e-18)]
    [InlineData(-3e-12)]
    [InlineData(7.5e-8)]
    [InlineData(-4.2e-4)]
    [InlineData(9.9e-4)]
    public void AccurateForSmallArguments(double x)
    {
        Assert.True(Math.Abs(SpecialFunctions.Log1p(x) / Log1pSeries(x) - 1) < 4e-16);
        Assert.True(Math.Abs(SpecialFunctions.Expm1(x) / Expm1Series(x) - 1) < 4e-16);
        // the naive formulas are far worse at these arguments (so the checks above can fail)
        if (Math.Abs(x) < 1e-10) Assert.True(Math.Abs((Math.Exp(x) - 1) / Expm1Series(x) - 1) > 1e-8);
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(-0.9)]
    [InlineData(3.0)]
    [InlineData(1e6)]
    public void AgreesWithLibraryForLargerArguments(double x)
    {
        Assert.Equal(Math.Log(1 + x), SpecialFunctions.Log1p(x), 14);
        if (x < 700) Assert.True(Math.Abs(SpecialFunctions.Expm1(x) / (Math.Exp(x) - 1) - 1) < 1e-15);
    }

    [Fact]
    public void EdgeCases()
    {
        Assert.Equal(double.NegativeInfinity, SpecialFunctions.Log1p(-1));
        Assert.True(double.IsNaN(SpecialFunctions.Log1p(-2)));
        Assert.Equal(-1.0, SpecialFunctions.Expm1(-800));
        Assert.Equal(double.PositiveInfinity, SpecialFunctions.Expm1(800));
        Assert.Equal(0.0, SpecialFunctions.Expm1(0));
    }
}
