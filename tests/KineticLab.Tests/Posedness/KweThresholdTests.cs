using KineticLab.Posedness;
using KineticLab.WaveKinetic.Isotropic;
using Xunit;

namespace KineticLab.Tests.Posedness;

public class KweThresholdTests(Xunit.Abstractions.ITestOutputHelper output)
{
    // Acceptance: the gain-only operator on ⟨ω⟩^(-M/2), M = 12, has growth exponent 2β − 1/2 (Theorem 4.2) for β in [0, 1],
    // threshold 1/4 and line slope 2. Measured: max |p − (2β − 1/2)| = 1.1e-4, β* = 0.249966, slope 2.000049; asserted
    // within 1e-3 each (was 0.02, two hundred times the measured error). (The full 21-β scan is the validation case kwe-threshold-gain.)
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
            Assert.True(Math.Abs(row.Exponent - (2 * row.Beta - 0.5)) < 1e-3, $"β={row.Beta}: p = {row.Exponent}");
        }
        output.WriteLine($"max |p − (2β − 1/2)| = {r.Rows.Max(x => Math.Abs(x.Exponent - (2 * x.Beta - 0.5))):E2}, β* = {r.Threshold:R}, slope {r.LineSlope:R}");
        Assert.Equal("interpolated", r.ThresholdMethod);
        Assert.True(Math.Abs(r.Threshold - 0.25) < 1e-3, $"β* = {r.Threshold}");
        Assert.True(Math.Abs(r.LineSlope - 2) < 1e-3, $"slope {r.LineSlope}");
        // The second Picard iterate. With n⁰ = ⟨ω⟩^{−M/2} the weighted iterate is ⟨ω⟩^{M/2}(n⁰ + tG) = 1 + tW, W = ⟨ω⟩^{M/2}G ≥ 0,
        // W ≈ cω^{2β−1/2}. Above the threshold W increases, the running sup P(ω_max) is 1 + tW(ω_max), and
        // (P(10⁴) − 1)/(P(10²) − 1) = 100^{2β−1/2}: the two-decade Picard exponent q must be 2β − 1/2. Measured:
        // q − (2β − 1/2) = −1.7e-4, −1.9e-4, −2.2e-4, −2.6e-4 for β = 0.3, 0.5, 0.75, 1 (the finite-ω correction
        // c/ω of the fit); asserted within 1e-3 (the old check, P(10⁴) > 100 P(10), passed for any q above 0.67).
        // Below it W decreases, so the sup must not grow at all past ω = 10²: P(10⁴) = P(10²) exactly.
        int i100 = Array.FindIndex(r.Rows[0].Omega, w => Math.Abs(w / 100 - 1) < 1e-9);
        Assert.True(i100 > 0);
        foreach (var row in r.Rows)
        {
            var pn = row.PicardSupNorm;
            if (row.Beta > 0.25)
            {
                double q = Math.Log((pn[^1] - 1) / (pn[i100] - 1)) / Math.Log(100);
                output.WriteLine($"β = {row.Beta}: Picard exponent over [1e2, 1e4] {q:F5}, 2β − 1/2 = {2 * row.Beta - 0.5}");
                Assert.True(Math.Abs(q - (2 * row.Beta - 0.5)) < 1e-3, $"β={row.Beta}: Picard exponent {q:R}, P = {pn[i100]:R} → {pn[^1]:R}");
            }
            else
                Assert.True(pn[^1] == pn[i100], $"β={row.Beta}: Picard sup norm grew from {pn[i100]:R} (ω = 1e2) to {pn[^1]:R} (ω = 1e4)");
        }
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
