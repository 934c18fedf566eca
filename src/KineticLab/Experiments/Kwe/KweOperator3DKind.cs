using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KineticLab.Output;
using KineticLab.WaveKinetic.Anisotropic;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Experiments.Kwe;

/// <summary>
/// The σ-parametrised operator at one k ∈ R³ (kind <c>kwe.operator3d</c>, verb <c>kwe operator3d</c>):
/// <code>
/// { "kind": "kwe.operator3d", "beta": 0.5, "M": 12, "part": "gain" | "loss" | "full", "k": [0.3, 0.2, 0.5],
///   "datum": "smooth" | "gaussian", "center": [0.5, 0, 0], "width": 0.5, "amplitude": 1,
///   "method": "quadrature" | "montecarlo", "samples": 1000000, "seed": 1, "resolution": 1 }
/// </code>
/// </summary>
public sealed class KweOperator3DSpec : ExperimentSpec
{
    public required double Beta { get; set; }
    /// <summary>Decay exponent of the smooth datum (1+|k|⁴)^(−M/4); also the weight ⟨k⟩^M of the reported weighted value.</summary>
    [JsonPropertyName("M")] public double M { get; set; } = 12;
    public string Part { get; set; } = "full";
    [JsonConverter(typeof(NumberListConverter))] public required double[] K { get; set; }
    public string Datum { get; set; } = "smooth";
    /// <summary>Centre of the gaussian datum.</summary>
    [JsonConverter(typeof(NumberListConverter))] public double[] Center { get; set; } = [0.5, 0, 0];
    public double Width { get; set; } = 0.5;
    public double Amplitude { get; set; } = 1;
    public string Method { get; set; } = "quadrature";
    /// <summary>Monte Carlo samples (an integer in [100, 1e10]).</summary>
    public double Samples { get; set; } = 1_000_000;
    public int Seed { get; set; } = 1;
    /// <summary>Factor on every point count of the quadrature rule.</summary>
    public double Resolution { get; set; } = 1;
}

/// <summary>
/// <c>kwe.operator3d</c>: C[f](k), its gain or loss part, for anisotropic data at one k by deterministic quadrature over
/// R³×S² (error: the difference to a rule with ⅔ the points) or by Monte Carlo (standard error).
/// </summary>
public sealed class KweOperator3DKind : ExperimentKind<KweOperator3DSpec>
{
    public override string Name => "kwe.operator3d";
    public override string Summary => "anisotropic KWE operator at one k ∈ R³ (quadrature or Monte Carlo)";
    protected override JsonTypeInfo<KweOperator3DSpec> TypeInfo => KweJsonContext.Default.KweOperator3DSpec;
    protected override string? DefaultStem => null;

    private sealed record Plan3(Distribution3D Datum, Vec3 K, CollisionPart Part, string PartName, string DatumName, string Method);

    private static Vec3 Vector(string field, double[] v)
    {
        if (v.Length != 3) throw new InvalidInputException(field, Show(v), "must be three numbers kx,ky,kz");
        return new Vec3(v[0], v[1], v[2]);
    }

    private static string Show(double[] v) => string.Join(",", v.Select(Require.Fmt));

