using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace KineticLab.Numerics.Spectral;

/// <summary>
/// Exact spectral shifts on a half spectrum (<see cref="SpectralModes"/> layout): after <see cref="Prepare"/> with a
/// scale c and a direction σ, the phase of mode k is <c>P_k = e^{i c σ·k}</c> (separable: one table per axis, the
/// product formed row by row), so multiplying a spectrum by P shifts the function by <c>cσ L/π</c>. One instance
/// per worker thread (the tables are its scratch). Shared by the Boltzmann and the kinetic wave spectral operators.
/// </summary>
public sealed class PhaseShift
{
    private readonly int _d, _n, _hl;
    /// <summary>Per-axis tables (cos, sin interleaved) over FFT positions: axes 0 and 1 full, the last axis halved.</summary>
    public readonly double[] E0, E1, E2;

    public PhaseShift(SpectralModes modes) : this(modes.Dimension, modes.N) { }

    public PhaseShift(int d, int n)
    {
        _d = d; _n = n; _hl = n / 2 + 1;
        int len = 2 * Math.Max(2048, n);
        E0 = new double[len]; E1 = new double[len]; E2 = new double[len];
    }

    private int Rows0 => _n;
    private int Rows1 => _d == 3 ? _n : 1;

    /// <summary>Phase tables for <c>e^{i c σ·k}</c> (σ: d coordinates).</summary>
    public void Prepare(double c, ReadOnlySpan<double> sigma)
    {
        int n = _n;
        if (_d == 3)
        {
            FillPhase(E0, c * sigma[0], n, full: true);
            FillPhase(E1, c * sigma[1], n, full: true);
            FillPhase(E2, c * sigma[2], n, full: false);
        }
        else
        {
            FillPhase(E0, c * sigma[0], n, full: true);
            E1[0] = 1; E1[1] = 0;                      // no middle axis
            FillPhase(E2, c * sigma[1], n, full: false);
        }
    }

    /// <summary>e[2j], e[2j+1] = cos, sin of θ·k_j over the FFT positions of one axis (the halved axis when not full).</summary>
    public static void FillPhase(double[] e, double theta, int n, bool full)
    {
        int count = full ? n : n / 2 + 1;
        for (int j = 0; j < count; j++)
        {
            int k = full ? (j < n / 2 ? j : j - n) : (j == n / 2 ? -n / 2 : j);
            double ang = theta * k;
            e[2 * j] = Math.Cos(ang);
            e[2 * j + 1] = Math.Sin(ang);
        }
    }

    /// <summary>A ← scale·f̂·P and B ← ĝ·conj(P) (the spectra of f(· + s)·scale and g(· − s)).</summary>
    public unsafe void ShiftPair(Span<Complex> fh, Span<Complex> gh, double scale, Span<Complex> aOut, Span<Complex> bOut)
    {
        var e0 = E0; var e1 = E1;
        int hl = _hl, rows0 = Rows0, rows1 = Rows1;
        fixed (Complex* fp = fh)
        fixed (Complex* gp = gh)
        fixed (Complex* ap = aOut)
        fixed (Complex* bp = bOut)
        fixed (double* e2p = E2)
        {
            double* fd = (double*)fp, gd = (double*)gp, a = (double*)ap, b = (double*)bp;
            for (int i0 = 0; i0 < rows0; i0++)
            {
                double c0 = e0[2 * i0], s0 = e0[2 * i0 + 1];
                for (int i1 = 0; i1 < rows1; i1++)
                {
                    double c1 = e1[2 * i1], s1 = e1[2 * i1 + 1];
                    double pr0 = c0 * c1 - s0 * s1, pi0 = c0 * s1 + s0 * c1;
                    int off = 2 * ((i0 * rows1 + i1) * hl);
                    ShiftRow(fd + off, gd + off, e2p, pr0, pi0, scale, a + off, b + off, hl);
                }
            }
        }
    }

