using KineticLab.Numerics.TimeStepping;
using KineticLab.Output;
using KineticLab.Output.History;
using KineticLab.Simulations;
using KineticLab.Tests.Output;
using Xunit;

namespace KineticLab.Tests.Simulations;

/// <summary>
/// The one run loop on a model with an exact solution, y' = −λ y (y = e^{−λt}): landing on output times, guards with
/// rollback, stop reasons, checkpoint + history logs + resume giving the uninterrupted result bit for bit.
/// </summary>
public class SimulationTests
{
    private sealed class Decay(double lambda, double poisonAfter = double.PositiveInfinity) : IOdeSystem
    {
        public int Dimension => 2;
        public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
        {
            dydt[0] = -lambda * y[0];
            dydt[1] = t > poisonAfter ? double.NaN : -2 * lambda * y[1];
        }
    }

    private static OdeModel Model(double lambda = 1.5, double poisonAfter = double.PositiveInfinity) =>
        new(new Decay(lambda, poisonAfter), ButcherTableau.DormandPrince54, new StepControl(1e-10, 1e-12), new IntegratorState { Y = [1, 1] });

    [Fact]
    public void LandsExactlyOnScheduledTimesAndMatchesTheExactSolution()
    {
        var model = Model();
        var times = new[] { 0.0, 0.1, 0.35, 1.0, 2.0 };
        var sim = new Simulation(model) { StopTime = 2 };
        var seen = new MemoryWriter<(double T, double Y)>("out", new SpecifiedTimes(times), s => (s.Model.Time, model.State.Y[0]));
        sim.OutputWriters.Add(seen);
        var stop = sim.Run();
        Assert.Equal(StopKind.Completed, stop.Kind);
        Assert.Equal(times, seen.Values.Select(v => v.T).ToArray());
        foreach (var (t, y) in seen.Values) Assert.True(Math.Abs(y - Math.Exp(-1.5 * t)) < 1e-8, $"t = {t}: {y} vs {Math.Exp(-1.5 * t)}");
    }

    [Fact]
    public void IterationSchedulesActAtTheirSteps()
    {
        var model = Model();
        var sim = new Simulation(model) { StopIteration = 12 };
        var every4 = new MemoryWriter<long>("a", new IterationInterval(4), s => s.Model.Iteration);
        var given = new MemoryWriter<long>("b", new SpecifiedIterations([1, 7, 11, 50]), s => s.Model.Iteration);
        sim.OutputWriters.AddRange([every4, given]);
        sim.Run();
        Assert.Equal(12, model.Iteration);
        Assert.Equal([0L, 4, 8, 12], every4.Values);
        Assert.Equal([1L, 7, 11], given.Values);
    }

    [Fact]
    public void AFailingStepRestoresTheLastGoodStateAndFinishesTheWriters()
    {
        var model = Model(poisonAfter: 0.5);
        var sim = new Simulation(model) { StopTime = 3 };
        RunStop? finished = null;
        var report = new ReportWriter("r", Never.Instance, (_, stop) => finished = stop);
        sim.OutputWriters.Add(report);
        var e = Assert.Throws<NumericalFailureException>(() => sim.Run());
        // NaN in the stages beyond t = 0.5: every step size is rejected until the step collapses there
        Assert.True(e.Time > 0.45 && e.Time <= 0.5, $"failed at {e.Time}");
        Assert.Equal("right-hand side", e.Quantity);
        Assert.NotNull(finished);
        Assert.Equal(StopKind.Failed, finished!.Kind);
        Assert.True(model.Time <= 0.5 + 1e-12 && double.IsFinite(model.State.Y[1]), $"kept t = {model.Time}, y = {model.State.Y[1]}");
        Assert.Contains("numerical failure", finished.Reason);
    }

    [Fact]
    public void AFailingGuardStopsAndRollsBack()
    {
        var model = Model();
        var sim = new Simulation(model) { StopTime = 5 };
        sim.Guards.Add(new Guard("mass", m => ((OdeModel)m).State.Y[0] < 0.5 ? "below one half" : null));
        var e = Assert.Throws<NumericalFailureException>(() => sim.Run());
        Assert.Equal("mass", e.Quantity);
        Assert.True(model.State.Y[0] >= 0.5, $"{model.State.Y[0]}");
        Assert.True(e.Time > Math.Log(2) / 1.5 && model.Time <= Math.Log(2) / 1.5);
    }

