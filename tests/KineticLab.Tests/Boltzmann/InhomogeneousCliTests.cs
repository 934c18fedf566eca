using System.Diagnostics;
using System.Text.Json.Nodes;
using KineticLab.Cli;
using KineticLab.Tests.Cli;
using Xunit;
using Xunit.Abstractions;

namespace KineticLab.Tests.Boltzmann;

/// <summary>Shared small experiment of the CLI tests (2D-2V, 8 x points, 16² velocities, 20 steps).</summary>
internal static class InhomogeneousCliFixture
{
    public const string Experiment = """
        { "kind": "boltzmann-inhomogeneous", "d": 2, "N": 16, "L": 5, "R": 4.5, "radial_points": 8, "sphere": "4",
          "kernel": { "potential": "power", "gamma": 0, "angular": "sigma-const" },
          "x": { "dims": 1, "N": 8, "length": 6.283185307179586 },
          "initial": { "components": [ { "weight": 0.6, "mean": [0.8, 0], "std": 0.8, "amplitude": 0.3, "mode": [1] },
                                       { "weight": 0.4, "mean": [-0.8, 0.4], "std": 0.8, "amplitude": -0.2, "mode": [2], "phase": 0.7 } ] },
          "dt": 0.05, "steps": 20, "rtol": 1e-9, "atol": 1e-12, "norms": [ { "r": 0, "s": 0 }, { "r": 2, "s": 1 } ],
          "profile_every": 5, "checkpoint_every": 5 }
        """;

    public static string Write(string text = Experiment)
    {
        string path = Path.Combine(Path.GetTempPath(), $"kl-inh-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, text);
        return path;
    }

    public static string TempDir() => Path.Combine(Path.GetTempPath(), $"kl-inh-out-{Guid.NewGuid():N}");

    /// <summary>The final f of a run, from its checkpoint (x-major doubles).</summary>
    public static double[] FinalF(string outDir) => KineticLab.Experiments.Validation.InhomogeneousCases.FinalF(outDir);

    public static double MaxRelDiff(double[] a, double[] b)
    {
        Assert.Equal(a.Length, b.Length);
        double m = 0, s = 0;
        for (int i = 0; i < a.Length; i++) { m = Math.Max(m, Math.Abs(a[i] - b[i])); s = Math.Max(s, Math.Abs(b[i])); }
        return m / s;
    }
}

public class InhomogeneousCliTests(ITestOutputHelper output)
{
    [Fact]
    public void SolveSerialAndInProcessRanksPrintTheSameFinalDiagnostics()
    {
        string exp = InhomogeneousCliFixture.Write(), a = InhomogeneousCliFixture.TempDir(), b = InhomogeneousCliFixture.TempDir();
        try
        {
            var (c1, o1, e1) = ExitCodeTests.Run("boltzmann", "solve", exp, "--out", a, "--json");
            Assert.True(c1 == 0, e1);
            var (c2, o2, e2) = ExitCodeTests.Run("boltzmann", "solve", exp, "--out", b, "--json", "--ranks", "2");
            Assert.True(c2 == 0, e2);
            var j1 = JsonNode.Parse(o1)!;
            var j2 = JsonNode.Parse(o2)!;
            foreach (var k in new[] { "mass", "momentum", "energy", "entropy", "l1", "norms" })
                Assert.Equal(j1[k]!.ToJsonString(), j2[k]!.ToJsonString());
            Assert.Equal(2, (int)j2["processes"]!);
            Assert.Equal(0.0, InhomogeneousCliFixture.MaxRelDiff(InhomogeneousCliFixture.FinalF(b), InhomogeneousCliFixture.FinalF(a)));
            foreach (var f in new[] { "result.json", "summary.md", "diagnostics.csv", "profiles.csv", "density.svg", "temperature.svg", "norms.svg", "drift.svg",
                         "checkpoint.kcp", "timeseries.csv", "fields.bin", "results.h5" })
                Assert.True(File.Exists(Path.Combine(a, f)), f);
            output.WriteLine(o1);
        }
        finally
        {
            File.Delete(exp);
            foreach (var d in new[] { a, b }) if (Directory.Exists(d)) Directory.Delete(d, true);
        }
    }

    [Theory]
    [InlineData("--ranks", "9", "processes: 9: must be in [1, 8] (at most the number of x points (8)")]
    [InlineData("--ranks", "0", "--ranks: 0")]
    [InlineData("--ranks", "16", "processes: 16: must be in [1, 8]")]
    public void ProcessCountsBeyondTheGridGiveExitCode2(string opt, string value, string expected)
    {
        string exp = InhomogeneousCliFixture.Write(), dir = InhomogeneousCliFixture.TempDir();
        try
        {
            var (code, stdout, stderr) = ExitCodeTests.Run("boltzmann", "solve", exp, "--out", dir, opt, value);
            Assert.Equal(2, code);
            Assert.Equal("", stdout);
            Assert.Single(stderr.Trim().Split('\n'));
            Assert.Contains(expected, stderr);
            Assert.False(Directory.Exists(dir));
        }
        finally { File.Delete(exp); }
    }

