namespace KineticLab.Numerics.Spectral;

/// <summary>
/// Bessel-type sequences by Miller's backward recurrence (stable for all orders): cylindrical J_n(s) and
/// spherical j_n(s) for n = 0..nmax, and the order up to which they matter at a given argument.
/// </summary>
public static class BesselSeries
{
    /// <summary>An order above which |J_n(s)|, |j_n(s)| are below 1e-17 for every n: s + 30 + 4 s^{1/3}.</summary>
    public static int TruncationOrder(double s) => (int)Math.Ceiling(Math.Abs(s) + 30 + 4 * Math.Cbrt(Math.Abs(s)));

    /// <summary>Fills <paramref name="j"/>[n] = J_n(s), n = 0..j.Length−1 (s ≥ 0).</summary>
    public static void Cylindrical(double s, Span<double> j)
    {
        int nmax = j.Length - 1;
        j.Clear();
        if (s == 0) { j[0] = 1; return; }
        int start = Math.Max(nmax, TruncationOrder(s)) + 2;
        if (start % 2 == 1) start++;
        double jp1 = 0, jn = 1e-300, norm = 0;
        for (int n = start; n >= 1; n--)
        {
            double jm1 = 2.0 * n / s * jn - jp1;
            jp1 = jn; jn = jm1;                    // jn now holds J_{n-1} (unnormalised)
            int order = n - 1;
            if (order <= nmax) j[order] = jn;
            if (order % 2 == 0 && order > 0) norm += 2 * jn;
            if (Math.Abs(jn) > 1e250)
            {
                // Rescale to avoid overflow.
                for (int k = order; k <= nmax; k++) j[k] *= 1e-250;
                jp1 *= 1e-250; jn *= 1e-250; norm *= 1e-250;
            }
        }
        norm += jn;                                // J_0 + 2 Σ J_{2k} = 1
        double inv = 1.0 / norm;
        for (int k = 0; k <= nmax; k++) j[k] *= inv;
    }

    /// <summary>Fills <paramref name="j"/>[n] = j_n(s), n = 0..j.Length−1 (s ≥ 0), normalised by j_0 = sin s / s.</summary>
    public static void Spherical(double s, Span<double> j)
    {
        int nmax = j.Length - 1;
        j.Clear();
        if (s == 0) { j[0] = 1; return; }
        int start = Math.Max(nmax, TruncationOrder(s)) + 2;
        double jp1 = 0, jn = 1e-300;
        for (int n = start; n >= 1; n--)
        {
            double jm1 = (2.0 * n + 1) / s * jn - jp1;
            jp1 = jn; jn = jm1;
            int order = n - 1;
            if (order <= nmax) j[order] = jn;
            if (Math.Abs(jn) > 1e250)
            {
                for (int k = order; k <= nmax; k++) j[k] *= 1e-250;
                jp1 *= 1e-250; jn *= 1e-250;
            }
        }
        // Normalise with j_0 or, near its zeros, with j_1 = sin s/s² − cos s/s.
        double j0 = Sinc(s);
        double j1 = s < 1e-3 ? s / 3 - s * s * s / 30 : (Math.Sin(s) / s - Math.Cos(s)) / s;
        double scale = Math.Abs(j0) >= Math.Abs(j1) ? j0 / j[0] : j1 / j[1 <= nmax ? 1 : 0];
        if (Math.Abs(j0) < Math.Abs(j1) && nmax < 1)
        {
            // Only j_0 requested: it is exact.
            j[0] = j0;
            return;
        }
        for (int k = 0; k <= nmax; k++) j[k] *= scale;
    }

    /// <summary>sin(x)/x with the limit 1 at 0.</summary>
    public static double Sinc(double x) => Math.Abs(x) < 1e-4 ? 1 - x * x / 6 * (1 - x * x / 20) : Math.Sin(x) / x;
}
