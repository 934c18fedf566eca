namespace KineticLab.Numerics.Splitting;

/// <summary>The three stages of a Strang step.</summary>
public enum StrangStage
{
    /// <summary>The first half step of the outer operator.</summary>
    FirstHalf,
    /// <summary>The full step of the inner operator.</summary>
    Middle,
    /// <summary>The second half step of the outer operator.</summary>
    SecondHalf,
}

/// <summary>
/// An equation split into an outer and an inner part, <c>∂t f = A f + B f</c>, each advanced exactly or by its own
/// integrator (for kinetic equations: exact free transport and a collision step, in either order).
/// </summary>
public interface IStrangSplit
{
    /// <summary>
    /// Advances the outer part by <paramref name="tau"/> (stages <see cref="StrangStage.FirstHalf"/> and
    /// <see cref="StrangStage.SecondHalf"/>, τ = Δt/2) or the inner part by Δt (<see cref="StrangStage.Middle"/>);
    /// <paramref name="t0"/> and <paramref name="t1"/> are the start and end of the whole step.
    /// </summary>
    void Advance(StrangStage stage, double t0, double t1, double tau);
}

/// <summary>
/// Strang's symmetric composition <c>S(Δt) = A(Δt/2) B(Δt) A(Δt/2)</c>: second order in Δt when both parts are
/// advanced to second order or better. The one composer of both inhomogeneous solvers (Boltzmann: A = transport,
/// B = collisions; kinetic wave equation: A = collisions, B = transport).
/// </summary>
public static class StrangSplitting
{
    /// <summary>One step from <paramref name="t0"/> to <paramref name="t1"/> of size <paramref name="dt"/>.</summary>
    public static void Step(IStrangSplit split, double t0, double t1, double dt)
    {
        split.Advance(StrangStage.FirstHalf, t0, t1, 0.5 * dt);
        split.Advance(StrangStage.Middle, t0, t1, dt);
        split.Advance(StrangStage.SecondHalf, t0, t1, 0.5 * dt);
    }
}
