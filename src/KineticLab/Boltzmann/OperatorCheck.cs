using System.Diagnostics;
using KineticLab.Boltzmann.Exact;
using KineticLab.Boltzmann.Kernels;
using KineticLab.Numerics.Quadrature;
using KineticLab.Boltzmann.Reference;
using KineticLab.Boltzmann.Spectral;
using KineticLab.Numerics.Fft;

namespace KineticLab.Boltzmann;

/// <summary>Which exact or reference value an operator check compares against.</summary>
public enum OperatorTestKind
{
    /// <summary>BKW: Q(f, f) = ∂t f (Maxwell molecules, b_σ constant, b₁ = 1).</summary>
    Bkw,
    /// <summary>A Maxwellian: Q(μ, μ) = 0 and, for power kernels, Q⁻ against its closed form.</summary>
    Maxwellian,
    /// <summary>Two Gaussians: direct quadrature at sample velocities.</summary>
    TwoMaxwellian,
}

/// <summary>Parameters of an operator check (kind <c>boltzmann.operator</c>).</summary>
public sealed record OperatorCheckSettings
{
    public int D { get; init; } = 3;
    public int N { get; init; } = 32;
    public PotentialKind Potential { get; init; } = PotentialKind.Power;
    public double Gamma { get; init; }
    /// <summary>Angular kernel spec for <see cref="AngularKernel.Parse"/>; null: the test's default.</summary>
    public string? Angular { get; init; }
    public OperatorTestKind Test { get; init; } = OperatorTestKind.Bkw;
    /// <summary>Half-width L of the box; null: the test's default.</summary>
    public double? L { get; init; }
    /// <summary>Truncation radius R; null: the test's default.</summary>
    public double? R { get; init; }
    /// <summary>Radial points; 0: N.</summary>
    public int RadialPoints { get; init; }
    /// <summary>Sphere rule name (see <see cref="SphereRule.ByName"/>); null: the default.</summary>
    public string? Sphere { get; init; }
    /// <summary>Time of the BKW solution; null: 6.5 (3D) or 0.5 (2D).</summary>
    public double? Time { get; init; }
    public int Repetitions { get; init; } = 3;
    public int Threads { get; init; }
    /// <summary>Sample velocities for the direct-quadrature reference.</summary>
    public int ReferencePoints { get; init; } = 6;
    /// <summary>"spectral" (general kernels) or "mp" (Mouhot–Pareschi: 3D hard spheres, 2D Maxwell molecules).</summary>
    public string Method { get; init; } = "spectral";
    /// <summary>Directions of the Mouhot–Pareschi method (half circle in 2D, antipodal pairs in 3D).</summary>
    public int Directions { get; init; } = 32;
}

/// <summary>Errors of the fast operator against the exact or reference values, and its speed.</summary>
public sealed record OperatorCheckResult(
    double LinfError, double L2Error, double MsPerEvaluation, double ReferenceScale, int ComparedPoints,
    string Reference, string Kernel, double L, double R, int RadialPoints, string Sphere, int FftsPerEvaluation, string FftBackend);

/// <summary>Runs one operator check. All parameters are validated (InvalidInputException for bad ones).</summary>
public static class OperatorCheck
{
    public static (double L, double R) DefaultBox(int d, OperatorTestKind test) => test switch
    {
        OperatorTestKind.Bkw => d == 3 ? (6.62, 6.0) : (9.4, 7.0),
        OperatorTestKind.Maxwellian => (6.5, 5.5),
        _ => (8.0, 7.0),
    };

    public static CollisionKernel BuildKernel(OperatorCheckSettings s)
    {
        RelativeSpeedKernel.CheckDimension(s.D);
        var phi = s.Potential == PotentialKind.Mixed ? RelativeSpeedKernel.Mixed(s.D) : RelativeSpeedKernel.Power(s.D, s.Gamma);
        var b = s.Angular is null
            ? (s.Test == OperatorTestKind.Bkw ? AngularKernel.SigmaConstant(s.D) : AngularKernel.SeedAbsCos(s.D))
            : AngularKernel.Parse(s.D, s.Angular);
        return new CollisionKernel(phi, b);
    }

