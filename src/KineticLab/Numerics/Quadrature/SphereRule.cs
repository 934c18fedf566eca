namespace KineticLab.Numerics.Quadrature;

/// <summary>
/// A quadrature rule on the unit sphere S^{d−1} (d = 2: the circle, d = 3: the sphere); weights sum to
/// |S^{d−1}| (2π or 4π). Points are stored flat, <c>d</c> coordinates each.
/// </summary>
public sealed class SphereRule
{
    private SphereRule(int d, string name, int degree, double[] points, double[] weights)
    {
        Dimension = d; Name = name; Degree = degree; Points = points; Weights = weights;
    }

    public int Dimension { get; }
    public string Name { get; }
    /// <summary>Polynomials (trigonometric polynomials for d = 2) up to this degree are integrated exactly.</summary>
    public int Degree { get; }
    public double[] Points { get; }
    public double[] Weights { get; }
    public int Count => Weights.Length;

    public ReadOnlySpan<double> Point(int i) => Points.AsSpan(i * Dimension, Dimension);

    /// <summary>
    /// Pairs (i, j) with point j = −point i and equal weights, each antipodal pair once;
    /// null when the rule is not antipodally symmetric.
    /// </summary>
    public (int I, int J)[]? AntipodalPairs()
    {
        var used = new bool[Count];
        var pairs = new List<(int, int)>();
        for (int i = 0; i < Count; i++)
        {
            if (used[i]) continue;
            int found = -1;
            for (int j = 0; j < Count && found < 0; j++)
            {
                if (j == i || used[j]) continue;
                double dist = 0;
                for (int a = 0; a < Dimension; a++)
                {
                    double s = Points[i * Dimension + a] + Points[j * Dimension + a];
                    dist += s * s;
                }
                if (dist < 1e-24 && Math.Abs(Weights[i] - Weights[j]) <= 1e-12 * Math.Abs(Weights[i])) found = j;
            }
            if (found < 0) return null;
            used[i] = used[found] = true;
            pairs.Add((i, found));
        }
        return [.. pairs];
    }

    /// <summary>m equispaced points on the circle (trapezoid rule, exact to trigonometric degree m−1).</summary>
    public static SphereRule Circle(int m, double offset = 0)
    {
        if (m < 1) throw new ArgumentOutOfRangeException(nameof(m));
        var p = new double[2 * m];
        var w = new double[m];
        for (int j = 0; j < m; j++)
        {
            double a = offset + 2 * Math.PI * j / m;
            p[2 * j] = Math.Cos(a); p[2 * j + 1] = Math.Sin(a);
            w[j] = 2 * Math.PI / m;
        }
        return new SphereRule(2, $"circle-{m}", m - 1, p, w);
    }

    /// <summary>
    /// Product rule on S²: Gauss–Legendre in z = cos θ (nz nodes) times equispaced φ (nphi nodes, offset
    /// by half a step). Exact to degree min(2 nz − 1, nphi − 1); antipodal when nphi is even.
    /// </summary>
    public static SphereRule Product(int nz, int nphi)
    {
        var gl = GaussJacobi.Legendre(nz, -1, 1);
        var p = new double[3 * nz * nphi];
        var w = new double[nz * nphi];
        int k = 0;
        for (int i = 0; i < nz; i++)
        {
            double z = gl.Nodes[i], s = Math.Sqrt(Math.Max(0, 1 - z * z));
            for (int j = 0; j < nphi; j++, k++)
            {
                double phi = 2 * Math.PI * (j + 0.5) / nphi;
                p[3 * k] = s * Math.Cos(phi); p[3 * k + 1] = s * Math.Sin(phi); p[3 * k + 2] = z;
                w[k] = gl.Weights[i] * 2 * Math.PI / nphi;
            }
        }
        return new SphereRule(3, $"product-{nz}x{nphi}", Math.Min(2 * nz - 1, nphi - 1), p, w);
    }

    /// <summary>
    /// A rule from explicit points (d coordinates each, unit vectors) and weights (summing to |S^{d−1}|), exact to
    /// <paramref name="degree"/> (as claimed by the caller).
    /// </summary>
    public static SphereRule FromPoints(int d, string name, int degree, double[] points, double[] weights)
    {
        if (d is not (2 or 3)) throw new ArgumentOutOfRangeException(nameof(d));
        if (points.Length != d * weights.Length) throw new ArgumentException("points must hold d coordinates per weight");
        return new SphereRule(d, name, degree, (double[])points.Clone(), (double[])weights.Clone());
    }

