using KineticLab.Numerics.Norms;
using KineticLab.Numerics.Quadrature;
using KineticLab.Posedness.RockAndNeedles;

namespace KineticLab.Posedness.WellPosed;

/// <summary>The beam of the space-time ratio: the seed's needles (length N₂) or round "bullets" (length 1/M).</summary>
public enum BeamShape { Needles, Bullets }

/// <summary>Discretization of the space-time ratio (for convergence studies).</summary>
public sealed record SpaceTimeGrid(int TimeNodes = 8, int ProfilePoints = 400, int Angles = 256, double KMax = 400, int XPanels = 100)
{
    public static SpaceTimeGrid Coarse => new(4, 200, 128, 200, 50);
    public static SpaceTimeGrid Fine => new(12, 800, 512, 800, 200);
}

/// <summary>Settings of the space-time ratio of rock and needles (docs/boltzmann-well-posed.md §3).</summary>
public sealed record SpaceTimeRatioSpec
{
    /// <summary>d, kernel (γ or mixed), N₂ (of the M scan); c_J, b, δ and the unit-rate option cancel from the ratio.</summary>
    public required NeedleParameters Base { get; init; }
    public BeamShape Shape { get; init; } = BeamShape.Needles;
    public required double[] S0s { get; init; }
    public required double[] Ms { get; init; }
    /// <summary>The time interval [0, T] of the L²_t norm (the seed's needles stay focused for |t| ≤ 1/4, (3.17)).</summary>
    public double T { get; init; } = 0.25;
    public SpaceTimeGrid Grid { get; init; } = new();
}

/// <summary>Γ_0 (t = 0), Γ_T (L²_t) and the integrated damping ratio Γ¹_T (L¹_t) at one (s₀, M).</summary>
public sealed record SpaceTimePoint(double S0, double M, double Gamma0, double GammaT, double GammaL1, double LogBeamNorm, double R0);

/// <summary>Fitted exponents of M for each s₀.</summary>
public sealed record SpaceTimeExponents(double S0, Slope Gamma0, Slope GammaT, Slope GammaL1);

public sealed record SpaceTimeRatioResult(SpaceTimeRatioSpec Spec, IReadOnlyList<SpaceTimePoint> Points, IReadOnlyList<SpaceTimeExponents> Exponents, double ElapsedSeconds);