    /// <summary>Checks every setting without allocating the grid or the operator (fields named as in the settings).</summary>
    public static void Validate(OperatorCheckSettings s)
    {
        var kernel = BuildKernel(s);
        if (s.Test == OperatorTestKind.Bkw)
        {
            if (s.Potential != PotentialKind.Power || s.Gamma != 0)
                throw new InvalidInputException("gamma", s.Potential == PotentialKind.Mixed ? "mixed" : Require.Fmt(s.Gamma), "the BKW test needs Maxwell molecules (the power kernel with gamma 0)");
            if (!kernel.Angular.IsSigmaConstant || Math.Abs(kernel.B1 - 1) > 1e-14)
                throw new InvalidInputException("angular", s.Angular ?? "", "the BKW test needs a constant σ-kernel with b1 = 1 (sigma-const)");
            var bkw = new Bkw(s.D);
            double t = s.Time ?? (s.D == 3 ? 6.5 : 0.5);
            Require.NonNegative("t", t);
            if (t < bkw.FirstValidTime)
                throw new InvalidInputException("t", Require.Fmt(t), $"the {s.D}D BKW solution is negative before t = {Require.Fmt(bkw.FirstValidTime)}");
        }
        var (l0, r0) = DefaultBox(s.D, s.Test);
        double l = s.L ?? l0, r = s.R ?? r0;
        Require.Positive("L", l);
        if (s.N < 8 || s.N > (s.D == 3 ? 256 : 2048) || s.N % 2 != 0)
            throw new InvalidInputException("N", s.N.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"must be an even number of points per axis in [8, {(s.D == 3 ? 256 : 2048)}]");
        double diameter = 2 * l * Math.Sqrt(s.D);
        if (!(r > 0) || r > diameter)
            throw new InvalidInputException("R", Require.Fmt(r), $"must be in (0, {Require.Fmt(diameter)}] (the diameter of the box [-L, L]^{s.D})");
        if (s.Sphere is not null) SphereRule.ByName(s.D, s.Sphere);
        if (s.Repetitions is < 1 or > 10_000) throw new InvalidInputException("repetitions", s.Repetitions.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be in [1, 10000]");
        if (s.RadialPoints is < 0 or > 4096) throw new InvalidInputException("radial_points", s.RadialPoints.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be in [1, 4096]");
        if (s.Directions is < 1 or > 4096) throw new InvalidInputException("directions", s.Directions.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be in [1, 4096]");
        if (s.Method is not ("spectral" or "mp")) throw new InvalidInputException("method", s.Method, "must be spectral or mp");
    }

    public static OperatorCheckResult Run(OperatorCheckSettings s, IProgress<ProgressInfo>? progress = null, CancellationToken cancel = default)
    {
        Validate(s);
        var kernel = BuildKernel(s);
        int d = s.D;
        if (s.Test == OperatorTestKind.Bkw)
        {
            if (s.Potential != PotentialKind.Power || s.Gamma != 0)
                throw new InvalidInputException("gamma", s.Potential == PotentialKind.Mixed ? "mixed" : Require.Fmt(s.Gamma), "the BKW test needs Maxwell molecules (the power kernel with gamma 0)");
            if (!kernel.Angular.IsSigmaConstant || Math.Abs(kernel.B1 - 1) > 1e-14)
                throw new InvalidInputException("angular", s.Angular ?? "", "the BKW test needs a constant σ-kernel with b1 = 1 (sigma-const)");
        }
        var (l0, r0) = DefaultBox(d, s.Test);
        double l = s.L ?? l0, r = s.R ?? r0;
        var grid = new VelocityGrid(d, s.N, l);
        var sphere = s.Sphere is null
            ? (kernel.Angular.IsSigmaConstant ? (d == 3 ? SphereRule.Icosahedron() : SphereRule.Circle(8)) : (d == 3 ? SphereRule.Product(6, 12) : SphereRule.Circle(32)))
            : SphereRule.ByName(d, s.Sphere);
        if (s.Repetitions < 1) throw new InvalidInputException("repetitions", s.Repetitions.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be >= 1");
        progress?.Report(new ProgressInfo("planning", 0, 1));
        using ICollisionOperator op = s.Method switch
        {
            "spectral" => new FastSpectralOperator(kernel, grid, new SpectralOptions { R = r, RadialPoints = s.RadialPoints, Sphere = sphere, Threads = s.Threads }),
            "mp" => new MouhotPareschiOperator(kernel, grid, r, s.Directions, s.Threads),
            _ => throw new InvalidInputException("method", s.Method, "must be spectral or mp"),
        };
        double[] f, exact;
        string reference;
        var q = new double[grid.Total];
        bool[]? mask = null;
        switch (s.Test)
        {
            case OperatorTestKind.Bkw:
            {
                var bkw = new Bkw(d);
                double t = s.Time ?? (d == 3 ? 6.5 : 0.5);
                Require.NonNegative("t", t);
                if (t < bkw.FirstValidTime)
                    throw new InvalidInputException("t", Require.Fmt(t), $"the {d}D BKW solution is negative before t = {Require.Fmt(bkw.FirstValidTime)}");
                f = grid.Sample(v => bkw.Value(t, Norm2(v)));
                exact = grid.Sample(v => bkw.TimeDerivative(t, Norm2(v)));
                reference = $"BKW exact ∂t f at t = {Require.Fmt(t)}";
                break;
            }
            case OperatorTestKind.Maxwellian:
            {
                double[] m = d == 3 ? [0.3, -0.2, 0.1] : [0.3, -0.2];
                f = grid.Sample(v => Gaussian.Density(v, m, 0.8));
                exact = new double[grid.Total];
                reference = "Q(μ, μ) = 0 for a Maxwellian (mean 0.3,-0.2[,0.1], std 0.8)";
                break;
            }
            default:
            {
                double[] m1 = d == 3 ? [0.6, 0, 0] : [0.6, 0];
                double[] m2 = d == 3 ? [-0.5, 0.4, 0] : [-0.5, 0.4];
                VelocityFunction fv = v => 0.6 * Gaussian.Density(v, m1, 0.7) + 0.4 * Gaussian.Density(v, m2, 0.8);
                f = grid.Sample(fv);
                exact = new double[grid.Total];
                mask = new bool[grid.Total];
                var dq = new DirectQuadrature(kernel, radius: Math.Min(r + 1, 10), radialPoints: 36, sphereZ: 12, sphereAzimuth: d == 3 ? 24 : 64, angularPoints: 12);
                var rng = new Random(2024);
                var v = new double[d];
                int count = Math.Clamp(s.ReferencePoints, 1, 64);
                for (int k = 0; k < count; k++)
                {
                    cancel.ThrowIfCancellationRequested();
                    progress?.Report(new ProgressInfo("direct quadrature", k, count));
                    int idx;
                    do
                    {
                        idx = 0;
                        for (int a = 0; a < d; a++) idx = idx * s.N + s.N / 2 + rng.Next(-s.N / 8, s.N / 8 + 1);
                    } while (mask[idx]);
                    grid.Point(idx, v);
                    mask[idx] = true;
                    exact[idx] = dq.Collision(fv, fv, v);
                }
                reference = $"direct quadrature at {count} velocities (two Gaussians)";
                break;
            }
        }
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < s.Repetitions; i++)
        {
            cancel.ThrowIfCancellationRequested();
            op.Collision(f, q);
        }
        double ms = sw.Elapsed.TotalMilliseconds / s.Repetitions;
        double linf = 0, l2 = 0, scale = 0;
        int compared = 0;
        var loss = new double[grid.Total];
        if (s.Test != OperatorTestKind.Bkw)
        {
            // Scale of the comparison: Q⁻(f, f) = b₁ f (f * Φ), computed by the exact loss convolution.
            using var lossOp = new FastSpectralOperator(kernel, grid, new SpectralOptions { R = r, RadialPoints = 1, Threads = 1, Planning = FftPlanning.Estimate });
            lossOp.Convolution(f, loss);
            for (int i = 0; i < loss.Length; i++) loss[i] *= kernel.B1 * f[i];
        }
        for (int i = 0; i < q.Length; i++)
        {
            if (mask is not null && !mask[i]) continue;
            double e = q[i] - exact[i];
            linf = Math.Max(linf, Math.Abs(e));
            l2 += e * e;
            scale = Math.Max(scale, s.Test == OperatorTestKind.Bkw ? Math.Abs(exact[i]) : loss[i]);
            compared++;
        }
        l2 = mask is null ? Math.Sqrt(l2 * grid.CellVolume) : Math.Sqrt(l2 / compared);
        return new OperatorCheckResult(linf, l2, ms, scale, compared, reference, kernel.Describe(), l, r,
            op is FastSpectralOperator fs ? fs.RadialRule.Count : 0,
            op is MouhotPareschiOperator mp ? $"mp-{mp.Directions}-directions" : sphere.Name,
            op.FftsPerCollision, op.FftBackend);
    }

    private static double Norm2(ReadOnlySpan<double> v)
    {
        double s = 0;
        foreach (var x in v) s += x * x;
        return s;
    }
}
