using KineticLab.Numerics.Fitting;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Posedness.KweAsymptotics;

/// <summary>Parameters of the comparison of the large-ω expansion with the operator (docs/kwe-threshold.md).</summary>
public sealed record KweAsymptoticsSpec
{
    public required KweDatum Datum { get; init; }
    /// <summary>Full or Gain.</summary>
    public CollisionPart Part { get; init; } = CollisionPart.Full;
    public required double[] Betas { get; init; }
    public double OmegaMin { get; init; } = 1e2;
    public double OmegaMax { get; init; } = 1e7;
    public int PointsPerDecade { get; init; } = 2;
    /// <summary>Width of the sliding fit windows in decades (they move up by one decade).</summary>
    public double WindowDecades { get; init; } = 2;
    public double RelTol { get; init; } = 1e-10;

    public IReadOnlyList<string> Validate()
    {
        var w = new List<string>();
        if (Betas is null || Betas.Length == 0) throw new InvalidInputException("beta", "", "at least one β is required");
        foreach (var b in Betas) Require.InRange("beta", b, 0, 2);
        Datum.Validate(w);
        if (Part == CollisionPart.Loss) throw new InvalidInputException("part", "loss", "must be full or gain");
        Require.InRange("omega_min", OmegaMin, 1, 1e8);
        if (!(OmegaMax > OmegaMin)) throw new InvalidInputException("omega_max", Require.Fmt(OmegaMax), "must exceed omega_min");
        Require.InRange("omega_max", OmegaMax, 1, 1e9);
        Require.IntInRange("points_per_decade", PointsPerDecade, 1, 20);
        Require.InRange("window_decades", WindowDecades, 0.5, 10);
        Require.InRange("rtol", RelTol, 1e-14, 1e-4);
        return w;
    }

    /// <summary>Log-spaced ω; for the oscillating datum moved to the nearest ω = 2πB/N (cos Nω = 1).</summary>
    public double[] OmegaGrid()
    {
        int count = (int)Math.Round(Math.Log10(OmegaMax / OmegaMin) * PointsPerDecade) + 1;
        var list = new List<double>();
        for (int i = 0; i < count; i++)
        {
            double w = OmegaMin * Math.Pow(OmegaMax / OmegaMin, (double)i / (count - 1));
            if (Datum.Kind == KweDatumKind.Oscillating)
            {
                double period = 2 * Math.PI / Datum.N;
                w = Math.Max(1, Math.Round(w / period)) * period;
            }
            if (list.Count == 0 || w > list[^1] * (1 + 1e-12)) list.Add(w);
        }
        return list.ToArray();
    }
}

/// <summary>Exponent fits over one window [Lo, Hi].</summary>
/// <param name="Naive">p of log|Φ| = a + p log ω fitted to the operator's values.</param>
/// <param name="NaiveStdErr">Its standard error.</param>
/// <param name="NaivePredicted">The same fit applied to the expansion's values at the same ω (what the mixture of power laws predicts for the naive fit).</param>
/// <param name="Corrected">p of Φ = c₁ω^p + c₂ω^q with q the expansion's subleading exponent (c₁, c₂, p fitted).</param>
public sealed record KweExponentWindow(double Lo, double Hi, int Points, double Naive, double NaiveStdErr, double NaivePredicted, double Corrected);

/// <summary>One β: operator values Φ(ω) = ⟨ω⟩^{M/2}C[n⁰](ω), the expansion, and the window fits.</summary>
public sealed record KweAsymptoticsRow(
    double Beta,
    AsymptoticExpansion Expansion,
    double[] Omega,
    double[] Phi,
    double[] PhiError,
    double[] PhiAsymptotic,
    IReadOnlyList<KweExponentWindow> Windows,
    bool Converged);

/// <summary>The threshold from the fits of one window (first upward zero crossing of p(β), linear interpolation).</summary>
public sealed record KweThresholdWindow(double Lo, double Hi, double Naive, double NaivePredicted, double Corrected);

/// <summary>Result of <see cref="KweAsymptoticsStudy.Run"/>.</summary>
/// <param name="ThresholdExpansion">β* of the expansion (leading exponent = 0).</param>
/// <param name="ThresholdNumerical">β* from the corrected fits of the top window.</param>
/// <param name="ThresholdUncertainty">|β* of the top window − β* of the one below| (corrected fits): how far the number still moves.</param>
public sealed record KweAsymptoticsResult(
    KweAsymptoticsSpec Spec,
    IReadOnlyList<KweAsymptoticsRow> Rows,
    double ThresholdExpansion,
    IReadOnlyList<KweThresholdWindow> ThresholdByWindow,
    double ThresholdNumerical,
    double ThresholdUncertainty,
    IReadOnlyList<string> Warnings,
    double ElapsedSeconds);

