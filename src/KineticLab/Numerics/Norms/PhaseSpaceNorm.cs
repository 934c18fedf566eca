using KineticLab.Numerics.Quadrature;

namespace KineticLab.Numerics.Norms;

/// <summary>
/// ‖f‖_{L^{2,r}_v H^s_x} = ‖⟨∇_x⟩^s ⟨v⟩^r f‖_{L²_{x,v}} (seed (1.10); inhomogeneous weights) of a phase-space function on
/// R^d × R^d: x on the periodic box [−L/2, L/2)^d by the FFT (<see cref="BoxSobolev"/>, so the caveats on fractional s apply),
/// v by tensor Gauss–Legendre on [−V, V]^d. The order of the mixed norm does not matter here (both are L²).
/// </summary>
public static class PhaseSpaceNorm
{
    public static double Compute(int d, Func<double[], double[], double> f, double s, double r,
        int n, double L, int vOrder, double V)
    {
        if (d < 1 || d > 3) throw new ArgumentOutOfRangeException(nameof(d));
        var gl = GaussLegendre.Get(vOrder);
        int nodes = (int)Math.Pow(vOrder, d);
        double sum = 0;
        for (int idx = 0; idx < nodes; idx++)
        {
            var v = new double[d];
            double w = 1;
            int rest = idx;
            for (int a = 0; a < d; a++)
            {
                int q = rest % vOrder; rest /= vOrder;
                v[a] = V * gl.Nodes[q]; w *= V * gl.Weights[q];
            }
            double v2 = v.Sum(c => c * c);
            var samples = BoxSobolev.Sample(d, n, L, x => f(x, v));
            sum += w * Math.Pow(1 + v2, r) * BoxSobolev.SobolevSquared(d, n, L, samples, s, 1);
        }
        return Math.Sqrt(sum);
    }
}
