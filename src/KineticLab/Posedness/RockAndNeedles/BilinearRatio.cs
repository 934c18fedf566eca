using KineticLab.Numerics.Norms;

namespace KineticLab.Posedness.RockAndNeedles;

/// <summary>
/// Experiment "bilinear-ratio": Γ(M) = ‖Q⁻(f_r, f_b)‖ / (‖f_r‖‖f_b‖) in L^{2,r₀}_v H^{s₀}_x at t = 0, N₁ → ∞, for a scan of s₀
/// and M (N₂ fixed), for one or more kernels. Q⁻(f_r, f_b) = f_r·R(0,x,0) with the continuum rate R₀Ψ_d(M|x|), so
/// Γ = R₀ ‖χΨ_d‖_{s₀,M} / (‖χ‖_{s₀,M} ‖f_b‖), where ‖φ‖_{s₀,M} = ‖(M^{−2} − Δ)^{s₀/2}φ‖ is the rescaled inhomogeneous norm.
/// Both amplitudes (beam and rock) cancel: Γ is set by the needle geometry alone. The fitted exponent of M changes sign at
/// the claimed threshold (d−1)/2, not at the scaling index (d−2)/2.
/// </summary>
public sealed record BilinearRatioSpec
{
    public required NeedleParameters Base { get; init; }
    /// <summary>Kernels: γ values, NaN meaning the mixed kernel (1.14).</summary>
    public required double[] Kernels { get; init; }
    public required double[] S0s { get; init; }
    public required double[] Ms { get; init; }
    /// <summary>N₂ values of the second scan (at M = Base.M): the exponent of N₂, (d−1)/2 − max(s₀, −γ), depends on γ.</summary>
    public double[] N2s { get; init; } = [];
    /// <summary>The key that set the kernels (named in errors): "kernels" or "gamma".</summary>
    public string KernelField { get; init; } = "kernels";

    public IReadOnlyList<string> Validate()
    {
        if (N2s.Length == 1) throw new InvalidInputException("N2_scan", Require.Fmt(N2s[0]), "needs at least 2 values (or none)");
        RockNeedleSpecs.CheckList("N2_scan", N2s, 0, 40);
        RockNeedleSpecs.CheckList("kernels", Kernels, 1, 10);
        RockNeedleSpecs.CheckList("s0", S0s, 2, 100);
        RockNeedleSpecs.CheckList("M_scan", Ms, 2, 40);
        var w = new List<string>();
        foreach (var k in Kernels)
            foreach (var s0 in S0s)
            {
                var p = For(k, s0);
                foreach (var x in RockNeedleSpecs.ValidateAt(p, Ms, mField: "M_scan", kernelField: KernelField)
                             .Concat(RockNeedleSpecs.ValidateAt(p, [Base.M], N2s.Length > 0 ? N2s : null, n2Field: "N2_scan", kernelField: KernelField)))
                    if (!x.StartsWith("s0 = ") && !w.Contains(x)) w.Add(x);
            }
        return w;
    }

    public NeedleParameters For(double kernel, double s0) =>
        Base with { Mixed = double.IsNaN(kernel), Gamma = double.IsNaN(kernel) ? -1 : kernel, S0 = s0, Delta = Base.Delta ?? 0 };

    public static string KernelName(double k) => double.IsNaN(k) ? "mixed" : Require.Fmt(k);
}

public sealed record BilinearPoint(double S0, double M, double Gamma, double BeamNorm, double RateProfileRatio, double R0);

public sealed record BilinearCurve(double Kernel, double[] S0, double[] Exponent, double[] StdErr, double[] MaxResidual,
    double SignChange, IReadOnlyList<BilinearPoint> Points, double[] N2Exponent, double[] PredictedN2Exponent);

public sealed record BilinearRatioResult(BilinearRatioSpec Spec, IReadOnlyList<BilinearCurve> Curves, double Threshold, double ScalingIndex,
    double WorstDeviation, double WorstN2Deviation, IReadOnlyList<string> Warnings, double ElapsedSeconds);

