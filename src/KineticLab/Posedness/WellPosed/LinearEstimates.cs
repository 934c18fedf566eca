using System.Numerics;
using KineticLab.Posedness.RockAndNeedles;

namespace KineticLab.Posedness.WellPosed;

/// <summary>A family of data for the Strichartz functional, parameterized by one width w (φ_w(z) = φ₁(z/w) for the dilation families).</summary>
public enum StrichartzFamily
{
    /// <summary>exp(−(|x|² + |ξ|²)/(2w²)) (closed form).</summary>
    Gaussian,
    /// <summary>A correlated, chirped Gaussian exp(−½ zᵀA z/w²), A with x–ξ coupling (0.2 + 0.7i) per block (closed form).</summary>
    ChirpedGaussian,
    /// <summary>Tensor bump ⊗_i F_v[χ(|y_i|/w)χ(w|v_i|)] (quadrature, <see cref="TransportBlock"/>).</summary>
    Bump,
}

/// <summary>One point of a scale scan: the width and the functional.</summary>
public sealed record ScalePoint(double Width, double Value);

/// <summary>A scale scan of S(φ_w; q, p) over widths w: its spread on the admissible line, its fitted exponent off it.</summary>
public sealed record ScaleScan(int D, double Q, double P, StrichartzFamily Family, double Kappa, IReadOnlyList<ScalePoint> Points,
    double Spread, double Exponent, double PredictedExponent);

/// <summary>
/// Linear estimates of the free transport (docs/boltzmann-well-posed.md §1): the Strichartz functional of (B.5) on families and its
/// scale invariance on the admissible line 2/q + 2d/p = d (and the exponent off it), the dispersive bound (B.4) and the
/// physical free-transport bound with their sharp constants. See docs/boltzmann-well-posed.md for what is structural.
/// </summary>
public static class LinearEstimates
{
    /// <summary>The Strichartz functional of the isotropic Gaussian on the admissible line (closed form):
    /// S_G = π^{1/q} (2π/p)^{d/p} π^{−d/2} (from ∫_R (1 + u²)^{−1} du = π).</summary>
    public static double GaussianConstant(int d, double q)
    {
        double p = Strichartz.AdmissibleP(d, q);
        if (double.IsPositiveInfinity(q)) return 1;
        return Math.Pow(Math.PI, 1 / q) * Math.Pow(2 * Math.PI / p, d / p) * Math.Pow(Math.PI, -d / 2.0);
    }

    /// <summary>The same for any (q, p) with κ &gt; −1/(2q), as a function of w for φ_w = exp(−(|x|² + |ξ|²)/(2w²)):
    /// S^q = w^{−2qκ} √π Γ(m − 1/2)/Γ(m) (2π/p)^{qd/p} π^{−qd/2}, m = qd(1/2 − 1/p).</summary>
    public static double GaussianValue(int d, double q, double p, double w)
    {
        double m = q * d * (0.5 - 1 / p);
        double logInt = 0.5 * Math.Log(Math.PI) + MathNet.Numerics.SpecialFunctions.GammaLn(m - 0.5) - MathNet.Numerics.SpecialFunctions.GammaLn(m);
        double kappa = Strichartz.Kappa(d, q, p);
        double logSq = -2 * q * kappa * Math.Log(w) + logInt + q * d / p * Math.Log(2 * Math.PI / p) - q * d / 2.0 * Math.Log(Math.PI);
        return Math.Exp(logSq / q);
    }

    /// <summary>The datum of a family at width w, as a Gaussian (null for the quadrature families).</summary>
    public static PhaseGaussian? GaussianDatum(int d, StrichartzFamily family, double w)
    {
        switch (family)
        {
            case StrichartzFamily.Gaussian: return PhaseGaussian.Product(d, w, w);
            case StrichartzFamily.ChirpedGaussian:
            {
                // A = [[1/(2w)², i c/w²], [i c/w², 9/w²]] per block, c = 0.7, plus a real x–ξ correlation 0.2/w²: φ_w = φ₁(·/w).
                int n = 2 * d;
                var a = new Complex[n * n];
                for (int i = 0; i < d; i++)
                {
                    a[i * n + i] = 0.25 / (w * w);
                    a[(d + i) * n + d + i] = 9 / (w * w);
                    a[i * n + d + i] = a[(d + i) * n + i] = new Complex(0.2, 0.7) / (w * w);
                }
                if (d >= 2) { a[0 * n + 1] = a[1 * n + 0] = 0.05 / (w * w); }
                return new PhaseGaussian(d, a);
            }
            default: return null;
        }
    }

