namespace KineticLab.Numerics.TimeStepping;

/// <summary>
/// What a model needs of an adaptive one-step integrator: one accepted step at a time towards a target time (landing on it
/// exactly), and a restart after the state was changed from outside (so cached stages are not reused). Implemented by
/// <see cref="EtdRungeKutta"/>; <see cref="AdaptiveRungeKutta"/> has the same two methods.
/// </summary>
public interface IAdaptiveIntegrator
{
    /// <summary>Method name, recorded in checkpoints.</summary>
    string Name { get; }

    /// <summary>Takes one accepted step not beyond <paramref name="tEnd"/>; throws <see cref="NumericalFailureException"/> on failure.</summary>
    void Step(IntegratorState s, double tEnd);

    /// <summary>Forgets cached right-hand-side values (call when the state was changed from outside or the target changed).</summary>
    void Restart();
}

/// <summary>
/// Optionally implemented by an <see cref="IOdeSystem"/>: a diagonal linear part <c>L</c> of <c>F(t, y) ≈ L y + N(t, y)</c>
/// for <see cref="EtdRungeKutta"/> (for instance <c>L = −ν</c>, the collision frequency, as WavKinS does, or the exact
/// diagonal of a test problem). Without it the integrator uses the local rates <c>L_i = F_i(y)/y_i</c>.
/// </summary>
public interface IDiagonalLinearPart
{
    /// <summary>Writes L at (t, y) into <paramref name="l"/>; <paramref name="f"/> is F(t, y), already computed.</summary>
    void LinearPart(double t, ReadOnlySpan<double> y, ReadOnlySpan<double> f, Span<double> l);
}
