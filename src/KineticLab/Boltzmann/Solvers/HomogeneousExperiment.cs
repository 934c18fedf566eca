using KineticLab.Numerics.Fft;
using System.Globalization;
using System.Text.Json.Nodes;
using KineticLab.Boltzmann.Exact;
using KineticLab.Boltzmann.Kernels;
using KineticLab.Numerics.Quadrature;
using KineticLab.Boltzmann.Spectral;
using KineticLab.Numerics.TimeStepping;

namespace KineticLab.Boltzmann.Solvers;

/// <summary>One Gaussian of an initial mixture: weight · N(mean, std² I).</summary>
public sealed record GaussianComponent(double Weight, double[] Mean, double Std);

/// <summary>
/// A homogeneous Boltzmann experiment read from JSON (<c>examples/boltzmann-*.json</c>):
/// <code>
/// { "kind": "boltzmann-homogeneous", "d": 2, "N": 48, "L": 7, "R": 6, "radial_points": 24, "sphere": "32",
///   "kernel": { "potential": "power", "gamma": -0.5, "angular": "abs-cos" },
///   "initial": { "type": "gaussians", "components": [ { "weight": 0.5, "mean": [1.2, 0], "std": 0.6 }, ... ] }
///            | { "type": "bkw" },
///   "t0": 0, "t_end": 6, "output_times": [0.5, 1, 2], "method": "bs23", "rtol": 1e-6, "atol": 1e-10,
///   "conservative": true, "operator": "spectral" | "mp", "directions": 32 }
/// </code>
/// Every field is validated; errors name the field (exit code 2 in the CLI).
/// </summary>
public sealed class HomogeneousExperiment
{
    public int D { get; private init; }
    public int N { get; private init; }
    public double L { get; private init; }
    public double R { get; private init; }
    public int RadialPoints { get; private init; }
    public string? Sphere { get; private init; }
    public CollisionKernel Kernel { get; private init; } = null!;
    public string InitialType { get; private init; } = "";
    public GaussianComponent[] Components { get; private init; } = [];
    public HomogeneousRunSettings Settings { get; private init; } = null!;
    public bool Conservative { get; private init; } = true;
    public JsonObject Source { get; private init; } = new();

