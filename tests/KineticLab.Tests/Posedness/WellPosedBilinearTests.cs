using KineticLab.Boltzmann;
using KineticLab.Boltzmann.Kernels;
using KineticLab.Boltzmann.Spectral;
using KineticLab.Numerics.Quadrature;
using KineticLab.Posedness.RockAndNeedles;
using KineticLab.Posedness.WellPosed;
using Xunit;
using Xunit.Abstractions;

namespace KineticLab.Tests.Posedness;

/// <summary>The well-posed side, bilinear part (docs/boltzmann-well-posed.md §2–§4).</summary>
public class WellPosedBilinearTests(ITestOutputHelper output)
{
    // The Bobylev form with κ = (2π)^{−d}c_{d,γ} (and f̃ at ξ⁻) is the Fourier transform of the physical gain term: two
    // independent computations (fast spectral operator on a grid; Fourier-side quadrature with closed η-integrals) agree to
    // ≤ 1e-8 (measured 2e-11, 2e-12); the printed assignment f̃(ξ⁺)g̃(ξ⁻) is a different operator (off by 8.7%, 7.9%).
    // γ = 0 with a relative translation (complex phases); γ = −1/2 with a common centre (the closed η-integral; the
    // 1-D s-integral that handles phases and needles is checked against it in the next test).
    [Theory]
    [InlineData(0.0)]
    [InlineData(-0.5)]
    public void BobylevFormIsTheTransformOfThePhysicalGain(double gamma)
    {
        double[] mf = [0.3, -0.2], mg = gamma == 0 ? [-0.4, 0.5] : [0.3, -0.2];
        double sf = 0.8, sg = 0.6;
        var grid = new VelocityGrid(2, 64, 8);
        using var op = new FastSpectralOperator(CollisionKernel.SeedPower(2, gamma), grid, new SpectralOptions { R = 7, Sphere = SphereRule.Circle(32) });
        var f = new double[grid.Total]; var g = new double[grid.Total]; var v = new double[2];
        for (int i = 0; i < grid.Total; i++)
        {
            grid.Point(i, v);
            f[i] = KineticLab.Boltzmann.Exact.Gaussian.Density(v, mf, sf);
            g[i] = KineticLab.Boltzmann.Exact.Gaussian.Density(v, mg, sg);
        }
        var gain = new double[grid.Total]; var loss = new double[grid.Total];
        op.Parts(f, g, gain, loss);
        double physical = 2 * Math.PI * Math.Sqrt(gain.Sum(x => x * x) * grid.CellVolume);
        var fg = new FourierGain(2, gamma);
        var F = FourierGaussian.Bump(new double[2], 1 / sf, mf);
        var G = FourierGaussian.Bump(new double[2], 1 / sg, mg);
        double fourier = fg.L2Norm(F, G, nodesPerScale: 2, order: 8);
        double printed = fg.L2Norm(G, F, nodesPerScale: 2, order: 8);
        output.WriteLine($"γ={gamma}: physical {physical:R}, Bobylev {fourier:R} ({fourier / physical - 1:E2}), printed assignment {printed / physical - 1:E2}");
        Assert.True(Math.Abs(fourier / physical - 1) < 1e-8);
        Assert.True(Math.Abs(printed / physical - 1) > 0.05);
    }

    // The s-integral form of the η-integral (needles, relative phases) against the closed ₁F₁ form where both apply
    // (a needle with aspect 1 + 1e-9): measured 6e-10; 1e-8 allowed (the s-rule and its analytic end pieces).
    [Fact]
    public void TheSIntegralAgreesWithTheClosedEtaIntegral()
    {
        var op = new FourierGain(2, -0.5);
        var a = FourierGaussian.Bump([0.5, 0], 1.0);
        var b = FourierGaussian.Bump([-0.3, 0.2], 0.7);
        var bn = FourierGaussian.Needle([-0.3, 0.2], [1, 0], 0.7 * (1 + 1e-9), 0.7);
        double c = op.L2Norm(a, b), s = op.L2Norm(a, bn);
        output.WriteLine($"closed {c:R}, s-integral {s:R} ({s / c - 1:E2})");
        Assert.True(Math.Abs(s / c - 1) < 1e-8);
    }

