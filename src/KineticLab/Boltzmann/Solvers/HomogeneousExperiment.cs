using System.Globalization;
using System.Text.Json.Nodes;
using KineticLab.Boltzmann.Exact;
using KineticLab.Boltzmann.Kernels;
using KineticLab.Boltzmann.Quadrature;
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
        string kind = Str(o, "kind", "boltzmann-homogeneous");
        if (kind != "boltzmann-homogeneous") throw new InvalidInputException("kind", kind, "must be boltzmann-homogeneous");
        int d = Int(o, "d", 2);
        RelativeSpeedKernel.CheckDimension(d);
        int n = Int(o, "N", d == 3 ? 24 : 48);
        double l = Num(o, "L", 7);
        double r = Num(o, "R", 0.85 * l);
        var k = o["kernel"] as JsonObject ?? new JsonObject();
        string potential = Str(k, "potential", "power");
        RelativeSpeedKernel phi = potential switch
        {
            "power" => RelativeSpeedKernel.Power(d, Num(k, "gamma", 0)),
            "mixed" => RelativeSpeedKernel.Mixed(d),
            _ => throw new InvalidInputException("kernel.potential", potential, "must be power or mixed"),
        };
        var kernel = new CollisionKernel(phi, AngularKernel.Parse(d, Str(k, "angular", "abs-cos")));
        var init = o["initial"] as JsonObject ?? throw new InvalidInputException("initial", "", "an object is required");
        string type = Str(init, "type", "gaussians");
        var comps = new List<GaussianComponent>();
        double t0 = Num(o, "t0", type == "bkw" ? (d == 3 ? 5.5 : 0.0) : 0);
        Require.NonNegative("t0", t0);
        if (type == "gaussians")
        {
            if (init["components"] is not JsonArray arr || arr.Count == 0) throw new InvalidInputException("initial.components", "", "a non-empty array is required");
            for (int i = 0; i < arr.Count; i++)
            {
                if (arr[i] is not JsonObject c) throw new InvalidInputException($"initial.components[{i}]", "", "must be an object");
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
            var bkw = new Bkw(d);
            if (!kernel.Angular.IsSigmaConstant || phi.Kind != PotentialKind.Power || phi.Gamma != 0 || Math.Abs(kernel.B1 - 1) > 1e-14)
                throw new InvalidInputException("kernel", kernel.Describe(), "the BKW initial state needs gamma 0 and angular sigma-const");
            if (t0 < bkw.FirstValidTime) throw new InvalidInputException("t0", Require.Fmt(t0), $"the BKW solution is negative before t = {Require.Fmt(bkw.FirstValidTime)}");
        }
        else throw new InvalidInputException("initial.type", type, "must be gaussians or bkw");
        double tEnd = Num(o, "t_end", t0 + 1);
        var outputs = o["output_times"] is JsonArray oa ? oa.Select((x, i) => ToNum(x, $"output_times[{i}]")).ToArray() : [];
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
            Conservative = o["conservative"] is JsonValue cv ? cv.GetValue<bool>() : true, Source = (JsonObject)o.DeepClone(),
            Method = Str(o, "operator", "spectral"), Directions = Int(o, "directions", 32),
        };
        if (exp.Method is not ("spectral" or "mp")) throw new InvalidInputException("operator", exp.Method, "must be spectral or mp");
        if (exp.Directions is < 1 or > 4096) throw new InvalidInputException("directions", exp.Directions.ToString(CultureInfo.InvariantCulture), "must be in [1, 4096]");
        _ = new VelocityGrid(d, n, l); // validates N and L
        if (exp.RadialPoints < 0) throw new InvalidInputException("radial_points", exp.RadialPoints.ToString(CultureInfo.InvariantCulture), "must be >= 0");
        if (exp.Sphere is not null) SphereRule.ByName(d, exp.Sphere);
        return exp;
    }

    public VelocityGrid Grid() => new(D, N, L);

    /// <summary>Collision operator: "spectral" (general kernels) or "mp" (Mouhot–Pareschi), JSON key "operator".</summary>
    public string Method { get; private init; } = "spectral";
    public int Directions { get; private init; } = 32;

    public ICollisionOperator Operator(VelocityGrid grid, int threads = 0) => Method == "mp"
        ? new MouhotPareschiOperator(Kernel, grid, R, Directions, threads)
        : new FastSpectralOperator(Kernel, grid, new SpectralOptions
    {
        R = R, RadialPoints = RadialPoints, Threads = threads,
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
