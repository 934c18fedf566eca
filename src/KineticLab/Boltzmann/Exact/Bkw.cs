namespace KineticLab.Boltzmann.Exact;

/// <summary>
/// The Bobylev–Krook–Wu exact solution of the homogeneous Boltzmann equation for Maxwell molecules with
/// a constant σ-kernel normalised to b₁ = 1 (<see cref="Kernels.CollisionKernel.MaxwellBkw"/>), mass 1 and
/// temperature 1:
/// d = 3: <c>f = e^{−|v|²/(2K)} / (2(2πK)^{3/2}) · [(5K−3)/K + (1−K)|v|²/K²]</c>, <c>K = 1 − e^{−t/6}</c> (nonnegative for t ≥ 6 ln(5/2));
/// d = 2: <c>f = e^{−|v|²/(2K)} / (2πK) · [2 − 1/K + (1−K)|v|²/(2K²)]</c>, <c>K = 1 − e^{−t/8}/2</c> (nonnegative for t ≥ 0).
/// </summary>
public sealed class Bkw
{
    public Bkw(int d)
    {
        Kernels.RelativeSpeedKernel.CheckDimension(d);
        Dimension = d;
    }

    public int Dimension { get; }

    /// <summary>Earliest time at which f is nonnegative.</summary>
    public double FirstValidTime => Dimension == 3 ? 6 * Math.Log(2.5) : 0;

    public double K(double t) => Dimension == 3 ? 1 - Math.Exp(-t / 6) : 1 - 0.5 * Math.Exp(-t / 8);

    public double DKdt(double t) => Dimension == 3 ? Math.Exp(-t / 6) / 6 : Math.Exp(-t / 8) / 16;

    /// <summary>f(t, v) as a function of r² = |v|².</summary>
    public double Value(double t, double r2)
    {
        double k = K(t);
        if (Dimension == 3)
            return Math.Exp(-r2 / (2 * k)) / (2 * Math.Pow(2 * Math.PI * k, 1.5)) * ((5 * k - 3) / k + (1 - k) * r2 / (k * k));
        return Math.Exp(-r2 / (2 * k)) / (2 * Math.PI * k) * (2 - 1 / k + (1 - k) * r2 / (2 * k * k));
    }

    /// <summary>∂f/∂t(t, v) = Q(f, f)(v), as a function of r² = |v|².</summary>
    public double TimeDerivative(double t, double r2)
    {
        double k = K(t), dk = DKdt(t);
        double e = Math.Exp(-r2 / (2 * k));
        if (Dimension == 3)
        {
            double g = e / (2 * Math.Pow(2 * Math.PI * k, 1.5));
            double p = (5 * k - 3) / k + (1 - k) * r2 / (k * k);
            double dp = 3 / (k * k) - 2 * r2 / (k * k * k) + r2 / (k * k);
            return dk * g * ((-1.5 / k + r2 / (2 * k * k)) * p + dp);
        }
        else
        {
            double g = e / (2 * Math.PI * k);
            double p = 2 - 1 / k + (1 - k) * r2 / (2 * k * k);
            // d/dK [(1−K)/(2K²)] = (K − 2)/(2K³)
            double dp = 1 / (k * k) + (k - 2) * r2 / (2 * k * k * k);
            return dk * g * ((-1 / k + r2 / (2 * k * k)) * p + dp);
        }
    }

    /// <summary>∫|v|⁴ f(t, v) dv: 15K(2−K) for d = 3 and 8K(2−K) for d = 2 (→ the Maxwellian values 15 and 8).</summary>
    public double FourthMoment(double t)
    {
        double k = K(t);
        return Dimension == 3 ? 15 * k * (2 - k) : 8 * k * (2 - k);
    }

    /// <summary>Energy ∫|v|² f = d (temperature 1).</summary>
    public double Energy => Dimension;
}

