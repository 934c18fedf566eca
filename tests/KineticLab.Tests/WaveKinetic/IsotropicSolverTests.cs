using KineticLab.Numerics.TimeStepping;
using KineticLab.Output;
using KineticLab.Simulations;
using KineticLab.WaveKinetic.Isotropic;
using Xunit;

namespace KineticLab.Tests.WaveKinetic;

public class IsotropicSolverTests
{
    private static IsotropicSolveSpec Spec(double rtol = 1e-6, bool projection = true, int m = 2, CollisionPart eq = CollisionPart.Full, double tEnd = 2) => new()
    {
        Beta = 0.2,
        Equation = eq,
        OmegaMin = 1e-2,
        OmegaMax = 30,
        PointsPerOctave = m,
        WeightExponent = 6,
        ConservativeProjection = projection,
        TEnd = tEnd,
        Outputs = 4,
        RelTol = rtol,
        AbsTol = rtol * 1e-3,
    };

    private static (IsotropicSolution Record, IntegratorState State) Solve(IsotropicSolveSpec spec, Spectrum initial)
    {
        var r = new IsotropicSolver(spec).Solve(initial);
        return (r, r.State);
    }

    private static double Drift(IsotropicSolution r, Func<SolveDiagnostics, double> q) =>
        r.Diagnostics.Max(d => Math.Abs(q(d) - q(r.Diagnostics[0])) / Math.Abs(q(r.Diagnostics[0])));

    [Fact]
    public void WithTheProjectionWaveactionAndEnergyDriftOnlyByRoundOffAtEveryTolerance()
    {
        foreach (var rtol in new[] { 1e-3, 1e-6, 1e-9 })
        {
            var (rec, _) = Solve(Spec(rtol), new SmoothDatum(12));
            Assert.True(Drift(rec, d => d.Waveaction) < 1e-13, $"rtol={rtol}: waveaction drift {Drift(rec, d => d.Waveaction):E2}");
            Assert.True(Drift(rec, d => d.Energy) < 1e-13, $"rtol={rtol}: energy drift {Drift(rec, d => d.Energy):E2}");
        }
    }

    [Fact]
    public void WithoutTheProjectionTheDriftIsTheGridDefectAndDecreasesWithResolution()
    {
        var coarse = Solve(Spec(1e-9, projection: false, m: 1), new SmoothDatum(12)).Record;
        var fine = Solve(Spec(1e-9, projection: false, m: 2), new SmoothDatum(12)).Record;
        double dc = Drift(coarse, d => d.Energy), df = Drift(fine, d => d.Energy);
        Assert.True(dc > 1e-10, $"coarse grid energy drift {dc:E2}: a defect is expected without the projection");
        Assert.True(df < dc / 8, $"energy drift {dc:E2} (1 per octave) → {df:E2} (2 per octave)");
    }

    [Fact]
    public void SolutionErrorDecreasesWithTolerance()
    {
        var reference = Solve(Spec(1e-11), new SmoothDatum(12)).State.Y;
        double prev = double.PositiveInfinity;
        var g = new IsotropicSolver(Spec()).Grid;
        foreach (var rtol in new[] { 1e-3, 1e-5, 1e-7 })
        {
            var y = Solve(Spec(rtol), new SmoothDatum(12)).State.Y;
            double err = 0;
            for (int j = 0; j < y.Length; j++) err = Math.Max(err, g.Rho[j] * Math.Abs(y[j] - reference[j]));
            Assert.True(err < prev, $"rtol={rtol}: weighted error {err:E2} did not decrease from {prev:E2}");
            Assert.True(err < 1e3 * rtol, $"rtol={rtol}: weighted error {err:E2}");
            prev = err;
        }
    }

