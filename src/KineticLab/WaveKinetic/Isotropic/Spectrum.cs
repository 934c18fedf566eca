using KineticLab.Numerics;

namespace KineticLab.WaveKinetic.Isotropic;

/// <summary>
/// An isotropic wave spectrum <c>n(ω)</c>, <c>ω = |k|² ≥ 0</c> (so <c>f(k) = n(|k|²)</c>).
/// <see cref="Difference"/> returns <c>n(a) − n(b)</c>; implementations override it with a formula that keeps full
/// relative accuracy when a ≈ b, which the full collision operator needs where gain and loss cancel.
/// </summary>
public abstract class Spectrum
{
    /// <summary>n(ω).</summary>
    public abstract double Value(double omega);

    /// <summary>n(a) − n(b); the default subtracts values (absolute accuracy ~ ε·|n|).</summary>
    public virtual double Difference(double a, double b) => Value(a) - Value(b);

    /// <summary>Typical scale in ω of the spectrum's variation (used as the length scale of semi-infinite maps).</summary>
    public virtual double Scale => 1.0;

    /// <summary>Whether <see cref="Difference"/> is accurate for nearby arguments (not plain subtraction).</summary>
    public virtual bool HasAccurateDifference => false;

    /// <summary>Short description used in reports.</summary>
    public abstract string Describe();

    /// <summary>A spectrum from a delegate (differences by subtraction).</summary>
    public static Spectrum FromFunction(Func<double, double> n, string description = "n(ω) given as a function", double scale = 1.0) =>
        new FunctionSpectrum(n, description, scale);

    private sealed class FunctionSpectrum(Func<double, double> n, string d, double scale) : Spectrum
    {
        public override double Value(double omega) => n(omega);
        public override double Scale => scale;
        public override string Describe() => d;
    }
}

/// <summary>
/// The smooth datum of the ill-posedness proofs, <c>n⁰¹(ω) = ⟨ω⟩^{−M/2} = (1 + ω²)^{−M/4}</c>,
/// i.e. <c>f(k) = (1 + |k|⁴)^{−M/4}</c>, times an amplitude.
/// </summary>
public sealed class SmoothDatum : Spectrum
{
    public SmoothDatum(double m, double amplitude = 1.0)
    {
        M = Require.Positive("M", m);
        Amplitude = Require.Finite("amplitude", amplitude);
    }

    public double M { get; }
    public double Amplitude { get; }

    public override double Value(double w) => Amplitude * Math.Exp(-0.25 * M * SpecialFunctions.Log1p(w * w));

    /// <summary>n(a) − n(b) = n(b)·expm1(−(M/4)·log1p((a−b)(a+b)/(1+b²))), exact to a few ulps.</summary>
    public override double Difference(double a, double b)
    {
        if (!(Math.Abs(a - b) <= 0.5 * Math.Max(Math.Abs(a), Math.Abs(b)))) return Value(a) - Value(b);
        double r = (a - b) * (a + b) / (1 + b * b);
        return Value(b) * SpecialFunctions.Expm1(-0.25 * M * SpecialFunctions.Log1p(r));
    }

    public override bool HasAccurateDifference => true;
    public override string Describe() => Amplitude == 1 ? $"⟨ω⟩^(-M/2), M = {M}" : $"{Amplitude}·⟨ω⟩^(-M/2), M = {M}";
}

/// <summary>
/// <c>n(ω) = (1 + ω)^{−M/2}</c>, i.e. <c>f(k) = ⟨k⟩^{−M}</c>: the datum of Remark 1.4 and Appendix A (same
/// asymptotics as <see cref="SmoothDatum"/>, different bracket).
/// </summary>
public sealed class KBracketDatum : Spectrum
{
    public KBracketDatum(double m)
    {
        M = Require.Positive("M", m);
    }

    public double M { get; }

    public override double Value(double w) => Math.Exp(-0.5 * M * SpecialFunctions.Log1p(w));