    // (2.8) at γ = 0, d = 2 (g̃ ∈ L^∞) fails logarithmically: for concentric bumps of widths a ≪ b, ratio² = C + 16π ln(b/a)
    // (asymptotics in GainEstimates.EndpointLogSlope). The increments of ratio² per factor 4 must match 16π ln 4 = 69.7 to 3%
    // (measured 69.6); in d = 3 the same ratio converges (increments → 0), and for γ = −1/2 it decreases beyond b/a = 16.
    [Fact]
    public void TheEndpointOfTwoEightDivergesLogarithmicallyInTwoDimensions()
    {
        double[] ratios = [64, 256, 1024, 4096];
        var s2 = GainEstimates.Scan(2, 0, GainEstimate.FirstInL2, ratios);
        var sq = s2.Points.Select(p => p.Ratio * p.Ratio).ToArray();
        double expected = GainEstimates.EndpointLogSlope * Math.Log(4);
        for (int i = 1; i < sq.Length; i++)
        {
            output.WriteLine($"d=2 γ=0: ratio² {sq[i - 1]:F3} → {sq[i]:F3}, increment {sq[i] - sq[i - 1]:F3} (16π ln 4 = {expected:F3})");
            Assert.True(Math.Abs((sq[i] - sq[i - 1]) / expected - 1) < 0.03);
        }
        var s3 = GainEstimates.Scan(3, 0, GainEstimate.FirstInL2, ratios);
        output.WriteLine($"d=3 γ=0: {string.Join(", ", s3.Points.Select(p => p.Ratio.ToString("F5")))}");
        Assert.True(Math.Abs(s3.Points[^1].Ratio / s3.Points[^2].Ratio - 1) < 2e-3);
        var soft = GainEstimates.Scan(2, -0.5, GainEstimate.FirstInL2, [16, 64, 256]);
        Assert.True(soft.Points[0].Ratio > soft.Points[1].Ratio && soft.Points[1].Ratio > soft.Points[2].Ratio);
    }

    // The mixed kernel is ≤ |u − v|^{−1}b: its gain is smaller on every pair; and the γ = −1 ratio of concentric equal bumps on
    // the physical side equals the Fourier-side value (independent methods, measured agreement 1e-6; 1e-4 allows the N = 32 grid).
    [Fact]
    public void MixedKernelStaysBelowItsSoftBound()
    {
        var rows = GainEstimates.MixedKernel();
        foreach (var r in rows) output.WriteLine($"{r.Pair}: mixed {r.GainMixed:G6} ≤ γ=−1 {r.GainSoft:G6}; ratios {r.RatioMixed:G6}, {r.RatioSoft:G6}");
        Assert.All(rows, r => Assert.True(r.GainMixed < r.GainSoft));
        double fourier = GainEstimates.Scan(3, -1, GainEstimate.FirstInL2, [1]).Points[0].Ratio;
        output.WriteLine($"Fourier side, equal widths: {fourier:R}");
        Assert.True(Math.Abs(rows[0].RatioSoft / fourier - 1) < 1e-4);
    }

    // A short search improves on its start, and its best point re-evaluated on a twice finer ξ grid and σ rule moves by less
    // than 1e-5 (the quadrature error of the search; measured 1e-7).
    [Fact]
    public void GainSearchImprovesAndItsQuadratureIsConverged()
    {
        var c = new GainCase(2, -0.5, GainEstimate.FirstInL2, ProfileKind.Bump, ProfileKind.Bump);
        var r = GainSearch.Run(c, 1, 3, 12);
        output.WriteLine($"{c.Name}: start {r.Search.Starts[0].StartValue:F6} → {r.Best:F8} (refined {r.BestRefined:F8}) at {r.Maximizer}");
        Assert.True(r.Best > r.Search.Starts[0].StartValue);
        Assert.True(Math.Abs(r.BestRefined / r.Best - 1) < 1e-5);
    }

