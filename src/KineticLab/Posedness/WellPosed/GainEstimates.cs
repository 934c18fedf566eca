using KineticLab.Boltzmann;
using KineticLab.Boltzmann.Kernels;
using KineticLab.Boltzmann.Spectral;
using KineticLab.Numerics.Quadrature;

namespace KineticLab.Posedness.WellPosed;

/// <summary>One point of a concentric-bump scan: the width ratio w_g/w_f and the ratio of the estimate.</summary>
public sealed record WidthPoint(double WidthRatio, double Ratio);

/// <summary>A scan of one estimate over concentric Fourier-side bumps (f̃ of width 1, g̃ of width ρ).</summary>
public sealed record WidthScan(int D, double Gamma, GainEstimate Estimate, double P, double Q, IReadOnlyList<WidthPoint> Points)
{
    public WidthPoint Max => Points.MaxBy(x => x.Ratio)!;
}

/// <summary>The mixed kernel (1.14) against its bound γ = −1 (d = 3, physical side, fast spectral operator).</summary>
public sealed record MixedKernelRow(string Pair, double GainMixed, double GainSoft, double RatioMixed, double RatioSoft);

/// <summary>Settings of the Fourier-side gain experiment (docs/boltzmann-well-posed.md §2).</summary>
public sealed record GainEstimatesSpec
{
    public double[] WidthRatios { get; init; } = [1.0 / 4096, 1.0 / 1024, 1.0 / 256, 1.0 / 64, 1.0 / 16, 0.25, 1, 4, 16, 64, 256, 1024, 4096];
    public (int D, double Gamma)[] Kernels { get; init; } = [(2, 0), (2, -0.25), (2, -0.5), (3, 0), (3, -0.5), (3, -1)];
    public GainCase[] Cases { get; init; } =
    [
        new(2, 0, GainEstimate.FirstInL2, ProfileKind.Bump, ProfileKind.Bump, Phases: true),
        new(2, 0, GainEstimate.General, ProfileKind.Needle, ProfileKind.Needle, Phases: true),
        new(2, 0, GainEstimate.General, ProfileKind.Shell, ProfileKind.Bump, Phases: true),
        new(2, -0.5, GainEstimate.FirstInL2, ProfileKind.Bump, ProfileKind.Bump),
        new(2, -0.5, GainEstimate.SecondInL2, ProfileKind.Bump, ProfileKind.Bump),
        new(2, -0.5, GainEstimate.General, ProfileKind.Bump, ProfileKind.Bump),
        new(2, -0.25, GainEstimate.FirstInL2, ProfileKind.Bump, ProfileKind.Bump),
    ];
    public int Starts { get; init; } = 2;
    public int Iterations { get; init; } = 200;
    public int Seed { get; init; } = 13;
    public bool MixedKernel { get; init; } = true;
}

public sealed record GainEstimatesResult(GainEstimatesSpec Spec, IReadOnlyList<WidthScan> Scans, IReadOnlyList<GainCaseResult> Searches,
    IReadOnlyList<MixedKernelRow> Mixed, double ElapsedSeconds);

/// <summary>
/// The ratios of the seed's (2.7)–(2.10) (<see cref="FourierGain"/>) on concentric bumps over a wide
/// range of width ratios (the one-parameter direction in which the adversarial searches drift), the adversarial searches
/// (<see cref="GainSearch"/>), and the mixed kernel (1.14) against its pointwise bound |u − v|^{−1}b.
/// </summary>
public static class GainEstimates
{
    public static WidthScan Scan(int d, double gamma, GainEstimate e, IReadOnlyList<double> ratios, double p = 4)
    {
        var op = new FourierGain(d, gamma, sigmaNodes: 8, azimuth: 16);
        var (pp, qq) = op.Exponents(e, p);
        var pts = new List<WidthPoint>();
        foreach (var r in ratios)
        {
            var f = FourierGaussian.Bump(new double[d], 1);
            var g = FourierGaussian.Bump(new double[d], r);
            pts.Add(new WidthPoint(r, op.RadialL2Norm(f, g) / (f.Norm(pp) * g.Norm(qq))));
        }
        return new WidthScan(d, gamma, e, pp, qq, pts);
    }

    /// <summary>
    /// The asymptotic ratio of (2.8) at γ = 0, d = 2 for concentric bumps of widths a ≪ b (f̃ narrow): Q̃⁺(ξ) ≈ b_σ(1) g̃(ξ)
    /// (2/|ξ|)√(2π) a for a ≪ |ξ|, so ‖Q̃⁺‖² ≈ 16π²a² ln(b/a) (c_b = 1) and the ratio² ≈ 16π ln(b/a) + O(1): unbounded.
    /// </summary>
    public static double EndpointLogSlope => 16 * Math.PI;

