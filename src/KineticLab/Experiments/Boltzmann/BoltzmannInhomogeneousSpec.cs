using System.Globalization;
using System.Text.Json.Serialization;
using KineticLab.Boltzmann;
using KineticLab.Boltzmann.Inhomogeneous;
using KineticLab.Boltzmann.Kernels;
using KineticLab.Boltzmann.Spectral;
using KineticLab.Numerics.Fft;
using KineticLab.Numerics.Quadrature;
using KineticLab.Numerics.TimeStepping;

namespace KineticLab.Experiments.Boltzmann;

/// <summary>
/// An inhomogeneous Boltzmann solve (kind <c>boltzmann.solve-inhomogeneous</c>, alias <c>boltzmann-inhomogeneous</c>,
/// <c>examples/boltzmann-inhomogeneous-*.json</c>):
/// <code>
/// { "kind": "boltzmann.solve-inhomogeneous", "d": 2, "N": 24, "L": 6, "R": 5, "radial_points": 12, "sphere": "8",
///   "kernel": { "potential": "power", "gamma": 0, "angular": "sigma-const" },
///   "x": { "dims": 1, "N": 16, "length": 6.283185307179586 },
///   "initial": { "components": [ { "weight": 1, "mean": [0, 0], "std": 1, "amplitude": 0.1, "mode": [1], "phase": 0 } ] },
///   "t0": 0, "dt": 0.05, "steps": 20, "method": "bs23", "rtol": 1e-8, "atol": 1e-12,
///   "collisions": true, "conservative": true, "norms": [ { "r": 0, "s": 0 }, { "r": 2, "s": 1 } ],
///   "profile_every": 5, "checkpoint_every": 10 }
/// </code>
/// Defaults that depend on other fields (R = 0.85 L; profile_every = steps/8, checkpoint_every = steps/4, at least 1) are
/// filled in by <see cref="Resolve"/>.
/// </summary>
public sealed class BoltzmannInhomogeneousSpec : ExperimentSpec
{
    public int D { get; set; } = 2;
    [JsonPropertyName("N")] public int N { get; set; } = 24;
    [JsonPropertyName("L")] public double L { get; set; } = 6;
    [JsonPropertyName("R")] public double? R { get; set; }
    /// <summary>Radial quadrature points (0: N).</summary>
    public int RadialPoints { get; set; }
    /// <summary>Sphere rule: a point count or a name; it must be antipodally symmetric. Null: the kernel's default.</summary>
    [JsonConverter(typeof(StringOrNumberConverter))] public string? Sphere { get; set; }
    public BoltzmannKernelSpec Kernel { get; set; } = new();
    /// <summary>The periodic position box.</summary>
    public required PositionBoxSpec X { get; set; }
    public required ModulatedInitialSpec Initial { get; set; }
    public double T0 { get; set; }
    public double Dt { get; set; } = 0.05;
    public int Steps { get; set; } = 20;
    /// <summary>The collision sub-step's embedded pair: "bs23" or "dopri5".</summary>
    public string Method { get; set; } = "bs23";
    [JsonPropertyName("rtol")] public double RelTol { get; set; } = 1e-8;
    [JsonPropertyName("atol")] public double AbsTol { get; set; } = 1e-12;
    /// <summary>False: free transport only.</summary>
    public bool Collisions { get; set; } = true;
    public bool Conservative { get; set; } = true;
    /// <summary>The norms ‖⟨∇x⟩^s ⟨v⟩^r f‖ recorded at every step (default: the L² norm).</summary>
    public NormEntry[]? Norms { get; set; }
    /// <summary>Profiles of density, velocity and temperature every this many steps (and at the start and the end).</summary>
    public int? ProfileEvery { get; set; }
    /// <summary>A checkpoint every this many steps (and at the end); 0: no checkpoints (the run cannot resume).</summary>
    public int? CheckpointEvery { get; set; }

    /// <summary>Most components of the initial state.</summary>
    public const int MaxComponents = 64;