    public static HomogeneousExperiment Parse(JsonNode? node)
    {
        if (node is not JsonObject o) throw new InvalidInputException("experiment", "", "must be a JSON object");
        OnlyKeys(o, "", TopKeys);
        string kind = Str(o, "kind", "boltzmann-homogeneous");
        if (kind != "boltzmann-homogeneous") throw new InvalidInputException("kind", kind, "must be boltzmann-homogeneous");
        int d = Int(o, "d", 2);
        RelativeSpeedKernel.CheckDimension(d);
        int n = Int(o, "N", d == 3 ? 24 : 48);
        double l = Num(o, "L", 7);
        double r = Num(o, "R", 0.85 * l);
        if (o["kernel"] is not (null or JsonObject)) throw new InvalidInputException("kernel", o["kernel"]!.ToJsonString(), "must be an object");
        var k = o["kernel"] as JsonObject ?? new JsonObject();
        OnlyKeys(k, "kernel.", ["potential", "gamma", "angular"]);
        string potential = Str(k, "potential", "power");
        if (potential == "mixed" && k["gamma"] is not null)
            throw new InvalidInputException("kernel.gamma", k["gamma"]!.ToJsonString(), "is not used by the mixed kernel (remove it or use potential power)");
        RelativeSpeedKernel phi = potential switch
        {
            "power" => RelativeSpeedKernel.Power(d, Num(k, "gamma", 0)),
            "mixed" => RelativeSpeedKernel.Mixed(d),
            _ => throw new InvalidInputException("kernel.potential", potential, "must be power or mixed"),
        };
        var kernel = new CollisionKernel(phi, AngularKernel.Parse(d, Str(k, "angular", "abs-cos")));
        var init = o["initial"] as JsonObject ?? throw new InvalidInputException("initial", o["initial"]?.ToJsonString() ?? "", "an object is required");
        OnlyKeys(init, "initial.", ["type", "components"]);
        string type = Str(init, "type", "gaussians");
        var comps = new List<GaussianComponent>();
        double t0 = Num(o, "t0", type == "bkw" ? (d == 3 ? 5.5 : 0.0) : 0);
        Require.NonNegative("t0", t0);
        if (type == "gaussians")
        {
            if (init["components"] is not JsonArray arr || arr.Count == 0) throw new InvalidInputException("initial.components", "", "a non-empty array is required");
            for (int i = 0; i < arr.Count; i++)
            {
                if (arr[i] is not JsonObject c) throw new InvalidInputException($"initial.components[{i}]", arr[i]?.ToJsonString() ?? "null", "must be an object");
                OnlyKeys(c, $"initial.components[{i}].", ["weight", "mean", "std"]);
                double w = Num(c, "weight", 1);
                Require.Positive($"initial.components[{i}].weight", w);
                var mean = NumArray(c, "mean", d, $"initial.components[{i}].mean");
                double std = Num(c, "std", 1);
                Require.Positive($"initial.components[{i}].std", std);
                comps.Add(new GaussianComponent(w, mean, std));
            }
        }
        else if (type == "bkw")
        {
            if (init["components"] is not null) throw new InvalidInputException("initial.components", "[...]", "is not used by the bkw initial state");
            var bkw = new Bkw(d);
            if (!kernel.Angular.IsSigmaConstant || phi.Kind != PotentialKind.Power || phi.Gamma != 0 || Math.Abs(kernel.B1 - 1) > 1e-14)
                throw new InvalidInputException("kernel", kernel.Describe(), "the BKW initial state needs gamma 0 and angular sigma-const");
            if (t0 < bkw.FirstValidTime) throw new InvalidInputException("t0", Require.Fmt(t0), $"the BKW solution is negative before t = {Require.Fmt(bkw.FirstValidTime)}");
        }
        else throw new InvalidInputException("initial.type", type, "must be gaussians or bkw");
        double tEnd = Num(o, "t_end", t0 + 1);
        if (o["output_times"] is not (null or JsonArray)) throw new InvalidInputException("output_times", o["output_times"]!.ToJsonString(), "must be an array of times");
        var outputs = o["output_times"] is JsonArray oa ? oa.Select((x, i) => ToNum(x, $"output_times[{i}]")).ToArray() : [];
        if (outputs.Length > MaxOutputTimes) throw new InvalidInputException("output_times", $"{outputs.Length} times", $"at most {MaxOutputTimes} (each keeps a snapshot of f)");
        var settings = new HomogeneousRunSettings
        {
            T0 = t0, TEnd = tEnd, OutputTimes = outputs, Method = Str(o, "method", "bs23"),
            Control = new StepControl(RelTol: Num(o, "rtol", 1e-6), AbsTol: Num(o, "atol", 1e-10)),
        };
        settings.Validate();
        var exp = new HomogeneousExperiment
        {
            D = d, N = n, L = l, R = r, RadialPoints = Int(o, "radial_points", 0), Sphere = o["sphere"]?.ToString(),
            Kernel = kernel, InitialType = type, Components = [.. comps], Settings = settings,
            Conservative = Bool(o, "conservative", true), Source = (JsonObject)o.DeepClone(),
            Method = Str(o, "operator", "spectral"), Directions = Int(o, "directions", 32),
            Planning = Str(o, "fft_planning", "estimate") switch
            {
                "estimate" => FftPlanning.Estimate,
                "measure" => FftPlanning.Measure,
                var other => throw new InvalidInputException("fft_planning", other, "must be estimate (reproducible) or measure (faster)"),
            },
        };
        if (exp.Method is not ("spectral" or "mp")) throw new InvalidInputException("operator", exp.Method, "must be spectral or mp");
        if (exp.Directions is < 1 or > 4096) throw new InvalidInputException("directions", exp.Directions.ToString(CultureInfo.InvariantCulture), "must be in [1, 4096]");
        _ = new VelocityGrid(d, n, l); // validates N and L
        if (exp.RadialPoints < 0) throw new InvalidInputException("radial_points", exp.RadialPoints.ToString(CultureInfo.InvariantCulture), "must be >= 0");
        if (exp.Sphere is not null) SphereRule.ByName(d, exp.Sphere);
        // Consistency of the box, the truncation and the data.
        double diameter = 2 * l * Math.Sqrt(d);
        if (!(r > 0) || r > diameter)
            throw new InvalidInputException("R", Require.Fmt(r), $"the truncation of |u − v| must be in (0, {Require.Fmt(diameter)}] (the diameter of the box [-L, L]^{d})");
        double h = 2 * l / n;
        for (int i = 0; i < comps.Count; i++)
        {
            var c = comps[i];
            if (c.Std < h)
                throw new InvalidInputException($"initial.components[{i}].std", Require.Fmt(c.Std),
                    $"is below the grid spacing 2L/N = {Require.Fmt(h)}: the grid is too coarse for this datum (increase N or decrease L)");
            for (int a = 0; a < d; a++)
                if (Math.Abs(c.Mean[a]) + 4 * c.Std > l)
                    throw new InvalidInputException($"initial.components[{i}].mean", Require.Fmt(c.Mean[a]),
                        $"the component reaches beyond the box: |mean| + 4·std must be ≤ L = {Require.Fmt(l)} (increase L)");
        }
        return exp;
    }

