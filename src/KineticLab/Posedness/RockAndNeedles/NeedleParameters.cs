using KineticLab.Boltzmann.Kernels;

namespace KineticLab.Posedness.RockAndNeedles;

/// <summary>
/// Parameters of the rock-and-needles construction (beam f_b (3.6)–(3.7), rock f_r (3.8)–(3.9), parameters (3.10)–(3.12)):
/// dimension d, relative-speed law Φ (|u−v|^γ with γ ∈ [(1−d)/2, 0], or the mixed kernel (1.14) for d = 3), regularity s₀,
/// frequency M, needle speed/length N₂, needle-count constant c_J (J = round(c_J (M N₂)^{d−1})), angular kernel
/// b = c_b|cos θ| (b₁ carried explicitly). N₁ → ∞ is taken analytically (the rock sits at v = 0); only log₁₀ N₁ is stored.
/// <para>The paper's gap s − s₀ = lnlnln M / ln M (3.11) is used when <see cref="Delta"/> is null; a fixed δ = s − s₀
/// (closeness M^{−δ}) makes exponents in M constant, which the scaling experiments need.</para>
/// </summary>
public sealed record NeedleParameters
{
    public int D { get; init; } = 3;
    /// <summary>γ of Φ = r^γ (ignored when <see cref="Mixed"/>).</summary>
    public double Gamma { get; init; } = -1;
    /// <summary>The mixed kernel (1.14): Φ = r for r ≤ 1, 1/r for r ≥ 1 (d = 3, Corollary 1.3).</summary>
    public bool Mixed { get; init; }
    public double S0 { get; init; } = 0.5;
    public double M { get; init; } = 16;
    public double N2 { get; init; } = 64;
    /// <summary>log₁₀ N₁ (bookkeeping only; the computations take N₁ → ∞). Null: the paper's minimum 10 log₁₀ N₂.</summary>
    public double? Log10N1 { get; init; }
    public double CJ { get; init; } = 0.35;
    /// <summary>s − s₀; null for the paper's lnlnln M / ln M.</summary>
    public double? Delta { get; init; }
    /// <summary>c_b in b(cos θ) = c_b |cos θ|.</summary>
    public double BScale { get; init; } = 1;
    /// <summary>Scale the beam so that the continuum rate at the focus is exactly Λ (b₁ c_J ‖χ‖_{L¹(R^{d−1})} w_Φ = 1), see the digest §4.14.</summary>
    public bool UnitRate { get; init; } = true;

    /// <summary>Largest c_J for which neighbouring velocity needles are disjoint (d = 2: 2π/5 for equal angles; d = 3: 0.38, from the measured minimum angle 3.092/√J of the spiral points against 2 arcsin(2.5/(M N₂))).</summary>
    public static double MaxDisjointCJ(int d) => d == 2 ? 2 * Math.PI / 5 : 0.38;

