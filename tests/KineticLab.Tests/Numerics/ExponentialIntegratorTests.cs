using KineticLab.Numerics.TimeStepping;
using Xunit;

namespace KineticLab.Tests.Numerics;

/// <summary>The exponential integrators (ETD3(2), Lawson–Dormand–Prince) against exact solutions.</summary>
public class ExponentialIntegratorTests
{
    private sealed class Fn(Action<double, double[], double[]> f, int n) : IOdeSystem
    {
        public int Dimension => n;
        public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
        {
            var yy = y.ToArray();
            var d = new double[n];
            f(t, yy, d);
            d.CopyTo(dydt);
        }
    }

    private static readonly Fn Riccati = new((t, y, d) => d[0] = -y[0] * y[0], 1);                       // y = 1/(1 + t)
    private static readonly Fn Prothero = new((t, y, d) => d[0] = -1e4 * (y[0] - Math.Sin(t)) + Math.Cos(t), 1);   // y = sin t
    private static readonly Fn Growth = new((t, y, d) => d[0] = (500 + Math.Sin(t)) * y[0], 1);        // y = e^{500t + 1 − cos t}
    private static readonly Fn StiffPair = new((t, y, d) => { d[0] = -1000 * y[0] + y[1] * y[1]; d[1] = -y[1]; }, 2);

    private static double StiffPairExact(double t) => (1 - 1.0 / 998) * Math.Exp(-1000 * t) + Math.Exp(-2 * t) / 998;

    private static double[] EtdErrors(IOdeSystem sys, EtdLinearPart mode, double y0, double tEnd, Func<double, double> exact, int[] steps)
    {
        var errs = new double[steps.Length];
        for (int k = 0; k < steps.Length; k++)
        {
            var etd = new EtdRungeKutta(sys, new StepControl(), mode);
            var s = new IntegratorState { Y = [y0] };
            double h = tEnd / steps[k];
            for (int i = 0; i < steps[k]; i++) etd.StepFixed(s, h);
            errs[k] = Math.Abs(s.Y[0] - exact(tEnd)) / Math.Abs(exact(tEnd));
        }
        return errs;
    }

    [Fact]
    public void Etd3HasOrderThreeOnASmoothNonlinearProblem()
    {
        var e = EtdErrors(Riccati, EtdLinearPart.LocalRate, 1, 2, t => 1 / (1 + t), [40, 80, 160]);
        double p1 = Math.Log2(e[0] / e[1]), p2 = Math.Log2(e[1] / e[2]);
        // measured 3.04, 3.02: an order-2 method would give ≤ 2.1
        Assert.InRange(p1, 2.9, 3.2);
        Assert.InRange(p2, 2.9, 3.2);
    }

    [Fact]
    public void Etd3WithTheJacobianDiagonalIsStableOnAStiffProblem()
    {
        // hλ = −1000 at 10 steps: an explicit method diverges; the exponential one has its stiff order 2 and small errors
        var e = EtdErrors(Prothero, EtdLinearPart.JacobianDiagonal, 0, 1, Math.Sin, [10, 20, 40]);
        Assert.True(e[0] < 1e-6, $"10 steps: {e[0]:E2}");
        double p = Math.Log2(e[1] / e[2]);
        Assert.InRange(p, 1.8, 2.5);
    }

    [Fact]
    public void AdaptiveEtdMeetsTheToleranceWithFewerStepsThanDopri5OnStiffDecay()
    {
        var ctl = new StepControl(1e-6, 1e-9);
        var etd = new EtdRungeKutta(StiffPair, ctl, EtdLinearPart.JacobianDiagonal);
        var s = new IntegratorState { Y = [1, 1] };
        etd.Integrate(s, 1);
        var rk = new AdaptiveRungeKutta(ButcherTableau.DormandPrince54, StiffPair, ctl);
        var s2 = new IntegratorState { Y = [1, 1] };
        rk.Integrate(s2, 1);
        double e1 = Math.Abs(s.Y[0] - StiffPairExact(1)) / StiffPairExact(1);
        double e2 = Math.Abs(s.Y[1] - Math.Exp(-1)) / Math.Exp(-1);
        Assert.True(Math.Max(e1, e2) < 1e-5, $"etd error {e1:E2}, {e2:E2}");
        Assert.True(s.Accepted < s2.Accepted, $"etd {s.Accepted} steps, dopri5 {s2.Accepted}");
    }

    [Fact]
    public void LawsonTakesFastExponentialGrowthExactly()
    {
        var ctl = new StepControl(1e-6, 1e-12);
        var lw = new LawsonRungeKutta(ButcherTableau.DormandPrince54, Growth, ctl);
        var s = new IntegratorState { Y = [1] };
        lw.Integrate(s, 0.1);
        var rk = new AdaptiveRungeKutta(ButcherTableau.DormandPrince54, Growth, ctl);
        var s2 = new IntegratorState { Y = [1] };
        rk.Integrate(s2, 0.1);
        double exact = Math.Exp(50 + 1 - Math.Cos(0.1));
        Assert.True(Math.Abs(s.Y[0] / exact - 1) < 1e-5, $"lawson {s.Y[0] / exact - 1:E2}");
        Assert.True(Math.Abs(s2.Y[0] / exact - 1) < 1e-4, $"dopri5 {s2.Y[0] / exact - 1:E2}");
        // measured 2 steps against 258: hλ = 50 over the interval costs the Lawson pair nothing
        Assert.True(s.Accepted <= 5 && s2.Accepted >= 100, $"lawson {s.Accepted} steps, dopri5 {s2.Accepted}");
    }

    [Fact]
    public void LawsonDopri5HasOrderFive()
    {
        var errs = new List<double>();
        foreach (int steps in new[] { 32, 64, 128 })
        {
            var lw = new LawsonRungeKutta(ButcherTableau.DormandPrince54, Riccati, new StepControl());
            var s = new IntegratorState { Y = [1] };
            double h = 2.0 / steps;
            for (int i = 0; i < steps; i++) lw.StepFixed(s, h);
            errs.Add(Math.Abs(s.Y[0] - 1.0 / 3) * 3);
        }
        double p = Math.Log2(errs[1] / errs[2]);
        Assert.InRange(p, 4.7, 5.6);
    }

    [Fact]
    public void PhiFunctionsAreAccurateAcrossTheSeriesSwitch()
    {
        foreach (double z in new[] { -30.0, -0.51, -0.49, -1e-6, 0, 1e-6, 0.49, 0.51, 5 })
        {
            var (p1, p2, p3) = EtdRungeKutta.Phis(z);
            // φ_{k+1}(z) = (φ_k(z) − 1/k!)/z, checked against the integral form φ_k(z) = ∫_0^1 e^{(1−s)z} s^{k−1}/(k−1)! ds
            double i1 = 0, i2 = 0, i3 = 0;
            var gl = KineticLab.Numerics.Quadrature.GaussLegendre.Get(32);
            for (int panel = 0; panel < 16; panel++)
                for (int q = 0; q < gl.N; q++)
                {
                    double s = (panel + 0.5 + 0.5 * gl.Nodes[q]) / 16, e = Math.Exp((1 - s) * z) * gl.Weights[q] / 32;
                    i1 += e; i2 += e * s; i3 += e * s * s / 2;
                }
            Assert.True(Math.Abs(p1 - i1) < 1e-13 * Math.Abs(i1), $"φ1({z})");
            Assert.True(Math.Abs(p2 - i2) < 1e-13 * Math.Abs(i2), $"φ2({z})");
            Assert.True(Math.Abs(p3 - i3) < 1e-12 * Math.Abs(i3), $"φ3({z})");
        }
    }
}
