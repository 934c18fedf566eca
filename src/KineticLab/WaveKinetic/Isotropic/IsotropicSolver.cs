using KineticLab.Numerics.Distributed;
using KineticLab.Numerics.TimeStepping;
using KineticLab.Simulations;

namespace KineticLab.WaveKinetic.Isotropic;

/// <summary>Parameters of an isotropic KWE solve (the grid, the equation and the time integration).</summary>
public sealed record IsotropicSolveSpec
{
    public required double Beta { get; init; }
    /// <summary>Full (∂t n = C[n]) or Gain (the gain-only equation ∂t n = G[n]).</summary>
    public CollisionPart Equation { get; init; } = CollisionPart.Full;
    public double OmegaMin { get; init; } = 1e-3;
    public double OmegaMax { get; init; } = 1e2;
    public int PointsPerOctave { get; init; } = 3;
    public int Degree { get; init; } = 5;
    /// <summary>α of the interpolated u = n(1 + ω)^α; also M/2 of the tracked norm sup ⟨ω⟩^{M/2}|n| (M = 2α).</summary>
    public double WeightExponent { get; init; } = 6;
    public GridTail Tail { get; init; } = GridTail.Truncated;
    public int PointsPerCell { get; init; } = 3;
    public bool ConservativeProjection { get; init; } = true;
    public double TEnd { get; init; } = 1;
    public int Outputs { get; init; } = 10;
    public double RelTol { get; init; } = 1e-6;
    public double AbsTol { get; init; } = 1e-9;
    public string Method { get; init; } = "dopri5";
    public long MaxSteps { get; init; } = 1_000_000;

    public IReadOnlyList<string> Validate()
    {
        var w = new List<string>();
        Require.InRange("beta", Beta, 0, 2, "must be in [0, 2] (the seed's range is [0, 1])");
        if (Beta > 1) w.Add("β > 1 is outside the seed's quasilinear range [0, 1]");
        if (Equation == CollisionPart.Loss) throw new InvalidInputException("equation", "loss", "must be full or gain");
        Require.InRange("omega_min", OmegaMin, 1e-12, 1e3);
        if (!(OmegaMax > OmegaMin)) throw new InvalidInputException("omega_max", Require.Fmt(OmegaMax), "must exceed omega_min");
        Require.InRange("omega_max", OmegaMax, 1e-9, 1e8);
        Require.IntInRange("points_per_octave", PointsPerOctave, 1, 64);
        Require.InRange("weight_exponent", WeightExponent, 0, 100);
        Require.IntInRange("points_per_cell", PointsPerCell, 1, 8);
        Require.Positive("t_end", TEnd);
        Require.IntInRange("outputs", Outputs, 1, 10_000);
        Require.InRange("rtol", RelTol, 1e-13, 0.1);
        Require.InRange("atol", AbsTol, 1e-300, 1);
        if (MaxSteps < 1) throw new InvalidInputException("max_steps", MaxSteps.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be >= 1");
        ButcherTableau.ByName(Method);
        if (ConservativeProjection && Tail != GridTail.Truncated)
            w.Add("the conservative projection applies only on the truncated manifold; it is off with the power-law tail");
        if (Equation == CollisionPart.Gain && ConservativeProjection)
            w.Add("the gain-only equation conserves nothing; no projection is applied to it");
        return w;
    }

    public IsotropicGrid CreateGrid() => new(OmegaMin, OmegaMax, PointsPerOctave, WeightExponent, Degree, Tail);
}

/// <summary>Diagnostics at one output time.</summary>
/// <param name="Time">t.</param>
/// <param name="Waveaction">∫_0^{ω_max} n √ω dω of the interpolant.</param>
/// <param name="Energy">∫_0^{ω_max} n ω^{3/2} dω.</param>
/// <param name="WeightedSupNorm">max_j ⟨ω_j⟩^{α}|n_j| (α = weight exponent, i.e. ⟨ω⟩^{M/2} with M = 2α).</param>
/// <param name="MinValue">min_j n_j (positivity).</param>
/// <param name="Steps">Accepted steps so far.</param>
/// <param name="Rejected">Rejected steps so far.</param>
/// <param name="Evaluations">Operator evaluations so far.</param>
public readonly record struct SolveDiagnostics(double Time, double Waveaction, double Energy, double WeightedSupNorm, double MinValue,
    long Steps, long Rejected, long Evaluations);

/// <summary>What an in-memory solve produced: diagnostics and nodal snapshots at the output times, and the final state.</summary>
public sealed class IsotropicSolution
{
    public required IReadOnlyList<SolveDiagnostics> Diagnostics { get; init; }
    public required IReadOnlyList<double[]> Snapshots { get; init; }
    public required IntegratorState State { get; init; }
    public required RunStop Stop { get; init; }
}

/// <summary>
/// The isotropic KWE as an ODE system on the grid, ∂t n_j = C_h[n]_j (or G_h), integrated by an embedded
/// Runge–Kutta pair with error control in the weighted space: the absolute tolerance of node j is
/// atol·(1 + ω_j)^{−α}, so steps are controlled in ⟨ω⟩^{−α}L^∞ where the solution lives.
/// </summary>
public sealed class IsotropicSolver : IOdeSystem
{
    private readonly IsotropicGridOperator _op;
    private readonly CollisionPart _eq;

