using System.Text.Json.Nodes;
using Xunit;

namespace KineticLab.Tests.Cli;

/// <summary><c>kwe operator3d --method spectral</c>, <c>bench kwe3d</c> and the spectral solve through the command line.</summary>
public class Kwe3DSpectralCliTests
{
    private static (int Code, string Out, string Err) Run(params string[] a) => ExitCodeTests.Run(a);

    private static JsonNode Json(params string[] a)
    {
        var (code, output, err) = Run(a);
        Assert.True(code == 0, err);
        return JsonNode.Parse(output)!;
    }

    private static readonly string[] Gaussian = ["--datum", "gaussian", "--center", "0,0,0", "--width", "0.5"];

    /// <summary>
    /// At a grid node (k = (0.5, 0, 0), h = 0.25) and off the grid (k = (0.4, 0.1, −0.2), the trigonometric interpolant) the
    /// spectral value (N = 32, L = R = 4, default rules) agrees with the same command's pointwise quadrature to 1e-5 of max|C|
    /// on the grid (the convergence table: 2.1e-7 at N = 32, β = 0, with finer rules).
    /// </summary>
    [Theory]
    [InlineData("0.5,0,0", true)]
    [InlineData("0.4,0.1,-0.2", false)]
    public void SpectralValueAgreesWithTheQuadrature(string k, bool node)
    {
        var s = Json(["kwe", "operator3d", "--beta", "0", "--k", k, "--method", "spectral", "--N", "32", "--L", "4", .. Gaussian, "--json"]);
        var q = Json(["kwe", "operator3d", "--beta", "0", "--k", k, "--method", "quadrature", .. Gaussian, "--json"]);
        Assert.Equal(node, s["at_node"]!.GetValue<bool>());
        double v = s["value"]!.GetValue<double>(), r = q["value"]!.GetValue<double>(), max = s["max_abs_on_grid"]!.GetValue<double>();
        Assert.True(Math.Abs(v - r) <= 1e-5 * max, $"{v} vs {r} (max {max})");
        // the cost model: 1 + P(2 + 8 N_r) transforms at β = 0 with P = directions/2
        int p = s["directions"]!.GetValue<int>() / 2, nr = s["radial_points"]!.GetValue<int>();
        Assert.Equal(1 + p * (2 + 8 * nr), s["ffts_per_eval"]!.GetValue<int>());
    }

    private static void AssertInvalid(string because, string option, params string[] args)
    {
        var (code, output, err) = Run(args);
        Assert.True(code == 2, $"{because}: exit {code}, stderr: {err}");
        Assert.Equal("", output);
        var lines = err.Trim().Split('\n');
        Assert.True(lines.Length == 1, $"{because}: expected one line, got: {err}");
        Assert.StartsWith($"error: {option}: ", lines[0]);
    }

    [Fact]
    public void InvalidInputGivesExitCode2AndOneLine()
    {
        string[] op = ["kwe", "operator3d", "--beta", "0", "--k", "0,0,0", "--method", "spectral"];
        AssertInvalid("odd N", "--N", [.. op, "--N", "15"]);
        AssertInvalid("too large N", "--N", [.. op, "--N", "256"]);
        AssertInvalid("box without the datum", "--datum", [.. op, "--N", "16", "--L", "1"]);
        AssertInvalid("datum off centre", "--datum", [.. op, "--N", "16", "--L", "4", "--datum", "gaussian", "--center", "1.8,0,0", "--width", "0.5"]);
        AssertInvalid("k outside the box", "--k", ["kwe", "operator3d", "--beta", "0", "--k", "5,0,0", "--method", "spectral", "--L", "4"]);
        AssertInvalid("R beyond 2L", "--R", [.. op, "--R", "9"]);
        AssertInvalid("beta out of range", "--beta", ["kwe", "operator3d", "--beta", "2.5", "--k", "0,0,0", "--method", "spectral"]);
        AssertInvalid("dealias needs N a multiple of 4", "--N", [.. op, "--N", "30", "--dealias"]);
        AssertInvalid("bench odd N", "--N", ["bench", "kwe3d", "--N", "17"]);
        AssertInvalid("bench beta", "--beta", ["bench", "kwe3d", "--beta", "-1"]);
    }

