namespace KineticLab.Numerics.Fitting;

/// <summary>Result of an ordinary least-squares fit <c>y ≈ Σ_j c_j φ_j(x)</c>.</summary>
/// <param name="Coefficients">The fitted coefficients c_j.</param>
/// <param name="StandardErrors">Their standard errors (from the residual variance; NaN when n ≤ p).</param>
/// <param name="ResidualRms">Root-mean-square residual.</param>
/// <param name="Covariance">Covariance matrix of the coefficients (p×p, row-major).</param>
/// <param name="Count">Number of data points used.</param>
public sealed record FitResult(double[] Coefficients, double[] StandardErrors, double ResidualRms, double[] Covariance, int Count);

/// <summary>Linear least squares by Householder QR of the design matrix (numerically stable for small p).</summary>
public static class LinearFit
{
    /// <summary>Fits <paramref name="y"/> by the columns of the design matrix <paramref name="design"/> (n×p, row-major).</summary>
    public static FitResult Solve(ReadOnlySpan<double> design, ReadOnlySpan<double> y, int p)
    {
        int n = y.Length;
        if (p < 1 || design.Length != n * p) throw new ArgumentException("design must be n×p");
        if (n < p) throw new ArgumentException($"need at least {p} points, got {n}");
        var a = design.ToArray();
        var b = y.ToArray();
        var diag = new double[p];
        // Householder QR: A = QR, then R c = Qᵀ b.
        for (int k = 0; k < p; k++)
        {
            double norm = 0;
            for (int i = k; i < n; i++) norm += a[i * p + k] * a[i * p + k];
            norm = Math.Sqrt(norm);
            if (norm == 0) throw new ArgumentException("the design matrix is rank deficient");
            double alpha = a[k * p + k] > 0 ? -norm : norm;
            a[k * p + k] -= alpha;
            double vnorm2 = 0;
            for (int i = k; i < n; i++) vnorm2 += a[i * p + k] * a[i * p + k];
            for (int j = k + 1; j < p; j++)
            {
                double s = 0;
                for (int i = k; i < n; i++) s += a[i * p + k] * a[i * p + j];
                s = 2 * s / vnorm2;
                for (int i = k; i < n; i++) a[i * p + j] -= s * a[i * p + k];
            }
            {
                double s = 0;
                for (int i = k; i < n; i++) s += a[i * p + k] * b[i];
                s = 2 * s / vnorm2;
                for (int i = k; i < n; i++) b[i] -= s * a[i * p + k];
            }
            diag[k] = alpha;
        }
        // R has diagonal `diag` and strict upper part in a.
        var c = new double[p];
        for (int k = p - 1; k >= 0; k--)
        {
            double s = b[k];
            for (int j = k + 1; j < p; j++) s -= a[k * p + j] * c[j];
            c[k] = s / diag[k];
        }
        double rss = 0;
        for (int i = 0; i < n; i++)
        {
            double fit = 0;
            for (int j = 0; j < p; j++) fit += design[i * p + j] * c[j];
            double r = y[i] - fit;
            rss += r * r;
        }
        // (RᵀR)⁻¹ = R⁻¹R⁻ᵀ
        var rinv = new double[p * p];
        for (int col = 0; col < p; col++)
        {
            for (int k = p - 1; k >= 0; k--)
            {
                double s = k == col ? 1 : 0;
                for (int j = k + 1; j < p; j++) s -= a[k * p + j] * rinv[j * p + col];
                rinv[k * p + col] = s / diag[k];
            }
        }
        double sigma2 = n > p ? rss / (n - p) : double.NaN;
        var cov = new double[p * p];
        for (int i = 0; i < p; i++)
            for (int j = 0; j < p; j++)
            {
                double s = 0;
                for (int k = 0; k < p; k++) s += rinv[i * p + k] * rinv[j * p + k];
                cov[i * p + j] = sigma2 * s;
            }
        var se = new double[p];
        for (int i = 0; i < p; i++) se[i] = Math.Sqrt(cov[i * p + i]);
        return new FitResult(c, se, Math.Sqrt(rss / n), cov, n);
    }

    /// <summary>Straight line y ≈ c0 + c1 x.</summary>
    public static FitResult Line(ReadOnlySpan<double> x, ReadOnlySpan<double> y)
    {
        var d = new double[2 * x.Length];
        for (int i = 0; i < x.Length; i++) { d[2 * i] = 1; d[2 * i + 1] = x[i]; }
        return Solve(d, y, 2);
    }
}
