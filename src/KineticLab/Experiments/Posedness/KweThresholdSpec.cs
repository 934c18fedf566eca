using System.Text.Json.Serialization;
using KineticLab.Posedness;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Experiments.Posedness;

/// <summary>
/// A β-threshold scan of the isotropic KWE (kind <c>kwe.threshold</c>, <c>examples/kwe-threshold-*.json</c>):
/// <code>
/// { "kind": "kwe.threshold", "beta": "0:0.05:1" | [0, 0.25, 0.5], "M": 12, "part": "gain" | "full",
///   "datum": "smooth" | "oscillating" | "kbracket", "A": 2, "N": 10,            // A, N: the oscillating datum
///   "omega_min": 1e-2, "omega_max": 1e4, "points_per_decade": 4, "fit_window": [1e2, 1e4],
///   "model": "corrected" | "power", "picard_time": 1, "rtol": 1e-9 }               // inner tolerance rtol/10
/// </code>
/// </summary>
public sealed class KweThresholdExperimentSpec : ExperimentSpec
{
    /// <summary>The default β values 0, 0.05, …, 1.</summary>
    public static double[] DefaultBetas => [0, 0.05, 0.1, 0.15, 0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0];

    /// <summary>At most this many β.</summary>
    public const int MaxBetas = 1000;

    [JsonConverter(typeof(NumberListConverter))] public double[] Beta { get; set; } = DefaultBetas;
    [JsonPropertyName("M")] public double M { get; set; } = 12;
    public string Part { get; set; } = "gain";
    public string Datum { get; set; } = "smooth";
    [JsonPropertyName("A")] public double A { get; set; } = 2;
    [JsonPropertyName("N")] public double N { get; set; } = 10;
    public double OmegaMin { get; set; } = 1e-2;
    public double OmegaMax { get; set; } = 1e4;
    public int PointsPerDecade { get; set; } = 4;
    /// <summary>The large-ω window [lo, hi] of the exponent fit.</summary>
    [JsonConverter(typeof(NumberListConverter))] public double[] FitWindow { get; set; } = [1e2, 1e4];
    public string Model { get; set; } = "corrected";
    /// <summary>Time t of the second Picard iterate n⁰ + t·C[n⁰].</summary>
    public double PicardTime { get; set; } = 1;
    /// <summary>Relative quadrature tolerance (the inner quadrature uses rtol/10).</summary>
    [JsonPropertyName("rtol")] public double RelTol { get; set; } = 1e-9;

    /// <summary>The library's scan (choices and the shape of the window checked, ranges by <see cref="KweThresholdSpec.Validate"/>).</summary>
    public KweThresholdSpec ToThresholdSpec()
    {
        var datum = KweDatumSpec.Create(Datum, M, A, N);
        if (Beta.Length > MaxBetas) throw new InvalidInputException("beta", $"[{Beta.Length} values]", $"at most {MaxBetas} values");
        var part = PosednessOutput.Choice("part", Part, ["gain", "full"]) == "gain" ? CollisionPart.Gain : CollisionPart.Full;
        if (FitWindow.Length != 2) throw new InvalidInputException("fit_window", string.Join(",", FitWindow.Select(Require.Fmt)), "must be [lo, hi]");
        double lo = FitWindow[0], hi = FitWindow[1];
        if (!(lo > 0) || !(hi > lo)) throw new InvalidInputException("fit_window", $"{Require.Fmt(lo)}:{Require.Fmt(hi)}", "must satisfy 0 < lo < hi");
        return new KweThresholdSpec
        {
            Betas = Beta,
            Datum = datum,
            Part = part,
            OmegaMin = OmegaMin,
            OmegaMax = OmegaMax,
            PointsPerDecade = PointsPerDecade,
            FitMin = lo,
            FitMax = hi,
            Model = PosednessOutput.Choice("model", Model, ["power", "corrected"]) == "power" ? GrowthModel.Power : GrowthModel.PowerWithCorrection,
            PicardTime = PicardTime,
            RelTol = RelTol,
            InnerRelTol = RelTol / 10,
        };
    }

    /// <summary>The library fields that the file sets under another key.</summary>
    internal static readonly Dictionary<string, string> FileFields = new()
    {
        ["fit_min"] = "fit_window", ["fit_max"] = "fit_window", ["inner_rtol"] = "rtol",
    };
}

/// <summary>The datum of the KWE posedness experiments from the file's <c>datum</c>, <c>M</c>, <c>A</c>, <c>N</c>.</summary>
public static class KweDatumSpec
{
    public static readonly string[] Names = ["smooth", "oscillating", "kbracket"];

    /// <summary>The datum (its kind checked, M &gt; 0; the ranges by <see cref="KweDatum.Validate"/>).</summary>
    public static KweDatum Create(string datum, double m, double a, double n)
    {
        var kind = PosednessOutput.Choice("datum", datum, Names) switch
        {
            "smooth" => KweDatumKind.Smooth,
            "oscillating" => KweDatumKind.Oscillating,
            _ => KweDatumKind.KBracket,
        };
        if (!(m > 0)) throw new InvalidInputException("M", Require.Fmt(m), "must be > 0");
        return new KweDatum(kind, m, a, n);
    }
}
