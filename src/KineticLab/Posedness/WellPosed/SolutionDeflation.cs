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
public sealed record DeflationDatum
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

/// <summary>
/// One value of M of a deflation study: norms of the solution and of f_a at the ends, and the distance between them
/// (largest over the run, and at the start: the modes the x grid drops); the x grid and the run's wall time.
/// </summary>
public sealed record SolutionDeflationRow(double M, double NormSolutionStart, double NormSolutionEnd, double NormApproxStart, double NormApproxEnd, double MaxError,
    int Nx = 0, double StartError = double.NaN, double Seconds = double.NaN)
{
    /// <summary>The deflation factor of the solution, ‖f(start)‖/‖f(end)‖ (the seed's t = T* over t = 0).</summary>
    public double Factor => NormSolutionStart / NormSolutionEnd;
}

/// <summary>
/// The fits of a deflation study: error exponent against M (the seed's Prop. 3.14 bound M^{−1/2}), the deflation factor
/// F against ln ln M (F = a + b ln ln M over the rows with M &gt; 1, <see cref="FactorIntercept"/> a), and ln F against
/// ln ln ln M (the seed's F ≈ ln ln M, rows with M &gt; e^e only).
/// </summary>
public sealed record SolutionDeflationFit(Slope ErrorExponent, double ErrorBoundViolations, Slope FactorVsLogLog, IReadOnlyList<SolutionDeflationRow> Rows,
    Slope FactorVsLnLnM = default, double FactorIntercept = double.NaN);

public static class DeflationAnalysis
{
    /// <summary>
    /// Fits ln(max‖f − f_a‖) = c + p ln M (Prop. 3.14 claims ‖f_c‖ ≲ M^{−1/2}: p ≤ −1/2 up to the constant), counts the rows
    /// whose error exceeds C·M^{−1/2} with C set by the first row, and fits ln F = c + q ln(ln ln M) (F ≈ ln ln M: q ≈ 1).
    /// </summary>
    public static SolutionDeflationFit Fit(IReadOnlyList<SolutionDeflationRow> rows)
    {
        if (rows.Count < 1) throw new ArgumentException("at least one value of M");
        var err = rows.Count >= 2 ? Slope.Fit(rows.Select(r => r.M).ToList(), rows.Select(r => r.MaxError).ToList()) : new Slope(double.NaN, double.NaN, double.NaN, rows.Count);
        double c = rows[0].MaxError * Math.Sqrt(rows[0].M);
        double viol = rows.Count(r => r.MaxError > c / Math.Sqrt(r.M) * (1 + 1e-12));
        var usable = rows.Where(r => r.M > Math.Exp(Math.E)).ToList();
        var fac = usable.Count >= 2
            ? Slope.FitLog(usable.Select(r => Math.Log(Math.Log(Math.Log(r.M)))).ToList(), usable.Select(r => Math.Log(r.Factor)).ToList())
            : new Slope(double.NaN, double.NaN, double.NaN, usable.Count);
        // F = a + b ln ln M (a straight line, not a log–log slope), where ln ln M is defined
        var above1 = rows.Where(r => r.M > 1).ToList();
        Slope lin = new(double.NaN, double.NaN, double.NaN, above1.Count);
        double a = double.NaN;
        if (above1.Count >= 2)
        {
            var x = above1.Select(r => Math.Log(Math.Log(r.M))).ToArray();
            var y = above1.Select(r => r.Factor).ToArray();
            lin = Slope.FitLog(x, y);
            a = y.Average() - lin.Value * x.Average();
        }
        return new SolutionDeflationFit(err, viol, fac, rows, lin, a);
    }
}

/// <summary>Settings of a norm-deflation study from solutions of the nonlinear inhomogeneous solver (d = 2).</summary>
public sealed record SolutionDeflationSpec
{
    /// <summary>The toy values of M (needle and rock x-widths ∝ 1/M, beam amplitude ∝ M^{(d−1)/2 − s}).</summary>
    public double[] Ms { get; init; } = [1, 1.25, 1.5, 1.75];
    /// <summary>The datum at M = 1 (its M is replaced by each value of <see cref="Ms"/>).</summary>
    public DeflationDatum Datum { get; init; } = new();
    /// <summary>x points per axis (used when <see cref="NxPerM"/> is 0).</summary>
    public int Nx { get; init; } = 32;
    /// <summary>
    /// When positive, x points per axis grow with M: N_x(M) = the even number ≥ NxPerM·M (at least 8), so that the
    /// needle and rock widths (0.6/M on the box of 10) keep the same number of grid steps at every M
    /// (NxPerM = 20: 1.2 steps per width).
    /// </summary>
    public double NxPerM { get; init; }
    public int Nv { get; init; } = 32;
    public double L { get; init; } = 6;
    public double R { get; init; } = 6;
    public int RadialPoints { get; init; } = 16;
    public int SpherePoints { get; init; } = 16;
    public double Dt { get; init; } = 0.1;
    public int Steps { get; init; } = 16;
    public double RelTol { get; init; } = 1e-7;
    /// <summary>Worker threads of the solver (0: all processors).</summary>
    public int Threads { get; init; } = 1;
    /// <summary>The x points per axis at <paramref name="m"/>.</summary>
    public int XPoints(double m) => NxPerM > 0 ? Math.Max(8, 2 * (int)Math.Ceiling(NxPerM * m / 2 - 1e-9)) : Nx;

