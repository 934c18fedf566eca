using KineticLab.Numerics;
using Xunit;

namespace KineticLab.Tests.Numerics;

public class DoubleDoubleTests
{
    // e, √2 and ln 10 to 34 digits, as double-double pairs (hi = nearest double, lo = the rest)
    private static readonly DoubleDouble E = new(2.718281828459045, 1.4456468917292502e-16);
    private static readonly DoubleDouble Sqrt2 = new(1.4142135623730951, -9.667293313452913e-17);
    private static readonly DoubleDouble Ln10 = new(2.302585092994046, -2.1707562233822494e-16);

    private static double Rel(DoubleDouble a, DoubleDouble b) => Math.Abs((a - b).ToDouble()) / Math.Abs(b.ToDouble());

    [Fact]
    public void ExpLogAndSqrtReachDoubleDoublePrecision()
    {
        // double precision alone would leave 1e-16; the double-double functions must be 1e-14 times better
        Assert.True(Rel(DoubleDouble.Exp(1), E) < 1e-30, $"exp(1): {Rel(DoubleDouble.Exp(1), E):E2}");
        Assert.True(Rel(DoubleDouble.Sqrt(2), Sqrt2) < 1e-31, $"sqrt(2): {Rel(DoubleDouble.Sqrt(2), Sqrt2):E2}");
        Assert.True(Rel(DoubleDouble.Log(10), Ln10) < 1e-30, $"log(10): {Rel(DoubleDouble.Log(10), Ln10):E2}");
        Assert.True(Rel(DoubleDouble.Log(2), DoubleDouble.Ln2) < 1e-31);
        var x = new DoubleDouble(3.7, 1e-17);
        // x^{1/4} goes through exp(ln x / 4); its fourth power by multiplication (both exponents exact in binary)
        var back = DoubleDouble.Pow(DoubleDouble.Pow(x, 0.25), 4);
        Assert.True(Rel(back, x) < 1e-29, $"(x^0.25)^4: {Rel(back, x):E2}");
        Assert.True(Rel(DoubleDouble.Pow(x, -3), DoubleDouble.One / (x * x * x)) < 1e-31);
        Assert.True(Rel(DoubleDouble.Pow(x, 2.5), x * x * DoubleDouble.Sqrt(x)) < 1e-31);
    }

    [Fact]
    public void KeepsWhatDoublePrecisionCancels()
    {
        var one = DoubleDouble.One;
        var d = (one + 1e-20) - one;
        Assert.Equal(1e-20, d.ToDouble(), 1e-36);
        // d = 2^-33 exactly: (1 + d)³ − 1 − 3d = 3d² + d³ = 3·2^-66 + 2^-99, a double (35 significant bits)
        double d0 = Math.ScaleB(1, -33);
        var c = new DoubleDouble(1) + d0;
        var r = c * c * c - one - 3 * d0;
        double exact = 3 * Math.ScaleB(1, -66) + Math.ScaleB(1, -99);
        Assert.Equal(exact, r.ToDouble());
        Assert.NotEqual(3 * Math.ScaleB(1, -66), r.ToDouble());
    }
}
