using System.Text.Json.Nodes;
using KineticLab.Boltzmann;
using KineticLab.Boltzmann.Solvers;
using KineticLab.Numerics.TimeStepping;
using KineticLab.Output;
using Xunit;

namespace KineticLab.Tests.Cli;

/// <summary>
/// Numerical guards: NaN/Inf, non-positive mass and step-size collapse stop a run with
/// <see cref="NumericalFailureException"/> (exit code 1) naming the time, the step and the quantity, and the last
/// good state is checkpointed.
/// </summary>
public class NumericalGuardTests
{
    /// <summary>A fake operator on a small 2D grid: Q = rate·f + source, poisoned with NaN after some evaluations.</summary>
    private sealed class FaultyOperator(VelocityGrid grid, double rate, double source, int nanAfter) : ICollisionOperator
    {
        public int Calls;
        public VelocityGrid Grid => grid;
        public int FftsPerCollision => 0;
        public string FftBackend => "none";
        public void Collision(ReadOnlySpan<double> f, Span<double> q)
        {
            Calls++;
            for (int i = 0; i < f.Length; i++) q[i] = Calls > nanAfter ? double.NaN : rate * f[i] + source;
        }
        public void Dispose() { }
    }

    private static (double[] F0, HomogeneousRunSettings Settings, VelocityGrid Grid) Setup()
    {
        var grid = new VelocityGrid(2, 8, 5);
        var f0 = grid.Sample(v => Math.Exp(-(v[0] * v[0] + v[1] * v[1]) / 2) / (2 * Math.PI));
        var settings = new HomogeneousRunSettings { T0 = 0, TEnd = 10, OutputTimes = [0.5, 1, 2], Method = "bs23", Control = new StepControl(1e-6, 1e-10) };
        return (f0, settings, grid);
    }

    private static void AssertGoodCheckpoint(JsonNode? cp, double failedAt)
    {
        Assert.NotNull(cp);
        double t = (double)cp!["time"]!;
        Assert.True(t <= failedAt, $"checkpoint time {t} after the failure at {failedAt}");
        foreach (var y in cp["y"]!.AsArray()) Assert.True(double.IsFinite((double)y!));
    }

    [Fact]
    public void NaNInTheOperatorStopsWithTheTimeAndSavesTheLastGoodState()
    {
        var (f0, settings, grid) = Setup();
        using var op = new FaultyOperator(grid, -0.1, 0, nanAfter: 40);
        JsonNode? last = null;
        var solver = new HomogeneousSolver(op, conservative: false);
        var e = Assert.Throws<NumericalFailureException>(() => solver.Run(f0, settings, checkpoint: cp => last = cp));
        Assert.Contains("NaN", e.Message);
        Assert.Equal("right-hand side", e.Quantity);
        Assert.Contains($"t = {e.Time:R}", e.Message);
        Assert.True(e.Time > 0 && e.Step > 0);
        AssertGoodCheckpoint(last, e.Time);
        // The saved state resumes (the fault is gone in a fresh operator) and reaches the end.
        using var clean = new FaultyOperator(grid, -0.1, 0, nanAfter: int.MaxValue);
        var res = new HomogeneousSolver(clean, conservative: false).Run([], settings, resume: last);
        Assert.Equal(settings.TEnd, res.State.Time);
    }

    [Fact]
    public void NonPositiveMassStopsTheRun()
    {
        var (f0, settings, grid) = Setup();
        double mass0 = grid.Moments(f0)[0];
        // A uniform sink draining mass linearly: the mass crosses zero at t* = mass0 / (|source| · box volume).
        double volume = Math.Pow(2 * grid.L, 2);
        double source = -mass0 / volume; // t* = 1
        using var op = new FaultyOperator(grid, 0, source, nanAfter: int.MaxValue);
        JsonNode? last = null;
        var e = Assert.Throws<NumericalFailureException>(() => new HomogeneousSolver(op, conservative: false).Run(f0, settings, checkpoint: cp => last = cp));
        Assert.Equal("mass", e.Quantity);
        Assert.InRange(e.Time, 0.999, 2.0);
        AssertGoodCheckpoint(last, e.Time);
        var y = last!["y"]!.AsArray().Select(v => (double)v!).ToArray();
        Assert.True(grid.Moments(y)[0] > 0, "the checkpointed state must be the last one with positive mass");
    }