    /// <summary>
    /// ‖Q⁺(f, g)‖_{L²} for the mixed kernel and for |u − v|^{−1} (same b = |cos θ|), d = 3, Gaussians f, g (physical side,
    /// <see cref="FastSpectralOperator"/> N = 32, L = 7, R = 6, 12-point icosahedron; b_σ is constant in d = 3), and the ratios
    /// of (2.8) with the γ = −1 exponents: (2π)^{3/2}‖Q⁺‖/(‖f̃‖₂‖g̃‖₃). Since the mixed kernel is ≤ |u − v|^{−1}b pointwise,
    /// 0 ≤ Q⁺_mixed ≤ Q⁺_{−1} for nonnegative data and the mixed ratio is the smaller.
    /// </summary>
    public static IReadOnlyList<MixedKernelRow> MixedKernel(int n = 32)
    {
        var grid = new VelocityGrid(3, n, 7);
        var opts = new SpectralOptions { R = 6 };
        using var mixed = new FastSpectralOperator(new CollisionKernel(RelativeSpeedKernel.Mixed(3), AngularKernel.SeedAbsCos(3)), grid, opts);
        using var soft = new FastSpectralOperator(CollisionKernel.SeedPower(3, -1), grid, opts);
        var rows = new List<MixedKernelRow>();
        foreach (var (name, mf, sf, mg, sg) in new[]
        {
            ("concentric, widths 0.8 and 0.8", new[] { 0.0, 0, 0 }, 0.8, new[] { 0.0, 0, 0 }, 0.8),
            ("concentric, widths 0.5 and 1.2", new[] { 0.0, 0, 0 }, 0.5, new[] { 0.0, 0, 0 }, 1.2),
            ("shifted by 1.6, widths 0.6 and 0.6", new[] { -0.8, 0, 0 }, 0.6, new[] { 0.8, 0, 0 }, 0.6),
            ("shifted by 0.5, widths 1.0 and 0.4", new[] { 0.0, 0.25, 0 }, 1.0, new[] { 0.0, -0.25, 0 }, 0.4),
        })
        {
            var f = new double[grid.Total]; var g = new double[grid.Total];
            var v = new double[3];
            for (int i = 0; i < grid.Total; i++)
            {
                grid.Point(i, v);
                f[i] = Boltzmann.Exact.Gaussian.Density(v, mf, sf);
                g[i] = Boltzmann.Exact.Gaussian.Density(v, mg, sg);
            }
            var gain = new double[grid.Total]; var loss = new double[grid.Total];
            mixed.Parts(f, g, gain, loss);
            double lm = Math.Sqrt(gain.Sum(x => x * x) * grid.CellVolume);
            soft.Parts(f, g, gain, loss);
            double ls = Math.Sqrt(gain.Sum(x => x * x) * grid.CellVolume);
            // unit-mass Gaussians: f̃ = e^{iξ·m − s²|ξ|²/2}
            double nf = FourierGaussian.Bump(new double[3], 1 / sf).Norm(2), ng = FourierGaussian.Bump(new double[3], 1 / sg).Norm(3);
            double c = Math.Pow(2 * Math.PI, 1.5);
            rows.Add(new MixedKernelRow(name, lm, ls, c * lm / (nf * ng), c * ls / (nf * ng)));
        }
        return rows;
    }

    public static GainEstimatesResult Run(GainEstimatesSpec spec, IProgress<ProgressInfo>? progress = null, CancellationToken cancel = default)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var scans = new List<WidthScan>();
        foreach (var (d, g) in spec.Kernels)
            foreach (var e in new[] { GainEstimate.FirstInL2, GainEstimate.SecondInL2, GainEstimate.General })
            {
                cancel.ThrowIfCancellationRequested();
                scans.Add(Scan(d, g, e, spec.WidthRatios));
                progress?.Report(new ProgressInfo("width scans", scans.Count, spec.Kernels.Length * 3, $"d = {d}, γ = {g}, {e}"));
            }
        var searches = new List<GainCaseResult>();
        foreach (var c in spec.Cases)
        {
            searches.Add(GainSearch.Run(c, spec.Starts, spec.Seed + searches.Count, spec.Iterations, cancel));
            progress?.Report(new ProgressInfo("searches", searches.Count, spec.Cases.Length, c.Name));
        }
        var mixed = spec.MixedKernel ? MixedKernel() : [];
        return new GainEstimatesResult(spec, scans, searches, mixed, sw.Elapsed.TotalSeconds);
    }
}
