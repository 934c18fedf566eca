using System.Text.Json.Nodes;
using KineticLab.Tests.Output;
using Xunit;

namespace KineticLab.Tests.Cli;

/// <summary>
/// The posedness verbs and the KWE threshold/operator verbs against their experiment files: the same experiment through
/// flags and through a file gives the same data, tables and results.h5; errors name the flag or the JSON field.
/// </summary>
public class PosednessCliTests
{
    /// <summary>
    /// Equal JSON, numbers to round-off: the needle norms and rates are sums over parallel partitions whose order varies
    /// from run to run (the last bits of their values, before and after the move to the registry alike).
    /// </summary>
    private static void AssertSame(JsonNode? a, JsonNode? b, string path = "$")
    {
        switch (a)
        {
            case JsonObject oa:
                var ob = Assert.IsType<JsonObject>(b);
                Assert.Equal(oa.Select(p => p.Key), ob.Select(p => p.Key));
                foreach (var (k, v) in oa) AssertSame(v, ob[k], $"{path}.{k}");
                break;
            case JsonArray xa:
                var xb = Assert.IsType<JsonArray>(b);
                Assert.True(xa.Count == xb.Count, $"{path}: {xa.Count} vs {xb.Count} entries");
                for (int i = 0; i < xa.Count; i++) AssertSame(xa[i], xb[i], $"{path}[{i}]");
                break;
            case JsonValue va when va.TryGetValue<double>(out var x) && b is JsonValue vb && vb.TryGetValue<double>(out var y):
                Assert.True(Close(x, y), $"{path}: {x:R} vs {y:R}");
                break;
            default:
                Assert.True(a?.ToJsonString() == b?.ToJsonString(), $"{path}: {a?.ToJsonString()} vs {b?.ToJsonString()}");
                break;
        }
    }

    private static bool Close(double x, double y) => x.Equals(y) || Math.Abs(x - y) <= 1e-9 * Math.Max(Math.Abs(x), Math.Abs(y)) + 1e-13;

    private static void AssertSameCsv(string a, string b, string name)
    {
        var la = File.ReadAllLines(a);
        var lb = File.ReadAllLines(b);
        Assert.True(la.Length == lb.Length, $"{name}: {la.Length} vs {lb.Length} lines");
        Assert.Equal(la[0], lb[0]);
        for (int i = 1; i < la.Length; i++)
        {
            var ca = la[i].Split(',');
            var cb = lb[i].Split(',');
            Assert.Equal(ca.Length, cb.Length);
            for (int j = 0; j < ca.Length; j++)
                Assert.True(ca[j] == cb[j] || (double.TryParse(ca[j], out var x) && double.TryParse(cb[j], out var y) && Close(x, y)),
                    $"{name} line {i + 1}, column {la[0].Split(',')[j]}: {ca[j]} vs {cb[j]}");
        }
    }

    /// <summary>Runs the verb with <paramref name="flags"/> and the file with <paramref name="json"/>, each into its own folder, and compares.</summary>
    /// <param name="exact">Byte-for-byte (deterministic experiments); otherwise numbers to round-off.</param>
    private static void SameThroughFlagsAndFile(string[] flags, string json, bool exact, params string[] tables)
    {
        using var dir = new TempDir();
        var file = dir.File("experiment.json");
        File.WriteAllText(file, json);
        var (c1, out1, err1) = ExitCodeTests.Run([.. flags, "--json", "--out", dir.File("flags")]);
        Assert.True(c1 == 0, err1);
        var (c2, out2, err2) = ExitCodeTests.Run("run", file, "--json", "--out", dir.File("file"));
        Assert.True(c2 == 0, err2);
        var a = JsonNode.Parse(out1)!.AsObject();
        var b = JsonNode.Parse(out2)!.AsObject();
        Assert.Equal(Path.GetFullPath(dir.File("flags")), a["results"]!.GetValue<string>());
        a.Remove("results");
        b.Remove("results");
        if (exact) Assert.Equal(a.ToJsonString(), b.ToJsonString());
        AssertSame(a, b);
        var r1 = JsonNode.Parse(File.ReadAllText(dir.File("flags/result.json")))!;
        var r2 = JsonNode.Parse(File.ReadAllText(dir.File("file/result.json")))!;
        if (exact) Assert.Equal(r1["data"]!.ToJsonString(), r2["data"]!.ToJsonString());
        AssertSame(r1["data"], r2["data"]);
        Assert.Equal(r1["kind"]!.ToJsonString(), r2["kind"]!.ToJsonString());
        foreach (var t in tables.Append("results.h5").Append("summary.md"))
            Assert.True(File.Exists(dir.File($"flags/{t}")) && File.Exists(dir.File($"file/{t}")), t);
        foreach (var t in tables)
        {
            if (exact) Assert.Equal(File.ReadAllText(dir.File($"flags/{t}")), File.ReadAllText(dir.File($"file/{t}")));
            AssertSameCsv(dir.File($"flags/{t}"), dir.File($"file/{t}"), t);
        }
    }