    /// <summary>--dealias with a non-integer β is accepted with a warning (its read-back of |k|^{2β} is worse than the plain operator); with β = 1 there is none.</summary>
    [Fact]
    public void DealiasWarnsForNonIntegerBeta()
    {
        var (c1, _, e1) = Run("kwe", "operator3d", "--beta", "0.5", "--k", "0,0,0", "--method", "spectral", "--N", "32", "--dealias", "--check", "--json");
        Assert.True(c1 == 0, e1);
        Assert.Contains("non-integer beta", e1);
        var (c2, _, e2) = Run("kwe", "operator3d", "--beta", "1", "--k", "0,0,0", "--method", "spectral", "--N", "32", "--dealias", "--check", "--json");
        Assert.True(c2 == 0, e2);
        Assert.DoesNotContain("non-integer beta", e2);
    }

    /// <summary>--check reports the memory of the operator before allocating it: at N = 128 far more than at 32, by the ratio of the grids.</summary>
    [Fact]
    public void CheckReportsTheMemory()
    {
        var a = Json("kwe", "operator3d", "--beta", "0", "--k", "0,0,0", "--method", "spectral", "--N", "32", "--check", "--json");
        var b = Json("kwe", "operator3d", "--beta", "0", "--k", "0,0,0", "--method", "spectral", "--N", "128", "--check", "--json");
        long ma = a["memory_bytes"]!.GetValue<long>(), mb = b["memory_bytes"]!.GetValue<long>();
        Assert.True(ma >= 9L * 8 * 32 * 32 * 32 && ma <= 1L << 30, $"{ma}");
        Assert.InRange((double)mb / ma, 60, 64.1);
        var c = Json("bench", "kwe3d", "--N", "64", "--check", "--json");
        Assert.True(c["memory_bytes"]!.GetValue<long>() <= 8L << 30);
    }

    /// <summary>bench kwe3d prints the cost fields; the grid operator is timed in the same run for N ≤ 16 only.</summary>
    [Fact]
    public void BenchPrintsTheCostAndTheReferenceForSmallN()
    {
        var a = Json("bench", "kwe3d", "--N", "8", "--repeat", "1", "--json");
        foreach (var key in new[] { "N", "ms_per_eval", "ffts_per_eval", "ms_fft_floor", "ratio_to_floor", "ms_reference_grid_operator" })
            Assert.True(a[key] is not null, key);
        Assert.Equal(8, a["N"]!.GetValue<int>());
        Assert.True(a["ms_reference_grid_operator"]!.GetValue<double>() > 0);
        var b = Json("bench", "kwe3d", "--N", "18", "--repeat", "1", "--json");
        Assert.Null(b["ms_reference_grid_operator"]);
        Assert.Equal(b["ms_per_eval"]!.GetValue<double>() / b["ms_fft_floor"]!.GetValue<double>(), b["ratio_to_floor"]!.GetValue<double>(), 12);
    }

    /// <summary>A spectral solve (the default operator) from an experiment file: projection to round-off, the results folder, and the same numbers from run and kwe solve.</summary>
    [Fact]
    public void SpectralSolveRunsFromAnExperimentFile()
    {
        using var dir = new KineticLab.Tests.Output.TempDir();
        var p = Path.Combine(dir.Path, "e.json");
        File.WriteAllText(p, """
            { "kind": "kwe.solve3d", "beta": 0.5, "equation": "full",
              "initial": { "type": "bumps", "bumps": [ { "amplitude": 1, "center": [0.3, 0, 0], "width": 0.35 } ] },
              "grid": { "n": 8, "half_width": 3 }, "conservative_projection": true, "t_end": 0.1, "outputs": 2 }
            """);
        var j = Json("kwe", "solve", p, "--out", Path.Combine(dir.Path, "a"), "--json");
        Assert.True(j["max_waveaction_drift"]!.GetValue<double>() < 1e-12);
        Assert.True(j["max_energy_drift"]!.GetValue<double>() < 1e-12);
        var summary = File.ReadAllText(Path.Combine(dir.Path, "a", "summary.md"));
        Assert.Contains("fast spectral operator", summary);
        var k = Json("run", p, "--out", Path.Combine(dir.Path, "b"), "--json");
        Assert.Equal(j["weighted_sup_norm"]!.ToJsonString(), k["weighted_sup_norm"]!.ToJsonString());
    }
}