/// <summary>
/// The space-time bilinear ratio on free solutions (docs/boltzmann-well-posed.md §3): with f = the rock, g = the beam, both freely
/// transported (N₁ → ∞: the rock does not move, Q^±(f_r, f_b) reduces to Q⁻(f_r, f_b) = f_r R(t, x, 0), the gain terms and
/// Q⁻(f_b, f_r) carry the rock's vanishing mass N₁^{−d/2}),
/// <code>
/// Γ_T(M) = ‖⟨∇_x⟩^{s₀}⟨v⟩^{s₀+γ} Q⁻(f_r(t), f_b(t))‖_{L²([0,T]; L²_{x,v})} / (‖f_r(0)‖ ‖f_b(0)‖),  norms in H^{s₀}_x L^{2,s₀+γ}_v,
///        = R₀ (∫₀^T ‖χ P_t‖²_{s₀,M} dt)^{1/2} / (‖χ‖_{s₀,M} ‖f_b‖),
/// </code>
/// ‖φ‖_{s₀,M} = ‖(M^{−2} − Δ)^{s₀/2}φ‖ (radial transform), R₀P_t(M|x|) the rate of <see cref="BeamRateProfile"/>. Both
/// amplitudes cancel. For free data θ(t)U(t)f₀ the X^{s,r,b} norm is ‖θ‖_{H^b}‖f₀‖ (O11), so the seed's (2.1) bounds Γ_T
/// uniformly in M for s₀ &gt; (d−1)/2. Also Γ_0 (today's t = 0 ratio, = Γ_T/√T for a time-independent rate) and the
/// integrated damping Γ¹_T = R₀∫₀^T‖χP_t‖dt/(‖χ‖‖f_b‖) (the L¹_t quantity that norm deflation needs).
/// </summary>
public static class SpaceTimeRatio
{
    public static SpaceTimeRatioResult Run(SpaceTimeRatioSpec spec, IProgress<ProgressInfo>? progress = null, CancellationToken cancel = default)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var b = spec.Base;
        int d = b.D;
        var g = spec.Grid;
        var opts = new RadialFourier.Options(XPanels: g.XPanels, KMax: g.KMax);
        var rock = RadialFourier.Compute(d, Bump.Chi, 2, Bump.Breakpoints, opts);
        var points = new List<SpaceTimePoint>();
        int done = 0;
        foreach (var m in spec.Ms)
        {
            cancel.ThrowIfCancellationRequested();
            var p = b with { M = m, Delta = b.Delta ?? 0 };
            p.Validate();
            double len = spec.Shape == BeamShape.Needles ? p.N2 : 1 / m;
            var prof = new BeamRateProfile(p, len, angles: g.Angles);
            // time nodes: needles — Gauss–Legendre on [0, T]; bullets — on [0, min(T, 5/(M N₂))] (after that the rate is 0)
            double tEnd = spec.Shape == BeamShape.Needles ? spec.T : Math.Min(spec.T, 5 / (m * p.N2));
            var gl = GaussLegendre.Get(g.TimeNodes);
            var ts = new List<(double T, double W)>();
            int panels = spec.Shape == BeamShape.Needles ? 1 : 2;
            for (int k = 0; k < panels; k++)
            {
                double lo = tEnd * k / panels, hi = tEnd * (k + 1) / panels, c = 0.5 * (lo + hi), h = 0.5 * (hi - lo);
                for (int q = 0; q < gl.N; q++) ts.Add((c + h * gl.Nodes[q], h * gl.Weights[q]));
            }
            var sq0 = new double[spec.S0s.Length];
            var sqT = new double[spec.S0s.Length];
            var l1 = new double[spec.S0s.Length];
            double a = 1 / (m * m);
            foreach (var (t, w) in ts.Prepend((0.0, double.NaN)))
            {
                cancel.ThrowIfCancellationRequested();
                var tab = prof.Table(t, g.ProfilePoints);
                var rf = RadialFourier.Compute(d, r => Bump.Chi(r) * tab(r), 2, Bump.Breakpoints, opts);
                for (int i = 0; i < spec.S0s.Length; i++)
                {
                    double n2 = rf.SobolevSquared(spec.S0s[i], a);
                    if (double.IsNaN(w)) sq0[i] = n2;
                    else { sqT[i] += w * n2; l1[i] += w * Math.Sqrt(n2); }
                }
            }
            double logR0 = Math.Log(p.B1) + p.LogBeamAmplitude + Math.Log(p.JReal) + Math.Log(prof.NeedleIntegral);
            for (int i = 0; i < spec.S0s.Length; i++)
            {
                double s0 = spec.S0s[i];
                double ls = NeedleNorms.LogSpaceNeedleNormSq(d, s0, m, len);
                double lv = NeedleNorms.LogVelocityNeedleNormSq(d, s0 + p.EffectiveGamma, m, p.N2);
                double logBeam = p.LogBeamAmplitude + 0.5 * Math.Log(p.JReal) + 0.5 * (ls + lv);
                double rockNorm = rock.Sobolev(s0, a);
                double pre = Math.Exp(logR0 - logBeam) / rockNorm;
                points.Add(new SpaceTimePoint(s0, m, pre * Math.Sqrt(sq0[i]), pre * Math.Sqrt(sqT[i]), pre * l1[i], logBeam, Math.Exp(logR0)));
            }
            progress?.Report(new ProgressInfo("Γ_T(M)", ++done, spec.Ms.Length, $"{spec.Shape}, d = {d}, M = {m}"));
        }
        var exps = new List<SpaceTimeExponents>();
        foreach (var s0 in spec.S0s)
        {
            var pts = points.Where(x => x.S0 == s0).ToList();
            var lm = pts.Select(x => Math.Log(x.M)).ToList();
            exps.Add(new SpaceTimeExponents(s0, Slope.FitLog(lm, pts.Select(x => Math.Log(x.Gamma0)).ToList()),
                Slope.FitLog(lm, pts.Select(x => Math.Log(x.GammaT)).ToList()), Slope.FitLog(lm, pts.Select(x => Math.Log(x.GammaL1)).ToList())));
        }
        return new SpaceTimeRatioResult(spec, points, exps, sw.Elapsed.TotalSeconds);
    }

    public static NeedleParameters Defaults(int d, double gamma) =>
        new() { D = d, Gamma = gamma, N2 = 1024, CJ = d == 2 ? 1 : 0.35, M = 64, Delta = 0, S0 = 0.5 };
}
