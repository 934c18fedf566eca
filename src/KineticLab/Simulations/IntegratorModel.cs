using KineticLab.Numerics.TimeStepping;

namespace KineticLab.Simulations;

/// <summary>
/// An ODE system advanced by any <see cref="IAdaptiveIntegrator"/> (e.g. <see cref="EtdRungeKutta"/>) as a model: one
/// accepted step per <see cref="Step"/>, the same life cycle as <see cref="OdeModel"/> (restart when the target changes,
/// good-state rollback, checkpointed integrator state).
/// </summary>
public sealed class IntegratorModel : IModel
{
    private readonly IntegratorState _good;
    private double _segmentEnd = double.NaN;

    public IntegratorModel(IOdeSystem system, IAdaptiveIntegrator integrator, IntegratorState initial)
    {
        System = system;
        Integrator = integrator;
        State = initial;
        if (initial.Y.Length != system.Dimension) throw new ArgumentException("initial state has the wrong dimension", nameof(initial));
        _good = initial.Clone();
    }

    public IOdeSystem System { get; }
    public IAdaptiveIntegrator Integrator { get; }
    public IntegratorState State { get; }
    public double Time => State.Time;
    public long Iteration => State.Accepted;

    public void Step(double until, CancellationToken cancel)
    {
        if (until != _segmentEnd)
        {
            Integrator.Restart();
            _segmentEnd = until;
        }
        Integrator.Step(State, until);
    }

    public void SaveState(ModelState state)
    {
        state.SetArray("y", (double[])State.Y.Clone());
        state.SetNumber("time", State.Time);
        state.SetNumber("next_step", State.NextStep);
        state.SetNumber("previous_error", State.PreviousError);
        state.SetInteger("accepted", State.Accepted);
        state.SetInteger("rejected", State.Rejected);
        state.SetInteger("evaluations", State.Evaluations);
        state.SetText("method", Integrator.Name);
    }

    public void LoadState(ModelState state)
    {
        if (state.Text("method") != Integrator.Name)
            throw new InvalidInputException("checkpoint", state.Origin, $"was written by the {state.Text("method")} integrator, not {Integrator.Name}");
        var y = state.Array("y", System.Dimension);
        Array.Copy(y, State.Y, y.Length);
        State.Time = state.Number("time");
        State.NextStep = state.Number("next_step");
        State.PreviousError = state.Number("previous_error");
        State.Accepted = state.Integer("accepted");
        State.Rejected = state.Integer("rejected");
        State.Evaluations = state.Integer("evaluations");
        _segmentEnd = double.NaN;
        _good.CopyFrom(State);
        Integrator.Restart();
    }

    public void KeepGoodState() => _good.CopyFrom(State);

    public void RestoreGoodState()
    {
        State.CopyFrom(_good);
        _segmentEnd = double.NaN;
        Integrator.Restart();
    }
}
