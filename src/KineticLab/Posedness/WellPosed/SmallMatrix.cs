using System.Numerics;

namespace KineticLab.Posedness.WellPosed;

/// <summary>
/// Dense n×n real and complex matrices (row-major arrays, n ≤ 8) for the Gaussian closed forms of the well-posedness
/// lab: determinant and inverse by LU with partial pivoting, products, symmetric parts. No allocation beyond the result.
/// </summary>
public static class SmallMatrix
{
    /// <summary>det A (complex, A n×n row-major).</summary>
    public static Complex Det(ReadOnlySpan<Complex> a, int n)
    {
        Span<Complex> m = stackalloc Complex[n * n];
        a.CopyTo(m);
        Complex det = Complex.One;
        for (int k = 0; k < n; k++)
        {
            int piv = k;
            double best = m[k * n + k].Magnitude;
            for (int i = k + 1; i < n; i++) { double v = m[i * n + k].Magnitude; if (v > best) { best = v; piv = i; } }
            if (best == 0) return Complex.Zero;
            if (piv != k)
            {
                for (int j = 0; j < n; j++) (m[k * n + j], m[piv * n + j]) = (m[piv * n + j], m[k * n + j]);
                det = -det;
            }
            var p = m[k * n + k];
            det *= p;
            for (int i = k + 1; i < n; i++)
            {
                var f = m[i * n + k] / p;
                if (f == Complex.Zero) continue;
                for (int j = k + 1; j < n; j++) m[i * n + j] -= f * m[k * n + j];
            }
        }
        return det;
    }

    /// <summary>det A (real).</summary>
    public static double Det(ReadOnlySpan<double> a, int n)
    {
        Span<double> m = stackalloc double[n * n];
        a.CopyTo(m);
        double det = 1;
        for (int k = 0; k < n; k++)
        {
            int piv = k;
            double best = Math.Abs(m[k * n + k]);
            for (int i = k + 1; i < n; i++) { double v = Math.Abs(m[i * n + k]); if (v > best) { best = v; piv = i; } }
            if (best == 0) return 0;
            if (piv != k)
            {
                for (int j = 0; j < n; j++) (m[k * n + j], m[piv * n + j]) = (m[piv * n + j], m[k * n + j]);
                det = -det;
            }
            double p = m[k * n + k];
            det *= p;
            for (int i = k + 1; i < n; i++)
            {
                double f = m[i * n + k] / p;
                if (f == 0) continue;
                for (int j = k + 1; j < n; j++) m[i * n + j] -= f * m[k * n + j];
            }
        }
        return det;
    }

    /// <summary>A⁻¹ (complex) into <paramref name="inv"/> by Gauss–Jordan with partial pivoting.</summary>
    public static void Inverse(ReadOnlySpan<Complex> a, int n, Span<Complex> inv)
    {
        Span<Complex> m = stackalloc Complex[n * n];
        a.CopyTo(m);
        inv.Clear();
        for (int i = 0; i < n; i++) inv[i * n + i] = Complex.One;
        for (int k = 0; k < n; k++)
        {
            int piv = k;
            double best = m[k * n + k].Magnitude;
            for (int i = k + 1; i < n; i++) { double v = m[i * n + k].Magnitude; if (v > best) { best = v; piv = i; } }
            if (best == 0) throw new ArithmeticException("singular matrix");
            if (piv != k)
                for (int j = 0; j < n; j++)
                {
                    (m[k * n + j], m[piv * n + j]) = (m[piv * n + j], m[k * n + j]);
                    (inv[k * n + j], inv[piv * n + j]) = (inv[piv * n + j], inv[k * n + j]);
                }
            var p = m[k * n + k];
            for (int j = 0; j < n; j++) { m[k * n + j] /= p; inv[k * n + j] /= p; }
            for (int i = 0; i < n; i++)
            {
                if (i == k) continue;
                var f = m[i * n + k];
                if (f == Complex.Zero) continue;
                for (int j = 0; j < n; j++) { m[i * n + j] -= f * m[k * n + j]; inv[i * n + j] -= f * inv[k * n + j]; }
            }
        }
    }

    /// <summary>A⁻¹ (real).</summary>
    public static double[] Inverse(ReadOnlySpan<double> a, int n)
    {
        Span<Complex> c = stackalloc Complex[n * n];
        for (int i = 0; i < n * n; i++) c[i] = a[i];
        Span<Complex> r = stackalloc Complex[n * n];
        Inverse(c, n, r);
        var inv = new double[n * n];
        for (int i = 0; i < n * n; i++) inv[i] = r[i].Real;
        return inv;
    }

    /// <summary>C = A·B (complex).</summary>
    public static void Multiply(ReadOnlySpan<Complex> a, ReadOnlySpan<Complex> b, int n, Span<Complex> c)
    {
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                Complex s = Complex.Zero;
                for (int k = 0; k < n; k++) s += a[i * n + k] * b[k * n + j];
                c[i * n + j] = s;
            }
    }

    /// <summary>Smallest eigenvalue bound check: true when the real symmetric matrix is positive definite (Cholesky succeeds).</summary>
    public static bool IsPositiveDefinite(ReadOnlySpan<double> a, int n)
    {
        Span<double> l = stackalloc double[n * n];
        l.Clear();
        for (int j = 0; j < n; j++)
        {
            double s = a[j * n + j];
            for (int k = 0; k < j; k++) s -= l[j * n + k] * l[j * n + k];
            if (!(s > 0)) return false;
            double d = Math.Sqrt(s);
            l[j * n + j] = d;
            for (int i = j + 1; i < n; i++)
            {
                double t = 0.5 * (a[i * n + j] + a[j * n + i]);
                for (int k = 0; k < j; k++) t -= l[i * n + k] * l[j * n + k];
                l[i * n + j] = t / d;
            }
        }
        return true;
    }
}
