using KineticLab.Numerics.Quadrature;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.WaveKinetic.Anisotropic;

/// <summary>Options of the grid operator.</summary>
/// <param name="SigmaPolarOrder">Gauss–Legendre points in cos α ∈ [0, 1] of the hemisphere rule.</param>
/// <param name="SigmaAzimuthPoints">Trapezoidal points in φ.</param>
/// <param name="ConservativeProjection">Project C onto the waveaction/momentum/energy-conserving subspace (full equation).</param>
/// <param name="MaxThreads">Degree of parallelism (−1: all cores; 1 inside an outer parallel loop).</param>
/// <param name="TruncatedManifold">
/// Keep only quadruples with all four wave vectors in the ball |k| ≤ Λ = L − 2h (the truncated resonant manifold, on which
/// the interpolation stencils stay inside the grid): Rayleigh–Jeans is then annihilated up to its interpolation error, and
/// the weak form conserves waveaction, momentum and energy up to quadrature error. Nodes outside the ball do not evolve.
/// Off: all nodes, zero extension of f outside the box.
/// </param>
public sealed record AnisotropicGridOptions(int SigmaPolarOrder = 4, int SigmaAzimuthPoints = 8, bool ConservativeProjection = false, int MaxThreads = -1,
    bool TruncatedManifold = false)
{
    public void Validate()
    {
        Require.IntInRange("sigma_polar_order", SigmaPolarOrder, 1, 64);
        Require.IntInRange("sigma_azimuth_points", SigmaAzimuthPoints, 1, 256);
        if (MaxThreads == 0 || MaxThreads < -1) throw new InvalidInputException("max_threads", MaxThreads.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be -1 or >= 1");
    }
}

/// <summary>
/// The σ-parametrised operator on a Cartesian k-grid: k1 and k2 run over the nodes (midpoint rule h³ in k2; the data
/// are zero outside the box), σ over a fixed hemisphere product rule aligned with û = (k1 − k2)/|k1 − k2|, and
/// f(k1*), f(k2*) come from the tricubic interpolant. The σ-integrals
/// <c>A = ∫ (|k1*||k2*|)^{2β} f(k1*)f(k2*) dσ</c> and <c>B = ∫ (|k1*||k2*|)^{2β}(f(k1*) + f(k2*)) dσ</c> are symmetric
/// in the pair (k1, k2) (σ → −σ swaps k1* and k2* and the hemispheres), so they are computed once per unordered
/// pair; then <c>C(k_a) = h³Σ_b ¼(|k_a||k_b|)^{2β}|k_a − k_b| [A_ab(f_a + f_b) − f_a f_b B_ab]</c>. Cost
/// O(N⁶·S/2) per evaluation for N³ nodes and S σ-points, memory O(N⁶). Deterministic (fixed summation order).
/// The optional projection subtracts <c>f⊙(λ0 + λ·k + λ4|k|²)</c> so that h³Σ(1, k, |k|²)C = 0 exactly.
/// </summary>
public sealed class AnisotropicGridOperator : IAnisotropicOperator
{
    private readonly double[] _sc, _ss, _sw, _cphi, _sphi;
    private double[] _a = [], _b = [];
    private readonly double[] _f, _res;
    private readonly double[] _w2b;

    public AnisotropicGridOperator(CartesianKGrid grid, double beta, AnisotropicGridOptions? options = null)
    {
        Grid = grid;
        Beta = Require.InRange("beta", beta, 0, 2, "must be in [0, 2] (the seed's range is [0, 1])");
        Options = options ?? new AnisotropicGridOptions();
        Options.Validate();
        var hemi = HemisphereRule.Product(Options.SigmaPolarOrder, Options.SigmaAzimuthPoints);
        _sc = hemi.Cos; _ss = hemi.Sin; _sw = hemi.Weight; _cphi = hemi.CosPhi; _sphi = hemi.SinPhi;
        _f = new double[grid.Count];
        _res = new double[grid.Count];
        _w2b = new double[grid.Count];
        for (int j = 0; j < grid.Count; j++) _w2b[j] = SigmaCollision.Pow2Beta(grid.Nodes[j].Norm2, beta);
    }

    public CartesianKGrid Grid { get; }
    public double Beta { get; }

    /// <summary>Λ of the truncated manifold (∞ when off).</summary>
    public double Truncation => Options.TruncatedManifold ? Grid.L - 2 * Grid.H : double.PositiveInfinity;
    public AnisotropicGridOptions Options { get; }

    /// <summary>(k2, σ) points per evaluation.</summary>
    public long PointsPerEvaluation => (long)Grid.Count * (Grid.Count - 1) / 2 * _sc.Length * _cphi.Length;

    private static long PairIndex(int a, int b, int n) => (long)a * n - (long)a * (a + 1) / 2 + (b - a - 1);

    /// <summary>C_h[f] (Full), G_h[f] (Gain) or L_h[f] (Loss) at the nodes. Not thread-safe (pair workspace).</summary>
    public void Evaluate(ReadOnlySpan<double> f, Span<double> result, CollisionPart part = CollisionPart.Full)
    {
        int n = Grid.Count;
        if (f.Length != n || result.Length != n) throw new ArgumentException("size mismatch");
        long pairs = (long)n * (n - 1) / 2;
        if (_a.Length != pairs) { _a = new double[pairs]; _b = new double[pairs]; }
        var fa = _f;
        f.CopyTo(fa);
        var nodes = Grid.Nodes;
        var po = new ParallelOptions { MaxDegreeOfParallelism = Options.MaxThreads };
        var grid = Grid;
        double beta = Beta, lam2 = Truncation * Truncation;
        double[] sc = _sc, ss = _ss, sw = _sw, cphi = _cphi, sphi = _sphi, aArr = _a, bArr = _b;
        Parallel.For(0, n, po, a =>
        {
            var ka = nodes[a];
            bool inA = ka.Norm2 <= lam2;
            for (int b = a + 1; b < n; b++)
            {
                var kb = nodes[b];
                long p = PairIndex(a, b, n);
                if (!inA || kb.Norm2 > lam2)
                {
                    aArr[p] = 0;
                    bArr[p] = 0;
                    continue;
                }
                var u = ka - kb;
                double un = u.Norm, h = 0.5 * un;
                var uh = (1 / un) * u;
                Vec3.Frame(uh, out var e1, out var e2);
                var v = 0.5 * (ka + kb);
                double sa = 0, sbb = 0;
                for (int ic = 0; ic < sc.Length; ic++)
                {
                    var along = (h * sc[ic]) * uh;
                    double hs = h * ss[ic], ta = 0, tb = 0;
                    for (int jf = 0; jf < cphi.Length; jf++)
                    {
                        var d = along + (hs * cphi[jf]) * e1 + (hs * sphi[jf]) * e2;
                        var k3 = v + d;
                        var k4 = v - d;
                        if (k3.Norm2 > lam2 || k4.Norm2 > lam2) continue;
                        double f3 = grid.Interpolate(fa, k3), f4 = grid.Interpolate(fa, k4);
                        double w = beta == 0 ? 1.0 : Math.Pow(k3.Norm2 * k4.Norm2, beta);
                        ta += w * f3 * f4;
                        tb += w * (f3 + f4);
                    }
                    sa += sw[ic] * ta;
                    sbb += sw[ic] * tb;
                }
                aArr[p] = sa;
                bArr[p] = sbb;
            }
        });
        double vol = Grid.CellVolume;
        var w2b = _w2b;
        var res = _res;
        Parallel.For(0, n, po, a =>
        {
            var ka = nodes[a];
            double s = 0;
            for (int b = 0; b < n; b++)
            {
                if (b == a) continue;
                long p = a < b ? PairIndex(a, b, n) : PairIndex(b, a, n);
                double pre = w2b[a] * w2b[b] * (ka - nodes[b]).Norm;
                double q = part switch
                {
                    CollisionPart.Gain => aArr[p] * (fa[a] + fa[b]),
                    CollisionPart.Loss => fa[a] * fa[b] * bArr[p],
                    _ => aArr[p] * (fa[a] + fa[b]) - fa[a] * fa[b] * bArr[p],
                };
                s += pre * q;
            }
            res[a] = 0.25 * vol * s;
        });
        res.CopyTo(result);
        if (part == CollisionPart.Full && Options.ConservativeProjection) Project(fa, result);
    }

    /// <summary>
    /// Subtracts D⊙Σ_b λ_b φ_b (φ = 1, kx, ky, kz, |k|²; D = |f| + 1e-300) so that h³Σφ_a C = 0 for all five moments.
    /// </summary>
    public void Project(ReadOnlySpan<double> f, Span<double> c)
    {
        int n = Grid.Count;
        var g = new double[5, 5];
        var rhs = new double[5];
        Span<double> phi = stackalloc double[5];
        for (int j = 0; j < n; j++)
        {
            var k = Grid.Nodes[j];
            phi[0] = 1; phi[1] = k.X; phi[2] = k.Y; phi[3] = k.Z; phi[4] = k.Norm2;
            double d = Math.Abs(f[j]);
            for (int a = 0; a < 5; a++)
            {
                rhs[a] += phi[a] * c[j];
                for (int b = 0; b < 5; b++) g[a, b] += phi[a] * d * phi[b];
            }
        }
        var lam = Solve5(g, rhs);
        if (lam is null) return;
        for (int j = 0; j < n; j++)
        {
            var k = Grid.Nodes[j];
            double d = Math.Abs(f[j]);
            c[j] -= d * (lam[0] + lam[1] * k.X + lam[2] * k.Y + lam[3] * k.Z + lam[4] * k.Norm2);
        }
    }

    private static double[]? Solve5(double[,] m, double[] r)
    {
        int n = 5;
        var a = (double[,])m.Clone();
        var x = (double[])r.Clone();
        for (int col = 0; col < n; col++)
        {
            int piv = col;
            for (int i = col + 1; i < n; i++) if (Math.Abs(a[i, col]) > Math.Abs(a[piv, col])) piv = i;
            if (!(Math.Abs(a[piv, col]) > 1e-300)) return null;
            if (piv != col)
            {
                for (int j = 0; j < n; j++) (a[col, j], a[piv, j]) = (a[piv, j], a[col, j]);
                (x[col], x[piv]) = (x[piv], x[col]);
            }
            for (int i = col + 1; i < n; i++)
            {
                double fct = a[i, col] / a[col, col];
                for (int j = col; j < n; j++) a[i, j] -= fct * a[col, j];
                x[i] -= fct * x[col];
            }
        }
        for (int i = n - 1; i >= 0; i--)
        {
            double s = x[i];
            for (int j = i + 1; j < n; j++) s -= a[i, j] * x[j];
            x[i] = s / a[i, i];
        }
        return x;
    }
}