    // The time-dependent continuum rate reduces to the rock-and-needles lab's pieces: the per-needle term of NeedleBeam
    // (same quadrature, to rounding) and at t = 0 the profile Ψ_d (to the accuracy of the 256-angle trapezoidal rule on the
    // e^{−1/t}-type transitions of χ: measured 1e-9; 1e-7 allowed).
    [Fact]
    public void BeamRateProfileReducesToTheNeedleLab()
    {
        var p = SpaceTimeRatio.Defaults(2, -0.5) with { M = 16, N2 = 64 };
        var prof = new BeamRateProfile(p, p.N2);
        var beam = new NeedleBeam(p, directions: new double[2]);
        foreach (var t in new[] { 0.0, 0.1, 0.25 })
            foreach (var (a, b) in new[] { (0.01, 0.03), (-0.05, -0.1), (0.0, 0.12) })
                Assert.True(Math.Abs(prof.Term(t, a, b) - beam.NeedleTerm(t, a, b)) <= 1e-12 * Math.Abs(beam.NeedleIntegral()));
        var psi = new Bump.PsiTable(2);
        foreach (var r in new[] { 0.5, 1.2, 1.5, 1.9 })
            Assert.True(Math.Abs(prof.Profile(0, r) - psi[r]) < 1e-7, $"{r}: {prof.Profile(0, r)} vs {psi[r]}");
    }

    // Acceptance (item 3): Γ_T(M) of rock and needles, d = 2, γ ∈ {−1/2, 0}: exponent of M at s₀ = 3/4 ≤ 0.05 (and within
    // 0.01 of −1/4); at s₀ = 1/4 within 0.01 of +1/4. Γ₀ equals the lab's t = 0 ratio where the weights agree (s₀ ≥ −γ) to 1e-4
    // (different quadratures of the same rate; measured 1e-6). The inhomogeneous weights move the exponents by ≤ 2e-3 at M ≥ 16.
    [Theory]
    [InlineData(-0.5)]
    [InlineData(0.0)]
    public void SpaceTimeRatioOfNeedlesHasTheThresholdExponent(double gamma)
    {
        var spec = new SpaceTimeRatioSpec { Base = SpaceTimeRatio.Defaults(2, gamma), S0s = [0.25, 0.75], Ms = [16, 64, 256], Grid = SpaceTimeGrid.Coarse };
        var r = SpaceTimeRatio.Run(spec);
        foreach (var e in r.Exponents) output.WriteLine($"γ={gamma} s0={e.S0}: Γ0 {e.Gamma0.Value:F5}, Γ_T {e.GammaT.Value:F5}, L¹ {e.GammaL1.Value:F5}");
        var hi = r.Exponents.Single(e => e.S0 == 0.75);
        var lo = r.Exponents.Single(e => e.S0 == 0.25);
        Assert.True(hi.GammaT.Value <= 0.05);
        Assert.True(Math.Abs(hi.GammaT.Value + 0.25) < 0.01);
        Assert.True(Math.Abs(lo.GammaT.Value - 0.25) < 0.01);
        var br = BilinearRatio.Run(new BilinearRatioSpec { Base = BilinearRatio.Defaults(2), Kernels = [gamma], S0s = [0.75, 1.0], Ms = [16, 64, 256] });
        foreach (var bp in br.Curves[0].Points.Where(x => x.S0 == 0.75))
        {
            var sp = r.Points.Single(x => x.S0 == 0.75 && x.M == bp.M);
            output.WriteLine($"M={bp.M}: Γ0 {sp.Gamma0:R} vs bilinear-ratio {bp.Gamma:R}");
            Assert.True(Math.Abs(sp.Gamma0 / bp.Gamma - 1) < 1e-4);
        }
    }