    /// <summary>
    /// The solution-deflation verb on free transport (16² x, 16² v, 3 steps), where f_a is the exact solution: flags and file
    /// agree, the x grid grows with M as asked (nx_per_M = 20 at M = 1.25, 1.5: 26, 30), the distance to f_a stays at the start's (the modes
    /// the grid drops, ≤ 1% of the norm at 1.2 grid steps per needle width; it does not grow in time), and the tables reach results.h5.
    /// </summary>
    [Fact]
    public void SolutionDeflationThroughFlagsAndFile()
    {
        using var dir = new TempDir();
        var file = dir.File("e.json");
        File.WriteAllText(file, """{ "kind": "posedness.solution-deflation", "M": [1.25, 1.5], "nx_per_M": 20, "nv": 16, "steps": 3, "collisions": false }""");
        var (c1, out1, err1) = ExitCodeTests.Run("posedness", "solution-deflation", "--M", "1.25,1.5", "--nx-per-M", "20", "--nv", "16", "--steps", "3", "--no-collisions",
            "--json", "--out", dir.File("flags"));
        Assert.True(c1 == 0, err1);
        var (c2, out2, err2) = ExitCodeTests.Run("run", file, "--json", "--out", dir.File("file"));
        Assert.True(c2 == 0, err2);
        var a = JsonNode.Parse(out1)!.AsObject();
        var b = JsonNode.Parse(out2)!.AsObject();
        a.Remove("results"); b.Remove("results"); a.Remove("seconds"); b.Remove("seconds");
        AssertSame(a, b);
        Assert.Equal([26, 30], a["nx"]!.AsArray().Select(x => x!.GetValue<int>()));
        var start = a["start_error"]!.AsArray().Select(x => x!.GetValue<double>()).ToArray();
        var max = a["max_error"]!.AsArray().Select(x => x!.GetValue<double>()).ToArray();
        var n0 = a["norm_start"]!.AsArray().Select(x => x!.GetValue<double>()).ToArray();
        for (int i = 0; i < 2; i++)
        {
            Assert.True(start[i] <= 0.01 * n0[i], $"start distance {start[i]} of ‖f(0)‖ = {n0[i]}");
            Assert.True(max[i] <= start[i] * (1 + 1e-6) + 1e-12, $"free transport: the distance grew from {start[i]} to {max[i]}");
        }
        // free transport conserves the L² norm of every Fourier mode: factor 1 to round-off (r0 = 0)
        foreach (var f in a["factor"]!.AsArray()) Assert.True(Math.Abs(f!.GetValue<double>() - 1) <= 1e-12, $"{f}");
        foreach (var name in new[] { "rows.csv", "samples.csv", "norms.svg", "error.svg", "factor.svg", "summary.md", "results.h5" })
            Assert.True(File.Exists(Path.Combine(dir.File("flags"), name)), name);
        Assert.Equal(2 * 4 + 1, File.ReadAllLines(Path.Combine(dir.File("flags"), "samples.csv")).Length);
    }

    [Fact]
    public void BilinearRatioThroughFlagsAndFile() => SameThroughFlagsAndFile(
        ["posedness", "bilinear-ratio", "--d", "2", "--kernels", "-0.5", "--s0", "0.3:0.2:0.7", "--M-scan", "16,64", "--N2-scan", "1024,16384"],
        """{ "kind": "posedness.bilinear-ratio", "d": 2, "kernels": [-0.5], "s0": [0.3, 0.5, 0.7], "M_scan": [16, 64], "N2_scan": "1024,16384" }""",
        false, "ratio.csv", "exponents.csv");

