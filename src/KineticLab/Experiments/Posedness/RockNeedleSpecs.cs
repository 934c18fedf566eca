using System.Text.Json.Serialization;
using KineticLab.Posedness.RockAndNeedles;

namespace KineticLab.Experiments.Posedness;

/// <summary>
/// The members shared by the rock-and-needles experiments (docs/rock-and-needles.md): dimension <c>d</c>, relative-speed
/// law <c>kernel</c> ("power" |r|^γ or "mixed" (1.14)) with <c>gamma</c>, the needle-count constant <c>c_J</c>, a fixed
/// s − s0 <c>delta</c>, the angular constant <c>b</c> and <c>unit_rate</c>. Absent members take the experiment's defaults
/// for the dimension (<see cref="NeedlesRate.Defaults"/>, …).
/// </summary>
public abstract class NeedleExperimentSpec : ExperimentSpec
{
    [JsonPropertyName("d")] public int? D { get; set; }
    public string? Kernel { get; set; }
    public double? Gamma { get; set; }
    [JsonPropertyName("c_J")] public double? CJ { get; set; }
    public double? Delta { get; set; }
    [JsonPropertyName("b")] public double? B { get; set; }
    public bool? UnitRate { get; set; }

    /// <summary>The parameters: <paramref name="defaults"/> overridden by the members present (s0, M, N2 by the caller).</summary>
    protected NeedleParameters Base(NeedleParameters defaults)
    {
        int d = D ?? defaults.D;
        bool mixed = (Kernel is null ? (defaults.Mixed ? "mixed" : "power") : PosednessOutput.Choice("kernel", Kernel, ["power", "mixed"])) == "mixed";
        var p = defaults with
        {
            D = d,
            Mixed = mixed,
            Gamma = Gamma ?? defaults.Gamma,
            CJ = CJ ?? defaults.CJ,
            BScale = B ?? defaults.BScale,
            UnitRate = UnitRate ?? defaults.UnitRate,
        };
        if (Delta is { } dl) p = p with { Delta = dl };
        return p;
    }

    /// <summary>The members of <paramref name="p"/> that a file sets, for the parameters of result.json (absent ones resolved).</summary>
    internal static void Resolve(System.Text.Json.Nodes.JsonObject o, NeedleParameters p, bool s0 = true, bool mn2 = true)
    {
        o["d"] = p.D;
        o["kernel"] = p.Mixed ? "mixed" : "power";
        o["gamma"] = p.Mixed ? null : p.Gamma;
        if (s0) o["s0"] = p.S0;
        if (mn2) { o["M"] = p.M; o["N2"] = p.N2; }
        o["c_J"] = p.CJ;
        o["delta"] = p.Delta;
        o["b"] = p.BScale;
        o["unit_rate"] = p.UnitRate;
    }
}

/// <summary>
/// <c>posedness.needles-rate</c> (<c>examples/posedness-needles-rate.json</c>): the damping-rate field of the needles on the
/// rock. Members besides the shared ones: <c>s0</c>, <c>M</c> (of the field), <c>N2</c>, <c>M_scan</c>, <c>times</c>,
/// <c>radial_points</c>, <c>agree_time</c>. Default dimension 3.
/// </summary>
public sealed class NeedlesRateExperimentSpec : NeedleExperimentSpec
{
    public double? S0 { get; set; }
    [JsonPropertyName("M")] public double? M { get; set; }
    [JsonPropertyName("N2")] public double? N2 { get; set; }
    [JsonPropertyName("M_scan"), JsonConverter(typeof(NumberListConverter))] public double[]? MScan { get; set; }
    [JsonConverter(typeof(NumberListConverter))] public double[] Times { get; set; } = [0, -0.005, -0.02, -0.1];
    public int RadialPoints { get; set; } = 25;
    public double AgreeTime { get; set; } = 0.02;

    public NeedlesRateSpec ToLibrary()
    {
        var defaults = NeedlesRate.Defaults(D ?? 3);
        var b = Base(defaults);
        b = b with { S0 = S0 ?? defaults.S0, M = M ?? defaults.M, N2 = N2 ?? defaults.N2 };
        return new NeedlesRateSpec { Base = b, Ms = MScan ?? NeedlesRate.DefaultScan(b.D), Times = Times, RadialPoints = RadialPoints, AgreeTime = AgreeTime };
    }
}

/// <summary>
/// <c>posedness.beam-norm</c> (<c>examples/posedness-beam-norm.json</c>): ‖f_b‖ against M and N2. Members besides the
/// shared ones: <c>s0</c>, <c>M</c> (of the N2 scan), <c>N2</c> (of the M scan), <c>M_scan</c>, <c>N2_scan</c>. Default dimension 3.
/// </summary>
public sealed class BeamNormExperimentSpec : NeedleExperimentSpec
{
    public double? S0 { get; set; }
    [JsonPropertyName("M")] public double? M { get; set; }
    [JsonPropertyName("N2")] public double? N2 { get; set; }
    [JsonPropertyName("M_scan"), JsonConverter(typeof(NumberListConverter))] public double[] MScan { get; set; } = [.. BeamNorm.DefaultMs];
    [JsonPropertyName("N2_scan"), JsonConverter(typeof(NumberListConverter))] public double[] N2Scan { get; set; } = [.. BeamNorm.DefaultN2s];

    public BeamNormSpec ToLibrary()
    {
        var defaults = BeamNorm.Defaults(D ?? 3);
        var b = Base(defaults);
        b = b with { S0 = S0 ?? defaults.S0, M = M ?? defaults.M, N2 = N2 ?? defaults.N2 };
        return new BeamNormSpec { Base = b, Ms = MScan, N2s = N2Scan };
    }
}

