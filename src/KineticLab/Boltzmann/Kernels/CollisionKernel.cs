namespace KineticLab.Boltzmann.Kernels;

/// <summary>A cutoff collision kernel <c>B(u−v, ω) = Φ(|u−v|) b(cos θ)</c> in velocity dimension d.</summary>
public sealed class CollisionKernel
{
    public CollisionKernel(RelativeSpeedKernel phi, AngularKernel b)
    {
        if (phi.Dimension != b.Dimension) throw new ArgumentException("dimension mismatch between Φ and b");
        Phi = phi; Angular = b;
    }

    public int Dimension => Phi.Dimension;
    public RelativeSpeedKernel Phi { get; }
    public AngularKernel Angular { get; }

    /// <summary>‖b‖_{L¹(S^{d−1})}.</summary>
    public double B1 => Angular.NormL1;

    /// <summary>Maxwell molecules with b_σ constant and b₁ = 1: the kernel of the BKW solutions.</summary>
    public static CollisionKernel MaxwellBkw(int d) => new(RelativeSpeedKernel.Power(d, 0), AngularKernel.SigmaConstant(d));

    /// <summary>Power law r^γ with the seed's b_ω = |cos θ|.</summary>
    public static CollisionKernel SeedPower(int d, double gamma) => new(RelativeSpeedKernel.Power(d, gamma), AngularKernel.SeedAbsCos(d));

    public string Describe() => $"d = {Dimension}, {Phi.Describe()}, {Angular.Describe()}";
}
