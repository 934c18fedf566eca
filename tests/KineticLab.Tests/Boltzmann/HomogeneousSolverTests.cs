using System.Text.Json.Nodes;
using KineticLab.Boltzmann;
using KineticLab.Boltzmann.Exact;
using KineticLab.Boltzmann.Kernels;
using KineticLab.Boltzmann.Solvers;
using KineticLab.Boltzmann.Spectral;
using KineticLab.Experiments;
using KineticLab.Experiments.Boltzmann;
using KineticLab.Numerics.Fft;
using KineticLab.Numerics.TimeStepping;
using KineticLab.Output;
using KineticLab.Simulations;
using KineticLab.Tests.Output;
using Xunit;

namespace KineticLab.Tests.Boltzmann;

public class HomogeneousSolverTests
{
    private static double Norm2(ReadOnlySpan<double> v) { double s = 0; foreach (var x in v) s += x * x; return s; }

    /// <summary>BKW time evolution in 3D from t0 = 5.5: f and its fourth moment follow the exact solution.</summary>
    [Fact]
    public void BkwEvolutionFollowsExactSolution3D()
    {
        var grid = new VelocityGrid(3, 24, 6.0);
        var bkw = new Bkw(3);
        using var op = new FastSpectralOperator(CollisionKernel.MaxwellBkw(3), grid, new SpectralOptions { R = 5.5, RadialPoints = 20, Planning = FftPlanning.Estimate });
        double t0 = 5.5, t1 = 7.5;
        var solver = new HomogeneousSolver(op, new HomogeneousRunSettings { T0 = t0, TEnd = t1, Method = "dopri5", Control = new StepControl(RelTol: 1e-7, AbsTol: 1e-10) }, conservative: true);
        var f0 = grid.Sample(v => bkw.Value(t0, Norm2(v)));
        var res = solver.Solve(f0);
        var exact = grid.Sample(v => bkw.Value(t1, Norm2(v)));
        var f = res.Snapshots[^1].F;
        double err = 0;
        for (int i = 0; i < f.Length; i++) err = Math.Max(err, Math.Abs(f[i] - exact[i]));
        Assert.True(err < 2e-6, $"max |f − f_BKW| at t = {t1}: {err:E3}");
        // Fourth moment on the grid against 15K(2−K) (the grid rule is spectrally accurate for these decays).
        double m4 = res.Steps[^1].FourthMoment, m4Exact = bkw.FourthMoment(t1), m4Start = bkw.FourthMoment(t0);
        // Measured at N = 24: 1.7e-3 of the change (2.6e-4 at N = 32, see the validation suite).
        Assert.True(Math.Abs(m4 - m4Exact) < 3e-3 * Math.Abs(m4Exact - m4Start), $"M4 {m4} vs {m4Exact} (start {m4Start})");
        Assert.Empty(res.EntropyViolations);
        Assert.True(res.Stop.Completed);
    }

    /// <summary>
    /// Two-Maxwellian relaxation (2D, γ = −1/2, the seed's b = |cos θ|): mass, momentum and energy conserved to 1e-12
    /// relative, entropy non-increasing at every accepted step, final state close to the Maxwellian with the same moments.
    /// </summary>
    [Fact]
    public void TwoMaxwellianRelaxation2D()
    {
        var grid = new VelocityGrid(2, 48, 7.0);
        using var op = new FastSpectralOperator(CollisionKernel.SeedPower(2, -0.5), grid, new SpectralOptions { R = 6, RadialPoints = 24, Planning = FftPlanning.Estimate, Sphere = KineticLab.Numerics.Quadrature.SphereRule.Circle(32) });
        var solver = new HomogeneousSolver(op, new HomogeneousRunSettings { T0 = 0, TEnd = 6, Method = "bs23", Control = new StepControl(RelTol: 1e-6, AbsTol: 1e-10) });
        double[] m1 = [1.2, 0], m2 = [-1.2, 0.3];
        var f0 = grid.Sample(v => 0.5 * Gaussian.Density(v, m1, 0.6) + 0.5 * Gaussian.Density(v, m2, 0.6));
        var res = solver.Solve(f0);
        var first = res.Steps[0];
        var last = res.Steps[^1];
        Assert.Equal(res.State.Accepted + 1, res.Steps.Count); // a sample at t0 and at every accepted step
        Assert.True(Math.Abs(last.Mass - first.Mass) < 1e-12 * first.Mass);
        Assert.True(Math.Abs(last.Energy - first.Energy) < 1e-12 * first.Energy);
        for (int a = 0; a < 2; a++) Assert.True(Math.Abs(last.Momentum[a] - first.Momentum[a]) < 1e-12 * first.Energy);
        Assert.Empty(res.EntropyViolations);
        Assert.True(last.Entropy < first.Entropy - 0.05, $"entropy {first.Entropy} → {last.Entropy}");
        // Maxwellian with the conserved moments.
        double rho = last.Mass, ux = last.Momentum[0] / rho, uy = last.Momentum[1] / rho;
        double temp = (last.Energy / rho - ux * ux - uy * uy) / 2;
        var maxwellian = grid.Sample(v => rho * Gaussian.Density(v, [ux, uy], Math.Sqrt(temp)));
        var f = res.Snapshots[^1].F;
        double dist = 0, peak = maxwellian.Max();
        for (int i = 0; i < f.Length; i++) dist = Math.Max(dist, Math.Abs(f[i] - maxwellian[i]));
        Assert.True(dist < 0.01 * peak, $"distance to the Maxwellian {dist / peak:E2} of its peak");
        double initial = 0;
        for (int i = 0; i < f.Length; i++) initial = Math.Max(initial, Math.Abs(f0[i] - maxwellian[i]));
        Assert.True(dist < 0.05 * initial);
    }

