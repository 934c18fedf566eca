using System.Numerics;
using KineticLab.Boltzmann;
using KineticLab.Boltzmann.Exact;
using KineticLab.Boltzmann.Kernels;
using KineticLab.Boltzmann.Spectral;
using KineticLab.Numerics.Fft;
using KineticLab.Numerics.Quadrature;
using KineticLab.Numerics.Spectral;
using Xunit;

namespace KineticLab.Tests.Numerics;

/// <summary>The spectral core shared by the Boltzmann and the kinetic wave operators (Numerics/Spectral).</summary>
public class SpectralCoreTests
{
    /// <summary>
    /// The trigonometric interpolant reproduces a trigonometric polynomial of degree below N/2 per axis (with sines and
    /// cosines, shifted phases) at off-grid points to round-off, on nodes and on cell centres, and returns the grid values at
    /// the grid points; an unresolved mode (degree 5 &gt; N/2) is not reproduced.
    /// </summary>
    [Theory]
    [InlineData(2, 0.0)]
    [InlineData(3, 0.0)]
    [InlineData(3, 0.5)]
    public void TrigonometricInterpolantIsExactForResolvedModes(int d, double offset)
    {
        var g = new PeriodicGrid(d, 8, 2.5, offset);
        double w = Math.PI / g.L;
        double F(ReadOnlySpan<double> x)
        {
            double v = 0.3 + Math.Cos(3 * w * x[0] + 0.4) * Math.Sin(2 * w * x[1] - 1.1);
            if (d == 3) v += 0.7 * Math.Cos(w * x[0] - 3 * w * x[2] + 0.2) + Math.Sin(3 * w * x[1]) * Math.Cos(3 * w * x[2]);
            return v;
        }
        var v = g.Sample(F);
        var rng = new Random(4);
        double worst = 0;
        for (int t = 0; t < 20; t++)
        {
            var x = new double[d];
            for (int a = 0; a < d; a++) x[a] = (2 * rng.NextDouble() - 1) * 3;   // also outside [−L, L): periodic
            worst = Math.Max(worst, Math.Abs(g.Interpolate(v, x) - F(x)));
        }
        Assert.True(worst <= 1e-13, $"{worst:E2}");
        var p = new double[d];
        g.Point(37, p);
        Assert.Equal(v[37], g.Interpolate(v, p), 14);
        // a mode the grid cannot resolve is not reproduced off the grid (the test would catch an interpolant that ignores the data)
        var n = g.Sample(x => Math.Cos(5 * w * x[0]));
        var q = new double[d];
        q[0] = 0.123;
        Assert.True(Math.Abs(g.Interpolate(n, q) - Math.Cos(5 * w * 0.123)) > 0.1);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void ChebyshevTablesReproduceTheCarlemanMultipliers(int d)
    {
        var k = new CarlemanKernels(d, 60);
        double worst = 0;
        for (double x = 0; x <= 60; x += 0.0371)
        {
            worst = Math.Max(worst, Math.Abs(k.Line.Eval(x) - CarlemanKernels.LineExact(d, x)));
            worst = Math.Max(worst, Math.Abs(k.Disc.Eval(x) - CarlemanKernels.DiscExact(d, x)));
        }
        Assert.True(worst <= 1e-13, $"{worst:E2}");
    }

    /// <summary>The closed forms against quadrature of their defining integrals.</summary>
    [Theory]
    [InlineData(2, 0.3)]
    [InlineData(2, 7.9)]
    [InlineData(3, 0.2)]
    [InlineData(3, 11.3)]
    public void CarlemanMultipliersAreTheLineAndDiscIntegrals(int d, double x)
    {
        // Λ_d(x) = ∫_0^1 t^{d−2} cos(xt) dt;  D_d(x) = ∫_{|z| ≤ 1, z ∈ R^{d−1}} e^{i x z_1} dz
        var gl = GaussJacobi.Legendre(200, 0, 1);
        double line = 0, disc = 0;
        for (int i = 0; i < gl.Count; i++)
        {
            double t = gl.Nodes[i];
            line += gl.Weights[i] * Math.Pow(t, d - 2) * Math.Cos(x * t);
            // disc: 2D line segment ∫_{−1}^{1} cos(xt) dt; 3D: ∫_{−1}^{1} 2√(1−t²) cos(xt) dt
            disc += 2 * gl.Weights[i] * (d == 2 ? Math.Cos(x * t) : 2 * Math.Sqrt(1 - t * t) * Math.Cos(x * t));
        }
        Assert.True(Math.Abs(line - CarlemanKernels.LineExact(d, x)) <= 1e-12, $"line {line} vs {CarlemanKernels.LineExact(d, x)}");
        Assert.True(Math.Abs(disc - CarlemanKernels.DiscExact(d, x)) <= (d == 3 ? 1e-5 : 1e-12), $"disc {disc} vs {CarlemanKernels.DiscExact(d, x)}");   // √(1−t²) limits Gauss–Legendre
    }

    /// <summary>A phase shift moves a trigonometric polynomial exactly (2D and 3D), conjugation shifts back.</summary>
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void PhaseShiftMovesATrigonometricPolynomialExactly(int d)
    {
        int n = 12; double l = 2;
        var grid = new PeriodicGrid(d, n, l);
        var modes = new SpectralModes(d, n, l);
        double F(ReadOnlySpan<double> x) { double s = 1; for (int a = 0; a < x.Length; a++) s += 0.3 * Math.Cos(Math.PI / l * (a + 1) * x[a] + 0.2 * a); return s; }
        var f = grid.Sample(F);
        using var fft = KineticLab.Numerics.Fft.Fft.Create(grid.Shape, FftPlanning.Estimate);
        var fh = new Complex[fft.HalfLength];
        fft.ForwardReal(f, fh);
        for (int m = 0; m < fh.Length; m++) fh[m] /= grid.Total;
        var shift = new PhaseShift(modes);
        double[] s = d == 3 ? [0.37, -0.81, 0.5] : [0.37, -0.81];
        shift.Prepare(Math.PI / l, s);
        var t = new Complex[fh.Length];
        shift.Apply(fh, t, default, 1, conjugate: false, accumulate: false);
        var y = new double[grid.Total];
        fft.BackwardReal(t, y);
        Span<double> x = stackalloc double[d];
        for (int i = 0; i < grid.Total; i++)
        {
            grid.Point(i, x);
            for (int a = 0; a < d; a++) x[a] += s[a];
            Assert.True(Math.Abs(F(x) - y[i]) <= 1e-12, $"{F(x)} vs {y[i]}");
        }
    }

    [Theory]
    [InlineData(2, 16, 24)]
    [InlineData(3, 12, 18)]
    public void ResamplingIsExactForTrigonometricPolynomials(int d, int n1, int n2)
    {
        double l = 3;
        var a = new PeriodicGrid(d, n1, l);
        var b = new PeriodicGrid(d, n2, l);
        double F(ReadOnlySpan<double> x) { double s = 0.5; for (int k = 0; k < x.Length; k++) s += Math.Sin(Math.PI / l * 3 * x[k] + k) * Math.Cos(Math.PI / l * x[(k + 1) % x.Length]); return s; }
        using var up = new SpectralResampler(d, n1, n2, FftPlanning.Estimate);
        using var down = new SpectralResampler(d, n2, n1, FftPlanning.Estimate);
        var fa = a.Sample(F);
        var fb = new double[b.Total];
        up.Apply(fa, fb);
        var exact = b.Sample(F);
        for (int i = 0; i < fb.Length; i++) Assert.True(Math.Abs(exact[i] - fb[i]) <= 1e-12);
        var back = new double[a.Total];
        down.Apply(fb, back);
        for (int i = 0; i < back.Length; i++) Assert.True(Math.Abs(fa[i] - back[i]) <= 1e-12);
    }

    [Fact]
    public void MomentProjectionRemovesTheMomentsAndNothingElse()
    {
        var g = new PeriodicGrid(3, 10, 2.5, offset: 0.5);
        var p = new MomentProjection(g);
        var q = g.Sample(x => Math.Sin(x[0]) * Math.Exp(-x[1] * x[1]) + 0.1 * x[2]);
        var before = g.Moments(q);
        p.Apply(q);
        var after = g.Moments(q);
        for (int a = 0; a < after.Length; a++) Assert.True(Math.Abs(after[a]) <= 1e-13 * (Math.Abs(before[a]) + 1), $"{a}: {after[a]}");
        var zero = g.Sample(x => Math.Exp(-x[0] * x[0] - x[1] * x[1] - x[2] * x[2]) * x[0] * x[1] * x[2]);   // odd: all moments vanish
        var copy = (double[])zero.Clone();
        p.Apply(copy);
        for (int i = 0; i < copy.Length; i++) Assert.True(Math.Abs(zero[i] - copy[i]) <= 1e-14);
    }

    [Fact]
    public void PeriodicGridNearestAndOffsets()
    {
        var g = new PeriodicGrid(3, 8, 2);
        Span<double> x = stackalloc double[3];
        int i = g.Nearest([0.49, -0.51, 1.0]);
        g.Point(i, x);
        Assert.Equal([0.5, -0.5, 1.0], x.ToArray());
        var c = new PeriodicGrid(2, 8, 2, offset: 0.5);
        Assert.Equal(-1.75, c.Axis[0]);
        Assert.Equal("offset", Assert.Throws<InvalidInputException>(() => new PeriodicGrid(2, 8, 2, offset: 0.25)).Field);
    }

    /// <summary>
    /// kipack's BKW configuration (3D, S = 3 ⇒ L = (3+√2)S/2, R = 2S, 12 sphere points) at N = 16 on cell centres: the opt-in
    /// dealiased operator is more accurate than the plain one (the full N = 32 comparison is the Boltzmann spectral validation).
    /// </summary>
    [Fact]
    public void DealiasingHelpsWhereTheProductsAreUnderResolved()
    {
        double s = 3, l = 0.5 * (3 + Math.Sqrt(2)) * s;
        var grid = new VelocityGrid(3, 24, l, cellCentred: true);
        var opts = new SpectralOptions { R = 2 * s, RadialPoints = 24, Sphere = SphereRule.Icosahedron(), Planning = FftPlanning.Estimate };
        var bkw = new Bkw(3);
        var f = grid.Sample(v => bkw.Value(6.5, v[0] * v[0] + v[1] * v[1] + v[2] * v[2]));
        var exact = grid.Sample(v => bkw.TimeDerivative(6.5, v[0] * v[0] + v[1] * v[1] + v[2] * v[2]));
        double Err(ICollisionOperator op)
        {
            var q = new double[grid.Total];
            op.Collision(f, q);
            double e = 0;
            for (int i = 0; i < q.Length; i++) e = Math.Max(e, Math.Abs(q[i] - exact[i]));
            return e;
        }
        using var plain = new FastSpectralOperator(CollisionKernel.MaxwellBkw(3), grid, opts);
        using var dealiased = new DealiasedSpectralOperator(CollisionKernel.MaxwellBkw(3), grid, opts);
        double a = Err(plain), b = Err(dealiased);
        Assert.Equal(36, dealiased.FineGrid.N);
        Assert.True(b < 0.5 * a, $"plain {a:E2}, dealiased {b:E2}");
        Assert.True(grid.CellCentred && grid.Axis[0] == -l + 0.5 * grid.H);
    }
}
