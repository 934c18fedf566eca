using KineticLab.Boltzmann;
using KineticLab.Boltzmann.Exact;
using KineticLab.Boltzmann.Inhomogeneous;
using KineticLab.Boltzmann.Solvers;
using KineticLab.Experiments;
using KineticLab.Experiments.Boltzmann;
using KineticLab.Numerics.Distributed;
using KineticLab.Output;
using KineticLab.Simulations;
using KineticLab.Tests.Output;
using Xunit;
using Xunit.Abstractions;

namespace KineticLab.Tests.Boltzmann;

/// <summary>
/// The Strang-split inhomogeneous solver: the same result for every process count (in-process ranks), conservation,
/// resume across a change of process count, a homogeneous start against the homogeneous solver, free streaming against
/// the exact solution, and a small density wave against the exact collisionless decay and in Δt convergence.
/// </summary>
public class InhomogeneousSolverTests(ITestOutputHelper output)
{
    /// <summary>2D-2V, Maxwell molecules with constant b_σ; x: 8 points on [0, 2π).</summary>
    internal static InhomogeneousSetup Small(int steps = 20, double dt = 0.05, bool collisions = true, int dims = 1, double amplitude = 0.2,
        string initial = "two", int n = 16, double l = 5) => Parse(SmallJson(steps, dt, collisions, dims, amplitude, initial, n, l));

    /// <summary>The experiment file of <see cref="Small"/>.</summary>
    internal static string SmallJson(int steps = 20, double dt = 0.05, bool collisions = true, int dims = 1, double amplitude = 0.2,
        string initial = "two", int n = 16, double l = 5)
    {
        var comps = initial == "two"
            ? """[ { "weight": 0.6, "mean": [0.8, 0], "std": 0.8, "amplitude": 0.3, "mode": MODE1 }, { "weight": 0.4, "mean": [-0.8, 0.4], "std": 0.8, "amplitude": -0.2, "mode": MODE2, "phase": 0.7 } ]"""
            : $$"""[ { "weight": 1, "mean": [0, 0], "std": 1, "amplitude": {{amplitude.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}}, "mode": MODE1 } ]""";
        comps = comps.Replace("MODE1", dims == 1 ? "[1]" : "[1, 0]").Replace("MODE2", dims == 1 ? "[2]" : "[1, 1]");
        var json = $$"""
        { "kind": "boltzmann-inhomogeneous", "d": 2, "N": {{n}}, "L": {{l}}, "R": 4.5, "radial_points": 8, "sphere": "4",
          "kernel": { "potential": "power", "gamma": 0, "angular": "sigma-const" },
          "x": { "dims": {{dims}}, "N": 8, "length": 6.283185307179586 },
          "initial": { "components": {{comps}} },
          "dt": {{dt.ToString("R", System.Globalization.CultureInfo.InvariantCulture)}}, "steps": {{steps}}, "rtol": 1e-9, "atol": 1e-12,
          "collisions": {{(collisions ? "true" : "false")}}, "norms": [ { "r": 0, "s": 0 }, { "r": 2, "s": 1 } ], "profile_every": 5 }
        """;
        return json;
    }

    internal static InhomogeneousSetup Parse(string json) =>
        SpecReader.Read(SpecReader.ParseObject(json, "test"), BoltzmannJsonContext.Default.BoltzmannInhomogeneousSpec).Resolve();

    private static InhomogeneousSolver NewSolver(InhomogeneousSetup e, ICommunicator comm, int workers = 1) =>
        new(e.Grid, () => e.NewOperator(e.Grid.Velocity), e.Settings, comm, workers);

    /// <summary>Runs on <paramref name="p"/> in-process ranks; returns the gathered final state and rank 0's samples.</summary>
    internal static (double[] F, IReadOnlyList<InhomogeneousSample> Samples) RunRanks(InhomogeneousSetup e, int p, int workers = 1)
    {
        var r = InProcessCommunicator.Run(p, comm =>
        {
            using var s = NewSolver(e, comm, workers);
            var sol = s.Solve(e.Initial.Value);
            return (s.GatherGlobal(), sol.Samples);
        });
        return (r[0].Item1!, r[0].Samples);
    }

    private static double MaxRelDiff(double[] a, double[] b)
    {
        double m = 0, s = 0;
        for (int i = 0; i < a.Length; i++) { m = Math.Max(m, Math.Abs(a[i] - b[i])); s = Math.Max(s, Math.Abs(b[i])); }
        return m / s;
    }