    [Fact]
    public void InterruptionCheckpointsTheCurrentStateBetweenOutputs()
    {
        var (f0, settings, grid) = Setup();
        using var op = new FaultyOperator(grid, -0.1, 0, nanAfter: int.MaxValue);
        using var cts = new CancellationTokenSource();
        JsonNode? last = null;
        var solver = new HomogeneousSolver(op, conservative: false);
        var progress = new Progress(() => { if (op.Calls > 30) cts.Cancel(); });
        Assert.ThrowsAny<OperationCanceledException>(() => solver.Run(f0, settings, checkpoint: cp => last = cp, progress: progress, cancel: cts.Token));
        Assert.NotNull(last);
        // Resuming from the interruption checkpoint gives the uninterrupted result bit for bit.
        using var op2 = new FaultyOperator(grid, -0.1, 0, nanAfter: int.MaxValue);
        var resumed = new HomogeneousSolver(op2, conservative: false).Run([], settings, resume: last);
        using var op3 = new FaultyOperator(grid, -0.1, 0, nanAfter: int.MaxValue);
        var full = new HomogeneousSolver(op3, conservative: false).Run(f0, settings);
        Assert.Equal(full.Snapshots[^1].F, resumed.Snapshots[^1].F);
        Assert.Equal(full.Steps.Count, resumed.Steps.Count);
    }

    private sealed class Progress(Action onReport) : IProgress<ProgressInfo>
    {
        public void Report(ProgressInfo value) => onReport();
    }

    [Fact]
    public void KweBlowUpExitsWithCodeOneAndKeepsTheLastGoodState()
    {
        const string exp = """
            { "kind": "kwe.solve", "beta": 0.5, "equation": "gain",
              "initial": { "type": "smooth", "M": 12, "amplitude": 50 },
              "grid": { "omega_min": 0.1, "omega_max": 10, "points_per_octave": 1, "degree": 3, "weight_exponent": 6, "tail": "truncated" },
              "conservative_projection": false, "t_end": 10, "outputs": 4, "rtol": 1e-6, "atol": 1e-9, "checkpoint_every": 2 }
            """;
        var dir = Path.Combine(Path.GetTempPath(), $"kineticlab-guard-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var file = Path.Combine(dir, "blow.json");
            File.WriteAllText(file, exp);
            var outDir = Path.Combine(dir, "out");
            var (code, _, err) = ExitCodeTests.Run("kwe", "solve", file, "--out", outDir);
            Assert.Equal(1, code);
            var lines = err.Trim().Split('\n');
            Assert.StartsWith("error: numerical failure at t = ", lines[^1]);
            Assert.Contains("(step ", lines[^1]);
            Assert.DoesNotContain("   at ", err);
            Assert.Contains("the last good state", err);
            var (header, arrays) = CheckpointFile.Read(Path.Combine(outDir, CheckpointFile.FileName));
            foreach (var y in arrays.Single(a => a.Name == "y").Values) Assert.True(double.IsFinite(y));
            Assert.True(double.Parse((string)header["time_readable"]!, System.Globalization.CultureInfo.InvariantCulture) > 0);
            // The history and the report up to the failure are kept, and the summary says where and why it stopped.
            var summary = File.ReadAllText(Path.Combine(outDir, "summary.md"));
            Assert.Contains("stopped early at t = ", summary);
            Assert.Contains("numerical failure", summary);
            Assert.True(File.ReadAllLines(Path.Combine(outDir, "timeseries.csv")).Length >= 2);
            Assert.True(File.Exists(Path.Combine(outDir, "spectra.svg")));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }
}
