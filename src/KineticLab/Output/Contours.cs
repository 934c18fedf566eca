namespace KineticLab.Output;

/// <summary>
/// Contour lines of a function sampled on a rectangular grid, by marching squares with linear interpolation
/// along cell edges. Cells with a NaN corner are skipped; saddle cells are resolved with the cell's mean.
/// </summary>
public static class Contours
{
    /// <summary>One straight piece of a contour line.</summary>
    public readonly record struct Segment(double X0, double Y0, double X1, double Y1);

    /// <summary>
    /// The pieces of the level set <c>v = <paramref name="level"/></c> of <paramref name="values"/>, where
    /// <c>values[j, i]</c> is the value at (<paramref name="x"/>[i], <paramref name="y"/>[j]).
    /// </summary>
    /// <exception cref="ArgumentException">The grid's shape does not match the coordinate arrays.</exception>
    public static List<Segment> Segments(double[] x, double[] y, double[,] values, double level)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(values);
        if (values.GetLength(0) != y.Length || values.GetLength(1) != x.Length)
            throw new ArgumentException($"values is {values.GetLength(0)} × {values.GetLength(1)} but y has {y.Length} and x {x.Length} points", nameof(values));
        var result = new List<Segment>();
        if (!double.IsFinite(level)) return result;
        for (int j = 0; j + 1 < y.Length; j++)
            for (int i = 0; i + 1 < x.Length; i++)
            {
                // Corners counter-clockwise from bottom-left: (i, j), (i+1, j), (i+1, j+1), (i, j+1).
                double v0 = values[j, i], v1 = values[j, i + 1], v2 = values[j + 1, i + 1], v3 = values[j + 1, i];
                if (double.IsNaN(v0) || double.IsNaN(v1) || double.IsNaN(v2) || double.IsNaN(v3)) continue;
                int c = (v0 > level ? 1 : 0) | (v1 > level ? 2 : 0) | (v2 > level ? 4 : 0) | (v3 > level ? 8 : 0);
                if (c is 0 or 15) continue;
                // Crossing points on the four edges: bottom (0-1), right (1-2), top (3-2), left (0-3).
                (double, double) B() => (Lerp(x[i], x[i + 1], v0, v1, level), y[j]);
                (double, double) R() => (x[i + 1], Lerp(y[j], y[j + 1], v1, v2, level));
                (double, double) T() => (Lerp(x[i], x[i + 1], v3, v2, level), y[j + 1]);
                (double, double) L() => (x[i], Lerp(y[j], y[j + 1], v0, v3, level));
                void Add((double X, double Y) a, (double X, double Y) b) => result.Add(new Segment(a.X, a.Y, b.X, b.Y));
                bool centreAbove = 0.25 * (v0 + v1 + v2 + v3) > level;
                switch (c)
                {
                    case 1 or 14: Add(L(), B()); break;
                    case 2 or 13: Add(B(), R()); break;
                    case 3 or 12: Add(L(), R()); break;
                    case 4 or 11: Add(R(), T()); break;
                    case 6 or 9: Add(B(), T()); break;
                    case 7 or 8: Add(L(), T()); break;
                    case 5:
                        if (centreAbove) { Add(L(), T()); Add(B(), R()); }
                        else { Add(L(), B()); Add(R(), T()); }
                        break;
                    case 10:
                        if (centreAbove) { Add(L(), B()); Add(R(), T()); }
                        else { Add(L(), T()); Add(B(), R()); }
                        break;
                }
            }
        return result;
    }

    private static double Lerp(double a, double b, double va, double vb, double level)
    {
        double t = va == vb ? 0.5 : (level - va) / (vb - va);
        return a + Math.Clamp(t, 0, 1) * (b - a);
    }
}