    /// <summary>Checks every field (errors name it) and fills in the defaults that depend on other fields.</summary>
    public InhomogeneousSetup Resolve()
    {
        int d = D;
        RelativeSpeedKernel.CheckDimension(d);
        int n = N;
        double l = L;
        var vgrid = new VelocityGrid(d, n, l);
        double r = R ?? 0.85 * l;
        double diameter = 2 * l * Math.Sqrt(d);
        if (!(r > 0) || r > diameter)
            throw new InvalidInputException("R", Require.Fmt(r), $"the truncation of |u − v| must be in (0, {Require.Fmt(diameter)}] (the diameter of the box [-L, L]^{d})");
        if (RadialPoints is < 0 or > 1024) throw new InvalidInputException("radial_points", RadialPoints.ToString(CultureInfo.InvariantCulture), "must be in [0, 1024] (0: N)");
        SphereRule? sphere = null;
        if (Sphere is not null)
        {
            sphere = SphereRule.ByName(d, Sphere);
            if (sphere.AntipodalPairs() is null) throw new InvalidInputException("sphere", Sphere, "must be antipodally symmetric (an even number of circle points)");
        }
        var kernel = Kernel.Create(d, "sigma-const", rejectGammaWhenMixed: true);
        int dx = X.Dims, nx = X.N;
        double lx = X.Length;
        var grid = new PhaseSpaceGrid(dx, nx, lx, vgrid);

        var items = Initial.Components;
        if (items.Length == 0) throw new InvalidInputException("initial.components", "[]", "must be a non-empty list of objects");
        if (items.Length > MaxComponents) throw new InvalidInputException("initial.components", $"{items.Length} components", $"at most {MaxComponents}");
        var comps = new List<WaveComponent>();
        double h = 2 * l / n;
        for (int i = 0; i < items.Length; i++)
        {
            string p = $"initial.components[{i}]";
            var c = items[i] ?? throw new InvalidInputException(p, "null", "must be a JSON object");
            Require.Positive($"{p}.weight", c.Weight);
            var mean = c.Mean ?? new double[d];
            if (mean.Length != d) throw new InvalidInputException($"{p}.mean", $"[{mean.Length} values]", $"must hold {d} numbers");
            Require.Positive($"{p}.std", c.Std);
            if (c.Std < h)
                throw new InvalidInputException($"{p}.std", Require.Fmt(c.Std), $"is below the velocity grid spacing 2L/N = {Require.Fmt(h)} (increase N or decrease L)");
            for (int a = 0; a < d; a++)
                if (Math.Abs(mean[a]) + 4 * c.Std > l)
                    throw new InvalidInputException($"{p}.mean", Require.Fmt(mean[a]), $"the component reaches beyond the box: |mean| + 4·std must be ≤ L = {Require.Fmt(l)}");
            Require.Finite($"{p}.amplitude", c.Amplitude);
            if (!(Math.Abs(c.Amplitude) < 1)) throw new InvalidInputException($"{p}.amplitude", Require.Fmt(c.Amplitude), "must be in (-1, 1) (f must stay positive)");
            var modeD = c.Mode ?? new double[dx];
            if (modeD.Length != dx) throw new InvalidInputException($"{p}.mode", $"[{modeD.Length} values]", $"must hold {dx} integers (one per x axis)");
            var mode = new int[dx];
            for (int a = 0; a < dx; a++)
            {
                if (modeD[a] != Math.Floor(modeD[a]) || Math.Abs(modeD[a]) >= nx / 2)
                    throw new InvalidInputException($"{p}.mode", Require.Fmt(modeD[a]), $"must be integers with |mode| < x.N/2 = {nx / 2} (resolved by the x grid)");
                mode[a] = (int)modeD[a];
            }
            comps.Add(new WaveComponent(c.Weight, mean, c.Std, c.Amplitude, mode, c.Phase));
        }
        if (Norms is { Length: 0 }) throw new InvalidInputException("norms", "[]", "must be a non-empty list of objects");
        for (int i = 0; Norms is not null && i < Norms.Length; i++)
            if (Norms[i] is null) throw new InvalidInputException($"norms[{i}]", "null", "must be a JSON object");
        var norms = Norms is null ? [new NormSpec(0, 0)] : Norms.Select(x => new NormSpec(x.R, x.S)).ToArray();
        string method = Choice("method", Method, ["bs23", "dopri5"]);
        var settings = new InhomogeneousSettings
        {
            T0 = T0, Dt = Dt, Steps = Steps, Method = method,
            Control = new StepControl(RelTol: RelTol, AbsTol: AbsTol),
            Collisions = Collisions, Conservative = Conservative, Norms = norms,
        };
        int profileEvery = ProfileEvery ?? Math.Max(1, Steps / 8);
        int checkpointEvery = CheckpointEvery ?? Math.Max(1, Steps / 4);
        settings.Validate();
        if (profileEvery < 1) throw new InvalidInputException("profile_every", profileEvery.ToString(CultureInfo.InvariantCulture), "must be >= 1");
        if (checkpointEvery < 0) throw new InvalidInputException("checkpoint_every", checkpointEvery.ToString(CultureInfo.InvariantCulture), "must be >= 0 (0: no checkpoints)");
        var setup = new InhomogeneousSetup(grid, kernel, r, RadialPoints, sphere, new ModulatedGaussians(comps, lx), settings, profileEvery, checkpointEvery);
        if (settings.Collisions) FastSpectralOperator.CheckOptions(vgrid, setup.Options()); // R, radial points and sphere against the grid, nothing built
        // The resolved values, as result.json records them.
        R = r; Method = method; ProfileEvery = profileEvery; CheckpointEvery = checkpointEvery;
        Norms = norms.Select(x => new NormEntry { R = x.R, S = x.S }).ToArray();
        return setup;
    }

    private static string Choice(string field, string value, string[] allowed)
    {
        foreach (var a in allowed) if (string.Equals(a, value, StringComparison.OrdinalIgnoreCase)) return a;
        throw new InvalidInputException(field, value, $"must be one of {string.Join("|", allowed)}");
    }
}