    /// <summary>False: free transport only (then f_a = f_r(0, x − tv, v) + f_b(t) is the exact solution: a check of the pipeline).</summary>
    public bool Collisions { get; init; } = true;
}

/// <summary>One time of one run: the norms of f and f_a and of their difference, in L^{2,r0}_v H^{s0}_x.</summary>
public sealed record SolutionDeflationSample(double M, double T, double NormSolution, double NormApprox, double Error);

/// <summary>A deflation study: one row per M, the time series, and the fits.</summary>
/// <param name="Failure">
/// Null when every M ran; otherwise the M at which the solver failed and why (the study stops there: the rows and samples
/// hold the values of M before it, and the samples of the failed M up to its last good step).
/// </param>
public sealed record SolutionDeflationResult(SolutionDeflationSpec Spec, IReadOnlyList<SolutionDeflationRow> Rows, IReadOnlyList<SolutionDeflationSample> Samples,
    SolutionDeflationFit Fit, double R0, long Unknowns, double Seconds, SolutionDeflationFailure? Failure = null);

/// <summary>Where a deflation study stopped: the value of M, the time reached and the solver's message.</summary>
public sealed record SolutionDeflationFailure(double M, double Time, string Message);

/// <summary>
/// Norm deflation measured on solutions: for each M the nonlinear inhomogeneous solver (fast spectral collisions,
/// b = |cos θ|, |u − v|^γ) from f_a(0) = f_r(0) + f_b(0) of <see cref="DeflationDatum"/>, through the focus, with ‖f(t)‖ and
/// ‖f(t) − f_a(t)‖ in L^{2,r0}_v H^{s0}_x (<see cref="GridNorm"/>, r0 = max(0, s0 + γ)) after every step, f_a(t) =
/// f_r(0, x − tv, v)e^{−β(t, x)} + f_b(t): the seed's approximate solution, whose rock (N₁ → ∞) does not move, with the
/// toy rock's own free transport (its velocity width cannot shrink with M on a grid). The row's error is the largest
/// distance over the run, its deflation factor ‖f(0)‖/‖f(T)‖.
/// </summary>
public static class SolutionDeflationStudy
{
    /// <param name="spec">The study.</param>
    /// <param name="progress">Progress per step.</param>
    /// <param name="cancel">Cancellation (between steps).</param>
    /// <param name="rowDone">Called after each M with its row and time series (a caller saves partial results there).</param>
    public static SolutionDeflationResult Run(SolutionDeflationSpec spec, IProgress<ProgressInfo>? progress = null, CancellationToken cancel = default,
        Action<SolutionDeflationRow, IReadOnlyList<SolutionDeflationSample>>? rowDone = null)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var vg = new Boltzmann.VelocityGrid(2, spec.Nv, spec.L);
        var rows = new List<SolutionDeflationRow>();
        var samples = new List<SolutionDeflationSample>();
        double r0 = Math.Max(0, spec.Datum.S0 + spec.Datum.Gamma);
        long unknowns = 0;
        int threads = spec.Threads > 0 ? spec.Threads : Environment.ProcessorCount;
        foreach (var m in spec.Ms)
        {
            cancel.ThrowIfCancellationRequested();
            var rowClock = System.Diagnostics.Stopwatch.StartNew();
            var dd = spec.Datum with { M = m };
            int nxAxis = spec.XPoints(m);
            var grid = new Boltzmann.Inhomogeneous.PhaseSpaceGrid(2, nxAxis, dd.Lx, vg);
            unknowns = Math.Max(unknowns, grid.Total);
            int nx = grid.XPoints, nv = grid.VPoints;
            double s0 = dd.S0;
            double Norm(ReadOnlySpan<double> f) => GridNorm.Compute(f, nxAxis, dd.Lx, spec.Nv, spec.L, s0, r0);
            // the rock normalized to ‖f_r(0)‖ = 1
            var rock = new double[grid.Total];
            var x = new double[2];
            var v = new double[2];
            for (int ix = 0; ix < nx; ix++)
            {
                grid.XPoint(ix, x);
                for (int iv = 0; iv < nv; iv++) { vg.Point(iv, v); rock[(long)ix * nv + iv] = dd.RockShape(x, v); }
            }
            double rockScale = 1 / Norm(rock);
            // β(t_k, x) where the rock is not negligible: 8-point Gauss–Legendre per step of the rate at v = 0
            double rmax = 0;
            var rockX = new double[nx];
            for (int ix = 0; ix < nx; ix++) { for (int iv = 0; iv < nv; iv++) rockX[ix] = Math.Max(rockX[ix], rock[(long)ix * nv + iv]); rmax = Math.Max(rmax, rockX[ix]); }
            var support = Enumerable.Range(0, nx).Where(i => rockX[i] > 1e-12 * rmax).ToArray();
            var beta = new double[spec.Steps + 1][];
            for (int k = 0; k <= spec.Steps; k++) beta[k] = new double[nx];
            var gl = GaussLegendre.Get(8);
            if (spec.Collisions)
            Parallel.For(0, support.Length, new ParallelOptions { MaxDegreeOfParallelism = threads, CancellationToken = cancel }, i =>
            {
                var xi = new double[2];
                grid.XPoint(support[i], xi);
                double acc = 0;
                for (int k = 0; k < spec.Steps; k++)
                {
                    for (int q = 0; q < gl.N; q++)
                        acc += 0.5 * spec.Dt * gl.Weights[q] * dd.Rate(k * spec.Dt + 0.5 * spec.Dt * (gl.Nodes[q] + 1), xi);
                    beta[k + 1][support[i]] = acc;
                }
            });
            double[] Approx(int k)
            {
                var fa = new double[grid.Total];
                double t = k * spec.Dt;
                Parallel.For(0, nx, new ParallelOptions { MaxDegreeOfParallelism = threads }, ix =>
                {
                    Span<double> xx = stackalloc double[2];
                    Span<double> vv = stackalloc double[2];
                    Span<double> y = stackalloc double[2];
                    grid.XPoint(ix, xx);
                    double damp = Math.Exp(-beta[k][ix]);
                    for (int iv = 0; iv < nv; iv++)
                    {
                        vg.Point(iv, vv);
                        y[0] = xx[0] - t * vv[0]; y[1] = xx[1] - t * vv[1];
                        fa[(long)ix * nv + iv] = rockScale * dd.RockShape(y, vv) * damp + dd.Beam(t, xx, vv);
                    }
                });
                return fa;
            }
            var kernel = Boltzmann.Kernels.CollisionKernel.SeedPower(2, dd.Gamma);
            var opts = new Boltzmann.Spectral.SpectralOptions
            {
                R = spec.R, RadialPoints = spec.RadialPoints, Threads = 1, Planning = FftPlanning.Estimate, WeightCacheMiB = 64,
                Sphere = SphereRule.Circle(spec.SpherePoints),
            };
            var settings = new Boltzmann.Inhomogeneous.InhomogeneousSettings
            {
                Dt = spec.Dt, Steps = spec.Steps, Method = "bs23", Control = new(RelTol: spec.RelTol, AbsTol: 1e-13), Conservative = true,
            };
            using var solver = new Boltzmann.Inhomogeneous.InhomogeneousSolver(grid,
                spec.Collisions ? () => new Boltzmann.Spectral.FastSpectralOperator(kernel, vg, opts) : null, settings with { Collisions = spec.Collisions },
                workers: threads);
            var fa0 = Approx(0);
            solver.Initialize(fa0);
            double maxErr = 0, n0 = 0, nEnd = 0, na0 = 0, naEnd = 0, err0 = 0;
            int firstSample = samples.Count;
            var diff = new double[grid.Total];
            for (int k = 0; k <= spec.Steps; k++)
            {
                cancel.ThrowIfCancellationRequested();
                if (k > 0)
                {
                    try { solver.Step(); }
                    catch (NumericalFailureException e)
                    {
                        if (rows.Count == 0) throw;
                        var fail = new SolutionDeflationFailure(m, (k - 1) * spec.Dt, e.Message);
                        progress?.Report(new ProgressInfo($"M = {m:G4}", k, spec.Steps, $"stopped: {e.Message}"));
                        return new SolutionDeflationResult(spec, rows, samples, DeflationAnalysis.Fit(rows), r0, unknowns, sw.Elapsed.TotalSeconds, fail);
                    }
                }
                var f = solver.LocalValues;
                var fa = k == 0 ? fa0 : Approx(k);
                for (int i = 0; i < diff.Length; i++) diff[i] = f[i] - fa[i];
                double nf = Norm(f), na = Norm(fa), err = Norm(diff);
                samples.Add(new SolutionDeflationSample(m, k * spec.Dt, nf, na, err));
                maxErr = Math.Max(maxErr, err);
                if (k == 0) { n0 = nf; na0 = na; err0 = err; }
                nEnd = nf; naEnd = na;
                progress?.Report(new ProgressInfo($"M = {m:G4} ({nxAxis}² x points)", k, spec.Steps, $"t = {k * spec.Dt:G4}, ‖f‖ = {nf:G5}, ‖f − f_a‖ = {err:G3}"));
            }
            var row = new SolutionDeflationRow(m, n0, nEnd, na0, naEnd, maxErr, nxAxis, err0, rowClock.Elapsed.TotalSeconds);
            rows.Add(row);
            rowDone?.Invoke(row, samples.GetRange(firstSample, samples.Count - firstSample));
        }
        return new SolutionDeflationResult(spec, rows, samples, DeflationAnalysis.Fit(rows), r0, unknowns, sw.Elapsed.TotalSeconds);
    }
}
