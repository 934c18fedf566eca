using KineticLab.Numerics.Fft;
using KineticLab.Numerics.Quadrature;
using KineticLab.Numerics.Spectral;
using KineticLab.WaveKinetic.Anisotropic;
using KineticLab.WaveKinetic.Spectral;
using Xunit;

namespace KineticLab.Tests.WaveKinetic;

/// <summary>
/// <see cref="DealiasedKweSpectralOperator"/> (docs/kwe-anisotropic-spectral.md §4.2): the plain operator on the 3N/2 grid
/// read at the N-grid's nodes, and what that buys against an independent quadrature. The full 3D acceptance runs are the
/// validation cases spectral-vs-isotropic and spectral-vs-pointwise.
/// </summary>
public class DealiasedSpectralOperatorTests
{
    private static readonly KweSpectralOptions Small = new() { R = 3, RadialPoints = 16, Directions = SphereRule.Circle(32), Planning = FftPlanning.Estimate };

    private static double Bump(double x, double y) => Math.Exp(-((x - 0.3) * (x - 0.3) + (y + 0.2) * (y + 0.2)) / 0.5);

    /// <summary>
    /// The construction (2D, N = 32 → M = 48): at the nodes the two grids share (every second N-node is every third M-node),
    /// the dealiased parts equal the plain operator's on the M-grid fed with the same up-sampled data, up to the M-grid
    /// output's Nyquist modes, which the read-back drops (measured 8.0e-10 and 4.8e-9 of max|C|; tolerance 2e-8). A wrong
    /// node map, offset or scaling of the resamplings gives O(1).
    /// </summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void IsThePlainOperatorOnTheFinerGridAtTheSharedNodes(double beta)
    {
        int n = 32, m = 48;
        var g = new PeriodicGrid(2, n, 4);
        var gm = new PeriodicGrid(2, m, 4);
        var f = g.Sample(x => Bump(x[0], x[1]));
        var fm = new double[gm.Total];
        using (var up = new SpectralResampler(2, n, m, FftPlanning.Estimate)) up.Apply(f, fm);
        var d = SpectralValidation.Evaluate(g, beta, Small, f, dealias: true);
        var p = SpectralValidation.Evaluate(gm, beta, Small, fm);
        double worst = 0;
        int shared = 0;
        for (int a = 0; a < n; a += 2)
            for (int b = 0; b < n; b += 2)
            {
                int i = a * n + b, j = 3 * a / 2 * m + 3 * b / 2;
                worst = Math.Max(worst, Math.Max(Math.Abs(d.G1[i] - p.G1[j]), Math.Max(Math.Abs(d.G2[i] - p.G2[j]), Math.Abs(d.L[i] - p.L[j]))));
                shared++;
            }
        Assert.Equal(256, shared);
        Assert.True(worst <= 2e-8 * p.MaxC, $"{worst / p.MaxC:E2} of max|C|");
    }

    /// <summary>
    /// What it is for (2D, Gaussian e^{−|k|²/½}, L = 4, R = 3, N = 32, against the independent product quadrature of the
    /// rectangle form): the plain operator's error is the products' aliasing (measured 3.0e-7 at β = 0, 8.5e-6 at β = 1), the
    /// dealiased operator's is 1.1e-8 at both — claimed ≤ 1e-7, and at least 10× below the plain operator.
    /// </summary>
    [Theory]
    [InlineData(0.0)]
    [InlineData(1.0)]
    public void ResolvesTheProductsThePlainOperatorAliases(double beta)
    {
        double plain = SpectralOperatorTests.TwoDimensionalError(32, beta, 128);
        double dealiased = SpectralOperatorTests.TwoDimensionalError(32, beta, 128, dealias: true);
        Assert.True(dealiased <= 1e-7, $"dealiased {dealiased:E2}");
        Assert.True(plain >= 10 * dealiased, $"plain {plain:E2}, dealiased {dealiased:E2}");
    }

    /// <summary>The trilinear forms go through the same resampling: with f = g = h, G1 equals the fast G1 of the dealiased operator to round-off of the resampling.</summary>
    [Fact]
    public void TrilinearFormsAreDealiasedToo()
    {
        var g = new PeriodicGrid(2, 32, 4);
        var f = g.Sample(x => Bump(x[0], x[1]));
        using var op = new DealiasedKweSpectralOperator(g, 1, Small);
        var t = new double[g.Total];
        op.Trilinear(SigmaTerm.G1, f, f, f, t);
        using var plain = new KweSpectralOperator(g, 1, Small);
        var tp = new double[g.Total];
        plain.Trilinear(SigmaTerm.G1, f, f, f, tp);
        var res = SpectralValidation.Evaluate(g, 1, Small, f, dealias: true);
        double gmax = res.G1.Max(Math.Abs), dd = 0, dp = 0;
        for (int i = 0; i < g.Total; i++) { dd = Math.Max(dd, Math.Abs(t[i] - res.G1[i])); dp = Math.Max(dp, Math.Abs(tp[i] - res.G1[i])); }
        // the hemisphere-cut trilinear G1 with f = g = h is the fast G1 up to the two forms' discretisations (1e-3, as for the plain operator)
        Assert.True(dd <= 1e-3 * gmax, $"{dd / gmax:E2}");
        Assert.True(dd < dp, $"dealiased {dd / gmax:E2}, plain {dp / gmax:E2}");
    }

    [Fact]
    public void RefusesGridsItCannotServe()
    {
        Assert.Throws<InvalidInputException>(() => new DealiasedKweSpectralOperator(new PeriodicGrid(2, 30, 4), 0, Small));
        Assert.Throws<InvalidInputException>(() => new DealiasedKweSpectralOperator(new PeriodicGrid(2, 32, 4, offset: 0.5), 0, Small));
        Assert.Throws<InvalidInputException>(() => new DealiasedKweSpectralOperator(new PeriodicGrid(3, 88, 4), 0, Small with { Directions = null }));
    }
}
