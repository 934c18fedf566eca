using KineticLab.Numerics.TimeStepping;
using KineticLab.Simulations;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.WaveKinetic.Anisotropic;

/// <summary>Parameters of a spatially homogeneous anisotropic KWE solve on a Cartesian k-grid.</summary>
public sealed record AnisotropicSolveSpec
{
    public required double Beta { get; init; }
    /// <summary>Full (∂t f = C[f]) or Gain (∂t f = G[f]).</summary>
    public CollisionPart Equation { get; init; } = CollisionPart.Full;
    public int N { get; init; } = 8;
    public double HalfWidth { get; init; } = 3;
    public int SigmaPolarOrder { get; init; } = 4;
    public int SigmaAzimuthPoints { get; init; } = 8;
    public bool ConservativeProjection { get; init; }
    /// <summary>Restrict to the truncated manifold |k_i| ≤ L − 2h (see <see cref="AnisotropicGridOptions"/>).</summary>
    public bool TruncatedManifold { get; init; }
    /// <summary>M of the tracked norm max ⟨k⟩^M |f|.</summary>
    public double NormM { get; init; } = 6;
    public double TEnd { get; init; } = 0.5;
    public int Outputs { get; init; } = 5;
    public double RelTol { get; init; } = 1e-5;
    public double AbsTol { get; init; } = 1e-8;
    public string Method { get; init; } = "dopri5";
    public long MaxSteps { get; init; } = 100_000;

    public IReadOnlyList<string> Validate()
    {
        var w = new List<string>();
        Require.InRange("beta", Beta, 0, 2, "must be in [0, 2] (the seed's range is [0, 1])");
        if (Beta > 1) w.Add("β > 1 is outside the seed's quasilinear range [0, 1]");
        if (Equation == CollisionPart.Loss) throw new InvalidInputException("equation", "loss", "must be full or gain");
        Require.IntInRange("grid.n", N, 4, 24);
        Require.InRange("grid.half_width", HalfWidth, 0.1, 1000);
        Require.IntInRange("grid.sigma_polar", SigmaPolarOrder, 1, 32);
        Require.IntInRange("grid.sigma_azimuth", SigmaAzimuthPoints, 1, 128);
        Require.InRange("norm_M", NormM, 0, 100);
        Require.Positive("t_end", TEnd);
        Require.IntInRange("outputs", Outputs, 1, 10_000);
        Require.InRange("rtol", RelTol, 1e-13, 0.1);
        Require.InRange("atol", AbsTol, 1e-300, 1);
        if (MaxSteps < 1) throw new InvalidInputException("max_steps", MaxSteps.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be >= 1");
        ButcherTableau.ByName(Method);
        if (Equation == CollisionPart.Gain && ConservativeProjection)
            w.Add("the gain-only equation conserves nothing; no projection is applied to it");
        if (N > 12) w.Add($"grid.n = {N}: the operator costs O(n⁶) per evaluation (n = 12 takes several seconds)");
        return w;
    }

    public CartesianKGrid CreateGrid() => new(N, HalfWidth);

    public AnisotropicGridOptions GridOptions(int maxThreads = -1) =>
        new(SigmaPolarOrder, SigmaAzimuthPoints, ConservativeProjection && Equation == CollisionPart.Full, maxThreads, TruncatedManifold);
}

/// <summary>Diagnostics at one output time (moments by the midpoint rule h³Σ over the grid).</summary>
public readonly record struct Diagnostics3D(double Time, double Waveaction, Vec3 Momentum, double Energy, double WeightedSupNorm,
    double MinValue, long Steps, long Rejected, long Evaluations)
{
    public double[] ToArray() => [Time, Waveaction, Momentum.X, Momentum.Y, Momentum.Z, Energy, WeightedSupNorm, MinValue, Steps, Rejected, Evaluations];

    public static Diagnostics3D FromArray(double[] a) =>
        a.Length != 11 ? throw new FormatException("diagnostics row") :
        new(a[0], a[1], new Vec3(a[2], a[3], a[4]), a[5], a[6], a[7], (long)a[8], (long)a[9], (long)a[10]);
}

/// <summary>What an in-memory solve produced: diagnostics and nodal snapshots at the output times, the final state and how the run ended.</summary>
public sealed class AnisotropicSolution
{
    public required IReadOnlyList<Diagnostics3D> Diagnostics { get; init; }
    public required IReadOnlyList<double[]> Snapshots { get; init; }
    public required IntegratorState State { get; init; }
    public required RunStop Stop { get; init; }
}

/// <summary>
/// ∂t f = C_h[f] (or G_h[f]) on the Cartesian k-grid (<see cref="AnisotropicGridOperator"/>), integrated by an
/// embedded Runge–Kutta pair with error control in ⟨k⟩^{−M}L^∞ (absolute tolerance of node j: atol·⟨k_j⟩^{−M}).
/// </summary>
public sealed class AnisotropicSolver : IOdeSystem
{
    private readonly AnisotropicGridOperator _op;
    private readonly double[] _rho;

