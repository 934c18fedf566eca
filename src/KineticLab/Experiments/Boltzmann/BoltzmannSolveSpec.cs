using System.Globalization;
using System.Text.Json.Serialization;
using KineticLab.Boltzmann;
using KineticLab.Boltzmann.Exact;
using KineticLab.Boltzmann.Kernels;
using KineticLab.Boltzmann.Solvers;
using KineticLab.Boltzmann.Spectral;
using KineticLab.Numerics.Fft;
using KineticLab.Numerics.Quadrature;
using KineticLab.Numerics.TimeStepping;

namespace KineticLab.Experiments.Boltzmann;

/// <summary>
/// A homogeneous Boltzmann solve (kind <c>boltzmann.solve</c>, alias <c>boltzmann-homogeneous</c>, <c>examples/boltzmann-*.json</c>):
/// <code>
/// { "kind": "boltzmann.solve", "d": 2, "N": 48, "L": 7, "R": 6, "radial_points": 24, "sphere": "32",
///   "kernel": { "potential": "power", "gamma": -0.5, "angular": "abs-cos" },
///   "initial": { "type": "gaussians", "components": [ { "weight": 0.5, "mean": [1.2, 0], "std": 0.6 }, ... ] }
///            | { "type": "bkw" },
///   "t0": 0, "t_end": 6, "output_times": [0.5, 1, 2], "method": "bs23", "rtol": 1e-6, "atol": 1e-10,
///   "conservative": true, "operator": "spectral" | "mp", "directions": 32, "fft_planning": "estimate" | "measure" }
/// </code>
/// Defaults that depend on other fields (N: 24 in 3D, 48 in 2D; R = 0.85 L; t0: 5.5 for the 3D BKW state, else 0;
/// t_end = t0 + 1) are filled in by <see cref="Resolve"/>.
/// </summary>
public sealed class BoltzmannSolveSpec : ExperimentSpec
{
    public int D { get; set; } = 2;
    [JsonPropertyName("N")] public int? N { get; set; }
    [JsonPropertyName("L")] public double L { get; set; } = 7;
    [JsonPropertyName("R")] public double? R { get; set; }
    /// <summary>Radial quadrature points (0: N).</summary>
    public int RadialPoints { get; set; }
    /// <summary>Sphere rule: a point count or a name (see <see cref="SphereRule.ByName"/>); null: the kernel's default.</summary>
    [JsonConverter(typeof(StringOrNumberConverter))] public string? Sphere { get; set; }
    public BoltzmannKernelSpec Kernel { get; set; } = new();
    public required BoltzmannInitialSpec Initial { get; set; }
    public double? T0 { get; set; }
    public double? TEnd { get; set; }
    public double[] OutputTimes { get; set; } = [];
    public string Method { get; set; } = "bs23";
    [JsonPropertyName("rtol")] public double RelTol { get; set; } = 1e-6;
    [JsonPropertyName("atol")] public double AbsTol { get; set; } = 1e-10;
    public bool Conservative { get; set; } = true;
    /// <summary>"spectral" (general kernels) or "mp" (Mouhot–Pareschi).</summary>
    public string Operator { get; set; } = "spectral";
    public int Directions { get; set; } = 32;
    /// <summary>
    /// FFTW planning: "estimate" (the same plans in every run, so a resumed run repeats an uninterrupted one bit for bit)
    /// or "measure" (timed plans, usually faster; results agree to round-off only).
    /// </summary>
    public string FftPlanning { get; set; } = "estimate";

    /// <summary>Most output times an experiment may request.</summary>
    public const int MaxOutputTimes = 1000;

