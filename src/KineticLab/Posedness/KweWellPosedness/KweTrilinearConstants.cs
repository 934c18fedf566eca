using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Posedness.KweWellPosedness;

/// <summary>Parameters of the computation of the constants of (2.7).</summary>
/// <param name="Beta">β.</param>
/// <param name="M">The weight ⟨k⟩^M, i.e. (1 + ω)^{M/2} for radial data.</param>
/// <param name="OmegaMax">Λ: the supremum is taken over ω ≤ Λ.</param>
/// <param name="TruncatedManifold">Integrate over the truncated manifold (all four frequencies ≤ Λ, what a grid solver on [0, Λ] sees) instead of the whole one.</param>
/// <param name="OmegaMin">Smallest ω sampled.</param>
/// <param name="PointsPerDecade">Samples per decade before the maximum is refined.</param>
/// <param name="RelTol">Quadrature tolerance.</param>
public sealed record KweTrilinearConstantSpec(
    double Beta,
    double M,
    double OmegaMax = 1e6,
    bool TruncatedManifold = false,
    double OmegaMin = 1e-6,
    int PointsPerDecade = 4,
    double RelTol = 1e-8)
{
    public void Validate()
    {
        Require.InRange("beta", Beta, 0, 2);
        Require.InRange("M", M, 0.5, 100);
        Require.InRange("omega_min", OmegaMin, 1e-8, 1);
        if (!(OmegaMax > OmegaMin)) throw new InvalidInputException("omega_max", Require.Fmt(OmegaMax), "must exceed omega_min");
        Require.IntInRange("points_per_decade", PointsPerDecade, 1, 50);
        Require.InRange("rtol", RelTol, 1e-13, 1e-3);
    }
}

/// <summary>The constant of one piece: sup_{ω ≤ Λ} ⟨k⟩^M T[w, w, w](ω), w = ⟨k⟩^{−M}.</summary>
/// <param name="Piece">The seed's name: G1 (C²³⁴), G2 (C¹³⁴), L1 (C¹²⁴), L2 (C¹²³).</param>
/// <param name="Term">The isotropic trilinear form.</param>
/// <param name="Value">The supremum over the sampled and refined ω.</param>
/// <param name="ArgMax">Where it is attained.</param>
/// <param name="AtOmegaMax">The weighted value at Λ (equal to <paramref name="Value"/> when the supremum is at the top: growth, or the approach to a limit).</param>
/// <param name="GrowthExponent">The large-ω exponent of ⟨k⟩^M T[w, w, w] (docs/kwe-threshold.md): 2β − 1/2 for G1 and L2, max(3β + 1/2 − M/2, 2β − 1/2 − M/2) for G2 and L1.</param>
public sealed record KweTrilinearConstant(string Piece, TrilinearTerm Term, double Value, double ArgMax, double AtOmegaMax, double GrowthExponent);

/// <summary>The four constants and their sum (the constant C₁ of the proof of Theorem 2.6 for the full operator).</summary>
public sealed record KweTrilinearConstants(KweTrilinearConstantSpec Spec, IReadOnlyList<KweTrilinearConstant> Pieces)
{
    /// <summary>C₁ = C(G1) + C(G2) + C(L1) + C(L2): ‖⟨k⟩^M C[f,g,h]‖ ≤ C₁‖⟨k⟩^M f‖‖⟨k⟩^M g‖‖⟨k⟩^M h‖.</summary>
    public double Sum => Pieces.Sum(p => p.Value);

    /// <summary>Whether every piece is bounded as Λ → ∞ (all growth exponents ≤ 0).</summary>
    public bool Bounded => Pieces.All(p => p.GrowthExponent <= 1e-12);

