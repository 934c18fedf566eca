using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KineticLab.Output;
using KineticLab.WaveKinetic.Anisotropic;
using KineticLab.WaveKinetic.Isotropic;
using KineticLab.WaveKinetic.Spectral;
using KineticLab.Numerics.Quadrature;
using KineticLab.Numerics.Spectral;

namespace KineticLab.Experiments.Kwe;

/// <summary>
/// The σ-parametrised operator at one k ∈ R³ (kind <c>kwe.operator3d</c>, verb <c>kwe operator3d</c>):
/// <code>
/// { "kind": "kwe.operator3d", "beta": 0.5, "M": 12, "part": "gain" | "loss" | "full", "k": [0.3, 0.2, 0.5],
///   "datum": "smooth" | "gaussian", "center": [0.5, 0, 0], "width": 0.5, "amplitude": 1,
///   "method": "quadrature" | "montecarlo" | "spectral", "samples": 1000000, "seed": 1, "resolution": 1,
///   "N": 32, "L": 4, "R": 4, "radial_points": 0, "sphere_polar": 0 }                  // the spectral method's grid and rules
/// </code>
/// The spectral method evaluates the fast spectral operator on the whole grid and reports the value at k: the grid value
/// when k is a node, the trigonometric interpolant of the grid values otherwise.
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
    /// <summary>Spectral: points per axis (even, at most 128) of the periodized box [−L, L)³ (nodes x_j = −L + jh, the origin among them).</summary>
    [JsonPropertyName("N")] public int N { get; set; } = 32;
    /// <summary>Spectral: half width L of the box.</summary>
    [JsonPropertyName("L")] public double L { get; set; } = 4;
    /// <summary>Spectral: truncation R of the rectangle's sides (default L).</summary>
    [JsonPropertyName("R")] public double? R { get; set; }
    /// <summary>Spectral: radial nodes (0: N/2 at β = 0, N otherwise).</summary>
    public int RadialPoints { get; set; }
    /// <summary>Spectral: the product rule sphere_polar × 2·sphere_polar of directions (0: N/4 × N/2).</summary>
    public int SpherePolar { get; set; }
    /// <summary>Spectral: evaluate on the 3N/2 grid and read the result at the N-grid's nodes (<see cref="DealiasedKweSpectralOperator"/>).</summary>
    public bool Dealias { get; set; }
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

    private sealed record Plan3(Distribution3D Datum, Vec3 K, CollisionPart Part, string PartName, string DatumName, string Method, string? Warning);

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
        var method = KweSolveSpec.Choice("method", s.Method, ["quadrature", "montecarlo", "spectral"]);
        if (method == "spectral")
        {
            if (s.N < 8 || s.N > MaxSpectralN || s.N % 2 != 0)
                throw new InvalidInputException("N", s.N.ToString(CultureInfo.InvariantCulture), $"must be an even number in [8, {MaxSpectralN}]");
            Require.InRange("L", s.L, 0.05, 1e3);
            double r = s.R ?? s.L;
            if (!(r > 0 && r <= 2 * s.L)) throw new InvalidInputException("R", Require.Fmt(r), $"must be in (0, 2L = {Require.Fmt(2 * s.L)}]");
            Require.IntInRange("radial_points", s.RadialPoints, 0, 512);
            Require.IntInRange("sphere_polar", s.SpherePolar, 0, 64);
            if (s.Dealias && (s.N % 4 != 0 || 3 * s.N > 256))
                throw new InvalidInputException("N", s.N.ToString(CultureInfo.InvariantCulture), "must be a multiple of 4 and at most 84 with dealias (the 3N/2 and 3N grids)");
            if (Math.Abs(k.X) > s.L || Math.Abs(k.Y) > s.L || Math.Abs(k.Z) > s.L)
                throw new InvalidInputException("k", Show(s.K), $"must lie in the box [−L, L]³, L = {Require.Fmt(s.L)}");
        }
        if (!(s.Samples >= 100 && s.Samples <= 1e10) || s.Samples != Math.Floor(s.Samples))
            throw new InvalidInputException("samples", Require.Fmt(s.Samples), "must be an integer in [100, 1e10]");
        Require.InRange("resolution", s.Resolution, 0.25, 8);
        string? warning = method == "spectral" ? SpectralDatum.Check("datum", fd, s.L, s.R ?? s.L, "L") : null;
        return new Plan3(fd, k, part, partName, datumName, method, warning);
    }

    /// <summary>The largest spectral grid (points per axis) of a single evaluation.</summary>
    public const int MaxSpectralN = 128;

    public override JsonObject? Plan(KweOperator3DSpec spec, RunContext context)
    {
        if (Check(spec).Method != "spectral") return null;
        long bytes = (spec.Dealias ? DealiasedKweSpectralOperator.EstimateMemoryBytes(3, spec.N, Environment.ProcessorCount)
                         : KweSpectralOperator.EstimateMemoryBytes(3, spec.N, Environment.ProcessorCount)) + 4L * 8 * spec.N * spec.N * spec.N;
        return new JsonObject { ["memory_bytes"] = bytes, ["memory_mib"] = Math.Round(bytes / 1048576.0, 1), ["grid_points"] = (long)spec.N * spec.N * spec.N };
    }

    public override IReadOnlyList<string> Validate(KweOperator3DSpec spec)
    {
        var p = Check(spec);
        var w = new List<string>();
        if (p.Warning is { } x) w.Add(x);
        if (p.Method == "spectral" && spec.Dealias && spec.Beta != Math.Floor(spec.Beta))
            w.Add($"dealias with non-integer beta = {Require.Fmt(spec.Beta)}: the read-back of the non-smooth weight |k|^(2β) is less accurate than the plain operator (docs/kwe-anisotropic-spectral.md §4.2)");
        return w;
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
        if (meth == "spectral") return ExecuteSpectral(run, p);
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

    /// <summary>The spectral method: the operator on the whole grid, the value at k (node or trigonometric interpolant).</summary>
    private ExperimentOutcome ExecuteSpectral(ExperimentRun<KweOperator3DSpec> run, Plan3 p)
    {
        var s = run.Spec;
        var folder = run.Folder;
        var grid = new PeriodicGrid(3, s.N, s.L);
        double r = s.R ?? s.L;
        var prog = run.Progress("kwe operator3d");
        prog.Report(new ProgressInfo("spectral", 0, 1));
        var options = new KweSpectralOptions
        {
            R = r,
            RadialPoints = s.RadialPoints,
            Directions = s.SpherePolar > 0 ? SphereRule.Product(s.SpherePolar, 2 * s.SpherePolar) : null,
        };
        using var dop = s.Dealias ? new DealiasedKweSpectralOperator(grid, s.Beta, options) : null;
        using var plain = s.Dealias ? null : new KweSpectralOperator(grid, s.Beta, options);
        var op = dop?.Inner ?? plain!;
        var f = grid.Sample(x => p.Datum.Value(new Vec3(x[0], x[1], x[2])));
        var g1 = new double[grid.Total]; var g2 = new double[grid.Total]; var l = new double[grid.Total];
        var sw = System.Diagnostics.Stopwatch.StartNew();
        if (dop is not null) dop.Parts(f, g1, g2, l); else plain!.Parts(f, g1, g2, l);
        double ms = sw.Elapsed.TotalMilliseconds;
        var c = new double[grid.Total];
        for (int i = 0; i < c.Length; i++)
            c[i] = p.Part switch { CollisionPart.Gain => g1[i] + g2[i], CollisionPart.Loss => l[i], _ => g1[i] + g2[i] - l[i] };
        prog.Report(new ProgressInfo("spectral", 1, 1));
        ReadOnlySpan<double> kk = [p.K.X, p.K.Y, p.K.Z];
        int node = grid.Nearest(kk);
        Span<double> xn = stackalloc double[3];
        grid.Point(node, xn);
        bool atNode = Math.Abs(xn[0] - p.K.X) <= 1e-9 * grid.H && Math.Abs(xn[1] - p.K.Y) <= 1e-9 * grid.H && Math.Abs(xn[2] - p.K.Z) <= 1e-9 * grid.H;
        double value = atNode ? c[node] : grid.Interpolate(c, kk);
        double maxAbs = 0;
        foreach (var v in c) maxAbs = Math.Max(maxAbs, Math.Abs(v));
        double weight = Math.Pow(1 + p.K.Norm2, 0.5 * s.M);
        var json = new JsonObject
        {
            ["beta"] = s.Beta,
            ["M"] = s.M,
            ["part"] = p.PartName,
            ["datum"] = p.DatumName,
            ["k"] = Json.Array([p.K.X, p.K.Y, p.K.Z]),
            ["method"] = "spectral",
            ["value"] = value,
            ["at_node"] = atNode,
            ["value_kind"] = atNode ? "grid value at the node k" : "trigonometric interpolant of the grid values at k",
            ["weighted"] = weight * value,
            ["max_abs_on_grid"] = maxAbs,
            ["N"] = s.N,
            ["L"] = s.L,
            ["R"] = r,
            ["alias_free_radius"] = KweSpectralOperator.AliasFreeRadius(s.L, r),
            ["directions"] = op.Directions.Count,
            ["radial_points"] = op.RadialRule.Count,
            ["ffts_per_eval"] = dop?.FftsPerCollision ?? op.FftsPerCollision,
            ["ms_per_eval"] = ms,
            ["threads"] = op.Threads,
            ["memory_bytes"] = dop is null ? op.MemoryBytes : DealiasedKweSpectralOperator.EstimateMemoryBytes(3, s.N, op.Threads),
            ["dealias"] = s.Dealias,
            ["evaluation_grid"] = dop?.FineGrid.N ?? s.N,
        };
        if (folder is not null)
        {
            var parameters = Parameters(s);
            parameters["datum_description"] = p.Datum.Describe();
            var rec = run.Record(json.DeepClone(), parameters);
            folder.WriteSummary($"# kwe operator3d (spectral)\n\n{p.Datum.Describe()}, β = {s.Beta}, part {p.PartName}, k = {p.K}, N = {s.N}, L = {Require.Fmt(s.L)}, R = {Require.Fmt(r)}: value {value:E10} ({json["value_kind"]}), max |·| on the grid {maxAbs:E4}.\n");
            folder.WriteResult(rec);
        }
        var lines = new List<string>
        {
            $"{p.Datum.Describe()}, β = {s.Beta}, part = {p.PartName}, k = {p.K}, method = spectral (N = {s.N}, L = {Require.Fmt(s.L)}, R = {Require.Fmt(r)}, {op.Directions.Count} directions, {op.RadialRule.Count} radial nodes{(dop is null ? "" : $", dealiased on the {dop.FineGrid.N}³ grid")})",
            $"value {value:E12} ({json["value_kind"]}), max |·| on the grid {maxAbs:E6}, {dop?.FftsPerCollision ?? op.FftsPerCollision} transforms, {ms:F0} ms",
        };
        if (folder is not null) lines.Add($"results: {folder.Path}");
        return new ExperimentOutcome { Data = json, Lines = lines, Folder = folder?.Path };
    }
}