/// <summary>Gaussians and Maxwellians with closed-form convolutions against |·|^γ.</summary>
public static class Gaussian
{
    /// <summary>The density of N(m, s²) (unit mass) at v.</summary>
    public static double Density(ReadOnlySpan<double> v, ReadOnlySpan<double> m, double s)
    {
        int d = v.Length;
        double r2 = 0;
        for (int a = 0; a < d; a++) { double x = v[a] - m[a]; r2 += x * x; }
        return Math.Exp(-r2 / (2 * s * s)) / Math.Pow(2 * Math.PI * s * s, d / 2.0);
    }

    /// <summary>
    /// <c>∫ N(0, s²)(u) |u − v|^γ du = s^γ 2^{γ/2} Γ((d+γ)/2)/Γ(d/2) ₁F₁(−γ/2; d/2; −|v|²/(2s²))</c>, γ &gt; −d.
    /// For d = 3, γ = −1 this is <c>erf(|v|/(s√2))/|v|</c>.
    /// </summary>
    public static double PowerMoment(int d, double gamma, double s, double vnorm)
    {
        double pref = Math.Pow(s, gamma) * Math.Pow(2, gamma / 2) *
                      Math.Exp(MathNet.Numerics.SpecialFunctions.GammaLn((d + gamma) / 2) - MathNet.Numerics.SpecialFunctions.GammaLn(d / 2.0));
        return pref * Hypergeometric1F1Negative(-gamma / 2, d / 2.0, vnorm * vnorm / (2 * s * s));
    }

    /// <summary><c>₁F₁(a; b; −x)</c> for x ≥ 0, b &gt; 0, by Kummer's transformation e^{−x} ₁F₁(b−a; b; x) (positive series) or its asymptotic expansion.</summary>
    public static double Hypergeometric1F1Negative(double a, double b, double x)
    {
        if (x < 0) throw new ArgumentOutOfRangeException(nameof(x));
        if (x > 600)
        {
            // ₁F₁(a;b;−x) ~ Γ(b)/Γ(b−a) x^{−a} Σ_k (a)_k (1+a−b)_k / k! x^{−k}
            double term = 1, sum = 1;
            for (int k = 0; k < 30; k++)
            {
                term *= (a + k) * (1 + a - b + k) / ((k + 1) * x);
                sum += term;
                if (Math.Abs(term) < 1e-17 * Math.Abs(sum)) break;
            }
            return Math.Exp(MathNet.Numerics.SpecialFunctions.GammaLn(b) - MathNet.Numerics.SpecialFunctions.GammaLn(b - a)) * Math.Pow(x, -a) * sum;
        }
        double c = b - a, t = 1, s = 1;
        for (int k = 0; k < 5000; k++)
        {
            t *= (c + k) / (b + k) * x / (k + 1);
            s += t;
            if (t < 1e-17 * s) break;
        }
        return Math.Exp(-x) * s;
    }

    /// <summary>
    /// <c>Q⁻(N(m_f,s_f²), N(m_g,s_g²))(v) = b₁ f(v) ∫ g(u) |u−v|^γ du</c> in closed form (power kernels).
    /// </summary>
    public static double LossOperator(int d, double gamma, double b1, ReadOnlySpan<double> v,
        ReadOnlySpan<double> mf, double sf, ReadOnlySpan<double> mg, double sg)
    {
        double r2 = 0;
        for (int a = 0; a < d; a++) { double x = v[a] - mg[a]; r2 += x * x; }
        return b1 * Density(v, mf, sf) * PowerMoment(d, gamma, sg, Math.Sqrt(r2));
    }

    /// <summary><c>∫Q⁻(f,g) = ∫Q⁺(f,g) = b₁ ∫∫ f(v) g(u) |u−v|^γ</c> for two Gaussians (power kernels).</summary>
    public static double CollisionMass(int d, double gamma, double b1, ReadOnlySpan<double> mf, double sf, ReadOnlySpan<double> mg, double sg)
    {
        double r2 = 0;
        for (int a = 0; a < d; a++) { double x = mf[a] - mg[a]; r2 += x * x; }
        return b1 * PowerMoment(d, gamma, Math.Sqrt(sf * sf + sg * sg), Math.Sqrt(r2));
    }
}