    /// <summary>The entropy increases are read off the entropy at every step.</summary>
    [Fact]
    public void EntropyIncreasesAreTheStepsWhereTheEntropyGrew()
    {
        var v = HomogeneousSolver.EntropyIncreases([0, 1, 2, 3], [5, 4, 4.5, 4.5]);
        Assert.Equal([(2.0, 0.5)], v);
    }

    /// <summary>
    /// A run interrupted between two output times and resumed from checkpoint.kcp (with its history cut back) gives the
    /// uninterrupted result bit for bit: final f, step counts, snapshots and the time series.
    /// </summary>
    [Fact]
    public void ResumeThroughTheCheckpointFileIsBitwiseIdentical()
    {
        var grid = new VelocityGrid(2, 16, 6.0);
        using var op = new FastSpectralOperator(CollisionKernel.SeedPower(2, 0), grid, new SpectralOptions { R = 5, RadialPoints = 12, Planning = FftPlanning.Estimate });
        var settings = new HomogeneousRunSettings { T0 = 0, TEnd = 2, OutputTimes = [0.5, 1.0], Method = "bs23" };
        var solver = new HomogeneousSolver(op, settings);
        var f0 = grid.Sample(v => Gaussian.Density(v, [0.8, 0], 0.7) + Gaussian.Density(v, [-0.8, 0.2], 0.8));
        var full = solver.Solve(f0);
        Assert.True(full.State.Accepted > 8);

        using var dir = new TempDir();
        string[] columns = ["t", "step", "mass", "entropy"];
        (Simulation Sim, OdeModel Model, TimeSeriesWriter Ts, FieldWriter Fields) Make(string kindHash)
        {
            var model = solver.CreateModel(solver.Start(f0));
            var sim = solver.CreateSimulation(model);
            var ts = new TimeSeriesWriter("timeseries", dir.File("timeseries.csv"), columns, _ =>
            {
                var s = solver.Sample(model.State);
                return [s.Time, s.Step, s.Mass, s.Entropy];
            }, new IterationInterval(1));
            var fields = new FieldWriter("fields", dir.File("fields.bin"), _ => [("f", (double[])model.State.Y.Clone())], solver.SnapshotSchedule);
            sim.OutputWriters.AddRange([ts, fields]);
            sim.Checkpointer = new Checkpointer(dir.File(CheckpointFile.FileName), "boltzmann.solve", kindHash, solver.OutputSchedule);
            return (sim, model, ts, fields);
        }
        using var cts = new CancellationTokenSource();
        var first = Make("h");
        // Interrupt a few steps after the first output time (between two outputs: the checkpoint is written at the stop).
        first.Sim.Callbacks.Add(new Callback("stop", new IterationInterval(1), s => { if (s.Model.Time > 0.5 && s.Checkpointer!.Written >= 1) cts.Cancel(); }));
        var stopped = Assert.Throws<RunInterruptedException>(() => first.Sim.Run(cts.Token));
        Assert.True(stopped.Stop.Time is > 0.5 and < 1.0, $"stopped at {stopped.Stop.Time}");
        first.Ts.Dispose(); first.Fields.Dispose();

        var second = Make("h");
        second.Sim.RestoreFromCheckpoint();
        Assert.Equal(stopped.Stop.Iteration, second.Model.Iteration);
        second.Sim.Run();
        Assert.Equal(full.State.Y, second.Model.State.Y);
        Assert.Equal(full.State.Accepted, second.Model.State.Accepted);
        Assert.Equal(full.State.Rejected, second.Model.State.Rejected);
        Assert.Equal(full.Steps.Count, second.Ts.Rows.Count);
        for (int i = 0; i < full.Steps.Count; i++)
        {
            Assert.Equal(full.Steps[i].Time, second.Ts.Rows[i][0]);
            Assert.Equal(full.Steps[i].Entropy, second.Ts.Rows[i][3]);
        }
        var snaps = second.Fields.Named("f").ToList();
        Assert.Equal(full.Snapshots.Count, snaps.Count);
        for (int k = 0; k < snaps.Count; k++)
        {
            Assert.Equal(full.Snapshots[k].Time, snaps[k].Time);
            Assert.Equal(full.Snapshots[k].F, snaps[k].Values);
        }
        second.Ts.Dispose(); second.Fields.Dispose();

        // The checkpoint of another experiment is refused.
        var other = Make("another");
        Assert.Throws<InvalidInputException>(other.Sim.RestoreFromCheckpoint);
        other.Ts.Dispose(); other.Fields.Dispose();
        Assert.Throws<InvalidInputException>(() => new HomogeneousRunSettings { T0 = -1, TEnd = 1 }.Validate());
        Assert.Throws<InvalidInputException>(() => new HomogeneousRunSettings { T0 = 1, TEnd = 0.5 }.Validate());
    }