    // Bullets (round beams) gain half a derivative at t = 0 and lose it under the time integration; the L¹_t damping loses a
    // further half: exponents d/2 − s₀, (d−1)/2 − s₀, (d−2)/2 − s₀ (here s₀ = 1/2: 1/2, 0, −1/2), within 0.01.
    [Fact]
    public void BulletsLoseTheirHalfDerivativeUnderTimeIntegration()
    {
        var spec = new SpaceTimeRatioSpec { Base = SpaceTimeRatio.Defaults(2, -0.5), Shape = BeamShape.Bullets, S0s = [0.5], Ms = [16, 64], Grid = SpaceTimeGrid.Coarse };
        var e = SpaceTimeRatio.Run(spec).Exponents[0];
        output.WriteLine($"bullets s0=1/2: Γ0 {e.Gamma0.Value:F5}, Γ_T {e.GammaT.Value:F5}, L¹ {e.GammaL1.Value:F5}");
        Assert.True(Math.Abs(e.Gamma0.Value - 0.5) < 0.01);
        Assert.True(Math.Abs(e.GammaT.Value) < 0.01);
        Assert.True(Math.Abs(e.GammaL1.Value + 0.5) < 0.01);
    }

    // Concentrating Gaussians: the cusp-corrected FFT norm is exact on a Gaussian (naive Riemann sum off by 6e-3 at a = 1e-4);
    // the scaled time integral I(M) converges (I(128)/I(32) − 1 < 1e-2) and the exponent at s₀ = 3/4 is within 0.03 of −1/4.
    [Fact]
    public void GaussianSpaceTimeRatioConvergesWithTheScalingExponent()
    {
        var r = GaussianSpaceTime.Run(new GaussianSpaceTimeSpec { N = 64, L = 24, VNodes = 10, TNodes = 4, Ms = [8, 32, 128] });
        foreach (var p in r.Points) output.WriteLine($"s0={p.S0} M={p.M}: Γ_T {p.GammaT:G6}, I {p.Integral:G6}");
        foreach (var s0 in new[] { 0.25, 0.5, 0.75 })
        {
            var pts = r.Points.Where(p => p.S0 == s0).ToList();
            Assert.True(Math.Abs(pts[2].Integral / pts[1].Integral - 1) < 1e-2);
        }
        var hi = r.Exponents.Single(x => x.S0 == 0.75).Exponent.Value;
        Assert.True(hi <= 0.05 && Math.Abs(hi + 0.25) < 0.03, $"{hi}");
        // the corrected weighted sum on a sampled Gaussian
        int n = 64; double L = 20, h = L / n, dk = 2 * Math.PI / L;
        var k2 = new double[n * n]; var s = new double[n * n];
        var inp = new System.Numerics.Complex[n * n]; var outp = new System.Numerics.Complex[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                double y0 = -L / 2 + i * h, y1 = -L / 2 + j * h;
                inp[i * n + j] = Math.Exp(-0.5 * (y0 * y0 + y1 * y1));
                int a = i <= n / 2 ? i : i - n, b = j <= n / 2 ? j : j - n;
                k2[i * n + j] = dk * dk * (a * a + b * b);
            }
        using var fft = KineticLab.Numerics.Fft.Fft.Create([n, n]);
        fft.Forward(inp, outp);
        for (int m = 0; m < n * n; m++) { double mg = outp[m].Magnitude * h * h; s[m] = mg * mg; }
        double exact = Math.Pow(GaussianSpaceTime.GaussianWeightNorm(0.25, 1e-4, 2), 2);
        Assert.True(Math.Abs(GaussianSpaceTime.WeightedSum(s, k2, 0.25, 1e-4, dk, 2) / exact - 1) < 1e-10);
    }

