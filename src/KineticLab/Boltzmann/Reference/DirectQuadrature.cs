using KineticLab.Boltzmann.Kernels;
using KineticLab.Numerics.Quadrature;

namespace KineticLab.Boltzmann.Reference;

/// <summary>
/// Slow, obviously-correct evaluation of the collision operator for callable functions at single
/// velocities, by tensor-product quadrature in polar coordinates centred at v:
/// u = v + ρ n with Gauss–Jacobi in ρ carrying the factor ρ^{d−1}Φ(ρ) (so the singularity of soft
/// potentials at u = v is integrated exactly), a product rule in n, and a Gauss–Jacobi rule in the
/// collision angle carrying the angular kernel. The gain term is computed in the seed's ω form
/// (<see cref="Gain"/>) and independently in σ form (<see cref="GainSigma"/>).
/// </summary>
public sealed class DirectQuadrature
{
    private readonly CollisionKernel _k;
    private readonly Rule1D _radial;
    private readonly SphereRule _sphere;
    private readonly Rule1D _omegaRule;   // d = 3: c = cos θ ∈ [0,1] with weight c^p; d = 2: θ ∈ (−π/2, π/2) with weight cos^p θ
    private readonly Rule1D _sigmaRule;   // d = 3: x = cos χ ∈ [−1,1] with weight b_σ(x); d = 2: θ = χ/2 with weight b_σ
    private readonly int _nAzimuth;

    /// <param name="kernel">The collision kernel.</param>
    /// <param name="radius">Cut-off of |u − v|; the integrands must be negligible beyond it.</param>
    /// <param name="radialPoints">Radial nodes on [0, radius].</param>
    /// <param name="sphereZ">d = 3: Gauss nodes in cos of the polar angle of n; d = 2: unused.</param>
    /// <param name="sphereAzimuth">Equispaced azimuths of n (d = 3) or points on the circle (d = 2).</param>
    /// <param name="angularPoints">Nodes in the collision angle.</param>
    public DirectQuadrature(CollisionKernel kernel, double radius, int radialPoints = 48, int sphereZ = 20,
        int sphereAzimuth = 40, int angularPoints = 20)
    {
        _k = kernel;
        int d = kernel.Dimension;
        _radial = kernel.Phi.RadialRule(radialPoints, radius);
        _sphere = d == 3 ? SphereRule.Product(sphereZ, sphereAzimuth) : SphereRule.Circle(sphereAzimuth);
        _nAzimuth = sphereAzimuth;
        var b = kernel.Angular;
        if (d == 3)
        {
            // ∫_{S²} b_ω(n·ω) F dω = 2 ∫_0^1 s c^p ∫_0^{2π} F dφ dc   (F(ω) = F(−ω)).
            var r = GaussJacobi.RadialPower(angularPoints, 1.0, b.Power);
            _omegaRule = Scale(r, 2 * b.Scale);
            // ∫_{S²} b_σ(n·σ) F dσ = ∫_{−1}^{1} b_σ(x) ∫_0^{2π} F dφ dx, b_σ = c (1+x)^a 2^{−a}.
            double a = b.SigmaExponent, c = Math.Pow(2, 2 - d) * b.Scale * Math.Pow(2, -a);
            _sigmaRule = Scale(GaussJacobi.Reference(angularPoints, 0, a), c);
        }
        else
        {
            // ∫_{S¹} b_ω F dω = 2 ∫_{−π/2}^{π/2} s cos^p θ F dθ, θ = πt/2, weight (1−t²)^p.
            _omegaRule = CosPowerRule(angularPoints, b.Power, 2 * b.Scale);
            // ∫_{S¹} b_σ(cos χ) F dχ, χ = 2θ: 2 ∫_{−π/2}^{π/2} b_σ(cos 2θ) F dθ, b_σ(cos 2θ) = s cos^p θ.
            _sigmaRule = CosPowerRule(angularPoints, b.Power, 2 * b.Scale);
        }
    }

    private static Rule1D Scale(Rule1D r, double c) => new(r.Nodes, r.Weights.Select(w => w * c).ToArray());

    /// <summary>Nodes θ ∈ (−π/2, π/2) and weights for ∫ scale·cos^p θ h(θ) dθ.</summary>
    private static Rule1D CosPowerRule(int n, double p, double scale)
    {
        var r = GaussJacobi.Reference(n, p, p);
        var x = new double[n];
        var w = new double[n];
        for (int i = 0; i < n; i++)
        {
            double t = r.Nodes[i];
            x[i] = Math.PI / 2 * t;
            double smooth = p == 0 ? 1 : Math.Pow(Math.Cos(Math.PI / 2 * t) / (1 - t * t), p);
            w[i] = scale * r.Weights[i] * smooth * Math.PI / 2;
        }
        return new Rule1D(x, w);
    }

    /// <summary><c>∫ g(u) Φ(|u − v|) du</c>.</summary>
    public double Convolution(VelocityFunction g, ReadOnlySpan<double> v)
    {
        int d = _k.Dimension;
        double sum = 0;
        Span<double> u = stackalloc double[d];
        for (int i = 0; i < _radial.Count; i++)
        {
            double rho = _radial.Nodes[i], s = 0;
            for (int j = 0; j < _sphere.Count; j++)
            {
                var n = _sphere.Point(j);
                for (int a = 0; a < d; a++) u[a] = v[a] + rho * n[a];
                s += _sphere.Weights[j] * g(u);
            }
            sum += _radial.Weights[i] * s;
        }
        return sum;
    }

