using System.Globalization;
using MathNet.Numerics;

namespace KineticLab.Boltzmann.Kernels;

/// <summary>
/// Angular part of a cutoff kernel, in the family <c>b_ω(cos θ) = s |cos θ|^p</c> of the seed's
/// ω-parametrization (θ the angle between u−v and ω). The equivalent σ-parametrization kernel is
/// <c>b_σ(cos χ) = 2^{2−d} |cos θ|^{2−d} b_ω(cos θ)</c> where cos χ = σ·(u−v)/|u−v| = cos 2θ
/// (σ = 2(n·ω)ω − n, n = (u−v)/|u−v|; see docs/boltzmann-operator.md), i.e. <c>b_σ(x) = s 2^{2−d} ((1+x)/2)^{(p+2−d)/2}</c>. Special cases: the seed's <c>|cos θ|</c> (p = 1, s = 1),
/// a constant in σ form (p = d−2), and a user-given power p. The norm <c>b₁ = ‖b‖_{L¹(S^{d−1})}</c> is carried explicitly.
/// </summary>
public sealed class AngularKernel
{
    private AngularKernel(int d, double p, double s, string name)
    {
        Dimension = d; Power = p; Scale = s; Name = name;
    }

    public int Dimension { get; }
    /// <summary>The exponent p of <c>|cos θ|</c> in the ω form.</summary>
    public double Power { get; }
    /// <summary>The factor s of the ω form.</summary>
    public double Scale { get; }
    public string Name { get; }

    public const double MaxPower = 16;

    /// <summary><c>b_ω(c) = s |c|^p</c>, p ≥ 0 (p ≥ 1 is the seed's Grad cutoff <c>b ≤ C|cos θ|</c>).</summary>
    public static AngularKernel OmegaPower(int d, double p, double scale = 1, string? name = null)
    {
        RelativeSpeedKernel.CheckDimension(d);
        Require.InRange("angular power", p, 0, MaxPower, $"the power p of |cos θ|^p must be in [0, {MaxPower}]");
        Require.Positive("angular scale", scale);
        return new AngularKernel(d, p, scale, name ?? $"omega |cos θ|^{Require.Fmt(p)} × {Require.Fmt(scale)}");
    }

    /// <summary>The seed's <c>b_ω = |cos θ|</c> (b₁ = 2π in 3D, 4 in 2D).</summary>
    public static AngularKernel SeedAbsCos(int d, double scale = 1) => OmegaPower(d, 1, scale, $"omega |cos θ| × {Require.Fmt(scale)}");

    /// <summary>A constant <c>b_σ ≡ value</c> in σ form; default value 1/|S^{d−1}| so that b₁ = 1 (the BKW normalisation).</summary>
    public static AngularKernel SigmaConstant(int d, double? value = null)
    {
        RelativeSpeedKernel.CheckDimension(d);
        double v = value ?? 1.0 / SphereArea(d);
        Require.Positive("sigma constant", v);
        return new AngularKernel(d, d - 2, v * Math.Pow(2, d - 2), $"sigma constant {Require.Fmt(v)}");
    }

    /// <summary><c>b_σ = s_σ |cos θ|^q = s_σ ((1+cos χ)/2)^{q/2}</c> in σ form, i.e. ω power p = q + d − 2.</summary>
    public static AngularKernel SigmaPower(int d, double q, double scaleSigma = 1)
    {
        RelativeSpeedKernel.CheckDimension(d);
        Require.InRange("angular power", q + d - 2, 0, MaxPower, "the σ-form power q must satisfy 0 <= q + d - 2 <= 16");
        return new AngularKernel(d, q + d - 2, scaleSigma * Math.Pow(2, d - 2), $"sigma |cos θ|^{Require.Fmt(q)} × {Require.Fmt(scaleSigma)}");
    }

