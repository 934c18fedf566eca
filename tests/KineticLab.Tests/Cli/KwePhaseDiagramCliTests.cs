using System.Text.Json.Nodes;
using KineticLab.Tests.Output;
using Xunit;

namespace KineticLab.Tests.Cli;

/// <summary>
/// The verbs kwe phase-diagram and kwe inflation: their JSON, results folders, the same experiment through a file, the
/// thresholds against the closed forms of the expansion, and invalid input (exit code 2, one line).
/// </summary>
public class KwePhaseDiagramCliTests
{
    private static JsonObject Json(params string[] args)
    {
        var (code, stdout, stderr) = ExitCodeTests.Run([.. args, "--json"]);
        Assert.True(code == 0, stderr);
        return JsonNode.Parse(stdout)!.AsObject();
    }

    private static double[] Numbers(JsonNode? a) => a!.AsArray().Select(x => x is null ? double.NaN : x.GetValue<double>()).ToArray();

    [Fact]
    public void ExpansionOnlyDiagramGivesTheClosedFormsAndItsFiles()
    {
        using var dir = new TempDir();
        var j = Json("kwe", "phase-diagram", "--expansion-only", "--M", "7,8,9,12,16", "--out", dir.File("pd"));
        Assert.Equal([7, 8, 9, 12, 16], Numbers(j["M"]));
        // B (one small frequency, nothing cancels): 3β + 1/2 − M/2 = 0 at β = (M − 1)/6; A (the paired corner): 2β − 5/2 = 0;
        // the smaller wins: 1 and 7/6 at M = 7, 8; at M = 9 B's 4/3 exceeds A's 5/4
        double[] exact = [1.0, 7.0 / 6, 1.25, 1.25, 1.25];
        var got = Numbers(j["threshold_expansion"]);
        for (int i = 0; i < exact.Length; i++) Assert.True(Math.Abs(got[i] - exact[i]) < 1e-9, $"M = {j["M"]![i]}: {got[i]:R}");
        Assert.Equal(["B", "B", "A", "A", "A"], j["leading_term"]!.AsArray().Select(x => x!.GetValue<string>()));
        Assert.All(Numbers(j["threshold"]), x => Assert.True(double.IsNaN(x)));   // nothing measured
        foreach (var f in new[] { "phase-diagram.svg", "phase-diagram.png", "thresholds.csv", "summary.md", "result.json", "results.h5" })
            Assert.True(File.Exists(dir.File("pd/" + f)), f);
        Assert.Contains("Remark 1.4", File.ReadAllText(dir.File("pd/summary.md")));
        var csv = File.ReadAllLines(dir.File("pd/thresholds.csv"));
        Assert.Equal(6, csv.Length);

        // the gain-only diagram: β* = 1/4 at every M (G0 ~ ω^{2β−1/2})
        var g = Json("kwe", "phase-diagram", "--expansion-only", "--part", "gain", "--M", "7,10,16", "--out", dir.File("pg"));
        Assert.All(Numbers(g["threshold_expansion"]), x => Assert.Equal(0.25, x, 1e-9));
    }

    [Fact]
    public void MeasuredThresholdAtM8AgreesWithTheExpansion()
    {
        // full operator, smooth datum, M = 8: β* = 7/6 (B term); the window [1e3, 1e5] (measured 1.1661, a plain power fit 1.129)
        using var dir = new TempDir();
        var j = Json("kwe", "phase-diagram", "--M", "8", "--omega-max", "1e5", "--out", dir.File("pd"));
        double t = Numbers(j["threshold"])[0], se = Numbers(j["threshold_stderr"])[0], naive = Numbers(j["threshold_naive"])[0];
        Assert.True(Math.Abs(t - 7.0 / 6) < 2e-3, $"β* = {t:R}");
        Assert.True(se < 0.01, $"uncertainty {se:R}");
        Assert.True(Math.Abs(naive - 7.0 / 6) > 0.02, $"the plain fit is biased by the subleading term: {naive:R}");
        Assert.True(File.Exists(dir.File("pd/fits.csv")) && File.Exists(dir.File("pd/exponents.svg")));
    }

    [Fact]
    public void PhaseDiagramThroughAFileIsTheSame()
    {
        using var dir = new TempDir();
        var file = dir.File("e.json");
        File.WriteAllText(file, """{ "kind": "kwe.phase-diagram", "M": [8, 12], "datum": "kbracket", "expansion_only": true }""");
        var (c, o, e) = ExitCodeTests.Run("run", file, "--json", "--out", dir.File("file"));
        Assert.True(c == 0, e);
        var a = JsonNode.Parse(o)!.AsObject();
        var b = Json("kwe", "phase-diagram", "--M", "8,12", "--datum", "kbracket", "--expansion-only", "--out", dir.File("flags"));
        a.Remove("results"); b.Remove("results");
        Assert.Equal(a.ToJsonString(), b.ToJsonString());
    }

