using System.CommandLine;
using System.Text.Json.Nodes;
using KineticLab.Cli;
using KineticLab.Cli.Commands;
using KineticLab.Tests.Cli;
using Xunit;

namespace KineticLab.Tests.Boltzmann;

public class BoltzmannCliTests
{
    [Fact]
    public void OperatorPrintsErrorsAndTimingAsJson()
    {
        var (code, stdout, _) = ExitCodeTests.Run("boltzmann", "operator", "--d", "2", "--N", "32", "--test", "bkw", "--L", "7", "--R", "5.5", "--reps", "1", "--json");
        Assert.Equal(0, code);
        var j = JsonNode.Parse(stdout)!;
        Assert.True((double)j["linf_error"]! < 1e-4);
        Assert.True((double)j["l2_error"]! > 0);
        Assert.True((double)j["ms_per_eval"]! > 0);
    }

    [Theory]
    [InlineData("--d", "3", "--gamma", "-1.5", "--test", "maxwellian")]
    [InlineData("--d", "2", "--gamma", "-0.6", "--test", "maxwellian")]
    [InlineData("--d", "3", "--N", "6")]
    [InlineData("--d", "3", "--N", "33")]
    [InlineData("--d", "4")]
    [InlineData("--d", "3", "--test", "bkw", "--t", "-2")]
    [InlineData("--d", "3", "--test", "bkw", "--t", "3")]
    [InlineData("--d", "3", "--test", "bkw", "--gamma", "-1")]
    [InlineData("--d", "3", "--angular", "cos-power:-2", "--test", "maxwellian")]
    [InlineData("--d", "3", "--test", "nonsense")]
    public void InvalidParametersGiveExitCode2AndOneLine(params string[] args)
    {
        var (code, stdout, stderr) = ExitCodeTests.Run(["boltzmann", "operator", .. args]);
        Assert.Equal(2, code);
        Assert.Equal("", stdout);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith("error: ", stderr);
    }

    [Fact]
    public void SolveWritesResultsFolderAndResumes()
    {
        string dir = Path.Combine(Path.GetTempPath(), "kl-bz-" + Guid.NewGuid().ToString("N"));
        string exp = Path.Combine(dir + "-exp.json");
        File.WriteAllText(exp, """
            { "kind": "boltzmann-homogeneous", "d": 2, "N": 16, "L": 6, "R": 5, "radial_points": 10,
              "kernel": { "potential": "power", "gamma": 0, "angular": "abs-cos" },
              "initial": { "type": "gaussians", "components": [ { "weight": 1, "mean": [0.8, 0], "std": 0.8 }, { "weight": 1, "mean": [-0.8, 0.2], "std": 0.85 } ] },
              "t0": 0, "t_end": 1, "output_times": [0.5], "method": "bs23" }
            """);
        try
        {
            var (code, stdout, _) = ExitCodeTests.Run("boltzmann", "solve", exp, "--out", dir, "--json");
            Assert.Equal(0, code);
            var rec = JsonNode.Parse(stdout)!;
            Assert.Equal("boltzmann.solve", (string?)rec["kind"]);
            Assert.Equal("completed", (string?)rec["data"]!["status"]);
            foreach (var name in new[] { "result.json", "moments.csv", "entropy.svg", "drift.svg", "slices.svg", "slices.csv", "summary.md", "checkpoint.kcp",
                         "timeseries.csv", "fields.bin", "results.h5" })
                Assert.True(File.Exists(Path.Combine(dir, name)), name);
            Assert.True((double)rec["data"]!["max_mass_drift"]! < 1e-12);
            var (code2, stdout2, _) = ExitCodeTests.Run("boltzmann", "solve", exp, "--out", dir, "--resume", "--json");
            Assert.Equal(0, code2);
            Assert.Equal((double)rec["data"]!["entropy_final"]!, (double)JsonNode.Parse(stdout2)!["data"]!["entropy_final"]!);
            // A negative time is invalid input.
            File.WriteAllText(exp, File.ReadAllText(exp).Replace("\"t0\": 0", "\"t0\": -1"));
            var (code3, _, err3) = ExitCodeTests.Run("boltzmann", "solve", exp, "--out", dir + "-x");
            Assert.Equal(2, code3);
            Assert.Contains("t0", err3);
        }
        finally
        {
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
            File.Delete(exp);
        }
    }

    /// <summary>An operator check is an experiment file too: <c>run</c> reads it through the registry; field errors name the field.</summary>
    [Fact]
    public void OperatorCheckRunsFromAnExperimentFile()
    {
        string exp = Path.Combine(Path.GetTempPath(), $"kl-op-{Guid.NewGuid():N}.json");
        try
        {
            File.WriteAllText(exp, """{ "kind": "boltzmann.operator", "d": 2, "N": 32, "test": "bkw", "L": 7, "R": 5.5, "repetitions": 1 }""");
            var (code, stdout, _) = ExitCodeTests.Run("run", exp, "--json");
            Assert.Equal(0, code);
            var j = JsonNode.Parse(stdout)!;
            Assert.True((double)j["linf_error"]! < 1e-4);
            Assert.Equal(32, (int)j["N"]!);
            File.WriteAllText(exp, """{ "kind": "boltzmann.operator", "d": 2, "repetitions": 0 }""");
            var (code2, _, err2) = ExitCodeTests.Run("run", exp);
            Assert.Equal(2, code2);
            Assert.StartsWith("error: repetitions: 0: must be in [1, 10000]", err2);
            // The same error from the verb names its option.
            var (code3, _, err3) = ExitCodeTests.Run("boltzmann", "operator", "--d", "2", "--reps", "0");
            Assert.Equal(2, code3);
            Assert.StartsWith("error: --reps: 0: must be in [1, 10000]", err3);
        }
        finally { File.Delete(exp); }
    }

    /// <summary>The arguments the library's validation cases and benchmarks start this program with are built here, in the CLI.</summary>
    [Fact]
    public void SolveRequestsBecomeArgumentsOfBoltzmannSolve()
    {
        var args = CommandContext.SolveArguments(new KineticLab.Experiments.SolveRequest("e.json", "out", Resume: true, Threads: 1, Json: true));
        Assert.Equal(["boltzmann", "solve", "e.json", "--out", "out", "--resume", "--threads", "1", "--json"], args);
        Assert.Equal(typeof(App).Assembly.Location, CommandContext.Launcher.Program);
    }

    [Fact]
    public void BenchCollisionReportsRatioToFftFloor()
    {
        var o = new StringWriter();
        var e = new StringWriter();
        var g = new GlobalOptions();
        var f = new CommandContextFactory(g, o, e, CancellationToken.None);
        var root = new RootCommand();
        root.Options.Add(g.Json);
        root.Subcommands.Add(BenchCollision.Build(f));
        int code = root.Parse(["collision", "--d", "2", "--N", "32", "--radial", "8", "--reps", "2", "--json"]).Invoke(new InvocationConfiguration { Output = o, Error = e });
        Assert.Equal(0, code);
        var j = JsonNode.Parse(o.ToString())!;
        // 2D seed kernel (anisotropic b_σ), 8 circle points = 4 antipodal pairs: per radial node 2 inverse + 1 forward per pair.
        Assert.Equal(3 + 8 * (2 * 4 + 4), (int)j["ffts_per_eval"]!);
        // Timing under machine load: only sanity here (the measured ratios are in docs/boltzmann-operator.md).
        Assert.True((double)j["ratio_to_floor"]! > 0.1);
        Assert.True((double)j["ms_fft_floor"]! > 0);
    }
}
