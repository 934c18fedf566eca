using KineticLab.Numerics.Fitting;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Posedness;

/// <summary>How the growth exponent is fitted on log–log data.</summary>
public enum GrowthModel
{
    /// <summary>log y = a + p log ω.</summary>
    Power,
    /// <summary>log y = a + p log ω + c/ω: removes the leading finite-ω correction of the exponent.</summary>
    PowerWithCorrection,
}

/// <summary>Parameters of the β-threshold scan of the isotropic KWE.</summary>
public sealed record KweThresholdSpec
{
    public required double[] Betas { get; init; }
    public required KweDatum Datum { get; init; }
    /// <summary>Gain (the gain-only equation) or Full.</summary>
    public CollisionPart Part { get; init; } = CollisionPart.Gain;
    public double OmegaMin { get; init; } = 1e-2;
    public double OmegaMax { get; init; } = 1e4;
    public int PointsPerDecade { get; init; } = 4;
    /// <summary>The large-ω window of the exponent fit.</summary>
    public double FitMin { get; init; } = 1e2;
    public double FitMax { get; init; } = 1e4;
    public GrowthModel Model { get; init; } = GrowthModel.PowerWithCorrection;
    /// <summary>Time t of the second Picard iterate n⁰ + t·C[n⁰].</summary>
    public double PicardTime { get; init; } = 1;
    public double RelTol { get; init; } = 1e-9;
    public double InnerRelTol { get; init; } = 1e-10;

    /// <summary>Checks ranges; returns warnings where the seed's hypotheses fail but the computation is meaningful.</summary>
    public IReadOnlyList<string> Validate()
    {
        var w = new List<string>();
        if (Betas is null || Betas.Length == 0) throw new InvalidInputException("beta", "", "at least one β is required");
        foreach (var b in Betas) Require.InRange("beta", b, 0, 2, "must be in [0, 2] (the seed's range is [0, 1])");
        if (Betas.Any(b => b > 1)) w.Add("β > 1 is outside the seed's quasilinear range [0, 1]");
        Datum.Validate(w);
        if (Part == CollisionPart.Loss) throw new InvalidInputException("part", "loss", "must be gain or full");
        Require.InRange("omega_min", OmegaMin, 1e-6, 1e6);
        Require.InRange("omega_max", OmegaMax, 1e-5, 1e7, "must be in [1e-5, 1e7]");
        if (OmegaMax <= OmegaMin) throw new InvalidInputException("omega_max", Require.Fmt(OmegaMax), "must exceed omega_min");
        Require.IntInRange("points_per_decade", PointsPerDecade, 1, 100);
        Require.Positive("fit_min", FitMin);
        if (!(FitMax > FitMin)) throw new InvalidInputException("fit_max", Require.Fmt(FitMax), "must exceed fit_min");
        if (FitMin < OmegaMin || FitMax > OmegaMax * (1 + 1e-12))
            throw new InvalidInputException("fit_min", $"{Require.Fmt(FitMin)}..{Require.Fmt(FitMax)}", "the fit window must lie inside [omega_min, omega_max]");
        Require.Finite("picard_time", PicardTime);
        Require.InRange("rtol", RelTol, 1e-14, 1e-2);
        Require.InRange("inner_rtol", InnerRelTol, 1e-15, 1e-2);
        if (FitMax / FitMin < 10) w.Add("the fit window spans less than a decade: the exponent is poorly determined");
        return w;
    }

    /// <summary>The ω samples: log-spaced; for the oscillating datum snapped to ω = 2πB/N where cos(Nω) = 1.</summary>
    public double[] OmegaGrid()
    {
        double decades = Math.Log10(OmegaMax / OmegaMin);
        int count = Math.Max(2, (int)Math.Round(decades * PointsPerDecade) + 1);
        var list = new List<double>(count);
        for (int i = 0; i < count; i++)
        {
            double w = OmegaMin * Math.Pow(OmegaMax / OmegaMin, (double)i / (count - 1));
            if (Datum.Kind == KweDatumKind.Oscillating)
            {
                double period = 2 * Math.PI / Datum.N;
                double b = Math.Max(1, Math.Round(w / period));
                w = b * period;
                if (w > OmegaMax * (1 + 1e-12)) w = Math.Floor(OmegaMax / period) * period;
            }
            if (list.Count == 0 || w > list[^1] * (1 + 1e-12)) list.Add(w);
        }
        return list.ToArray();
    }