    /// <summary><c>Q⁻(f, g)(v) = b₁ f(v) ∫ g(u) Φ(|u − v|) du</c>.</summary>
    public double Loss(VelocityFunction f, VelocityFunction g, ReadOnlySpan<double> v) =>
        _k.B1 * f(v) * Convolution(g, v);

    /// <summary><c>Q⁺(f, g)(v)</c> in the seed's ω form: <c>∫∫ f(v*) g(u*) Φ b_ω dω du</c>.</summary>
    public double Gain(VelocityFunction f, VelocityFunction g, ReadOnlySpan<double> v) => GainCore(f, g, v.ToArray(), sigmaForm: false);

    /// <summary><c>Q⁺(f, g)(v)</c> in σ form: <c>∫∫ f(v') g(u') Φ b_σ dσ du</c>, v' = v + ρ(n+σ)/2, u' = v + ρ(n−σ)/2.</summary>
    public double GainSigma(VelocityFunction f, VelocityFunction g, ReadOnlySpan<double> v) => GainCore(f, g, v.ToArray(), sigmaForm: true);

    private double GainCore(VelocityFunction f, VelocityFunction g, double[] v, bool sigmaForm)
    {
        int d = _k.Dimension;
        var partial = new double[_radial.Count];
        Parallel.For(0, _radial.Count, i =>
        {
            double rho = _radial.Nodes[i];
            Span<double> e1 = stackalloc double[d];
            Span<double> e2 = stackalloc double[d];
            Span<double> w = stackalloc double[d];
            Span<double> vs = stackalloc double[d];
            Span<double> us = stackalloc double[d];
            double s = 0;
            for (int j = 0; j < _sphere.Count; j++)
            {
                var n = _sphere.Point(j);
                Frame(n, e1, e2);
                double inner = 0;
                var rule = sigmaForm ? _sigmaRule : _omegaRule;
                for (int c = 0; c < rule.Count; c++)
                {
                    double acc = 0;
                    if (d == 3)
                    {
                        double cz = rule.Nodes[c];
                        double sz = Math.Sqrt(Math.Max(0, 1 - cz * cz));
                        for (int m = 0; m < _nAzimuth; m++)
                        {
                            double phi = 2 * Math.PI * (m + 0.5) / _nAzimuth;
                            double cp = Math.Cos(phi), sp = Math.Sin(phi);
                            for (int a = 0; a < 3; a++) w[a] = cz * n[a] + sz * (cp * e1[a] + sp * e2[a]);
                            acc += Integrand(f, g, v, n, w, rho, sigmaForm, vs, us);
                        }
                        acc *= 2 * Math.PI / _nAzimuth;
                    }
                    else
                    {
                        double th = rule.Nodes[c];
                        double ang = sigmaForm ? 2 * th : th;
                        double ca = Math.Cos(ang), sa = Math.Sin(ang);
                        for (int a = 0; a < 2; a++) w[a] = ca * n[a] + sa * e1[a];
                        acc = Integrand(f, g, v, n, w, rho, sigmaForm, vs, us);
                    }
                    inner += rule.Weights[c] * acc;
                }
                s += _sphere.Weights[j] * inner;
            }
            partial[i] = _radial.Weights[i] * s;
        });
        double total = 0;
        foreach (var p in partial) total += p;
        return total;
    }

    private static double Integrand(VelocityFunction f, VelocityFunction g, double[] v, ReadOnlySpan<double> n,
        ReadOnlySpan<double> w, double rho, bool sigmaForm, Span<double> vs, Span<double> us)
    {
        int d = v.Length;
        if (sigmaForm)
        {
            for (int a = 0; a < d; a++)
            {
                vs[a] = v[a] + 0.5 * rho * (n[a] + w[a]);
                us[a] = v[a] + 0.5 * rho * (n[a] - w[a]);
            }
        }
        else
        {
            double c = 0;
            for (int a = 0; a < d; a++) c += n[a] * w[a];
            for (int a = 0; a < d; a++)
            {
                vs[a] = v[a] + rho * c * w[a];
                us[a] = v[a] + rho * n[a] - rho * c * w[a];
            }
        }
        return f(vs) * g(us);
    }

    /// <summary>An orthonormal frame (e1, e2) of the plane orthogonal to n (d = 3), or e1 = n⊥ (d = 2).</summary>
    internal static void Frame(ReadOnlySpan<double> n, Span<double> e1, Span<double> e2)
    {
        if (n.Length == 2) { e1[0] = -n[1]; e1[1] = n[0]; return; }
        // Pick the coordinate axis least aligned with n.
        double ax = Math.Abs(n[0]), ay = Math.Abs(n[1]), az = Math.Abs(n[2]);
        Span<double> t = stackalloc double[3];
        if (ax <= ay && ax <= az) { t[0] = 1; } else if (ay <= az) { t[1] = 1; } else { t[2] = 1; }
        double dot = t[0] * n[0] + t[1] * n[1] + t[2] * n[2];
        for (int a = 0; a < 3; a++) e1[a] = t[a] - dot * n[a];
        double nr = Math.Sqrt(e1[0] * e1[0] + e1[1] * e1[1] + e1[2] * e1[2]);
        for (int a = 0; a < 3; a++) e1[a] /= nr;
        e2[0] = n[1] * e1[2] - n[2] * e1[1];
        e2[1] = n[2] * e1[0] - n[0] * e1[2];
        e2[2] = n[0] * e1[1] - n[1] * e1[0];
    }

    /// <summary><c>Q(f, g)(v) = Q⁺ − Q⁻</c>.</summary>
    public double Collision(VelocityFunction f, VelocityFunction g, ReadOnlySpan<double> v) => Gain(f, g, v) - Loss(f, g, v);
}