/// <summary>
/// <c>posedness.bilinear-ratio</c> (<c>examples/posedness-bilinear-ratio-d*.json</c>): the exponent of M in Γ(M) for a scan
/// of s0. Members besides the shared ones: <c>kernels</c> (γ values and/or "mixed", as a string "-1,-0.5,mixed" or a list;
/// or a single kernel by <c>gamma</c>/<c>kernel</c>), <c>s0</c> (a list or range), <c>M</c> (of the N2 scan), <c>N2</c>,
/// <c>M_scan</c>, <c>N2_scan</c>. Default dimension 3.
/// </summary>
public sealed class BilinearRatioExperimentSpec : NeedleExperimentSpec
{
    [JsonConverter(typeof(KernelListConverter))] public string? Kernels { get; set; }
    [JsonConverter(typeof(NumberListConverter))] public double[]? S0 { get; set; }
    [JsonPropertyName("M")] public double? M { get; set; }
    [JsonPropertyName("N2")] public double? N2 { get; set; }
    [JsonPropertyName("M_scan"), JsonConverter(typeof(NumberListConverter))] public double[] MScan { get; set; } = [.. BilinearRatio.DefaultMs];
    [JsonPropertyName("N2_scan"), JsonConverter(typeof(NumberListConverter))] public double[] N2Scan { get; set; } = [.. BilinearRatio.DefaultN2s];

    public BilinearRatioSpec ToLibrary()
    {
        int d = D ?? 3;
        var defaults = BilinearRatio.Defaults(d);
        bool single = Gamma is not null || Kernel is not null;
        var b = Base(defaults);
        b = b with { M = M ?? defaults.M, N2 = N2 ?? defaults.N2 };
        if (single && Kernels is not null) throw new InvalidInputException("kernels", Kernels, "give either kernels or gamma/kernel, not both");
        return new BilinearRatioSpec
        {
            Base = b,
            Kernels = Kernels is not null ? BilinearRatio.ParseKernels("kernels", Kernels) : single ? [b.Mixed ? double.NaN : b.Gamma] : BilinearRatio.DefaultKernels(d),
            KernelField = single ? "gamma" : "kernels",
            S0s = S0 ?? BilinearRatio.DefaultS0(d),
            Ms = MScan,
            N2s = N2Scan,
        };
    }
}

/// <summary>
/// <c>posedness.deflation</c> (<c>examples/posedness-deflation.json</c>): the rock's norm deflation with the paper's
/// parameters. Members besides the shared ones (no M, N2: N2 = M^q): <c>s0</c>, <c>M_scan</c>, <c>N2_exponent</c> (q),
/// <c>rock_normalization</c> ("unit" | "paper"), <c>curve_points</c>. Default dimension 2.
/// </summary>
public sealed class DeflationExperimentSpec : NeedleExperimentSpec
{
    public double? S0 { get; set; }
    [JsonPropertyName("M_scan"), JsonConverter(typeof(NumberListConverter))] public double[] MScan { get; set; } = [.. Deflation.DefaultMs];
    [JsonPropertyName("N2_exponent")] public double N2Exponent { get; set; } = 10;
    public string RockNormalization { get; set; } = "unit";
    public int CurvePoints { get; set; } = 21;

    public DeflationSpec ToLibrary()
    {
        var defaults = Deflation.Defaults(D ?? 2);
        var b = Base(defaults);
        b = b with { S0 = S0 ?? defaults.S0 };
        return new DeflationSpec
        {
            Base = b,
            Ms = MScan,
            N2Exponent = N2Exponent,
            UnitRock = PosednessOutput.Choice("rock_normalization", RockNormalization, ["unit", "paper"]) == "unit",
            CurvePoints = CurvePoints,
        };
    }
}

/// <summary>
/// The <c>kernels</c> of a bilinear-ratio scan: a string <c>"-1,-0.5,mixed"</c> or a list of numbers and <c>"mixed"</c>,
/// read as the comma-separated text (parsed, with the field named, by <see cref="BilinearRatio.ParseKernels"/>).
/// </summary>
public sealed class KernelListConverter : JsonConverter<string>
{
    public override string? Read(ref System.Text.Json.Utf8JsonReader reader, Type typeToConvert, System.Text.Json.JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case System.Text.Json.JsonTokenType.String:
                return reader.GetString();
            case System.Text.Json.JsonTokenType.StartArray:
                var parts = new List<string>();
                while (reader.Read() && reader.TokenType != System.Text.Json.JsonTokenType.EndArray)
                {
                    parts.Add(reader.TokenType switch
                    {
                        System.Text.Json.JsonTokenType.String => reader.GetString() ?? "",
                        System.Text.Json.JsonTokenType.Number => System.Text.Encoding.UTF8.GetString(reader.HasValueSequence
                            ? System.Buffers.BuffersExtensions.ToArray(reader.ValueSequence) : reader.ValueSpan.ToArray()),
                        _ => throw new SpecValueException($"entry {parts.Count + 1} must be a number γ or \"mixed\""),
                    });
                }
                return string.Join(",", parts);
            default:
                throw new SpecValueException("must be a list of kernels (γ values or \"mixed\") or a string \"-1,-0.5,mixed\"");
        }
    }

    public override void Write(System.Text.Json.Utf8JsonWriter writer, string value, System.Text.Json.JsonSerializerOptions options) =>
        writer.WriteStringValue(value);
}
