using KineticLab.Boltzmann;
using KineticLab.Boltzmann.Solvers;
using KineticLab.Numerics.TimeStepping;
using KineticLab.Output;
using KineticLab.Simulations;
using KineticLab.Tests.Output;
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

    /// <summary>A simulation of the homogeneous model on <paramref name="op"/> checkpointing at the output times into <paramref name="path"/>.</summary>
    private static (Simulation Sim, OdeModel Model) Simulate(ICollisionOperator op, HomogeneousRunSettings settings, double[] f0, string path)
    {
        var solver = new HomogeneousSolver(op, settings, conservative: false);
        var model = solver.CreateModel(solver.Start(f0));
        var sim = solver.CreateSimulation(model);
        sim.Checkpointer = new Checkpointer(path, "boltzmann.solve", "test", solver.OutputSchedule);
        return (sim, model);
    }

    /// <summary>The state y of a checkpoint, checked to be finite and no later than <paramref name="failedAt"/>.</summary>
    private static double[] AssertGoodCheckpoint(string path, double failedAt)
    {
        Assert.True(File.Exists(path));
        var (header, arrays) = CheckpointFile.Read(path);
        double t = double.Parse((string)header["time_readable"]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(t <= failedAt, $"checkpoint time {t} after the failure at {failedAt}");
        var y = arrays.Single(a => a.Name == "y").Values;
        foreach (var v in y) Assert.True(double.IsFinite(v));
        return y;
    }

    [Fact]
    public void NaNInTheOperatorStopsWithTheTimeAndSavesTheLastGoodState()
    {
        var (f0, settings, grid) = Setup();
        using var dir = new TempDir();
        var path = dir.File(CheckpointFile.FileName);
        using var op = new FaultyOperator(grid, -0.1, 0, nanAfter: 40);
        var (sim, _) = Simulate(op, settings, f0, path);
        var e = Assert.Throws<NumericalFailureException>(() => sim.Run());
        Assert.Contains("NaN", e.Message);
        Assert.Equal("right-hand side", e.Quantity);
        Assert.Contains($"t = {e.Time:R}", e.Message);
        Assert.True(e.Time > 0 && e.Step > 0);
        Assert.Equal(path, e.SavedTo);
        Assert.Equal(StopKind.Failed, sim.Stop!.Kind);
        AssertGoodCheckpoint(path, e.Time);
        // The saved state resumes (the fault is gone in a fresh operator) and reaches the end.
        using var clean = new FaultyOperator(grid, -0.1, 0, nanAfter: int.MaxValue);
        var (sim2, model2) = Simulate(clean, settings, f0, path);
        sim2.RestoreFromCheckpoint();
        sim2.Run();
        Assert.Equal(settings.TEnd, model2.Time);
    }

    [Fact]
    public void NonPositiveMassStopsTheRun()
    {
        var (f0, settings, grid) = Setup();
        double mass0 = grid.Moments(f0)[0];
        // A uniform sink draining mass linearly: the mass crosses zero at t* = mass0 / (|source| · box volume).
        double volume = Math.Pow(2 * grid.L, 2);
        double source = -mass0 / volume; // t* = 1
        using var dir = new TempDir();
        var path = dir.File(CheckpointFile.FileName);
        using var op = new FaultyOperator(grid, 0, source, nanAfter: int.MaxValue);
        var (sim, model) = Simulate(op, settings, f0, path);
        var e = Assert.Throws<NumericalFailureException>(() => sim.Run());
        Assert.Equal("mass", e.Quantity);
        Assert.Contains("is not positive", e.Message);
        Assert.InRange(e.Time, 0.999, 2.0);
        var y = AssertGoodCheckpoint(path, e.Time);
        Assert.True(grid.Moments(y)[0] > 0, "the checkpointed state must be the last one with positive mass");
        Assert.Equal(y, model.State.Y);
    }

    [Fact]
    public void InterruptionCheckpointsTheCurrentStateBetweenOutputs()
    {
        var (f0, settings, grid) = Setup();
        using var dir = new TempDir();
        var path = dir.File(CheckpointFile.FileName);
        using var op = new FaultyOperator(grid, -0.1, 0, nanAfter: int.MaxValue);
        using var cts = new CancellationTokenSource();
        var (sim, _) = Simulate(op, settings, f0, path);
        sim.Progress = new Progress(() => { if (op.Calls > 30) cts.Cancel(); });
        var stop = Assert.ThrowsAny<OperationCanceledException>(() => sim.Run(cts.Token));
        Assert.IsType<RunInterruptedException>(stop);
        Assert.True(File.Exists(path));
        // Resuming from the interruption checkpoint gives the uninterrupted result bit for bit.
        using var op2 = new FaultyOperator(grid, -0.1, 0, nanAfter: int.MaxValue);
        var (resumed, resumedModel) = Simulate(op2, settings, f0, path);
        resumed.RestoreFromCheckpoint();
        resumed.Run();
        using var op3 = new FaultyOperator(grid, -0.1, 0, nanAfter: int.MaxValue);
        var full = new HomogeneousSolver(op3, settings, conservative: false).Solve(f0);
        Assert.Equal(full.Snapshots[^1].F, resumedModel.State.Y);
        Assert.Equal(full.State.Accepted, resumedModel.State.Accepted);
        Assert.Equal(full.Steps.Count, resumedModel.State.Accepted + 1);
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
