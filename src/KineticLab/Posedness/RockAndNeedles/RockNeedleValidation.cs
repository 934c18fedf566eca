using KineticLab.Numerics.Norms;
using KineticLab.Numerics.Validation;

namespace KineticLab.Posedness.RockAndNeedles;

/// <summary>The slow validations of the rock-and-needles lab (run by <c>kineticlab validate posedness</c>).</summary>
public static class RockNeedleValidation
{
    public static IReadOnlyList<ValidationCase> Cases() =>
    [
        new("posedness", "needles-rate-d2",
            "d = 2, γ = −1/2, s0 = 1/4, δ = 0.05, M = 8..256, N2 = 64: focus-rate slope within 0.05 of (d−1)/2 − s = 0.2, per-needle vs continuum rate within 1e-3 of R0 for |t| ≤ 0.02",
            (p, c) => Rate(2, p, c)),
        new("posedness", "needles-rate-d3",
            "d = 3, γ = −1, s0 = 1/2, δ = 0.05, M = 4..64, N2 = 16, spiral directions: focus-rate slope within 0.05 of 0.45, per-needle vs continuum within 1e-3 of R0 for |t| ≤ 0.02",
            (p, c) => Rate(3, p, c)),
        new("posedness", "beam-norm",
            "d = 2 (γ = −1/4, s0 = 0.4) and d = 3 (γ = −1/2, s0 = 3/4): slopes of ‖f_b‖ in M (8..1024) and N2 (16..16384) within 0.05 of Lemma 3.1",
            (p, c) => Beam(p, c)),
        new("posedness", "bilinear-ratio-d2",
            "d = 2, γ = −1/2 and 0, s0 = 0..1: exponent of M in Γ(M) within 0.05 of 1/2 − s0, of N2 within 0.05 of 1/2 − max(s0, −γ); sign change within 0.1 of (d−1)/2 = 1/2",
            (p, c) => Bilinear(2, p, c)),
        new("posedness", "bilinear-ratio-d3",
            "d = 3, γ = −1, −1/2 and the mixed kernel, s0 = 0..1.4: exponent of M within 0.05 of 1 − s0, of N2 within 0.05 of 1 − max(s0, −γ); sign change within 0.1 of (d−1)/2 = 1",
            (p, c) => Bilinear(3, p, c)),
        new("posedness", "deflation-d2",
            "d = 2, γ = −1/2, s0 = 1/4, paper's parameters, M = 20..1e5: deflation factor F with |ln F/ln ln ln M − 1| ≤ 0.05 (F ≈ ln ln M), t0/T* in [1, 1.1], ‖f(0) − g(0)‖ ≥ 2‖f(t0) − g(t0)‖ at M = 1e5",
            (p, c) => Deflate(p, c)),
        new("posedness", "norms-box-vs-radial",
            "the FFT-box norm (512², box 20) of the bump agrees with the radial transform to 1e-5 for s = 1/2, 1, 3/2 (inhomogeneous)",
            (_, _) => BoxVsRadial()),
        new("posedness", "toy-nonlinear",
            "d = 2, γ = −1/2, the example's parameters (3 inhomogeneous runs of 1.05e6 unknowns, about 8.5 CPU-minutes): grid loss rate at the focus within 1e-3 of the closed form; the rock at v = 0 within 0.01 of e^{−(1−r)β} at every step; needles alone within 0.1 of free transport (relative L²) up to the focus time",
            (p, c) => Toy(p, c)),
    ];

    private static ValidationOutcome Toy(IProgress<ProgressInfo>? p, CancellationToken c)
    {
        var s = new ToyNonlinearSettings();
        var r = ToyNonlinearCheck.Run(s, p, c);
        double rate = Math.Abs(r.GridLossRate / r.ClosedFormLossRate - 1);
        double beforeFocus = r.Samples.Where(x => x.Time <= s.FocusTime + 1e-12).Max(x => x.BeamDeviation);
        bool ok = rate <= 1e-3 && r.MaxCorrectedError <= 0.01 && beforeFocus <= 0.1;
        return new ValidationOutcome(ok, r.MaxCorrectedError, 0.01,
            $"loss rate grid/closed form − 1 = {rate:E1}; gain return r = {r.GainReturn:F3}; max |D − e^(−(1−r)β)| = {r.MaxCorrectedError:E2} " +
            $"(without the gain return {r.MaxFractionError:E2}); needles vs free transport {beforeFocus:E2} up to the focus, {r.MaxBeamDeviation:E2} at the end");
    }