    /// <summary>S(φ_w; q, p) for one family member.</summary>
    public static double Value(int d, StrichartzFamily family, double w, double q, double p, int fftSize = 256)
    {
        var g = GaussianDatum(d, family, w);
        if (g is not null) return Strichartz.Ratio(g, q, p);
        // tensor bump: physical block χ(|y|/w)χ(|v|/(1/w)) ⇔ Fourier-side widths w in x and w in ξ
        var blk = TransportBlock.Bump(w, 1 / w, fftSize);
        return TensorRatio([blk], d, q, p);
    }

    /// <summary>
    /// S for the tensor datum ⊗ blocks (the list is repeated cyclically to d blocks): ‖U(t)φ‖_p = Π ‖U₁(t)ψ_i‖_p.
    /// </summary>
    public static double TensorRatio(IReadOnlyList<TransportBlock> blocks, int d, double q, double p, double relTol = 1e-7)
    {
        double l2 = 1;
        for (int i = 0; i < d; i++) l2 *= blocks[i % blocks.Count].Norm(0, 2);
        double tau = Math.Exp(Enumerable.Range(0, d).Average(i => Math.Log(blocks[i % blocks.Count].TimeScale)));
        double N(double t)
        {
            double prod = 1;
            if (blocks.Count == 1) return Math.Pow(blocks[0].Norm(t, p), d);
            for (int i = 0; i < d; i++) prod *= blocks[i % blocks.Count].Norm(t, p);
            return prod;
        }
        var r = Strichartz.TimeIntegral(N, q, tau, relTol);
        return Math.Pow(r.Value, 1 / q) / l2;
    }

    /// <summary>A scale scan over widths; on the admissible line the spread max/min − 1 is the test of invariance.</summary>
    public static ScaleScan Scan(int d, double q, double p, StrichartzFamily family, IReadOnlyList<double> widths, int fftSize = 256)
    {
        var pts = widths.Select(w => new ScalePoint(w, Value(d, family, w, q, p, fftSize))).ToList();
        double spread = pts.Max(x => x.Value) / pts.Min(x => x.Value) - 1;
        var sl = Slope.Fit(pts.Select(x => x.Width).ToList(), pts.Select(x => x.Value).ToList());
        double kappa = Strichartz.Kappa(d, q, p);
        return new ScaleScan(d, q, p, family, kappa, pts, spread, sl.Value, -2 * kappa);
    }

    /// <summary>
    /// Parameterizes a general complex Gaussian on R^{2d} by n(n+1) reals (n = 2d): Re A = CCᵀ (C lower triangular with
    /// diagonal e^{c_ii}) and Im A symmetric.
    /// </summary>
    public static PhaseGaussian GaussianFromParameters(int d, ReadOnlySpan<double> x)
    {
        int n = 2 * d, k = 0;
        var c = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++) c[i * n + j] = i == j ? Math.Exp(x[k++]) : x[k++];
        var a = new Complex[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double re = 0;
                for (int m = 0; m <= j; m++) re += c[i * n + m] * c[j * n + m];
                double im = x[k++];
                a[i * n + j] = a[j * n + i] = new Complex(re, im);
            }
        return new PhaseGaussian(d, a);
    }

    public static int GaussianParameterCount(int d) => 2 * d * (2 * d + 1);

    /// <summary>
    /// Adversarial search of the Strichartz functional over all complex Gaussians (Nelder–Mead from random starts). The
    /// isotropic Gaussian gives <see cref="GaussianConstant"/>; the search reports whether any Gaussian beats it.
    /// </summary>
    public static SearchResult SearchGaussians(int d, double q, int starts, int seed, int maxIterations = 3000,
        CancellationToken cancel = default, IProgress<ProgressInfo>? progress = null)
    {
        double p = Strichartz.AdmissibleP(d, q);
        int dim = GaussianParameterCount(d);
        return AdversarialSearch.Maximize(x =>
        {
            try { return Strichartz.Ratio(GaussianFromParameters(d, x), q, p, 1e-9); }
            catch (ArgumentException) { return double.NaN; }
            catch (ArithmeticException) { return double.NaN; }
        }, dim, starts, seed, rng => Enumerable.Range(0, dim).Select(_ => rng.NextDouble() * 2 - 1).ToArray(),
            initialStep: 0.4, maxIterations: maxIterations, cancel: cancel, progress: progress);
    }

    /// <summary>The largest dispersive ratio (2π|t|)^d‖U(t)φ‖_∞/‖φ‖₁ over random complex Gaussians and times (≤ 1 by (B.4)).</summary>
    public static double MaxDispersiveRatioRandom(int d, int samples, int seed)
    {
        var rng = new Random(seed);
        int dim = GaussianParameterCount(d);
        double worst = 0;
        for (int s = 0; s < samples; s++)
        {
            var x = Enumerable.Range(0, dim).Select(_ => 3 * (rng.NextDouble() * 2 - 1)).ToArray();
            var g = GaussianFromParameters(d, x);
            double t = g.TimeScale * Math.Exp(8 * (rng.NextDouble() * 2 - 1));
            worst = Math.Max(worst, g.DispersiveRatio(t));
        }
        return worst;
    }

    /// <summary>The largest free-transport ratio T over random correlated real Gaussians and times (≤ 1).</summary>
    public static double MaxFreeTransportRandom(int d, int samples, int seed)
    {
        var rng = new Random(seed);
        int n = 2 * d;
        double worst = 0;
        for (int s = 0; s < samples; s++)
        {
            var c = new double[n * n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j <= i; j++) c[i * n + j] = i == j ? Math.Exp(3 * (rng.NextDouble() * 2 - 1)) : 3 * (rng.NextDouble() * 2 - 1);
            var a = new double[n * n];
            for (int i = 0; i < n; i++)
                for (int j = 0; j < n; j++)
                {
                    double acc = 0;
                    for (int m = 0; m < n; m++) acc += c[i * n + m] * c[j * n + m];
                    a[i * n + j] = acc;
                }
            double t = Math.Exp(8 * (rng.NextDouble() * 2 - 1));
            worst = Math.Max(worst, FreeTransportBound.Gaussian(d, a, t));
        }
        return worst;
    }
}