    [Fact]
    public void InflationDoublingExponentAboveAndBelowTheThreshold()
    {
        // gain-only, M = 12, small grids (2 points per octave): −(2β − 1/2) = −1 at β = 0.75; 0 at β = 0.1
        using var dir = new TempDir();
        var j = Json("kwe", "inflation", "--beta", "0.1,0.75", "--omega-max", "30,240", "--points-per-octave", "2", "--out", dir.File("inf"));
        var e = Numbers(j["doubling_exponent"]);
        Assert.True(Math.Abs(e[0]) < 0.05, $"β = 0.1: {e[0]:R}");
        Assert.True(Math.Abs(e[1] + 1) < 0.05, $"β = 0.75: {e[1]:R}");
        var t = j["doubling_time"]!.AsArray();
        Assert.Equal(2, t.Count);
        Assert.All(t, row => Assert.Equal(2, row!.AsArray().Count));
        Assert.Equal([0.1, 0.75], Numbers(j["beta"]));
        Assert.Equal(2, Numbers(j["omega_max"]).Length);
        foreach (var f in new[] { "doubling-time.svg", "inflation.csv", "exponents.csv", "summary.md", "results.h5" })
            Assert.True(File.Exists(dir.File("inf/" + f)), f);
    }

    [Fact]
    public void WellPosednessOnASmallGrid()
    {
        // Theorem 2.6 at β = 1/4, M = 8 on the grid to ω = 20: the solution stays in B(2R) on [0, T] and the Picard ratios are ≤ 1/2;
        // the constants of (2.7) are finite at β = 1/4
        using var dir = new TempDir();
        var j = Json("kwe", "well-posedness", "--beta", "0.25", "--omega-max", "20", "--constants-beta", "0.25", "--constants-M", "8",
            "--constants-omega-max", "10", "--lipschitz-beta", "0.1", "--lipschitz-omega-max", "20", "--out", dir.File("wp"));
        Assert.True(Numbers(j["max_norm_ratio"])[0] <= 2, j["max_norm_ratio"]!.ToJsonString());
        Assert.True(Numbers(j["max_norm_ratio"])[0] >= 1, "the norm starts at R");
        Assert.True(Numbers(j["picard_ratio_max"])[0] <= 0.5, j["picard_ratio_max"]!.ToJsonString());
        Assert.True(j["constants"]!["bounded"]![0]![0]!.GetValue<bool>());
        double c1 = Numbers(j["C1"])[0], t = Numbers(j["T"])[0];
        Assert.True(c1 > 0 && Math.Abs(t * 8 * c1 - 1) < 1e-12, $"C₁ = {c1}, T = {t}");
        foreach (var f in new[] { "constants.csv", "solutions.csv", "lipschitz.csv", "constants.svg", "lipschitz.svg", "summary.md", "results.h5" })
            Assert.True(File.Exists(dir.File("wp/" + f)), f);
    }

    [Theory]
    [InlineData("kwe phase-diagram --expansion-only --M 0", "--M")]
    [InlineData("kwe phase-diagram --expansion-only --M -3", "--M")]
    [InlineData("kwe phase-diagram --expansion-only --M ,", "--M")]
    [InlineData("kwe phase-diagram --expansion-only --beta 2.5", "--beta")]
    [InlineData("kwe phase-diagram --beta -0.1", "--beta")]
    [InlineData("kwe inflation --M 0", "--M")]
    [InlineData("kwe inflation --beta 2.01", "--beta")]
    [InlineData("kwe inflation --beta ,", "--beta")]
    [InlineData("kwe inflation --omega-max ,", "--omega-max")]
    [InlineData("kwe inflation --omega-max 0.05", "--omega-max")]
    [InlineData("kwe inflation --omega-min 1 --omega-max 5", "--omega-max")]
    [InlineData("kwe well-posedness --M 0", "--M")]
    [InlineData("kwe well-posedness --beta 2.5", "--beta")]
    [InlineData("kwe well-posedness --constants-M ,", "--constants-M")]
    public void InvalidInputIsExitCode2WithOneLine(string args, string option)
    {
        var (code, _, err) = ExitCodeTests.Run(args.Split(' '));
        Assert.Equal(2, code);
        var lines = err.Trim().Split('\n');
        Assert.Single(lines);
        Assert.Contains(option, lines[0]);
    }
}