    public AnisotropicSolver(AnisotropicSolveSpec spec, int maxThreads = -1)
    {
        spec.Validate();
        Spec = spec;
        Grid = spec.CreateGrid();
        _op = new AnisotropicGridOperator(Grid, spec.Beta, spec.GridOptions(maxThreads));
        _rho = new double[Grid.Count];
        for (int j = 0; j < _rho.Length; j++) _rho[j] = Math.Pow(1 + Grid.Nodes[j].Norm2, 0.5 * spec.NormM);
    }

    public AnisotropicSolveSpec Spec { get; }
    public CartesianKGrid Grid { get; }
    public AnisotropicGridOperator Operator => _op;
    public int Dimension => Grid.Count;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt) => _op.Evaluate(y, dydt, Spec.Equation);

    public double OutputTime(int k) => Spec.TEnd * k / Spec.Outputs;

    public IntegratorState Start(Distribution3D initial) => new() { Time = 0, Y = Grid.Sample(initial) };

    public Diagnostics3D Diagnose(IntegratorState s) => Diagnose(s.Y, s.Time, s.Accepted, s.Rejected, s.Evaluations);

    public Diagnostics3D Diagnose(ReadOnlySpan<double> f, double time, long steps, long rejected, long evals)
    {
        var (n, p, e) = Grid.Moments(f);
        double sup = 0, min = double.PositiveInfinity;
        for (int j = 0; j < f.Length; j++)
        {
            sup = Math.Max(sup, _rho[j] * Math.Abs(f[j]));
            min = Math.Min(min, f[j]);
        }
        return new Diagnostics3D(time, n, p, e, sup, min, steps, rejected, evals);
    }

    public StepControl Control()
    {
        var scale = new double[Grid.Count];
        for (int j = 0; j < scale.Length; j++) scale[j] = 1 / _rho[j];
        return new StepControl(Spec.RelTol, Spec.AbsTol, scale);
    }

    /// <summary>The output times t_k = TEnd·k/Outputs, k = 0..Outputs (the model lands on each).</summary>
    public SpecifiedTimes OutputSchedule => new(Enumerable.Range(0, Spec.Outputs + 1).Select(OutputTime));

    /// <summary>The model: the grid ODE integrated by the spec's Runge–Kutta pair from <paramref name="state"/>.</summary>
    public OdeModel CreateModel(IntegratorState state) => new(this, ButcherTableau.ByName(Spec.Method), Control(), state);

    /// <summary>
    /// A simulation of <paramref name="model"/> to the last output time with the solver's guards: at most max_steps
    /// steps, finite waveaction and energy.
    /// </summary>
    public Simulation CreateSimulation(OdeModel model)
    {
        var sim = new Simulation(model) { StopTime = OutputTime(Spec.Outputs) };
        sim.Guards.Add(Guard.MaxSteps(Spec.MaxSteps));
        sim.Guards.Add(new Guard("waveaction", m =>
        {
            var d = Diagnose(((OdeModel)m).State);
            return double.IsFinite(d.Waveaction) && double.IsFinite(d.Energy) ? null : $"waveaction {d.Waveaction:E3} or energy {d.Energy:E3} is not finite";
        }));
        return sim;
    }

    /// <summary>Solves in memory from <paramref name="initial"/> (no files): diagnostics and snapshots at the output times.</summary>
    public AnisotropicSolution Solve(Distribution3D initial, CancellationToken cancel = default)
    {
        var model = CreateModel(Start(initial));
        var sim = CreateSimulation(model);
        var outputs = new MemoryWriter<(Diagnostics3D, double[])>("outputs", OutputSchedule, _ => (Diagnose(model.State), (double[])model.State.Y.Clone()));
        sim.OutputWriters.Add(outputs);
        var stop = sim.Run(cancel);
        return new AnisotropicSolution
        {
            Diagnostics = outputs.Values.Select(v => v.Item1).ToList(),
            Snapshots = outputs.Values.Select(v => v.Item2).ToList(),
            State = model.State,
            Stop = stop,
        };
    }
}