/// <summary>Settings of the linear-estimates experiment (docs/boltzmann-well-posed.md §1).</summary>
public sealed record LinearEstimatesSpec
{
    public int[] Dimensions { get; init; } = [2, 3];
    /// <summary>Widths w of the dilation families φ_w = φ₁(·/w).</summary>
    public double[] Widths { get; init; } = [0.01, 0.1, 1, 10, 100];
    /// <summary>Widths of the quadrature (bump) family (each costs a full time integral of 2-D quadratures).</summary>
    public double[] BumpWidths { get; init; } = [0.1, 1, 10];
    /// <summary>Admissible q (p = 2dq/(dq − 2)).</summary>
    public double[] Qs { get; init; } = [2, 4];
    /// <summary>Pairs off the admissible line, (q, p) with κ &gt; −1/(2q) so that the time integral converges.</summary>
    public (double Q, double P)[] OffLine { get; init; } = [(2, 3.5), (4, 2.5)];
    /// <summary>ε = (size in x)/(|t| size in v) of the free-transport and dispersive scans.</summary>
    public double[] Epsilons { get; init; } = [1, 0.3, 0.1, 0.03, 0.01];
    /// <summary>Times of the needle free-transport scan.</summary>
    public double[] NeedleTimes { get; init; } = [0.25, 1, 4, 10, 20, 40];
    /// <summary>Ratios of the two blocks' time scales for the tensor bumps (d = 2); the seed's needle has ratio 10.</summary>
    public double[] BlockRatios { get; init; } = [1, 3, 10];
    public int SearchStarts { get; init; } = 6;
    public int SearchIterations { get; init; } = 3000;
    public int RandomSamples { get; init; } = 20000;
    public int Seed { get; init; } = 13;
    public int FftSize { get; init; } = 128;
}

public sealed record EpsilonRow(int D, double Epsilon, double GaussianFreeTransport, double BumpFreeTransport, double GaussianDispersive);
public sealed record NeedleRow(int D, double Time, double Ratio);
public sealed record BlockRow(double Ratio, double[] Strichartz, double Dispersive);
public sealed record GaussianSearchRow(int D, double Q, double P, double Isotropic, SearchResult Search);

public sealed record LinearEstimatesResult(LinearEstimatesSpec Spec, IReadOnlyList<ScaleScan> Scans, IReadOnlyList<EpsilonRow> Epsilons,
    IReadOnlyList<NeedleRow> Needles, IReadOnlyList<BlockRow> Blocks, IReadOnlyList<GaussianSearchRow> Searches,
    double MaxRandomDispersive, double MaxRandomFreeTransport, double WorstOnLineSpread, double WorstOffLineExponentError, double ElapsedSeconds);