    /// <summary>
    /// Parses "abs-cos[:s]" (seed), "sigma-const[:value]", "cos-power:p[:s]" (ω form) or "sigma-power:q[:s]".
    /// </summary>
    public static AngularKernel Parse(int d, string text)
    {
        var t = text.Trim().ToLowerInvariant();
        var parts = t.Split(':');
        double Arg(int i, double fallback)
        {
            if (parts.Length <= i) return fallback;
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out var v) || !double.IsFinite(v))
                throw new InvalidInputException("angular", text, $"'{parts[i]}' is not a number");
            return v;
        }
        return parts[0] switch
        {
            "abs-cos" when parts.Length <= 2 => SeedAbsCos(d, Arg(1, 1)),
            "sigma-const" when parts.Length <= 2 => SigmaConstant(d, parts.Length > 1 ? Arg(1, 0) : null),
            "cos-power" when parts.Length is 2 or 3 => OmegaPower(d, Arg(1, 1), Arg(2, 1)),
            "sigma-power" when parts.Length is 2 or 3 => SigmaPower(d, Arg(1, 0), Arg(2, 1)),
            _ => throw new InvalidInputException("angular", text, "must be abs-cos[:s], sigma-const[:value], cos-power:p[:s] or sigma-power:q[:s]"),
        };
    }

    public static double SphereArea(int d) => d == 2 ? 2 * Math.PI : 4 * Math.PI;

    /// <summary><c>b_ω(c)</c>, c = cos θ = ω·(u−v)/|u−v| (even in c).</summary>
    public double Omega(double c) => Power == 0 ? Scale : Scale * Math.Pow(Math.Abs(c), Power);

    /// <summary>Exponent a of <c>b_σ(x) ∝ ((1+x)/2)^a</c>.</summary>
    public double SigmaExponent => (Power + 2 - Dimension) / 2;

    /// <summary><c>b_σ(x)</c>, x = cos χ = σ·(u−v)/|u−v|.</summary>
    public double Sigma(double x)
    {
        double a = SigmaExponent, c = Math.Pow(2, 2 - Dimension) * Scale;
        if (a == 0) return c;
        double y = Math.Max(0, (1 + x) / 2);
        return c * Math.Pow(y, a);
    }

    /// <summary>True when b_σ is constant (p = d − 2): the gain weights then do not depend on the direction of σ.</summary>
    public bool IsSigmaConstant => SigmaExponent == 0;

    /// <summary><c>b₁ = ∫_{S^{d−1}} b(n·ω) dω</c> (the same in both parametrizations).</summary>
    public double NormL1 => Dimension == 3
        ? 4 * Math.PI * Scale / (Power + 1)
        : Scale * 2 * Math.Sqrt(Math.PI) * Math.Exp(SpecialFunctions.GammaLn((Power + 1) / 2) - SpecialFunctions.GammaLn(Power / 2 + 1));

    /// <summary>
    /// The zonal moments of b_σ: d = 3, <c>λ_n = 2π ∫_{−1}^{1} b_σ(x) P_n(x) dx</c> (Legendre);
    /// d = 2, <c>β_n = ∫_0^{2π} b_σ(cos χ) cos(nχ) dχ</c> (Chebyshev). Both equal b₁ at n = 0.
    /// </summary>
    public double ZonalMoment(int n)
    {
        if (n < 0) throw new ArgumentOutOfRangeException(nameof(n));
        double p = Power, s = Scale;
        if (Dimension == 3)
        {
            double a = SigmaExponent;
            // ∫(1+x)^a P_n dx = 2^{a+1} Γ(a+1)² / (Γ(a+n+2) Γ(a−n+1)), and b_σ = (s/2) 2^{−a} (1+x)^a.
            return 2 * Math.PI * s * Math.Exp(2 * SpecialFunctions.GammaLn(a + 1) - SpecialFunctions.GammaLn(a + n + 2)) * RecipGamma(a - n + 1);
        }
        // 2 s ∫_{−π/2}^{π/2} cos^p ψ cos(2nψ) dψ = 2 s π Γ(p+1) / (2^p Γ(p/2+n+1) Γ(p/2−n+1)).
        return 2 * s * Math.PI * Math.Exp(SpecialFunctions.GammaLn(p + 1) - p * Math.Log(2) - SpecialFunctions.GammaLn(p / 2 + n + 1)) * RecipGamma(p / 2 - n + 1);
    }

    /// <summary>1/Γ(z), zero at the poles, by reflection for z ≤ 0.</summary>
    internal static double RecipGamma(double z)
    {
        if (z > 0) return Math.Exp(-SpecialFunctions.GammaLn(z));
        double r = Math.Round(z);
        if (Math.Abs(z - r) < 1e-14) return 0;
        // 1/Γ(z) = sin(πz) Γ(1−z) / π.
        return Math.Sin(Math.PI * z) * Math.Exp(SpecialFunctions.GammaLn(1 - z)) / Math.PI;
    }

    public string Describe() =>
        $"{Name}: b_ω(cos θ) = {Require.Fmt(Scale)}|cos θ|^{Require.Fmt(Power)}, b_σ(x) = {Require.Fmt(Math.Pow(2, 2 - Dimension) * Scale)}((1+x)/2)^{Require.Fmt(SigmaExponent)}, b1 = {Require.Fmt(NormL1)}";
}
