using KineticLab.Posedness;
using KineticLab.WaveKinetic.Isotropic;
using Xunit;

namespace KineticLab.Tests.Posedness;

public class KweThresholdTests
{
    // Acceptance: the gain-only operator on ⟨ω⟩^(-M/2), M = 12, has growth exponent 2β − 1/2 (Theorem 4.2) within 0.02
    // for β in [0, 1], and the threshold within 0.02 of 1/4. (The full 21-β scan is the validation case kwe-threshold-gain.)
    [Fact]
    public void GainOnlyExponentAndThresholdMatchTheorem42()
    {
        var spec = new KweThresholdSpec
        {
            Betas = [0, 0.2, 0.3, 0.5, 0.75, 1.0],
            Datum = new KweDatum(KweDatumKind.Smooth, 12),
            Part = CollisionPart.Gain,
            OmegaMin = 10,
            OmegaMax = 1e4,
            PointsPerDecade = 3,
            FitMin = 1e2,
            FitMax = 1e4,
        };
        var r = KweThreshold.Run(spec);
        foreach (var row in r.Rows)
        {
            Assert.True(row.Converged);
            Assert.True(Math.Abs(row.Exponent - (2 * row.Beta - 0.5)) < 0.02, $"β={row.Beta}: p = {row.Exponent}");
        }
        Assert.Equal("interpolated", r.ThresholdMethod);
        Assert.True(Math.Abs(r.Threshold - 0.25) < 0.02, $"β* = {r.Threshold}");
        Assert.True(Math.Abs(r.LineSlope - 2) < 0.02, $"slope {r.LineSlope}");
        // the Picard norm grows with ω_max above the threshold and decays below it
        var above = r.Rows.Single(x => x.Beta == 1.0).PicardSupNorm;
        Assert.True(above[^1] > 100 * above[0]);
    }

    [Fact]
    public void ExponentFitRecoversAKnownPowerLaw()
    {
        var w = Enumerable.Range(0, 13).Select(i => Math.Pow(10, 1 + i / 4.0)).ToArray();
        var y = w.Select(x => 3 * Math.Pow(x, 0.37) * (1 + 2 / x)).ToArray();
        var (p, se, _, n) = KweThreshold.FitExponent(w, y, 1e2, 1e4, GrowthModel.PowerWithCorrection);
        Assert.Equal(9, n);
        Assert.True(Math.Abs(p - 0.37) < 1e-3, $"{p}");
        var (p0, _, _, _) = KweThreshold.FitExponent(w, y, 1e2, 1e4, GrowthModel.Power);
        Assert.True(Math.Abs(p0 - 0.37) > Math.Abs(p - 0.37), "the correction term should reduce the bias");
    }

    [Fact]
    public void SpecValidationNamesTheField()
    {
        var ok = new KweThresholdSpec { Betas = [0.5], Datum = new KweDatum(KweDatumKind.Smooth, 12) };
        Assert.Empty(ok.Validate());
        var e = Assert.Throws<InvalidInputException>(() => (ok with { Betas = [-0.1] }).Validate());
        Assert.Equal("beta", e.Field);
        e = Assert.Throws<InvalidInputException>(() => (ok with { Datum = new KweDatum(KweDatumKind.Smooth, 0) }).Validate());
        Assert.Equal("M", e.Field);
        e = Assert.Throws<InvalidInputException>(() => (ok with { FitMin = 1e5, FitMax = 1e6 }).Validate());
        Assert.StartsWith("fit", e.Field);
        Assert.Contains((ok with { Datum = new KweDatum(KweDatumKind.Smooth, 5) }).Validate(), w => w.Contains("M > 6"));
    }

    [Fact]
    public void OscillatingDatumIsSampledWhereCosineIsOne()
    {
        var spec = new KweThresholdSpec { Betas = [0.5], Datum = new KweDatum(KweDatumKind.Oscillating, 12, 2, 10), OmegaMin = 1, OmegaMax = 1e3 };
        foreach (var w in spec.OmegaGrid()) Assert.True(Math.Abs(Math.Cos(10 * w) - 1) < 1e-9, $"ω = {w}");
    }
}