    /// <summary>n(a) − n(b) = n(b)·expm1(−(M/2)·log1p((a − b)/(1 + b))).</summary>
    public override double Difference(double a, double b)
    {
        if (!(Math.Abs(a - b) <= 0.5 * Math.Max(Math.Abs(a), Math.Abs(b)))) return Value(a) - Value(b);
        return Value(b) * SpecialFunctions.Expm1(-0.5 * M * SpecialFunctions.Log1p((a - b) / (1 + b)));
    }

    public override bool HasAccurateDifference => true;
    public override string Describe() => $"(1+ω)^(-M/2) = ⟨k⟩^(-M), M = {M}";
}

/// <summary>
/// The oscillating datum of the full-equation proof (§5): <c>n⁰(ω) = (A + cos(Nω))·⟨ω⟩^{−M/2}</c>,
/// i.e. <c>f⁰(k) = (A + cos(N|k|²))/(1 + |k|⁴)^{M/4}</c>; nonnegative for A ≥ 1.
/// </summary>
public sealed class OscillatingDatum : Spectrum
{
    private readonly SmoothDatum _s;

    public OscillatingDatum(double m, double a, double n)
    {
        _s = new SmoothDatum(m);
        A = Require.Finite("A", a);
        N = Require.NonNegative("N", n);
    }

    public double M => _s.M;
    public double A { get; }
    public double N { get; }

    public override double Value(double w) => (A + Math.Cos(N * w)) * _s.Value(w);

    /// <summary>
    /// (A + cos Na)s(a) − (A + cos Nb)s(b) = (A + cos Na)(s(a) − s(b)) + s(b)(cos Na − cos Nb),
    /// with cos Na − cos Nb = −2 sin(N(a+b)/2) sin(N(a−b)/2).
    /// </summary>
    public override double Difference(double a, double b)
    {
        double dc = -2 * Math.Sin(0.5 * N * (a + b)) * Math.Sin(0.5 * N * (a - b));
        return (A + Math.Cos(N * a)) * _s.Difference(a, b) + _s.Value(b) * dc;
    }

    public override bool HasAccurateDifference => true;
    public override double Scale => N > 0 ? Math.Min(1.0, Math.PI / N) : 1.0;
    public override string Describe() => $"(A + cos(Nω))·⟨ω⟩^(-M/2), M = {M}, A = {A}, N = {N}";
}

/// <summary>The Rayleigh–Jeans equilibrium <c>n(ω) = T/(ω + μ)</c>, T &gt; 0, μ ≥ 0.</summary>
public sealed class RayleighJeans : Spectrum
{
    public RayleighJeans(double temperature, double mu)
    {
        T = Require.Positive("T", temperature);
        Mu = Require.NonNegative("mu", mu);
    }

    public double T { get; }
    public double Mu { get; }

    public override double Value(double w) => T / (w + Mu);
    public override double Difference(double a, double b) => T * (b - a) / ((a + Mu) * (b + Mu));
    public override bool HasAccurateDifference => true;
    public override double Scale => Math.Max(Mu, 1e-3);
    public override string Describe() => $"Rayleigh–Jeans T/(ω+μ), T = {T}, μ = {Mu}";
}

/// <summary><c>n(ω) = a·e^{−ω/θ}</c> (a Gaussian <c>f(k) = a·e^{−|k|²/θ}</c> in k).</summary>
public sealed class ExponentialSpectrum : Spectrum
{
    public ExponentialSpectrum(double amplitude = 1.0, double theta = 1.0)
    {
        Amplitude = Require.Finite("amplitude", amplitude);
        Theta = Require.Positive("theta", theta);
    }

    public double Amplitude { get; }
    public double Theta { get; }

    public override double Value(double w) => Amplitude * Math.Exp(-w / Theta);
    public override double Difference(double a, double b) =>
        Math.Abs(a - b) <= Theta ? Value(b) * SpecialFunctions.Expm1((b - a) / Theta) : Value(a) - Value(b);
    public override bool HasAccurateDifference => true;
    public override double Scale => Theta;
    public override string Describe() => $"{Amplitude}·exp(-ω/{Theta})";
}
