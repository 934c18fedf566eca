using KineticLab.Boltzmann;
using KineticLab.Boltzmann.Exact;
using KineticLab.Boltzmann.Kernels;
using KineticLab.Boltzmann.Reference;
using KineticLab.Boltzmann.Spectral;
using KineticLab.Numerics.Fft;
using Xunit;

namespace KineticLab.Tests.Boltzmann;

public class MouhotPareschiTests
{
    /// <summary>2D Maxwell molecules (the separable case): BKW at t = 0.5, N = 64, 16 directions.</summary>
    [Fact]
    public void Bkw2DWithSixteenDirections()
    {
        var grid = new VelocityGrid(2, 64, 9.4);
        var bkw = new Bkw(2);
        using var op = new MouhotPareschiOperator(CollisionKernel.MaxwellBkw(2), grid, 7, 16, planning: FftPlanning.Estimate);
        var f = grid.Sample(v => bkw.Value(0.5, v[0] * v[0] + v[1] * v[1]));
        var exact = grid.Sample(v => bkw.TimeDerivative(0.5, v[0] * v[0] + v[1] * v[1]));
        var q = new double[grid.Total];
        op.Collision(f, q);
        double err = 0;
        for (int i = 0; i < q.Length; i++) err = Math.Max(err, Math.Abs(q[i] - exact[i]));
        // Measured 4.9e-13.
        Assert.True(err < 1e-11, $"max error {err:E3}");
        Assert.Equal(2 * 16 + 2, op.FftsPerCollision);
    }

    /// <summary>3D hard spheres: Q(μ, μ) ≈ 0 and Q(f, f) at v = 0 against direct quadrature (two Gaussians).</summary>
    [Fact]
    public void HardSpheres3DAgainstDirectQuadrature()
    {
        var grid = new VelocityGrid(3, 32, 8);
        var k = new CollisionKernel(RelativeSpeedKernel.Power(3, 1), AngularKernel.SeedAbsCos(3));
        using var op = new MouhotPareschiOperator(k, grid, 5, 128, planning: FftPlanning.Estimate);
        double[] m1 = [0.6, 0, 0], m2 = [-0.5, 0.4, 0];
        var mu = grid.Sample(v => Gaussian.Density(v, m1, 0.8));
        var q = new double[grid.Total];
        op.Collision(mu, q);
        Assert.True(q.Max(Math.Abs) < 1e-6, $"max |Q(μ,μ)| {q.Max(Math.Abs):E3}");
        VelocityFunction fv = v => 0.6 * Gaussian.Density(v, m1, 0.7) + 0.4 * Gaussian.Density(v, m2, 0.8);
        op.Collision(grid.Sample(fv), q);
        var dq = new DirectQuadrature(k, radius: 8, radialPoints: 40, sphereZ: 16, sphereAzimuth: 32, angularPoints: 16);
        double[] zero = [0, 0, 0];
        double reference = dq.Collision(fv, fv, zero), loss = dq.Loss(fv, fv, zero);
        int idx = 16 * 32 * 32 + 16 * 32 + 16;
        // Measured 1.2e-6 of Q⁻ with 128 directions (2.5e-4 with 32).
        Assert.True(Math.Abs(q[idx] - reference) < 1e-5 * loss, $"MP {q[idx]:E8} direct {reference:E8}");
    }

    [Fact]
    public void RejectsKernelsThatDoNotSeparate()
    {
        var grid = new VelocityGrid(3, 16, 6);
        Assert.Throws<InvalidInputException>(() => new MouhotPareschiOperator(CollisionKernel.SeedPower(3, -1), grid, 4, 8));
        Assert.Throws<InvalidInputException>(() => new MouhotPareschiOperator(new CollisionKernel(RelativeSpeedKernel.Power(3, 1), AngularKernel.OmegaPower(3, 2)), grid, 4, 8));
    }
}
