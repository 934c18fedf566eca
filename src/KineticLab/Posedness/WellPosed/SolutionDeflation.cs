using System.Numerics;
using KineticLab.Numerics.Fft;
using KineticLab.Posedness.RockAndNeedles;
using KineticLab.Numerics.Quadrature;

namespace KineticLab.Posedness.WellPosed;

/// <summary>
/// ‖f‖_{L^{2,r}_v H^s_x} = ‖⟨∇_x⟩^s⟨v⟩^r f‖_{L²} of phase-space data on the inhomogeneous solver's layout (d = 2:
/// f[ix·N_v² + iv], x on the periodic box [0, L_x)² with N_x points per axis, v on the grid [−L, L)² with N_v points per
/// axis): for each velocity node an FFT in x (the box is periodic, so the norm is the torus norm — see the caveats on
/// fractional s in docs/rock-and-needles.md), then the velocity trapezoidal rule.
/// </summary>
public static class GridNorm
{
    public static double Compute(ReadOnlySpan<double> f, int nx, double lx, int nv, double lv, double s, double r)
    {
        int nxt = nx * nx, nvt = nv * nv;
        if (f.Length != nxt * nvt) throw new ArgumentException("f must have Nx²·Nv² entries");
        var data = f.ToArray();
        double hv = 2 * lv / nv, hx = lx / nx, dk = 2 * Math.PI / lx;
        var w = new double[nxt];
        for (int i = 0; i < nx; i++)
            for (int j = 0; j < nx; j++)
            {
                int a = i <= nx / 2 ? i : i - nx, b = j <= nx / 2 ? j : j - nx;
                w[i * nx + j] = s == 0 ? 1 : Math.Pow(1 + dk * dk * (a * a + b * b), s);
            }
        double total = 0;
        object gate = new();
        using var fft = Fft.Create([nx, nx], FftPlanning.Estimate);
        Parallel.For(0, nvt, () => (new Complex[nxt], new Complex[nxt], 0.0), (iv, _, loc) =>
        {
            var (inp, outp, acc) = loc;
            for (int ix = 0; ix < nxt; ix++) inp[ix] = data[ix * nvt + iv];
            fft.Forward(inp, outp);
            double sum = 0;
            for (int m = 0; m < nxt; m++) { double mag = outp[m].Magnitude; sum += w[m] * mag * mag; }
            double vx = -lv + (iv / nv) * hv, vy = -lv + (iv % nv) * hv;
            double wv = r == 0 ? 1 : Math.Pow(1 + vx * vx + vy * vy, r);
            return (inp, outp, acc + wv * sum * hx * hx / nxt);
        }, loc => { lock (gate) total += loc.Item3; });
        return Math.Sqrt(total * hv * hv);
    }
}

/// <summary>
/// A d = 2 rock-and-needles datum at a resolvable "toy M" for the nonlinear solver, with the paper's M-scalings where a
/// grid can hold them: the rock e^{−M²|x − x_c|²/(2ℓ_r²)} M(v; σ_r) (x-width ℓ_r/M, velocity width σ_r fixed: N₁ cannot grow on a
/// grid), J Gaussian needles of speed c, length ℓ_n, width w_n/M, velocity N(c e_j, σ_n²), focused at x_c at time t_f; beam
/// amplitude a_b(M) = a₀ M^{(d−1)/2 − s} (the rate at the focus ∝ Λ = M^{(d−1)/2−s} as in (3.6)), rock amplitude so that
/// ‖f_r(0)‖ = 1. The approximate solution f_a = f_r + f_b: f_b freely transported (periodic images), f_r(t) = f_r(0)e^{−β(t, x)}
/// with β(t, x) = b₁∫₀^t∫f_b(τ, x, u)|u|^γ du dτ (the rate at v = 0, the seed's N₁ → ∞ form of (3.9)).
/// </summary>
public sealed class DeflationDatum
{
    public double M { get; init; } = 1;
    public double Gamma { get; init; } = -0.5;
    public double S0 { get; init; } = 0.25;
    public double Delta { get; init; } = 0.2;
    public double Lx { get; init; } = 10;
    public int Needles { get; init; } = 8;
    public double Speed { get; init; } = 2.5;
    public double NeedleLength { get; init; } = 1.2;
    public double NeedleWidth { get; init; } = 0.6;
    public double NeedleStdV { get; init; } = 0.4;
    public double RockWidth { get; init; } = 0.6;
    public double RockStdV { get; init; } = 0.4;
    public double FocusTime { get; init; } = 1.2;
    public double BeamAmplitude0 { get; init; } = 0.15;
    public double B1 { get; init; } = 4;

