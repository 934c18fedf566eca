using KineticLab.Cli.Reliability;
using Xunit;

namespace KineticLab.Tests.Cli;

/// <summary>Warnings, pre-validation of suites, resume edge cases and the step-count guard, through the CLI.</summary>
public class ReliabilityCliTests
{
    private static string TempDir()
    {
        var d = Path.Combine(Path.GetTempPath(), $"kineticlab-rel-{Guid.NewGuid():N}");
        Directory.CreateDirectory(d);
        return d;
    }

    [Fact]
    public void TheoryHypothesisViolationIsAWarningNotAnError()
    {
        var (code, stdout, err) = ExitCodeTests.Run("--check", "kwe", "operator", "--beta", "0.25", "--omega", "1", "--M", "5");
        Assert.Equal(0, code);
        Assert.Contains("warning: M = 5 ≤ 6", err);
        Assert.StartsWith("valid: kwe operator", stdout);
    }

    [Fact]
    public void CheckDoesNotCreateTheResultsFolder()
    {
        var dir = Path.Combine(TempDir(), "not-yet");
        var (code, stdout, _) = ExitCodeTests.Run("--check", "--json", "kwe", "operator", "--beta", "0.25", "--omega", "1", "--out", dir);
        Assert.Equal(0, code);
        Assert.Contains("\"valid\":true", stdout);
        Assert.False(Directory.Exists(dir));
    }

    [Fact]
    public void SuiteWithAnInvalidLastItemRunsNothing()
    {
        var dir = TempDir();
        try
        {
            var file = Path.Combine(dir, "suite.json");
            File.WriteAllText(file, """
                { "kind": "suite", "experiments": [
                  { "name": "a", "kind": "kwe.threshold", "beta": [0.25], "part": "gain", "omega_max": 100, "fit_window": [10, 100] },
                  { "name": "b", "kind": "kwe.threshold", "beta": [0.25], "part": "gain", "rtol": -1 } ] }
                """);
            var outDir = Path.Combine(dir, "out");
            var (code, _, err) = ExitCodeTests.Run("run", file, "--out", outDir);
            Assert.Equal(2, code);
            Assert.Contains("rtol", err);
            Assert.Single(err.Trim().Split('\n'));
            Assert.False(Directory.Exists(outDir), "nothing may run or be written before every item is valid");
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void ResumeWithoutACheckpointStartsOverAndRemovesStaleTemporaryFiles()
    {
        var dir = TempDir();
        try
        {
            var file = Path.Combine(dir, "exp.json");
            File.WriteAllText(file, ReliabilityCases.KweSolveSmall.Replace("\"t_end\": 0.5", "\"t_end\": 0.05"));
            var outDir = Path.Combine(dir, "out");
            Directory.CreateDirectory(outDir);
            var stale = Path.Combine(outDir, ".result.json.tmp-0123456789ab");
            File.WriteAllText(stale, "{ partial");
            var (code, _, err) = ExitCodeTests.Run("kwe", "solve", file, "--out", outDir, "--resume");
            Assert.Equal(0, code);
            Assert.Contains("warning: no checkpoint", err);
            Assert.False(File.Exists(stale));
            Assert.True(File.Exists(Path.Combine(outDir, "result.json")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void StepCountGuardStopsWithExitCodeOne()
    {
        var dir = TempDir();
        try
        {
            var file = Path.Combine(dir, "exp.json");
            File.WriteAllText(file, ReliabilityCases.KweSolveSmall.Replace("\"checkpoint_every\": 2", "\"checkpoint_every\": 2, \"max_steps\": 3"));
            var (code, _, err) = ExitCodeTests.Run("kwe", "solve", file, "--out", Path.Combine(dir, "out"));
            Assert.Equal(1, code);
            Assert.Contains("step count", err.Trim().Split('\n')[^1]);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
