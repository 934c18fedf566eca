using System.Text.Json.Nodes;
using KineticLab.Tests.Output;
using Xunit;

namespace KineticLab.Tests.Cli;

public class Kwe3DCliTests
{
    private static (int Code, string Out, string Err) Run(params string[] a) => ExitCodeTests.Run(a);

    private static void AssertInvalid(string because, params string[] args)
    {
        var (code, output, err) = Run(args);
        Assert.True(code == 2, $"{because}: exit {code}, stderr: {err}");
        Assert.Equal("", output);
        var lines = err.Trim().Split('\n');
        Assert.True(lines.Length == 1, $"{because}: expected one line, got: {err}");
        Assert.StartsWith("error: ", lines[0]);
        Assert.DoesNotContain("   at ", err);
    }

    [Theory]
    [InlineData("negative beta", "kwe", "operator3d", "--beta", "-0.1", "--k", "1,0,0")]
    [InlineData("two components", "kwe", "operator3d", "--beta", "0.3", "--k", "1,0")]
    [InlineData("malformed k", "kwe", "operator3d", "--beta", "0.3", "--k", "1,x,0")]
    [InlineData("missing k", "kwe", "operator3d", "--beta", "0.3")]
    [InlineData("unknown part", "kwe", "operator3d", "--beta", "0.3", "--k", "1,0,0", "--part", "middle")]
    [InlineData("unknown method", "kwe", "operator3d", "--beta", "0.3", "--k", "1,0,0", "--method", "guess")]
    [InlineData("unknown datum", "kwe", "operator3d", "--beta", "0.3", "--k", "1,0,0", "--datum", "wavy")]
    [InlineData("zero width", "kwe", "operator3d", "--beta", "0.3", "--k", "1,0,0", "--datum", "gaussian", "--width", "0")]
    [InlineData("too few samples", "kwe", "operator3d", "--beta", "0.3", "--k", "1,0,0", "--method", "montecarlo", "--samples", "5")]
    [InlineData("M = 0", "kwe", "operator3d", "--beta", "0.3", "--k", "1,0,0", "--M", "0")]
    [InlineData("reversed radii", "kwe", "lemma21", "--r-min", "10", "--r-max", "1")]
    [InlineData("too few angles", "kwe", "lemma21", "--angles", "1")]
    public void InvalidInputGivesExitCode2AndOneLine(string because, params string[] args) => AssertInvalid(because, args);

    private static string Experiment(TempDir dir, string json)
    {
        var p = Path.Combine(dir.Path, "e.json");
        File.WriteAllText(p, json);
        return p;
    }

    [Theory]
    [InlineData("unknown key", """{ "kind": "kwe.solve3d", "beta": 0.2, "initial": { "type": "smooth" }, "bogus": 1 }""")]
    [InlineData("grid too small", """{ "kind": "kwe.solve3d", "beta": 0.2, "initial": { "type": "smooth" }, "grid": { "n": 2 } }""")]
    [InlineData("loss equation", """{ "kind": "kwe.solve3d", "beta": 0.2, "equation": "loss", "initial": { "type": "smooth" } }""")]
    [InlineData("centre with two entries", """{ "kind": "kwe.solve3d", "beta": 0.2, "initial": { "type": "bumps", "bumps": [ { "center": [1, 0] } ] } }""")]
    [InlineData("no bumps", """{ "kind": "kwe.solve3d", "beta": 0.2, "initial": { "type": "bumps", "bumps": [] } }""")]
    [InlineData("unresolved modulation", """{ "kind": "kwe.solve3d-inhomogeneous", "beta": 0.2, "initial": { "type": "smooth" }, "x_box": { "cells": [4, 1, 1] }, "modulation": { "mode": [3, 0, 0] } }""")]
    [InlineData("bad velocity", """{ "kind": "kwe.solve3d-inhomogeneous", "beta": 0.2, "initial": { "type": "smooth" }, "velocity": "3k" }""")]
    [InlineData("dt above t_end", """{ "kind": "kwe.solve3d-inhomogeneous", "beta": 0.2, "initial": { "type": "smooth" }, "t_end": 0.1, "dt": 0.5 }""")]
    [InlineData("rtol in inhomogeneous", """{ "kind": "kwe.solve3d-inhomogeneous", "beta": 0.2, "initial": { "type": "smooth" }, "rtol": 1e-4 }""")]
    public void InvalidExperimentGivesExitCode2AndOneLine(string because, string json)
    {
        using var dir = new TempDir();
        var p = Experiment(dir, json);
        AssertInvalid(because, "kwe", "solve", p, "--out", Path.Combine(dir.Path, "out"));
        AssertInvalid(because + " (run)", "run", p, "--out", Path.Combine(dir.Path, "out2"));
        Assert.False(Directory.Exists(Path.Combine(dir.Path, "out")));
    }