    [Fact]
    public void DeflationThroughFlagsAndFile() => SameThroughFlagsAndFile(
        ["posedness", "deflation", "--M-scan", "50,1e4", "--curve-points", "3", "--rock-normalization", "paper", "--c-J", "0.9"],
        """{ "kind": "posedness.deflation", "M_scan": [50, 10000], "curve_points": 3, "rock_normalization": "paper", "c_J": 0.9 }""",
        false, "deflation.csv", "rock_norm.csv");

    [Fact]
    public void ThresholdThroughFlagsAndFile() => SameThroughFlagsAndFile(
        ["kwe", "threshold", "--beta", "0,0.5", "--omega-min", "1e2", "--omega-max", "1e3", "--points-per-decade", "3", "--fit-window", "1e2:1e3"],
        """{ "kind": "kwe.threshold", "beta": "0:0.5:0.5", "omega_min": 100, "omega_max": 1000, "points_per_decade": 3, "fit_window": [100, 1000] }""",
        true, "exponents.csv", "curves.csv");

    [Fact]
    public void OperatorThroughFlagsAndFile()
    {
        using var dir = new TempDir();
        var file = dir.File("op.json");
        File.WriteAllText(file, """{ "kind": "kwe.operator", "beta": 0.3, "part": "gain", "omega": [0.5, 20], "datum": "oscillating", "A": 3 }""");
        var (c1, out1, err1) = ExitCodeTests.Run("kwe", "operator", "--beta", "0.3", "--part", "gain", "--omega", "0.5,20", "--datum", "oscillating", "--A", "3", "--json");
        Assert.True(c1 == 0, err1);
        var (c2, out2, err2) = ExitCodeTests.Run("run", file, "--json");
        Assert.True(c2 == 0, err2);
        Assert.Equal(out1, out2);
        var j = JsonNode.Parse(out1)!;
        Assert.Null(j["results"]);
        Assert.Equal(3, j["A"]!.GetValue<double>());
        // no folder unless one is asked for
        Assert.Empty(dir.Entries().Where(e => e != "op.json"));
    }

    [Fact]
    public void BeamNormWritesItsTablesToResultsH5()
    {
        using var dir = new TempDir();
        var (code, _, err) = ExitCodeTests.Run("posedness", "beam-norm", "--d", "2", "--M-scan", "16,64,256", "--N2-scan", "64,1024", "--out", dir.File("out"));
        Assert.True(code == 0, err);
        var csv = File.ReadAllLines(dir.File("out/beam_norm.csv"));
        var columns = csv[0].Split(',');
        var h5 = Hdf5Readers.DumpWithH5py(dir.File("out/results.h5"));
        Assert.Equal("posedness.beam-norm", h5["/"]!["attrs"]!["kind"]!["values"]![0]!.GetValue<string>());
        Assert.Equal(2, h5["/parameters"]!["attrs"]!["d"]!["values"]![0]!.GetValue<int>());
        foreach (var (name, i) in columns.Select((c, i) => (c, i)))
        {
            var ds = h5[$"/beam_norm/{name}"]!;
            var cells = csv.Skip(1).Select(l => l.Split(',')[i]).ToArray();
            if (name == "scan") Assert.Equal(cells, ds["values"]!.AsArray().Select(v => v!.GetValue<string>()));
            else Assert.Equal(cells.Select(double.Parse), ds["repr"]!.AsArray().Select(v => double.Parse(v!.GetValue<string>())));
        }
    }

