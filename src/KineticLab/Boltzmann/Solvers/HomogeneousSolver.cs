using KineticLab.Boltzmann.Spectral;
using KineticLab.Numerics.Distributed;
using KineticLab.Numerics.TimeStepping;
using KineticLab.Simulations;

namespace KineticLab.Boltzmann.Solvers;

/// <summary>The right-hand side <c>∂t f = Q(f, f)</c> on the grid, optionally with the conservative projection.</summary>
public sealed class HomogeneousBoltzmannSystem(ICollisionOperator op, bool conservative) : IOdeSystem
{
    private readonly ConservativeProjection? _proj = conservative ? new ConservativeProjection(op.Grid) : null;

    public int Dimension => op.Grid.Total;
    public ICollisionOperator Operator => op;
    public bool Conservative => _proj is not null;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        op.Collision(y, dydt);
        _proj?.Apply(dydt);
    }
}

/// <summary>Diagnostics of the solution at one accepted step or output time.</summary>
public sealed record HomogeneousSample(double Time, long Step, double Mass, double[] Momentum, double Energy,
    double FourthMoment, double Entropy, double NegativeMass);

/// <summary>Settings of a homogeneous run.</summary>
public sealed record HomogeneousRunSettings
{
    public required double T0 { get; init; }
    public required double TEnd { get; init; }
    /// <summary>Times at which snapshots are kept (each in (T0, TEnd]; TEnd is always one).</summary>
    public double[] OutputTimes { get; init; } = [];
    public StepControl Control { get; init; } = new(RelTol: 1e-6, AbsTol: 1e-10);
    /// <summary>"bs23" (order 3) or "dopri5" (order 5).</summary>
    public string Method { get; init; } = "dopri5";

    public void Validate()
    {
        Require.NonNegative("t0", T0);
        Require.Finite("t_end", TEnd);
        if (TEnd <= T0) throw new InvalidInputException("t_end", Require.Fmt(TEnd), $"must be > t0 = {Require.Fmt(T0)}");
        foreach (var t in OutputTimes)
            if (!(t > T0 && t <= TEnd)) throw new InvalidInputException("output_times", Require.Fmt(t), $"must lie in (t0, t_end] = ({Require.Fmt(T0)}, {Require.Fmt(TEnd)}]");
        Control.Validate();
        _ = ButcherTableau.ByName(Method);
    }

    /// <summary>The output times with <see cref="TEnd"/>, sorted, without repetitions.</summary>
    public double[] Outputs => OutputTimes.Append(TEnd).Distinct().Order().ToArray();
}

/// <summary>What an in-memory solve produced: a sample at every accepted step, snapshots at the start and the output times.</summary>
public sealed class HomogeneousSolution
{
    public required IReadOnlyList<HomogeneousSample> Steps { get; init; }
    public required IReadOnlyList<(double Time, double[] F)> Snapshots { get; init; }
    /// <summary>Accepted steps at which the entropy increased (time, increase).</summary>
    public required IReadOnlyList<(double Time, double Increase)> EntropyViolations { get; init; }
    public required IntegratorState State { get; init; }
    public required string Method { get; init; }
    public required RunStop Stop { get; init; }
}

/// <summary>
/// The spatially homogeneous Boltzmann equation <c>∂t f = Q(f, f)</c> as a model run by <see cref="Simulation"/>: an
/// embedded explicit Runge–Kutta pair (order 3 or 5, PI step control) on the operator's grid (<see cref="OdeModel"/>),
/// landing exactly on the output times; its guards stop a run whose mass or energy is not finite or whose mass is not
/// positive. A simulation resumed from its checkpoint continues bit for bit.
/// </summary>
public sealed class HomogeneousSolver
{
    private readonly HomogeneousBoltzmannSystem _sys;

    public HomogeneousSolver(ICollisionOperator op, HomogeneousRunSettings settings, bool conservative = true)
    {
        settings.Validate();
        Settings = settings;
        _sys = new HomogeneousBoltzmannSystem(op, conservative);
    }

    public HomogeneousRunSettings Settings { get; }
    public HomogeneousBoltzmannSystem System => _sys;
    public VelocityGrid Grid => _sys.Operator.Grid;

