using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Posedness.KweAsymptotics;

/// <summary>Parameters of the (β, M) phase diagram of the operator's growth (docs/kwe-threshold.md).</summary>
public sealed record KwePhaseDiagramSpec
{
    /// <summary>The datum's kind, A and N (its M is replaced by each of <see cref="Ms"/>).</summary>
    public KweDatumKind Datum { get; init; } = KweDatumKind.Smooth;
    public double A { get; init; } = 2;
    public double N { get; init; } = 10;
    /// <summary>Full or Gain.</summary>
    public CollisionPart Part { get; init; } = CollisionPart.Full;
    public required double[] Ms { get; init; }
    /// <summary>
    /// The β of the numerical confirmation (the same at every M); null: β*(M) of the expansion and β*(M) ± 0.05, ± 0.1
    /// (clipped to [0, 2]).
    /// </summary>
    public double[]? Betas { get; init; }
    public double OmegaMin { get; init; } = 1e2;
    public double OmegaMax { get; init; } = 1e7;
    public int PointsPerDecade { get; init; } = 2;
    public double WindowDecades { get; init; } = 2;
    public double RelTol { get; init; } = 1e-10;
    /// <summary>Only the expansion (no operator evaluations).</summary>
    public bool ExpansionOnly { get; init; }

    public IReadOnlyList<string> Validate()
    {
        var w = new List<string>();
        if (Ms is null || Ms.Length == 0) throw new InvalidInputException("M", "", "at least one M is required");
        foreach (var m in Ms)
        {
            if (!(m > 0)) throw new InvalidInputException("M", Require.Fmt(m), "must be > 0");
            Require.InRange("M", m, 0, 100);
        }
        if (Betas is { Length: 0 }) throw new InvalidInputException("beta", "", "at least one β is required");
        foreach (var b in Betas ?? []) Require.InRange("beta", b, 0, 2);
        if (Part == CollisionPart.Loss) throw new InvalidInputException("part", "loss", "must be full or gain");
        new KweDatum(Datum, Ms[0], A, N).Validate(w);
        Require.InRange("omega_min", OmegaMin, 1, 1e8);
        if (!(OmegaMax > OmegaMin)) throw new InvalidInputException("omega_max", Require.Fmt(OmegaMax), "must exceed omega_min");
        Require.InRange("omega_max", OmegaMax, 1, 1e9);
        Require.IntInRange("points_per_decade", PointsPerDecade, 1, 20);
        Require.InRange("window_decades", WindowDecades, 0.5, 10);
        if (!ExpansionOnly && OmegaMin * Math.Pow(10, WindowDecades) > OmegaMax * (1 + 1e-9))
            throw new InvalidInputException("window_decades", Require.Fmt(WindowDecades), "the fit window must fit in [omega_min, omega_max]");
        Require.InRange("rtol", RelTol, 1e-14, 1e-4);
        if (Ms.Any(m => m <= 6)) w.Add("M ≤ 6: outside the seed's range (its theorems need M > 6)");
        return w;
    }

    /// <summary>The β of the numerical confirmation at one M.</summary>
    public double[] BetasAt(double expansionThreshold)
    {
        if (Betas is not null) return Betas.Distinct().Order().ToArray();
        if (!double.IsFinite(expansionThreshold)) return [];
        return new[] { -0.1, -0.05, 0, 0.05, 0.1 }.Select(d => Math.Clamp(expansionThreshold + d, 0, 2)).Distinct().Order().ToArray();
    }
}

/// <summary>One M of the diagram.</summary>
/// <param name="M">M.</param>
/// <param name="ThresholdExpansion">β* where the leading exponent of the expansion crosses 0 (NaN: no crossing in [0, 2]).</param>
/// <param name="LeadingTerm">The expansion's leading term just above β* (A, B, G0, A-osc, …).</param>
/// <param name="Threshold">β* measured: the zero crossing of the corrected-fit exponents of the top window (NaN without numerics).</param>
/// <param name="ThresholdStdErr">Its uncertainty: how far it moved from the window one decade below (NaN with one window).</param>
/// <param name="ThresholdNaive">β* of the plain power-law fit in the top window (what a window fit without the expansion reports).</param>
/// <param name="Study">The operator against the expansion (null without numerics).</param>
public sealed record KwePhaseDiagramRow(double M, double ThresholdExpansion, string LeadingTerm, double Threshold, double ThresholdStdErr,
    double ThresholdNaive, KweAsymptoticsResult? Study);

/// <summary>Result of <see cref="KwePhaseDiagram.Run"/>.</summary>
/// <param name="GridBeta">β of the diagram's grid.</param>
/// <param name="GridM">M of the diagram's grid.</param>
/// <param name="LeadingExponent">The expansion's leading exponent p(β, M) on the grid ([M, β]); p ≥ 0: the operator does not map the datum's space to itself.</param>
public sealed record KwePhaseDiagramResult(KwePhaseDiagramSpec Spec, IReadOnlyList<KwePhaseDiagramRow> Rows, double[] GridBeta, double[] GridM,
    double[,] LeadingExponent, IReadOnlyList<string> Warnings, double ElapsedSeconds);

