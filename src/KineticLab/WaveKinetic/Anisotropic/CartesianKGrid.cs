namespace KineticLab.WaveKinetic.Anisotropic;

/// <summary>
/// A cell-centred Cartesian grid of the box [−L, L]³ in k with N nodes per axis, <c>k_i = −L + (i + ½)h</c>,
/// <c>h = 2L/N</c> (flat index <c>(i·N + j)·N + l</c>), and the tricubic (Catmull–Rom, cubic convolution with a = −½)
/// interpolant of nodal values with zero extension outside the grid. Moments use the midpoint rule h³Σ.
/// </summary>
public sealed class CartesianKGrid
{
    public CartesianKGrid(int n, double halfWidth)
    {
        N = Require.IntInRange("n", n, 2, 64);
        L = Require.InRange("half_width", halfWidth, 1e-3, 1e4);
        H = 2 * L / N;
        Count = N * N * N;
        Nodes = new Vec3[Count];
        Coord = new double[N];
        for (int i = 0; i < N; i++) Coord[i] = -L + (i + 0.5) * H;
        for (int i = 0; i < N; i++)
            for (int j = 0; j < N; j++)
                for (int l = 0; l < N; l++)
                    Nodes[(i * N + j) * N + l] = new Vec3(Coord[i], Coord[j], Coord[l]);
    }

    public int N { get; }
    public double L { get; }
    public double H { get; }
    public int Count { get; }
    public double[] Coord { get; }
    public Vec3[] Nodes { get; }
    public double CellVolume => H * H * H;

    public double[] Sample(Distribution3D f)
    {
        var v = new double[Count];
        for (int j = 0; j < Count; j++) v[j] = f.Value(Nodes[j]);
        return v;
    }

    /// <summary>Catmull–Rom weights of the four nodes i0 − 1 .. i0 + 2 at fractional offset t ∈ [0, 1).</summary>
    private static void Weights(double t, out double w0, out double w1, out double w2, out double w3)
    {
        double t2 = t * t, t3 = t2 * t;
        w0 = 0.5 * (-t3 + 2 * t2 - t);
        w1 = 0.5 * (3 * t3 - 5 * t2 + 2);
        w2 = 0.5 * (-3 * t3 + 4 * t2 + t);
        w3 = 0.5 * (t3 - t2);
    }

    /// <summary>The tricubic interpolant of <paramref name="v"/> at k (zero outside the grid's stencil reach).</summary>
    public double Interpolate(ReadOnlySpan<double> v, Vec3 k)
    {
        double inv = 1 / H;
        double sx = (k.X + L) * inv - 0.5, sy = (k.Y + L) * inv - 0.5, sz = (k.Z + L) * inv - 0.5;
        double fx = Math.Floor(sx), fy = Math.Floor(sy), fz = Math.Floor(sz);
        int n = N;
        if (!(fx >= -2 && fx <= n && fy >= -2 && fy <= n && fz >= -2 && fz <= n)) return 0;   // also NaN
        int ix = (int)fx, iy = (int)fy, iz = (int)fz;
        Span<double> wx = stackalloc double[4], wy = stackalloc double[4], wz = stackalloc double[4];
        Weights(sx - fx, out wx[0], out wx[1], out wx[2], out wx[3]);
        Weights(sy - fy, out wy[0], out wy[1], out wy[2], out wy[3]);
        Weights(sz - fz, out wz[0], out wz[1], out wz[2], out wz[3]);
        double sum = 0;
        if (ix >= 1 && ix + 2 < n && iy >= 1 && iy + 2 < n && iz >= 1 && iz + 2 < n)
        {
            for (int a = 0; a < 4; a++)
            {
                int ba = (ix - 1 + a) * n;
                double sa = 0;
                for (int b = 0; b < 4; b++)
                {
                    int o = (ba + iy - 1 + b) * n + iz - 1;
                    sa += wy[b] * (wz[0] * v[o] + wz[1] * v[o + 1] + wz[2] * v[o + 2] + wz[3] * v[o + 3]);
                }
                sum += wx[a] * sa;
            }
            return sum;
        }
        for (int a = 0; a < 4; a++)
        {
            int i = ix - 1 + a;
            if ((uint)i >= (uint)n) continue;
            for (int b = 0; b < 4; b++)
            {
                int j = iy - 1 + b;
                if ((uint)j >= (uint)n) continue;
                for (int c = 0; c < 4; c++)
                {
                    int l = iz - 1 + c;
                    if ((uint)l >= (uint)n) continue;
                    sum += wx[a] * wy[b] * wz[c] * v[(i * n + j) * n + l];
                }
            }
        }
        return sum;
    }

    /// <summary>Waveaction h³Σf, momentum h³Σk f, energy h³Σ|k|² f.</summary>
    public (double N, Vec3 P, double E) Moments(ReadOnlySpan<double> f)
    {
        double n = 0, px = 0, py = 0, pz = 0, e = 0;
        for (int j = 0; j < Count; j++)
        {
            var k = Nodes[j];
            n += f[j]; px += k.X * f[j]; py += k.Y * f[j]; pz += k.Z * f[j]; e += k.Norm2 * f[j];
        }
        double w = CellVolume;
        return (w * n, new Vec3(w * px, w * py, w * pz), w * e);
    }
}

/// <summary>The interpolant of nodal values as a <see cref="Distribution3D"/> (for pointwise evaluation on grid data).</summary>
public sealed class GridDistribution(CartesianKGrid grid, double[] values) : Distribution3D
{
    public override double Value(Vec3 k) => grid.Interpolate(values, k);
    public override double Scale => grid.H;
    public override double Extent => grid.L * Math.Sqrt(3) + 2 * grid.H;
    public override string Describe() => $"tricubic interpolant on {grid.N}³ nodes, [−{grid.L}, {grid.L}]³";
}
