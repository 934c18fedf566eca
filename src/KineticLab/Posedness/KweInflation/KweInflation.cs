using KineticLab.Numerics.Fitting;
using KineticLab.Numerics.TimeStepping;
using KineticLab.Simulations;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Posedness.KweInflation;

/// <summary>The time integrators available to the inflation runs.</summary>
public enum KweIntegrator
{
    /// <summary>Dormand–Prince 5(4), explicit (the solver's default).</summary>
    Dopri5,
    /// <summary>Lawson–Dormand–Prince 5(4) with the local rates as linear part (<see cref="LawsonRungeKutta"/>): fast growth at large ω is exact.</summary>
    Lawson5,
    /// <summary>ETD3(2) with the local rates (<see cref="EtdRungeKutta"/>).</summary>
    Etd3,
}

/// <summary>Parameters of the norm-inflation (doubling time) and blow-up measurements.</summary>
public sealed record KweInflationSpec
{
    public required double Beta { get; init; }
    /// <summary>Gain (the gain-only equation) or Full.</summary>
    public CollisionPart Equation { get; init; } = CollisionPart.Gain;
    public KweDatum Datum { get; init; } = new(KweDatumKind.Smooth, 12);
    public double OmegaMin { get; init; } = 1e-2;
    /// <summary>The truncations ω_max of the scan.</summary>
    public double[] OmegaMax { get; init; } = [1e2, 1e3, 1e4, 1e5, 1e6];
    public int PointsPerOctave { get; init; } = 4;
    /// <summary>
    /// What lies beyond ω_max: <see cref="GridTail.Truncated"/> (the cut-off: every interaction with a frequency above ω_max is
    /// dropped) or <see cref="GridTail.PowerLaw"/> (a tail model: n continued by the power law through the last two nodes).
    /// </summary>
    public GridTail Tail { get; init; } = GridTail.Truncated;
    /// <summary>The inflation factor (2: doubling).</summary>
    public double Factor { get; init; } = 2;
    /// <summary>Stop looking for the doubling (and for blow-up) at this time.</summary>
    public double TMax { get; init; } = 2;
    /// <summary>Also continue after the doubling until blow-up (step collapse, or sup n above <see cref="BlowUpFactor"/>·sup n⁰).</summary>
    public bool FindBlowUp { get; init; }
    public double BlowUpFactor { get; init; } = 1e6;
    public KweIntegrator Integrator { get; init; } = KweIntegrator.Lawson5;
    public double RelTol { get; init; } = 1e-6;
    /// <summary>The fit window of the exponent of T₂(ω_max) (inclusive).</summary>
    public double FitMin { get; init; } = 1e3;
    public double FitMax { get; init; } = 1e6;

    public IReadOnlyList<string> Validate()
    {
        var w = new List<string>();
        Require.InRange("beta", Beta, 0, 2);
        if (Equation == CollisionPart.Loss) throw new InvalidInputException("equation", "loss", "must be full or gain");
        Datum.Validate(w);
        if (OmegaMax is null || OmegaMax.Length == 0) throw new InvalidInputException("omega_max", "", "at least one truncation is required");
        foreach (var x in OmegaMax) if (!(x > 10 * OmegaMin)) throw new InvalidInputException("omega_max", Require.Fmt(x), "must exceed 10·omega_min");
        Require.InRange("factor", Factor, 1.0001, 1e6);
        Require.Positive("t_max", TMax);
        Require.InRange("rtol", RelTol, 1e-12, 1e-2);
        if (Datum.Kind == KweDatumKind.Oscillating)
            w.Add("the log-spaced grid does not resolve cos(Nω) beyond ω ≈ a few/(N·spacing): the oscillating datum is aliased at large ω");
        return w;
    }

    public IsotropicSolveSpec SolveSpec(double omegaMax) => new()
    {
        Beta = Beta,
        Equation = Equation,
        OmegaMin = OmegaMin,
        OmegaMax = omegaMax,
        PointsPerOctave = PointsPerOctave,
        WeightExponent = 0.5 * Datum.M,
        Tail = Tail,
        TEnd = TMax,
        Outputs = 1,
        RelTol = RelTol,
        AbsTol = RelTol * 1e-3,
        ConservativeProjection = false,
        MaxSteps = 1_000_000,
    };
}