    [Theory]
    [InlineData("\"steps\": 20", "\"steps\": 20, \"stepz\": 3", "stepz")]
    [InlineData("\"N\": 8,", "\"N\": 7,", "x.N: 7")]
    [InlineData("\"dims\": 1", "\"dims\": 3", "x.dims: 3")]
    [InlineData("\"mode\": [1]", "\"mode\": [4]", "mode: 4")]
    [InlineData("\"amplitude\": 0.3", "\"amplitude\": 1.5", "amplitude: 1.5")]
    [InlineData("\"dt\": 0.05", "\"dt\": -1", "dt: -1")]
    public void InvalidExperimentsGiveExitCode2NamingTheField(string from, string to, string expected)
    {
        string exp = InhomogeneousCliFixture.Write(InhomogeneousCliFixture.Experiment.Replace(from, to));
        try
        {
            var (code, _, stderr) = ExitCodeTests.Run("boltzmann", "solve", exp, "--check");
            Assert.Equal(2, code);
            Assert.Single(stderr.Trim().Split('\n'));
            Assert.Contains(expected, stderr);
        }
        finally { File.Delete(exp); }
    }

    [Fact]
    public void CheckValidatesWithoutWriting()
    {
        string exp = InhomogeneousCliFixture.Write(), dir = InhomogeneousCliFixture.TempDir();
        try
        {
            var (code, stdout, _) = ExitCodeTests.Run("boltzmann", "solve", exp, "--out", dir, "--check", "--ranks", "4");
            Assert.Equal(0, code);
            Assert.StartsWith("valid: boltzmann solve (inhomogeneous)", stdout);
            Assert.False(Directory.Exists(dir));
        }
        finally { File.Delete(exp); }
    }

    [Fact]
    public void ResumeWithoutACheckpointStartsOver()
    {
        string exp = InhomogeneousCliFixture.Write(InhomogeneousCliFixture.Experiment.Replace("\"steps\": 20", "\"steps\": 2")), dir = InhomogeneousCliFixture.TempDir();
        try
        {
            Directory.CreateDirectory(dir);
            var (code, stdout, stderr) = ExitCodeTests.Run("boltzmann", "solve", exp, "--out", dir, "--resume", "--json");
            Assert.Equal(0, code);
            Assert.Contains("no checkpoint", stderr);
            Assert.Equal(2, (int)JsonNode.Parse(stdout)!["steps"]!);
        }
        finally
        {
            File.Delete(exp);
            if (Directory.Exists(dir)) Directory.Delete(dir, true);
        }
    }
}

/// <summary>
/// The real MPI path: <c>mpiexec -n 2</c> on the built CLI gives the serial result, a process count that does not divide the
/// grid exits with code 2 and one line, and a missing MPI library is reported as invalid input. Without mpiexec the
/// MPI tests print why they did not run and pass.
/// </summary>
[Collection(SubprocessCollection.Name)]
public class InhomogeneousMpiTests(ITestOutputHelper output)
{
    private static string? Mpiexec() => KineticLab.Experiments.CliLauncher.FindMpiexec();

    private static (int Code, string Stdout, string Stderr) Launch(IEnumerable<string> args, int? ranks, IDictionary<string, string>? env = null)
    {
        var host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var psi = new ProcessStartInfo(ranks is null ? host : Mpiexec()!) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        if (ranks is { } n) { psi.ArgumentList.Add("-n"); psi.ArgumentList.Add(n.ToString(System.Globalization.CultureInfo.InvariantCulture)); psi.ArgumentList.Add(host); }
        psi.ArgumentList.Add(typeof(App).Assembly.Location);
        foreach (var a in args) psi.ArgumentList.Add(a);
        if (env is not null) foreach (var (k, v) in env) psi.Environment[k] = v;
        using var proc = Process.Start(psi)!;
        var so = proc.StandardOutput.ReadToEndAsync();
        var se = proc.StandardError.ReadToEndAsync();
        if (!proc.WaitForExit(300_000)) { proc.Kill(entireProcessTree: true); throw new TimeoutException("mpiexec run did not finish in 300 s"); }
        return (proc.ExitCode, so.Result, se.Result);
    }

