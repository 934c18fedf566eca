using KineticLab.Numerics.Spectral;
using KineticLab.Simulations;
using KineticLab.WaveKinetic.Anisotropic;
using KineticLab.WaveKinetic.Isotropic;
using KineticLab.WaveKinetic.Spectral;
using Xunit;

namespace KineticLab.Tests.WaveKinetic;

/// <summary>The anisotropic solvers on the fast spectral operator (their default): the operator on the solver's nodes, conservation, the datum check.</summary>
public class SpectralSolverTests
{
    private static readonly BumpDistribution Bumps =
        new([new GaussianBump(1, new Vec3(0.3, 0, 0), 0.35), new GaussianBump(0.5, new Vec3(-0.25, 0.25, 0.1), 0.3)]);

    /// <summary>
    /// The solver's operator on its cell-centred nodes (not the nodes of the validation cases) against the pointwise
    /// σ-quadrature (independent: R³ × S², no FFT): Gaussian of width 0.5, N = 24, L = R = 4, default rules, β = 0 and 1, gain and full at two nodes, to
    /// 2e-4 of max|C| (the convergence table gives 2.5e-5 and 9.3e-5 at N = 24 on nodes).
    /// </summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void SolverOperatorAgreesWithThePointwiseQuadrature(double beta)
    {
        var grid = new CartesianKGrid(24, 4);
        using var op = new SpectralGridOperator(grid, beta, 4);
        var f = grid.Sample(SpectralValidation.Gaussian);
        var gain = new double[grid.Count];
        var full = new double[grid.Count];
        op.Evaluate(f, gain, CollisionPart.Gain);
        op.Evaluate(f, full, CollisionPart.Full);
        double max = full.Max(Math.Abs);
        var pw = new AnisotropicCollisionOperator(beta);
        foreach (int j in new[] { (12 * 24 + 12) * 24 + 12, (13 * 24 + 11) * 24 + 14 })
        {
            var k = grid.Nodes[j];
            double g = pw.Evaluate(SpectralValidation.Gaussian, k, CollisionPart.Gain, estimateError: false).Value;
            double c = pw.Evaluate(SpectralValidation.Gaussian, k, CollisionPart.Full, estimateError: false).Value;
            Assert.True(Math.Abs(gain[j] - g) <= 2e-4 * max, $"gain at {k}: {gain[j]} vs {c}");
            Assert.True(Math.Abs(full[j] - c) <= 2e-4 * max, $"full at {k}: {full[j]} vs {c}");
        }
    }

    /// <summary>
    /// Full equation, N = 12, L = R = 3, β = ½: with the projection waveaction, momentum and energy stay to 1e-12 (relative);
    /// without it they drift by more than that, and the bumps relax (the weighted sup norm changes).
    /// </summary>
    [Fact]
    public void FullEquationConservesWithTheProjection()
    {
        AnisotropicSolveSpec Spec(bool project) => new() { Beta = 0.5, N = 12, HalfWidth = 3, TEnd = 0.2, Outputs = 2, ConservativeProjection = project };
        using var with = new AnisotropicSolver(Spec(true));
        using var without = new AnisotropicSolver(Spec(false));
        Assert.IsType<SpectralGridOperator>(with.Operator);
        var a = with.Solve(Bumps);
        var b = without.Solve(Bumps);
        Assert.Equal(StopKind.Completed, a.Stop.Kind);
        var (a0, a1) = (a.Diagnostics[0], a.Diagnostics[^1]);
        double n = Math.Abs(a1.Waveaction / a0.Waveaction - 1), e = Math.Abs(a1.Energy / a0.Energy - 1);
        double p = (a1.Momentum - a0.Momentum).Norm / a0.Waveaction;
        Assert.True(n <= 1e-12 && e <= 1e-12 && p <= 1e-12, $"{n:E2} {e:E2} {p:E2}");
        var (b0, b1) = (b.Diagnostics[0], b.Diagnostics[^1]);
        double drift = Math.Max(Math.Abs(b1.Waveaction / b0.Waveaction - 1), Math.Abs(b1.Energy / b0.Energy - 1));
        Assert.True(drift > 1e-10, $"{drift:E2}");
        Assert.True(Math.Abs(a1.WeightedSupNorm / a0.WeightedSupNorm - 1) > 1e-3);
    }

