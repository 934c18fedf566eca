using KineticLab.Numerics.TimeStepping;

namespace KineticLab.Simulations;

/// <summary>
/// An ODE system <c>dy/dt = F(t, y)</c> advanced by an adaptive integrator (an embedded Runge–Kutta pair with error
/// control, or any <see cref="IAdaptiveIntegrator"/> such as the exponential <see cref="LawsonRungeKutta"/>), as a model:
/// one accepted step per <see cref="Step"/>. Between two stops of the simulation (output times) the integration is
/// the same as <see cref="AdaptiveRungeKutta.Integrate"/> to the stop: the first-same-as-last stage is re-evaluated
/// when the target changes, so results do not depend on whether the run was split into segments or resumed.
/// </summary>
public sealed class OdeModel : IModel
{
    private readonly IAdaptiveIntegrator _rk;
    private readonly IntegratorState _good;
    private double _segmentEnd = double.NaN;

    public OdeModel(IOdeSystem system, ButcherTableau tableau, StepControl control, IntegratorState initial)
        : this(system, new AdaptiveRungeKutta(tableau, system, control), initial) { }

    public OdeModel(IOdeSystem system, IAdaptiveIntegrator integrator, IntegratorState initial)
    {
        System = system;
        _rk = integrator;
        State = initial;
        if (initial.Y.Length != system.Dimension) throw new ArgumentException("initial state has the wrong dimension", nameof(initial));
        _good = initial.Clone();
    }

    public IOdeSystem System { get; }
    public IntegratorState State { get; }
    public IAdaptiveIntegrator Integrator => _rk;
    public double Time => State.Time;
    public long Iteration => State.Accepted;

    public void Step(double until, CancellationToken cancel)
    {
        if (until != _segmentEnd)
        {
            _rk.Restart();
            _segmentEnd = until;
        }
        _rk.Step(State, until);
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
        state.SetText("method", _rk.Name);
    }

    public void LoadState(ModelState state)
    {
        if (state.Text("method") != _rk.Name)
            throw new InvalidInputException("checkpoint", state.Origin, $"was written by the {state.Text("method")} integrator, not {_rk.Name}");
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
    }

    public void KeepGoodState() => _good.CopyFrom(State);

    public void RestoreGoodState()
    {
        State.CopyFrom(_good);
        _segmentEnd = double.NaN;
    }
}