/// <summary>One truncation.</summary>
/// <param name="OmegaMax">ω_max (the grid's last node).</param>
/// <param name="Nodes">Grid nodes.</param>
/// <param name="InitialNorm">‖⟨ω⟩^{M/2} n⁰‖_{L^∞(ω ≤ ω_max)} on the nodes.</param>
/// <param name="DoublingTime">First t with ‖⟨ω⟩^{M/2} n(t)‖ ≥ Factor·‖⟨ω⟩^{M/2} n⁰‖ (NaN if not reached by TMax or blow-up).</param>
/// <param name="DoublingNode">ω of the node where the norm is attained at the doubling time.</param>
/// <param name="BlowUpTime">When sup n first exceeds BlowUpFactor·sup n⁰ (NaN if not searched or not reached).</param>
/// <param name="CollapseTime">Where the integration stopped by step-size collapse (NaN if it did not).</param>
public sealed record KweInflationRow(double OmegaMax, int Nodes, double InitialNorm, double DoublingTime, double DoublingNode,
    double BlowUpTime, double CollapseTime, long Steps, long Evaluations, double Seconds, string Stop);

/// <summary>Result of <see cref="KweInflation.Run"/>.</summary>
/// <param name="Exponent">The fitted exponent of T₂ ∝ ω_max^e over the fit window.</param>
/// <param name="PredictedExponent">−(2β − 1/2) for β &gt; 1/4 (gain), 0 otherwise.</param>
public sealed record KweInflationResult(KweInflationSpec Spec, IReadOnlyList<KweInflationRow> Rows, double Exponent, double ExponentStdErr,
    double PredictedExponent, IReadOnlyList<string> Warnings);

/// <summary>
/// Norm inflation in time for data truncated at ω_max: the doubling time T₂(ω_max) of the weighted sup norm
/// ‖⟨ω⟩^{M/2}n(t)‖_{L^∞(ω ≤ ω_max)} (weight ⟨ω⟩ = (1 + ω²)^{1/2}, the seed's), its exponent in ω_max, and the blow-up time.
/// For the gain-only equation and β &gt; 1/4 the nodes at large ω grow like e^{λ(ω)t}, λ(ω) = K Q₀ ω^{2β−1/2}
/// (docs/kwe-threshold.md), so T₂ ≈ ln 2/λ(ω_max) ∝ ω_max^{−(2β−1/2)}: no time of existence in ⟨ω⟩^{−M/2}L^∞.
/// </summary>
public static class KweInflation
{
    public static KweInflationResult Run(KweInflationSpec spec, IProgress<ProgressInfo>? progress = null, CancellationToken cancel = default)
    {
        var warnings = spec.Validate().ToList();
        var rows = new List<KweInflationRow>();
        int k = 0;
        foreach (var om in spec.OmegaMax)
        {
            cancel.ThrowIfCancellationRequested();
            rows.Add(RunOne(spec, om, cancel));
            progress?.Report(new ProgressInfo("truncations", ++k, spec.OmegaMax.Length, $"ω_max = {om:G3}"));
        }
        // the window selects by the requested truncation (the grid's last node is near it, not at it); the fit uses the grid's
        var fit = rows.Where((r, i) => spec.OmegaMax[i] >= spec.FitMin * (1 - 1e-9) && spec.OmegaMax[i] <= spec.FitMax * (1 + 1e-9) && r.DoublingTime > 0).ToArray();
        double e = double.NaN, se = double.NaN;
        if (fit.Length >= 2)
        {
            var f = LinearFit.Line(fit.Select(r => Math.Log(r.OmegaMax)).ToArray(), fit.Select(r => Math.Log(r.DoublingTime)).ToArray());
            e = f.Coefficients[1]; se = fit.Length > 2 ? f.StandardErrors[1] : 0;
        }
        double predicted = spec.Equation == CollisionPart.Gain && spec.Beta > 0.25 ? -(2 * spec.Beta - 0.5) : 0;
        return new KweInflationResult(spec, rows, e, se, predicted, warnings);
    }

    /// <summary>The integrator of <paramref name="kind"/> for a solver.</summary>
    public static IAdaptiveIntegrator CreateIntegrator(IsotropicSolver solver, KweIntegrator kind) => kind switch
    {
        KweIntegrator.Dopri5 => new RungeKuttaIntegrator(new AdaptiveRungeKutta(ButcherTableau.DormandPrince54, solver, solver.Control())),
        KweIntegrator.Lawson5 => new LawsonRungeKutta(ButcherTableau.DormandPrince54, solver, solver.Control()),
        KweIntegrator.Etd3 => new EtdRungeKutta(solver, solver.Control()),
        _ => throw new ArgumentOutOfRangeException(nameof(kind)),
    };

