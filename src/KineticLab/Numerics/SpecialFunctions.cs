namespace KineticLab.Numerics;

/// <summary>Elementary functions with full relative accuracy where the naive formulas cancel.</summary>
public static class SpecialFunctions
{
    /// <summary>log(1 + x), accurate for small |x| (Goldberg's correction of log(1 + x) by x/((1+x)−1)).</summary>
    public static double Log1p(double x)
    {
        if (double.IsNaN(x) || x < -1) return double.NaN;
        if (x == -1) return double.NegativeInfinity;
        double u = 1.0 + x;
        if (u == 1.0) return x;
        if (double.IsPositiveInfinity(u)) return double.PositiveInfinity;
        return Math.Log(u) * (x / (u - 1.0));
    }

    /// <summary>exp(x) − 1, accurate for small |x| (Kahan's correction).</summary>
    public static double Expm1(double x)
    {
        if (double.IsNaN(x)) return double.NaN;
        if (Math.Abs(x) < 1e-5) return x + x * x * (0.5 + x / 6.0);
        if (x < -40) return -1.0;
        double u = Math.Exp(x);
        if (u == 1.0) return x;
        double um1 = u - 1.0;
        if (um1 == -1.0) return -1.0;
        if (double.IsPositiveInfinity(u)) return double.PositiveInfinity;
        return um1 * (x / Math.Log(u));
    }

    /// <summary>(1 + x)^p − 1, accurate for small |x| (x &gt; −1).</summary>
    public static double PowM1(double x, double p) => Expm1(p * Log1p(x));
}