    /// <summary>The exponent the seed predicts, and the threshold (null when it makes no claim).</summary>
    public (double Slope, double Intercept, double Threshold, string Source) SeedPrediction() =>
        (Part, Datum.Kind) switch
        {
            (CollisionPart.Gain, _) => (2, -0.5, 0.25, "Theorem 4.2 / (4.7): G[n⁰¹] ≈ ω^{2β−1/2−M/2}"),
            (CollisionPart.Full, KweDatumKind.Oscillating) => (2, -0.5, 0.25, "Theorem 5.1 / (5.21): lower bound ω^{2β−1/2} along ω = 2πB/N"),
            (CollisionPart.Full, KweDatumKind.Smooth or KweDatumKind.KBracket) => (2, -1.5, 0.75, "Remark 1.4 (threshold 3/4), via the upper bound (5.7) ω^{2β−3/2}"),
            _ => (double.NaN, double.NaN, double.NaN, "none"),
        };
}

/// <summary>One β of the scan.</summary>
public sealed record KweThresholdRow(
    double Beta,
    double[] Omega,
    double[] Value,
    double[] Weighted,
    double[] PicardSupNorm,
    double Exponent,
    double ExponentStdErr,
    double ResidualRms,
    int FitPoints,
    bool Converged,
    long Evaluations);

/// <summary>Result of <see cref="KweThreshold.Run"/>.</summary>
public sealed record KweThresholdResult(
    KweThresholdSpec Spec,
    IReadOnlyList<KweThresholdRow> Rows,
    double Threshold,
    double ThresholdStdErr,
    string ThresholdMethod,
    double InterpolatedThreshold,
    double LineSlope,
    double LineSlopeStdErr,
    double LineIntercept,
    double LineThreshold,
    double LineThresholdStdErr,
    IReadOnlyList<string> Warnings,
    double ElapsedSeconds);

/// <summary>
/// The β-threshold experiment: for each β, the growth exponent p(β) of ⟨ω⟩^{M/2}|C[n⁰](ω)| fitted over a
/// large-ω window, the weighted sup norm of the second Picard iterate n⁰ + tC[n⁰] against the truncation
/// ω_max, and the threshold β* where p crosses 0 (by interpolation between scanned β, and from a straight-line
/// fit p(β) = aβ + b).
/// </summary>
public static class KweThreshold
{
    public static KweThresholdResult Run(KweThresholdSpec spec, IProgress<ProgressInfo>? progress = null,
        CancellationToken cancel = default, int maxThreads = -1)
    {
        var warnings = spec.Validate().ToList();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var omega = spec.OmegaGrid();
        var n0 = spec.Datum.Create();
        int nb = spec.Betas.Length, nw = omega.Length;
        var values = new double[nb, nw];
        var conv = new bool[nb, nw];
        var evals = new long[nb, nw];
        var ops = spec.Betas.Select(b => new IsotropicCollisionOperator(b,
            new IsotropicQuadratureOptions(RelTol: spec.RelTol, InnerRelTol: spec.InnerRelTol))).ToArray();
        long done = 0;
        int total = nb * nw;
        // Largest ω first: they are the most expensive, so the parallel loop balances better.
        var order = Enumerable.Range(0, total).OrderByDescending(k => omega[k % nw]).ToArray();
        var po = new ParallelOptions { CancellationToken = cancel, MaxDegreeOfParallelism = maxThreads };
        Parallel.ForEach(order, po, k =>
        {
            int i = k / nw, j = k % nw;
            var r = ops[i].Evaluate(n0, omega[j], spec.Part);
            values[i, j] = r.Value; conv[i, j] = r.Converged; evals[i, j] = r.Evaluations;
            long d = Interlocked.Increment(ref done);
            progress?.Report(new ProgressInfo("operator evaluations", d, total, $"β = {spec.Betas[i]}, ω = {omega[j]:G4}"));
        });

        var rows = new List<KweThresholdRow>(nb);
        for (int i = 0; i < nb; i++)
        {
            var v = new double[nw];
            var wv = new double[nw];
            var picard = new double[nw];
            double sup = 0;
            bool ok = true;
            long ev = 0;
            for (int j = 0; j < nw; j++)
            {
                v[j] = values[i, j];
                double weight = spec.Datum.Weight(omega[j]);
                wv[j] = weight * Math.Abs(v[j]);
                sup = Math.Max(sup, weight * Math.Abs(n0.Value(omega[j]) + spec.PicardTime * v[j]));
                picard[j] = sup;
                ok &= conv[i, j];
                ev += evals[i, j];
            }
            var (p, se, rms, m) = FitExponent(omega, wv, spec.FitMin, spec.FitMax, spec.Model);
            if (!ok) warnings.Add($"β = {spec.Betas[i]}: some quadratures did not reach the tolerance");
            rows.Add(new KweThresholdRow(spec.Betas[i], omega, v, wv, picard, p, se, rms, m, ok, ev));
        }

        var (interp, interpSe) = Crossing(rows);
        var betas = rows.Select(r => r.Beta).ToArray();
        var ps = rows.Select(r => r.Exponent).ToArray();
        double slope = double.NaN, slopeSe = double.NaN, intercept = double.NaN, lineT = double.NaN, lineTSe = double.NaN;
        var finite = Enumerable.Range(0, nb).Where(i => double.IsFinite(ps[i])).ToArray();
        if (finite.Length >= 2)
        {
            var fit = LinearFit.Line(finite.Select(i => betas[i]).ToArray(), finite.Select(i => ps[i]).ToArray());
            intercept = fit.Coefficients[0]; slope = fit.Coefficients[1];
            slopeSe = fit.StandardErrors[1];
            if (slope != 0)
            {
                lineT = -intercept / slope;
                // delta method for −b/a
                double va = fit.Covariance[3], vb = fit.Covariance[0], cab = fit.Covariance[1];
                double g0 = -1 / slope, g1 = intercept / (slope * slope);
                lineTSe = Math.Sqrt(Math.Max(0, g0 * g0 * vb + 2 * g0 * g1 * cab + g1 * g1 * va));
            }
        }
        double threshold, thresholdSe;
        string method;
        if (double.IsFinite(interp)) { threshold = interp; thresholdSe = interpSe; method = "interpolated"; }
        else if (double.IsFinite(lineT)) { threshold = lineT; thresholdSe = lineTSe; method = "extrapolated"; }
        else { threshold = double.NaN; thresholdSe = double.NaN; method = "none"; }
        return new KweThresholdResult(spec, rows, threshold, thresholdSe, method, interp, slope, slopeSe, intercept,
            lineT, lineTSe, warnings, sw.Elapsed.TotalSeconds);
    }