    [Fact]
    public void SerialAndTwoAndFourRanksAgreeAfterTwentySteps()
    {
        var e = Small();
        using var serial = NewSolver(e, SerialCommunicator.Instance, workers: 2);
        var serialSamples = serial.Solve(e.Initial.Value).Samples;
        var f1 = serial.GatherGlobal()!;
        foreach (int p in new[] { 2, 4 })
        {
            var (fp, samples) = RunRanks(e, p);
            double diff = MaxRelDiff(fp, f1);
            output.WriteLine($"P = {p}: max |f_P − f_1| / max |f_1| = {diff:E2}; mass {samples[^1].Mass:R} vs {serialSamples[^1].Mass:R}");
            Assert.True(diff <= 1e-12, $"P = {p}: relative difference {diff:E2} > 1e-12");
            Assert.Equal(serialSamples[^1].Energy, samples[^1].Energy, 12);
            Assert.Equal(serialSamples[^1].Norms[1], samples[^1].Norms[1], 12);
        }
    }

    [Fact]
    public void MassMomentumAndEnergyAreConservedToRoundOff()
    {
        var e = Small();
        using var s = NewSolver(e, SerialCommunicator.Instance, workers: 2);
        var samples = s.Solve(e.Initial.Value).Samples;
        var a = samples[0];
        double dm = 0, dp = 0, de = 0;
        foreach (var b in samples)
        {
            dm = Math.Max(dm, Math.Abs(b.Mass - a.Mass) / a.Mass);
            for (int k = 0; k < 2; k++) dp = Math.Max(dp, Math.Abs(b.Momentum[k] - a.Momentum[k]) / a.Energy);
            de = Math.Max(de, Math.Abs(b.Energy - a.Energy) / a.Energy);
        }
        output.WriteLine($"drift over {samples.Count - 1} steps: mass {dm:E2}, momentum {dp:E2}, energy {de:E2}; entropy {a.Entropy:F8} → {samples[^1].Entropy:F8}");
        Assert.True(dm < 1e-13 && dp < 1e-13 && de < 1e-13, $"drift mass {dm:E2}, momentum {dp:E2}, energy {de:E2}");
        Assert.True(samples[^1].Entropy < a.Entropy, "entropy must decrease under collisions and transport");
    }

    /// <summary>
    /// A run on 2 ranks interrupted at step 10 and resumed on 4 ranks through checkpoint.kcp (the global state, written
    /// by rank 0) ends with the uninterrupted serial result bit for bit, its time series included.
    /// </summary>
    [Fact]
    public void ResumeOnFourRanksFromACheckpointOfTwoGivesTheUninterruptedResult()
    {
        var e = Small();
        var (reference, refSamples) = RunRanks(e, 1);
        using var dir = new TempDir();
        string cp = dir.File(CheckpointFile.FileName);
        string[] columns = ["t", "step", "mass", "energy", "entropy", "norm_1"];
        Simulation Make(InhomogeneousSolver s, out TimeSeriesWriter ts)
        {
            var sim = s.CreateSimulation();
            var log = new TimeSeriesWriter("timeseries", dir.File("timeseries.csv"), columns, _ =>
            {
                var x = s.Sample!;
                return [x.Time, x.Step, x.Mass, x.Energy, x.Entropy, x.Norms[1]];
            }, new IterationInterval(1));
            ts = log;
            sim.OutputWriters.Add(log);
            sim.Checkpointer = new Checkpointer(cp, "boltzmann.solve-inhomogeneous", "h", new IterationInterval(4));
            return sim;
        }
        using var cts = new CancellationTokenSource();
        var stop = Assert.Throws<RunInterruptedException>(() => InProcessCommunicator.Run(2, comm =>
        {
            using var s = NewSolver(e, comm);
            s.Initialize(e.Initial.Value);
            var sim = Make(s, out var ts);
            using (ts)
            {
                if (comm.Rank == 0) sim.Callbacks.Add(new Callback("stop", new IterationInterval(1), x => { if (x.Model.Iteration == 10) cts.Cancel(); }));
                sim.Run(cts.Token);
            }
            return 0;
        })).Stop;
        Assert.Equal(10, stop.Iteration);
        Assert.Equal(2, (int)CheckpointFile.Read(cp).Header["processes"]!);
        var resumed = InProcessCommunicator.Run(4, comm =>
        {
            using var s = NewSolver(e, comm);
            var sim = Make(s, out var ts);
            using (ts)
            {
                sim.RestoreFromCheckpoint();
                Assert.Equal(10, s.StepIndex);
                sim.Run();
                return (s.GatherGlobal(), ts.Rows.ToList(), s.Sample!);
            }
        })[0];
        double diff = MaxRelDiff(resumed.Item1!, reference);
        output.WriteLine($"resume P = 2 → 4 at step 10: max relative difference {diff:E2}");
        Assert.Equal(0.0, diff);
        Assert.Equal(reference, resumed.Item1!);
        Assert.Equal(refSamples.Count, resumed.Item2.Count);
        for (int i = 0; i < refSamples.Count; i++)
        {
            var r = refSamples[i];
            Assert.Equal(new double[] { r.Time, r.Step, r.Mass, r.Energy, r.Entropy, r.Norms[1] }, resumed.Item2[i]);
        }
        Assert.Equal(refSamples[^1].Entropy, resumed.Item3.Entropy);
        Assert.Equal(refSamples[^1].CollisionEvaluations, resumed.Item3.CollisionEvaluations);
    }

