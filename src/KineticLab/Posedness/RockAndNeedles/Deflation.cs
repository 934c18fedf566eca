namespace KineticLab.Posedness.RockAndNeedles;

/// <summary>
/// Experiment "deflation": the rock's norm ‖f_r(t)‖ in L^{2,r₀}_v H^{s₀}_x from t = 0 to T_* with the paper's parameters
/// (s − s₀ = lnlnln M/ln M, N₂ = M^q, N₁ → ∞), the deflation factor ‖f_r(T_*)‖/‖f_r(0)‖ against ln ln M, the time t₀ where
/// the norm reaches 1, and the distances of the two approximate solutions f = f_r + f_b, g ≡ f_r(t₀) (static rock):
/// ‖f(t₀) − g(t₀)‖ = ‖f_b‖ and ‖f(0) − g(0)‖ = (‖f_r(0) − f_r(t₀)‖² + ‖f_b‖²)^{1/2} (disjoint velocity supports).
/// With N₁ → ∞ and the continuum rate, ‖f_r(t)‖ = A_r ‖χ‖_{L²(R^d)} M^{s₀−s} G(|t|R₀), G(λ) = ‖(M^{−2} − Δ)^{s₀/2}[χ e^{λΨ_d}]‖;
/// the rock amplitude A_r is 1 (the paper's M^{d/2−s}N₁^{d/2}) or, with rock_normalization "unit", 1/(‖χ‖_{L²}G(0)) so that
/// ‖f_r(0)‖ = M^{s₀−s} = 1/ln ln M exactly (the paper's (3.21) hides this constant).
/// </summary>
public sealed record DeflationSpec
{
    public required NeedleParameters Base { get; init; }
    public required double[] Ms { get; init; }
    /// <summary>N₂ = M^q (the paper needs q ≥ 10).</summary>
    public double N2Exponent { get; init; } = 10;
    public bool UnitRock { get; init; } = true;
    public int CurvePoints { get; init; } = 21;

    public IReadOnlyList<string> Validate()
    {
        if (Base.Delta is not null) throw new InvalidInputException("delta", Require.Fmt(Base.Delta.Value), "deflation uses the paper's s − s0 = lnlnln M/ln M; leave delta out");
        RockNeedleSpecs.CheckList("M_scan", Ms, 1, 40);
        Require.InRange("N2_exponent", N2Exponent, 0.5, 20);
        Require.IntInRange("curve_points", CurvePoints, 2, 400);
        foreach (var m in Ms)
            if (N2Exponent * Math.Log10(m) > 100) throw new InvalidInputException("N2_exponent", Require.Fmt(N2Exponent), $"N2 = M^q exceeds 1e100 at M = {Require.Fmt(m)}");
        var w = new List<string>();
        foreach (var m in Ms)
            foreach (var x in RockNeedleSpecs.ValidateAt(Base with { N2 = Math.Pow(m, N2Exponent) }, [m], mField: "M_scan", n2Field: "N2_exponent"))
                if (!w.Contains(x) && !x.StartsWith("N1")) w.Add(x);
        return w;
    }
}

public sealed record DeflationRow(
    double M, double S, double TStar, double LambdaStar, double LogLogM, double Factor, double NormAt0, double NormAtTStar,
    double T0, double BeamNorm, double DistanceAtT0, double DistanceAt0, double HiddenConstant, double[] CurveT, double[] CurveNorm);

public sealed record DeflationResult(DeflationSpec Spec, IReadOnlyList<DeflationRow> Rows, Slope FactorSlope, IReadOnlyList<string> Warnings, double ElapsedSeconds);