    // The deflation study's analysis pieces: the grid norm against the closed form of a product Gaussian,
    // its invariance under exact free transport (sampled at t and 0), the rate of the toy datum against brute-force
    // quadrature over the velocity box, and the fits on synthetic data with known exponents.
    [Fact]
    public void DeflationAnalysisPiecesAreRight()
    {
        int nx = 32, nv = 32; double lx = 12, lv = 6, s = 0.5, r = 0.25, sx = 0.9, sv = 0.7;
        double F0(double x0, double x1, double v0, double v1)
        {
            double acc = 0;
            for (int i = -1; i <= 1; i++)
                for (int k = -1; k <= 1; k++)
                {
                    double a = x0 - lx / 2 + i * lx, b = x1 - lx / 2 + k * lx;
                    acc += Math.Exp(-(a * a + b * b) / (2 * sx * sx));
                }
            return acc * Math.Exp(-(v0 * v0 + v1 * v1) / (2 * sv * sv));
        }
        double[] Sample(double t)
        {
            var f = new double[nx * nx * nv * nv];
            for (int ix = 0; ix < nx * nx; ix++)
                for (int iv = 0; iv < nv * nv; iv++)
                {
                    double x0 = (ix / nx) * lx / nx, x1 = (ix % nx) * lx / nx;
                    double v0 = -lv + (iv / nv) * 2 * lv / nv, v1 = -lv + (iv % nv) * 2 * lv / nv;
                    double y0 = x0 - t * v0, y1 = x1 - t * v1;
                    y0 -= lx * Math.Floor(y0 / lx); y1 -= lx * Math.Floor(y1 / lx);
                    f[ix * nv * nv + iv] = F0(y0, y1, v0, v1);
                }
            return f;
        }
        double n0 = GridNorm.Compute(Sample(0), nx, lx, nv, lv, s, r);
        double nt = GridNorm.Compute(Sample(0.8), nx, lx, nv, lv, s, r);
        // closed form: ‖⟨∇⟩^s e^{−|x|²/(2σ²)}‖ = σ^{1−s} G(σ²) (G of GaussianSpaceTime), ‖⟨v⟩^r e^{−|v|²/(2σ_v²)}‖² = 2π∫(1+ρ²)^r e^{−ρ²/σ_v²}ρ dρ
        double xPart = Math.Pow(sx, 1 - s) * GaussianSpaceTime.GaussianWeightNorm(s, sx * sx, 2);
        var rr = GaussLegendre.Get(64);
        double vPart2 = 0;
        for (int i = 0; i < rr.N; i++) { double rho = 3 + 3 * rr.Nodes[i]; vPart2 += 3 * rr.Weights[i] * Math.Pow(1 + rho * rho, r) * Math.Exp(-rho * rho / (sv * sv)) * rho; }
        double exactNorm = xPart * Math.Sqrt(2 * Math.PI * vPart2);
        output.WriteLine($"grid norm {n0:R} (transported {nt:R}), closed form {exactNorm:R}");
        // the torus norm is a Riemann sum in k of (1 + k²)^s|φ̂|², analytic in |Im k| < 1: error ~ e^{−L_x} = 6e-6 (measured 3e-7)
        Assert.True(Math.Abs(n0 / exactNorm - 1) < 1e-5);
        Assert.True(Math.Abs(nt / n0 - 1) < 1e-9);
        // the toy datum's rate against a brute-force velocity quadrature of b₁∫f_b|u|^γ du
        var dd = new DeflationDatum { M = 1.5 };
        double[] xq = [dd.Centre + 0.2, dd.Centre - 0.1];
        double tq = dd.FocusTime - 0.3;
        var gl = GaussLegendre.Get(64);
        double brute = 0;
        Span<double> u = stackalloc double[2];
        foreach (var (lo, hi) in new[] { (-6.0, -2.0), (-2.0, 2.0), (2.0, 6.0) })
            foreach (var (lo2, hi2) in new[] { (-6.0, -2.0), (-2.0, 2.0), (2.0, 6.0) })
                for (int i = 0; i < gl.N; i++)
                    for (int j = 0; j < gl.N; j++)
                    {
                        u[0] = 0.5 * (lo + hi) + 0.5 * (hi - lo) * gl.Nodes[i];
                        u[1] = 0.5 * (lo2 + hi2) + 0.5 * (hi2 - lo2) * gl.Nodes[j];
                        double w = 0.25 * (hi - lo) * (hi2 - lo2) * gl.Weights[i] * gl.Weights[j];
                        brute += w * dd.Beam(tq, xq, u) * Math.Pow(Math.Sqrt(u[0] * u[0] + u[1] * u[1]), dd.Gamma);
                    }
        brute *= dd.B1;
        output.WriteLine($"rate {dd.Rate(tq, xq):R} vs brute force {brute:R}");
        Assert.True(Math.Abs(dd.Rate(tq, xq) / brute - 1) < 1e-6);
        // fits
        double[] ms = [20, 100, 1000, 1e4];
        var good = ms.Select(m => new SolutionDeflationRow(m, Math.Log(Math.Log(m)), 1, 1, 1, 0.3 / Math.Sqrt(m))).ToList();
        var fit = DeflationAnalysis.Fit(good);
        Assert.True(Math.Abs(fit.ErrorExponent.Value + 0.5) < 1e-12 && fit.ErrorBoundViolations == 0);
        Assert.True(Math.Abs(fit.FactorVsLogLog.Value - 1) < 1e-12);
        var bad = ms.Select(m => new SolutionDeflationRow(m, 2, 1, 1, 1, 0.3 * Math.Pow(m, -0.3))).ToList();
        Assert.True(DeflationAnalysis.Fit(bad).ErrorBoundViolations == 3);
    }