    [Fact]
    public void ResumingFromACheckpointGivesTheUninterruptedResult()
    {
        var spec = Spec(1e-7);
        var full = Solve(spec, new SmoothDatum(12));
        var dir = Path.Combine(Path.GetTempPath(), $"kineticlab-iso-resume-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var path = Path.Combine(dir, CheckpointFile.FileName);
            // Interrupted run: checkpoints every 3 steps and at the outputs; cancelled after its 9th checkpoint.
            var solver = new IsotropicSolver(spec);
            var model = solver.CreateModel(solver.Start(new SmoothDatum(12)));
            var sim = solver.CreateSimulation(model);
            sim.Checkpointer = new Checkpointer(path, "test", "hash", new AnyOf(solver.OutputSchedule, new IterationInterval(3)));
            using var cts = new CancellationTokenSource();
            sim.Callbacks.Add(new Callback("stop", new IterationInterval(1), s => { if (s.Checkpointer!.Written >= 9) cts.Cancel(); }));
            var stop = Assert.Throws<RunInterruptedException>(() => sim.Run(cts.Token)).Stop;
            Assert.Equal(StopKind.Interrupted, stop.Kind);
            Assert.True(stop.Time > 0 && stop.Time < spec.TEnd, $"stopped at {stop.Time}");

            // Resumed from the file by a new model: bit for bit the uninterrupted result.
            var again = new IsotropicSolver(spec);
            var m2 = again.CreateModel(again.Start(new ExponentialSpectrum(1, 1))); // overwritten by the checkpoint
            var sim2 = again.CreateSimulation(m2);
            sim2.Checkpointer = new Checkpointer(path, "test", "hash", again.OutputSchedule);
            sim2.RestoreFromCheckpoint();
            Assert.Equal(stop.Time, m2.Time);
            sim2.Run();
            for (int j = 0; j < full.State.Y.Length; j++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(full.State.Y[j]), BitConverter.DoubleToInt64Bits(m2.State.Y[j]));
            Assert.Equal(full.State.Accepted, m2.State.Accepted);
            Assert.Equal(full.State.Rejected, m2.State.Rejected);

            // A checkpoint of another experiment is refused with the field named.
            var sim3 = again.CreateSimulation(again.CreateModel(again.Start(new SmoothDatum(12))));
            sim3.Checkpointer = new Checkpointer(path, "test", "another-hash", again.OutputSchedule);
            var e = Assert.Throws<InvalidInputException>(sim3.RestoreFromCheckpoint);
            Assert.Equal("checkpoint", e.Field);
            Assert.Contains("different experiment", e.Reason);
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void AFailedStepRestoresTheLastGoodStateAndSaysWhere()
    {
        // The gain-only equation blows up in finite time (near t = 0.3 for this datum, documented in the solver tests).
        var spec = Spec(eq: CollisionPart.Gain, tEnd: 2) with { MaxSteps = 60 };
        var solver = new IsotropicSolver(spec);
        var model = solver.CreateModel(solver.Start(new SmoothDatum(12)));
        var sim = solver.CreateSimulation(model);
        var e = Assert.Throws<NumericalFailureException>(() => sim.Run());
        Assert.Equal("step count", e.Quantity);
        Assert.Equal(61, e.Step);
        // the state kept is the last one that passed the guards, and the stop says so
        Assert.Equal(60, model.Iteration);
        Assert.Equal(StopKind.Failed, sim.Stop!.Kind);
        Assert.Equal(model.Time, sim.Stop.Time);
        Assert.True(model.Time < e.Time);
    }

    [Fact]
    public void GainOnlyEquationIncreasesWaveactionAndEnergy()
    {
        // (the gain-only equation blows up in finite time, near t = 0.3 for this datum: stay well before)
        var (rec, _) = Solve(Spec(eq: CollisionPart.Gain, tEnd: 0.1), new SmoothDatum(12));
        for (int k = 1; k < rec.Diagnostics.Count; k++)
        {
            Assert.True(rec.Diagnostics[k].Waveaction > rec.Diagnostics[k - 1].Waveaction);
            Assert.True(rec.Diagnostics[k].Energy > rec.Diagnostics[k - 1].Energy);
        }
    }

    [Fact]
    public void RayleighJeansStaysStationary()
    {
        var spec = Spec(1e-8, m: 2) with { WeightExponent = 1, TEnd = 1 };
        var rj = new RayleighJeans(1, 0.5);
        var (rec, s) = Solve(spec, rj);
        var g = new IsotropicSolver(spec).Grid;
        double change = 0;
        for (int j = 0; j < g.N; j++) change = Math.Max(change, Math.Abs(s.Y[j] / rj.Value(g.Omega[j]) - 1));
        Assert.True(change < 1e-3, $"max relative change of Rayleigh–Jeans over t ∈ [0, 1]: {change:E2}");
        // a non-equilibrium datum of the same size changes by far more
        var (_, s2) = Solve(spec, new ExponentialSpectrum(2, 1));
        double change2 = 0;
        for (int j = 0; j < g.N; j++) change2 = Math.Max(change2, Math.Abs(s2.Y[j] / (2 * Math.Exp(-g.Omega[j])) - 1));
        Assert.True(change2 > 100 * change, $"{change2:E2} vs {change:E2}");
    }

    [Fact]
    public void InvalidSpecsAreRejected()
    {
        Assert.Throws<InvalidInputException>(() => new IsotropicSolver(Spec() with { Beta = -1 }));
        Assert.Throws<InvalidInputException>(() => new IsotropicSolver(Spec() with { TEnd = 0 }));
        Assert.Throws<InvalidInputException>(() => new IsotropicSolver(Spec() with { RelTol = 0 }));
        Assert.Throws<InvalidInputException>(() => new IsotropicSolver(Spec() with { Method = "euler" }));
        Assert.Throws<InvalidInputException>(() => new IsotropicSolver(Spec() with { Equation = CollisionPart.Loss }));
    }
}
