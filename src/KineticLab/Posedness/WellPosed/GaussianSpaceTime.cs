using System.Numerics;
using KineticLab.Numerics.Fft;
using KineticLab.Numerics.Quadrature;
using KineticLab.Posedness.RockAndNeedles;

namespace KineticLab.Posedness.WellPosed;

/// <summary>Settings of the space-time ratio for concentrating Gaussians (d = 2).</summary>
public sealed record GaussianSpaceTimeSpec
{
    public double Gamma { get; init; } = -0.5;
    /// <summary>Velocity widths of f and g, and g's mean velocity (f is centred at rest).</summary>
    public double SigmaF { get; init; } = 1;
    public double SigmaG { get; init; } = 1;
    public double[] U { get; init; } = [2, 0];
    public double[] S0s { get; init; } = [0.25, 0.5, 0.75];
    public double[] Ms { get; init; } = [8, 32, 128, 512];
    public double T { get; init; } = 0.25;
    /// <summary>x grid: n points on the box of side L (in units of the scaled variable Mx).</summary>
    public int N { get; init; } = 128;
    public double L { get; init; } = 40;
    /// <summary>Gauss–Legendre nodes per axis for each velocity distribution (on ±6σ).</summary>
    public int VNodes { get; init; } = 16;
    /// <summary>Gauss–Legendre nodes per panel of the scaled time t' = Mt (panels [0, 1], [1, 2], [2, 4], …).</summary>
    public int TNodes { get; init; } = 6;
}

public sealed record GaussianSpaceTimePoint(double S0, double M, double GammaT, double Integral);

public sealed record GaussianSpaceTimeResult(GaussianSpaceTimeSpec Spec, IReadOnlyList<GaussianSpaceTimePoint> Points,
    IReadOnlyList<(double S0, Slope Exponent)> Exponents, IReadOnlyList<(double TScaled, double[] J)> Profile, double ElapsedSeconds);

