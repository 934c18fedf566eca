using System.Text.Json.Serialization;
using KineticLab.Posedness;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Experiments.Posedness;

/// <summary>
/// An evaluation of the isotropic KWE collision operator at given ω (kind <c>kwe.operator</c>, the verb <c>kwe operator</c>):
/// <code>
/// { "kind": "kwe.operator", "beta": 0.5, "part": "full" | "gain" | "loss", "omega": [0.1, 1, 10],
///   "rtol": 1e-10, "M": 12, "datum": "smooth" | "oscillating" | "kbracket", "A": 2, "N": 10 }
/// </code>
/// </summary>
public sealed class KweOperatorSpec : ExperimentSpec
{
    public required double Beta { get; set; }
    public string Part { get; set; } = "full";
    /// <summary>The ω &gt; 0 where C[n](ω) is evaluated.</summary>
    [JsonConverter(typeof(NumberListConverter))] public required double[] Omega { get; set; }
    /// <summary>Relative tolerance of the outer quadrature (the inner one uses rtol/100).</summary>
    [JsonPropertyName("rtol")] public double RelTol { get; set; } = 1e-10;
    [JsonPropertyName("M")] public double M { get; set; } = 12;
    public string Datum { get; set; } = "smooth";
    [JsonPropertyName("A")] public double A { get; set; } = 2;
    [JsonPropertyName("N")] public double N { get; set; } = 10;

    /// <summary>The part of the operator (checked).</summary>
    public CollisionPart Collision() => PosednessOutput.Choice("part", Part, ["gain", "loss", "full"]) switch
    {
        "gain" => CollisionPart.Gain,
        "loss" => CollisionPart.Loss,
        _ => CollisionPart.Full,
    };

    /// <summary>The datum (kind and M &gt; 0 checked; its ranges by <see cref="KweDatum.Validate"/>).</summary>
    public KweDatum CreateDatum() => KweDatumSpec.Create(Datum, M, A, N);

    /// <summary>Checks every field (naming it); returns the warnings of the datum.</summary>
    public IReadOnlyList<string> Validate()
    {
        Require.InRange("beta", Beta, 0, 2, "must be in [0, 2] (the seed's range is [0, 1])");
        Collision();
        if (Omega.Length == 0) throw new InvalidInputException("omega", "[]", "must not be empty");
        foreach (var w in Omega)
            if (!(w > 0)) throw new InvalidInputException("omega", Require.Fmt(w), "every ω must be > 0");
        Require.InRange("rtol", RelTol, 1e-14, 1e-2);
        var d = CreateDatum();
        var warnings = new List<string>();
        d.Validate(warnings);
        return warnings;
    }
}
