using KineticLab.Numerics;
using KineticLab.Numerics.Quadrature;

namespace KineticLab.WaveKinetic.Isotropic;

/// <summary>What the grid assumes beyond its last node ω_max.</summary>
public enum GridTail
{
    /// <summary>The truncated manifold: every interaction with a frequency above ω_max is dropped. Conserves the
    /// truncated waveaction and energy and keeps Rayleigh–Jeans stationary.</summary>
    Truncated,
    /// <summary>n is continued beyond ω_max by the power law through the last two nodes (zero if they are not both positive).</summary>
    PowerLaw,
}

/// <summary>
/// A log-spaced grid ω_j = ω_min·2^{j/m}, j = 0..N−1 (m points per octave, so ω/2 of a node is a node), carrying
/// nodal values n_j of an isotropic spectrum, with a local Lagrange interpolant of odd degree p in s = log ω of the
/// weighted values u = n·(1 + ω)^α (α the decay exponent expected of n, so u is O(1) and nearly flat at large ω).
/// Below ω_min, n is continued by n_0; above ω_max by the <see cref="GridTail"/>.
/// </summary>
public sealed class IsotropicGrid
{
    public IsotropicGrid(double omegaMin, double omegaMax, int pointsPerOctave, double weightExponent = 0, int degree = 5, GridTail tail = GridTail.Truncated)
    {
        Require.InRange("omega_min", omegaMin, 1e-12, 1e3);
        if (!(omegaMax > omegaMin) || !double.IsFinite(omegaMax))
            throw new InvalidInputException("omega_max", Require.Fmt(omegaMax), "must be finite and exceed omega_min");
        Require.IntInRange("points_per_octave", pointsPerOctave, 1, 256);
        Require.InRange("weight_exponent", weightExponent, 0, 200);
        if (degree < 1 || degree > 9 || degree % 2 == 0)
            throw new InvalidInputException("degree", degree.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be an odd integer in [1, 9]");
        int n = (int)Math.Round(pointsPerOctave * Math.Log2(omegaMax / omegaMin)) + 1;
        if (n < degree + 2) throw new InvalidInputException("omega_max", Require.Fmt(omegaMax), $"the grid would have {n} nodes; at least {degree + 2} are needed");
        if (n > 4096) throw new InvalidInputException("points_per_octave", pointsPerOctave.ToString(System.Globalization.CultureInfo.InvariantCulture), $"the grid would have {n} nodes (at most 4096)");
        N = n;
        PointsPerOctave = pointsPerOctave;
        H = Math.Log(2) / pointsPerOctave;
        S0 = Math.Log(omegaMin);
        Omega = new double[n];
        Rho = new double[n];
        for (int j = 0; j < n; j++)
        {
            // exact doubling every octave, so that ω_i/2 is exactly a node
            Omega[j] = j < pointsPerOctave ? omegaMin * Math.Pow(2, (double)j / pointsPerOctave) : 2 * Omega[j - pointsPerOctave];
            Rho[j] = Math.Exp(weightExponent * SpecialFunctions.Log1p(Omega[j]));
        }
        WeightExponent = weightExponent;
        Degree = degree;
        Tail = tail;
        _lagrangeScale = LagrangeScales(degree);
    }

    public int N { get; }
    public int PointsPerOctave { get; }
    /// <summary>Spacing in s = log ω.</summary>
    public double H { get; }
    public double S0 { get; }
    public double[] Omega { get; }
    /// <summary>(1 + ω_j)^α.</summary>
    public double[] Rho { get; }
    public double OmegaMin => Omega[0];
    public double OmegaMax => Omega[^1];
    public double WeightExponent { get; }
    public int Degree { get; }
    public GridTail Tail { get; }

    private readonly double[] _lagrangeScale;

    /// <summary>Nodal values of a spectrum.</summary>
    public double[] Sample(Spectrum n)
    {
        var v = new double[N];
        for (int j = 0; j < N; j++) v[j] = n.Value(Omega[j]);
        return v;
    }

    /// <summary>Weighted values u_j = n_j (1 + ω_j)^α, the quantity interpolated.</summary>
    public void Weighted(ReadOnlySpan<double> n, Span<double> u)
    {
        for (int j = 0; j < N; j++) u[j] = n[j] * Rho[j];
    }

    /// <summary>The tail exponent: n ≈ n_{N−1}(ω/ω_max)^{−a} beyond ω_max (NaN when not applicable).</summary>
    public double TailExponent(ReadOnlySpan<double> n)
    {
        if (Tail != GridTail.PowerLaw || !(n[N - 1] > 0) || !(n[N - 2] > 0)) return double.NaN;
        return -Math.Log(n[N - 1] / n[N - 2]) / H;
    }

    /// <summary>
    /// u(s) at s = log ω inside [s_0, s_{N−1}]: Lagrange interpolation on p + 1 nodes around s
    /// (one-sided near the ends), with the basis built from prefix and suffix products (no divisions).
    /// </summary>
    public double InterpolateWeighted(ReadOnlySpan<double> u, double s)
    {
        double x = (s - S0) / H;
        int p = Degree;
        int c = (int)Math.Floor(x);
        int first = c - (p - 1) / 2;
        if (first < 0) first = 0;
        if (first > N - 1 - p) first = N - 1 - p;
        double t = x - first;                    // position relative to the stencil, in [0, p]
        Span<double> prefix = stackalloc double[p + 2];
        prefix[0] = 1;
        for (int k = 0; k <= p; k++) prefix[k + 1] = prefix[k] * (t - k);
        double suffix = 1, acc = 0;
        for (int k = p; k >= 0; k--)
        {
            acc += _lagrangeScale[k] * prefix[k] * suffix * u[first + k];
            suffix *= t - k;
        }
        return acc;
    }

    /// <summary>n(ω) and ω^β together (one logarithm shared), for the grid operator's inner loop.</summary>
    public double InterpolateWithPower(ReadOnlySpan<double> n, ReadOnlySpan<double> u, double omega, double tailExponent, double beta, out double power)
    {
        if (omega <= Omega[0] || omega >= Omega[^1])
        {
            power = beta == 0 ? 1 : Math.Pow(omega, beta);
            return Interpolate(n, u, omega, tailExponent);
        }
        double s = Math.Log(omega);
        power = beta == 0 ? 1 : Math.Exp(beta * s);
        return InterpolateWeighted(u, s) / Math.Exp(WeightExponent * SpecialFunctions.Log1p(omega));
    }

    /// <summary>n(ω) from nodal values (with the extension below ω_min and the tail above ω_max).</summary>
    public double Interpolate(ReadOnlySpan<double> n, ReadOnlySpan<double> u, double omega, double tailExponent)
    {
        if (omega <= Omega[0]) return n[0];
        if (omega >= Omega[^1])
        {
            if (omega == Omega[^1]) return n[^1];
            if (Tail == GridTail.Truncated || !double.IsFinite(tailExponent)) return 0;
            return n[^1] * Math.Pow(omega / Omega[^1], -tailExponent);
        }
        double s = Math.Log(omega);
        return InterpolateWeighted(u, s) / Math.Exp(WeightExponent * SpecialFunctions.Log1p(omega));
    }

    /// <summary>1/Π_{j≠k}(k − j) for the equispaced nodes 0..p: (−1)^{p−k}/(k!(p−k)!).</summary>
    private static double[] LagrangeScales(int p)
    {
        var w = new double[p + 1];
        for (int k = 0; k <= p; k++)
        {
            double d = 1;
            for (int j = 0; j <= p; j++) if (j != k) d *= k - j;
            w[k] = 1 / d;
        }
        return w;
    }

    /// <summary>
    /// Weights q_j with Σ q_j n_j = ∫_0^{ω_max} n(ω) ω^{a} dω for the interpolant of the nodal values
    /// (GL with 8 points per cell in s, the constant continuation on [0, ω_min]); a = 1/2 gives the waveaction,
    /// a = 3/2 the energy. The tail beyond ω_max is not included.
    /// </summary>
    public double[] MomentWeights(double a)
    {
        var q = new double[N];
        var gl = GaussLegendre.Get(8);
        Span<double> basis = stackalloc double[N];
        var unit = new double[N];
        for (int c = 0; c < N - 1; c++)
        {
            for (int g = 0; g < gl.N; g++)
            {
                double s = S0 + H * (c + 0.5 + 0.5 * gl.Nodes[g]);
                double w = Math.Exp(s);
                double jac = 0.5 * H * gl.Weights[g] * Math.Pow(w, a + 1) / Math.Exp(WeightExponent * SpecialFunctions.Log1p(w));
                // basis functions: interpolate unit vectors of u (u_j = n_j ρ_j ⇒ ∂n(ω)/∂n_j = ρ_j L_j(s)/ρ(ω))
                for (int j = Math.Max(0, c - Degree); j <= Math.Min(N - 1, c + Degree + 1); j++)
                {
                    unit[j] = 1;
                    double lj = InterpolateWeighted(unit, s);
                    unit[j] = 0;
                    q[j] += jac * lj * Rho[j];
                }
            }
        }
        q[0] += Math.Pow(Omega[0], a + 1) / (a + 1);
        return q;
    }
}
