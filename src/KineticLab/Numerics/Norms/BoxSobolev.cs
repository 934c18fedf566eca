using System.Numerics;
using KineticLab.Numerics.Fft;

namespace KineticLab.Numerics.Norms;

/// <summary>
/// Sobolev norms ‖(a − Δ)^{s/2} f‖_{L²(R^d)} of a function sampled on a cube [−L/2, L/2)^d (n points per axis),
/// by the discrete Fourier transform: the function is treated as L-periodic, so it must vanish (to the accuracy wanted)
/// near the faces of the box; η runs over the box frequencies 2πm/L, |m| ≤ n/2. a = 1 gives the inhomogeneous
/// weight ⟨∇⟩^s, a = 0 the homogeneous one. Spectrally accurate for smooth, well-resolved data; for data with large
/// high derivatives (such as the e^{−1/t} bump) the error is set by the grid, see the tests.
/// </summary>
public static class BoxSobolev
{
    /// <summary>Samples <paramref name="f"/>(x) at the grid points x = −L/2 + h·i (h = L/n) of the d-cube.</summary>
    public static double[] Sample(int d, int n, double L, Func<double[], double> f)
    {
        if (d < 1 || d > 3) throw new ArgumentOutOfRangeException(nameof(d));
        int total = (int)Math.Pow(n, d);
        var values = new double[total];
        double h = L / n;
        Parallel.For(0, total, idx =>
        {
            var x = new double[d];
            int rest = idx;
            for (int ax = d - 1; ax >= 0; ax--) { x[ax] = -L / 2 + h * (rest % n); rest /= n; }
            values[idx] = f(x);
        });
        return values;
    }

    /// <summary>‖(a − Δ)^{s/2} f‖²_{L²} from the samples (row-major, last axis fastest).</summary>
    public static double SobolevSquared(int d, int n, double L, ReadOnlySpan<double> samples, double s, double a)
    {
        int total = (int)Math.Pow(n, d);
        if (samples.Length != total) throw new ArgumentException("sample count does not match n^d");
        var shape = Enumerable.Repeat(n, d).ToArray();
        using var fft = KineticLab.Numerics.Fft.Fft.Create(shape, FftPlanning.Estimate);
        var input = new Complex[total];
        for (int i = 0; i < total; i++) input[i] = samples[i];
        var output = new Complex[total];
        fft.Forward(input, output);
        double h = L / n, dk = 2 * Math.PI / L, sum = 0;
        for (int idx = 0; idx < total; idx++)
        {
            int rest = idx;
            double k2 = 0;
            for (int ax = 0; ax < d; ax++)
            {
                int m = rest % n; rest /= n;
                if (m > n / 2) m -= n;
                double k = dk * m;
                k2 += k * k;
            }
            double wgt = s == 0 ? 1 : Math.Pow(a + k2, s);
            double mag = output[idx].Magnitude;
            sum += wgt * mag * mag;
        }
        return sum * Math.Pow(h, d) / total;
    }
}