/// <summary>
/// The space-time ratio Γ_T(M) of the loss term on free solutions from concentrating Gaussians (d = 2):
/// f₀ = e^{−M²|x|²/2} N(0, σ_f²)(v), g₀ = e^{−M²|x|²/2} N(U, σ_g²)(v). In the scaled variables x' = Mx, t' = Mt the free
/// solutions do not depend on M, Q⁻(f, g)(t, x, v) = Q₁(Mt, Mx, v) with
/// Q₁ = b₁ f(t', x', v) C(t', x') E|W − v|^γ (the Gaussian-beam formula, digest O13), and
/// <code>
/// Γ_T(M)² = M^{d−1−2s₀} I(M) / (G(a)⁴ V_f² V_g²),   I(M) = ∫₀^{MT} ∫ ⟨v⟩^{2r} ‖(a − Δ)^{s₀/2} Q₁(t', ·, v)‖² dv dt',
/// </code>
/// a = M^{−2}, G(a)² = ∫(a + k²)^{s₀}e^{−k²}dk, V² = ∫⟨v⟩^{2r}ψ², r = s₀ + γ. So the exponent of M is (d − 1)/2 − s₀ by
/// scaling, the same as for the needles — provided I(M) converges as M → ∞, i.e. the scaled loss term is square
/// integrable in time on [0, ∞) in H^{s₀}: that (its decay ~ t'^{−(d+γ)} from dispersion) is what the computation checks.
/// x-norms by FFT on the box (each v-slice shifted by t'v, where the Gaussian factor sits), with the Riemann sum corrected
/// near k = 0 by a model function (the weight (a + k²)^{s₀} has a cusp there as a → 0).
/// </summary>
public static class GaussianSpaceTime
{
    public static GaussianSpaceTimeResult Run(GaussianSpaceTimeSpec spec, IProgress<ProgressInfo>? progress = null, CancellationToken cancel = default)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        const int d = 2;
        double gamma = spec.Gamma, b1 = 4;   // b = |cos θ| in d = 2
        int n = spec.N;
        double L = spec.L, h = L / n, dk = 2 * Math.PI / L;
        var table = gamma == 0 ? null : PowerMomentTable.Get(d, gamma);
        // velocity nodes of f (weights include ψ_f) — g enters through the closed form
        var gl = GaussLegendre.Get(spec.VNodes);
        var vs = new List<(double X, double Y, double W)>();
        double sf = spec.SigmaF;
        for (int i = 0; i < gl.N; i++)
            for (int j = 0; j < gl.N; j++)
            {
                double x = 6 * sf * gl.Nodes[i], y = 6 * sf * gl.Nodes[j];
                double w = 36 * sf * sf * gl.Weights[i] * gl.Weights[j];
                vs.Add((x, y, w));
            }
        // time nodes on [0, M_max T]
        double tMax = spec.Ms.Max() * spec.T;
        var tn = new List<(double T, double W)>();
        var tg = GaussLegendre.Get(spec.TNodes);
        var edges = new List<double> { 0, 1 };
        while (edges[^1] < tMax) edges.Add(Math.Min(2 * edges[^1], tMax));
        // also split at every M·T so that each I(M) is an exact sum over panels
        foreach (var m in spec.Ms) if (m * spec.T < tMax) edges.Add(m * spec.T);
        edges = edges.Distinct().OrderBy(x => x).ToList();
        for (int e = 0; e + 1 < edges.Count; e++)
        {
            double c = 0.5 * (edges[e] + edges[e + 1]), hw = 0.5 * (edges[e + 1] - edges[e]);
            for (int q = 0; q < tg.N; q++) tn.Add((c + hw * tg.Nodes[q], hw * tg.Weights[q]));
        }
        // k-grid |k|² and the model integral
        var k2 = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
            {
                int a = i <= n / 2 ? i : i - n, b = j <= n / 2 ? j : j - n;
                k2[i * n + j] = dk * dk * (a * a + b * b);
            }
        var s0s = spec.S0s;
        var ms = spec.Ms;
        int ns = s0s.Length;
        var J = new double[tn.Count][];   // J[t'][s₀·|M| + M]
        using var fft = Fft.Create([n, n], FftPlanning.Estimate);
        for (int ti = 0; ti < tn.Count; ti++)
        {
            cancel.ThrowIfCancellationRequested();
            double t = tn[ti].T;
            double sg = spec.SigmaG, den = 1 + sg * sg * t * t;
            double sW = sg / Math.Sqrt(den);
            var spectra = new double[ns][];
            for (int si = 0; si < ns; si++) spectra[si] = new double[n * n];
            object gate = new();
            Parallel.For(0, vs.Count, () => (new Complex[n * n], new Complex[n * n], Enumerable.Range(0, ns).Select(_ => new double[n * n]).ToArray()), (vi, _, loc) =>
            {
                var (inp, outp, acc) = loc;
                var (vx, vy, vw) = vs[vi];
                double psiF = Math.Exp(-0.5 * (vx * vx + vy * vy) / (sf * sf)) / (2 * Math.PI * sf * sf);
                for (int i = 0; i < n; i++)
                    for (int j = 0; j < n; j++)
                    {
                        // y = x' − t'v: the v-slice of f(t') is the Gaussian e^{−|y|²/2}
                        double y0 = -L / 2 + i * h, y1 = -L / 2 + j * h;
                        double g2 = y0 * y0 + y1 * y1;
                        double x0 = y0 + t * vx, x1 = y1 + t * vy;
                        double dx0 = x0 - spec.U[0] * t, dx1 = x1 - spec.U[1] * t;
                        double c = Math.Exp(-0.5 * (dx0 * dx0 + dx1 * dx1) / den) / den;
                        double m0 = (t * sg * sg * x0 + spec.U[0]) / den, m1 = (t * sg * sg * x1 + spec.U[1]) / den;
                        double dist = Math.Sqrt((m0 - vx) * (m0 - vx) + (m1 - vy) * (m1 - vy));
                        double mom = table is null ? 1 : Math.Pow(sW, gamma) * table.Unit(dist / sW);
                        inp[i * n + j] = b1 * Math.Exp(-0.5 * g2) * psiF * c * mom;
                    }
                fft.Forward(inp, outp);
                double scale = h * h, v2 = vx * vx + vy * vy;
                for (int si = 0; si < ns; si++)
                {
                    double wv = vw * Math.Pow(1 + v2, s0s[si] + gamma);
                    var a = acc[si];
                    for (int m = 0; m < n * n; m++) { double mag = outp[m].Magnitude * scale; a[m] += wv * mag * mag; }
                }
                return (inp, outp, acc);
            }, loc =>
            {
                lock (gate)
                    for (int si = 0; si < ns; si++)
                        for (int m = 0; m < n * n; m++) spectra[si][m] += loc.Item3[si][m];
            });
            J[ti] = new double[ns * ms.Length];
            for (int si = 0; si < ns; si++)
                for (int mi = 0; mi < ms.Length; mi++)
                    J[ti][si * ms.Length + mi] = WeightedSum(spectra[si], k2, s0s[si], 1 / (ms[mi] * ms[mi]), dk, d);
            progress?.Report(new ProgressInfo("t'", ti + 1, tn.Count, $"t' = {t:G4}"));
        }
        // denominators
        var points = new List<GaussianSpaceTimePoint>();
        var exps = new List<(double, Slope)>();
        for (int si = 0; si < s0s.Length; si++)
        {
            double s0 = s0s[si], r = s0 + gamma;
            double vf = VelocityNorm(spec.SigmaF, [0, 0], r), vg = VelocityNorm(spec.SigmaG, spec.U, r);
            var lx = new List<double>(); var ly = new List<double>();
            for (int mi = 0; mi < ms.Length; mi++)
            {
                double m = ms[mi], a = 1 / (m * m), integral = 0;
                for (int ti = 0; ti < tn.Count; ti++) if (tn[ti].T <= m * spec.T) integral += tn[ti].W * J[ti][si * ms.Length + mi];
                double g = GaussianWeightNorm(s0, a, d);
                double gT = Math.Exp(0.5 * ((d - 1 - 2 * s0) * Math.Log(m) + Math.Log(integral)) - 2 * Math.Log(g) - Math.Log(vf * vg));
                points.Add(new GaussianSpaceTimePoint(s0, m, gT, integral));
                lx.Add(Math.Log(m)); ly.Add(Math.Log(gT));
            }
            exps.Add((s0, Slope.FitLog(lx, ly)));
        }
        var prof = tn.Select((x, i) => (x.T, Enumerable.Range(0, s0s.Length).Select(si => J[i][si * ms.Length + ms.Length - 1]).ToArray())).ToList();
        return new GaussianSpaceTimeResult(spec, points, exps, prof, sw.Elapsed.TotalSeconds);
    }

    /// <summary>∫(a + |k|²)^{s}|ĥ|² dk/(2π)^d from the Riemann sum on the FFT grid (S = |ĥ|² at the grid frequencies),
    /// with the cusp of the weight at k = 0 handled by the model S(0)e^{−|k|²}(a + |k|²)^s (its sum subtracted, its integral added).</summary>
    public static double WeightedSum(double[] s, double[] k2, double s0, double a, double dk, int d)
    {
        double sum = 0, model = 0, s00 = s[0];
        for (int m = 0; m < s.Length; m++)
        {
            double w = Math.Pow(a + k2[m], s0);
            sum += w * s[m];
            model += w * s00 * Math.Exp(-k2[m]);
        }
        double cell = Math.Pow(dk / (2 * Math.PI), d);
        double exact = s00 * GaussianWeightNorm(s0, a, d) * GaussianWeightNorm(s0, a, d) / Math.Pow(2 * Math.PI, d);
        return (sum - model) * cell + exact;
    }

    /// <summary>G(a) = (∫(a + k²)^{s₀}e^{−|k|²}dk)^{1/2} (= ‖(a − Δ)^{s₀/2}e^{−|x|²/2}‖_{L²(R^d)}).</summary>
    public static double GaussianWeightNorm(double s0, double a, int d)
    {
        var (k, w) = Numerics.Norms.RadialFourier.Composite(0, 9, 36, 16, [1e-6, 1e-4, 1e-2, 0.1]);
        double s = 0;
        for (int i = 0; i < k.Length; i++) s += w[i] * Math.Pow(a + k[i] * k[i], s0) * Math.Exp(-k[i] * k[i]) * Math.Pow(k[i], d - 1);
        return Math.Sqrt(Numerics.Norms.RadialFourier.SphereArea(d) * s);
    }

    /// <summary>‖⟨v⟩^r N(U, σ²)‖_{L²(R²)}.</summary>
    public static double VelocityNorm(double sigma, double[] u, double r)
    {
        var gl = GaussLegendre.Get(48);
        double s = 0;
        for (int i = 0; i < gl.N; i++)
            for (int j = 0; j < gl.N; j++)
            {
                double x = u[0] + 7 * sigma * gl.Nodes[i], y = u[1] + 7 * sigma * gl.Nodes[j];
                double p = Math.Exp(-0.5 * ((x - u[0]) * (x - u[0]) + (y - u[1]) * (y - u[1])) / (sigma * sigma)) / (2 * Math.PI * sigma * sigma);
                s += 49 * sigma * sigma * gl.Weights[i] * gl.Weights[j] * Math.Pow(1 + x * x + y * y, 2 * r) * p * p;
            }
        return Math.Sqrt(s);
    }
}