    /// <summary>
    /// The deflation study's pipeline on an exact solution: without collisions f_a(t) = f_r(0, x − tv, v) + f_b(t) is the
    /// free transport of the datum, so the solver's f (exact transport of the grid's trigonometric polynomial) must agree
    /// with it at every step up to the modes the grid drops at the start (needle width 0.6/M on h = 0.3125: measured
    /// 2.6e-8 of the norm at M = 1, 4.9e-4 at M = 1.5; asserted ≤ 1e-3), a distance that then travels with the solution
    /// (constant to 5%) — a solver that did not move f would be off by O(1), the needles cross the box; and free transport
    /// keeps the L²_v H^{s0}_x norm (translation per velocity), to round-off.
    /// </summary>
    [Fact]
    public void DeflationStudyFollowsTheExactFreeSolution()
    {
        var r = SolutionDeflationStudy.Run(new SolutionDeflationSpec { Ms = [1, 1.5], Nv = 16, Steps = 3, Dt = 0.4, Collisions = false, Threads = 2 });
        foreach (var m in new[] { 1.0, 1.5 })
        {
            var s = r.Samples.Where(x => x.M == m).ToList();
            output.WriteLine(string.Join("; ", s.Select(x => $"t = {x.T:G3}: ‖f‖ {x.NormSolution:G6}, ‖f_a‖ {x.NormApprox:G6}, ‖f − f_a‖ {x.Error:E2}")));
            Assert.Equal(4, s.Count);
            Assert.All(s, x => Assert.True(x.Error <= 1e-3 * x.NormSolution, $"t = {x.T}: {x.Error:E2}"));
            Assert.All(s, x => Assert.True(Math.Abs(x.Error - s[0].Error) <= 0.05 * s[0].Error + 1e-9 * x.NormSolution, $"t = {x.T}: {x.Error:E2}"));
            Assert.True(Math.Abs(s[^1].NormSolution / s[0].NormSolution - 1) <= 1e-12);
        }
        Assert.Equal(2, r.Rows.Count);
    }
}