    /// <summary>A fake operator: Q = rate·f, poisoned with NaN after some evaluations.</summary>
    private sealed class FaultyOperator(VelocityGrid grid, double rate, int nanAfter) : ICollisionOperator
    {
        private int _calls;
        public VelocityGrid Grid => grid;
        public int FftsPerCollision => 0;
        public string FftBackend => "none";
        public void Collision(ReadOnlySpan<double> f, Span<double> q)
        {
            _calls++;
            for (int i = 0; i < f.Length; i++) q[i] = _calls > nanAfter ? double.NaN : rate * f[i];
        }
        public void Dispose() { }
    }

    private const string SmallExperiment = """
        { "kind": "boltzmann-homogeneous", "d": 2, "N": 16, "L": 6, "R": 5, "radial_points": 10,
          "kernel": { "potential": "power", "gamma": 0, "angular": "abs-cos" },
          "initial": { "type": "gaussians", "components": [ { "weight": 1, "mean": [0.8, 0], "std": 0.8 }, { "weight": 1, "mean": [-0.8, 0.2], "std": 0.85 } ] },
          "t0": 0, "t_end": 3, "output_times": [0.5, 1, 2], "method": "bs23", "conservative": false }
        """;

    /// <summary>
    /// A run that fails numerically (NaN in Q after some steps) keeps its history (time series, snapshots), writes its
    /// report and checkpoint, and its summary and result.json say where and why it stopped.
    /// </summary>
    [Fact]
    public void ARunThatFailsKeepsItsHistoryAndItsSummarySaysWhereItStopped()
    {
        using var dir = new TempDir();
        var outDir = dir.File("out");
        var (_, spec) = ExperimentRegistry.Read(SpecReader.ParseObject(SmallExperiment, "test"));
        var kind = new BoltzmannSolveKind { OperatorFactory = (_, g, _) => new FaultyOperator(g, -0.1, nanAfter: 60) };
        var e = Assert.Throws<NumericalFailureException>(() => kind.Run(spec, new RunContext { OutDir = outDir }));
        Assert.Equal("right-hand side", e.Quantity);
        Assert.Equal(Path.Combine(outDir, CheckpointFile.FileName), e.SavedTo);
        var rows = File.ReadAllLines(Path.Combine(outDir, "timeseries.csv"));
        Assert.True(rows.Length >= 10, $"{rows.Length} lines of history");
        var moments = File.ReadAllLines(Path.Combine(outDir, "moments.csv"));
        Assert.Equal(rows.Length, moments.Length);
        var summary = File.ReadAllText(Path.Combine(outDir, "summary.md"));
        Assert.Contains("stopped early at t = ", summary);
        Assert.Contains("numerical failure", summary);
        var result = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "result.json")))!;
        Assert.Equal("failed", (string)result["data"]!["status"]!);
        Assert.Equal("boltzmann.solve", (string)result["kind"]!);
        double reached = (double)result["data"]!["final_time"]!;
        Assert.True(reached > 0 && reached <= e.Time, $"history up to t = {reached}, failure at {e.Time}");
        var (header, arrays) = CheckpointFile.Read(Path.Combine(outDir, CheckpointFile.FileName));
        Assert.Equal(reached, BitConverter.Int64BitsToDouble(Convert.ToInt64(((string)header["time"]!)[2..], 16)));
        foreach (var y in arrays.Single(a => a.Name == "y").Values) Assert.True(double.IsFinite(y));
        Assert.True(File.Exists(Path.Combine(outDir, ResultsFile.FileName)));
    }

    /// <summary>Typed-spec errors name the field, as written in the file.</summary>
    [Theory]
    [InlineData("\"gamma\": 0", "\"gamma\": \"x\"", "kernel.gamma: \"x\": must be a finite number")]
    [InlineData("\"t_end\": 3", "\"t_end\": 3, \"t_ned\": 4", "t_ned: 4: unknown key")]
    [InlineData("\"std\": 0.85", "\"std\": 0.85, \"sigma\": 1", "initial.components[1].sigma: 1: unknown key")]
    [InlineData("\"N\": 16", "\"N\": \"16\"", "N: \"16\": must be an integer")]
    [InlineData("\"type\": \"gaussians\"", "\"type\": \"maxwell\"", "initial.type: maxwell: must be gaussians or bkw")]
    [InlineData("\"potential\": \"power\", \"gamma\": 0", "\"potential\": \"mixed\", \"gamma\": 0.5", "kernel.gamma: 0.5: is not used by the mixed kernel")]
    [InlineData("\"output_times\": [0.5, 1, 2]", "\"output_times\": [0.5, 4]", "output_times: 4: must lie in (t0, t_end]")]
    [InlineData("\"mean\": [0.8, 0]", "\"mean\": [0.8]", "initial.components[0].mean: [0.8]: must be an array of 2 numbers")]
    [InlineData("\"method\": \"bs23\"", "\"method\": \"rk4\"", "method: rk4: must be one of dopri5|bs23")]
    [InlineData("\"N\": 16", "\"N\": 8", "initial.components[0].std: 0.8: is below the grid spacing")]
    public void SpecErrorsNameTheField(string from, string to, string expected)
    {
        var text = SmallExperiment.Replace(from, to);
        Assert.NotEqual(SmallExperiment, text);
        var e = Assert.Throws<InvalidInputException>(() =>
        {
            var (kind, spec) = ExperimentRegistry.Read(SpecReader.ParseObject(text, "test"), "boltzmann.solve");
            kind.Validate(spec);
        });
        Assert.StartsWith(expected, e.Message);
    }

    /// <summary>The defaults that depend on other fields are filled in and recorded; the sphere reads as a string or a number.</summary>
    [Fact]
    public void DefaultsAreResolvedAndTheSphereIsAStringOrANumber()
    {
        var node = SpecReader.ParseObject(SmallExperiment.Replace("\"N\": 16, ", "").Replace("\"R\": 5, ", "").Replace("\"radial_points\": 10", "\"radial_points\": 10, \"sphere\": 16"), "test");
        var (kind, spec) = ExperimentRegistry.Read(node);
        Assert.Equal("boltzmann.solve", kind.Name);
        kind.Validate(spec);
        var s = (BoltzmannSolveSpec)spec;
        Assert.Equal(48, s.N);
        Assert.Equal(0.85 * 6, s.R);
        Assert.Equal("16", s.Sphere);
        var bkw = (BoltzmannSolveSpec)kind.Read(SpecReader.ParseObject("""
            { "d": 3, "kernel": { "angular": "sigma-const" }, "initial": { "type": "bkw" } }
            """, "test"));
        kind.Validate(bkw);
        Assert.Equal(5.5, bkw.T0);
        Assert.Equal(6.5, bkw.TEnd);
        Assert.Equal(24, bkw.N);
    }
}