    /// <summary>The initial state from grid values at <see cref="HomogeneousRunSettings.T0"/>.</summary>
    public IntegratorState Start(ReadOnlySpan<double> f0)
    {
        if (f0.Length != Grid.Total) throw new ArgumentException("f0 length must equal the grid size");
        return new IntegratorState { Time = Settings.T0, Y = f0.ToArray() };
    }

    /// <summary>The output times and t_end (the model lands on each; checkpoints are written there).</summary>
    public SpecifiedTimes OutputSchedule => new(Settings.Outputs);

    /// <summary>The snapshot times: t0, the output times and t_end.</summary>
    public SpecifiedTimes SnapshotSchedule => new(Settings.Outputs.Prepend(Settings.T0));

    /// <summary>The model: the grid ODE integrated by the settings' Runge–Kutta pair from <paramref name="state"/>.</summary>
    public OdeModel CreateModel(IntegratorState state) => new(_sys, ButcherTableau.ByName(Settings.Method), Settings.Control, state);

    /// <summary>A simulation of <paramref name="model"/> to t_end with the guards of the mass (finite mass and energy, positive mass).</summary>
    public Simulation CreateSimulation(OdeModel model, ICommunicator? communicator = null)
    {
        var sim = new Simulation(model, communicator) { StopTime = Settings.TEnd, ProgressStage = "integrating" };
        sim.Guards.Add(new Guard("mass", m => Problem(Sample(((OdeModel)m).State))));
        return sim;
    }

    /// <summary>What is wrong with a sample (null when nothing is): mass or energy not finite, or mass not positive.</summary>
    public static string? Problem(HomogeneousSample s)
    {
        if (!double.IsFinite(s.Mass) || !double.IsFinite(s.Energy)) return $"mass {s.Mass:E3} or energy {s.Energy:E3} is not finite";
        if (!(s.Mass > 0)) return $"total mass {s.Mass:E3} is not positive";
        return null;
    }

    /// <summary>Moments, fourth moment, entropy and negative mass of a state.</summary>
    public HomogeneousSample Sample(IntegratorState s)
    {
        var grid = Grid;
        var m = grid.Moments(s.Y);
        var (h, neg) = grid.Entropy(s.Y);
        int d = grid.Dimension;
        return new HomogeneousSample(s.Time, s.Accepted, m[0], m[1..(d + 1)], m[d + 1], grid.RadialMoment(s.Y, 2), h, neg);
    }

    /// <summary>The accepted steps at which the entropy increased: (time, increase) from the entropy at every step.</summary>
    public static List<(double Time, double Increase)> EntropyIncreases(IReadOnlyList<double> times, IReadOnlyList<double> entropy)
    {
        var r = new List<(double, double)>();
        for (int i = 1; i < entropy.Count; i++)
            if (entropy[i] > entropy[i - 1]) r.Add((times[i], entropy[i] - entropy[i - 1]));
        return r;
    }

    /// <summary>Solves in memory from <paramref name="f0"/> (no files): a sample at every accepted step, snapshots at t0 and the output times.</summary>
    /// <exception cref="NumericalFailureException">A guard or a step failed.</exception>
    public HomogeneousSolution Solve(ReadOnlySpan<double> f0, IProgress<ProgressInfo>? progress = null, CancellationToken cancel = default)
    {
        var model = CreateModel(Start(f0));
        var sim = CreateSimulation(model);
        sim.Progress = progress;
        var samples = new MemoryWriter<HomogeneousSample>("samples", new IterationInterval(1), _ => Sample(model.State));
        var snaps = new MemoryWriter<(double, double[])>("snapshots", SnapshotSchedule, _ => (model.State.Time, (double[])model.State.Y.Clone()));
        sim.OutputWriters.AddRange([samples, snaps]);
        var stop = sim.Run(cancel);
        return new HomogeneousSolution
        {
            Steps = samples.Values,
            Snapshots = snaps.Values,
            EntropyViolations = EntropyIncreases(samples.Values.Select(x => x.Time).ToList(), samples.Values.Select(x => x.Entropy).ToList()),
            State = model.State,
            Method = model.Integrator.Name,
            Stop = stop,
        };
    }
}
