namespace KineticLab.Posedness.RockAndNeedles;

/// <summary>
/// Experiment "needles-rate": the damping-rate field R(t,x,0) of the beam on the rock by per-needle quadrature against the
/// continuum formula R₀Ψ_d(M|x|) (at field_M), β(t,x,0) both ways, and the focus rate R₀ = R(0,0,0) over a scan of M with
/// its fitted slope against (d−1)/2 − s (a fixed δ = s − s₀ makes the slope constant); also the largest first and second
/// radial derivatives of the per-needle rate on M|x| ∈ [1.1, 2.3] against M, whose slopes (3.15) bounds by k + (d−1)/2 − s.
/// </summary>
public sealed record NeedlesRateSpec
{
    /// <summary>Base parameters; M is the field's M.</summary>
    public required NeedleParameters Base { get; init; }
    public required double[] Ms { get; init; }
    public double[] Times { get; init; } = [0, -0.005, -0.02, -0.1];
    public int RadialPoints { get; init; } = 25;
    /// <summary>The per-needle and continuum fields must agree to 1e−3 (relative to R₀) for |t| ≤ agree_time.</summary>
    public double AgreeTime { get; init; } = 0.02;

    public IReadOnlyList<string> Validate()
    {
        if (Base.Delta is null) throw new InvalidInputException("delta", "null", "needles-rate needs a fixed s − s0 = delta (the slope in M is then constant)");
        RockNeedleSpecs.CheckList("M_scan", Ms, 2, 40);
        RockNeedleSpecs.CheckList("times", Times, 1, 20);
        foreach (var t in Times)
            if (!double.IsFinite(t) || t > 0 || t < -0.25) throw new InvalidInputException("times", Require.Fmt(t), "every time must be in [−0.25, 0] (Lemma 3.2's range)");
        Require.IntInRange("radial_points", RadialPoints, 2, 400);
        Require.InRange("agree_time", AgreeTime, 0, 0.25);
        var w = RockNeedleSpecs.ValidateAt(Base, [Base.M]);
        w.AddRange(RockNeedleSpecs.ValidateAt(Base, Ms, mField: "M_scan").Where(x => !w.Contains(x)));
        double jmax = Ms.Append(Base.M).Max(m => (Base with { M = m }).JReal);
        if (jmax > 5e6) throw new InvalidInputException("M_scan", Require.Fmt(Ms.Append(Base.M).Max()), $"J = c_J (M N2)^(d−1) reaches {jmax:G3} needles; at most 5e6");
        return w;
    }
}

public sealed record RateFieldRow(double T, double RadiusM, double PerNeedle, double Continuum);
public sealed record BetaRow(double T, double RadiusM, double PerNeedle, double Continuum);
public sealed record FocusRow(double M, long J, double PerNeedle, double Continuum, double Lambda, double MaxGradient, double MaxHessian);

public sealed record NeedlesRateResult(
    NeedlesRateSpec Spec,
    long FieldJ,
    double FieldR0,
    double MinimumAngle,
    double DisjointAngle,
    IReadOnlyList<RateFieldRow> Field,
    IReadOnlyList<BetaRow> Betas,
    IReadOnlyList<FocusRow> Focus,
    Slope FocusSlope,
    double PredictedSlope,
    Slope GradientSlope,
    Slope HessianSlope,
    double MaxDiffAgree,
    double[] MaxDiffByTime,
    double ContinuumConstant,
    IReadOnlyList<string> Warnings,
    double ElapsedSeconds);

public static class NeedlesRate
{
    /// <summary>A fixed generic unit direction for the field points.</summary>
    public static double[] Direction(int d) => d == 2 ? [0.6, 0.8] : [0.48, 0.6, 0.64];