public static class BilinearRatio
{
    public static BilinearRatioResult Run(BilinearRatioSpec spec, IProgress<ProgressInfo>? progress = null, CancellationToken cancel = default)
    {
        var warnings = spec.Validate().ToList();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        int d = spec.Base.D;
        var psi = new Bump.PsiTable(d);
        var rate = RadialFourier.Compute(d, r => Bump.Chi(r) * psi[r], 2, Bump.Breakpoints);
        var rock = NeedleNorms.ChiHat(d);
        // the space-needle norm does not depend on the kernel: cache it
        var spaceCache = new Dictionary<(double, double), double>();
        int total = spec.Kernels.Length * spec.S0s.Length * (spec.Ms.Length + spec.N2s.Length), done = 0;
        var curves = new List<BilinearCurve>();
        double worst = 0, worstN2 = 0;
        double LogGamma(NeedleParameters p, bool cache)
        {
            double m = p.M, s0 = p.S0;
            double ls;
            if (!cache) ls = NeedleNorms.LogSpaceNeedleNormSq(d, s0, m, p.N2);
            else if (!spaceCache.TryGetValue((s0, m), out ls)) spaceCache[(s0, m)] = ls = NeedleNorms.LogSpaceNeedleNormSq(d, s0, m, p.N2);
            double lv = NeedleNorms.LogVelocityNeedleNormSq(d, p.R0Weight, m, p.N2);
            double logBeam = p.LogBeamAmplitude + 0.5 * Math.Log(p.JReal) + 0.5 * (ls + lv);
            double a = 1 / (m * m);
            return Math.Log(p.ContinuumR0) + Math.Log(rate.Sobolev(s0, a) / rock.Sobolev(s0, a)) - logBeam;
        }
        var n2Space = new Dictionary<(double, double), double>();
        foreach (var k in spec.Kernels)
        {
            var points = new List<BilinearPoint>();
            var exps = new double[spec.S0s.Length];
            var ses = new double[spec.S0s.Length];
            var res = new double[spec.S0s.Length];
            var n2e = new double[spec.S0s.Length];
            var n2p = new double[spec.S0s.Length];
            for (int i = 0; i < spec.S0s.Length; i++)
            {
                double s0 = spec.S0s[i];
                var lx = new List<double>(); var ly = new List<double>();
                foreach (var m in spec.Ms)
                {
                    cancel.ThrowIfCancellationRequested();
                    var p = spec.For(k, s0) with { M = m };
                    double logGamma = LogGamma(p, cache: true);
                    double a = 1 / (m * m);
                    points.Add(new BilinearPoint(s0, m, Math.Exp(logGamma), Math.Exp(Math.Log(p.ContinuumR0) - logGamma) * rate.Sobolev(s0, a) / rock.Sobolev(s0, a),
                        rate.Sobolev(s0, a) / rock.Sobolev(s0, a), p.ContinuumR0));
                    lx.Add(Math.Log(m)); ly.Add(logGamma);
                    progress?.Report(new ProgressInfo("Γ(M)", ++done, total, $"kernel {BilinearRatioSpec.KernelName(k)}, s0 = {s0}, M = {m}"));
                }
                var sl = Slope.FitLog(lx, ly);
                exps[i] = sl.Value; ses[i] = sl.StdErr; res[i] = sl.MaxResidual;
                worst = Math.Max(worst, Math.Abs(sl.Value - ((d - 1) / 2.0 - s0)));
                var p0 = spec.For(k, s0);
                n2p[i] = (d - 1) / 2.0 - Math.Max(s0, -p0.EffectiveGamma);
                n2e[i] = double.NaN;
                if (spec.N2s.Length >= 2)
                {
                    var nx = new List<double>(); var ny = new List<double>();
                    foreach (var n2 in spec.N2s)
                    {
                        cancel.ThrowIfCancellationRequested();
                        nx.Add(Math.Log(n2)); ny.Add(LogGamma(p0 with { N2 = n2 }, cache: false));
                        progress?.Report(new ProgressInfo("Γ(N2)", ++done, total, $"kernel {BilinearRatioSpec.KernelName(k)}, s0 = {s0}, N2 = {n2}"));
                    }
                    n2e[i] = Slope.FitLog(nx, ny).Value;
                    worstN2 = Math.Max(worstN2, Math.Abs(n2e[i] - n2p[i]));
                }
            }
            curves.Add(new BilinearCurve(k, spec.S0s, exps, ses, res, SignChange(spec.S0s, exps), points, n2e, n2p));
        }
        return new BilinearRatioResult(spec, curves, (d - 1) / 2.0, (d - 2) / 2.0, worst, worstN2, warnings, sw.Elapsed.TotalSeconds);
    }

    /// <summary>The first s₀ where the exponent changes sign from positive to ≤ 0 (linear interpolation), NaN if none.</summary>
    public static double SignChange(double[] s0, double[] e)
    {
        for (int i = 0; i + 1 < s0.Length; i++)
        {
            if (e[i] == 0) return s0[i];
            if (e[i] > 0 && e[i + 1] <= 0) return s0[i] + (s0[i + 1] - s0[i]) * e[i] / (e[i] - e[i + 1]);
        }
        return double.NaN;
    }

    /// <summary>Parses "−1,−0.5,mixed".</summary>
    public static double[] ParseKernels(string field, string text)
    {
        var list = new List<double>();
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            if (part == "mixed") { list.Add(double.NaN); continue; }
            if (!double.TryParse(part.Replace('−', '-'), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var g) || !double.IsFinite(g))
                throw new InvalidInputException(field, part, "each kernel must be a number γ or 'mixed'");
            list.Add(g);
        }
        if (list.Count == 0) throw new InvalidInputException(field, text, "needs at least one kernel (γ values or 'mixed')");
        return list.ToArray();
    }

    public static NeedleParameters Defaults(int d) => new() { D = d, N2 = 1024, CJ = d == 2 ? 1 : 0.35, M = 64, Delta = 0 };
    public static double[] DefaultKernels(int d) => d == 2 ? [-0.5, 0] : [-1, -0.5, double.NaN];
    public static double[] DefaultS0(int d) => d == 2 ? [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0] : [0, 0.2, 0.4, 0.6, 0.8, 0.9, 1.0, 1.1, 1.2, 1.4];
    public static readonly double[] DefaultMs = [16, 32, 64, 128, 256, 512];
    public static readonly double[] DefaultN2s = [256, 1024, 4096, 16384];
}