    [Fact]
    public void HomogeneousStartReproducesTheHomogeneousSolver()
    {
        var e = Small(steps: 6, dt: 0.1, amplitude: 0, initial: "one");
        PhaseSpaceFunction g0 = (x, v) =>
            0.5 * Gaussian.Density(v, [1.0, 0], 0.8) + 0.5 * Gaussian.Density(v, [-1.0, 0.3], 0.8);
        using var s = NewSolver(e, SerialCommunicator.Instance, workers: 2);
        s.Solve(g0);
        var grid = e.Grid;
        using var op = e.NewOperator(grid.Velocity);
        var settings = new HomogeneousRunSettings
        {
            T0 = 0, TEnd = e.Settings.TimeOf(e.Settings.Steps), Method = e.Settings.Method, Control = e.Settings.Control,
            OutputTimes = Enumerable.Range(1, e.Settings.Steps).Select(n => e.Settings.TimeOf(n)).ToArray(),
        };
        var hs = new HomogeneousSolver(op, settings, conservative: true);
        var v0 = grid.Velocity.Sample(v => g0([], v));
        var hr = hs.Solve(v0);
        var fh = hr.Snapshots[^1].F;
        var f = s.GatherGlobal()!;
        double diff = 0;
        for (int ix = 0; ix < grid.XPoints; ix++)
            for (int iv = 0; iv < grid.VPoints; iv++) diff = Math.Max(diff, Math.Abs(f[ix * grid.VPoints + iv] - fh[iv]));
        output.WriteLine($"homogeneous start, {e.Settings.Steps} steps: max |f(x,·) − f_hom| = {diff:E2} (homogeneous solver: {hr.State.Accepted} steps)");
        Assert.Equal(0.0, diff);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void FreeStreamingIsExact(int dims)
    {
        var e = Small(steps: 7, dt: 0.13, collisions: false, dims: dims);
        var (f, _) = RunRanks(e, 2);
        var grid = e.Grid;
        double t = e.Settings.TEnd, err = 0, scale = 0;
        Span<double> x = stackalloc double[dims];
        Span<double> v = stackalloc double[2];
        Span<double> xs = stackalloc double[dims];
        for (int ix = 0; ix < grid.XPoints; ix++)
        {
            grid.XPoint(ix, x);
            for (int iv = 0; iv < grid.VPoints; iv++)
            {
                grid.Velocity.Point(iv, v);
                for (int a = 0; a < dims; a++) xs[a] = x[a] - v[a] * t;
                double exact = e.Initial.Value(xs, v);
                err = Math.Max(err, Math.Abs(f[ix * grid.VPoints + iv] - exact));
                scale = Math.Max(scale, Math.Abs(exact));
            }
        }
        output.WriteLine($"free streaming {dims}D-2V to t = {t}: max error {err:E2} (max f {scale:E2})");
        Assert.True(err <= 1e-13 * scale, $"error {err:E2}");
    }

    [Fact]
    public void FreeStreamingIsExactIn3D3V()
    {
        var e = Parse("""
            { "kind": "boltzmann-inhomogeneous", "d": 3, "N": 10, "L": 5.5, "collisions": false,
              "x": { "dims": 3, "N": 4, "length": 3 },
              "initial": { "components": [ { "weight": 1, "mean": [0.3, -0.2, 0.1], "std": 1.2, "amplitude": 0.4, "mode": [1, -1, 1], "phase": 0.3 } ] },
              "dt": 0.1, "steps": 5 }
            """);
        var (f, _) = RunRanks(e, 4);
        var grid = e.Grid;
        double t = e.Settings.TEnd, err = 0, scale = 0;
        Span<double> x = stackalloc double[3];
        Span<double> v = stackalloc double[3];
        Span<double> xs = stackalloc double[3];
        for (int ix = 0; ix < grid.XPoints; ix++)
        {
            grid.XPoint(ix, x);
            for (int iv = 0; iv < grid.VPoints; iv++)
            {
                grid.Velocity.Point(iv, v);
                for (int a = 0; a < 3; a++) xs[a] = x[a] - v[a] * t;
                double exact = e.Initial.Value(xs, v);
                err = Math.Max(err, Math.Abs(f[ix * grid.VPoints + iv] - exact));
                scale = Math.Max(scale, Math.Abs(exact));
            }
        }
        output.WriteLine($"free streaming 3D-3V on 4 ranks to t = {t}: max error {err:E2} (max f {scale:E2})");
        Assert.True(err <= 1e-13 * scale, $"error {err:E2}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void WeightedSobolevNormsMatchTheirClosedForm(int dims)
    {
        // f = (1 + a cos(η·x)) M(v), |η| = 2π/Lx = 1: ‖⟨∇x⟩^s ⟨v⟩^r f‖² = Lx^dx (1 + a²/2 · (1 + |η|²)^s) · Σ_v ⟨v⟩^{2r} M(v)² h^d.
        double a = 0.2;
        var e = Small(steps: 1, collisions: false, dims: dims, amplitude: a, initial: "one");
        var (_, samples) = RunRanks(e, 2);
        var g = e.Grid;
        Span<double> v = stackalloc double[2];
        foreach (var (k, r, sExp) in new[] { (0, 0.0, 0.0), (1, 2.0, 1.0) })
        {
            double sv = 0;
            for (int iv = 0; iv < g.VPoints; iv++)
            {
                g.Velocity.Point(iv, v);
                double m = Gaussian.Density(v, [0.0, 0], 1);
                sv += Math.Pow(1 + v[0] * v[0] + v[1] * v[1], r) * m * m;
            }
            double exact = Math.Sqrt(Math.Pow(g.Lx, dims) * (1 + a * a / 2 * Math.Pow(2, sExp)) * sv * g.Velocity.CellVolume);
            foreach (var smp in new[] { samples[0], samples[^1] })
            {
                double rel = Math.Abs(smp.Norms[k] - exact) / exact;
                output.WriteLine($"{dims}D: r = {r}, s = {sExp}, t = {smp.Time}: {smp.Norms[k]:R} vs {exact:R} (relative {rel:E2})");
                Assert.True(rel < 1e-12, $"relative error {rel:E2}");
            }
        }
    }

    /// <summary>Amplitude of the density's cos(2πx/Lx) mode.</summary>
    private static double DensityMode(InhomogeneousSetup e, double[] f)
    {
        var g = e.Grid;
        double c = 0;
        Span<double> x = stackalloc double[1];
        for (int ix = 0; ix < g.XPoints; ix++)
        {
            double rho = 0;
            for (int iv = 0; iv < g.VPoints; iv++) rho += f[ix * g.VPoints + iv];
            g.XPoint(ix, x);
            c += rho * g.Velocity.CellVolume * Math.Cos(2 * Math.PI * x[0] / g.Lx);
        }
        return 2 * c / g.XPoints;
    }

    [Fact]
    public void CollisionlessDensityWaveDecaysAsTheExactGaussianFactor()
    {
        // ρ̂(t) = ε exp(−|η|² T t² / 2) for f0 = (1 + ε cos η·x) M_T(v), T = 1, |η| = 1. The velocity box [−7, 7)² holds
        // the Maxwellian up to a tail of 1e-11 (with L = 5 the truncation alone gives a relative error of 1.5e-6).
        var e = Small(steps: 10, dt: 0.1, collisions: false, amplitude: 0.01, initial: "one", n: 24, l: 7);
        var (f, _) = RunRanks(e, 2);
        double got = DensityMode(e, f), t = e.Settings.TEnd, exact = 0.01 * Math.Exp(-t * t / 2);
        output.WriteLine($"density mode at t = {t}: {got:E10} vs exact {exact:E10}, relative error {Math.Abs(got - exact) / exact:E2}");
        Assert.True(Math.Abs(got - exact) <= 1e-9 * exact, "collisionless decay");
    }

    [Fact]
    public void DensityWaveWithCollisionsConvergesAtSecondOrderInDt()
    {
        // Reference: Δt = 0.0125; errors of Δt = 0.1 and 0.05 at t = 0.4 must fall by about 4.
        double t = 0.4;
        double Mode(double dt)
        {
            var e = Small(steps: (int)Math.Round(t / dt), dt: dt, amplitude: 0.05, initial: "two");
            var (f, _) = RunRanks(e, 1, workers: 2);
            return DensityMode(e, f);
        }
        double r = Mode(0.0125), a = Mode(0.1), b = Mode(0.05);
        double e1 = Math.Abs(a - r), e2 = Math.Abs(b - r), order = Math.Log2(e1 / e2);
        output.WriteLine($"density mode at t = {t}: reference {r:E10}; error Δt = 0.1: {e1:E3}, Δt = 0.05: {e2:E3}, observed order {order:F2}");
        Assert.InRange(order, 1.8, 2.3);
    }
}