    public static NeedlesRateResult Run(NeedlesRateSpec spec, IProgress<ProgressInfo>? progress = null, CancellationToken cancel = default)
    {
        var warnings = spec.Validate().ToList();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var p = spec.Base;
        int d = p.D;
        var beam = new NeedleBeam(p);
        double r0 = beam.ContinuumFocusRate;
        double minAngle = NeedleDirections.MinimumAngle(d, beam.Directions);
        double disjoint = NeedleDirections.DisjointAngle(p.M, p.N2);
        if (minAngle <= disjoint) warnings.Add($"the {beam.J} velocity needles are not disjoint (minimum angle {minAngle:G4} ≤ {disjoint:G4})");
        var dir = Direction(d);
        int nr = spec.RadialPoints;
        int total = spec.Times.Length * nr + 2 * 4 + spec.Ms.Length;
        int done = 0;
        var field = new List<RateFieldRow>();
        foreach (var t in spec.Times)
            for (int i = 0; i < nr; i++)
            {
                cancel.ThrowIfCancellationRequested();
                double rm = 3.0 * i / (nr - 1);
                var x = dir.Select(c => c * rm / p.M).ToArray();
                field.Add(new RateFieldRow(t, rm, beam.Rate(t, x), beam.ContinuumRate(x)));
                progress?.Report(new ProgressInfo("rate field", ++done, total, $"t = {t}, M|x| = {rm:F2}"));
            }
        var betas = new List<BetaRow>();
        double tb = spec.Times.Min() < 0 ? spec.Times.Where(t => t < 0).Max() : -0.01;
        foreach (var tt in new[] { tb, spec.Times.Min() < 0 ? spec.Times.Min() : -0.02 }.Distinct())
            foreach (var rm in new[] { 0.0, 0.8, 1.5, 2.2 })
            {
                cancel.ThrowIfCancellationRequested();
                var x = dir.Select(c => c * rm / p.M).ToArray();
                betas.Add(new BetaRow(tt, rm, beam.Beta(tt, x), beam.ContinuumBeta(tt, x)));
                progress?.Report(new ProgressInfo("β", ++done, total, $"t = {tt}, M|x| = {rm:F2}"));
            }
        var focus = new List<FocusRow>();
        foreach (var m in spec.Ms)
        {
            cancel.ThrowIfCancellationRequested();
            var pm = p with { M = m };
            var bm = new NeedleBeam(pm);
            // (3.15): |∇_x^k R| ≲ M^{k+(d−1)/2−s}; radial derivatives along the ray by central differences (step 0.01/M)
            double g1 = 0, g2 = 0, hh = 0.01;
            foreach (var rho in new[] { 1.1, 1.3, 1.5, 1.7, 1.9, 2.1, 2.3 })
            {
                double Rate(double q) => bm.Rate(0, dir.Select(c => c * q / m).ToArray());
                double rp = Rate(rho + hh), r0v = Rate(rho), rmv = Rate(rho - hh);
                g1 = Math.Max(g1, Math.Abs(rp - rmv) / (2 * hh / m));
                g2 = Math.Max(g2, Math.Abs(rp - 2 * r0v + rmv) / (hh * hh / (m * m)));
            }
            focus.Add(new FocusRow(m, bm.J, bm.Rate(0, new double[d]), bm.ContinuumFocusRate, pm.Lambda, g1, g2));
            progress?.Report(new ProgressInfo("focus rate", ++done, total, $"M = {m}, J = {bm.J}"));
        }
        var slope = Slope.Fit(focus.Select(f => f.M).ToList(), focus.Select(f => f.PerNeedle).ToList());
        var gslope = Slope.Fit(focus.Select(f => f.M).ToList(), focus.Select(f => f.MaxGradient).ToList());
        var hslope = Slope.Fit(focus.Select(f => f.M).ToList(), focus.Select(f => f.MaxHessian).ToList());
        double predicted = (d - 1) / 2.0 - p.S;
        var byTime = spec.Times.Select(t => field.Where(r => r.T == t).Max(r => Math.Abs(r.PerNeedle - r.Continuum)) / r0).ToArray();
        double agree = 0;
        for (int k = 0; k < spec.Times.Length; k++) if (Math.Abs(spec.Times[k]) <= spec.AgreeTime) agree = Math.Max(agree, byTime[k]);
        foreach (var f in focus) agree = Math.Max(agree, Math.Abs(f.PerNeedle - f.Continuum) / f.Continuum);
        double constant = p.B1 * p.CJ * Bump.L1(d - 1) * Bump.SpeedMoment(p.Phi.Eval, p.N2) * p.Phi.Eval(p.N2) / Math.Pow(p.N2, p.EffectiveGamma);
        return new NeedlesRateResult(spec, beam.J, r0, minAngle, disjoint, field, betas, focus, slope, predicted, gslope, hslope, agree, byTime, constant,
            warnings, sw.Elapsed.TotalSeconds);
    }

    public static NeedleParameters Defaults(int d) => d == 2
        ? new NeedleParameters { D = 2, Gamma = -0.5, S0 = 0.25, M = 16, N2 = 64, CJ = 1, Delta = 0.05 }
        : new NeedleParameters { D = 3, Gamma = -1, S0 = 0.5, M = 8, N2 = 16, CJ = 0.35, Delta = 0.05 };

    public static double[] DefaultScan(int d) => d == 2 ? [8, 16, 32, 64, 128, 256] : [4, 8, 16, 32, 64];
}
