using MathNet.Numerics;
using MathNet.Numerics.LinearAlgebra;

namespace KineticLab.Numerics.Quadrature;

/// <summary>A one-dimensional quadrature rule: <c>∫ w(x) h(x) dx ≈ Σ W_i h(X_i)</c>.</summary>
public sealed record Rule1D(double[] Nodes, double[] Weights)
{
    public int Count => Nodes.Length;

    /// <summary>The rule for the concatenation of two intervals.</summary>
    public static Rule1D Concat(Rule1D a, Rule1D b) => new([.. a.Nodes, .. b.Nodes], [.. a.Weights, .. b.Weights]);
}

/// <summary>
/// Gauss–Jacobi rules by the Golub–Welsch method (eigen-decomposition of the Jacobi matrix of the
/// orthogonal polynomials). Exact for <c>(1−t)^a (1+t)^b p(t)</c> on [−1, 1] with deg p ≤ 2n−1.
/// </summary>
public static class GaussJacobi
{
    private static readonly Dictionary<(int, double, double), Rule1D> Cache = new();

    /// <summary>Nodes and weights on [−1, 1] for the weight <c>(1−t)^a (1+t)^b</c>, a, b &gt; −1.</summary>
    public static Rule1D Reference(int n, double a, double b)
    {
        if (n < 1) throw new ArgumentOutOfRangeException(nameof(n));
        if (!(a > -1) || !(b > -1)) throw new ArgumentOutOfRangeException(nameof(a), "exponents must be > -1");
        lock (Cache)
        {
            if (Cache.TryGetValue((n, a, b), out var hit)) return hit;
        }
        var diag = new double[n];
        var off = new double[Math.Max(0, n - 1)];
        double ab = a + b;
        diag[0] = (b - a) / (ab + 2);
        for (int k = 1; k < n; k++)
        {
            double s = 2 * k + ab;
            diag[k] = (b * b - a * a) / (s * (s + 2));
            double beta = 4.0 * k * (k + a) * (k + b) * (k + ab) / (s * s * (s + 1) * (s - 1));
            off[k - 1] = Math.Sqrt(beta);
        }
        double mu0 = Math.Exp((ab + 1) * Math.Log(2) + MathNet.Numerics.SpecialFunctions.GammaLn(a + 1) + MathNet.Numerics.SpecialFunctions.GammaLn(b + 1) - MathNet.Numerics.SpecialFunctions.GammaLn(ab + 2));
        var m = Matrix<double>.Build.Dense(n, n);
        for (int i = 0; i < n; i++) m[i, i] = diag[i];
        for (int i = 0; i + 1 < n; i++) { m[i, i + 1] = off[i]; m[i + 1, i] = off[i]; }
        var evd = m.Evd(Symmetricity.Symmetric);
        var nodes = new double[n];
        var weights = new double[n];
        var order = Enumerable.Range(0, n).OrderBy(i => evd.EigenValues[i].Real).ToArray();
        for (int j = 0; j < n; j++)
        {
            int i = order[j];
            nodes[j] = evd.EigenValues[i].Real;
            double v0 = evd.EigenVectors[0, i];
            weights[j] = mu0 * v0 * v0;
        }
        var rule = new Rule1D(nodes, weights);
        lock (Cache) Cache[(n, a, b)] = rule;
        return rule;
    }

    /// <summary>Gauss–Legendre on [lo, hi].</summary>
    public static Rule1D Legendre(int n, double lo, double hi)
    {
        var r = Reference(n, 0, 0);
        double h = 0.5 * (hi - lo), c = 0.5 * (hi + lo);
        var x = new double[n];
        var w = new double[n];
        for (int i = 0; i < n; i++) { x[i] = c + h * r.Nodes[i]; w[i] = h * r.Weights[i]; }
        return new Rule1D(x, w);
    }

    /// <summary>Rule for <c>∫_0^R ρ^α h(ρ) dρ</c> (the weight ρ^α is built into the weights), α &gt; −1.</summary>
    public static Rule1D RadialPower(int n, double R, double alpha)
    {
        var r = Reference(n, 0, alpha);
        double scale = Math.Pow(R / 2, alpha + 1);
        var x = new double[n];
        var w = new double[n];
        for (int i = 0; i < n; i++) { x[i] = R * (1 + r.Nodes[i]) / 2; w[i] = scale * r.Weights[i]; }
        return new Rule1D(x, w);
    }
}