/// <summary>
/// The (β, M) phase diagram of ⟨ω⟩^{M/2}C[n⁰](ω) as ω → ∞ for a datum of decay M: β*(M) from the large-ω expansion
/// (<see cref="IsotropicAsymptotics"/>), confirmed at each M by the operator out to <see cref="KwePhaseDiagramSpec.OmegaMax"/>
/// (<see cref="KweAsymptoticsStudy"/>: fits with the subleading exponent from the expansion in windows moving up by a decade).
/// </summary>
public static class KwePhaseDiagram
{
    /// <summary>The expansion of the datum of <paramref name="spec"/> with decay <paramref name="m"/>.</summary>
    public static AsymptoticExpansion Expand(KwePhaseDiagramSpec spec, double m, double beta, bool exponentsOnly = false) =>
        IsotropicAsymptotics.Expand(new KweDatum(spec.Datum, m, spec.A, spec.N).Create(), beta, spec.Part, exponentsOnly: exponentsOnly);

    /// <summary>The leading exponent of the expansion (bounds included for the oscillating datum's B: they can only raise it).</summary>
    public static double LeadingExponent(KwePhaseDiagramSpec spec, double m, double beta)
    {
        var e = Expand(spec, m, beta, exponentsOnly: true);
        return e.Terms.Where(t => !t.Bound).Select(t => t.Exponent).Max();
    }

    /// <summary>β*(M) of the expansion: exponents are linear in β, so two expansions give every β.</summary>
    public static double ExpansionThreshold(KwePhaseDiagramSpec spec, double m) =>
        IsotropicAsymptotics.Threshold(b => Expand(spec, m, b, exponentsOnly: true));

    public static KwePhaseDiagramResult Run(KwePhaseDiagramSpec spec, IProgress<ProgressInfo>? progress = null, CancellationToken cancel = default,
        int maxThreads = -1)
    {
        var warnings = spec.Validate().ToList();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var rows = new List<KwePhaseDiagramRow>();
        int k = 0;
        foreach (var m in spec.Ms)
        {
            cancel.ThrowIfCancellationRequested();
            double bx = ExpansionThreshold(spec, m);
            string lead = double.IsFinite(bx) ? Expand(spec, m, Math.Min(2, bx + 1e-3), exponentsOnly: true).Leading.Name : "";
            double thr = double.NaN, se = double.NaN, naive = double.NaN;
            KweAsymptoticsResult? study = null;
            var betas = spec.BetasAt(bx);
            if (!spec.ExpansionOnly && betas.Length >= 2)
            {
                study = KweAsymptoticsStudy.Run(new KweAsymptoticsSpec
                {
                    Datum = new KweDatum(spec.Datum, m, spec.A, spec.N),
                    Part = spec.Part,
                    Betas = betas,
                    OmegaMin = spec.OmegaMin,
                    OmegaMax = spec.OmegaMax,
                    PointsPerDecade = spec.PointsPerDecade,
                    WindowDecades = spec.WindowDecades,
                    RelTol = spec.RelTol,
                }, null, cancel, maxThreads);
                warnings.AddRange(study.Warnings.Select(x => $"M = {Require.Fmt(m)}: {x}"));
                if (study.ThresholdByWindow.Count > 0)
                {
                    var top = study.ThresholdByWindow[^1];
                    thr = top.Corrected;
                    naive = top.Naive;
                    se = study.ThresholdUncertainty;
                }
                if (!double.IsFinite(thr))
                    warnings.Add($"M = {Require.Fmt(m)}: the measured exponents do not cross 0 between β = {Require.Fmt(betas[0])} and {Require.Fmt(betas[^1])}");
            }
            else if (!spec.ExpansionOnly)
                warnings.Add($"M = {Require.Fmt(m)}: fewer than two β to measure a crossing");
            rows.Add(new KwePhaseDiagramRow(m, bx, lead, thr, se, naive, study));
            progress?.Report(new ProgressInfo("M values", ++k, spec.Ms.Length, $"M = {Require.Fmt(m)}"));
        }

        // the diagram's grid: β ∈ [0, 2], M from just above 0 (or below the smallest M) to above the largest
        double mLo = Math.Max(0.5, Math.Floor(spec.Ms.Min()) - 1), mHi = Math.Ceiling(spec.Ms.Max()) + 1;
        var gb = Enumerable.Range(0, 201).Select(i => i * 0.01).ToArray();
        int nm = (int)Math.Round((mHi - mLo) / 0.1) + 1;
        var gm = Enumerable.Range(0, nm).Select(i => mLo + i * 0.1).ToArray();
        var p = new double[nm, gb.Length];
        for (int j = 0; j < nm; j++)
        {
            // exponents are linear in β: two expansions per M
            var e0 = Expand(spec, gm[j], 0, exponentsOnly: true).Terms;
            var e1 = Expand(spec, gm[j], 1, exponentsOnly: true).Terms;
            for (int i = 0; i < gb.Length; i++)
                p[j, i] = e0.Zip(e1).Where(t => !t.First.Bound).Max(t => t.First.Exponent + gb[i] * (t.Second.Exponent - t.First.Exponent));
        }
        return new KwePhaseDiagramResult(spec, rows, gb, gm, p, warnings, sw.Elapsed.TotalSeconds);
    }
}
