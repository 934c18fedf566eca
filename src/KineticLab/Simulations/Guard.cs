namespace KineticLab.Simulations;

/// <summary>
/// A check after every step (NaN/Inf, negative or zero mass, too many steps). A failing guard stops the run with a
/// <see cref="NumericalFailureException"/>; the simulation restores the last good state, checkpoints it and finishes
/// its outputs. Guards of a distributed model must give the same answer on every rank (check global quantities).
/// </summary>
/// <param name="Quantity">What is checked ("mass", "waveaction", "step count"), named in the failure.</param>
/// <param name="Check">Returns null when the state is fine, otherwise what is wrong (one sentence).</param>
public sealed record Guard(string Quantity, Func<IModel, string?> Check)
{
    /// <summary>Fails when the model has taken more than <paramref name="maxSteps"/> steps.</summary>
    public static Guard MaxSteps(long maxSteps) =>
        new("step count", m => m.Iteration > maxSteps ? $"more than max_steps = {maxSteps} steps" : null);

    /// <summary>Fails when any of the values is NaN or infinite.</summary>
    public static Guard Finite(string quantity, Func<IModel, double> value) =>
        new(quantity, m => { double v = value(m); return double.IsFinite(v) ? null : $"{quantity} {v:E3} is not finite"; });
}

/// <summary>An action on a schedule (a progress line, a diagnostic that is not an output).</summary>
public sealed record Callback(string Name, ISchedule Schedule, Action<Simulation> Action);
