using KineticLab.Numerics.Quadrature;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.WaveKinetic.Anisotropic;

/// <summary>A value with its error: a quadrature refinement difference or a Monte Carlo standard error.</summary>
/// <param name="Value">The estimate.</param>
/// <param name="Error">Quadrature: |fine − coarse| of two nested resolutions; Monte Carlo: the standard error.</param>
/// <param name="Evaluations">Integrand evaluations (points (k2, σ)).</param>
/// <param name="Magnitude">The same integral of the absolute value of the integrand (gain + loss for the full operator).</param>
public readonly record struct Estimate(double Value, double Error, long Evaluations, double Magnitude);

/// <summary>
/// Product rule over R³ × S² for the σ-parametrised operator at one k1. k2 in spherical coordinates about the axis
/// k̂1: radius by Gauss–Legendre panels (breakpoints at 0, |k1|, a geometric ladder from Scale/4 with panels no wider
/// than 2·Scale up to the datum's extent, then the mapped tail r = R/t), polar angle split at cos θ = 0 (the plane
/// k1·k2 = 0 where k1* or k2* can vanish) with cos θ = 1 − s² on [0, 1] (removes the √ behaviour of |k1 − k2| at
/// k2 = k1), azimuth by the trapezoidal rule. σ on the hemisphere σ·û &gt; 0 (the cut-off b, exactly): Gauss–Legendre
/// in cos α ∈ [0, 1] and the trapezoidal rule in φ.
/// </summary>
/// <param name="RadialOrder">Gauss–Legendre points per radial panel (and in the tail).</param>
/// <param name="PanelsPerOctave">Geometric radial panels per factor 2 in |k2|.</param>
/// <param name="PolarOrder">Gauss–Legendre points in each half of cos θ.</param>
/// <param name="AzimuthPoints">Trapezoidal points in the azimuth of k2 about k̂1.</param>
/// <param name="SigmaPolarOrder">Gauss–Legendre points in cos α ∈ [0, 1].</param>
/// <param name="SigmaAzimuthPoints">Trapezoidal points in φ.</param>
public sealed record SigmaQuadratureOptions(
    int RadialOrder = 8,
    int PanelsPerOctave = 1,
    int PolarOrder = 12,
    int AzimuthPoints = 16,
    int SigmaPolarOrder = 16,
    int SigmaAzimuthPoints = 32)
{
    public void Validate()
    {
        Require.IntInRange("radial_order", RadialOrder, 2, 64);
        Require.IntInRange("panels_per_octave", PanelsPerOctave, 1, 16);
        Require.IntInRange("polar_order", PolarOrder, 2, 128);
        Require.IntInRange("azimuth_points", AzimuthPoints, 1, 512);
        Require.IntInRange("sigma_polar_order", SigmaPolarOrder, 1, 128);
        Require.IntInRange("sigma_azimuth_points", SigmaAzimuthPoints, 1, 512);
    }

    /// <summary>The rule with every count multiplied by <paramref name="factor"/> (at least 1 point; panels kept).</summary>
    public SigmaQuadratureOptions Scaled(double factor) => new(
        Math.Max(2, (int)Math.Round(RadialOrder * factor)), PanelsPerOctave,
        Math.Max(2, (int)Math.Round(PolarOrder * factor)), Math.Max(1, (int)Math.Round(AzimuthPoints * factor)),
        Math.Max(1, (int)Math.Round(SigmaPolarOrder * factor)), Math.Max(1, (int)Math.Round(SigmaAzimuthPoints * factor)));

    /// <summary>Number of (k2, σ) points per k1, not counting the radial panels.</summary>
    public long PointsPerPanel => (long)RadialOrder * 2 * PolarOrder * AzimuthPoints * SigmaPolarOrder * SigmaAzimuthPoints;
}