    public double Centre => Lx / 2;
    public double LogLambda => (0.5 - (S0 + Delta)) * Math.Log(M);
    /// <summary>a_b(M) = a₀ M^{(d−1)/2−s}, s = s₀ + δ.</summary>
    public double BeamAmplitude => BeamAmplitude0 * Math.Exp(LogLambda);
    public double Width => NeedleWidth / M;
    public double RockX => RockWidth / M;

    private double Wrap(double d) => d - Lx * Math.Floor(d / Lx + 0.5);

    /// <summary>The unnormalized rock e^{−|x − x_c|²/(2(ℓ_r/M)²)} e^{−|v|²/(2σ_r²)} (periodic images).</summary>
    public double RockShape(ReadOnlySpan<double> x, ReadOnlySpan<double> v)
    {
        double s = RockX, sum = 0;
        for (int i = -1; i <= 1; i++)
            for (int k = -1; k <= 1; k++)
            {
                double d0 = Wrap(x[0] - Centre) + i * Lx, d1 = Wrap(x[1] - Centre) + k * Lx;
                sum += Math.Exp(-(d0 * d0 + d1 * d1) / (2 * s * s));
            }
        return sum * Math.Exp(-(v[0] * v[0] + v[1] * v[1]) / (2 * RockStdV * RockStdV));
    }

    /// <summary>The freely transported beam f_b(t, x, v).</summary>
    public double Beam(double t, ReadOnlySpan<double> x, ReadOnlySpan<double> v)
    {
        double sum = 0, sv = NeedleStdV, l = NeedleLength, w = Width;
        for (int j = 0; j < Needles; j++)
        {
            double th = 2 * Math.PI * j / Needles, e0 = Math.Cos(th), e1 = Math.Sin(th);
            double m0 = Speed * e0, m1 = Speed * e1;
            double dv2 = (v[0] - m0) * (v[0] - m0) + (v[1] - m1) * (v[1] - m1);
            if (dv2 > 80 * sv * sv) continue;
            double gv = Math.Exp(-dv2 / (2 * sv * sv)) / (2 * Math.PI * sv * sv);
            double x00 = Centre - Speed * FocusTime * e0, x01 = Centre - Speed * FocusTime * e1;
            double a0 = Wrap(x[0] - x00 - v[0] * t), a1 = Wrap(x[1] - x01 - v[1] * t);
            double gx = 0;
            for (int i = -1; i <= 1; i++)
                for (int k = -1; k <= 1; k++)
                {
                    double b0 = a0 + i * Lx, b1 = a1 + k * Lx;
                    double p = b0 * e0 + b1 * e1, q = -b0 * e1 + b1 * e0;
                    gx += Math.Exp(-0.5 * (p * p / (l * l) + q * q / (w * w)));
                }
            sum += gv * gx;
        }
        return BeamAmplitude * sum;
    }

    /// <summary>R(t, x) = b₁∫f_b(t, x, u)|u|^γ du by tensor Gauss–Legendre around each needle's velocity (±7σ_n, 32² nodes).</summary>
    public double Rate(double t, ReadOnlySpan<double> x)
    {
        var gl = GaussLegendre.Get(32);
        double sv = NeedleStdV, sum = 0;
        Span<double> u = stackalloc double[2];
        for (int j = 0; j < Needles; j++)
        {
            double th = 2 * Math.PI * j / Needles, c0 = Speed * Math.Cos(th), c1 = Speed * Math.Sin(th);
            for (int a = 0; a < gl.N; a++)
                for (int b = 0; b < gl.N; b++)
                {
                    u[0] = c0 + 7 * sv * gl.Nodes[a]; u[1] = c1 + 7 * sv * gl.Nodes[b];
                    double r = Math.Sqrt(u[0] * u[0] + u[1] * u[1]);
                    sum += 49 * sv * sv * gl.Weights[a] * gl.Weights[b] * OneNeedle(j, t, x, u) * Math.Pow(r, Gamma);
                }
        }
        return B1 * sum;
    }