    private static ValidationOutcome Rate(int d, IProgress<ProgressInfo>? p, CancellationToken c)
    {
        var r = NeedlesRate.Run(new NeedlesRateSpec { Base = NeedlesRate.Defaults(d), Ms = NeedlesRate.DefaultScan(d) }, p, c);
        double dev = Math.Abs(r.FocusSlope.Value - r.PredictedSlope);
        bool ok = dev <= 0.05 && r.MaxDiffAgree <= 1e-3;
        return new ValidationOutcome(ok, dev, 0.05, $"slope {r.FocusSlope.Value:F5} (predicted {r.PredictedSlope:F5}); max |R_needles − R_continuum|/R0 = {r.MaxDiffAgree:E2} (≤ 1e-3), J = {r.FieldJ}");
    }

    private static ValidationOutcome Beam(IProgress<ProgressInfo>? p, CancellationToken c)
    {
        double worst = 0;
        var parts = new List<string>();
        foreach (int d in new[] { 2, 3 })
        {
            var r = BeamNorm.Run(new BeamNormSpec { Base = BeamNorm.Defaults(d), Ms = BeamNorm.DefaultMs, N2s = BeamNorm.DefaultN2s }, p, c);
            worst = Math.Max(worst, Math.Max(Math.Abs(r.MSlope.Value - r.PredictedM), Math.Abs(r.N2Slope.Value - r.PredictedN2)));
            parts.Add($"d = {d}: M-slope {r.MSlope.Value:F4} ({r.PredictedM:F4}), N2-slope {r.N2Slope.Value:F4} ({r.PredictedN2:F4})");
        }
        return ValidationOutcome.AtMost(worst, 0.05, string.Join("; ", parts));
    }

    private static ValidationOutcome Bilinear(int d, IProgress<ProgressInfo>? p, CancellationToken c)
    {
        var spec = new BilinearRatioSpec
        {
            Base = BilinearRatio.Defaults(d), Kernels = BilinearRatio.DefaultKernels(d), S0s = BilinearRatio.DefaultS0(d),
            Ms = BilinearRatio.DefaultMs, N2s = BilinearRatio.DefaultN2s,
        };
        var r = BilinearRatio.Run(spec, p, c);
        double worstSign = r.Curves.Max(x => double.IsFinite(x.SignChange) ? Math.Abs(x.SignChange - r.Threshold) : double.PositiveInfinity);
        bool ok = r.WorstDeviation <= 0.05 && r.WorstN2Deviation <= 0.05 && worstSign <= 0.1;
        return new ValidationOutcome(ok, worstSign, 0.1,
            $"sign changes {string.Join(", ", r.Curves.Select(x => $"{BilinearRatioSpec.KernelName(x.Kernel)}: {x.SignChange:F4}"))} (threshold {r.Threshold}); " +
            $"worst M-exponent deviation {r.WorstDeviation:F4}, N2-exponent {r.WorstN2Deviation:F4} (≤ 0.05)");
    }

    private static ValidationOutcome Deflate(IProgress<ProgressInfo>? p, CancellationToken c)
    {
        var r = Deflation.Run(new DeflationSpec { Base = Deflation.Defaults(2), Ms = Deflation.DefaultMs, CurvePoints = 5 }, p, c);
        double worst = r.Rows.Max(x => Math.Abs(Math.Log(x.Factor) / x.LambdaStar - 1));
        var last = r.Rows[^1];
        bool t0ok = r.Rows.All(x => x.T0 / x.TStar >= 1 && x.T0 / x.TStar <= 1.1);
        bool sep = last.DistanceAt0 >= 2 * last.DistanceAtT0;
        return new ValidationOutcome(worst <= 0.05 && t0ok && sep, worst, 0.05,
            $"factor {r.Rows[0].Factor:F4}..{last.Factor:F4} vs ln ln M {r.Rows[0].LogLogM:F4}..{last.LogLogM:F4}; t0/T* in [{r.Rows.Min(x => x.T0 / x.TStar):F4}, {r.Rows.Max(x => x.T0 / x.TStar):F4}]; " +
            $"at M = 1e5: ‖f(t0)−g(t0)‖ = {last.DistanceAtT0:F4}, ‖f(0)−g(0)‖ = {last.DistanceAt0:F4}");
    }

    private static ValidationOutcome BoxVsRadial()
    {
        var f = BoxSobolev.Sample(2, 512, 20, x => Bump.Chi(Math.Sqrt(x[0] * x[0] + x[1] * x[1])));
        var rad = NeedleNorms.ChiHat(2);
        double worst = 0;
        foreach (var s in new[] { 0.5, 1.0, 1.5 })
            worst = Math.Max(worst, Math.Abs(BoxSobolev.SobolevSquared(2, 512, 20, f, s, 1) / rad.SobolevSquared(s, 1) - 1));
        return ValidationOutcome.AtMost(worst, 1e-5, $"max relative difference {worst:E2}");
    }
}