    /// <summary>Fits the exponent of y(ω) over [lo, hi]; returns (p, stderr, residual rms, points).</summary>
    public static (double P, double StdErr, double Rms, int Count) FitExponent(ReadOnlySpan<double> omega, ReadOnlySpan<double> y,
        double lo, double hi, GrowthModel model)
    {
        var xs = new List<double>();
        var ys = new List<double>();
        var ws = new List<double>();
        for (int j = 0; j < omega.Length; j++)
        {
            if (omega[j] < lo * (1 - 1e-12) || omega[j] > hi * (1 + 1e-12)) continue;
            if (!(y[j] > 0) || !double.IsFinite(y[j])) continue;
            xs.Add(Math.Log(omega[j])); ys.Add(Math.Log(y[j])); ws.Add(omega[j]);
        }
        int p = model == GrowthModel.Power ? 2 : 3;
        if (xs.Count < p + 1) return (double.NaN, double.NaN, double.NaN, xs.Count);
        var d = new double[xs.Count * p];
        for (int i = 0; i < xs.Count; i++)
        {
            d[i * p] = 1; d[i * p + 1] = xs[i];
            if (p == 3) d[i * p + 2] = 1 / ws[i];
        }
        var fit = LinearFit.Solve(d, ys.ToArray(), p);
        return (fit.Coefficients[1], fit.StandardErrors[1], fit.ResidualRms, xs.Count);
    }

    /// <summary>First upward zero crossing of p(β) by linear interpolation, with its propagated standard error.</summary>
    private static (double Beta, double StdErr) Crossing(IReadOnlyList<KweThresholdRow> rows)
    {
        for (int i = 0; i + 1 < rows.Count; i++)
        {
            double p0 = rows[i].Exponent, p1 = rows[i + 1].Exponent;
            if (!double.IsFinite(p0) || !double.IsFinite(p1)) continue;
            if (p0 == 0) return (rows[i].Beta, rows[i].ExponentStdErr);
            if (p0 < 0 && p1 >= 0)
            {
                double b0 = rows[i].Beta, b1 = rows[i + 1].Beta;
                double t = -p0 / (p1 - p0);
                double beta = b0 + t * (b1 - b0);
                double dbdp0 = (b1 - b0) * (-(p1 - p0) - (-p0) * (-1)) / ((p1 - p0) * (p1 - p0));
                double dbdp1 = (b1 - b0) * (p0) / ((p1 - p0) * (p1 - p0));
                double s0 = rows[i].ExponentStdErr, s1 = rows[i + 1].ExponentStdErr;
                double se = Math.Sqrt(dbdp0 * dbdp0 * s0 * s0 + dbdp1 * dbdp1 * s1 * s1);
                return (beta, se);
            }
        }
        return (double.NaN, double.NaN);
    }
}