    /// <summary>
    /// One row of the shifted spectra: P_j = p01 · e2_j, A_j = scale · f̂_j P_j, B_j = ĝ_j conj(P_j)
    /// (AVX/FMA two modes at a time when available).
    /// </summary>
    public static unsafe void ShiftRow(double* f, double* g, double* e2, double pr0, double pi0, double scale, double* a, double* b, int hl)
    {
        int j = 0;
        if (Fma.IsSupported && Avx.IsSupported)
        {
            var pr = Vector256.Create(pr0);
            var pi = Vector256.Create(pi0);
            var sc = Vector256.Create(scale);
            var conjMask = Vector256.Create(0.0, -0.0, 0.0, -0.0);
            for (; j + 2 <= hl; j += 2)
            {
                var e = Avx.LoadVector256(e2 + 2 * j);
                // P = p01 · e
                var p = Fma.MultiplyAddSubtract(pr, e, pi * Avx.Permute(e, 0b0101));
                var x = Avx.LoadVector256(f + 2 * j);
                var av = Fma.MultiplyAddSubtract(Avx.DuplicateEvenIndexed(x), p, Avx.Permute(x, 0b1111) * Avx.Permute(p, 0b0101));
                Avx.Store(a + 2 * j, av * sc);
                var pc = Avx.Xor(p, conjMask);
                var y = Avx.LoadVector256(g + 2 * j);
                var bv = Fma.MultiplyAddSubtract(Avx.DuplicateEvenIndexed(y), pc, Avx.Permute(y, 0b1111) * Avx.Permute(pc, 0b0101));
                Avx.Store(b + 2 * j, bv);
            }
        }
        for (; j < hl; j++)
        {
            double c2 = e2[2 * j], s2 = e2[2 * j + 1];
            double pr = pr0 * c2 - pi0 * s2, pi = pr0 * s2 + pi0 * c2;
            double xr = f[2 * j], xi = f[2 * j + 1];
            a[2 * j] = scale * (xr * pr - xi * pi);
            a[2 * j + 1] = scale * (xr * pi + xi * pr);
            double yr = g[2 * j], yi = g[2 * j + 1];
            b[2 * j] = yr * pr + yi * pi;
            b[2 * j + 1] = yi * pr - yr * pi;
        }
    }

    /// <summary>
    /// Two shifted copies in one pass: A ← src·P and B ← scaleB·w·src·P (the shifted function and the shifted output of a
    /// real Fourier multiplier w applied to it), AVX/FMA two modes at a time when available. With an empty
    /// <paramref name="outB"/> only A (and <paramref name="weight"/> may be empty).
    /// </summary>
    public unsafe void ApplyPair(ReadOnlySpan<Complex> src, ReadOnlySpan<double> weight, double scaleB, Span<Complex> outA, Span<Complex> outB)
    {
        bool two = !outB.IsEmpty;
        int hl = _hl, rows0 = Rows0, rows1 = Rows1;
        var e0 = E0; var e1 = E1;
        fixed (Complex* sp = src)
        fixed (Complex* ap = outA)
        fixed (Complex* bp = outB)
        fixed (double* wp = weight)
        fixed (double* e2 = E2)
        {
            double* s = (double*)sp, a = (double*)ap, b = (double*)bp;
            for (int i0 = 0; i0 < rows0; i0++)
            {
                double c0 = e0[2 * i0], s0 = e0[2 * i0 + 1];
                for (int i1 = 0; i1 < rows1; i1++)
                {
                    double c1 = e1[2 * i1], s1 = e1[2 * i1 + 1];
                    double pr0 = c0 * c1 - s0 * s1, pi0 = c0 * s1 + s0 * c1;
                    int row = (i0 * rows1 + i1) * hl;
                    int j = 0;
                    if (Fma.IsSupported && Avx.IsSupported)
                    {
                        var pr = Vector256.Create(pr0);
                        var pi = Vector256.Create(pi0);
                        for (; j + 2 <= hl; j += 2)
                        {
                            int m = row + j;
                            var e = Avx.LoadVector256(e2 + 2 * j);
                            var pv = Fma.MultiplyAddSubtract(pr, e, pi * Avx.Permute(e, 0b0101));
                            var x = Avx.LoadVector256(s + 2 * m);
                            var av = Fma.MultiplyAddSubtract(Avx.DuplicateEvenIndexed(x), pv, Avx.Permute(x, 0b1111) * Avx.Permute(pv, 0b0101));
                            Avx.Store(a + 2 * m, av);
                            if (!two) continue;
                            var w = Vector256.Create(wp[m], wp[m], wp[m + 1], wp[m + 1]) * scaleB;
                            Avx.Store(b + 2 * m, av * w);
                        }
                    }
                    for (; j < hl; j++)
                    {
                        int m = row + j;
                        double c2 = e2[2 * j], s2 = e2[2 * j + 1];
                        double qr = pr0 * c2 - pi0 * s2, qi = pr0 * s2 + pi0 * c2;
                        double xr = s[2 * m], xi = s[2 * m + 1];
                        double ar = xr * qr - xi * qi, ai = xr * qi + xi * qr;
                        a[2 * m] = ar; a[2 * m + 1] = ai;
                        if (!two) continue;
                        double w = scaleB * wp[m];
                        b[2 * m] = w * ar; b[2 * m + 1] = w * ai;
                    }
                }
            }
        }
    }

