using System.Globalization;
using System.Text.Json.Serialization;
using KineticLab.WaveKinetic.Anisotropic;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Experiments.Kwe;

/// <summary>
/// The keys shared by the anisotropic solves (kinds <c>kwe.solve3d</c> and <c>kwe.solve3d-inhomogeneous</c>):
/// <code>
/// { "beta": 0.2, "equation": "full" | "gain",
///   "initial": { "type": "bumps", "bumps": [ { "amplitude": 1, "center": [0.6, 0, 0], "width": 0.5 }, ... ],
///                "background": 0, "background_M": 12 }
///            | { "type": "smooth", "M": 12, "amplitude": 1 }            // (1 + |k|⁴)^(-M/4)
///            | { "type": "rayleigh-jeans", "T": 1, "mu": 1 },          // T/(|k|² + μ)
///   "grid": { "n": 8, "half_width": 3, "sigma_polar": 4, "sigma_azimuth": 8, "truncated_manifold": false },
///   "conservative_projection": false, "norm_M": 6, "t_end": 0.5, "outputs": 5, "checkpoint_every": 5 }
/// </code>
/// <c>norm_M</c> defaults to M of a smooth datum, 2 for Rayleigh–Jeans and 6 otherwise.
/// </summary>
public abstract class Kwe3DSpecBase : ExperimentSpec
{
    public required double Beta { get; set; }
    public string Equation { get; set; } = "full";
    public required Kwe3DInitial Initial { get; set; }
    public Kwe3DGrid Grid { get; set; } = new();
    public bool ConservativeProjection { get; set; }
    /// <summary>M of the tracked norm max ⟨k⟩^M |f| (default: from the initial datum).</summary>
    [JsonPropertyName("norm_M")] public double? NormM { get; set; }
    public double TEnd { get; set; } = 0.5;
    public int Outputs { get; set; } = 5;
    /// <summary>Checkpoint every this many steps besides the output times (0: only at output times).</summary>
    public int CheckpointEvery { get; set; } = 5;

    /// <summary>The k-grid solve's parameters (not yet validated as a whole).</summary>
    protected AnisotropicSolveSpec KSpec(double relTol, double absTol, string method, long maxSteps)
    {
        var eq = KweSolveSpec.Choice("equation", Equation, ["full", "gain"]) == "gain" ? CollisionPart.Gain : CollisionPart.Full;
        var initialDefault = Initial.DefaultNormM();
        return new AnisotropicSolveSpec
        {
            Beta = Beta,
            Equation = eq,
            N = Grid.N,
            HalfWidth = Grid.HalfWidth,
            SigmaPolarOrder = Grid.SigmaPolar,
            SigmaAzimuthPoints = Grid.SigmaAzimuth,
            ConservativeProjection = ConservativeProjection,
            TruncatedManifold = Grid.TruncatedManifold,
            NormM = NormM ?? initialDefault,
            TEnd = TEnd,
            Outputs = Outputs,
            RelTol = relTol,
            AbsTol = absTol,
            Method = method,
            MaxSteps = maxSteps,
        };
    }

    /// <summary>checkpoint_every ≥ 0.</summary>
    protected void CheckCheckpointEvery()
    {
        if (CheckpointEvery < 0)
            throw new InvalidInputException("checkpoint_every", CheckpointEvery.ToString(CultureInfo.InvariantCulture), "must be >= 0 (0: only at output times)");
    }
}

/// <summary>
/// A spatially homogeneous anisotropic KWE solve (kind <c>kwe.solve3d</c>, <c>examples/kwe3d-solve-*.json</c>): the
/// keys of <see cref="Kwe3DSpecBase"/> and
/// <c>"rtol": 1e-5, "atol": 1e-8, "method": "dopri5" | "bs23", "max_steps": 100000</c>.
/// </summary>
public sealed class Kwe3DSolveSpec : Kwe3DSpecBase
{
    [JsonPropertyName("rtol")] public double RelTol { get; set; } = 1e-5;
    [JsonPropertyName("atol")] public double AbsTol { get; set; } = 1e-8;
    public string Method { get; set; } = "dopri5";
    public long MaxSteps { get; set; } = 100_000;

    /// <summary>The solver's parameters (the choices checked, the rest validated by the solver).</summary>
    public AnisotropicSolveSpec ToSolveSpec() => KSpec(RelTol, AbsTol, KweSolveSpec.Choice("method", Method, ["dopri5", "bs23"]), MaxSteps);

    /// <summary>Checks every field (naming it) and returns the warnings.</summary>
    public IReadOnlyList<string> Check()
    {
        Initial.Create();
        var spec = ToSolveSpec();
        CheckCheckpointEvery();
        return spec.Validate();
    }
}

/// <summary>
/// The inhomogeneous anisotropic KWE on a periodic x box (kind <c>kwe.solve3d-inhomogeneous</c>,
/// <c>examples/kwe3d-inhomogeneous.json</c>): the keys of <see cref="Kwe3DSpecBase"/> and
/// <c>"x_box": { "cells": [8, 1, 1], "length": [6.283185307179586, 1, 1] }, "velocity": "k" | "2k", "dt": 0.05,
/// "collision_substeps": 1, "modulation": { "amplitude": 0.5, "mode": [1, 0, 0] }</c>.
/// </summary>
public sealed class Kwe3DInhomogeneousSpec : Kwe3DSpecBase
{
    public Kwe3DXBox XBox { get; set; } = new();
    public string Velocity { get; set; } = "k";
    public double Dt { get; set; } = 0.05;
    public int CollisionSubsteps { get; set; } = 1;
    public Kwe3DModulation Modulation { get; set; } = new();

