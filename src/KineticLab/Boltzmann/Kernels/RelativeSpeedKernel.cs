using KineticLab.Numerics.Quadrature;

namespace KineticLab.Boltzmann.Kernels;

/// <summary>Which relative-speed factor Φ(|u−v|) a kernel has.</summary>
public enum PotentialKind
{
    /// <summary>Φ(r) = r^γ: soft (γ &lt; 0), Maxwell (γ = 0), hard (γ &gt; 0; hard spheres at γ = 1).</summary>
    Power,
    /// <summary>The seed's mixed kernel (1.14): Φ(r) = r for r ≤ 1 and 1/r for r ≥ 1.</summary>
    Mixed,
}

/// <summary>
/// The relative-speed factor Φ of a cutoff kernel <c>B = Φ(|u−v|) b(cos θ)</c>. Supported range of the
/// power law: <c>(1−d)/2 ≤ γ ≤ 1</c> (the seed's soft range through Maxwell molecules to hard spheres).
/// </summary>
public sealed class RelativeSpeedKernel
{
    private RelativeSpeedKernel(int d, PotentialKind kind, double gamma)
    {
        Dimension = d; Kind = kind; Gamma = gamma;
    }

    public int Dimension { get; }
    public PotentialKind Kind { get; }

    /// <summary>The exponent γ of the power law; for the mixed kernel the small-r exponent is 1 and the large-r one is −1.</summary>
    public double Gamma { get; }

    /// <summary>Lower end of the supported power range, (1−d)/2.</summary>
    public static double MinGamma(int d) => (1.0 - d) / 2;

    public const double MaxGamma = 1.0;

    public static RelativeSpeedKernel Power(int d, double gamma)
    {
        CheckDimension(d);
        Require.InRange("gamma", gamma, MinGamma(d), MaxGamma,
            $"must be in [{Require.Fmt(MinGamma(d))}, 1] for d = {d} (soft range (1-d)/2 through Maxwell 0 to hard spheres 1)");
        return new RelativeSpeedKernel(d, PotentialKind.Power, gamma);
    }

    public static RelativeSpeedKernel Mixed(int d)
    {
        CheckDimension(d);
        return new RelativeSpeedKernel(d, PotentialKind.Mixed, double.NaN);
    }

    internal static void CheckDimension(int d)
    {
        if (d != 2 && d != 3)
            throw new InvalidInputException("d", d.ToString(System.Globalization.CultureInfo.InvariantCulture), "the velocity dimension must be 2 or 3");
    }

    /// <summary>Φ(r).</summary>
    public double Eval(double r) => Kind switch
    {
        PotentialKind.Power => Gamma == 0 ? 1.0 : Math.Pow(r, Gamma),
        _ => r <= 1 ? r : 1.0 / r,
    };

    /// <summary>True when Φ is homogeneous (the power law), so the velocity-dilation law holds.</summary>
    public bool IsHomogeneous => Kind == PotentialKind.Power;

    /// <summary>
    /// A rule for <c>∫_0^R ρ^{d−1} Φ(ρ) h(ρ) dρ</c> with smooth h, the weight ρ^{d−1}Φ(ρ) built in:
    /// Gauss–Jacobi with weight ρ^{d−1+γ} for the power law (so the singularity at ρ = 0 costs no accuracy),
    /// and for the mixed kernel a composite rule split at ρ = 1 (weights ρ^d on [0,1] and ρ^{d−2} on [1,R]).
    /// </summary>
    public Rule1D RadialRule(int n, double R)
    {
        if (n < 1) throw new InvalidInputException("radial_points", n.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be >= 1");
        Require.Positive("R", R);
        int d = Dimension;
        if (Kind == PotentialKind.Power) return GaussJacobi.RadialPower(n, R, d - 1 + Gamma);
        if (R <= 1) return GaussJacobi.RadialPower(n, R, d);
        int n1 = Math.Clamp((int)Math.Round(n / R), Math.Min(4, n - 1), n - 1);
        if (n < 2) n1 = 1;
        int n2 = Math.Max(1, n - n1);
        var inner = GaussJacobi.RadialPower(n1, 1.0, d);
        var outer = GaussJacobi.Legendre(n2, 1.0, R);
        for (int i = 0; i < n2; i++) outer.Weights[i] *= Math.Pow(outer.Nodes[i], d - 2);
        return Rule1D.Concat(inner, outer);
    }

    public string Describe() => Kind == PotentialKind.Power
        ? $"Φ(r) = r^{Require.Fmt(Gamma)}"
        : "Φ(r) = r·1{r≤1} + r^-1·1{r≥1} (mixed)";
}
