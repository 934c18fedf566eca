using KineticLab.Numerics.Quadrature;

namespace KineticLab.WaveKinetic.Isotropic;

/// <summary>
/// Brute-force reference for the 4-wave operator of a radial f(k) = n(|k|²), straight from the
/// σ-parametrisation of the seed (1.14)–(1.19) in its full-sphere form
/// <c>C[f](k1) = ⅛ ∫_{R³×S²} (|k1||k2||k1*||k2*|)^{2β} |k1 − k2| [f1*f2*(f1 + f2) − f1f2(f1* + f2*)] dσ dk2</c>,
/// <c>k1,2* = (k1 + k2)/2 ± |k1 − k2|σ/2</c>. No ω-reduction and no angular delta integral is used, so
/// agreement pins the isotropic constant K independently. Product Gauss–Legendre rules in (|k2|, cos θ2,
/// cos θσ) and the trapezoidal rule in φσ; the azimuth of k2 is integrated exactly by symmetry (factor 2π).
/// Slow and of modest accuracy (the kernel is not smooth where k* = 0 or k2 = k1): a reference for tests and
/// <c>kineticlab validate</c>, not for production use.
/// </summary>
public static class SigmaFormReference
{
    public static double Evaluate(Spectrum n, double beta, double omega1, CollisionPart part,
        double kMax, int nRadial = 40, int nPolar = 40, int nSigmaPolar = 24, int nSigmaAzimuth = 48)
    {
        double r1 = Math.Sqrt(omega1);
        var gr = GaussLegendre.Get(nRadial);
        var gp = GaussLegendre.Get(nPolar);
        var gs = GaussLegendre.Get(nSigmaPolar);
        double f1 = n.Value(omega1);
        double total = 0;
        // radial panels split at |k2| = |k1| (where k2 = k1 is possible)
        double[] edges = r1 < kMax ? [0, r1, kMax] : [0, kMax];
        for (int e = 0; e + 1 < edges.Length; e++)
        {
            double a = edges[e], b = edges[e + 1], cr = 0.5 * (a + b), hr = 0.5 * (b - a);
            for (int ir = 0; ir < nRadial; ir++)
            {
                double rho = cr + hr * gr.Nodes[ir], wr = hr * gr.Weights[ir] * rho * rho;
                double f2 = n.Value(rho * rho);
                for (int ip = 0; ip < nPolar; ip++)
                {
                    double ct = gp.Nodes[ip], st = Math.Sqrt(1 - ct * ct), wp = gp.Weights[ip];
                    // k1 = (0, 0, r1), k2 = rho (st, 0, ct)
                    double k2x = rho * st, k2z = rho * ct;
                    double vx = 0.5 * k2x, vz = 0.5 * (r1 + k2z);                  // (k1 + k2)/2
                    double ux = -k2x, uz = r1 - k2z;                                // k1 − k2
                    double u = Math.Sqrt(ux * ux + uz * uz);
                    double pre = Math.Pow(r1 * rho, 2 * beta) * u;
                    double inner = 0;
                    for (int js = 0; js < nSigmaPolar; js++)
                    {
                        double cs = gs.Nodes[js], ss = Math.Sqrt(1 - cs * cs), ws = gs.Weights[js];
                        double acc = 0;
                        for (int ja = 0; ja < nSigmaAzimuth; ja++)
                        {
                            double phi = 2 * Math.PI * ja / nSigmaAzimuth;
                            double sx = ss * Math.Cos(phi), sy = ss * Math.Sin(phi), sz = cs;
                            double ax = vx + 0.5 * u * sx, ay = 0.5 * u * sy, az = vz + 0.5 * u * sz;   // k1*
                            double bx = vx - 0.5 * u * sx, by = -0.5 * u * sy, bz = vz - 0.5 * u * sz;  // k2*
                            double w3 = ax * ax + ay * ay + az * az, w4 = bx * bx + by * by + bz * bz;
                            double f3 = n.Value(w3), f4 = n.Value(w4);
                            double q = part switch
                            {
                                CollisionPart.Gain => f3 * f4 * (f1 + f2),
                                CollisionPart.Loss => f1 * f2 * (f3 + f4),
                                _ => f3 * f4 * (f1 + f2) - f1 * f2 * (f3 + f4),
                            };
                            acc += Math.Pow(w3 * w4, beta) * q;
                        }
                        inner += ws * acc * (2 * Math.PI / nSigmaAzimuth);
                    }
                    total += wr * wp * pre * inner;
                }
            }
        }
        return total * 2 * Math.PI / 8;
    }
}