    /// <summary>This rule with every point rotated by the 3×3 matrix <paramref name="rotation"/> (row-major).</summary>
    public SphereRule Rotated(ReadOnlySpan<double> rotation, string? name = null)
    {
        if (Dimension != 3 || rotation.Length != 9) throw new ArgumentException("a 3×3 rotation of a rule on S²");
        var p = new double[Points.Length];
        for (int i = 0; i < Count; i++)
            for (int a = 0; a < 3; a++)
                p[3 * i + a] = rotation[3 * a] * Points[3 * i] + rotation[3 * a + 1] * Points[3 * i + 1] + rotation[3 * a + 2] * Points[3 * i + 2];
        return new SphereRule(3, name ?? Name + "-rotated", Degree, p, (double[])Weights.Clone());
    }

    /// <summary>The 6 vertices of the octahedron, equal weights (a spherical 3-design).</summary>
    public static SphereRule Octahedron()
    {
        double[] p = [1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1, 0, 0, 0, 1, 0, 0, -1];
        return new SphereRule(3, "octahedron-6", 3, p, Enumerable.Repeat(4 * Math.PI / 6, 6).ToArray());
    }

    /// <summary>The 12 vertices of the icosahedron, equal weights (a spherical 5-design).</summary>
    public static SphereRule Icosahedron()
    {
        double g = (1 + Math.Sqrt(5)) / 2, nrm = Math.Sqrt(1 + g * g);
        var list = new List<double>();
        foreach (var s1 in new[] { -1.0, 1.0 })
            foreach (var s2 in new[] { -g, g })
            {
                list.AddRange([0, s1 / nrm, s2 / nrm]);
                list.AddRange([s1 / nrm, s2 / nrm, 0]);
                list.AddRange([s2 / nrm, 0, s1 / nrm]);
            }
        return new SphereRule(3, "icosahedron-12", 5, [.. list], Enumerable.Repeat(4 * Math.PI / 12, 12).ToArray());
    }

    /// <summary>Lebedev's 14-point rule (octahedron and cube vertices), exact to degree 5.</summary>
    public static SphereRule Lebedev14()
    {
        var p = new List<double>();
        var w = new List<double>();
        foreach (var v in new double[][] { [1, 0, 0], [-1, 0, 0], [0, 1, 0], [0, -1, 0], [0, 0, 1], [0, 0, -1] })
        { p.AddRange(v); w.Add(4 * Math.PI / 15); }
        double c = 1 / Math.Sqrt(3);
        foreach (var sx in new[] { -c, c }) foreach (var sy in new[] { -c, c }) foreach (var sz in new[] { -c, c })
                { p.AddRange([sx, sy, sz]); w.Add(4 * Math.PI * 3.0 / 40); }
        return new SphereRule(3, "lebedev-14", 5, [.. p], [.. w]);
    }

    /// <summary>
    /// A rule by name: "circle-M" (d = 2), "product-NZxNPHI", "octahedron", "icosahedron", "lebedev14" (d = 3),
    /// or a bare number M: the circle rule with M points (d = 2), or for d = 3 the icosahedron (12),
    /// octahedron (6), Lebedev (14), or the smallest antipodal product rule with at least M points.
    /// </summary>
    public static SphereRule ByName(int d, string name)
    {
        string t = name.Trim().ToLowerInvariant();
        if (int.TryParse(t, out int m))
        {
            if (m < 2) throw new InvalidInputException("sphere", name, "at least 2 points are needed");
            if (d == 2) return Circle(m);
            if (m == 6) return Octahedron();
            if (m == 12) return Icosahedron();
            if (m == 14) return Lebedev14();
            int nz = Math.Max(1, (int)Math.Round(Math.Sqrt(m / 2.0)));
            int nphi = Math.Max(2, (m + nz - 1) / nz);
            if (nphi % 2 == 1) nphi++;
            return Product(nz, nphi);
        }
        if (d == 2 && t.StartsWith("circle-") && int.TryParse(t[7..], out m) && m >= 2) return Circle(m);
        if (d == 3)
        {
            if (t is "octahedron" or "octahedron-6") return Octahedron();
            if (t is "icosahedron" or "icosahedron-12") return Icosahedron();
            if (t is "lebedev14" or "lebedev-14") return Lebedev14();
            if (t.StartsWith("product-"))
            {
                var parts = t[8..].Split('x');
                if (parts.Length == 2 && int.TryParse(parts[0], out int nz) && int.TryParse(parts[1], out int nphi) && nz >= 1 && nphi >= 2)
                    return Product(nz, nphi);
            }
        }
        throw new InvalidInputException("sphere", name, d == 2
            ? "must be a point count M >= 2 or circle-M"
            : "must be a point count, octahedron, icosahedron, lebedev14 or product-NZxNPHI");
    }
}