    /// <summary>The grid operator stays available as the reference (grid.method grid) and gives the same kind of solve.</summary>
    [Fact]
    public void GridMethodUsesTheGridOperator()
    {
        using var s = new AnisotropicSolver(new AnisotropicSolveSpec { Beta = 0.2, N = 5, HalfWidth = 2, Operator = AnisotropicMethod.Grid, SigmaPolarOrder = 2, SigmaAzimuthPoints = 4 });
        Assert.IsType<AnisotropicGridOperator>(s.Operator);
    }

    /// <summary>Odd or too large n, R beyond 2L and the grid-only truncation name their field.</summary>
    [Fact]
    public void InvalidSpectralSettingsNameTheirField()
    {
        AnisotropicSolveSpec S(int n, double? r = null, bool trunc = false) => new() { Beta = 0.2, N = n, HalfWidth = 3, SpectralR = r, TruncatedManifold = trunc };
        Assert.Equal("grid.n", Assert.Throws<InvalidInputException>(() => S(9).Validate()).Field);
        Assert.Equal("grid.n", Assert.Throws<InvalidInputException>(() => S(66).Validate()).Field);
        Assert.Equal("grid.R", Assert.Throws<InvalidInputException>(() => S(8, 7).Validate()).Field);
        Assert.Equal("grid.truncated_manifold", Assert.Throws<InvalidInputException>(() => S(8, trunc: true).Validate()).Field);
    }

    /// <summary>
    /// The datum check: a bump centred at |c| = 1.2 with width 0.3 in L = R = 3 (alias-free radius 1.5) is 0.61 of its
    /// maximum on |k| = 1.5 — invalid; L = R = 6 contains it (e^(−(3 − 1.2)²/(2·0.09)) = 1.5e-8, no warning); a width-0.5
    /// bump at the origin in L = 3 is e^(−4.5) = 1.1e-2 there — a warning.
    /// </summary>
    [Fact]
    public void TheBoxMustContainTheDatum()
    {
        var off = new BumpDistribution([new GaussianBump(1, new Vec3(1.2, 0, 0), 0.3)]);
        Assert.True(Math.Abs(SpectralDatum.EdgeRatio(off, 1.5) - Math.Exp(-0.09 / 0.18)) < 0.05, $"{SpectralDatum.EdgeRatio(off, 1.5)}");
        var e = Assert.Throws<InvalidInputException>(() => SpectralDatum.Check("initial", off, 3, 3));
        Assert.Equal("initial", e.Field);
        Assert.Null(SpectralDatum.Check("initial", off, 6, 6));
        var centred = new BumpDistribution([new GaussianBump(1, Vec3.Zero, 0.5)]);
        Assert.Equal(Math.Exp(-4.5), SpectralDatum.EdgeRatio(centred, 1.5), 12);
        Assert.NotNull(SpectralDatum.Check("initial", centred, 3, 3));
    }

    /// <summary>The inhomogeneous solver on the spectral operator: waveaction and energy over x and k conserved with the projection (exact transport conserves them).</summary>
    [Fact]
    public void InhomogeneousSolverConservesWithTheProjection()
    {
        var spec = new InhomogeneousSolveSpec
        {
            K = new AnisotropicSolveSpec { Beta = 0.5, N = 8, HalfWidth = 3, TEnd = 0.1, Outputs = 2, ConservativeProjection = true },
            Cells = [4, 1, 1], Dt = 0.05, Velocity = TransportVelocity.TwoK,
        };
        using var s = new InhomogeneousSolver(spec);
        var r = s.Solve(Bumps);
        Assert.Equal(StopKind.Completed, r.Stop.Kind);
        var (d0, d1) = (r.Diagnostics[0], r.Diagnostics[^1]);
        Assert.True(Math.Abs(d1.Waveaction / d0.Waveaction - 1) <= 1e-12 && Math.Abs(d1.Energy / d0.Energy - 1) <= 1e-12,
            $"{d1.Waveaction / d0.Waveaction - 1:E2} {d1.Energy / d0.Energy - 1:E2}");
        Assert.True(r.Density[^1].Max() - r.Density[^1].Min() < r.Density[0].Max() - r.Density[0].Min());
    }
}
