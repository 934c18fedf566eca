using KineticLab.Output.Reports;
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

    [Fact]
    public void SolverResumesBitwiseFromACheckpoint()
    {
        var spec = new AnisotropicSolveSpec { Beta = 0.3, N = 4, HalfWidth = 2, SigmaPolarOrder = 2, SigmaAzimuthPoints = 4, TEnd = 0.2, Outputs = 4, ConservativeProjection = true };
        var f0 = new BumpDistribution([new GaussianBump(1, new Vec3(0.5, 0, 0), 0.7)]);
        var solver = new AnisotropicSolver(spec);
        var s = solver.Start(f0);
        var r = new Solve3DRecord();
        solver.Run(s, r);

        var solver2 = new AnisotropicSolver(spec);
        var s2 = solver2.Start(f0);
        var r2 = new Solve3DRecord();
        System.Text.Json.Nodes.JsonObject? saved = null;
        try
        {
            solver2.Run(s2, r2, (st, rec) =>
            {
                if (rec.NextOutput == 2 && saved is null)
                {
                    saved = Kwe3DSolveReport.State(st, rec);
                    throw new OperationCanceledException();
                }
            });
        }
        catch (OperationCanceledException) { }
        var text = saved!.ToJsonString();
        var (s3, r3) = Kwe3DSolveReport.Restore(System.Text.Json.Nodes.JsonNode.Parse(text)!, solver2.Dimension, "x");
        new AnisotropicSolver(spec).Run(s3, r3);
        Assert.Equal(s.Y, s3.Y);
        Assert.Equal(r.Diagnostics.Count, r3.Diagnostics.Count);
        Assert.Equal(r.Diagnostics[^1].WeightedSupNorm, r3.Diagnostics[^1].WeightedSupNorm);
        Assert.True(Math.Abs(r.Diagnostics[^1].Waveaction / r.Diagnostics[0].Waveaction - 1) < 1e-13);
    }

    [Fact]
    public void InhomogeneousSolverResumesBitwise()
    {
        var spec = new InhomogeneousSolveSpec
        {
            K = new AnisotropicSolveSpec { Beta = 0.2, N = 4, HalfWidth = 2, SigmaPolarOrder = 2, SigmaAzimuthPoints = 4, TEnd = 0.2, Outputs = 2 },
            Cells = [4, 1, 1], Dt = 0.05,
        };
        var f0 = new BumpDistribution([new GaussianBump(1, new Vec3(0.5, 0, 0), 0.7)]);
        using var a = new InhomogeneousSolver(spec);
        var s = a.Start(f0);
        var r = new InhomogeneousRecord();
        a.Run(s, r);
        using var b = new InhomogeneousSolver(spec);
        var s2 = b.Start(f0);
        var r2 = new InhomogeneousRecord();
        string? saved = null;
        try { b.Run(s2, r2, (st, rec) => { if (st.Step == 2) { saved = Kwe3DSolveReport.State(st, rec).ToJsonString(); throw new OperationCanceledException(); } }); }
        catch (OperationCanceledException) { }
        var (s3, r3) = Kwe3DSolveReport.RestoreInhomogeneous(System.Text.Json.Nodes.JsonNode.Parse(saved!)!, b.XCount * b.Grid.Count, "x");
        b.Run(s3, r3);
        Assert.Equal(s.F, s3.F);
        Assert.Equal(r.Diagnostics.Count, r3.Diagnostics.Count);
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