    [Fact]
    public void InterruptedRunsResumeToTheUninterruptedResultWithTheirHistory()
    {
        using var dir = new TempDir();
        double[] outTimes = [.. Enumerable.Range(0, 21).Select(k => 0.2 * k)];

        (OdeModel Model, Simulation Sim, TimeSeriesWriter Ts, FieldWriter Fields) Build(string folder)
        {
            Directory.CreateDirectory(folder);
            var m = Model();
            var sim = new Simulation(m) { StopTime = 4 };
            var outputs = new SpecifiedTimes(outTimes);
            var ts = new TimeSeriesWriter("ts", Path.Combine(folder, "ts.csv"), ["t", "y0", "y1", "steps"],
                s => [s.Model.Time, m.State.Y[0], m.State.Y[1], s.Model.Iteration], new IterationInterval(1));
            var fields = new FieldWriter("fields", Path.Combine(folder, "fields.bin"), _ => [("y", (double[])m.State.Y.Clone())], outputs);
            sim.OutputWriters.AddRange([ts, fields]);
            sim.Checkpointer = new Checkpointer(Path.Combine(folder, "cp.kcp"), "decay", "h", new IterationInterval(5));
            return (m, sim, ts, fields);
        }

        var a = Build(dir.File("a"));
        using (a.Ts) using (a.Fields) a.Sim.Run();

        // Interrupted after the 3rd checkpoint, with steps run after it (their rows must be cut on resume).
        var b = Build(dir.File("b"));
        using var cts = new CancellationTokenSource();
        b.Sim.Callbacks.Add(new Callback("stop", new IterationInterval(1), s => { if (s.Model.Iteration == 13) cts.Cancel(); }));
        using (b.Ts) using (b.Fields) Assert.Throws<RunInterruptedException>(() => b.Sim.Run(cts.Token));
        // The interruption wrote a checkpoint at step 13: simulate a kill after step 13 by restoring an older one.
        var c = Build(dir.File("b"));
        c.Sim.Checkpointer = new Checkpointer(dir.File("b/cp.kcp"), "decay", "h", new IterationInterval(5));
        using (c.Ts) using (c.Fields)
        {
            c.Sim.RestoreFromCheckpoint();
            Assert.Equal(13, c.Model.Iteration);
            c.Sim.Run();
        }
        Assert.Equal(BitConverter.DoubleToInt64Bits(a.Model.State.Y[0]), BitConverter.DoubleToInt64Bits(c.Model.State.Y[0]));
        Assert.Equal(File.ReadAllText(dir.File("a/ts.csv")), File.ReadAllText(dir.File("b/ts.csv")));
        Assert.Equal(File.ReadAllBytes(dir.File("a/fields.bin")), File.ReadAllBytes(dir.File("b/fields.bin")));
    }

    [Fact]
    public void AResumeCutsHistoryWrittenAfterTheCheckpoint()
    {
        using var dir = new TempDir();
        var path = dir.File("log.csv");
        long at;
        using (var log = TimeSeriesLog.Create(path, ["t", "x"]))
        {
            log.Append([0, 1]);
            log.Append([0.5, double.NaN]);
            at = log.Position;
            log.Append([1, 3]); // written after the checkpoint: cut on resume
        }
        using var again = TimeSeriesLog.Open(path, ["t", "x"], at);
        Assert.Equal(2, again.Rows.Count);
        Assert.True(double.IsNaN(again.Rows[1][1]));
        again.Append([2, 4]);
        Assert.Equal("t,x\n0,1\n0.5,nan\n2,4\n", File.ReadAllText(path));
        var e = Assert.Throws<InvalidInputException>(() => TimeSeriesLog.Open(path, ["t", "x"], 10_000));
        Assert.Equal("checkpoint", e.Field);
        Assert.Throws<InvalidInputException>(() => TimeSeriesLog.Open(path, ["t", "y"], at));
    }
}
