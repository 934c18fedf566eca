using KineticLab.Boltzmann.Exact;

namespace KineticLab.Boltzmann.Inhomogeneous;

/// <summary>
/// One component of an initial state: <c>weight · (1 + amplitude · cos(2π mode·x / Lx + phase)) · N(mean, std² I)(v)</c>.
/// </summary>
public sealed record WaveComponent(double Weight, double[] Mean, double Std, double Amplitude, int[] Mode, double Phase);

/// <summary>A sum of Gaussians in v modulated by a cosine wave in x: the initial states of the inhomogeneous experiments.</summary>
/// <param name="Components">The components.</param>
/// <param name="Lx">The length of the periodic x box.</param>
public sealed record ModulatedGaussians(IReadOnlyList<WaveComponent> Components, double Lx)
{
    /// <summary>f(x, v).</summary>
    public double Value(ReadOnlySpan<double> x, ReadOnlySpan<double> v)
    {
        double s = 0;
        foreach (var c in Components)
        {
            double arg = c.Phase;
            for (int a = 0; a < c.Mode.Length; a++) arg += 2 * Math.PI * c.Mode[a] * x[a] / Lx;
            s += c.Weight * (1 + c.Amplitude * Math.Cos(arg)) * Gaussian.Density(v, c.Mean, c.Std);
        }
        return s;
    }
}