/// <summary>
/// Pointwise evaluation of the 4-wave operator on R³ in the σ-parametrisation (1.14)–(1.19) of the seed:
/// <c>C[f] = G1 + G2 − L1 − L2</c>, each piece <c>¼∫_{R³×S²} (|k1||k2||k1*||k2*|)^{2β}|k1 − k2| b((k1 − k2)·σ) [·] dσ dk2</c>,
/// for callable f, and the trilinear forms with three different functions. Deterministic product quadrature
/// (<see cref="SigmaQuadratureOptions"/>) and a Monte Carlo estimator with standard errors (seeded, reproducible).
/// The full operator is integrated with the pointwise-combined bracket <c>f3f4(f1 + f2) − f1f2(f3 + f4)</c>, which
/// vanishes identically for Rayleigh–Jeans data. Thread-safe.
/// </summary>
public sealed class AnisotropicCollisionOperator
{
    public AnisotropicCollisionOperator(double beta, SigmaQuadratureOptions? options = null)
    {
        Beta = Require.InRange("beta", beta, 0, 2, "must be in [0, 2] (the seed's range is [0, 1])");
        Options = options ?? new SigmaQuadratureOptions();
        Options.Validate();
    }

    public double Beta { get; }
    public SigmaQuadratureOptions Options { get; }

    // ------------------------------------------------------------------ public front doors

    /// <summary>
    /// C[f](k1), G[f](k1) = G1 + G2 or L[f](k1) = L1 + L2 by the product rule; Error from a rule with ⅔ the points.
    /// A finite <paramref name="truncation"/> Λ restricts to the truncated manifold (all four |k_i| ≤ Λ; for data such as
    /// Rayleigh–Jeans whose gain and loss diverge separately).
    /// </summary>
    public Estimate Evaluate(Distribution3D f, Vec3 k1, CollisionPart part = CollisionPart.Full, double truncation = double.PositiveInfinity, bool estimateError = true)
    {
        var fine = Quadrature(f, k1, part, Options, truncation);
        if (!estimateError) return fine;
        var coarse = Quadrature(f, k1, part, Options.Scaled(2.0 / 3), truncation);
        return fine with { Error = Math.Abs(fine.Value - coarse.Value), Evaluations = fine.Evaluations + coarse.Evaluations };
    }

    /// <summary>The trilinear piece <paramref name="term"/>[f, g, h](k1) by the product rule.</summary>
    public Estimate Trilinear(SigmaTerm term, Distribution3D f, Distribution3D g, Distribution3D h, Vec3 k1, bool estimateError = true)
    {
        var ig = new TrilinearIntegrand(term, f, g, h);
        var fine = Integrate(k1, ref ig, Options, Extent(k1, f, g, h), Math.Min(f.Scale, Math.Min(g.Scale, h.Scale)), double.PositiveInfinity);
        if (!estimateError) return fine;
        var ig2 = new TrilinearIntegrand(term, f, g, h);
        var coarse = Integrate(k1, ref ig2, Options.Scaled(2.0 / 3), Extent(k1, f, g, h), Math.Min(f.Scale, Math.Min(g.Scale, h.Scale)), double.PositiveInfinity);
        return fine with { Error = Math.Abs(fine.Value - coarse.Value), Evaluations = fine.Evaluations + coarse.Evaluations };
    }

