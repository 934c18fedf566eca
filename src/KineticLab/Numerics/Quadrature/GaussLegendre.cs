using System.Collections.Concurrent;

namespace KineticLab.Numerics.Quadrature;

/// <summary>
/// Gauss–Legendre rules on [−1, 1], computed by Newton's method on the three-term recurrence
/// (nodes and weights accurate to a few ulps for n up to several hundred) and cached.
/// </summary>
public sealed class GaussLegendre
{
    private static readonly ConcurrentDictionary<int, GaussLegendre> Cache = new();

    private GaussLegendre(int n)
    {
        N = n;
        Nodes = new double[n];
        Weights = new double[n];
        int half = (n + 1) / 2;
        for (int i = 0; i < half; i++)
        {
            // Tricomi's initial guess for the i-th root (largest first).
            double x = Math.Cos(Math.PI * (i + 0.75) / (n + 0.5));
            double dp = 0;
            for (int iter = 0; iter < 100; iter++)
            {
                (double p, double d) = Legendre(n, x);
                dp = d;
                double dx = p / d;
                x -= dx;
                if (Math.Abs(dx) <= 1e-16 * Math.Max(1, Math.Abs(x))) { (_, dp) = Legendre(n, x); break; }
            }
            double w = 2.0 / ((1 - x * x) * dp * dp);
            Nodes[i] = -x; Weights[i] = w;
            Nodes[n - 1 - i] = x; Weights[n - 1 - i] = w;
        }
        if (n % 2 == 1) Nodes[n / 2] = 0;
    }

    public int N { get; }
    /// <summary>Nodes in increasing order on [−1, 1].</summary>
    public double[] Nodes { get; }
    public double[] Weights { get; }

    public static GaussLegendre Get(int n)
    {
        if (n < 1 || n > 2000) throw new ArgumentOutOfRangeException(nameof(n), "Gauss–Legendre order must be in [1, 2000]");
        return Cache.GetOrAdd(n, k => new GaussLegendre(k));
    }

    /// <summary>P_n(x) and P_n'(x).</summary>
    internal static (double P, double dP) Legendre(int n, double x)
    {
        double p0 = 1, p1 = x;
        if (n == 0) return (1, 0);
        for (int k = 2; k <= n; k++)
        {
            double p2 = ((2 * k - 1) * x * p1 - (k - 1) * p0) / k;
            p0 = p1; p1 = p2;
        }
        double dp = n * (x * p1 - p0) / (x * x - 1);
        return (p1, dp);
    }

    /// <summary>Integrates <paramref name="f"/> over [a, b] with this rule.</summary>
    public double Integrate<TF>(ref TF f, double a, double b) where TF : struct, IIntegrand
    {
        double c = 0.5 * (a + b), h = 0.5 * (b - a), s = 0;
        var x = Nodes; var w = Weights;
        for (int i = 0; i < x.Length; i++) s += w[i] * f.Value(c + h * x[i]);
        return s * h;
    }
}

/// <summary>A real function of one variable; implemented by small structs so the JIT specialises the quadrature loops.</summary>
public interface IIntegrand
{
    double Value(double x);
}
