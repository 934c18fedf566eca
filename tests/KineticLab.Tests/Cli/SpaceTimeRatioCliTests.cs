using System.Text.Json.Nodes;
using KineticLab.Tests.Output;
using Xunit;
using Xunit.Abstractions;

namespace KineticLab.Tests.Cli;

/// <summary>
/// <c>kineticlab posedness spacetime-ratio</c> (kind <c>posedness.spacetime-ratio</c>): the printed object and the
/// results folder; above the threshold (s0 = (d−1)/2 + 1/4, d = 2) Γ_T(M) does not grow (exponent ≤ 0.05, here −1/4 to
/// 0.01); the same experiment from a file; bad input in one line with exit code 2.
/// </summary>
public class SpaceTimeRatioCliTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("-0.5")]
    [InlineData("0")]
    public void AboveTheThresholdTheRatioDoesNotGrowWithM(string gamma)
    {
        using var dir = new TempDir();
        string folder = dir.File("run");
        var (code, stdout, stderr) = ExitCodeTests.Run("posedness", "spacetime-ratio", "--d", "2", "--s0", "0.75", "--gamma", gamma,
            "--M", "16,64,256", "--grid", "coarse", "--json", "--out", folder);
        Assert.True(code == 0, stderr);
        var j = JsonNode.Parse(stdout)!;
        output.WriteLine(stdout);
        Assert.Equal(0.75, (double)j["s0"]!);
        Assert.Equal("[16,64,256]", j["M"]!.ToJsonString());
        var ratio = j["ratio"]!.AsArray().Select(x => (double)x!).ToArray();
        Assert.Equal(3, ratio.Length);
        Assert.All(ratio, r => Assert.True(r > 0 && double.IsFinite(r)));
        double exponent = (double)j["exponent"]!;
        Assert.True(exponent <= 0.05, $"{exponent}");
        Assert.True(Math.Abs(exponent + 0.25) <= 0.01, $"{exponent}");
        // the printed exponent is the least-squares slope of the printed ratios in log–log
        double[] lx = [Math.Log(16), Math.Log(64), Math.Log(256)], ly = ratio.Select(r => Math.Log(r)).ToArray();
        double mx = lx.Average(), my = ly.Average();
        double slope = lx.Zip(ly).Sum(p => (p.First - mx) * (p.Second - my)) / lx.Sum(x => (x - mx) * (x - mx));
        Assert.Equal(slope, exponent, 10);
        Assert.Equal(-0.25, (double)j["predicted_exponent"]!);
        foreach (var f in new[] { "result.json", "summary.md", "ratio.csv", "exponents.csv", "ratio.svg", "ratio.png", "results.h5" })
            Assert.True(File.Exists(Path.Combine(folder, f)), f);
        Assert.Equal(4, File.ReadAllLines(Path.Combine(folder, "ratio.csv")).Length);
    }

    [Fact]
    public void TheExampleFileAndTheFlagsGiveTheSameExperiment()
    {
        string example = FuzzTests.ExamplesDir();
        var (code, stdout, stderr) = ExitCodeTests.Run("run", Path.Combine(example, "posedness-spacetime-ratio.json"), "--check", "--json");
        Assert.True(code == 0, stderr);
        var a = JsonNode.Parse(stdout)!;
        var (code2, stdout2, stderr2) = ExitCodeTests.Run("posedness", "spacetime-ratio", "--d", "2", "--gamma", "-0.5", "--s0", "0.75",
            "--M", "16,32,64,128,256,512", "--check", "--json");
        Assert.True(code2 == 0, stderr2);
        Assert.Equal((string)a["run"]!, (string)JsonNode.Parse(stdout2)!["run"]!);
    }

    [Theory]
    [InlineData("--d 4", "--d: 4: must be 2 or 3")]
    [InlineData("--M 64", "--M: [1 values]: must hold at least 2 values")]
    [InlineData("--M 16,1", "--M: 1: must be in [2, 1e6]")]
    [InlineData("--s0 -1", "--s0: -1: must be in [0, 4]")]
    [InlineData("--gamma -2", "--gamma: -2: must be in [-0.5, 0]")]
    [InlineData("--kernel mixed --gamma -1 --d 3", "--gamma: -1: give either gamma or kernel mixed")]
    [InlineData("--beam gaussians --d 3", "--d: 3: the Gaussian family is computed for d = 2 only")]
    [InlineData("--beam gaussians --grid-convergence", "--grid-convergence: true: only for beam needles or bullets")]
    [InlineData("--beam rays", "--beam: rays")]
    public void BadInputGivesOneLineAndExitCode2(string args, string expected)
    {
        var (code, stdout, stderr) = ExitCodeTests.Run(["posedness", "spacetime-ratio", .. args.Split(' '), "--json"]);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.Contains(expected, stderr);
    }

    [Fact]
    public void TheWellPosedCasesAreInTheValidationCatalogue()
    {
        var (code, stdout, stderr) = ExitCodeTests.Run("validate", "posedness", "--list");
        Assert.True(code == 0, stderr);
        foreach (var name in new[] { "wellposed-linear", "wellposed-gain-scans", "wellposed-gain-search", "wellposed-spacetime-d2", "wellposed-spacetime-d3",
                     "wellposed-bullets", "wellposed-gaussian-spacetime", "wellposed-solution-deflation" })
            Assert.Contains(name, stdout);
    }
}