    /// <summary>The solver's parameters (the choices checked, the rest validated by the solver).</summary>
    public InhomogeneousSolveSpec ToSolveSpec()
    {
        var k = KSpec(1e-5, 1e-8, "dopri5", 100_000);
        var vel = KweSolveSpec.Choice("velocity", Velocity, ["k", "2k"]) == "2k" ? TransportVelocity.TwoK : TransportVelocity.K;
        return new InhomogeneousSolveSpec
        {
            K = k,
            Cells = XBox.Cells,
            Length = XBox.Length,
            Velocity = vel,
            Dt = Dt,
            CollisionSubsteps = CollisionSubsteps,
            ModulationAmplitude = Modulation.Amplitude,
            ModulationMode = Modulation.Mode,
        };
    }

    /// <summary>Checks every field (naming it) and returns the warnings.</summary>
    public IReadOnlyList<string> Check()
    {
        Initial.Create();
        var spec = ToSolveSpec();
        CheckCheckpointEvery();
        return spec.Validate();
    }
}

/// <summary>The Cartesian k-grid of an anisotropic solve.</summary>
public sealed class Kwe3DGrid
{
    /// <summary>Nodes per axis.</summary>
    public int N { get; set; } = 8;
    /// <summary>L of the box [−L, L]³.</summary>
    public double HalfWidth { get; set; } = 3;
    public int SigmaPolar { get; set; } = 4;
    public int SigmaAzimuth { get; set; } = 8;
    public bool TruncatedManifold { get; set; }
}

/// <summary>The periodic x box of the inhomogeneous solve.</summary>
public sealed class Kwe3DXBox
{
    /// <summary>Cells per axis (1: no dependence on that coordinate).</summary>
    [JsonConverter(typeof(IntegerListConverter))] public int[] Cells { get; set; } = [8, 1, 1];
    [JsonConverter(typeof(NumberListConverter))] public double[] Length { get; set; } = [2 * Math.PI, 1, 1];
}

/// <summary>The initial modulation f0(x, k) = (1 + a cos(2π m·x/L)) f0(k).</summary>
public sealed class Kwe3DModulation
{
    public double Amplitude { get; set; } = 0.5;
    [JsonConverter(typeof(IntegerListConverter))] public int[] Mode { get; set; } = [1, 0, 0];
}

/// <summary>The initial datum f0(k) of an anisotropic solve.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(Kwe3DBumpsInitial), "bumps")]
[JsonDerivedType(typeof(Kwe3DSmoothInitial), "smooth")]
[JsonDerivedType(typeof(Kwe3DRayleighJeansInitial), "rayleigh-jeans")]
public abstract class Kwe3DInitial
{
    /// <summary>The distribution (validated, fields named <c>initial.…</c>).</summary>
    public abstract Distribution3D Create();
    /// <summary>M of the tracked norm unless the file sets norm_M.</summary>
    public virtual double DefaultNormM() => 6;
}

/// <summary>(1 + |k|⁴)^(−M/4), times an amplitude.</summary>
public sealed class Kwe3DSmoothInitial : Kwe3DInitial
{
    [JsonPropertyName("M")] public double M { get; set; } = 12;
    public double Amplitude { get; set; } = 1;
    public override Distribution3D Create() => new SmoothDatum3D(Require.Positive("initial.M", M), Amplitude);
    public override double DefaultNormM() => M;
}

/// <summary>The Rayleigh–Jeans equilibrium T/(|k|² + μ).</summary>
public sealed class Kwe3DRayleighJeansInitial : Kwe3DInitial
{
    [JsonPropertyName("T")] public double T { get; set; } = 1;
    public double Mu { get; set; } = 1;
    public override Distribution3D Create() => new RayleighJeans3D(Require.Positive("initial.T", T), Require.Positive("initial.mu", Mu));
    public override double DefaultNormM() => 2;
}

/// <summary>A sum of Gaussian bumps plus a smooth background b·(1+|k|⁴)^(−M/4).</summary>
public sealed class Kwe3DBumpsInitial : Kwe3DInitial
{
    public required Kwe3DBump?[] Bumps { get; set; }
    public double Background { get; set; }
    [JsonPropertyName("background_M")] public double BackgroundM { get; set; } = 12;

    public override Distribution3D Create()
    {
        if (Bumps.Length == 0) throw new InvalidInputException("initial.bumps", "[]", "must be a non-empty list of objects");
        var bumps = new List<GaussianBump>();
        for (int i = 0; i < Bumps.Length; i++)
        {
            var b = Bumps[i] ?? throw new InvalidInputException($"initial.bumps[{i}]", "null", "must be a JSON object");
            var c = b.Center;
            if (c.Length != 3) throw new InvalidInputException($"initial.bumps[{i}].center", $"[{c.Length} values]", "must have 3 entries");
            Require.InRange($"initial.bumps[{i}].width", b.Width, 1e-3, 1e3);
            bumps.Add(new GaussianBump(Require.Finite($"initial.bumps[{i}].amplitude", b.Amplitude), new Vec3(c[0], c[1], c[2]), b.Width));
        }
        double bg = Require.NonNegative("initial.background", Background);
        double bm = Require.Positive("initial.background_M", BackgroundM);
        return new BumpDistribution(bumps, bg, bm);
    }
}

/// <summary>One Gaussian bump a·exp(−|k − c|²/(2w²)).</summary>
public sealed class Kwe3DBump
{
    public double Amplitude { get; set; } = 1;
    [JsonConverter(typeof(NumberListConverter))] public double[] Center { get; set; } = [0, 0, 0];
    public double Width { get; set; } = 0.5;
}
