namespace KineticLab.Numerics.TimeStepping;

/// <summary>An autonomous or non-autonomous system <c>dy/dt = F(t, y)</c> of fixed dimension.</summary>
public interface IOdeSystem
{
    int Dimension { get; }

    /// <summary>Writes <c>F(t, y)</c> into <paramref name="dydt"/>; must not keep references to the spans.</summary>
    void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt);
}