    [Fact]
    public void MpiexecTwoRanksGivesTheSerialResult()
    {
        if (Mpiexec() is null || !KineticLab.Numerics.Distributed.MpiCommunicator.IsAvailable)
        {
            output.WriteLine("not run: mpiexec or libmpich.so.12 is not installed (apt-get install mpich)");
            return;
        }
        string exp = InhomogeneousCliFixture.Write(), a = InhomogeneousCliFixture.TempDir(), b = InhomogeneousCliFixture.TempDir();
        try
        {
            var serial = Launch(["boltzmann", "solve", exp, "--out", a, "--json", "--threads", "1"], null);
            Assert.True(serial.Code == 0, serial.Stderr);
            var mpi = Launch(["boltzmann", "solve", exp, "--out", b, "--json"], 2);
            Assert.True(mpi.Code == 0, mpi.Stderr);
            var j1 = JsonNode.Parse(serial.Stdout)!;
            var j2 = JsonNode.Parse(mpi.Stdout.Trim())!; // one JSON line: only rank 0 prints
            Assert.Equal("mpi", (string)j2["communicator"]!);
            Assert.Equal(2, (int)j2["processes"]!);
            foreach (var k in new[] { "mass", "momentum", "energy", "entropy", "l1", "norms" })
                Assert.Equal(j1[k]!.ToJsonString(), j2[k]!.ToJsonString());
            double diff = InhomogeneousCliFixture.MaxRelDiff(InhomogeneousCliFixture.FinalF(b), InhomogeneousCliFixture.FinalF(a));
            output.WriteLine($"mpiexec -n 2 vs serial after 20 steps: max relative difference of f {diff:E2}");
            Assert.True(diff <= 1e-12, $"{diff:E2}");
        }
        finally
        {
            File.Delete(exp);
            foreach (var d in new[] { a, b }) if (Directory.Exists(d)) Directory.Delete(d, true);
        }
    }

    /// <summary>
    /// Three MPI processes do not divide the 8 x points nor the 256 velocities: the blocks are unequal (3, 3, 2 x points;
    /// 86, 85, 85 velocities) and the result is still the serial one, bit for bit.
    /// </summary>
    [Fact]
    public void MpiexecWithThreeRanksGivesTheSerialResultWithUnequalBlocks()
    {
        if (Mpiexec() is null || !KineticLab.Numerics.Distributed.MpiCommunicator.IsAvailable)
        {
            output.WriteLine("not run: mpiexec or libmpich.so.12 is not installed (apt-get install mpich)");
            return;
        }
        string exp = InhomogeneousCliFixture.Write(InhomogeneousCliFixture.Experiment.Replace("\"steps\": 20", "\"steps\": 6")),
            a = InhomogeneousCliFixture.TempDir(), b = InhomogeneousCliFixture.TempDir();
        try
        {
            var serial = Launch(["boltzmann", "solve", exp, "--out", a, "--json", "--threads", "1"], null);
            Assert.True(serial.Code == 0, serial.Stderr);
            var mpi = Launch(["boltzmann", "solve", exp, "--out", b, "--json"], 3);
            Assert.True(mpi.Code == 0, mpi.Stderr);
            var j1 = JsonNode.Parse(serial.Stdout)!;
            var j2 = JsonNode.Parse(mpi.Stdout.Trim())!;
            Assert.Equal(3, (int)j2["processes"]!);
            foreach (var k in new[] { "mass", "momentum", "energy", "entropy", "l1", "norms" })
                Assert.Equal(j1[k]!.ToJsonString(), j2[k]!.ToJsonString());
            Assert.Equal(0.0, InhomogeneousCliFixture.MaxRelDiff(InhomogeneousCliFixture.FinalF(b), InhomogeneousCliFixture.FinalF(a)));
        }
        finally
        {
            File.Delete(exp);
            foreach (var d in new[] { a, b }) if (Directory.Exists(d)) Directory.Delete(d, true);
        }
    }

    /// <summary>Five MPI processes for 4 x points: every rank meets the error, rank 0 reports it in one line, exit code 2.</summary>
    [Fact]
    public void MpiexecWithMoreRanksThanXPointsExitsWithCode2AndOneLine()
    {
        if (Mpiexec() is null || !KineticLab.Numerics.Distributed.MpiCommunicator.IsAvailable)
        {
            output.WriteLine("not run: mpiexec or libmpich.so.12 is not installed (apt-get install mpich)");
            return;
        }
        string exp = InhomogeneousCliFixture.Write(InhomogeneousCliFixture.Experiment.Replace("\"dims\": 1, \"N\": 8", "\"dims\": 1, \"N\": 4").Replace("\"mode\": [2]", "\"mode\": [1]")),
            dir = InhomogeneousCliFixture.TempDir();
        try
        {
            var r = Launch(["boltzmann", "solve", exp, "--out", dir], 5);
            output.WriteLine(r.Stderr);
            Assert.Equal(2, r.Code);
            Assert.Single(r.Stderr.Trim().Split('\n'));
            Assert.Contains("processes: 5: must be in [1, 4]", r.Stderr);
            Assert.False(Directory.Exists(dir));
        }
        finally { File.Delete(exp); }
    }

    [Fact]
    public void MpiRequestedWithoutTheLibraryGivesExitCode2()
    {
        string exp = InhomogeneousCliFixture.Write(), dir = InhomogeneousCliFixture.TempDir();
        try
        {
            var r = Launch(["boltzmann", "solve", exp, "--out", dir, "--mpi"], null,
                new Dictionary<string, string> { ["KINETICLAB_MPI_LIBRARY"] = "/nonexistent/libmpich.so.12" });
            Assert.Equal(2, r.Code);
            Assert.Single(r.Stderr.Trim().Split('\n'));
            Assert.Contains("--mpi: /nonexistent/libmpich.so.12: MPI was requested", r.Stderr);
        }
        finally { File.Delete(exp); }
    }
}
