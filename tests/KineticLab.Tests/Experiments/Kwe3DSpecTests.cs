using System.Text.Json.Nodes;
using KineticLab.Experiments;
using KineticLab.Experiments.Kwe;
using KineticLab.WaveKinetic.Anisotropic;
using KineticLab.WaveKinetic.Isotropic;
using Xunit;

namespace KineticLab.Tests.Experiments;

/// <summary>The typed specs of the anisotropic KWE kinds: every key and default, and errors that name the field.</summary>
public class Kwe3DSpecTests
{
    private static (IExperimentKind Kind, ExperimentSpec Spec) Read(string json) =>
        ExperimentRegistry.Read(JsonNode.Parse(json)!.AsObject());

    private static InvalidInputException Invalid(string json)
    {
        return Assert.Throws<InvalidInputException>(() =>
        {
            var (kind, spec) = Read(json);
            kind.Validate(spec);
        });
    }

    [Fact]
    public void DefaultsAreThoseOfTheExperimentFiles()
    {
        var (kind, spec) = Read("""{ "kind": "kwe.solve3d", "beta": 0.2, "initial": { "type": "bumps", "bumps": [ {} ] } }""");
        Assert.Equal("kwe.solve3d", kind.Name);
        var s = (Kwe3DSolveSpec)spec;
        Assert.Empty(kind.Validate(s));
        var a = s.ToSolveSpec();
        Assert.Equal(new AnisotropicSolveSpec
        {
            Beta = 0.2, Equation = CollisionPart.Full, N = 8, HalfWidth = 3, SigmaPolarOrder = 4, SigmaAzimuthPoints = 8, ConservativeProjection = false,
            TruncatedManifold = false, NormM = 6, TEnd = 0.5, Outputs = 5, RelTol = 1e-5, AbsTol = 1e-8, Method = "dopri5", MaxSteps = 100_000,
        }, a);
        Assert.Equal(5, s.CheckpointEvery);
        var b = Assert.IsType<BumpDistribution>(s.Initial.Create());
        Assert.Equal(new GaussianBump(1, Vec3.Zero, 0.5), b.Bumps.Single());
        Assert.Equal(0, b.BackgroundAmplitude);
        Assert.Equal(12, b.BackgroundM);

        // norm_M follows the datum unless given
        Assert.Equal(10, ((Kwe3DSolveSpec)Read("""{ "kind": "kwe.solve3d", "beta": 0.2, "initial": { "type": "smooth", "M": 10 } }""").Spec).ToSolveSpec().NormM);
        Assert.Equal(2, ((Kwe3DSolveSpec)Read("""{ "kind": "kwe.solve3d", "beta": 0.2, "initial": { "type": "rayleigh-jeans" } }""").Spec).ToSolveSpec().NormM);
        Assert.Equal(4, ((Kwe3DSolveSpec)Read("""{ "kind": "kwe.solve3d", "beta": 0.2, "norm_M": 4, "initial": { "type": "smooth" } }""").Spec).ToSolveSpec().NormM);

        var (k2, s2) = Read("""{ "kind": "kwe.solve3d-inhomogeneous", "beta": 0.2, "equation": "gain", "initial": { "type": "smooth" } }""");
        var i = ((Kwe3DInhomogeneousSpec)s2).ToSolveSpec();
        k2.Validate(s2);
        Assert.Equal([8, 1, 1], i.Cells);
        Assert.Equal([2 * Math.PI, 1, 1], i.Length);
        Assert.Equal(TransportVelocity.K, i.Velocity);
        Assert.Equal(0.05, i.Dt);
        Assert.Equal(1, i.CollisionSubsteps);
        Assert.Equal(0.5, i.ModulationAmplitude);
        Assert.Equal([1, 0, 0], i.ModulationMode);
        Assert.Equal(CollisionPart.Gain, i.K.Equation);
        Assert.Equal(12, i.K.NormM);
        Assert.Equal(10, i.Steps);

        // lists as in the older reader: a string "a,b,c" and a single number
        var (_, s3) = Read("""{ "kind": "kwe.solve3d-inhomogeneous", "beta": 0.2, "velocity": "2k", "initial": { "type": "smooth" }, "x_box": { "cells": "4,2,1", "length": [1, 2, 3] }, "modulation": { "mode": "1,1,0" } }""");
        var i3 = ((Kwe3DInhomogeneousSpec)s3).ToSolveSpec();
        Assert.Equal([4, 2, 1], i3.Cells);
        Assert.Equal([1, 1, 0], i3.ModulationMode);
        Assert.Equal(TransportVelocity.TwoK, i3.Velocity);
    }

