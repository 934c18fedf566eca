using System.Text.Json.Nodes;
using Xunit;

namespace KineticLab.Tests.Cli;

public class KweCliTests
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
    [InlineData("negative beta", "kwe", "operator", "--beta", "-0.1", "--omega", "1")]
    [InlineData("NaN beta", "kwe", "operator", "--beta", "NaN", "--omega", "1")]
    [InlineData("malformed beta", "kwe", "operator", "--beta", "0.3x", "--omega", "1")]
    [InlineData("M = 0", "kwe", "operator", "--beta", "0.3", "--M", "0", "--omega", "1")]
    [InlineData("negative M", "kwe", "operator", "--beta", "0.3", "--M", "-4", "--omega", "1")]
    [InlineData("empty ω list", "kwe", "operator", "--beta", "0.3", "--omega", "")]
    [InlineData("empty ω entry", "kwe", "operator", "--beta", "0.3", "--omega", "1,,2")]
    [InlineData("malformed ω", "kwe", "operator", "--beta", "0.3", "--omega", "1,abc")]
    [InlineData("ω = 0", "kwe", "operator", "--beta", "0.3", "--omega", "0")]
    [InlineData("ω range where a list is expected", "kwe", "operator", "--beta", "0.3", "--omega", "1:1:3")]
    [InlineData("unknown part", "kwe", "operator", "--beta", "0.3", "--omega", "1", "--part", "middle")]
    [InlineData("unknown datum", "kwe", "operator", "--beta", "0.3", "--omega", "1", "--datum", "wavy")]
    [InlineData("missing ω", "kwe", "operator", "--beta", "0.3")]
    [InlineData("zero step range", "kwe", "threshold", "--beta", "0:0:1")]
    [InlineData("reversed range", "kwe", "threshold", "--beta", "1:0.1:0")]
    [InlineData("malformed range", "kwe", "threshold", "--beta", "0:0.1")]
    [InlineData("range out of bounds", "kwe", "threshold", "--beta", "-0.5:0.25:0.5")]
    [InlineData("loss part in threshold", "kwe", "threshold", "--part", "loss")]
    [InlineData("bad fit window", "kwe", "threshold", "--fit-window", "1e4:1e2")]
    [InlineData("fit window outside the ω range", "kwe", "threshold", "--fit-window", "1e2:1e6")]
    [InlineData("unknown option", "kwe", "operator", "--beta", "0.3", "--omega", "1", "--bogus")]
    [InlineData("missing experiment file", "kwe", "solve", "/nonexistent/experiment.json")]
    [InlineData("missing verb", "kwe")]
    public void InvalidInputGivesExitCode2AndOneLine(string because, params string[] args) => AssertInvalid(because, args);

    [Fact]
    public void OperatorPrintsOnlyJsonWithWeightedValues()
    {
        var (code, output, _) = Run("kwe", "operator", "--beta", "0.5", "--M", "12", "--part", "gain", "--omega", "0.5,100", "--json");
        Assert.Equal(0, code);
        var j = JsonNode.Parse(output)!;
        var w = j["omega"]!.AsArray().Select(x => x!.GetValue<double>()).ToArray();
        var v = j["value"]!.AsArray().Select(x => x!.GetValue<double>()).ToArray();
        var wt = j["weighted"]!.AsArray().Select(x => x!.GetValue<double>()).ToArray();
        Assert.Equal([0.5, 100.0], w);
        for (int i = 0; i < 2; i++)
            Assert.Equal(Math.Pow(1 + w[i] * w[i], 3) * v[i], wt[i], 12);
        Assert.True(v.All(x => x > 0));
    }

    [Fact]
    public void ThresholdWritesAResultsFolderAndJson()
    {
        var dir = Path.Combine(Path.GetTempPath(), "kineticlab-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            var (code, output, err) = Run("kwe", "threshold", "--beta", "0,0.5", "--omega-min", "1e2", "--omega-max", "1e3",
                "--points-per-decade", "3", "--fit-window", "1e2:1e3", "--out", dir, "--json");
            Assert.True(code == 0, err);
            var j = JsonNode.Parse(output)!;
            Assert.Equal(2, j["beta"]!.AsArray().Count);
            Assert.Equal(2, j["exponent"]!.AsArray().Count);
            Assert.NotNull(j["threshold"]);
            foreach (var f in new[] { "result.json", "summary.md", "exponents.csv", "curves.csv", "exponent.svg", "weighted.svg", "picard.svg" })
                Assert.True(File.Exists(Path.Combine(dir, f)), f);
            // the folder exists now: a second run without --force is refused and changes nothing
            var before = File.ReadAllText(Path.Combine(dir, "result.json"));
            var (code2, _, err2) = Run("kwe", "threshold", "--beta", "0", "--out", dir);
            Assert.Equal(2, code2);
            Assert.Contains("--force", err2);
            Assert.Equal(before, File.ReadAllText(Path.Combine(dir, "result.json")));
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void ExperimentFilesAreValidatedOnLoad()
    {
        var dir = Path.Combine(Path.GetTempPath(), "kineticlab-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            void Case(string name, string text, string expect)
            {
                var p = Path.Combine(dir, name + ".json");
                File.WriteAllText(p, text);
                var (code, _, err) = Run("run", p, "--out", Path.Combine(dir, name + "-out"));
                Assert.True(code == 2, $"{name}: exit {code}: {err}");
                Assert.Single(err.Trim().Split('\n'));
                Assert.Contains(expect, err);
                Assert.False(Directory.Exists(Path.Combine(dir, name + "-out")), $"{name}: nothing should be written");
            }
            Case("malformed", "{ \"kind\": \"kwe.threshold\", ", "malformed JSON");
            Case("unknown-key", "{ \"kind\": \"kwe.threshold\", \"betta\": [0.5] }", "betta");
            Case("wrong-type", "{ \"kind\": \"kwe.threshold\", \"M\": \"twelve\" }", "M");
            Case("bad-range", "{ \"kind\": \"kwe.threshold\", \"beta\": \"0:-0.1:1\" }", "beta");
            Case("unknown-kind", "{ \"kind\": \"kwe.frobnicate\" }", "kind");
            Case("solve-negative-time", "{ \"kind\": \"kwe.solve\", \"beta\": 0.2, \"initial\": {\"type\":\"smooth\"}, \"t_end\": -1 }", "t_end");
            Case("solve-bad-initial", "{ \"kind\": \"kwe.solve\", \"beta\": 0.2, \"initial\": {\"type\":\"smooth\", \"M\": 12, \"extra\": 1} }", "extra");
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void SolveAndResumeThroughTheCommandLine()
    {
        var dir = Path.Combine(Path.GetTempPath(), "kineticlab-test-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dir);
        try
        {
            var exp = Path.Combine(dir, "solve.json");
            File.WriteAllText(exp, """
            { "kind": "kwe.solve", "beta": 0.2, "initial": { "type": "smooth", "M": 12 },
              "grid": { "omega_min": 0.01, "omega_max": 20, "points_per_octave": 1 },
              "t_end": 1, "outputs": 2, "rtol": 1e-6, "checkpoint_every": 2 }
            """);
            var outA = Path.Combine(dir, "a");
            var (code, output, err) = Run("kwe", "solve", exp, "--out", outA, "--json");
            Assert.True(code == 0, err);
            var a = JsonNode.Parse(output)!;
            Assert.True(a["max_waveaction_drift"]!.GetValue<double>() < 1e-13);
            Assert.True(File.Exists(Path.Combine(outA, KineticLab.Output.CheckpointFile.FileName)));
            // resuming a finished run reproduces its result
            var (code2, output2, err2) = Run("kwe", "solve", exp, "--out", outA, "--resume", "--json");
            Assert.True(code2 == 0, err2);
            Assert.Equal(a["weighted_sup_norm"]!.ToJsonString(), JsonNode.Parse(output2)!["weighted_sup_norm"]!.ToJsonString());
            // resuming with a different experiment is refused
            File.WriteAllText(exp, File.ReadAllText(exp).Replace("\"beta\": 0.2", "\"beta\": 0.3"));
            var (code3, _, err3) = Run("kwe", "solve", exp, "--out", outA, "--resume");
            Assert.Equal(2, code3);
            Assert.Contains("different experiment", err3);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