    /// <summary>Checks every field (errors name it) and fills in the defaults that depend on other fields.</summary>
    public HomogeneousSetup Resolve()
    {
        int d = D;
        RelativeSpeedKernel.CheckDimension(d);
        int n = N ?? (d == 3 ? 24 : 48);
        double l = L;
        double r = R ?? 0.85 * l;
        var kernel = Kernel.Create(d, "abs-cos", rejectGammaWhenMixed: true);
        string type = Lower(Initial.Type);
        double t0 = T0 ?? (type == "bkw" ? (d == 3 ? 5.5 : 0.0) : 0);
        Require.NonNegative("t0", t0);
        var comps = new List<GaussianComponent>();
        if (type == "gaussians")
        {
            if (Initial.Components is not { Length: > 0 } arr) throw new InvalidInputException("initial.components", "", "a non-empty array is required");
            for (int i = 0; i < arr.Length; i++)
            {
                var c = arr[i] ?? throw new InvalidInputException($"initial.components[{i}]", "null", "must be an object");
                Require.Positive($"initial.components[{i}].weight", c.Weight);
                if (c.Mean is not { } mean || mean.Length != d)
                    throw new InvalidInputException($"initial.components[{i}].mean", c.Mean is null ? "" : "[" + string.Join(",", c.Mean.Select(Require.Fmt)) + "]",
                        $"must be an array of {d} numbers");
                Require.Positive($"initial.components[{i}].std", c.Std);
                comps.Add(new GaussianComponent(c.Weight, mean, c.Std));
            }
        }
        else if (type == "bkw")
        {
            if (Initial.Components is not null) throw new InvalidInputException("initial.components", "[...]", "is not used by the bkw initial state");
            var bkw = new Bkw(d);
            var phi = kernel.Phi;
            if (!kernel.Angular.IsSigmaConstant || phi.Kind != PotentialKind.Power || phi.Gamma != 0 || Math.Abs(kernel.B1 - 1) > 1e-14)
                throw new InvalidInputException("kernel", kernel.Describe(), "the BKW initial state needs gamma 0 and angular sigma-const");
            if (t0 < bkw.FirstValidTime) throw new InvalidInputException("t0", Require.Fmt(t0), $"the BKW solution is negative before t = {Require.Fmt(bkw.FirstValidTime)}");
        }
        else throw new InvalidInputException("initial.type", type, "must be gaussians or bkw");
        double tEnd = TEnd ?? t0 + 1;
        if (OutputTimes.Length > MaxOutputTimes)
            throw new InvalidInputException("output_times", $"{OutputTimes.Length} times", $"at most {MaxOutputTimes} (each keeps a snapshot of f)");
        var settings = new HomogeneousRunSettings
        {
            T0 = t0, TEnd = tEnd, OutputTimes = OutputTimes, Method = Lower(Method),
            Control = new StepControl(RelTol: RelTol, AbsTol: AbsTol),
        };
        settings.Validate();
        var planning = Lower(FftPlanning) switch
        {
            "estimate" => Numerics.Fft.FftPlanning.Estimate,
            "measure" => Numerics.Fft.FftPlanning.Measure,
            var other => throw new InvalidInputException("fft_planning", other, "must be estimate (reproducible) or measure (faster)"),
        };
        string op = Lower(Operator);
        if (op is not ("spectral" or "mp")) throw new InvalidInputException("operator", op, "must be spectral or mp");
        if (Directions is < 1 or > 4096) throw new InvalidInputException("directions", Directions.ToString(CultureInfo.InvariantCulture), "must be in [1, 4096]");
        _ = new VelocityGrid(d, n, l); // validates N and L
        if (RadialPoints < 0) throw new InvalidInputException("radial_points", RadialPoints.ToString(CultureInfo.InvariantCulture), "must be >= 0");
        if (Sphere is not null) SphereRule.ByName(d, Sphere);
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
        // The resolved values, as result.json records them.
        N = n; R = r; T0 = t0; TEnd = tEnd;
        Initial.Type = type; Method = settings.Method; Operator = op; FftPlanning = Lower(FftPlanning);
        return new HomogeneousSetup(d, n, l, r, RadialPoints, Sphere, kernel, type, [.. comps], settings, Conservative, op, Directions, planning);
    }

    internal static string Lower(string s) => s.Trim().ToLowerInvariant();
}

/// <summary>The collision kernel B = Φ(|u − v|) b(cos θ) of an experiment.</summary>
public sealed class BoltzmannKernelSpec
{
    /// <summary>"power" (Φ = r^γ) or "mixed" (Φ = r for r ≤ 1, 1/r for r ≥ 1).</summary>
    public string Potential { get; set; } = "power";
    /// <summary>γ of the power law (default 0); not used by the mixed kernel.</summary>
    public double? Gamma { get; set; }
    /// <summary>The angular kernel (see <see cref="AngularKernel.Parse"/>); null: the experiment's default.</summary>
    public string? Angular { get; set; }

    /// <summary>The kernel (validated); fills in the defaults.</summary>
    /// <param name="d">The velocity dimension.</param>
    /// <param name="defaultAngular">The angular kernel when none is given.</param>
    /// <param name="rejectGammaWhenMixed">A gamma with the mixed kernel is an error (otherwise it is ignored).</param>
    public CollisionKernel Create(int d, string defaultAngular, bool rejectGammaWhenMixed)
    {
        string potential = BoltzmannSolveSpec.Lower(Potential);
        if (potential == "mixed" && Gamma is { } g && rejectGammaWhenMixed)
            throw new InvalidInputException("kernel.gamma", Require.Fmt(g), "is not used by the mixed kernel (remove it or use potential power)");
        RelativeSpeedKernel phi = potential switch
        {
            "power" => RelativeSpeedKernel.Power(d, Gamma ?? 0),
            "mixed" => RelativeSpeedKernel.Mixed(d),
            _ => throw new InvalidInputException("kernel.potential", potential, "must be power or mixed"),
        };
        string angular = Angular is null ? defaultAngular : BoltzmannSolveSpec.Lower(Angular);
        var kernel = new CollisionKernel(phi, AngularKernel.Parse(d, angular));
        Potential = potential;
        if (potential == "power") Gamma ??= 0;
        Angular = angular;
        return kernel;
    }
}

/// <summary>The initial state of a homogeneous solve: a mixture of Gaussians, or the BKW solution at t0.</summary>
public sealed class BoltzmannInitialSpec
{
    /// <summary>"gaussians" (default) or "bkw".</summary>
    public string Type { get; set; } = "gaussians";
    /// <summary>The Gaussians (type gaussians only).</summary>
    public GaussianComponentSpec[]? Components { get; set; }
}

/// <summary>weight · N(mean, std² I).</summary>
public sealed class GaussianComponentSpec
{
    public double Weight { get; set; } = 1;
    public double[]? Mean { get; set; }
    public double Std { get; set; } = 1;
}

/// <summary>One Gaussian of an initial mixture: weight · N(mean, std² I).</summary>
public sealed record GaussianComponent(double Weight, double[] Mean, double Std);

/// <summary>A validated homogeneous experiment: grid, kernel, initial state, time settings and operator.</summary>
public sealed record HomogeneousSetup(int D, int N, double L, double R, int RadialPoints, string? Sphere, CollisionKernel Kernel,
    string InitialType, GaussianComponent[] Components, HomogeneousRunSettings Settings, bool Conservative, string Operator, int Directions,
    FftPlanning Planning)
{
    public VelocityGrid Grid() => new(D, N, L);

    /// <summary>The collision operator: Mouhot–Pareschi ("mp") or the fast spectral method (general kernels).</summary>
    public ICollisionOperator CreateOperator(VelocityGrid grid, int threads = 0) => Operator == "mp"
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
}
