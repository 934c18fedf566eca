using System.Globalization;
using System.Text.Json.Nodes;
using KineticLab.Boltzmann.Exact;
using KineticLab.Boltzmann.Kernels;
using KineticLab.Numerics.Quadrature;
using KineticLab.Boltzmann.Spectral;
using KineticLab.Numerics.Fft;
using KineticLab.Numerics.TimeStepping;

namespace KineticLab.Boltzmann.Inhomogeneous;

/// <summary>
/// One component of an initial state: <c>weight · (1 + amplitude · cos(2π mode·x / Lx + phase)) · N(mean, std² I)(v)</c>.
/// </summary>
public sealed record WaveComponent(double Weight, double[] Mean, double Std, double Amplitude, int[] Mode, double Phase);

/// <summary>
/// An inhomogeneous Boltzmann experiment read from JSON (<c>examples/boltzmann-inhomogeneous-*.json</c>):
/// <code>
/// { "kind": "boltzmann-inhomogeneous", "d": 2, "N": 24, "L": 6, "R": 5, "radial_points": 12, "sphere": "8",
///   "kernel": { "potential": "power", "gamma": 0, "angular": "sigma-const" },
///   "x": { "dims": 1, "N": 16, "length": 6.283185307179586 },
///   "initial": { "components": [ { "weight": 1, "mean": [0, 0], "std": 1, "amplitude": 0.1, "mode": [1], "phase": 0 } ] },
///   "t0": 0, "dt": 0.05, "steps": 20, "method": "bs23", "rtol": 1e-8, "atol": 1e-12,
///   "collisions": true, "conservative": true, "norms": [ { "r": 0, "s": 0 }, { "r": 2, "s": 1 } ],
///   "profile_every": 5, "checkpoint_every": 10 }
/// </code>
/// Unknown keys and out-of-range values are rejected with the field named (exit code 2 in the CLI).
/// </summary>
public sealed class InhomogeneousExperiment
{
    public int D { get; private init; }
    public int N { get; private init; }
    public double L { get; private init; }
    public double R { get; private init; }
    public int RadialPoints { get; private init; }
    public SphereRule? Sphere { get; private init; }
    public CollisionKernel Kernel { get; private init; } = null!;
    public int XDims { get; private init; }
    public int XN { get; private init; }
    public double XLength { get; private init; }
    public WaveComponent[] Components { get; private init; } = [];
    public InhomogeneousSettings Settings { get; private init; } = null!;
    public JsonObject Source { get; private init; } = new();

