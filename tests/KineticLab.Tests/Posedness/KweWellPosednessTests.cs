using KineticLab.Numerics.TimeStepping;
using KineticLab.Posedness.KweWellPosedness;
using KineticLab.WaveKinetic.Isotropic;
using Xunit;

namespace KineticLab.Tests.Posedness;

/// <summary>The constants of (2.7), Jacobians and the contraction measurements of Theorem 2.6 (reduced sizes).</summary>
public class KweWellPosednessTests
{
    [Fact]
    public void CubicJacobianVectorProductIsExactForTheGainOnlyGridOperator()
    {
        var solver = new IsotropicSolver(new IsotropicSolveSpec { Beta = 0.4, Equation = CollisionPart.Gain, OmegaMin = 1e-2, OmegaMax = 20, PointsPerOctave = 2, WeightExponent = 4 });
        var y = solver.Grid.Sample(new KBracketDatum(8));
        var floor = solver.Grid.Rho.Select(r => 1e-3 / r).ToArray();
        var jac = GridJacobian.Dense(solver, 0, y, floor);
        int n = y.Length;
        var rng = new Random(3);
        var v = Enumerable.Range(0, n).Select(j => rng.NextDouble() / solver.Grid.Rho[j]).ToArray();
        var jv = new double[n];
        GridJacobian.CubicProduct(solver, 0, y, v, jv, eps: 0.7);   // exact for any ε: the operator is a cubic form
        double scale = GridJacobian.WeightedSup(jv, solver.Grid.Rho), err = 0;
        for (int i = 0; i < n; i++)
        {
            double d = 0;
            for (int j = 0; j < n; j++) d += jac[i * n + j] * v[j];
            err = Math.Max(err, solver.Grid.Rho[i] * Math.Abs(d - jv[i]));
        }
        // central differences with relative step 1e-4: error (1e-4)² of the cubic term
        Assert.True(err < 1e-7 * scale, $"|J·v − cubic product| = {err:E2} of {scale:E2}");
    }

    [Fact]
    public void WeightedNormIsTheInducedNormOfTheWeightedSupNorm()
    {
        double[] j = [1, -2, 0.5, 3];   // 2×2
        double[] rho = [1, 10];
        // row 0: (|1|/1 + |−2|/10)·1 = 1.2; row 1: (0.5/1 + 3/10)·10 = 8
        Assert.Equal(8, GridJacobian.WeightedNorm(j, rho), 1e-14);
    }

    [Fact]
    public void TheConstantOfL2AtTheThresholdIsTheGainCoefficient()
    {
        // β = 1/4: ⟨k⟩^M L2[w,w,w](ω) → K Q₀ (the expansion's G0 for w = (1+ω)^{−M/2}); measured 6 digits at 1e4
        var c = KweTrilinearConstants.Compute(new KweTrilinearConstantSpec(0.25, 8, 1e4, OmegaMin: 1e-2, PointsPerDecade: 1, RelTol: 1e-9));
        double limit = IsotropicAsymptotics.Expand(new KBracketDatum(8), 0.25, CollisionPart.Gain).Terms.Single(t => t.Name == "G0").Coefficient;
        var l2 = c.Pieces.Single(p => p.Piece == "L2");
        Assert.True(Math.Abs(l2.AtOmegaMax / limit - 1) < 1e-4, $"L2 at 1e4: {l2.AtOmegaMax:R}, K Q0 = {limit:R}");
        Assert.True(c.Bounded);
        Assert.True(c.Pieces.All(p => p.Value > 0));
    }

    [Fact]
    public void AboveTheThresholdTheConstantsOfG1AndL2GrowWithTheTruncation()
    {
        double beta = 0.5;
        var a = KweTrilinearConstants.Compute(new KweTrilinearConstantSpec(beta, 8, 1e2, OmegaMin: 1e-2, PointsPerDecade: 1, RelTol: 1e-8));
        var b = KweTrilinearConstants.Compute(new KweTrilinearConstantSpec(beta, 8, 1e4, OmegaMin: 1e-2, PointsPerDecade: 1, RelTol: 1e-8));
        foreach (var name in new[] { "G1", "L2" })
        {
            double g = Math.Log10(b.Pieces.Single(p => p.Piece == name).AtOmegaMax / a.Pieces.Single(p => p.Piece == name).AtOmegaMax) / 2;
            Assert.InRange(g, 0.45, 0.55);   // 2β − 1/2 = 0.5, corrections O(1/ω)
        }
        Assert.False(b.Bounded);
    }

    [Fact]
    public void SolutionStaysInTheBallAndThePicardMapContracts()
    {
        var r = KweContraction.Run(new KweContractionSpec
        {
            Beta = 0.25, M = 8, OmegaMax = 30, PointsPerOctave = 2, C1 = 1.578417, ConservativeProjection = false,
            JacobianTimes = [0], PicardIterations = 4, TimeNodes = 6, RelTol = 1e-10,
        });
        Assert.Equal(1 / (8 * 1.578417), r.T, 1e-12);
        Assert.True(r.NormRatio.Max() <= 2, $"max ‖n(t)‖/R = {r.NormRatio.Max()}");
        Assert.True(r.PicardRatios.All(x => x < 0.5), string.Join(", ", r.PicardRatios));
        Assert.True(r.LinearizedFactor < 0.5, $"linearized factor {r.LinearizedFactor}");
        // the Picard iterates converge to the solver's solution (spectral time integration against dopri5 at rtol 1e-10)
        Assert.True(r.PicardDistance < 1e-6, $"{r.PicardDistance:E2}");
        Assert.Equal(0.5, r.PrintedFactor, 1e-12);
        Assert.Equal(1.5, r.CorrectedFactor, 1e-12);
        Assert.True(r.Lipschitz.All(l => l.Lipschitz < 2), string.Join(", ", r.Lipschitz.Select(l => $"{l.Direction}: {l.Lipschitz}")));
    }
}