    /// <summary>Checks the ranges (exit code 2 on failure, naming the field); returns warnings.</summary>
    public IReadOnlyList<string> Validate()
    {
        var w = new List<string>();
        if (D != 2 && D != 3) throw new InvalidInputException("d", D.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be 2 or 3");
        Require.Finite("s0", S0);
        if (S0 < 0) throw new InvalidInputException("s0", Require.Fmt(S0), "must be ≥ 0");
        if (S0 > 4) throw new InvalidInputException("s0", Require.Fmt(S0), "must be ≤ 4");
        if (Mixed)
        {
            if (D != 3) throw new InvalidInputException("kernel", "mixed", "the mixed kernel (1.14) is covered for d = 3 only (Corollary 1.3)");
        }
        else
        {
            Require.Finite("gamma", Gamma);
            double lo = (1.0 - D) / 2;
            if (Gamma < lo || Gamma > 0)
                throw new InvalidInputException("gamma", Require.Fmt(Gamma), $"must be in [{Require.Fmt(lo)}, 0] for d = {D} (or use kernel mixed)");
        }
        Require.Finite("M", M);
        if (!(M > 1)) throw new InvalidInputException("M", Require.Fmt(M), "must be > 1");
        if (M > 1e12) throw new InvalidInputException("M", Require.Fmt(M), "must be ≤ 1e12");
        if (Delta is null && !(M > Math.Exp(Math.E)))
            throw new InvalidInputException("M", Require.Fmt(M), "must exceed e^e ≈ 15.154 when delta is not given (s − s0 = lnlnln M / ln M needs ln ln M > 1)");
        if (Delta is { } dl && (!double.IsFinite(dl) || dl < 0 || dl > 1))
            throw new InvalidInputException("delta", Require.Fmt(dl), "must be in [0, 1]");
        Require.Finite("N2", N2);
        if (!(N2 >= 1) || N2 > 1e100) throw new InvalidInputException("N2", Require.Fmt(N2), "must be in [1, 1e100]");
        if (M * N2 < 8) throw new InvalidInputException("N2", Require.Fmt(N2), "M·N2 must be ≥ 8 (needles thinner than their speed)");
        if (!(CJ > 0) || CJ > 10) throw new InvalidInputException("c_J", Require.Fmt(CJ), "must be in (0, 10]");
        if (!(BScale > 0) || !double.IsFinite(BScale)) throw new InvalidInputException("b", Require.Fmt(BScale), "must be > 0");
        if (Log10N1 is { } n1 && (!double.IsFinite(n1) || n1 < 0)) throw new InvalidInputException("log10_N1", Require.Fmt(n1), "must be ≥ 0");
        if (CJ > MaxDisjointCJ(D)) w.Add($"c_J = {Require.Fmt(CJ)} > {MaxDisjointCJ(D):G4}: neighbouring velocity needles overlap; the beam norm formula assumes disjoint needles");
        if (S0 >= (D - 1) / 2.0) w.Add($"s0 = {Require.Fmt(S0)} ≥ (d−1)/2: outside the ill-posedness range of Theorem 1.2");
        if (Log10N1 is { } m1 && m1 < 10 * Math.Log10(N2)) w.Add("N1 < N2^10: below the paper's (3.10) (the computations take N1 → ∞ anyway)");
        return w;
    }

    public RelativeSpeedKernel Phi => Mixed ? RelativeSpeedKernel.Mixed(D) : RelativeSpeedKernel.Power(D, Gamma);
    public double B1 => AngularKernel.SeedAbsCos(D, BScale).NormL1;
    /// <summary>The γ that enters the weights: −1 for the mixed kernel (|u − v| ~ N₂ ≫ 1).</summary>
    public double EffectiveGamma => Mixed ? -1 : Gamma;
    /// <summary>r₀ = max{0, s₀ + γ}.</summary>
    public double R0Weight => Math.Max(0, S0 + EffectiveGamma);
    public double Log10N1Value => Log10N1 ?? 10 * Math.Log10(N2);

    /// <summary>lnlnln M (NaN when M ≤ e^e).</summary>
    public double LogLogLogM => Math.Log(Math.Log(Math.Log(M)));
    public double S => S0 + (Delta ?? LogLogLogM / Math.Log(M));
    /// <summary>Λ = M^{(d−1)/2 − s}.</summary>
    public double LogLambda => ((D - 1) / 2.0 - S) * Math.Log(M);
    public double Lambda => Math.Exp(LogLambda);
    /// <summary>T_* = −(s − s₀) ln M / Λ (= −M^{s−(d−1)/2} lnlnln M for the paper's s); e^{|T_*|Λ} = M^{s−s₀}.</summary>
    public double TStar => -(S - S0) * Math.Log(M) / Lambda;
    /// <summary>M^{s−s₀} (= ln ln M for the paper's s): the deflation factor the construction aims at.</summary>
    public double Closeness => Math.Exp((S - S0) * Math.Log(M));
    /// <summary>J as a real number c_J (M N₂)^{d−1} (rounded when the directions are built).</summary>
    public double JReal => CJ * Math.Pow(M * N2, D - 1);
    public long J => (long)Math.Max(1, Math.Round(JReal));

    /// <summary>∫ I_j(u) Φ(|u|) du in the continuum approximation |u| ≈ u·e_j: M^{1−d}‖χ‖_{L¹(R^{d−1})} N₂ Φ(N₂) w_Φ.</summary>
    public double NeedleRateIntegral => Math.Pow(M, 1 - D) * Bump.L1(D - 1) * N2 * Phi.Eval(N2) * Bump.SpeedMoment(Phi.Eval, N2);

    /// <summary>ln of the beam amplitude a_b: the paper's M^{(d−1)/2−s} N₂^{−(d+γ)}, divided by b₁ c_J ‖χ‖_{L¹} w_Φ when <see cref="UnitRate"/>.</summary>
    public double LogBeamAmplitude
    {
        get
        {
            double a = LogLambda - (D + EffectiveGamma) * Math.Log(N2);
            if (UnitRate) a -= Math.Log(B1 * CJ * Bump.L1(D - 1) * Bump.SpeedMoment(Phi.Eval, N2) * Phi.Eval(N2) / Math.Pow(N2, EffectiveGamma));
            return a;
        }
    }

    /// <summary>
    /// The continuum rate at the focus R₀ = b₁ a_b J ∫ I_j Φ(|u|) du, with J = c_J (M N₂)^{d−1} as a real number
    /// (= Λ·b₁ c_J ‖χ‖_{L¹(R^{d−1})} w_Φ, and exactly Λ when <see cref="UnitRate"/>).
    /// </summary>
    public double ContinuumR0 => B1 * Math.Exp(LogBeamAmplitude + Math.Log(JReal)) * NeedleRateIntegral;

    public string KernelName => Mixed ? "mixed (1.14)" : $"γ = {Require.Fmt(Gamma)}";

    public string Describe() =>
        $"d = {D}, {KernelName}, s0 = {Require.Fmt(S0)}, M = {Require.Fmt(M)}, N2 = {Require.Fmt(N2)}, c_J = {Require.Fmt(CJ)}" +
        (Delta is { } dl ? $", s − s0 = {Require.Fmt(dl)}" : ", s − s0 = lnlnln M/ln M");
}
