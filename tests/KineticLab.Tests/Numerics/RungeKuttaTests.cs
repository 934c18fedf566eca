using KineticLab.Numerics.TimeStepping;
using Xunit;

namespace KineticLab.Tests.Numerics;

public class RungeKuttaTests
{
    /// <summary>y' = A y with the columns of A summing to zero: Σ y is a linear invariant.</summary>
    private sealed class Linear : IOdeSystem
    {
        public int Dimension => 3;
        public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> d)
        {
            d[0] = -2 * y[0] + 0.5 * y[1] + 0.1 * y[2];
            d[1] = 1.5 * y[0] - 1.0 * y[1] + 0.4 * y[2];
            d[2] = 0.5 * y[0] + 0.5 * y[1] - 0.5 * y[2];
        }
    }

    /// <summary>Logistic equation y' = y(1 − y), exact y = 1/(1 + (1/y0 − 1)e^{−t}).</summary>
    private sealed class Logistic : IOdeSystem
    {
        public int Dimension => 1;
        public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> d) => d[0] = y[0] * (1 - y[0]);
    }

    [Theory]
    [InlineData("dopri5")]
    [InlineData("bs23")]
    public void ErrorDecreasesWithTolerance(string method)
    {
        double exact = 1 / (1 + (1 / 0.1 - 1) * Math.Exp(-5));
        double previous = double.PositiveInfinity;
        foreach (var tol in new[] { 1e-4, 1e-6, 1e-8 })
        {
            var rk = new AdaptiveRungeKutta(ButcherTableau.ByName(method), new Logistic(), new StepControl(tol, tol));
            var s = new IntegratorState { Y = [0.1] };
            rk.Integrate(s, 5);
            Assert.Equal(5.0, s.Time);
            double err = Math.Abs(s.Y[0] - exact);
            Assert.True(err < 100 * tol, $"{method} tol={tol}: error {err}");
            Assert.True(err < previous, $"{method}: error did not decrease at tol={tol}");
            previous = err;
        }
    }

    [Fact]
    public void LinearInvariantIsPreservedToRoundOff()
    {
        var rk = new AdaptiveRungeKutta(ButcherTableau.DormandPrince54, new Linear(), new StepControl(1e-3, 1e-6));
        var s = new IntegratorState { Y = [1, 2, 3] };
        rk.Integrate(s, 10);
        Assert.True(Math.Abs(s.Y.Sum() - 6) < 1e-13, $"sum drifted to {s.Y.Sum():R}");
    }

    [Fact]
    public void ResumingFromASavedStateIsBitwiseIdentical()
    {
        var sys = new Logistic();
        var ctl = new StepControl(1e-7, 1e-9);
        var a = new IntegratorState { Y = [0.01] };
        var rkA = new AdaptiveRungeKutta(ButcherTableau.DormandPrince54, sys, ctl);
        IntegratorState? saved = null;
        rkA.StepAccepted += st => { if (st.Accepted == 7) saved = st.Clone(); };
        rkA.Integrate(a, 8);
        Assert.NotNull(saved);

        var b = saved!;
        var rkB = new AdaptiveRungeKutta(ButcherTableau.DormandPrince54, sys, ctl);
        rkB.Integrate(b, 8);
        Assert.Equal(BitConverter.DoubleToInt64Bits(a.Y[0]), BitConverter.DoubleToInt64Bits(b.Y[0]));
        Assert.Equal(a.Accepted, b.Accepted);
    }

    [Fact]
    public void BlowUpIsReportedAsNumericalFailure()
    {
        // y' = y², y(0) = 1 blows up at t = 1.
        var sys = new Quadratic();
        var rk = new AdaptiveRungeKutta(ButcherTableau.DormandPrince54, sys, new StepControl(1e-8, 1e-8));
        var s = new IntegratorState { Y = [1] };
        var e = Assert.Throws<NumericalFailureException>(() => rk.Integrate(s, 2));
        Assert.True(s.Time < 1.001 && s.Time > 0.9, $"last good time {s.Time}");
        Assert.True(double.IsFinite(s.Y[0]), "the state kept is the last good one");
        Assert.Contains("t = ", e.Message);
    }

    private sealed class Quadratic : IOdeSystem
    {
        public int Dimension => 1;
        public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> d) => d[0] = y[0] * y[0];
    }

    [Fact]
    public void InvalidTolerancesAreRejected()
    {
        Assert.Throws<InvalidInputException>(() => new AdaptiveRungeKutta(ButcherTableau.DormandPrince54, new Logistic(), new StepControl(0, 1e-9)));
        Assert.Throws<InvalidInputException>(() => new AdaptiveRungeKutta(ButcherTableau.DormandPrince54, new Logistic(), new StepControl(1e-6, double.NaN)));
    }
}