    [Theory]
    [InlineData("--fit-window", "kwe", "threshold", "--fit-window", "1e4:1e2")]
    [InlineData("--fit-window", "kwe", "threshold", "--fit-window", "1e2:1e6")]
    [InlineData("--fit-window", "kwe", "threshold", "--fit-window", "100")]
    [InlineData("--rtol", "kwe", "threshold", "--rtol", "1")]
    [InlineData("--M", "kwe", "threshold", "--M", "0")]
    [InlineData("--M", "kwe", "operator", "--beta", "0.5", "--omega", "1", "--M", "300")]
    [InlineData("--N", "kwe", "operator", "--beta", "0.5", "--omega", "1", "--datum", "oscillating", "--N", "0")]
    [InlineData("--omega", "kwe", "operator", "--beta", "0.5", "--omega", "1,-2")]
    [InlineData("--M-scan", "posedness", "needles-rate", "--M-scan", "4")]
    [InlineData("--times", "posedness", "needles-rate", "--times", "0,0.5")]
    [InlineData("--c-J", "posedness", "beam-norm", "--c-J", "20")]
    [InlineData("--N2-scan", "posedness", "beam-norm", "--N2-scan", "1:0:4")]
    [InlineData("--kernels", "posedness", "bilinear-ratio", "--kernels", "-1,soft")]
    [InlineData("--N2-exponent", "posedness", "deflation", "--N2-exponent", "30")]
    [InlineData("--delta", "posedness", "deflation", "--delta", "0.1")]
    [InlineData("--unit-rate", "posedness", "deflation", "--unit-rate", "maybe")]
    [InlineData("--needle-std-v", "posedness", "toy-nonlinear", "--needle-std-v", "0.1")]
    [InlineData("--steps", "posedness", "toy-nonlinear", "--steps", "0")]
    [InlineData("--M", "posedness", "solution-deflation", "--M", "0.5")]
    [InlineData("--nx", "posedness", "solution-deflation", "--nx", "31")]
    [InlineData("--nx-per-M", "posedness", "solution-deflation", "--nx-per-M", "2")]
    [InlineData("--nx-per-M", "posedness", "solution-deflation", "--M", "20", "--nx-per-M", "40")]
    [InlineData("--nx-per-M", "posedness", "solution-deflation", "--nx", "32", "--nx-per-M", "20")]
    [InlineData("--dt", "posedness", "solution-deflation", "--dt", "0")]
    public void FlagErrorsNameTheFlag(string flag, params string[] args)
    {
        var (code, stdout, stderr) = ExitCodeTests.Run(["--check", .. args]);
        Assert.Equal(2, code);
        Assert.Empty(stdout);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith($"error: {flag}: ", stderr);
    }

    [Fact]
    public void FileErrorsNameTheJsonField()
    {
        using var dir = new TempDir();
        void Case(string json, string field)
        {
            var p = dir.File("e.json");
            File.WriteAllText(p, json);
            var (code, stdout, stderr) = ExitCodeTests.Run("--check", "run", p);
            Assert.True(code == 2, stderr);
            Assert.Empty(stdout);
            Assert.StartsWith($"error: {field}: ", stderr);
        }
        Case("""{ "kind": "kwe.threshold", "fit_window": [1e4, 1e2] }""", "fit_window");
        Case("""{ "kind": "kwe.threshold", "rtol": 1 }""", "rtol");
        Case("""{ "kind": "posedness.needles-rate", "M_scan": "4:0:8" }""", "M_scan");
        Case("""{ "kind": "posedness.beam-norm", "c_J": 20 }""", "c_J");
        Case("""{ "kind": "posedness.toy-nonlinear", "needle_std_v": 0.1 }""", "needle_std_v");
        Case("""{ "kind": "posedness.solution-deflation", "nx_per_M": 1000 }""", "nx_per_M");
        Case("""{ "kind": "posedness.solution-deflation", "M": [2, 2] }""", "M");
        Case("""{ "kind": "suite", "experiments": [ { "name": "a", "kind": "posedness.deflation", "M_scan": [50] }, { "name": "b", "kind": "posedness.deflation", "curve_pints": 3 } ] }""",
            "experiments[1].curve_pints");
    }

    [Fact]
    public void CheckDescribesTheRunWithoutWriting()
    {
        using var dir = new TempDir();
        var (code, stdout, _) = ExitCodeTests.Run("--check", "--json", "posedness", "needles-rate", "--d", "2", "--out", dir.File("x"));
        Assert.Equal(0, code);
        var j = JsonNode.Parse(stdout)!;
        Assert.True(j["valid"]!.GetValue<bool>());
        Assert.StartsWith("posedness needles-rate: d = 2, γ = -0.5", j["run"]!.GetValue<string>());
        Assert.False(Directory.Exists(dir.File("x")));
    }
}