    /// <summary>
    /// By positivity of the kernel, |T[f,g,h]| ≤ T[|f|,|g|,|h|] ≤ T[w,w,w]·‖⟨k⟩^M f‖‖⟨k⟩^M g‖‖⟨k⟩^M h‖ with w = ⟨k⟩^{−M}, with equality
    /// at f = g = h = w: the best constant of (2.7) for each piece is sup ⟨k⟩^M T[w,w,w], a radial computation (the supremum over
    /// all, not only radial, f, g, h). Computed with the isotropic operator for w(ω) = (1 + ω)^{−M/2}.
    /// </summary>
    public static KweTrilinearConstants Compute(KweTrilinearConstantSpec spec, IProgress<ProgressInfo>? progress = null,
        CancellationToken cancel = default, int maxThreads = -1)
    {
        spec.Validate();
        var w = new KBracketDatum(spec.M);
        var op = new IsotropicCollisionOperator(spec.Beta, new IsotropicQuadratureOptions(RelTol: spec.RelTol, InnerRelTol: spec.RelTol / 10,
            MaxSegments: 20000, Truncation: spec.TruncatedManifold ? spec.OmegaMax : double.PositiveInfinity));
        double Weighted(TrilinearTerm t, double omega) =>
            Math.Exp(0.5 * spec.M * Numerics.SpecialFunctions.Log1p(omega)) * op.Trilinear(t, w, w, w, omega).Value;
        var pieces = new (string Name, TrilinearTerm Term)[] { ("G1", TrilinearTerm.C234), ("G2", TrilinearTerm.C134), ("L1", TrilinearTerm.C124), ("L2", TrilinearTerm.C123) };
        int count = (int)Math.Round(Math.Log10(spec.OmegaMax / spec.OmegaMin) * spec.PointsPerDecade) + 1;
        var omega = Enumerable.Range(0, count).Select(i => spec.OmegaMin * Math.Pow(spec.OmegaMax / spec.OmegaMin, (double)i / (count - 1))).ToArray();
        var values = new double[pieces.Length, count];
        long done = 0;
        Parallel.For(0, pieces.Length * count, new ParallelOptions { MaxDegreeOfParallelism = maxThreads, CancellationToken = cancel }, k =>
        {
            int p = k / count, j = k % count;
            values[p, j] = Weighted(pieces[p].Term, omega[j]);
            progress?.Report(new ProgressInfo("trilinear forms", Interlocked.Increment(ref done), pieces.Length * count));
        });
        var result = new KweTrilinearConstant[pieces.Length];
        Parallel.For(0, pieces.Length, new ParallelOptions { MaxDegreeOfParallelism = maxThreads, CancellationToken = cancel }, p =>
        {
            int best = 0;
            for (int j = 1; j < count; j++) if (values[p, j] > values[p, best]) best = j;
            double arg = omega[best], val = values[p, best];
            if (best > 0 && best < count - 1)
            {
                // golden-section search in log ω on the bracketing samples
                double a = Math.Log(omega[best - 1]), b = Math.Log(omega[best + 1]);
                const double g = 0.6180339887498949;
                double c = b - g * (b - a), d = a + g * (b - a);
                double fc = Weighted(pieces[p].Term, Math.Exp(c)), fd = Weighted(pieces[p].Term, Math.Exp(d));
                for (int it = 0; it < 14; it++)
                {
                    if (fc > fd) { b = d; d = c; fd = fc; c = b - g * (b - a); fc = Weighted(pieces[p].Term, Math.Exp(c)); }
                    else { a = c; c = d; fc = fd; d = a + g * (b - a); fd = Weighted(pieces[p].Term, Math.Exp(d)); }
                }
                double fm = Math.Max(fc, fd);
                if (fm > val) { val = fm; arg = Math.Exp(fc > fd ? c : d); }
            }
            double beta = spec.Beta, h = 0.5 * spec.M;
            double growth = pieces[p].Term is TrilinearTerm.C234 or TrilinearTerm.C123
                ? 2 * beta - 0.5
                : Math.Max(3 * beta + 0.5 - h, 2 * beta - 0.5 - h);
            result[p] = new KweTrilinearConstant(pieces[p].Name, pieces[p].Term, val, arg, values[p, count - 1], growth);
        });
        return new KweTrilinearConstants(spec, result);
    }
}