public static class LinearEstimatesExperiment
{
    public static LinearEstimatesResult Run(LinearEstimatesSpec spec, IProgress<ProgressInfo>? progress = null, CancellationToken cancel = default)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var scans = new List<ScaleScan>();
        foreach (int d in spec.Dimensions)
        {
            var pairs = spec.Qs.Select(q => (q, Strichartz.AdmissibleP(d, q))).Concat(spec.OffLine).ToList();
            foreach (var fam in new[] { StrichartzFamily.Gaussian, StrichartzFamily.ChirpedGaussian, StrichartzFamily.Bump })
                foreach (var (q, p) in pairs)
                {
                    cancel.ThrowIfCancellationRequested();
                    if (!(Strichartz.Kappa(d, q, p) > -0.5 / q)) throw new InvalidInputException("off_line", $"({q}, {p})", "κ must exceed −1/(2q) for the time integral to converge");
                    if (fam == StrichartzFamily.Bump && d == 3 && Strichartz.Kappa(d, q, p) != 0) continue;   // d = 3 bumps: the admissible line only (cost)
                    scans.Add(LinearEstimates.Scan(d, q, p, fam, fam == StrichartzFamily.Bump ? spec.BumpWidths : spec.Widths, spec.FftSize));
                    progress?.Report(new ProgressInfo("Strichartz scans", scans.Count, 0, $"d = {d}, {fam}, (q, p) = ({q}, {p:G4})"));
                }
        }
        var eps = new List<EpsilonRow>();
        foreach (int d in spec.Dimensions)
            foreach (var e in spec.Epsilons)
            {
                // dispersive: product Gaussian with ab/t = ε; free transport: the same ε for the physical Gaussian and the bump
                var g = PhaseGaussian.Product(d, e, 1);
                eps.Add(new EpsilonRow(d, e, FreeTransportBound.Gaussian(d, ProductMatrix(d, e, 1), 1), FreeTransportBound.Bump(d, e), g.DispersiveRatio(1)));
            }
        var needles = new List<NeedleRow>();
        foreach (int d in spec.Dimensions)
            foreach (var t in spec.NeedleTimes) needles.Add(new NeedleRow(d, t, FreeTransportBound.Needle(d, t)));
        var blocks = new List<BlockRow>();
        if (spec.Dimensions.Contains(2))
            foreach (var r in spec.BlockRatios)
            {
                cancel.ThrowIfCancellationRequested();
                var b1 = TransportBlock.Bump(r, 1, spec.FftSize);    // time scale r
                var b2 = TransportBlock.Bump(1, 1, spec.FftSize);    // time scale 1
                var st = spec.Qs.Select(q => LinearEstimates.TensorRatio([b1, b2], 2, q, Strichartz.AdmissibleP(2, q))).ToArray();
                // dispersive ratio at t = 20·max time scale: (2πt)² sup|U(t)φ| / ‖φ‖₁
                double t = 20 * Math.Max(r, 1);
                double disp = Math.Pow(2 * Math.PI * t, 2) * b1.Norms(t, 2).Sup * b2.Norms(t, 2).Sup / (b1.L1AtZero() * b2.L1AtZero());
                blocks.Add(new BlockRow(r, st, disp));
                progress?.Report(new ProgressInfo("tensor bumps", blocks.Count, spec.BlockRatios.Length, $"time-scale ratio {r}"));
            }
        var searches = new List<GaussianSearchRow>();
        foreach (int d in spec.Dimensions)
            foreach (var q in spec.Qs)
            {
                var res = LinearEstimates.SearchGaussians(d, q, spec.SearchStarts, spec.Seed + d, spec.SearchIterations, cancel);
                searches.Add(new GaussianSearchRow(d, q, Strichartz.AdmissibleP(d, q), LinearEstimates.GaussianConstant(d, q), res));
                progress?.Report(new ProgressInfo("Gaussian search", searches.Count, spec.Dimensions.Length * spec.Qs.Length, $"d = {d}, q = {q}: {res.BestValue:G10}"));
            }
        double md = spec.Dimensions.Max(d => LinearEstimates.MaxDispersiveRatioRandom(d, spec.RandomSamples, spec.Seed));
        double mf = spec.Dimensions.Max(d => LinearEstimates.MaxFreeTransportRandom(d, spec.RandomSamples, spec.Seed));
        double spread = scans.Where(s => s.Kappa == 0).Max(s => s.Spread);
        double expErr = scans.Where(s => s.Kappa != 0).Select(s => Math.Abs(s.Exponent - s.PredictedExponent)).DefaultIfEmpty(0).Max();
        return new LinearEstimatesResult(spec, scans, eps, needles, blocks, searches, md, mf, spread, expErr, sw.Elapsed.TotalSeconds);
    }

    /// <summary>The real 2d×2d matrix of the product Gaussian exp(−|y|²/(2a²) − |v|²/(2b²)).</summary>
    public static double[] ProductMatrix(int d, double a, double b)
    {
        int n = 2 * d;
        var m = new double[n * n];
        for (int i = 0; i < d; i++) { m[i * n + i] = 1 / (a * a); m[(d + i) * n + d + i] = 1 / (b * b); }
        return m;
    }
}
