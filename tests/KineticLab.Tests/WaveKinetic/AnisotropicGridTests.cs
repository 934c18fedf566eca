using KineticLab.Output;
using KineticLab.Simulations;
using KineticLab.Tests.Output;
using KineticLab.WaveKinetic.Anisotropic;
using KineticLab.WaveKinetic.Isotropic;
using Xunit;

namespace KineticLab.Tests.WaveKinetic;

public class AnisotropicGridTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly BumpDistribution Bumps =
        new([new GaussianBump(1, new Vec3(0.6, 0, 0), 0.6), new GaussianBump(0.5, new Vec3(-0.5, 0.4, 0.2), 0.5)]);

    [Fact]
    public void TricubicInterpolationIsExactForQuadraticsInside()
    {
        var g = new CartesianKGrid(8, 2);
        var v = g.Sample(Distribution3D.FromFunction(k => 1 + k.X - 2 * k.Y * k.Z + k.Z * k.Z, "quadratic"));
        var p = new Vec3(0.13, -0.37, 0.51);
        Assert.Equal(1 + p.X - 2 * p.Y * p.Z + p.Z * p.Z, g.Interpolate(v, p), 12);
        Assert.Equal(0, g.Interpolate(v, new Vec3(5, 0, 0)));
    }

    /// <summary>max over nodes with |k| ≤ 1.2 of |grid − pointwise| relative to max |pointwise gain|.</summary>
    private static (double Full, double Gain) GridError(int n, double beta)
    {
        var g = new CartesianKGrid(n, 3);
        // zero extension in the box (no truncated manifold), so that the reference is the operator on R³
        var op = new AnisotropicGridOperator(g, beta);
        var v = g.Sample(Bumps);
        var c = new double[g.Count];
        var gn = new double[g.Count];
        op.Evaluate(v, c, CollisionPart.Full);
        op.Evaluate(v, gn, CollisionPart.Gain);
        var pw = new AnisotropicCollisionOperator(beta, new SigmaQuadratureOptions(PolarOrder: 8, AzimuthPoints: 12, SigmaPolarOrder: 6, SigmaAzimuthPoints: 12));
        double ef = 0, eg = 0, scale = 0;
        var picks = Enumerable.Range(0, g.Count).Where(j => g.Nodes[j].Norm <= 1.2).OrderBy(j => g.Nodes[j].Norm).Take(6);
        foreach (var j in picks)
        {
            double pf = pw.Evaluate(Bumps, g.Nodes[j], CollisionPart.Full, estimateError: false).Value;
            double pg = pw.Evaluate(Bumps, g.Nodes[j], CollisionPart.Gain, estimateError: false).Value;
            ef = Math.Max(ef, Math.Abs(c[j] - pf));
            eg = Math.Max(eg, Math.Abs(gn[j] - pg));
            scale = Math.Max(scale, Math.Abs(pg));
        }
        return (ef / scale, eg / scale);
    }

    // Measured at 6³ → 9³ (h = 1 → 2/3 against bump widths 0.5, 0.6): full operator 5.70e-2 → 9.05e-3 (order 4.54),
    // gain 1.19e-1 → 6.02e-2 (order 1.68). The full operator's order is already about the asymptotic one (the slow
    // validation measures 4.1 from 8³ to 16³); the gain's is pre-asymptotic at these grids (it is 3.1 from 8³ to 12³ and
    // 3.6 from 12³ to 16³: tricubic Catmull–Rom interpolation, exact for quadratics, is third order), so its order bound
    // stays 1.5 and its errors are bounded instead. Asserted: full order ≥ 3.5 and 9³ error ≤ 2 × measured; gain order ≥ 1.5
    // and errors ≤ 1.25 × measured (a wrong factor in either part gives errors of order 1). Was: both orders ≥ 1.5 and the
    // gain error at 9³ below 0.1.
    [Fact]
    public void GridOperatorConvergesToThePointwiseOperator()
    {
        var coarse = GridError(6, 0);
        var fine = GridError(9, 0);
        double pGain = Math.Log(coarse.Gain / fine.Gain) / Math.Log(1.5), pFull = Math.Log(coarse.Full / fine.Full) / Math.Log(1.5);
        output.WriteLine($"gain {coarse.Gain:E3} → {fine.Gain:E3} order {pGain:F3}; full {coarse.Full:E3} → {fine.Full:E3} order {pFull:F3}");
        Assert.True(pFull >= 3.5, $"full error {coarse.Full:E2} (6³) → {fine.Full:E2} (9³), order {pFull:F2}");
        Assert.True(fine.Full <= 1.8e-2, $"full error at 9³: {fine.Full:E2}");
        Assert.True(pGain >= 1.5, $"gain error {coarse.Gain:E2} (6³) → {fine.Gain:E2} (9³), order {pGain:F2}");
        Assert.True(coarse.Gain <= 0.15 && fine.Gain <= 0.075, $"gain errors {coarse.Gain:E2} (6³), {fine.Gain:E2} (9³)");
    }

    private static double MomentDefect(int n, bool project)
    {
        var g = new CartesianKGrid(n, 3);
        var op = new AnisotropicGridOperator(g, 0.25, new AnisotropicGridOptions(ConservativeProjection: project));
        var v = g.Sample(Bumps);
        var c = new double[g.Count];
        var gn = new double[g.Count];
        op.Evaluate(v, c, CollisionPart.Full);
        op.Evaluate(v, gn, CollisionPart.Gain);
        var (n0, p0, e0) = g.Moments(gn);
        var (n1, p1, e1) = g.Moments(c);
        return Math.Max(Math.Abs(n1) / n0, Math.Abs(e1) / e0);
    }

    [Fact]
    public void ConservationDefectDecreasesWithResolutionAndVanishesWithProjection()
    {
        double d6 = MomentDefect(6, false), d9 = MomentDefect(9, false);
        Assert.True(d9 < 0.5 * d6, $"moment defect {d6:E2} (6³) → {d9:E2} (9³)");
        Assert.True(MomentDefect(6, true) < 1e-13);
    }

    [Fact]
    public void RayleighJeansGridResidualIsSmallAndDecreases()
    {
        double Residual(int n)
        {
            var g = new CartesianKGrid(n, 3);
            var op = new AnisotropicGridOperator(g, 0, new AnisotropicGridOptions(TruncatedManifold: true));
            var v = g.Sample(new RayleighJeans3D(1, 1));
            var c = new double[g.Count];
            var gn = new double[g.Count];
            op.Evaluate(v, c, CollisionPart.Full);
            op.Evaluate(v, gn, CollisionPart.Gain);
            // interior nodes (away from the truncation at the box boundary)
            var idx = Enumerable.Range(0, g.Count).Where(j => g.Nodes[j].Norm < 1).ToArray();
            return idx.Max(j => Math.Abs(c[j])) / idx.Max(j => gn[j]);
        }
        // on the truncated manifold the bracket cancels at every σ-point for exact values: the residual is the
        // interpolation error of T/(|k|²+μ), which decreases with h
        double r6 = Residual(6), r10 = Residual(10);
        Assert.True(r10 < 0.5 * r6, $"{r6:E2} → {r10:E2}");
        Assert.True(r10 < 1e-2, $"{r10:E2}");
    }

    private static void AssertBitwise(double[] expected, double[] actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (int j = 0; j < expected.Length; j++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(expected[j]), BitConverter.DoubleToInt64Bits(actual[j]));
    }

    [Fact]
    public void SolverResumesBitwiseFromACheckpoint()
    {
        var spec = new AnisotropicSolveSpec { Beta = 0.3, N = 4, HalfWidth = 2, SigmaPolarOrder = 2, SigmaAzimuthPoints = 4, TEnd = 0.2, Outputs = 4, ConservativeProjection = true };
        var f0 = new BumpDistribution([new GaussianBump(1, new Vec3(0.5, 0, 0), 0.7)]);
        var r = new AnisotropicSolver(spec).Solve(f0);
        Assert.Equal(StopKind.Completed, r.Stop.Kind);

        using var dir = new TempDir();
        var path = dir.File(CheckpointFile.FileName);
        // Interrupted run: checkpoints at the outputs, cancelled in the step after the checkpoint of the third output (t = 0.1).
        var solver2 = new AnisotropicSolver(spec);
        var model2 = solver2.CreateModel(solver2.Start(f0));
        var sim2 = solver2.CreateSimulation(model2);
        sim2.Checkpointer = new Checkpointer(path, "kwe.solve3d", "hash", solver2.OutputSchedule);
        using var cts = new CancellationTokenSource();
        sim2.Callbacks.Add(new Callback("stop", new IterationInterval(1), s => { if (s.Checkpointer!.Written == 3) cts.Cancel(); }));
        var stop = Assert.Throws<RunInterruptedException>(() => sim2.Run(cts.Token)).Stop;
        Assert.True(stop.Time > solver2.OutputTime(2) && stop.Time < spec.TEnd, $"stopped at {stop.Time}");

        // A new solver and model from the checkpoint file: bit for bit the uninterrupted run, with the outputs still to come.
        var solver3 = new AnisotropicSolver(spec);
        var model3 = solver3.CreateModel(solver3.Start(new SmoothDatum3D(12))); // overwritten by the checkpoint
        var sim3 = solver3.CreateSimulation(model3);
        sim3.Checkpointer = new Checkpointer(path, "kwe.solve3d", "hash", solver3.OutputSchedule);
        var rest = new MemoryWriter<Diagnostics3D>("outputs", solver3.OutputSchedule, _ => solver3.Diagnose(model3.State));
        sim3.OutputWriters.Add(rest);
        sim3.RestoreFromCheckpoint();
        Assert.Equal(stop.Time, model3.Time);
        sim3.Run();
        AssertBitwise(r.State.Y, model3.State.Y);
        Assert.Equal(r.State.Accepted, model3.State.Accepted);
        Assert.Equal(r.State.Rejected, model3.State.Rejected);
        var tail = r.Diagnostics.Where(d => d.Time > stop.Time).ToList();
        Assert.True(tail.Count >= 1);
        Assert.Equal(tail.Count, rest.Values.Count);
        for (int i = 0; i < tail.Count; i++)
        {
            Assert.Equal(tail[i].Time, rest.Values[i].Time);
            Assert.Equal(tail[i].Waveaction, rest.Values[i].Waveaction);
            Assert.Equal(tail[i].Energy, rest.Values[i].Energy);
            Assert.Equal(tail[i].Momentum, rest.Values[i].Momentum);
            Assert.Equal(tail[i].WeightedSupNorm, rest.Values[i].WeightedSupNorm);
            Assert.Equal(tail[i].Steps, rest.Values[i].Steps);
        }
        Assert.True(Math.Abs(r.Diagnostics[^1].Waveaction / r.Diagnostics[0].Waveaction - 1) < 1e-13);
    }

    private static InhomogeneousSolveSpec SmallInhomogeneous() => new()
    {
        K = new AnisotropicSolveSpec { Beta = 0.2, N = 4, HalfWidth = 2, SigmaPolarOrder = 2, SigmaAzimuthPoints = 4, TEnd = 0.2, Outputs = 2 },
        Cells = [4, 1, 1], Dt = 0.05,
    };

    [Fact]
    public void InhomogeneousSolverResumesBitwise()
    {
        var spec = SmallInhomogeneous();
        var f0 = new BumpDistribution([new GaussianBump(1, new Vec3(0.5, 0, 0), 0.7)]);
        using var a = new InhomogeneousSolver(spec);
        var r = a.Solve(f0);
        Assert.Equal(StopKind.Completed, r.Stop.Kind);
        Assert.Equal(4, r.State.Step);

        using var dir = new TempDir();
        var path = dir.File(CheckpointFile.FileName);
        // Interrupted after step 2 (checkpoints every step).
        using var b = new InhomogeneousSolver(spec);
        var mb = b.CreateModel(b.Start(f0));
        var simB = b.CreateSimulation(mb);
        simB.Checkpointer = new Checkpointer(path, "kwe.solve3d-inhomogeneous", "hash", new IterationInterval(1));
        using var cts = new CancellationTokenSource();
        simB.Callbacks.Add(new Callback("stop", new IterationInterval(1), s => { if (s.Model.Iteration == 2) cts.Cancel(); }));
        Assert.Throws<RunInterruptedException>(() => simB.Run(cts.Token));
        Assert.Equal(2, mb.Iteration);

        using var c = new InhomogeneousSolver(spec);
        var mc = c.CreateModel(c.Start(new SmoothDatum3D(12))); // overwritten by the checkpoint
        var simC = c.CreateSimulation(mc);
        simC.Checkpointer = new Checkpointer(path, "kwe.solve3d-inhomogeneous", "hash", c.OutputSchedule);
        var rest = new MemoryWriter<InhomogeneousDiagnostics>("outputs", c.OutputSchedule, _ => c.Diagnose(mc.State));
        simC.OutputWriters.Add(rest);
        simC.RestoreFromCheckpoint();
        Assert.Equal(2, mc.Iteration);
        Assert.Equal(2 * c.Dt, mc.Time);
        simC.Run();
        AssertBitwise(r.State.F, mc.State.F);
        Assert.Equal(r.State.Step, mc.State.Step);
        // outputs at steps 0, 2, 4: the resumed run writes the last one, equal to the uninterrupted run's
        Assert.Equal(3, r.Diagnostics.Count);
        Assert.Single(rest.Values);
        Assert.Equal(r.Diagnostics[^1], rest.Values[0]);
    }

    [Fact]
    public void InhomogeneousStrangStepIsTheSplittingOfCollisionAndTransport()
    {
        // One model step = C(dt/2) T(dt) C(dt/2) applied by hand, bit for bit.
        var spec = SmallInhomogeneous();
        var f0 = new BumpDistribution([new GaussianBump(1, new Vec3(0.5, 0, 0), 0.7)]);
        using var solver = new InhomogeneousSolver(spec);
        var model = solver.CreateModel(solver.Start(f0));
        model.Step(double.PositiveInfinity, CancellationToken.None);
        var f = solver.Start(f0).F;
        solver.Collide(f, 0.5 * solver.Dt);
        solver.Transport(f, solver.Dt);
        solver.Collide(f, 0.5 * solver.Dt);
        AssertBitwise(f, model.State.F);
        Assert.Equal(1, model.Iteration);
        Assert.Equal(solver.Dt, model.Time);
    }

    [Fact]
    public void AFailingGuardInTheInhomogeneousModelRestoresTheLastGoodState()
    {
        var spec = SmallInhomogeneous();
        var f0 = new BumpDistribution([new GaussianBump(1, new Vec3(0.5, 0, 0), 0.7)]);
        using var clean = new InhomogeneousSolver(spec);
        var reference = clean.CreateModel(clean.Start(f0));
        for (int i = 0; i < 2; i++) reference.Step(double.PositiveInfinity, CancellationToken.None);

        using var dir = new TempDir();
        var path = dir.File(CheckpointFile.FileName);
        using var solver = new InhomogeneousSolver(spec);
        var model = solver.CreateModel(solver.Start(f0));
        var sim = solver.CreateSimulation(model);
        sim.Checkpointer = new Checkpointer(path, "kwe.solve3d-inhomogeneous", "hash", solver.OutputSchedule);
        RunStop? finished = null;
        sim.OutputWriters.Add(new ReportWriter("report", Never.Instance, (_, stop) => finished = stop));
        // After step 2 passed the guards (and was kept), a NaN gets into f: step 3 carries it everywhere.
        sim.Callbacks.Add(new Callback("poison", new SpecifiedIterations([2]), s => ((InhomogeneousModel)s.Model).State.F[5] = double.NaN));
        var e = Assert.Throws<NumericalFailureException>(() => sim.Run());
        Assert.Equal("waveaction", e.Quantity);
        Assert.Contains("f is not finite after the step", e.Message);
        Assert.Equal(3, e.Step);
        // the state kept is step 2's, as it was before the poison, and the stop and the checkpoint say so
        Assert.Equal(2, model.Iteration);
        AssertBitwise(reference.State.F, model.State.F);
        Assert.Equal(StopKind.Failed, finished!.Kind);
        Assert.Equal(2, finished.Iteration);
        Assert.Equal(path, e.SavedTo);
        using var again = new InhomogeneousSolver(spec);
        var restored = again.CreateModel(again.Start(f0));
        var sim2 = again.CreateSimulation(restored);
        sim2.Checkpointer = new Checkpointer(path, "kwe.solve3d-inhomogeneous", "hash", again.OutputSchedule);
        sim2.RestoreFromCheckpoint();
        Assert.Equal(2, restored.Iteration);
        AssertBitwise(reference.State.F, restored.State.F);
    }

    [Theory]
    [InlineData(TransportVelocity.K, 1.0)]
    [InlineData(TransportVelocity.TwoK, 2.0)]
    public void FreeTransportIsExactForResolvedModes(TransportVelocity vel, double factor)
    {
        var spec = new InhomogeneousSolveSpec
        {
            K = new AnisotropicSolveSpec { Beta = 0, N = 4, HalfWidth = 2, TEnd = 1, Outputs = 1 },
            Cells = [8, 1, 1], Length = [3, 1, 1], Velocity = vel, Dt = 0.1, ModulationAmplitude = 0.5, ModulationMode = [2, 0, 0],
        };
        using var sol = new InhomogeneousSolver(spec);
        var f0 = new BumpDistribution([new GaussianBump(1, new Vec3(0.5, 0, 0), 0.7)]);
        var s = sol.Start(f0);
        double tau = 0.37;
        sol.Transport(s.F, tau);
        var fk = sol.Grid.Sample(f0);
        int nk = sol.Grid.Count;
        double err = 0;
        for (int xi = 0; xi < sol.XCount; xi++)
            for (int j = 0; j < nk; j++)
            {
                double x = sol.XNode(xi).X, vx = factor * sol.Grid.Nodes[j].X;
                double exact = (1 + 0.5 * Math.Cos(2 * Math.PI * 2 * (x - vx * tau) / 3)) * fk[j];
                err = Math.Max(err, Math.Abs(s.F[xi * nk + j] - exact));
            }
        Assert.True(err < 1e-13, $"{err:E2}");
    }
}
