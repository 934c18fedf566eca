using System.Text.Json.Serialization;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Experiments.Kwe;

/// <summary>
/// An isotropic KWE solve (kind <c>kwe.solve</c>, <c>examples/kwe-solve-*.json</c>):
/// <code>
/// { "kind": "kwe.solve", "beta": 0.2, "equation": "full" | "gain",
///   "initial": { "type": "smooth", "M": 12 }                         // ⟨ω⟩^(-M/2)
///            | { "type": "oscillating", "M": 12, "A": 2, "N": 10 }  // (A + cos Nω)⟨ω⟩^(-M/2)
///            | { "type": "exponential", "amplitude": 1, "theta": 1 } // a·e^(-ω/θ)
///            | { "type": "rayleigh-jeans", "T": 1, "mu": 0.5 }       // T/(ω + μ)
///            | { "type": "bump", "amplitude": 1, "center": 1, "width": 0.3, "background_M": 12 },
///   "grid": { "omega_min": 1e-3, "omega_max": 100, "points_per_octave": 3, "degree": 5,
///             "weight_exponent": 6, "tail": "truncated" | "power-law", "points_per_cell": 3 },
///   "conservative_projection": true, "t_end": 1, "outputs": 10,
///   "rtol": 1e-6, "atol": 1e-9, "method": "dopri5" | "bs23", "max_steps": 1000000, "checkpoint_every": 20 }
/// </code>
/// </summary>
public sealed class KweSolveSpec : ExperimentSpec
{
    public required double Beta { get; set; }
    public string Equation { get; set; } = "full";
    public required KweInitial Initial { get; set; }
    public KweSolveGrid Grid { get; set; } = new();
    public bool ConservativeProjection { get; set; } = true;
    public double TEnd { get; set; } = 1;
    public int Outputs { get; set; } = 10;
    [JsonPropertyName("rtol")] public double RelTol { get; set; } = 1e-6;
    [JsonPropertyName("atol")] public double AbsTol { get; set; } = 1e-9;
    public string Method { get; set; } = "dopri5";
    public long MaxSteps { get; set; } = 1_000_000;
    /// <summary>Checkpoint every this many accepted steps besides the output times (0: only at output times).</summary>
    public int CheckpointEvery { get; set; } = 20;

    /// <summary>The solver's parameters (validated).</summary>
    public IsotropicSolveSpec ToSolveSpec()
    {
        var eq = Choice("equation", Equation, ["full", "gain"]) == "gain" ? CollisionPart.Gain : CollisionPart.Full;
        var spec = new IsotropicSolveSpec
        {
            Beta = Beta,
            Equation = eq,
            OmegaMin = Grid.OmegaMin,
            OmegaMax = Grid.OmegaMax,
            PointsPerOctave = Grid.PointsPerOctave,
            Degree = Grid.Degree,
            WeightExponent = Grid.WeightExponent ?? Initial.DefaultWeightExponent,
            Tail = Choice("grid.tail", Grid.Tail, ["truncated", "power-law"]) == "truncated" ? GridTail.Truncated : GridTail.PowerLaw,
            PointsPerCell = Grid.PointsPerCell,
            ConservativeProjection = ConservativeProjection,
            TEnd = TEnd,
            Outputs = Outputs,
            RelTol = RelTol,
            AbsTol = AbsTol,
            Method = Choice("method", Method, ["dopri5", "bs23"]),
            MaxSteps = MaxSteps,
        };
        return spec;
    }

    internal static string Choice(string field, string value, string[] allowed)
    {
        foreach (var a in allowed) if (string.Equals(a, value, StringComparison.OrdinalIgnoreCase)) return a;
        throw new InvalidInputException(field, value, $"must be one of {string.Join("|", allowed)}");
    }
}