/// <summary>
/// Checks the large-ω expansion of <see cref="IsotropicAsymptotics"/> against the pointwise operator out to large ω and
/// measures the threshold exponent in sliding windows: the naive power fit (what docs/kwe-threshold.md reports), the same fit
/// applied to the expansion (the drift a mixture of power laws produces), and a corrected fit with the subleading exponent
/// fixed from the expansion.
/// </summary>
public static class KweAsymptoticsStudy
{
    public static KweAsymptoticsResult Run(KweAsymptoticsSpec spec, IProgress<ProgressInfo>? progress = null, CancellationToken cancel = default,
        int maxThreads = -1)
    {
        var warnings = spec.Validate().ToList();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var n0 = spec.Datum.Create();
        var omega = spec.OmegaGrid();
        int nb = spec.Betas.Length, nw = omega.Length;
        var phi = new double[nb, nw];
        var err = new double[nb, nw];
        var conv = new bool[nb, nw];
        var ops = spec.Betas.Select(b => new IsotropicCollisionOperator(b,
            new IsotropicQuadratureOptions(RelTol: spec.RelTol, InnerRelTol: spec.RelTol / 10, MaxSegments: 20000))).ToArray();
        var expansions = new AsymptoticExpansion[nb];
        Parallel.For(0, nb, new ParallelOptions { MaxDegreeOfParallelism = maxThreads, CancellationToken = cancel },
            i => expansions[i] = IsotropicAsymptotics.Expand(n0, spec.Betas[i], spec.Part));
        long done = 0;
        var order = Enumerable.Range(0, nb * nw).OrderByDescending(k => omega[k % nw]).ToArray();
        Parallel.ForEach(order, new ParallelOptions { MaxDegreeOfParallelism = maxThreads, CancellationToken = cancel }, k =>
        {
            int i = k / nw, j = k % nw;
            var r = ops[i].Evaluate(n0, omega[j], spec.Part);
            double wt = spec.Datum.Weight(omega[j]);
            phi[i, j] = r.Value * wt; err[i, j] = r.Error * wt; conv[i, j] = r.Converged;
            progress?.Report(new ProgressInfo("operator evaluations", Interlocked.Increment(ref done), nb * nw, $"β = {spec.Betas[i]}, ω = {omega[j]:G4}"));
        });

        var windows = Windows(spec);
        var rows = new List<KweAsymptoticsRow>();
        for (int i = 0; i < nb; i++)
        {
            var p = Enumerable.Range(0, nw).Select(j => phi[i, j]).ToArray();
            var e = Enumerable.Range(0, nw).Select(j => err[i, j]).ToArray();
            var asy = omega.Select(expansions[i].Evaluate).ToArray();
            bool ok = Enumerable.Range(0, nw).All(j => conv[i, j]);
            if (!ok) warnings.Add($"β = {spec.Betas[i]}: some quadratures did not reach the tolerance");
            var fits = new List<KweExponentWindow>();
            foreach (var (lo, hi) in windows)
            {
                var idx = Enumerable.Range(0, nw).Where(j => omega[j] >= lo * (1 - 1e-9) && omega[j] <= hi * (1 + 1e-9)).ToArray();
                if (idx.Length < 3) continue;
                var x = idx.Select(j => omega[j]).ToArray();
                var (pn, se) = PowerFit(x, idx.Select(j => p[j]).ToArray());
                var (pp, _) = PowerFit(x, idx.Select(j => asy[j]).ToArray());
                double q = expansions[i].SubleadingExponent;
                double pc = CorrectedFit(x, idx.Select(j => p[j]).ToArray(), q, expansions[i].Leading.Exponent);
                fits.Add(new KweExponentWindow(lo, hi, idx.Length, pn, se, pp, pc));
            }
            rows.Add(new KweAsymptoticsRow(spec.Betas[i], expansions[i], omega, p, e, asy, fits, ok));
        }

        var thr = new List<KweThresholdWindow>();
        foreach (var (lo, hi) in windows)
        {
            if (rows.Any(r => !r.Windows.Any(w => w.Lo == lo))) continue;
            double Crossing(Func<KweExponentWindow, double> sel) =>
                ZeroCrossing(rows.Select(r => r.Beta).ToArray(), rows.Select(r => sel(r.Windows.First(w => w.Lo == lo))).ToArray());
            thr.Add(new KweThresholdWindow(lo, hi, Crossing(w => w.Naive), Crossing(w => w.NaivePredicted), Crossing(w => w.Corrected)));
        }
        double expansionThreshold = spec.Datum.Kind == KweDatumKind.Oscillating || spec.Part == CollisionPart.Gain
            ? 0.25
            : IsotropicAsymptotics.Threshold(b => IsotropicAsymptotics.Expand(n0, b, spec.Part));
        double num = thr.Count > 0 ? thr[^1].Corrected : double.NaN;
        double unc = double.NaN;
        if (thr.Count >= 2)
            unc = Math.Abs(thr[^1].Corrected - thr[^2].Corrected);
        return new KweAsymptoticsResult(spec, rows, expansionThreshold, thr, num, unc, warnings, sw.Elapsed.TotalSeconds);
    }

