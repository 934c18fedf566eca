namespace KineticLab.Simulations;

/// <summary>
/// What a <see cref="Simulation"/> advances: a state with a clock. An ODE system integrated by an adaptive Runge–Kutta
/// pair (<see cref="OdeModel"/>) and a Strang splitting of exact transport and a collision step are both models; the
/// model knows nothing of outputs, checkpoints or schedules.
/// </summary>
public interface IModel
{
    /// <summary>The model time.</summary>
    double Time { get; }

    /// <summary>Steps taken since the start (accepted steps for adaptive models).</summary>
    long Iteration { get; }

    /// <summary>
    /// Takes one step that does not pass <paramref name="until"/>; a step that reaches it lands on it exactly.
    /// Throws <see cref="NumericalFailureException"/> when the step cannot be taken (NaN, step-size collapse); the
    /// state may then be anything, and the simulation restores the last good one.
    /// </summary>
    void Step(double until, CancellationToken cancel);

    /// <summary>
    /// Writes the restart state (solution, clock, stepper memory) into <paramref name="state"/>. Collective for a
    /// distributed model (every rank calls it; only rank 0's state is written).
    /// </summary>
    void SaveState(ModelState state);

    /// <summary>Restores a state written by <see cref="SaveState"/> (every rank receives the same, global, state).</summary>
    void LoadState(ModelState state);

    /// <summary>Remembers the current state as the last good one (called after every step that passed the guards).</summary>
    void KeepGoodState();

    /// <summary>Returns to the state of the last <see cref="KeepGoodState"/>.</summary>
    void RestoreGoodState();
}