    [Fact]
    public void OperatorPrintsValueAndStandardErrorAsJson()
    {
        var (code, output, err) = Run("kwe", "operator3d", "--beta", "0.5", "--M", "12", "--part", "gain", "--k", "0.3,0.2,0.5",
            "--method", "montecarlo", "--samples", "20000", "--json");
        Assert.True(code == 0, err);
        var j = JsonNode.Parse(output)!;
        Assert.True(j["value"]!.GetValue<double>() > 0);
        Assert.True(j["stderr"]!.GetValue<double>() > 0);
        var (code2, output2, _) = Run("kwe", "operator3d", "--beta", "0.5", "--part", "full", "--k", "1,0,0", "--datum", "gaussian",
            "--center", "0.5,0.2,0", "--width", "0.6", "--resolution", "0.5", "--json");
        Assert.Equal(0, code2);
        var q = JsonNode.Parse(output2)!;
        Assert.True(double.IsFinite(q["value"]!.GetValue<double>()));
        Assert.True(q["stderr"]!.GetValue<double>() >= 0);
    }

    [Fact]
    public void LemmaPrintsTheSupremumBelowEightPi()
    {
        var (code, output, err) = Run("kwe", "lemma21", "--radii", "11", "--angles", "5", "--json");
        Assert.True(code == 0, err);
        var j = JsonNode.Parse(output)!;
        Assert.True(j["sup"]!.GetValue<double>() < 8 * Math.PI);
        Assert.True(j["sup_over_eight_pi"]!.GetValue<double>() > 0.99);
    }

    [Fact]
    public void SolveWritesResultsAndResumeIsBitwise()
    {
        using var dir = new TempDir();
        var p = Experiment(dir, """
            { "kind": "kwe.solve3d", "beta": 0.3, "equation": "full",
              "initial": { "type": "bumps", "bumps": [ { "amplitude": 1, "center": [0.5, 0, 0], "width": 0.7 } ] },
              "grid": { "n": 4, "half_width": 2, "sigma_polar": 2, "sigma_azimuth": 4 },
              "conservative_projection": true, "t_end": 0.1, "outputs": 2, "checkpoint_every": 1 }
            """);
        var outDir = Path.Combine(dir.Path, "out");
        var (code, output, err) = Run("kwe", "solve", p, "--out", outDir, "--json");
        Assert.True(code == 0, err);
        var j = JsonNode.Parse(output)!;
        Assert.True(j["max_waveaction_drift"]!.GetValue<double>() < 1e-13);
        foreach (var f in new[] { "summary.md", "diagnostics.csv", "slices.csv", "slice-kx.svg", "norm.svg", "drift.svg", "checkpoint.kcp", "timeseries.csv", "fields.bin", "results.h5" })
            Assert.True(File.Exists(Path.Combine(outDir, f)), f);
        // resume from the final checkpoint: nothing left to do, same results
        var (code2, output2, err2) = Run("kwe", "solve", p, "--out", outDir, "--resume", "--json");
        Assert.True(code2 == 0, err2);
        Assert.Equal(j["weighted_sup_norm"]!.ToJsonString(), JsonNode.Parse(output2)!["weighted_sup_norm"]!.ToJsonString());
    }

    [Fact]
    public void InhomogeneousSolveRunsThroughRun()
    {
        using var dir = new TempDir();
        var p = Experiment(dir, """
            { "kind": "kwe.solve3d-inhomogeneous", "beta": 0.2,
              "initial": { "type": "bumps", "bumps": [ { "amplitude": 1, "center": [0.5, 0, 0], "width": 0.7 } ] },
              "grid": { "n": 4, "half_width": 2, "sigma_polar": 2, "sigma_azimuth": 4 }, "conservative_projection": true,
              "x_box": { "cells": [4, 1, 1], "length": [6.283185307179586, 1, 1] }, "velocity": "2k",
              "t_end": 0.1, "dt": 0.05, "outputs": 2 }
            """);
        var outDir = Path.Combine(dir.Path, "out");
        var (code, output, err) = Run("run", p, "--out", outDir, "--json");
        Assert.True(code == 0, err);
        var j = JsonNode.Parse(output)!;
        Assert.True(j["max_waveaction_drift"]!.GetValue<double>() < 1e-12);
        foreach (var f in new[] { "density.svg", "density.csv", "diagnostics.csv", "checkpoint.kcp", "timeseries.csv", "fields.bin", "results.h5" })
            Assert.True(File.Exists(Path.Combine(outDir, f)), f);
        Assert.Equal("completed", j["status"]!.GetValue<string>());
        Assert.Equal(2, j["steps"]!.GetValue<int>());
        // the same experiment through kwe solve, resumed from the final checkpoint: the same numbers
        var (code2, output2, err2) = Run("kwe", "solve", p, "--out", outDir, "--resume", "--json");
        Assert.True(code2 == 0, err2);
        Assert.Equal(j["waveaction"]!.ToJsonString(), JsonNode.Parse(output2)!["waveaction"]!.ToJsonString());
    }