    /// <summary>
    /// Monte Carlo estimate of C, G or L at k1 with <paramref name="samples"/> points (k2, σ): k2 from a mixture of two
    /// heavy-tailed radial densities centred at 0 and at k1, σ uniform on the hemisphere σ·û &gt; 0. Deterministic for a
    /// given seed (fixed chunks of 2¹⁶ samples, each with its own generator, summed in order).
    /// </summary>
    public Estimate MonteCarlo(Distribution3D f, Vec3 k1, CollisionPart part, long samples, int seed = 1)
    {
        if (samples < 2 || samples > 10_000_000_000) throw new InvalidInputException("samples", samples.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be in [2, 1e10]");
        const int chunk = 1 << 16;
        int nChunks = (int)((samples + chunk - 1) / chunk);
        var sums = new double[nChunks];
        var sq = new double[nChunks];
        var abs = new double[nChunks];
        double s = Math.Max(f.Scale, f.Extent / 8);
        double f1 = f.Value(k1), w1 = k1.Norm2;
        Parallel.For(0, nChunks, c =>
        {
            var rng = new Random(unchecked(seed * 1_000_003 + c));
            long n = Math.Min(chunk, samples - (long)c * chunk);
            double sum = 0, sum2 = 0, sa = 0;
            for (long i = 0; i < n; i++)
            {
                var center = rng.NextDouble() < 0.5 ? Vec3.Zero : k1;
                var dir = UniformDirection(rng);
                double r = Lomax(rng, s);
                var k2 = center + r * dir;
                double pdf = 0.5 * (LomaxDensity3(k2.Norm, s) + LomaxDensity3((k2 - k1).Norm, s)) / (2 * Math.PI);
                var u = k1 - k2;
                double un = u.Norm;
                double x = 0, xa = 0;
                if (un > 0 && pdf > 0 && double.IsFinite(pdf))
                {
                    var uh = (1 / un) * u;
                    Vec3.Frame(uh, out var e1, out var e2);
                    double ca = rng.NextDouble(), phi = 2 * Math.PI * rng.NextDouble(), sa2 = Math.Sqrt(Math.Max(0, 1 - ca * ca));
                    var sigma = ca * uh + (sa2 * Math.Cos(phi)) * e1 + (sa2 * Math.Sin(phi)) * e2;
                    var v = 0.5 * (k1 + k2);
                    var k3 = v + (0.5 * un) * sigma;
                    var k4 = v - (0.5 * un) * sigma;
                    double f2 = f.Value(k2), f3 = f.Value(k3), f4 = f.Value(k4);
                    double g = f3 * f4 * (f1 + f2), l = f1 * f2 * (f3 + f4);
                    double q = part switch { CollisionPart.Gain => g, CollisionPart.Loss => l, _ => f3 * f4 * (f1 + f2) - f1 * f2 * (f3 + f4) };
                    double w = 0.25 * SigmaCollision.Pow2Beta(w1 * k2.Norm2 * k3.Norm2 * k4.Norm2, Beta) * un / pdf;
                    x = w * q;
                    xa = w * (g + l);
                }
                sum += x; sum2 += x * x; sa += xa;
            }
            sums[c] = sum; sq[c] = sum2; abs[c] = sa;
        });
        double tot = 0, tot2 = 0, ta = 0;
        for (int c = 0; c < nChunks; c++) { tot += sums[c]; tot2 += sq[c]; ta += abs[c]; }
        double mean = tot / samples;
        double var = Math.Max(0, tot2 / samples - mean * mean) * samples / (samples - 1.0);
        return new Estimate(mean, Math.Sqrt(var / samples), samples, ta / samples);
    }

    // ------------------------------------------------------------------ quadrature core

    private Estimate Quadrature(Distribution3D f, Vec3 k1, CollisionPart part, SigmaQuadratureOptions o, double truncation)
    {
        var ig = new OperatorIntegrand(part, f, truncation);
        return Integrate(k1, ref ig, o, Extent(k1, f, f, f), f.Scale, truncation);
    }

    private static double Extent(Vec3 k1, params Distribution3D[] fs) => Math.Max(2 * k1.Norm, fs.Max(d => d.Extent));

    internal interface ISigmaIntegrand
    {
        /// <summary>Called once per k1.</summary>
        void AtK1(Vec3 k1);
        /// <summary>Called once per k2 (before its σ points).</summary>
        void AtK2(Vec3 k2);
        /// <summary>The bracket at (k1*, k2*) and its magnitude (gain + loss).</summary>
        double AtSigma(Vec3 k3, Vec3 k4, out double magnitude);
    }

    /// <summary>
    /// ¼∫ (|k1||k2||k1*||k2*|)^{2β} |k1 − k2| b [bracket] over R³ × S² by the product rule; with a finite
    /// <paramref name="truncation"/> Λ, over the truncated resonant manifold: |k2| ≤ Λ here, |k1*|, |k2*| ≤ Λ in the integrand.
    /// </summary>
    internal Estimate Integrate<T>(Vec3 k1, ref T ig, SigmaQuadratureOptions o, double extent, double scale, double truncation)
        where T : struct, ISigmaIntegrand
    {
        ig.AtK1(k1);
        double r1 = k1.Norm, w1 = k1.Norm2;
        var e3 = r1 > 0 ? (1 / r1) * k1 : new Vec3(0, 0, 1);
        Vec3.Frame(e3, out var a1, out var a2);

        // radial panels
        scale = Math.Max(scale, 1e-6);
        double rEnd = Math.Min(Math.Max(extent, 4 * scale), truncation);
        var breaks = new List<double> { 0 };
        double ratio = Math.Pow(2, 1.0 / o.PanelsPerOctave);
        for (double b = scale / 4; b < rEnd; b *= ratio) breaks.Add(b);
        if (r1 > 0 && r1 < rEnd) breaks.Add(r1);
        breaks.Add(rEnd);
        breaks.Sort();
        var panels = new List<(double A, double B)>();
        for (int i = 0; i + 1 < breaks.Count; i++)
        {
            double a = breaks[i], b = breaks[i + 1];
            if (!(b > a * (1 + 1e-12)) || b - a < 1e-14) continue;
            int m = Math.Max(1, (int)Math.Ceiling((b - a) / (2 * scale)));
            for (int j = 0; j < m; j++) panels.Add((a + (b - a) * j / m, a + (b - a) * (j + 1) / m));
        }
        var gr = GaussLegendre.Get(o.RadialOrder);
        var radii = new List<(double R, double W)>();
        foreach (var (a, b) in panels)
            for (int i = 0; i < gr.Nodes.Length; i++)
            {
                double r = 0.5 * (a + b) + 0.5 * (b - a) * gr.Nodes[i];
                radii.Add((r, 0.5 * (b - a) * gr.Weights[i] * r * r));
            }
        if (double.IsPositiveInfinity(truncation))
            for (int i = 0; i < gr.Nodes.Length; i++)
            {
                // r = R/t, t ∈ (0, 1]
                double t = 0.5 + 0.5 * gr.Nodes[i], r = rEnd / t;
                radii.Add((r, 0.5 * gr.Weights[i] * rEnd / (t * t) * r * r));
            }

        // polar: cos θ ∈ [−1, 0] plain, [0, 1] as 1 − s²
        var gp = GaussLegendre.Get(o.PolarOrder);
        var polar = new (double C, double W)[2 * gp.Nodes.Length];
        for (int i = 0; i < gp.Nodes.Length; i++)
        {
            polar[i] = (-0.5 + 0.5 * gp.Nodes[i], 0.5 * gp.Weights[i]);
            double sN = 0.5 + 0.5 * gp.Nodes[i];
            polar[gp.Nodes.Length + i] = (1 - sN * sN, 0.5 * gp.Weights[i] * 2 * sN);
        }
        int nPsi = o.AzimuthPoints;
        var cpsi = new double[nPsi];
        var spsi = new double[nPsi];
        for (int i = 0; i < nPsi; i++) { cpsi[i] = Math.Cos(2 * Math.PI * (i + 0.5) / nPsi); spsi[i] = Math.Sin(2 * Math.PI * (i + 0.5) / nPsi); }
        double wPsi = 2 * Math.PI / nPsi;

        var hemi = HemisphereRule.Product(o.SigmaPolarOrder, o.SigmaAzimuthPoints);
        int nc = hemi.PolarCount, nPhi = hemi.AzimuthCount;
        double[] sc = hemi.Cos, ss = hemi.Sin, sw = hemi.Weight, cphi = hemi.CosPhi, sphi = hemi.SinPhi;

        double total = 0, magnitude = 0;
        long evals = 0;
        foreach (var (r, wr) in radii)
        {
            foreach (var (ct, wt) in polar)
            {
                double st = Math.Sqrt(Math.Max(0, 1 - ct * ct));
                for (int ip = 0; ip < nPsi; ip++)
                {
                    var k2 = (r * st * cpsi[ip]) * a1 + (r * st * spsi[ip]) * a2 + (r * ct) * e3;
                    var u = k1 - k2;
                    double un = u.Norm;
                    if (!(un > 0)) continue;
                    ig.AtK2(k2);
                    var uh = (1 / un) * u;
                    Vec3.Frame(uh, out var b1, out var b2);
                    var v = 0.5 * (k1 + k2);
                    double h = 0.5 * un, w12 = w1 * k2.Norm2;
                    double acc = 0, accAbs = 0;
                    for (int ic = 0; ic < nc; ic++)
                    {
                        var along = v + (h * sc[ic]) * uh;
                        double hs = h * ss[ic];
                        double a = 0, aa = 0;
                        for (int jf = 0; jf < nPhi; jf++)
                        {
                            var d = (hs * cphi[jf]) * b1 + (hs * sphi[jf]) * b2;
                            var k3 = along + d;
                            var k4 = v - (h * sc[ic]) * uh - d;
                            double q = ig.AtSigma(k3, k4, out double m);
                            double wb = Beta == 0 ? 1.0 : Math.Pow(w12 * k3.Norm2 * k4.Norm2, Beta);
                            a += wb * q;
                            aa += wb * m;
                        }
                        acc += sw[ic] * a;
                        accAbs += sw[ic] * aa;
                    }
                    double w = wr * wt * wPsi * un * 0.25;
                    total += w * acc;
                    magnitude += w * accAbs;
                    evals += (long)nc * nPhi;
                }
            }
        }
        return new Estimate(total, 0, evals, magnitude);
    }

    private struct OperatorIntegrand(CollisionPart part, Distribution3D f, double truncation) : ISigmaIntegrand
    {
        private double _f1, _f2;
        private readonly double _l2 = truncation * truncation;

        public void AtK1(Vec3 k1) => _f1 = k1.Norm2 <= _l2 ? f.Value(k1) : 0;
        public void AtK2(Vec3 k2) => _f2 = k2.Norm2 <= _l2 ? f.Value(k2) : 0;

        public readonly double AtSigma(Vec3 k3, Vec3 k4, out double magnitude)
        {
            // the truncated manifold: quadruples with a wave vector beyond Λ are dropped as a whole
            if (k3.Norm2 > _l2 || k4.Norm2 > _l2)
            {
                magnitude = 0;
                return 0;
            }
            double f3 = f.Value(k3), f4 = f.Value(k4);
            double g = f3 * f4 * (_f1 + _f2), l = _f1 * _f2 * (f3 + f4);
            magnitude = Math.Abs(g) + Math.Abs(l);
            return part switch
            {
                CollisionPart.Gain => g,
                CollisionPart.Loss => l,
                _ => f3 * f4 * (_f1 + _f2) - _f1 * _f2 * (f3 + f4),
            };
        }
    }

    private struct TrilinearIntegrand(SigmaTerm term, Distribution3D f, Distribution3D g, Distribution3D h) : ISigmaIntegrand
    {
        private double _f1, _f2, _g2;

        public void AtK1(Vec3 k1) => _f1 = f.Value(k1);

        public void AtK2(Vec3 k2)
        {
            _f2 = term == SigmaTerm.G1 ? f.Value(k2) : 0;
            _g2 = term is SigmaTerm.L1 or SigmaTerm.L2 ? g.Value(k2) : 0;
        }

        public readonly double AtSigma(Vec3 k3, Vec3 k4, out double magnitude)
        {
            double v = term switch
            {
                SigmaTerm.G1 => _f2 * g.Value(k3) * h.Value(k4),
                SigmaTerm.G2 => _f1 * g.Value(k3) * h.Value(k4),
                SigmaTerm.L1 => _f1 * _g2 * h.Value(k4),
                _ => _f1 * _g2 * h.Value(k3),
            };
            magnitude = Math.Abs(v);
            return v;
        }
    }

    // ------------------------------------------------------------------ Monte Carlo helpers

    private const double LomaxShape = 3;

    private static Vec3 UniformDirection(Random rng)
    {
        double z = 2 * rng.NextDouble() - 1, phi = 2 * Math.PI * rng.NextDouble(), s = Math.Sqrt(Math.Max(0, 1 - z * z));
        return new Vec3(s * Math.Cos(phi), s * Math.Sin(phi), z);
    }

    private static double Lomax(Random rng, double s) => s * (Math.Pow(1 - rng.NextDouble(), -1 / LomaxShape) - 1);

    /// <summary>Density in R³ of k = r·dir with r Lomax(shape 3, scale s) and dir uniform: p(r)/(4πr²).</summary>
    private static double LomaxDensity3(double r, double s) =>
        r > 0 ? LomaxShape / s * Math.Pow(1 + r / s, -(LomaxShape + 1)) / (4 * Math.PI * r * r) : double.PositiveInfinity;
}
