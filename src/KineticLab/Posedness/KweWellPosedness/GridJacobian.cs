using KineticLab.Numerics.TimeStepping;

namespace KineticLab.Posedness.KweWellPosedness;

/// <summary>
/// Jacobians of a grid right-hand side F (an <see cref="IOdeSystem"/>) and the weighted sup norms the well-posedness theory uses.
/// Costs, in evaluations of F: the dense Jacobian by central differences 2N (N the dimension); a Jacobian-vector product by
/// central differences 2; for a homogeneous cubic F (the gain-only or full KWE grid operator without the conservative
/// projection: the interpolant is linear in the nodal values), the exact product
/// <c>Jv = [F(y + εv) − F(y − εv)]/(2ε) − ε²F(v)</c>, 3 evaluations, exact for every ε up to round-off.
/// </summary>
public static class GridJacobian
{
    /// <summary>The dense Jacobian (row-major, J[i·N + j] = ∂F_i/∂y_j) by central differences with steps h_j = δ·max(|y_j|, floor_j).</summary>
    public static double[] Dense(IOdeSystem system, double t, ReadOnlySpan<double> y, ReadOnlySpan<double> floor, double delta = 1e-4)
    {
        int n = system.Dimension;
        var jac = new double[n * n];
        var yp = y.ToArray();
        var fp = new double[n];
        var fm = new double[n];
        for (int j = 0; j < n; j++)
        {
            double h = delta * Math.Max(Math.Abs(y[j]), floor[j]);
            yp[j] = y[j] + h;
            system.Evaluate(t, yp, fp);
            yp[j] = y[j] - h;
            system.Evaluate(t, yp, fm);
            yp[j] = y[j];
            for (int i = 0; i < n; i++) jac[i * n + j] = (fp[i] - fm[i]) / (2 * h);
        }
        return jac;
    }

    /// <summary>The operator norm of J on the weighted sup norm ‖v‖ = max_i ρ_i|v_i|: max_i Σ_j |J_ij| ρ_i/ρ_j.</summary>
    public static double WeightedNorm(ReadOnlySpan<double> jac, ReadOnlySpan<double> rho)
    {
        int n = rho.Length;
        double best = 0;
        for (int i = 0; i < n; i++)
        {
            double s = 0;
            for (int j = 0; j < n; j++) s += Math.Abs(jac[i * n + j]) / rho[j];
            best = Math.Max(best, s * rho[i]);
        }
        return best;
    }

    /// <summary>max_i ρ_i |v_i|.</summary>
    public static double WeightedSup(ReadOnlySpan<double> v, ReadOnlySpan<double> rho)
    {
        double m = 0;
        for (int i = 0; i < v.Length; i++) m = Math.Max(m, rho[i] * Math.Abs(v[i]));
        return m;
    }

    /// <summary>The exact Jacobian-vector product of a homogeneous cubic F (3 evaluations).</summary>
    public static void CubicProduct(IOdeSystem system, double t, ReadOnlySpan<double> y, ReadOnlySpan<double> v, Span<double> result, double eps = 1)
    {
        int n = system.Dimension;
        var a = new double[n];
        var b = new double[n];
        var c = new double[n];
        for (int i = 0; i < n; i++) a[i] = y[i] + eps * v[i];
        system.Evaluate(t, a, b);
        for (int i = 0; i < n; i++) a[i] = y[i] - eps * v[i];
        system.Evaluate(t, a, c);
        for (int i = 0; i < n; i++) b[i] = (b[i] - c[i]) / (2 * eps);
        system.Evaluate(t, v, c);
        for (int i = 0; i < n; i++) result[i] = b[i] - eps * eps * c[i];
    }
}
