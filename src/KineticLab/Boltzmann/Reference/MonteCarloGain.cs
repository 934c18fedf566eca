using KineticLab.Boltzmann.Kernels;

namespace KineticLab.Boltzmann.Reference;

/// <summary>
/// Monte Carlo estimator of the gain term in the seed's ω form with a standard error:
/// u ~ N(m, s² I) (importance proposal), ω uniform on S^{d−1},
/// <c>X = |S^{d−1}| Φ(|u−v|) b_ω(n·ω) f(v*) g(u*) / q(u)</c>, E X = Q⁺(f,g)(v).
/// The variance is finite for γ &gt; −d/2, which covers the supported range.
/// </summary>
public sealed class MonteCarloGain(CollisionKernel kernel)
{
    public (double Mean, double StdError) Estimate(VelocityFunction f, VelocityFunction g, ReadOnlySpan<double> v,
        ReadOnlySpan<double> proposalMean, double proposalStd, int samples, int seed = 12345)
    {
        int d = kernel.Dimension;
        if (samples < 2) throw new InvalidInputException("samples", samples.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be >= 2");
        var rng = new Random(seed);
        Span<double> u = stackalloc double[d];
        Span<double> w = stackalloc double[d];
        Span<double> n = stackalloc double[d];
        Span<double> vs = stackalloc double[d];
        Span<double> us = stackalloc double[d];
        double area = AngularKernel.SphereArea(d);
        double qNorm = Math.Pow(2 * Math.PI * proposalStd * proposalStd, -d / 2.0);
        double sum = 0, sum2 = 0;
        for (int k = 0; k < samples; k++)
        {
            double r2 = 0;
            for (int a = 0; a < d; a++)
            {
                double z = Normal(rng);
                u[a] = proposalMean[a] + proposalStd * z;
                r2 += z * z;
            }
            double q = qNorm * Math.Exp(-r2 / 2);
            double wn = 0;
            for (int a = 0; a < d; a++) { w[a] = Normal(rng); wn += w[a] * w[a]; }
            wn = Math.Sqrt(wn);
            double rel = 0;
            for (int a = 0; a < d; a++) { w[a] /= wn; n[a] = u[a] - v[a]; rel += n[a] * n[a]; }
            rel = Math.Sqrt(rel);
            double c = 0;
            for (int a = 0; a < d; a++) c += (u[a] - v[a]) * w[a];
            for (int a = 0; a < d; a++) { vs[a] = v[a] + c * w[a]; us[a] = u[a] - c * w[a]; }
            double cosTheta = rel > 0 ? c / rel : 0;
            double x = area * kernel.Phi.Eval(rel) * kernel.Angular.Omega(cosTheta) * f(vs) * g(us) / q;
            sum += x; sum2 += x * x;
        }
        double mean = sum / samples;
        double variance = Math.Max(0, (sum2 / samples - mean * mean) * samples / (samples - 1));
        return (mean, Math.Sqrt(variance / samples));
    }

    private static double Normal(Random rng)
    {
        double u1 = 1.0 - rng.NextDouble(), u2 = rng.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