    [Theory]
    [InlineData("""{ "kind": "kwe.solve3d", "beta": 0.2, "initial": { "type": "smooth" }, "grid": { "n": "x" } }""", "error: grid.n: \"x\": must be an integer")]
    [InlineData("""{ "kind": "kwe.solve3d", "beta": 0.2, "initial": { "type": "smooth" }, "bogus": 1 }""", "error: bogus: 1: unknown key")]
    [InlineData("""{ "kind": "kwe.solve3d", "beta": 0.2, "initial": { "type": "smooth" }, "grid": { "n": 2 } }""", "error: grid.n: 2: must be")]
    [InlineData("""{ "kind": "kwe.solve3d", "beta": 0.2, "initial": { "type": "bumps", "bumps": [ { "center": [1, 0] } ] } }""", "error: initial.bumps[0].center: [2 values]: must have 3 entries")]
    [InlineData("""{ "kind": "kwe.solve3d-inhomogeneous", "beta": 0.2, "initial": { "type": "smooth" }, "rtol": 1e-4 }""", "error: rtol: 1e-4: unknown key")]
    [InlineData("""{ "kind": "kwe.solve3d-inhomogeneous", "beta": 0.2, "initial": { "type": "smooth" }, "x_box": { "cells": [4, 1.5, 1] } }""", "error: x_box.cells: [4,1.5,1]: entries must be integers")]
    [InlineData("""{ "kind": "kwe.solve3d-inhomogeneous", "beta": 0.2, "initial": { "type": "smooth" }, "x_box": { "cells": [4, 1, 1] }, "modulation": { "mode": [3, 0, 0] } }""", "error: modulation.mode[0]: 3: must be resolved")]
    [InlineData("""{ "kind": "kwe.solve3d-inhomogeneous", "beta": 0.2, "initial": { "type": "smooth" }, "velocity": "3k" }""", "error: velocity: 3k: must be one of k|2k")]
    public void ExperimentErrorsNameTheField(string json, string expected)
    {
        using var dir = new TempDir();
        var p = Experiment(dir, json);
        var (code, _, err) = Run("kwe", "solve", p, "--check");
        Assert.Equal(2, code);
        Assert.StartsWith(expected, err.Trim());
    }

    [Fact]
    public void OperatorAndLemmaErrorsNameTheOption()
    {
        var (code, _, err) = Run("kwe", "operator3d", "--beta", "0.3", "--k", "1,0,0", "--M", "0");
        Assert.Equal(2, code);
        Assert.StartsWith("error: --M: 0: must be in (0, 200]", err.Trim());
        (code, _, err) = Run("kwe", "operator3d", "--beta", "0.3", "--k", "2e4,0,0");
        Assert.Equal(2, code);
        Assert.StartsWith("error: --k: 20000,0,0: |k| must be at most 1e4", err.Trim());
        (code, _, err) = Run("kwe", "lemma21", "--r-min", "10", "--r-max", "1");
        Assert.Equal(2, code);
        Assert.StartsWith("error: --r-max: 1: must exceed", err.Trim());
    }

    [Fact]
    public void OperatorAndLemmaRunFromExperimentFiles()
    {
        using var dir = new TempDir();
        var p = Experiment(dir, """{ "kind": "kwe.lemma21", "radii": 11, "angles": 5 }""");
        var (code, output, err) = Run("run", p, "--json");
        Assert.True(code == 0, err);
        var (code2, output2, _) = Run("kwe", "lemma21", "--radii", "11", "--angles", "5", "--json");
        Assert.Equal(0, code2);
        Assert.Equal(output2, output);
        var q = Experiment(dir, """{ "kind": "kwe.operator3d", "beta": 0.5, "k": [0.3, 0.2, 0.5], "part": "gain", "method": "montecarlo", "samples": 2000 }""");
        var (code3, output3, err3) = Run("run", q, "--json");
        Assert.True(code3 == 0, err3);
        var (_, output4, _) = Run("kwe", "operator3d", "--beta", "0.5", "--k", "0.3,0.2,0.5", "--part", "gain", "--method", "montecarlo", "--samples", "2000", "--json");
        Assert.Equal(output4, output3);
    }
}
