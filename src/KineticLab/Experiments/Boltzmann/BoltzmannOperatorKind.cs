using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KineticLab.Boltzmann;
using KineticLab.Boltzmann.Kernels;
using KineticLab.Output;

namespace KineticLab.Experiments.Boltzmann;

/// <summary>
/// An operator check (kind <c>boltzmann.operator</c>): Q(f, f) by the fast spectral (or Mouhot–Pareschi) method against
/// an exact or reference value, with its speed:
/// <code>
/// { "kind": "boltzmann.operator", "d": 3, "N": 32, "potential": "power", "gamma": 0, "angular": "sigma-const",
///   "test": "bkw" | "maxwellian" | "twomaxwellian", "L": 6.62, "R": 6, "radial_points": 0, "sphere": "icosahedron",
///   "t": 6.5, "repetitions": 3, "points": 6, "method": "spectral" | "mp", "directions": 32 }
/// </code>
/// </summary>
public sealed class BoltzmannOperatorSpec : ExperimentSpec
{
    public int D { get; set; } = 3;
    [JsonPropertyName("N")] public int N { get; set; } = 32;
    /// <summary>"power" (Φ = r^γ) or "mixed".</summary>
    public string Potential { get; set; } = "power";
    public double Gamma { get; set; }
    /// <summary>The angular kernel; null: sigma-const for the BKW test, abs-cos otherwise.</summary>
    public string? Angular { get; set; }
    /// <summary>"bkw" (exact ∂t f), "maxwellian" (Q(μ, μ) = 0) or "twomaxwellian" (direct quadrature).</summary>
    public string Test { get; set; } = "bkw";
    [JsonPropertyName("L")] public double? L { get; set; }
    [JsonPropertyName("R")] public double? R { get; set; }
    /// <summary>Radial quadrature points (0: N).</summary>
    public int RadialPoints { get; set; }
    [JsonConverter(typeof(StringOrNumberConverter))] public string? Sphere { get; set; }
    /// <summary>Time of the BKW solution (default 6.5 in 3D, 0.5 in 2D).</summary>
    [JsonPropertyName("t")] public double? T { get; set; }
    /// <summary>Timed evaluations.</summary>
    public int Repetitions { get; set; } = 3;
    /// <summary>Velocities compared with direct quadrature (twomaxwellian).</summary>
    public int Points { get; set; } = 6;
    public string Method { get; set; } = "spectral";
    public int Directions { get; set; } = 32;

    /// <summary>The settings of <see cref="OperatorCheck"/> (validated) with <paramref name="threads"/> worker threads.</summary>
    public OperatorCheckSettings ToSettings(int threads)
    {
        var inv = CultureInfo.InvariantCulture;
        if (D is not (2 or 3)) throw new InvalidInputException("d", D.ToString(inv), "must be 2 or 3");
        var s = new OperatorCheckSettings
        {
            D = D, N = N, Gamma = Gamma,
            Potential = Choice("potential", Potential, ["power", "mixed"]) == "mixed" ? PotentialKind.Mixed : PotentialKind.Power,
            Angular = Angular,
            Test = Choice("test", Test, ["bkw", "maxwellian", "twomaxwellian"]) switch
            {
                "bkw" => OperatorTestKind.Bkw,
                "maxwellian" => OperatorTestKind.Maxwellian,
                _ => OperatorTestKind.TwoMaxwellian,
            },
            L = L, R = R, RadialPoints = RadialPoints, Sphere = Sphere, Time = T, Repetitions = Repetitions,
            Threads = threads, ReferencePoints = Points,
            Method = Choice("method", Method, ["spectral", "mp"]),
            Directions = Directions,
        };
        if (s.Time is < 0) throw new InvalidInputException("t", Require.Fmt(s.Time.Value), "must be >= 0");
        if (s.RadialPoints < 0) throw new InvalidInputException("radial_points", s.RadialPoints.ToString(inv), "must be >= 1");
        if (s.ReferencePoints is < 1 or > 64) throw new InvalidInputException("points", s.ReferencePoints.ToString(inv), "must be in [1, 64]");
        OperatorCheck.Validate(s);
        return s;
    }

    internal static string Choice(string field, string value, string[] allowed)
    {
        foreach (var a in allowed) if (string.Equals(a, value.Trim(), StringComparison.OrdinalIgnoreCase)) return a;
        throw new InvalidInputException(field, value, $"must be one of {string.Join("|", allowed)}");
    }
}

/// <summary><c>boltzmann.operator</c>: accuracy and speed of the fast collision operator (prints; writes no folder).</summary>
public sealed class BoltzmannOperatorKind : ExperimentKind<BoltzmannOperatorSpec>
{
    public override string Name => "boltzmann.operator";
    public override string Summary => "Q(f,f) by the fast spectral or Mouhot–Pareschi method against an exact or reference value, and its speed";
    protected override JsonTypeInfo<BoltzmannOperatorSpec> TypeInfo => BoltzmannJsonContext.Default.BoltzmannOperatorSpec;
    protected override string? DefaultStem => null;

    public override IReadOnlyList<string> Validate(BoltzmannOperatorSpec spec)
    {
        spec.ToSettings(0);
        return [];
    }

    public override string Describe(BoltzmannOperatorSpec spec)
    {
        var s = spec.ToSettings(0);
        return $"boltzmann operator: d = {s.D}, N = {s.N}, test {s.Test}, method {s.Method}";
    }

    protected override ExperimentOutcome Execute(ExperimentRun<BoltzmannOperatorSpec> run)
    {
        var s = run.Spec.ToSettings(run.Context.Launch.Threads);
        var res = OperatorCheck.Run(s, run.Progress("boltzmann operator"), run.Context.Cancel);
        var json = new JsonObject
        {
            ["linf_error"] = Json.Number(res.LinfError),
            ["l2_error"] = Json.Number(res.L2Error),
            ["ms_per_eval"] = Json.Number(res.MsPerEvaluation),
            ["reference_scale"] = Json.Number(res.ReferenceScale),
            ["compared_points"] = res.ComparedPoints,
            ["reference"] = res.Reference,
            ["kernel"] = res.Kernel,
            ["d"] = s.D,
            ["N"] = s.N,
            ["L"] = res.L,
            ["R"] = res.R,
            ["radial_points"] = res.RadialPoints,
            ["sphere"] = res.Sphere,
            ["ffts_per_eval"] = res.FftsPerEvaluation,
            ["fft_backend"] = res.FftBackend,
        };
        return new ExperimentOutcome
        {
            Data = json,
            Lines =
            [
                $"kernel:      {res.Kernel}",
                $"grid:        d = {s.D}, N = {s.N}, L = {Require.Fmt(res.L)}, R = {Require.Fmt(res.R)}, {res.RadialPoints} radial points, sphere {res.Sphere}",
                $"reference:   {res.Reference}",
                $"linf error:  {res.LinfError:E3}   (scale {res.ReferenceScale:E3}, {res.ComparedPoints} points)",
                $"l2 error:    {res.L2Error:E3}",
                $"ms per eval: {res.MsPerEvaluation:F2}   ({res.FftsPerEvaluation} FFTs, {res.FftBackend})",
            ],
        };
    }
}