    /// <summary>dst ← scale·w_m·src_m (a real multiplier on a half spectrum), AVX two modes at a time when available.</summary>
    public static unsafe void Scale(ReadOnlySpan<Complex> src, ReadOnlySpan<double> weight, double scale, Span<Complex> dst)
    {
        int n = dst.Length, m = 0;
        fixed (Complex* sp = src)
        fixed (Complex* dp = dst)
        fixed (double* wp = weight)
        {
            double* s = (double*)sp, d = (double*)dp;
            if (Avx.IsSupported)
            {
                for (; m + 2 <= n; m += 2)
                {
                    var w = Vector256.Create(wp[m], wp[m], wp[m + 1], wp[m + 1]) * scale;
                    Avx.Store(d + 2 * m, Avx.LoadVector256(s + 2 * m) * w);
                }
            }
            for (; m < n; m++)
            {
                double w = scale * wp[m];
                d[2 * m] = w * s[2 * m];
                d[2 * m + 1] = w * s[2 * m + 1];
            }
        }
    }

    /// <summary>
    /// dst ← scale·w_m·src_m·P_m (or conj P_m when <paramref name="conjugate"/>); with <paramref name="accumulate"/>
    /// dst ← dst + that. <paramref name="weight"/> may be empty (w = 1).
    /// </summary>
    public unsafe void Apply(ReadOnlySpan<Complex> src, Span<Complex> dst, ReadOnlySpan<double> weight, double scale, bool conjugate, bool accumulate)
    {
        int hl = _hl, rows0 = Rows0, rows1 = Rows1;
        bool hasW = !weight.IsEmpty;
        double sg = conjugate ? -1 : 1;
        fixed (Complex* sp = src)
        fixed (Complex* dp = dst)
        fixed (double* wp = weight)
        fixed (double* e2 = E2)
        {
            double* s = (double*)sp, dd = (double*)dp;
            var e0 = E0; var e1 = E1;
            for (int i0 = 0; i0 < rows0; i0++)
            {
                double c0 = e0[2 * i0], s0 = e0[2 * i0 + 1];
                for (int i1 = 0; i1 < rows1; i1++)
                {
                    double c1 = e1[2 * i1], s1 = e1[2 * i1 + 1];
                    double pr0 = c0 * c1 - s0 * s1, pi0 = sg * (c0 * s1 + s0 * c1);
                    int row = (i0 * rows1 + i1) * hl;
                    for (int j = 0; j < hl; j++)
                    {
                        int m = row + j;
                        double c2 = e2[2 * j], s2 = sg * e2[2 * j + 1];
                        double pr = pr0 * c2 - pi0 * s2, pi = pr0 * s2 + pi0 * c2;
                        double w = hasW ? scale * wp[m] : scale;
                        double xr = s[2 * m], xi = s[2 * m + 1];
                        double ar = w * (xr * pr - xi * pi), ai = w * (xr * pi + xi * pr);
                        if (accumulate) { dd[2 * m] += ar; dd[2 * m + 1] += ai; }
                        else { dd[2 * m] = ar; dd[2 * m + 1] = ai; }
                    }
                }
            }
        }
    }
}