    [Theory]
    [InlineData("""{ "kind": "kwe.solve3d", "beta": 0.2, "initial": { "type": "smooth" }, "grid": { "n": "x" } }""", "grid.n", "\"x\"", "must be an integer")]
    [InlineData("""{ "kind": "kwe.solve3d", "beta": 0.2, "initial": { "type": "smooth" }, "grid": { "nodes": 8 } }""", "grid.nodes", "8", "unknown key (known: half_width, n, sigma_azimuth, sigma_polar, truncated_manifold)")]
    [InlineData("""{ "kind": "kwe.solve3d", "beta": 0.2, "initial": { "type": "smooth" }, "t_end": "1" }""", "t_end", "\"1\"", "must be a finite number")]
    [InlineData("""{ "kind": "kwe.solve3d", "initial": { "type": "smooth" } }""", "beta", "(missing)", "is required")]
    [InlineData("""{ "kind": "kwe.solve3d", "beta": 0.2, "initial": { "type": "wavy" } }""", "initial.type", "\"wavy\"", "must be one of bumps|smooth|rayleigh-jeans")]
    [InlineData("""{ "kind": "kwe.solve3d", "beta": 0.2, "initial": { "type": "smooth", "width": 1 } }""", "initial.width", "1", "unknown key (known: M, amplitude)")]
    [InlineData("""{ "kind": "kwe.solve3d", "beta": 0.2, "initial": { "type": "bumps", "bumps": [ { "width": true } ] } }""", "initial.bumps[0].width", "true", "must be a finite number")]
    [InlineData("""{ "kind": "kwe.solve3d", "beta": 0.2, "initial": { "type": "smooth" }, "method": "euler" }""", "method", "euler", "must be one of dopri5|bs23")]
    [InlineData("""{ "kind": "kwe.solve3d", "beta": 0.2, "initial": { "type": "smooth" }, "checkpoint_every": -1 }""", "checkpoint_every", "-1", "must be >= 0 (0: only at output times)")]
    [InlineData("""{ "kind": "kwe.solve3d", "beta": 0.2, "initial": { "type": "smooth" }, "equation": "loss" }""", "equation", "loss", "must be one of full|gain")]
    [InlineData("""{ "kind": "kwe.solve3d", "beta": 0.2, "initial": { "type": "smooth", "M": -1 } }""", "initial.M", "-1", "must be > 0")]
    [InlineData("""{ "kind": "kwe.solve3d", "beta": 0.2, "initial": { "type": "bumps", "bumps": [] } }""", "initial.bumps", "[]", "must be a non-empty list of objects")]
    [InlineData("""{ "kind": "kwe.solve3d", "beta": 0.2, "initial": { "type": "bumps", "bumps": [ {}, null ] } }""", "initial.bumps[1]", "null", "must be a JSON object")]
    [InlineData("""{ "kind": "kwe.solve3d-inhomogeneous", "beta": 0.2, "initial": { "type": "smooth" }, "max_steps": 10 }""", "max_steps", "10", "unknown key")]
    [InlineData("""{ "kind": "kwe.solve3d-inhomogeneous", "beta": 0.2, "initial": { "type": "smooth" }, "x_box": { "cells": [4, 1] } }""", "x_box.cells", "[2 values]", "must have 3 entries")]
    [InlineData("""{ "kind": "kwe.solve3d-inhomogeneous", "beta": 0.2, "initial": { "type": "smooth" }, "x_box": { "length": [1, 0, 1] } }""", "x_box.length[1]", "0", "must be in [")]
    [InlineData("""{ "kind": "kwe.solve3d-inhomogeneous", "beta": 0.2, "initial": { "type": "smooth" }, "t_end": 0.1, "dt": 0.5 }""", "dt", "0.5", "must not exceed t_end = 0.1")]
    [InlineData("""{ "kind": "kwe.solve3d-inhomogeneous", "beta": 0.2, "initial": { "type": "smooth" }, "t_end": 0.1, "dt": 0.05, "outputs": 3 }""", "outputs", "3", "must not exceed the number of steps t_end/dt = 2")]
    [InlineData("""{ "kind": "kwe.operator3d", "beta": 0.5, "k": [1, 0] }""", "k", "1,0", "must be three numbers kx,ky,kz")]
    [InlineData("""{ "kind": "kwe.operator3d", "beta": 0.5, "k": [1, 0, 0], "samples": 100.5 }""", "samples", "100.5", "must be an integer in [100, 1e10]")]
    [InlineData("""{ "kind": "kwe.lemma21", "radii": 1 }""", "radii", "1", "must be an integer in [2, 2000]")]
    public void ErrorsNameTheField(string json, string field, string value, string reason)
    {
        var e = Invalid(json);
        Assert.Equal(field, e.Field);
        Assert.Equal(value, e.Value);
        Assert.StartsWith(reason, e.Reason);
    }
}