    public IsotropicSolver(IsotropicSolveSpec spec, int maxThreads = -1)
    {
        spec.Validate();
        Spec = spec;
        Grid = spec.CreateGrid();
        _eq = spec.Equation;
        _op = new IsotropicGridOperator(Grid, spec.Beta, new GridOperatorOptions(spec.PointsPerCell, PairingMode.On,
            spec.ConservativeProjection && spec.Equation == CollisionPart.Full, maxThreads));
    }

    public IsotropicSolveSpec Spec { get; }
    public IsotropicGrid Grid { get; }
    public IsotropicGridOperator Operator => _op;
    public int Dimension => Grid.N;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) => _op.Evaluate(y, dydt, _eq);

    /// <summary>Output times t_k = TEnd·k/Outputs, k = 0..Outputs.</summary>
    public double OutputTime(int k) => Spec.TEnd * k / Spec.Outputs;

    public SolveDiagnostics Diagnose(IntegratorState s)
    {
        var n = s.Y;
        double wa = 0, en = 0, sup = 0, min = double.PositiveInfinity;
        for (int j = 0; j < n.Length; j++)
        {
            wa += _op.WaveactionWeights[j] * n[j];
            en += _op.EnergyWeights[j] * n[j];
            sup = Math.Max(sup, Grid.Rho[j] * Math.Abs(n[j]));
            min = Math.Min(min, n[j]);
        }
        return new SolveDiagnostics(s.Time, wa, en, sup, min, s.Accepted, s.Rejected, s.Evaluations);
    }

    public StepControl Control()
    {
        var scale = new double[Grid.N];
        for (int j = 0; j < scale.Length; j++) scale[j] = 1 / Grid.Rho[j];
        return new StepControl(Spec.RelTol, Spec.AbsTol, scale);
    }

    /// <summary>The initial state from a spectrum.</summary>
    public IntegratorState Start(Spectrum initial) => new() { Time = 0, Y = Grid.Sample(initial) };

    /// <summary>The output times t_k = TEnd·k/Outputs, k = 0..Outputs (the model lands on each).</summary>
    public SpecifiedTimes OutputSchedule => new(Enumerable.Range(0, Spec.Outputs + 1).Select(OutputTime));

    /// <summary>The model: the grid ODE integrated by the spec's Runge–Kutta pair from <paramref name="state"/>.</summary>
    public OdeModel CreateModel(IntegratorState state) => new(this, ButcherTableau.ByName(Spec.Method), Control(), state);

    /// <summary>
    /// A simulation of <paramref name="model"/> to the last output time with the solver's guards: at most max_steps
    /// steps, finite waveaction and energy, and (full equation) nonnegative waveaction.
    /// </summary>
    public Simulation CreateSimulation(OdeModel model, ICommunicator? communicator = null)
    {
        var sim = new Simulation(model, communicator) { StopTime = OutputTime(Spec.Outputs) };
        sim.Guards.Add(Guard.MaxSteps(Spec.MaxSteps));
        sim.Guards.Add(new Guard("waveaction", m =>
        {
            var d = Diagnose(((OdeModel)m).State);
            return double.IsFinite(d.Waveaction) && double.IsFinite(d.Energy) ? null : $"waveaction {d.Waveaction:E3} or energy {d.Energy:E3} is not finite";
        }));
        if (_eq == CollisionPart.Full)
            sim.Guards.Add(new Guard("waveaction", m =>
            {
                var d = Diagnose(((OdeModel)m).State);
                return d.Waveaction < 0 ? $"negative waveaction {d.Waveaction:E3}" : null;
            }));
        return sim;
    }

    /// <summary>Solves in memory from <paramref name="initial"/> (no files): diagnostics and snapshots at the output times.</summary>
    public IsotropicSolution Solve(Spectrum initial, CancellationToken cancel = default)
    {
        var model = CreateModel(Start(initial));
        var (outputs, stop) = CreateSimulation(model).Collect(OutputSchedule, () => (Diagnose(model.State), (double[])model.State.Y.Clone()), cancel);
        return new IsotropicSolution
        {
            Diagnostics = outputs.Select(v => v.Item1).ToList(),
            Snapshots = outputs.Select(v => v.Item2).ToList(),
            State = model.State,
            Stop = stop,
        };
    }
}
