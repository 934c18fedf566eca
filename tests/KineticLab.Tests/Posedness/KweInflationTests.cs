using KineticLab.Posedness;
using KineticLab.Posedness.KweInflation;
using KineticLab.WaveKinetic.Isotropic;
using Xunit;

namespace KineticLab.Tests.Posedness;

/// <summary>Doubling times of the weighted norm for truncated data (reduced sizes of `validate` case kwe/inflation-*).</summary>
public class KweInflationTests
{
    private static KweInflationResult Run(double beta, KweIntegrator integrator = KweIntegrator.Lawson5) => KweInflation.Run(new KweInflationSpec
    {
        Beta = beta, Equation = CollisionPart.Gain, Datum = new KweDatum(KweDatumKind.Smooth, 12), OmegaMax = [30, 240],
        PointsPerOctave = 2, FitMin = 25, FitMax = 300, Integrator = integrator,
    });

    [Fact]
    public void AboveTheThresholdTheDoublingTimeShrinksLikeOmegaMaxToTheMinus2BetaMinusHalf()
    {
        var r = Run(0.75);
        Assert.All(r.Rows, x => Assert.True(x.DoublingTime > 0, x.Stop));
        // measured −0.979 on these small grids (−0.997 on [1e2, 1e3] with 4 points per octave)
        Assert.True(Math.Abs(r.Exponent - r.PredictedExponent) < 0.05, $"exponent {r.Exponent:F4}, predicted {r.PredictedExponent}");
    }

    [Fact]
    public void BelowTheThresholdTheDoublingTimeDoesNotDependOnTheTruncation()
    {
        var r = Run(0.1);
        Assert.True(Math.Abs(r.Exponent) < 0.05, $"exponent {r.Exponent:F4}");
        Assert.True(r.Rows.All(x => x.DoublingNode < 10), "the norm doubles in the interior, not at the truncation");
    }

    [Fact]
    public void LawsonAndDopri5GiveTheSameDoublingTime()
    {
        var a = Run(0.75);
        var b = Run(0.75, KweIntegrator.Dopri5);
        for (int i = 0; i < a.Rows.Count; i++)
            Assert.True(Math.Abs(a.Rows[i].DoublingTime / b.Rows[i].DoublingTime - 1) < 1e-4,
                $"ω_max = {a.Rows[i].OmegaMax}: {a.Rows[i].DoublingTime:R} vs {b.Rows[i].DoublingTime:R}");
        Assert.True(a.Rows.Sum(x => x.Evaluations) < b.Rows.Sum(x => x.Evaluations));
    }
}
