using System.Globalization;
using KineticLab.Numerics.TimeStepping;

namespace KineticLab.Boltzmann.Inhomogeneous;

/// <summary>A weighted Sobolev norm <c>‖f‖_{L^{2,r}_v H^s_x} = ‖⟨∇x⟩^s ⟨v⟩^r f‖_{L²}</c> to record at every step.</summary>
public readonly record struct NormSpec(double R, double S)
{
    public string Name => string.Create(CultureInfo.InvariantCulture, $"L2_{R:G6}_H{S:G6}");
}

/// <summary>Settings of an inhomogeneous run: Strang steps of size Dt, the collision sub-step's integrator, the recorded norms.</summary>
public sealed record InhomogeneousSettings
{
    public double T0 { get; init; }
    public required double Dt { get; init; }
    public required int Steps { get; init; }
    /// <summary>Collision sub-step: the homogeneous solver's embedded pair, "bs23" or "dopri5", run to each step end.</summary>
    public string Method { get; init; } = "bs23";
    public StepControl Control { get; init; } = new(RelTol: 1e-8, AbsTol: 1e-12);
    /// <summary>False: free transport only.</summary>
    public bool Collisions { get; init; } = true;
    /// <summary>Apply the conservative projection to Q at each x (as the homogeneous solver).</summary>
    public bool Conservative { get; init; } = true;
    public NormSpec[] Norms { get; init; } = [new(0, 0)];

    public double TEnd => T0 + Steps * Dt;

    /// <summary>Time after step n, computed the same way everywhere: t0 + n·Δt.</summary>
    public double TimeOf(long n) => T0 + n * Dt;

    public void Validate()
    {
        Require.NonNegative("t0", T0);
        Require.Positive("dt", Dt);
        if (Steps < 1 || Steps > 10_000_000) throw new InvalidInputException("steps", Steps.ToString(CultureInfo.InvariantCulture), "must be in [1, 10000000]");
        Control.Validate();
        _ = ButcherTableau.ByName(Method);
        if (Norms.Length > 16) throw new InvalidInputException("norms", $"{Norms.Length} norms", "at most 16");
        foreach (var n in Norms)
        {
            Require.InRange("norms.r", n.R, 0, 16);
            Require.InRange("norms.s", n.S, -4, 8);
        }
    }
}