    private double OneNeedle(int j, double t, ReadOnlySpan<double> x, ReadOnlySpan<double> v)
    {
        double sv = NeedleStdV, l = NeedleLength, w = Width;
        double th = 2 * Math.PI * j / Needles, e0 = Math.Cos(th), e1 = Math.Sin(th);
        double m0 = Speed * e0, m1 = Speed * e1;
        double dv2 = (v[0] - m0) * (v[0] - m0) + (v[1] - m1) * (v[1] - m1);
        double gv = Math.Exp(-dv2 / (2 * sv * sv)) / (2 * Math.PI * sv * sv);
        double x00 = Centre - Speed * FocusTime * e0, x01 = Centre - Speed * FocusTime * e1;
        double a0 = Wrap(x[0] - x00 - v[0] * t), a1 = Wrap(x[1] - x01 - v[1] * t);
        double p = a0 * e0 + a1 * e1, q = -a0 * e1 + a1 * e0;
        return BeamAmplitude * gv * Math.Exp(-0.5 * (p * p / (l * l) + q * q / (w * w)));
    }

    /// <summary>β(t, x) = ∫₀^t R(τ, x) dτ (Gauss–Legendre, 4 panels × 8 nodes).</summary>
    public double Beta(double t, ReadOnlySpan<double> x)
    {
        var gl = GaussLegendre.Get(8);
        double sum = 0, h = t / 4;
        for (int p = 0; p < 4; p++)
            for (int i = 0; i < gl.N; i++) sum += 0.5 * h * gl.Weights[i] * Rate(p * h + 0.5 * h * (gl.Nodes[i] + 1), x);
        return sum;
    }
}

/// <summary>One value of M of a deflation study: norms of the solution and of f_a at the ends, and the distance between them.</summary>
public sealed record SolutionDeflationRow(double M, double NormSolutionStart, double NormSolutionEnd, double NormApproxStart, double NormApproxEnd, double MaxError)
{
    /// <summary>The deflation factor of the solution, ‖f(start)‖/‖f(end)‖ (the seed's t = T* over t = 0).</summary>
    public double Factor => NormSolutionStart / NormSolutionEnd;
}

/// <summary>The fits of a deflation study: error exponent against M (the seed's Prop. 3.14 bound M^{−1/2}) and ln F against ln ln ln M.</summary>
public sealed record SolutionDeflationFit(Slope ErrorExponent, double ErrorBoundViolations, Slope FactorVsLogLog, IReadOnlyList<SolutionDeflationRow> Rows);

public static class DeflationAnalysis
{
    /// <summary>
    /// Fits ln(max‖f − f_a‖) = c + p ln M (Prop. 3.14 claims ‖f_c‖ ≲ M^{−1/2}: p ≤ −1/2 up to the constant), counts the rows
    /// whose error exceeds C·M^{−1/2} with C set by the first row, and fits ln F = c + q ln(ln ln M) (F ≈ ln ln M: q ≈ 1).
    /// </summary>
    public static SolutionDeflationFit Fit(IReadOnlyList<SolutionDeflationRow> rows)
    {
        if (rows.Count < 2) throw new ArgumentException("at least two values of M");
        var err = Slope.Fit(rows.Select(r => r.M).ToList(), rows.Select(r => r.MaxError).ToList());
        double c = rows[0].MaxError * Math.Sqrt(rows[0].M);
        double viol = rows.Count(r => r.MaxError > c / Math.Sqrt(r.M) * (1 + 1e-12));
        var usable = rows.Where(r => r.M > Math.Exp(Math.E)).ToList();
        var fac = usable.Count >= 2
            ? Slope.FitLog(usable.Select(r => Math.Log(Math.Log(Math.Log(r.M)))).ToList(), usable.Select(r => Math.Log(r.Factor)).ToList())
            : new Slope(double.NaN, double.NaN, double.NaN, usable.Count);
        return new SolutionDeflationFit(err, viol, fac, rows);
    }
}