/// <summary>The periodic box [0, length)^dims with N points per axis.</summary>
public sealed class PositionBoxSpec
{
    public int Dims { get; set; } = 1;
    [JsonPropertyName("N")] public int N { get; set; } = 16;
    public double Length { get; set; } = 2 * Math.PI;
}

/// <summary>The initial state: Gaussians in v modulated by cosine waves in x.</summary>
public sealed class ModulatedInitialSpec
{
    public required ModulatedComponentSpec[] Components { get; set; }
}

/// <summary>weight · (1 + amplitude · cos(2π mode·x / Lx + phase)) · N(mean, std² I)(v).</summary>
public sealed class ModulatedComponentSpec
{
    public double Weight { get; set; } = 1;
    /// <summary>The mean velocity (default 0).</summary>
    [JsonConverter(typeof(NumberListConverter))] public double[]? Mean { get; set; }
    public double Std { get; set; } = 1;
    public double Amplitude { get; set; }
    /// <summary>Integer wave numbers, one per x axis (default 0).</summary>
    [JsonConverter(typeof(NumberListConverter))] public double[]? Mode { get; set; }
    public double Phase { get; set; }
}

/// <summary>A weighted Sobolev norm ‖⟨∇x⟩^s ⟨v⟩^r f‖_{L²}.</summary>
public sealed class NormEntry
{
    [JsonPropertyName("r")] public double R { get; set; }
    [JsonPropertyName("s")] public double S { get; set; }
}

/// <summary>A validated inhomogeneous experiment: grid, kernel, initial state, time settings and output intervals.</summary>
public sealed record InhomogeneousSetup(PhaseSpaceGrid Grid, CollisionKernel Kernel, double R, int RadialPoints, SphereRule? Sphere,
    ModulatedGaussians Initial, InhomogeneousSettings Settings, int ProfileEvery, int CheckpointEvery)
{
    /// <summary>A single-threaded collision operator on <paramref name="grid"/> (the solver makes one per worker thread).</summary>
    public ICollisionOperator NewOperator(VelocityGrid grid) => new FastSpectralOperator(Kernel, grid, Options());

    /// <summary>Whether the run writes checkpoints.</summary>
    public bool Checkpoints => CheckpointEvery > 0;

    /// <summary>
    /// The memory plan of a run on <paramref name="processes"/> ranks (<see cref="InhomogeneousSolver.Plan"/>), refused as
    /// invalid input (field <c>processes</c>) when a rank would need more than <paramref name="machineBytes"/>, and (field
    /// <c>checkpoint_every</c>) when checkpoints are asked for a global state larger than one array.
    /// </summary>
    /// <param name="ranksHere">How many of the ranks share this machine's memory (in-process ranks: all of them).</param>
    public InhomogeneousPlan Plan(int processes, int threads, long machineBytes, int ranksHere = 1)
    {
        long op = Settings.Collisions ? FastSpectralOperator.EstimateBytes(Kernel, Grid.Velocity, Options()) : 0;
        var plan = InhomogeneousSolver.Plan(Grid, Settings, processes, op, threads, Checkpoints);
        if (Checkpoints && !plan.GlobalStateFits)
            throw new InvalidInputException("checkpoint_every", CheckpointEvery.ToString(CultureInfo.InvariantCulture),
                $"a checkpoint gathers the global state ({Grid.Total} values) into one array, at most {Array.MaxLength}; set checkpoint_every to 0 (no checkpoints)");
        long need = plan.MemoryRank0Bytes + (long)(Math.Clamp(ranksHere, 1, processes) - 1) * plan.MemoryPerRankBytes;
        if (need > machineBytes)
            throw new InvalidInputException("processes", processes.ToString(CultureInfo.InvariantCulture),
                $"{(ranksHere > 1 ? $"{ranksHere} ranks in this process" : "a rank")} would need {need} bytes ({need / 1073741824.0:F1} GiB{(plan.CheckpointBytesRank0 > 0 ? ", rank 0 at a checkpoint" : "")}), " +
                $"more than this machine's {machineBytes} bytes ({machineBytes / 1073741824.0:F1} GiB); use more processes" + (Checkpoints ? " or checkpoint_every = 0" : ""));
        return plan;
    }

    /// <summary>The options of the collision operators.</summary>
    public SpectralOptions Options() => new()
    {
        R = R, RadialPoints = RadialPoints, Threads = 1, Planning = FftPlanning.Estimate, WeightCacheMiB = 64,
        Sphere = Sphere ?? (Kernel.Angular.IsSigmaConstant ? null : (Grid.Velocity.Dimension == 3 ? SphereRule.Product(6, 12) : SphereRule.Circle(32))),
    };

    public string Describe() => $"{Grid.Describe()}, {Kernel.Describe()}{(Settings.Collisions ? "" : " (collisions off)")}, " +
                                $"{Settings.Steps} steps of {Require.Fmt(Settings.Dt)}";
}