    /// <summary>Windows [10^k, 10^{k+w}] inside [ω_min, ω_max], moving up by one decade.</summary>
    public static IReadOnlyList<(double Lo, double Hi)> Windows(KweAsymptoticsSpec spec)
    {
        var list = new List<(double, double)>();
        for (double lo = spec.OmegaMin; lo * Math.Pow(10, spec.WindowDecades) <= spec.OmegaMax * (1 + 1e-9); lo *= 10)
            list.Add((lo, lo * Math.Pow(10, spec.WindowDecades)));
        return list;
    }

    /// <summary>log|y| = a + p log x by least squares: (p, standard error).</summary>
    public static (double P, double StdErr) PowerFit(double[] x, double[] y)
    {
        if (y.Any(v => v == 0 || !double.IsFinite(v)) || y.Any(v => Math.Sign(v) != Math.Sign(y[0]))) return (double.NaN, double.NaN);
        var f = LinearFit.Line(x.Select(v => Math.Log(v)).ToArray(), y.Select(v => Math.Log(Math.Abs(v))).ToArray());
        return (f.Coefficients[1], f.StandardErrors[1]);
    }

    /// <summary>
    /// p of y ≈ c₁x^p + c₂x^q (q fixed): for each trial p the coefficients are a linear least-squares fit weighted by 1/|y|;
    /// p minimises the weighted residual (golden-section search on [p₀ − 1, p₀ + 1] after a coarse scan).
    /// </summary>
    public static double CorrectedFit(double[] x, double[] y, double q, double p0)
    {
        if (!double.IsFinite(q) || x.Length < 3) return double.NaN;
        double Residual(double p)
        {
            if (Math.Abs(p - q) < 1e-6) return double.PositiveInfinity;
            int n = x.Length;
            var d = new double[2 * n];
            var yy = new double[n];
            for (int i = 0; i < n; i++)
            {
                double s = 1 / Math.Abs(y[i]);
                d[2 * i] = Math.Pow(x[i], p) * s; d[2 * i + 1] = Math.Pow(x[i], q) * s; yy[i] = y[i] * s;
            }
            try { return LinearFit.Solve(d, yy, 2).ResidualRms; }
            catch (ArgumentException) { return double.PositiveInfinity; }
        }
        double best = p0, bestR = double.PositiveInfinity;
        for (double p = p0 - 1; p <= p0 + 1 + 1e-12; p += 0.01)
        {
            double r = Residual(p);
            if (r < bestR) { bestR = r; best = p; }
        }
        double a = best - 0.01, b = best + 0.01;
        const double g = 0.6180339887498949;
        double c = b - g * (b - a), e = a + g * (b - a);
        double rc = Residual(c), re = Residual(e);
        for (int it = 0; it < 60; it++)
        {
            if (rc < re) { b = e; e = c; re = rc; c = b - g * (b - a); rc = Residual(c); }
            else { a = c; c = e; rc = re; e = a + g * (b - a); re = Residual(e); }
        }
        return 0.5 * (a + b);
    }

    /// <summary>The first upward zero crossing of p(β) by linear interpolation (NaN if none).</summary>
    public static double ZeroCrossing(double[] beta, double[] p)
    {
        for (int i = 0; i + 1 < beta.Length; i++)
        {
            if (!double.IsFinite(p[i]) || !double.IsFinite(p[i + 1])) continue;
            if (p[i] == 0) return beta[i];
            if (p[i] < 0 && p[i + 1] >= 0) return beta[i] + (beta[i + 1] - beta[i]) * (-p[i]) / (p[i + 1] - p[i]);
        }
        return double.NaN;
    }
}