    /// <summary><see cref="AdaptiveRungeKutta"/> behind <see cref="IAdaptiveIntegrator"/>.</summary>
    public sealed class RungeKuttaIntegrator(AdaptiveRungeKutta rk) : IAdaptiveIntegrator
    {
        public string Name => rk.Tableau.Name;
        public void Step(IntegratorState s, double tEnd) => rk.Step(s, tEnd);
        public void Restart() => rk.Restart();
    }

    private static KweInflationRow RunOne(KweInflationSpec spec, double omegaMax, CancellationToken cancel)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var solver = new IsotropicSolver(spec.SolveSpec(omegaMax));
        var grid = solver.Grid;
        var n0 = spec.Datum.Create();
        var weight = grid.Omega.Select(spec.Datum.Weight).ToArray();
        var state = solver.Start(n0);
        double norm0 = Norm(state.Y, weight, out _);
        double sup0 = state.Y.Max(Math.Abs);
        double target = spec.Factor * norm0;
        var integ = CreateIntegrator(solver, spec.Integrator);
        var model = new OdeModel(solver, integ, state);
        double t2 = double.NaN, t2Node = double.NaN, tBlow = double.NaN, tCollapse = double.NaN;
        string stop = "t_max reached";
        var before = state.Clone();
        try
        {
            while (model.Time < spec.TMax)
            {
                cancel.ThrowIfCancellationRequested();
                before.CopyFrom(state);
                model.Step(spec.TMax, cancel);
                double nrm = Norm(state.Y, weight, out int at);
                if (double.IsNaN(t2) && nrm >= target)
                {
                    (t2, t2Node) = Refine(solver, spec, before, state.Time, weight, target);
                    if (!spec.FindBlowUp) { stop = "doubled"; break; }
                }
                if (spec.FindBlowUp && double.IsNaN(tBlow) && state.Y.Max(Math.Abs) >= spec.BlowUpFactor * sup0)
                {
                    tBlow = state.Time;
                    stop = "blow-up threshold";
                    break;
                }
                if (state.Accepted > solver.Spec.MaxSteps) { stop = "max steps"; break; }
            }
        }
        catch (NumericalFailureException e)
        {
            tCollapse = state.Time;
            stop = e.Message;
        }
        return new KweInflationRow(grid.OmegaMax, grid.N, norm0, t2, t2Node, tBlow, tCollapse, state.Accepted, state.Evaluations, sw.Elapsed.TotalSeconds, stop);
    }

    private static double Norm(double[] y, double[] weight, out int at)
    {
        double m = 0;
        at = 0;
        for (int i = 0; i < y.Length; i++)
        {
            double v = weight[i] * Math.Abs(y[i]);
            if (v > m) { m = v; at = i; }
        }
        return m;
    }

    /// <summary>The crossing time in the last step, by the secant method on log‖n(t)‖ − log(target), re-integrating from the state before the step.</summary>
    private static (double T, double Node) Refine(IsotropicSolver solver, KweInflationSpec spec, IntegratorState before, double tAfter, double[] weight, double target)
    {
        double NormAt(double t, out int node)
        {
            var s = before.Clone();
            s.NextStep = Math.Min(s.NextStep > 0 ? s.NextStep : t - s.Time, t - s.Time);
            var integ = CreateIntegrator(solver, spec.Integrator);
            while (s.Time < t) integ.Step(s, t);
            return Norm(s.Y, weight, out node);
        }
        double ta = before.Time, tb = tAfter;
        double fa = Math.Log(Norm(before.Y, weight, out int na)) - Math.Log(target);
        double fb = Math.Log(NormAt(tb, out int nb)) - Math.Log(target);
        int node = nb;
        for (int it = 0; it < 30 && tb - ta > 1e-12 * tb; it++)
        {
            double t = fb != fa ? tb - fb * (tb - ta) / (fb - fa) : 0.5 * (ta + tb);
            if (!(t > ta && t < tb)) t = 0.5 * (ta + tb);
            double f = Math.Log(NormAt(t, out int nd)) - Math.Log(target);
            if (Math.Abs(f) < 1e-10) return (t, solver.Grid.Omega[nd]);
            if (f < 0) { ta = t; fa = f; } else { tb = t; fb = f; node = nd; }
            if (Math.Abs(fb) < 1e-10) break;
        }
        return (tb - fb * (tb - ta) / (fb - fa), solver.Grid.Omega[node]);
    }
}
