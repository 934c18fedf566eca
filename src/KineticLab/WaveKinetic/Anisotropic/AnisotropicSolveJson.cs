using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.WaveKinetic.Anisotropic;

/// <summary>
/// Reading the anisotropic solves from experiment files:
/// <code>
/// { "kind": "kwe.solve3d", "beta": 0.2, "equation": "full" | "gain",
///   "initial": { "type": "bumps", "bumps": [ { "amplitude": 1, "center": [0.6, 0, 0], "width": 0.5 }, ... ],
///                "background": 0, "background_M": 12 }
///            | { "type": "smooth", "M": 12, "amplitude": 1 }            // (1 + |k|⁴)^(-M/4)
///            | { "type": "rayleigh-jeans", "T": 1, "mu": 1 },          // T/(|k|² + μ)
///   "grid": { "n": 8, "half_width": 3, "sigma_polar": 4, "sigma_azimuth": 8, "truncated_manifold": false },
///   "conservative_projection": false, "norm_M": 6, "t_end": 0.5, "outputs": 5,
///   "rtol": 1e-5, "atol": 1e-8, "method": "dopri5" | "bs23", "max_steps": 100000, "checkpoint_every": 5 }
/// </code>
/// and kind "kwe.solve3d-inhomogeneous" with the same keys except rtol/atol/method/max_steps, plus
/// <c>"x_box": { "cells": [8, 1, 1], "length": [6.283185307179586, 1, 1] }, "velocity": "k" | "2k", "dt": 0.05,
/// "collision_substeps": 1, "modulation": { "amplitude": 0.5, "mode": [1, 0, 0] }</c>.
/// </summary>
public static class AnisotropicSolveJson
{
    public sealed record Parsed(AnisotropicSolveSpec Spec, Distribution3D Initial, int CheckpointEvery);

    public sealed record ParsedInhomogeneous(InhomogeneousSolveSpec Spec, Distribution3D Initial, int CheckpointEvery);

    public static Parsed Read(JsonFields f) => ReadCommon(f, homogeneous: true);

    public static ParsedInhomogeneous ReadInhomogeneous(JsonFields f)
    {
        var p = ReadCommon(f, homogeneous: false);
        var box = f.Has("x_box") ? f.Object("x_box") : new JsonFields(new System.Text.Json.Nodes.JsonObject(), "x_box");
        var cells = Ints(box, "cells", [8, 1, 1]);
        var length = box.Numbers("length", [2 * Math.PI, 1, 1], 3);
        box.EnsureNoUnknownKeys();
        var vel = f.Choice("velocity", ["k", "2k"], "k") == "2k" ? TransportVelocity.TwoK : TransportVelocity.K;
        var mod = f.Has("modulation") ? f.Object("modulation") : new JsonFields(new System.Text.Json.Nodes.JsonObject(), "modulation");
        double amp = mod.Number("amplitude", 0.5);
        var mode = Ints(mod, "mode", [1, 0, 0]);
        mod.EnsureNoUnknownKeys();
        var spec = new InhomogeneousSolveSpec
        {
            K = p.Spec,
            Cells = cells,
            Length = length,
            Velocity = vel,
            Dt = f.Number("dt", 0.05),
            CollisionSubsteps = f.Integer("collision_substeps", 1),
            ModulationAmplitude = amp,
            ModulationMode = mode,
        };
        spec.Validate();
        return new ParsedInhomogeneous(spec, p.Initial, p.CheckpointEvery);
    }

    private static int[] Ints(JsonFields f, string key, int[] fallback)
    {
        var v = f.Numbers(key, fallback.Select(x => (double)x).ToArray(), 3);
        if (v.Length != 3) throw new InvalidInputException($"{key}", $"[{v.Length} values]", "must have 3 entries");
        foreach (var x in v)
            if (x != Math.Floor(x) || Math.Abs(x) > 1e6) throw new InvalidInputException(key, Require.Fmt(x), "entries must be integers");
        return v.Select(x => (int)x).ToArray();
    }

    private static Parsed ReadCommon(JsonFields f, bool homogeneous)
    {
        double beta = f.Number("beta");
        var eq = f.Choice("equation", ["full", "gain"], "full") == "gain" ? CollisionPart.Gain : CollisionPart.Full;
        var init = f.Object("initial");
        var type = init.Choice("type", ["bumps", "smooth", "rayleigh-jeans"]);
        Distribution3D initial;
        double defaultNorm = 6;
        switch (type)
        {
            case "smooth":
            {
                double m = Require.Positive("initial.M", init.Number("M", 12));
                initial = new SmoothDatum3D(m, init.Number("amplitude", 1));
                defaultNorm = m;
                break;
            }
            case "rayleigh-jeans":
                initial = new RayleighJeans3D(Require.Positive("initial.T", init.Number("T", 1)), Require.Positive("initial.mu", init.Number("mu", 1)));
                defaultNorm = 2;
                break;
            default:
            {
                var bumps = new List<GaussianBump>();
                foreach (var b in init.Objects("bumps"))
                {
                    var c = b.Numbers("center", [0, 0, 0], 3);
                    if (c.Length != 3) throw new InvalidInputException("initial.bumps.center", $"[{c.Length} values]", "must have 3 entries");
                    double w = b.Number("width", 0.5);
                    Require.InRange("initial.bumps.width", w, 1e-3, 1e3);
                    bumps.Add(new GaussianBump(Require.Finite("initial.bumps.amplitude", b.Number("amplitude", 1)), new Vec3(c[0], c[1], c[2]), w));
                    b.EnsureNoUnknownKeys();
                }
                double bg = Require.NonNegative("initial.background", init.Number("background", 0));
                double bm = Require.Positive("initial.background_M", init.Number("background_M", 12));
                initial = new BumpDistribution(bumps, bg, bm);
                break;
            }
        }
        init.EnsureNoUnknownKeys();
        var g = f.Has("grid") ? f.Object("grid") : new JsonFields(new System.Text.Json.Nodes.JsonObject(), "grid");
        var spec = new AnisotropicSolveSpec
        {
            Beta = beta,
            Equation = eq,
            N = g.Integer("n", 8),
            HalfWidth = g.Number("half_width", 3),
            SigmaPolarOrder = g.Integer("sigma_polar", 4),
            SigmaAzimuthPoints = g.Integer("sigma_azimuth", 8),
            ConservativeProjection = f.Boolean("conservative_projection", false),
            TruncatedManifold = g.Boolean("truncated_manifold", false),
            NormM = f.Number("norm_M", defaultNorm),
            TEnd = f.Number("t_end", 0.5),
            Outputs = f.Integer("outputs", 5),
            RelTol = homogeneous ? f.Number("rtol", 1e-5) : 1e-5,
            AbsTol = homogeneous ? f.Number("atol", 1e-8) : 1e-8,
            Method = homogeneous ? f.Choice("method", ["dopri5", "bs23"], "dopri5") : "dopri5",
            MaxSteps = homogeneous ? f.Integer("max_steps", 100_000) : 100_000,
        };
        g.EnsureNoUnknownKeys();
        int every = f.Integer("checkpoint_every", 5);
        if (every < 0) throw new InvalidInputException("checkpoint_every", every.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be >= 0 (0: only at output times)");
        spec.Validate();
        return new Parsed(spec, initial, every);
    }
}