    private static Plan3 Check(KweOperator3DSpec s)
    {
        Require.InRange("beta", s.Beta, 0, 2, "must be in [0, 2] (the seed's range is [0, 1])");
        if (!(s.M > 0) || s.M > 200) throw new InvalidInputException("M", Require.Fmt(s.M), "must be in (0, 200]");
        var partName = KweSolveSpec.Choice("part", s.Part, ["gain", "loss", "full"]);
        var part = partName switch { "gain" => CollisionPart.Gain, "loss" => CollisionPart.Loss, _ => CollisionPart.Full };
        var k = Vector("k", s.K);
        if (k.Norm > 1e4) throw new InvalidInputException("k", Show(s.K), "|k| must be at most 1e4");
        var datumName = KweSolveSpec.Choice("datum", s.Datum, ["smooth", "gaussian"]);
        Distribution3D fd;
        if (datumName == "smooth") fd = new SmoothDatum3D(s.M);
        else
        {
            Require.InRange("width", s.Width, 1e-3, 1e3);
            var c = Vector("center", s.Center);
            if (c.Norm > 1e3) throw new InvalidInputException("center", Show(s.Center), "|c| must be at most 1e3");
            fd = new BumpDistribution([new GaussianBump(Require.Finite("amplitude", s.Amplitude), c, s.Width)]);
        }
        var method = KweSolveSpec.Choice("method", s.Method, ["quadrature", "montecarlo"]);
        if (!(s.Samples >= 100 && s.Samples <= 1e10) || s.Samples != Math.Floor(s.Samples))
            throw new InvalidInputException("samples", Require.Fmt(s.Samples), "must be an integer in [100, 1e10]");
        Require.InRange("resolution", s.Resolution, 0.25, 8);
        return new Plan3(fd, k, part, partName, datumName, method);
    }

    public override IReadOnlyList<string> Validate(KweOperator3DSpec spec)
    {
        Check(spec);
        return [];
    }

    public override string Describe(KweOperator3DSpec spec)
    {
        var p = Check(spec);
        return $"kwe operator3d: {p.Datum.Describe()}, β = {Require.Fmt(spec.Beta)}, part {p.PartName}, k = {p.K}, {p.Method}";
    }

    protected override ExperimentOutcome Execute(ExperimentRun<KweOperator3DSpec> run)
    {
        var s = run.Spec;
        var p = Check(s);
        var folder = run.Folder;
        double b = s.Beta, mm = s.M;
        var fd = p.Datum;
        var k1 = p.K;
        var meth = p.Method;
        var op = new AnisotropicCollisionOperator(b, new SigmaQuadratureOptions().Scaled(s.Resolution));
        var prog = run.Progress("kwe operator3d");
        prog.Report(new ProgressInfo(meth, 0, 1));
        var est = meth == "montecarlo" ? op.MonteCarlo(fd, k1, p.Part, (long)s.Samples, s.Seed) : op.Evaluate(fd, k1, p.Part);
        prog.Report(new ProgressInfo(meth, 1, 1));
        double weight = Math.Pow(1 + k1.Norm2, 0.5 * mm);
        var json = new JsonObject
        {
            ["beta"] = b,
            ["M"] = mm,
            ["part"] = p.PartName,
            ["datum"] = p.DatumName,
            ["k"] = Json.Array([k1.X, k1.Y, k1.Z]),
            ["method"] = meth,
            ["value"] = est.Value,
            ["stderr"] = est.Error,
            ["error_kind"] = meth == "montecarlo" ? "standard error of the mean" : "|fine − coarse| quadrature difference (⅔ of the points)",
            ["weighted"] = weight * est.Value,
            ["magnitude"] = est.Magnitude,
            ["evaluations"] = est.Evaluations,
        };
        if (meth == "montecarlo") { json["samples"] = (long)s.Samples; json["seed"] = s.Seed; }
        if (folder is not null)
        {
            var parameters = Parameters(s);
            parameters["datum_description"] = fd.Describe();
            var rec = run.Record(json.DeepClone(), parameters);
            folder.WriteSummary($"# kwe operator3d\n\n{fd.Describe()}, β = {b}, part {p.PartName}, k = {k1}, {meth}: value {est.Value:E10} ± {est.Error:E2} ({json["error_kind"]}).\n");
            folder.WriteResult(rec);
        }
        var lines = new List<string>
        {
            $"{fd.Describe()}, β = {b}, part = {p.PartName}, k = {k1}, method = {meth}",
            $"value {est.Value:E12} ± {est.Error:E2} ({json["error_kind"]}), ⟨k⟩^M·value {weight * est.Value:E6}, {est.Evaluations} evaluations",
        };
        if (folder is not null) lines.Add($"results: {folder.Path}");
        return new ExperimentOutcome { Data = json, Lines = lines, Folder = folder?.Path };
    }
}