    public static InhomogeneousExperiment Parse(JsonNode? node)
    {
        if (node is not JsonObject o) throw new InvalidInputException("experiment", "", "must be a JSON object");
        var f = new JsonFields(o);
        f.Ignore("name", "description", "out");
        string kind = f.String("kind");
        if (kind != "boltzmann-inhomogeneous") throw new InvalidInputException("kind", kind, "must be boltzmann-inhomogeneous");
        int d = f.Integer("d", 2);
        RelativeSpeedKernel.CheckDimension(d);
        int n = f.Integer("N", 24);
        double l = f.Number("L", 6);
        var vgrid = new VelocityGrid(d, n, l);
        double r = f.Number("R", 0.85 * l);
        double diameter = 2 * l * Math.Sqrt(d);
        if (!(r > 0) || r > diameter)
            throw new InvalidInputException("R", Require.Fmt(r), $"the truncation of |u − v| must be in (0, {Require.Fmt(diameter)}] (the diameter of the box [-L, L]^{d})");
        int radial = f.Integer("radial_points", 0);
        if (radial < 0 || radial > 1024) throw new InvalidInputException("radial_points", radial.ToString(CultureInfo.InvariantCulture), "must be in [0, 1024] (0: N)");
        SphereRule? sphere = null;
        if (f.Has("sphere"))
        {
            var sn = o["sphere"] is JsonValue sv && sv.TryGetValue<double>(out var sd) ? sd.ToString(CultureInfo.InvariantCulture) : f.String("sphere");
            f.Ignore("sphere");
            sphere = SphereRule.ByName(d, sn);
            if (sphere.AntipodalPairs() is null) throw new InvalidInputException("sphere", sn, "must be antipodally symmetric (an even number of circle points)");
        }
        CollisionKernel kernel;
        {
            var k = f.Has("kernel") ? f.Object("kernel") : new JsonFields(new JsonObject(), "kernel");
            string potential = k.Choice("potential", ["power", "mixed"], "power");
            RelativeSpeedKernel phi = potential == "mixed" ? RelativeSpeedKernel.Mixed(d) : RelativeSpeedKernel.Power(d, k.Number("gamma", 0));
            kernel = new CollisionKernel(phi, AngularKernel.Parse(d, k.String("angular", "sigma-const")));
            k.EnsureNoUnknownKeys();
        }
        var x = f.Object("x");
        int dx = x.Integer("dims", 1);
        int nx = x.Integer("N", 16);
        double lx = x.Number("length", 2 * Math.PI);
        x.EnsureNoUnknownKeys();
        var grid = new PhaseSpaceGrid(dx, nx, lx, vgrid);

        var init = f.Object("initial");
        var comps = new List<WaveComponent>();
        double h = 2 * l / n, ampSum = 0;
        var items = init.Objects("components");
        if (items.Count > 64) throw new InvalidInputException("initial.components", $"{items.Count} components", "at most 64");
        for (int i = 0; i < items.Count; i++)
        {
            var c = items[i];
            string p = $"initial.components[{i}]";
            double w = c.Number("weight", 1);
            Require.Positive($"{p}.weight", w);
            var mean = c.Numbers("mean", new double[d], 3);
            if (mean.Length != d) throw new InvalidInputException($"{p}.mean", $"[{mean.Length} values]", $"must hold {d} numbers");
            double std = c.Number("std", 1);
            Require.Positive($"{p}.std", std);
            if (std < h)
                throw new InvalidInputException($"{p}.std", Require.Fmt(std), $"is below the velocity grid spacing 2L/N = {Require.Fmt(h)} (increase N or decrease L)");
            for (int a = 0; a < d; a++)
                if (Math.Abs(mean[a]) + 4 * std > l)
                    throw new InvalidInputException($"{p}.mean", Require.Fmt(mean[a]), $"the component reaches beyond the box: |mean| + 4·std must be ≤ L = {Require.Fmt(l)}");
            double amp = c.Number("amplitude", 0);
            if (!(Math.Abs(amp) < 1)) throw new InvalidInputException($"{p}.amplitude", Require.Fmt(amp), "must be in (-1, 1) (f must stay positive)");
            var modeD = c.Numbers("mode", new double[dx], 3);
            if (modeD.Length != dx) throw new InvalidInputException($"{p}.mode", $"[{modeD.Length} values]", $"must hold {dx} integers (one per x axis)");
            var mode = new int[dx];
            for (int a = 0; a < dx; a++)
            {
                if (modeD[a] != Math.Floor(modeD[a]) || Math.Abs(modeD[a]) >= nx / 2)
                    throw new InvalidInputException($"{p}.mode", Require.Fmt(modeD[a]), $"must be integers with |mode| < x.N/2 = {nx / 2} (resolved by the x grid)");
                mode[a] = (int)modeD[a];
            }
            double phase = c.Number("phase", 0);
            c.EnsureNoUnknownKeys();
            ampSum += Math.Abs(amp);
            comps.Add(new WaveComponent(w, mean, std, amp, mode, phase));
        }
        init.EnsureNoUnknownKeys();

        var norms = new List<NormSpec>();
        if (f.Has("norms"))
        {
            var ns = f.Objects("norms");
            foreach (var nn in ns)
            {
                norms.Add(new NormSpec(nn.Number("r", 0), nn.Number("s", 0)));
                nn.EnsureNoUnknownKeys();
            }
        }
        else norms.Add(new NormSpec(0, 0));
        int steps = f.Integer("steps", 20);
        var settings = new InhomogeneousSettings
        {
            T0 = f.Number("t0", 0), Dt = f.Number("dt", 0.05), Steps = steps,
            Method = f.Choice("method", ["bs23", "dopri5"], "bs23"),
            Control = new StepControl(RelTol: f.Number("rtol", 1e-8), AbsTol: f.Number("atol", 1e-12)),
            Collisions = f.Boolean("collisions", true), Conservative = f.Boolean("conservative", true),
            Norms = [.. norms],
            ProfileEvery = f.Integer("profile_every", Math.Max(1, steps / 8)),
            CheckpointEvery = f.Integer("checkpoint_every", Math.Max(1, steps / 4)),
        };
        settings.Validate();
        f.EnsureNoUnknownKeys();
        var exp = new InhomogeneousExperiment
        {
            D = d, N = n, L = l, R = r, RadialPoints = radial, Sphere = sphere, Kernel = kernel,
            XDims = dx, XN = nx, XLength = lx, Components = [.. comps], Settings = settings, Source = (JsonObject)o.DeepClone(),
        };
        if (settings.Collisions) FastSpectralOperator.CheckOptions(vgrid, exp.Options()); // R, radial points and sphere against the grid, nothing built
        return exp;
    }

    public PhaseSpaceGrid Grid() => new(XDims, XN, XLength, new VelocityGrid(D, N, L));

    /// <summary>A single-threaded collision operator on <paramref name="grid"/> (the solver makes one per worker thread).</summary>
    public ICollisionOperator NewOperator(VelocityGrid grid) => new FastSpectralOperator(Kernel, grid, Options());

    private SpectralOptions Options() => new()
    {
        R = R, RadialPoints = RadialPoints, Threads = 1, Planning = FftPlanning.Estimate, WeightCacheMiB = 64,
        Sphere = Sphere ?? (Kernel.Angular.IsSigmaConstant ? null : (D == 3 ? SphereRule.Product(6, 12) : SphereRule.Circle(32))),
    };

    /// <summary>The initial state f(x, v).</summary>
    public double Initial(ReadOnlySpan<double> x, ReadOnlySpan<double> v)
    {
        double s = 0;
        foreach (var c in Components)
        {
            double arg = c.Phase;
            for (int a = 0; a < c.Mode.Length; a++) arg += 2 * Math.PI * c.Mode[a] * x[a] / XLength;
            s += c.Weight * (1 + c.Amplitude * Math.Cos(arg)) * Gaussian.Density(v, c.Mean, c.Std);
        }
        return s;
    }

    public string Describe() => $"{Grid().Describe()}, {Kernel.Describe()}{(Settings.Collisions ? "" : " (collisions off)")}, " +
                                $"{Settings.Steps} steps of {Require.Fmt(Settings.Dt)}";
}
