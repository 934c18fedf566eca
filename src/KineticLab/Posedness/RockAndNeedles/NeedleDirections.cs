namespace KineticLab.Posedness.RockAndNeedles;

/// <summary>
/// J needle directions e_j on S^{d−1}, roughly equally spaced: d = 2, the exact equal angles θ_j = 2πj/J;
/// d = 3, the Fibonacci (golden-angle spiral) points z_j = 1 − (2j+1)/J, φ_j = j·π(3 − √5), which have equal-area
/// latitude bands and nearly uniform nearest-neighbour spacing (measured minimum: see <see cref="MinimumAngle"/>).
/// </summary>
public static class NeedleDirections
{
    /// <summary>Directions as a flat array (j·d + axis).</summary>
    public static double[] Create(int d, long j)
    {
        if (j < 1 || j > 50_000_000) throw new InvalidInputException("J", j.ToString(System.Globalization.CultureInfo.InvariantCulture), "the number of needles must be in [1, 5e7]");
        var e = new double[j * d];
        if (d == 2)
        {
            for (long i = 0; i < j; i++)
            {
                double t = 2 * Math.PI * i / j;
                e[2 * i] = Math.Cos(t); e[2 * i + 1] = Math.Sin(t);
            }
        }
        else
        {
            double golden = Math.PI * (3 - Math.Sqrt(5));
            for (long i = 0; i < j; i++)
            {
                double z = 1 - (2.0 * i + 1) / j;
                double r = Math.Sqrt(Math.Max(0, 1 - z * z));
                double phi = golden * i;
                e[3 * i] = r * Math.Cos(phi); e[3 * i + 1] = r * Math.Sin(phi); e[3 * i + 2] = z;
            }
        }
        return e;
    }

    /// <summary>The smallest angle between two of the directions (d = 2: 2π/J; d = 3 by a z-sorted neighbour search).</summary>
    public static double MinimumAngle(int d, ReadOnlySpan<double> e)
    {
        long j = e.Length / d;
        if (j < 2) return Math.PI;
        if (d == 2) return 2 * Math.PI / j;
        // the points are sorted by z with spacing 2/J; a neighbour at angle α has |Δz| ≤ α
        double best = Math.PI;
        var arr = e.ToArray();
        object gate = new();
        Parallel.For(0L, j, () => Math.PI, (i, _, local) =>
        {
            for (long k = i + 1; k < j; k++)
            {
                double dz = arr[3 * i + 2] - arr[3 * k + 2];
                if (dz > Math.Min(local, best)) break;
                double dot = arr[3 * i] * arr[3 * k] + arr[3 * i + 1] * arr[3 * k + 1] + arr[3 * i + 2] * arr[3 * k + 2];
                double a = Math.Acos(Math.Clamp(dot, -1, 1));
                if (a < local) local = a;
            }
            return local;
        }, local => { lock (gate) best = Math.Min(best, local); });
        return best;
    }

    /// <summary>The angle above which two velocity needles (|u⊥| ≤ 2/M, u·e ≥ 0.8 N₂) are disjoint: 2 arcsin(2.5/(M N₂)).</summary>
    public static double DisjointAngle(double m, double n2) => 2 * Math.Asin(Math.Min(1, 2.5 / (m * n2)));
}
