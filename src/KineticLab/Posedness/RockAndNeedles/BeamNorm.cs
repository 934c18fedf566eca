namespace KineticLab.Posedness.RockAndNeedles;

/// <summary>
/// Experiment "beam-norm": ‖f_b‖ in L^{2,r₀}_v H^{s₀}_x against M (N₂ fixed) and against N₂ (M fixed), with the fitted
/// log–log slopes against Lemma 3.1: ‖f_b‖ ∝ M^{s₀−s} N₂^{max(s₀,−γ)−(d−1)/2}.
/// </summary>
public sealed record BeamNormSpec
{
    /// <summary>Base parameters: its M is used for the N₂ scan, its N₂ for the M scan.</summary>
    public required NeedleParameters Base { get; init; }
    public required double[] Ms { get; init; }
    public required double[] N2s { get; init; }

    public IReadOnlyList<string> Validate()
    {
        if (Base.Delta is null) throw new InvalidInputException("delta", "null", "beam-norm needs a fixed s − s0 = delta (the slope in M is then constant)");
        RockNeedleSpecs.CheckList("M_scan", Ms, 2, 60);
        RockNeedleSpecs.CheckList("N2_scan", N2s, 2, 60);
        var w = RockNeedleSpecs.ValidateAt(Base, Ms, mField: "M_scan");
        w.AddRange(RockNeedleSpecs.ValidateAt(Base, [Base.M], N2s, n2Field: "N2_scan").Where(x => !w.Contains(x)));
        return w;
    }
}

public sealed record BeamNormRow(string Scan, double M, double N2, double LogNorm, double LogSpaceNeedle, double LogVelocityNeedle, double LogAmplitude, double LogJ);

public sealed record BeamNormResult(BeamNormSpec Spec, IReadOnlyList<BeamNormRow> Rows, Slope MSlope, Slope N2Slope,
    double PredictedM, double PredictedN2, IReadOnlyList<string> Warnings, double ElapsedSeconds);

public static class BeamNorm
{
    public static BeamNormResult Run(BeamNormSpec spec, IProgress<ProgressInfo>? progress = null, CancellationToken cancel = default)
    {
        var warnings = spec.Validate().ToList();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var rows = new List<BeamNormRow>();
        int total = spec.Ms.Length + spec.N2s.Length, done = 0;
        foreach (var (scan, m, n2) in spec.Ms.Select(m => ("M", m, spec.Base.N2)).Concat(spec.N2s.Select(n => ("N2", spec.Base.M, n))))
        {
            cancel.ThrowIfCancellationRequested();
            var p = spec.Base with { M = m, N2 = n2 };
            double ls = NeedleNorms.LogSpaceNeedleNormSq(p.D, p.S0, m, n2);
            double lv = NeedleNorms.LogVelocityNeedleNormSq(p.D, p.R0Weight, m, n2);
            double la = p.LogBeamAmplitude, lj = Math.Log(p.JReal);
            rows.Add(new BeamNormRow(scan, m, n2, la + 0.5 * lj + 0.5 * (ls + lv), ls, lv, la, lj));
            progress?.Report(new ProgressInfo("beam norms", ++done, total, $"M = {m}, N2 = {n2}"));
        }
        var mr = rows.Where(r => r.Scan == "M").ToList();
        var nr = rows.Where(r => r.Scan == "N2").ToList();
        var ms = Slope.FitLog(mr.Select(r => Math.Log(r.M)).ToList(), mr.Select(r => r.LogNorm).ToList());
        var ns = Slope.FitLog(nr.Select(r => Math.Log(r.N2)).ToList(), nr.Select(r => r.LogNorm).ToList());
        var b = spec.Base;
        return new BeamNormResult(spec, rows, ms, ns, b.S0 - b.S, Math.Max(b.S0, -b.EffectiveGamma) - (b.D - 1) / 2.0,
            warnings, sw.Elapsed.TotalSeconds);
    }

    public static NeedleParameters Defaults(int d) => d == 2
        ? new NeedleParameters { D = 2, Gamma = -0.25, S0 = 0.4, M = 16, N2 = 256, CJ = 1, Delta = 0.05 }
        : new NeedleParameters { D = 3, Gamma = -0.5, S0 = 0.75, M = 16, N2 = 256, CJ = 0.35, Delta = 0.05 };

    public static readonly double[] DefaultMs = [8, 16, 32, 64, 128, 256, 512, 1024];
    public static readonly double[] DefaultN2s = [16, 64, 256, 1024, 4096, 16384];
}