    /// <summary>Most output times an experiment may request.</summary>
    public const int MaxOutputTimes = 1000;

    private static readonly string[] TopKeys =
    [
        "kind", "name", "description", "out", "d", "N", "L", "R", "radial_points", "sphere", "kernel", "initial", "t0", "t_end",
        "output_times", "method", "rtol", "atol", "conservative", "operator", "directions", "fft_planning",
    ];

    private static void OnlyKeys(JsonObject o, string prefix, IReadOnlyCollection<string> allowed)
    {
        foreach (var (key, _) in o)
            if (!allowed.Contains(key))
                throw new InvalidInputException(prefix + key, "", $"unknown key; allowed: {string.Join(", ", allowed)}");
    }

    private static bool Bool(JsonObject o, string key, bool fallback) => o[key] switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        var other => throw new InvalidInputException(key, other.ToJsonString(), "must be true or false"),
    };

    public VelocityGrid Grid() => new(D, N, L);

    /// <summary>Collision operator: "spectral" (general kernels) or "mp" (Mouhot–Pareschi), JSON key "operator".</summary>
    public string Method { get; private init; } = "spectral";
    public int Directions { get; private init; } = 32;

    /// <summary>
    /// FFTW planning, JSON key "fft_planning": "estimate" (default: the same plans in every run, so a resumed run
    /// repeats an uninterrupted one bit for bit) or "measure" (timed plans, usually faster; plans may differ between
    /// runs, so results agree to round-off only, about 1e-15 relative).
    /// </summary>
    public FftPlanning Planning { get; private init; } = FftPlanning.Estimate;

    public ICollisionOperator Operator(VelocityGrid grid, int threads = 0) => Method == "mp"
        ? new MouhotPareschiOperator(Kernel, grid, R, Directions, threads, Planning)
        : new FastSpectralOperator(Kernel, grid, new SpectralOptions
    {
        R = R, RadialPoints = RadialPoints, Threads = threads, Planning = Planning,
        Sphere = Sphere is null ? (Kernel.Angular.IsSigmaConstant ? null : (D == 3 ? SphereRule.Product(6, 12) : SphereRule.Circle(32))) : SphereRule.ByName(D, Sphere),
    });

    /// <summary>The initial state on the grid.</summary>
    public double[] Initial(VelocityGrid grid)
    {
        if (InitialType == "bkw")
        {
            var bkw = new Bkw(D);
            double t0 = Settings.T0;
            return grid.Sample(v => { double r2 = 0; foreach (var x in v) r2 += x * x; return bkw.Value(t0, r2); });
        }
        return grid.Sample(v =>
        {
            double s = 0;
            foreach (var c in Components) s += c.Weight * Gaussian.Density(v, c.Mean, c.Std);
            return s;
        });
    }

    private static string Str(JsonObject o, string key, string fallback) => o[key] switch
    {
        null => fallback,
        JsonValue v when v.TryGetValue<string>(out var s) => s.Trim().ToLowerInvariant(),
        var other => throw new InvalidInputException(key, other.ToJsonString(), "must be a string"),
    };

    private static double Num(JsonObject o, string key, double fallback) => o[key] is null ? fallback : ToNum(o[key], key);

    private static double ToNum(JsonNode? n, string key)
    {
        if (n is JsonValue v && v.TryGetValue<double>(out var x) && double.IsFinite(x)) return x;
        throw new InvalidInputException(key, n?.ToJsonString() ?? "null", "must be a finite number");
    }

    private static int Int(JsonObject o, string key, int fallback)
    {
        if (o[key] is null) return fallback;
        double x = ToNum(o[key], key);
        if (x != Math.Floor(x) || Math.Abs(x) > int.MaxValue) throw new InvalidInputException(key, Require.Fmt(x), "must be an integer");
        return (int)x;
    }

    private static double[] NumArray(JsonObject o, string key, int d, string field)
    {
        if (o[key] is not JsonArray a || a.Count != d) throw new InvalidInputException(field, o[key]?.ToJsonString() ?? "", $"must be an array of {d} numbers");
        return a.Select((x, i) => ToNum(x, $"{field}[{i}]")).ToArray();
    }
}