public static class Deflation
{
    public static DeflationResult Run(DeflationSpec spec, IProgress<ProgressInfo>? progress = null, CancellationToken cancel = default)
    {
        var warnings = spec.Validate().ToList();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        int d = spec.Base.D;
        var psi = new Bump.PsiTable(d);
        double chiL2 = Bump.L2(d);
        var rows = new List<DeflationRow>();
        int done = 0;
        foreach (var m in spec.Ms)
        {
            cancel.ThrowIfCancellationRequested();
            var p = spec.Base with { M = m, N2 = Math.Pow(m, spec.N2Exponent) };
            double s0 = p.S0;
            double r0 = p.ContinuumR0;
            double lamStar = Math.Abs(p.TStar) * r0;
            double scale = Math.Exp((s0 - p.S) * Math.Log(m)); // M^{s0−s}
            double g0 = NeedleNorms.RockProfileNorm(d, s0, m, 0, psi);
            double amp = spec.UnitRock ? 1 / (chiL2 * g0) : 1;
            double Norm(double lambda) => amp * chiL2 * scale * NeedleNorms.RockProfileNorm(d, s0, m, lambda, psi);
            double n0 = Norm(0), nStar = Norm(lamStar);
            // t₀: ‖f_r(t₀)‖ = 1 (bisection in λ; the norm increases with λ)
            double t0 = double.NaN, lam0 = double.NaN;
            if (n0 < 1)
            {
                double lo = 0, hi = Math.Max(lamStar, 0.1);
                while (Norm(hi) < 1 && hi < 200) { lo = hi; hi *= 2; }
                if (Norm(hi) >= 1)
                {
                    for (int it = 0; it < 50 && hi - lo > 1e-10 * hi; it++)
                    {
                        double mid = 0.5 * (lo + hi);
                        if (Norm(mid) < 1) lo = mid; else hi = mid;
                    }
                    lam0 = 0.5 * (lo + hi);
                    t0 = -lam0 / r0;
                }
            }
            double beam = Math.Exp(NeedleNorms.LogBeamNorm(p));
            double diff0 = double.NaN;
            if (double.IsFinite(lam0))
            {
                double rockDiff = amp * chiL2 * scale * NeedleNorms.RockProfileNorm(d, s0, m, lam0, psi, subtract: 1);
                diff0 = Math.Sqrt(rockDiff * rockDiff + beam * beam);
            }
            double tEnd = double.IsFinite(t0) ? Math.Min(t0, p.TStar) : p.TStar;
            var ct = new double[spec.CurvePoints];
            var cn = new double[spec.CurvePoints];
            for (int i = 0; i < spec.CurvePoints; i++)
            {
                cancel.ThrowIfCancellationRequested();
                ct[i] = tEnd * i / (spec.CurvePoints - 1);
                cn[i] = Norm(Math.Abs(ct[i]) * r0);
                progress?.Report(new ProgressInfo("rock norm", done * spec.CurvePoints + i + 1, spec.Ms.Length * spec.CurvePoints, $"M = {m:G4}"));
            }
            done++;
            rows.Add(new DeflationRow(m, p.S, p.TStar, lamStar, Math.Log(Math.Log(m)), nStar / n0, n0, nStar, t0, beam, beam, diff0,
                chiL2 * g0, ct, cn));
        }
        var slope = rows.Count >= 2
            ? Slope.Fit(rows.Select(r => r.LogLogM).ToList(), rows.Select(r => r.Factor).ToList())
            : new Slope(double.NaN, double.NaN, double.NaN, rows.Count);
        if (rows.Any(r => r.NormAt0 >= 1))
            warnings.Add("‖f_r(0)‖ ≥ 1 for some M (the paper's rock amplitude carries the constant ‖χ‖_L²·G(0)): no t0 exists there; use rock_normalization unit");
        if (rows.Any(r => double.IsFinite(r.T0) && r.T0 < r.TStar)) warnings.Add("for some M the norm reaches 1 only before T_* (t0 < T_*): the deflation factor falls short of ln ln M");
        return new DeflationResult(spec, rows, slope, warnings, sw.Elapsed.TotalSeconds);
    }

    public static NeedleParameters Defaults(int d) => d == 2
        ? new NeedleParameters { D = 2, Gamma = -0.5, S0 = 0.25, M = 100, N2 = 1e20, CJ = 1 }
        : new NeedleParameters { D = 3, Gamma = -1, S0 = 0.5, M = 100, N2 = 1e20, CJ = 0.35 };

    public static readonly double[] DefaultMs = [20, 50, 100, 300, 1000, 3000, 1e4, 3e4, 1e5];
}