/// <summary>The ω grid of an isotropic solve.</summary>
public sealed class KweSolveGrid
{
    public double OmegaMin { get; set; } = 1e-3;
    public double OmegaMax { get; set; } = 1e2;
    public int PointsPerOctave { get; set; } = 3;
    public int Degree { get; set; } = 5;
    /// <summary>α of the interpolated n(1+ω)^α (default: M/2 of the datum, 1 for Rayleigh–Jeans, 6 otherwise).</summary>
    public double? WeightExponent { get; set; }
    public string Tail { get; set; } = "truncated";
    public int PointsPerCell { get; set; } = 3;
}

/// <summary>The initial spectrum n⁰(ω) of an isotropic solve.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(SmoothInitial), "smooth")]
[JsonDerivedType(typeof(OscillatingInitial), "oscillating")]
[JsonDerivedType(typeof(ExponentialInitial), "exponential")]
[JsonDerivedType(typeof(RayleighJeansInitial), "rayleigh-jeans")]
[JsonDerivedType(typeof(BumpInitial), "bump")]
public abstract class KweInitial
{
    /// <summary>The spectrum (validated).</summary>
    public abstract Spectrum Create();
    /// <summary>The weight exponent α the grid interpolates with unless the grid says otherwise.</summary>
    [JsonIgnore] public virtual double DefaultWeightExponent => 6;
}

/// <summary>⟨ω⟩^(-M/2), times an amplitude.</summary>
public sealed class SmoothInitial : KweInitial
{
    [JsonPropertyName("M")] public double M { get; set; } = 12;
    public double Amplitude { get; set; } = 1;
    public override Spectrum Create() => new SmoothDatum(Require.Positive("initial.M", M), Amplitude);
    public override double DefaultWeightExponent => M / 2;
}

/// <summary>(A + cos Nω)⟨ω⟩^(-M/2) (seed §5).</summary>
public sealed class OscillatingInitial : KweInitial
{
    [JsonPropertyName("M")] public double M { get; set; } = 12;
    [JsonPropertyName("A")] public double A { get; set; } = 2;
    [JsonPropertyName("N")] public double N { get; set; } = 10;
    public override Spectrum Create()
    {
        Require.Positive("initial.M", M);
        return new OscillatingDatum(M, A, Require.Positive("initial.N", N));
    }
    public override double DefaultWeightExponent => M / 2;
}

/// <summary>a·e^(−ω/θ).</summary>
public sealed class ExponentialInitial : KweInitial
{
    public double Amplitude { get; set; } = 1;
    public double Theta { get; set; } = 1;
    public override Spectrum Create() => new ExponentialSpectrum(Amplitude, Require.Positive("initial.theta", Theta));
}

/// <summary>The Rayleigh–Jeans equilibrium T/(ω + μ).</summary>
public sealed class RayleighJeansInitial : KweInitial
{
    [JsonPropertyName("T")] public double T { get; set; } = 1;
    public double Mu { get; set; } = 1;
    public override Spectrum Create() => new RayleighJeans(T, Mu);
    public override double DefaultWeightExponent => 1;
}

/// <summary>⟨ω⟩^(−M/2) plus a Gaussian bump a·exp(−(ω−c)²/(2w²)).</summary>
public sealed class BumpInitial : KweInitial
{
    public double Amplitude { get; set; } = 1;
    public double Center { get; set; } = 1;
    public double Width { get; set; } = 0.3;
    [JsonPropertyName("background_M")] public double BackgroundM { get; set; } = 12;
    public override Spectrum Create()
    {
        double a = Amplitude, c = Require.NonNegative("initial.center", Center), w = Require.Positive("initial.width", Width);
        double m = Require.Positive("initial.background_M", BackgroundM);
        var bg = new SmoothDatum(m);
        return Spectrum.FromFunction(x => bg.Value(x) + a * Math.Exp(-0.5 * ((x - c) / w) * ((x - c) / w)),
            $"⟨ω⟩^(-{m}/2) + {a}·exp(-(ω-{c})²/(2·{w}²))");
    }
    public override double DefaultWeightExponent => BackgroundM / 2;
}
