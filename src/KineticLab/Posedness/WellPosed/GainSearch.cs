namespace KineticLab.Posedness.WellPosed;

/// <summary>The Fourier-side profile kinds of the adversarial search.</summary>
public enum ProfileKind { Bump, Needle, Shell }

/// <summary>One search case: dimension, γ, estimate, the two profile kinds, whether relative phases (physical translations) vary.</summary>
public sealed record GainCase(int D, double Gamma, GainEstimate Estimate, ProfileKind F, ProfileKind G, double P = 4, bool Phases = false)
{
    public string Name => $"d={D} γ={Gamma} {Estimate}{(Estimate == GainEstimate.General ? $"(p={P})" : "")} {F}×{G}{(Phases ? " +phases" : "")}";
}

/// <summary>The best ratio of a case, its maximizer (as profiles' parameters), and the search record.</summary>
public sealed record GainCaseResult(GainCase Case, double Best, string Maximizer, SearchResult Search, double BestRefined);

/// <summary>
/// Adversarial search of the Fourier-side gain ratios (2.7)–(2.10) over Fourier-side bumps, needles and shells
/// (<see cref="FourierGain"/>): centres |c_i| ≤ 1.5 (a physical modulation), widths in [0.5, 2] (ξ units; the ratio is
/// invariant under joint dilation, so only relative sizes matter), needle axis angle free, shell radius in [3w, 3w + 3],
/// relative phases (a physical relative translation, |m_i| ≤ 2) when <see cref="GainCase.Phases"/>. d = 2 parameters per
/// profile: c (2), two log-widths, the angle (or the shell radius), the phase (2). Shells need γ = 0 (no closed η-integral).
/// </summary>
public static class GainSearch
{
    public const int ParametersPerProfile = 7;
    public const double CenterBound = 1.5, WidthLo = 0.5, WidthHi = 2, PhaseBound = 2;

    public static IFourierProfile Profile(int d, ProfileKind kind, ReadOnlySpan<double> x, bool phases)
    {
        var c = new double[d];
        for (int i = 0; i < d; i++) c[i] = AdversarialSearch.Squash(x[i % 2], -CenterBound, CenterBound) * (i < 2 ? 1 : 0.5);
        double w1 = Math.Exp(AdversarialSearch.Squash(x[2], Math.Log(WidthLo), Math.Log(WidthHi)));
        double w2 = Math.Exp(AdversarialSearch.Squash(x[3], Math.Log(WidthLo), Math.Log(WidthHi)));
        double[]? ph = null;
        if (phases)
        {
            ph = new double[d];
            for (int i = 0; i < d; i++) ph[i] = AdversarialSearch.Squash(x[5 + i % 2], -PhaseBound, PhaseBound) * (i < 2 ? 1 : 0.5);
        }
        switch (kind)
        {
            case ProfileKind.Bump: return FourierGaussian.Bump(c, w1, ph);
            case ProfileKind.Needle:
            {
                double th = x[4];
                var axis = new double[d];
                axis[0] = Math.Cos(th); axis[1] = Math.Sin(th);
                return FourierGaussian.Needle(c, axis, w1, w2, ph);
            }
            default:
            {
                double w = Math.Min(w1, w2) / 2;
                double r = w * (3 + AdversarialSearch.Squash(x[4], 0, 3 / w));
                return new FourierShell(c, r, w);
            }
        }
    }

    public static string Describe(IFourierProfile p) => p switch
    {
        FourierGaussian g when g.IsIsotropic => $"bump c=({string.Join(", ", g.Center.Select(v => v.ToString("F3")))}) w={1 / Math.Sqrt(g.MaxPrecision):F3}{Phase(g)}",
        FourierGaussian g => $"needle c=({string.Join(", ", g.Center.Select(v => v.ToString("F3")))}) widths {1 / Math.Sqrt(g.MaxPrecision):F3}×{1 / Math.Sqrt(g.MinPrecision):F3}{Phase(g)}",
        FourierShell s => $"shell c=({string.Join(", ", s.Center.Select(v => v.ToString("F3")))}) R={s.Radius:F3} w={s.Width:F3}",
        _ => p.ToString() ?? "",
    };

    private static string Phase(FourierGaussian g) => g.Phase.Any(v => v != 0) ? $" m=({string.Join(", ", g.Phase.Select(v => v.ToString("F3")))})" : "";

    /// <summary>The ratio at parameters x (2·<see cref="ParametersPerProfile"/> values).</summary>
    public static double Ratio(FourierGain op, GainCase c, ReadOnlySpan<double> x, int nodesPerScale = 1)
    {
        var f = Profile(c.D, c.F, x[..ParametersPerProfile], c.Phases);
        var g = Profile(c.D, c.G, x[ParametersPerProfile..], c.Phases);
        return op.Ratio(f, g, c.Estimate, c.P, nodesPerScale);
    }

    public static GainCaseResult Run(GainCase c, int starts, int seed, int maxIterations, CancellationToken cancel = default, IProgress<ProgressInfo>? progress = null)
    {
        if ((c.F == ProfileKind.Shell || c.G == ProfileKind.Shell) && c.Gamma != 0)
            throw new InvalidInputException("kinds", "shell", "shells need γ = 0 (the η-integral is closed only for Gaussian profiles)");
        var op = new FourierGain(c.D, c.Gamma, sigmaNodes: 6, azimuth: 16);
        int dim = 2 * ParametersPerProfile;
        var res = AdversarialSearch.Maximize(x => Ratio(op, c, x), dim, starts, seed,
            rng => Enumerable.Range(0, dim).Select(_ => 2 * (rng.NextDouble() * 2 - 1)).ToArray(),
            initialStep: 0.8, maxIterations: maxIterations, tolerance: 1e-7, cancel: cancel, progress: progress);
        var f = Profile(c.D, c.F, res.Best.AsSpan(0, ParametersPerProfile), c.Phases);
        var g = Profile(c.D, c.G, res.Best.AsSpan(ParametersPerProfile), c.Phases);
        // the best point on a twice finer ξ grid and σ rule (its quadrature error)
        var fine = new FourierGain(c.D, c.Gamma, sigmaNodes: 10, azimuth: 32);
        double refined = fine.Ratio(f, g, c.Estimate, c.P, nodesPerScale: 2, order: 8);
        return new GainCaseResult(c, res.BestValue, $"f̃: {Describe(f)}; g̃: {Describe(g)}", res, refined);
    }
}
