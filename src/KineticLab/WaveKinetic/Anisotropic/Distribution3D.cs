using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.WaveKinetic.Anisotropic;

/// <summary>A wave distribution f(k) on R³ given as a callable (analytic data, isotropic lifts, grid interpolants).</summary>
public abstract class Distribution3D
{
    /// <summary>f(k).</summary>
    public abstract double Value(Vec3 k);

    /// <summary>Typical length scale in k of the variation (sets the radial panels of the quadrature).</summary>
    public virtual double Scale => 1.0;

    /// <summary>A radius beyond which f is negligible relative to its bulk (sets the start of the mapped tail).</summary>
    public virtual double Extent => 16 * Scale;

    /// <summary>Short description used in reports.</summary>
    public abstract string Describe();

    /// <summary>From a delegate.</summary>
    public static Distribution3D FromFunction(Func<Vec3, double> f, string description, double scale = 1.0, double? extent = null) =>
        new FunctionDistribution(f, description, scale, extent ?? 16 * scale);

    private sealed class FunctionDistribution(Func<Vec3, double> f, string d, double scale, double extent) : Distribution3D
    {
        public override double Value(Vec3 k) => f(k);
        public override double Scale => scale;
        public override double Extent => extent;
        public override string Describe() => d;
    }
}

/// <summary>The isotropic lift f(k) = n(|k|²) of a spectrum (used for the cross-check with the isotropic operator).</summary>
public sealed class RadialDistribution(Spectrum n) : Distribution3D
{
    public Spectrum Spectrum { get; } = n;
    public override double Value(Vec3 k) => Spectrum.Value(k.Norm2);
    public override double Scale => Math.Sqrt(Spectrum.Scale);
    public override string Describe() => $"n(|k|²), n = {Spectrum.Describe()}";
}

/// <summary>The smooth datum f(k) = ⟨|k|²⟩^{−M/2} = (1 + |k|⁴)^{−M/4} of the isotropic lab (times an amplitude).</summary>
public sealed class SmoothDatum3D : Distribution3D
{
    public SmoothDatum3D(double m, double amplitude = 1)
    {
        M = Require.Positive("M", m);
        Amplitude = Require.Finite("amplitude", amplitude);
    }

    public double M { get; }
    public double Amplitude { get; }
    public override double Value(Vec3 k)
    {
        double w = k.Norm2;
        return Amplitude * Math.Exp(-0.25 * M * Math.Log(1 + w * w));
    }
    public override double Extent => 8;
    public override string Describe() => $"{(Amplitude == 1 ? "" : Amplitude.ToString("G6", System.Globalization.CultureInfo.InvariantCulture) + "·")}(1+|k|⁴)^(-M/4), M = {M}";
}

/// <summary>One Gaussian bump a·exp(−|k − c|²/(2w²)).</summary>
public readonly record struct GaussianBump(double Amplitude, Vec3 Center, double Width);

/// <summary>
/// A sum of Gaussian bumps (shifted Gaussians) plus an optional smooth background b·(1+|k|⁴)^{−M/4}: anisotropic data.
/// </summary>
public sealed class BumpDistribution : Distribution3D
{
    private readonly GaussianBump[] _bumps;
    private readonly double[] _inv2w2;

    public BumpDistribution(IReadOnlyList<GaussianBump> bumps, double backgroundAmplitude = 0, double backgroundM = 12)
    {
        if (bumps.Count == 0 && backgroundAmplitude == 0) throw new InvalidInputException("bumps", "[]", "needs at least one bump or a background");
        _bumps = bumps.ToArray();
        _inv2w2 = new double[_bumps.Length];
        for (int i = 0; i < _bumps.Length; i++)
        {
            var b = _bumps[i];
            Require.Finite($"bumps[{i}].amplitude", b.Amplitude);
            Require.InRange($"bumps[{i}].width", b.Width, 1e-3, 1e3);
            Require.Finite($"bumps[{i}].center", b.Center.X + b.Center.Y + b.Center.Z);
            _inv2w2[i] = 0.5 / (b.Width * b.Width);
        }
        BackgroundAmplitude = Require.Finite("background", backgroundAmplitude);
        BackgroundM = Require.Positive("background_M", backgroundM);
    }

    public IReadOnlyList<GaussianBump> Bumps => _bumps;
    public double BackgroundAmplitude { get; }
    public double BackgroundM { get; }

    public override double Value(Vec3 k)
    {
        double s = 0;
        for (int i = 0; i < _bumps.Length; i++)
        {
            double r2 = (k - _bumps[i].Center).Norm2 * _inv2w2[i];
            if (r2 < 700) s += _bumps[i].Amplitude * Math.Exp(-r2);
        }
        if (BackgroundAmplitude != 0)
        {
            double w = k.Norm2;
            s += BackgroundAmplitude * Math.Exp(-0.25 * BackgroundM * Math.Log(1 + w * w));
        }
        return s;
    }

    public override double Scale => _bumps.Length == 0 ? 1 : Math.Min(1, _bumps.Min(b => b.Width));

    public override double Extent
    {
        get
        {
            double e = BackgroundAmplitude != 0 ? 8 : 0;
            foreach (var b in _bumps) e = Math.Max(e, b.Center.Norm + 9 * b.Width);
            return e;
        }
    }

    public override string Describe()
    {
        var ic = System.Globalization.CultureInfo.InvariantCulture;
        var parts = _bumps.Select(b => string.Format(ic, "{0:G4}·exp(-|k-{1}|²/(2·{2:G4}²))", b.Amplitude, b.Center, b.Width)).ToList();
        if (BackgroundAmplitude != 0) parts.Add(string.Format(ic, "{0:G4}·(1+|k|⁴)^(-{1:G4}/4)", BackgroundAmplitude, BackgroundM));
        return string.Join(" + ", parts);
    }
}

/// <summary>The Rayleigh–Jeans equilibrium f(k) = T/(|k|² + μ) (annihilated by the full operator).</summary>
public sealed class RayleighJeans3D : Distribution3D
{
    public RayleighJeans3D(double temperature, double mu)
    {
        T = Require.Positive("T", temperature);
        Mu = Require.Positive("mu", mu);
    }

    public double T { get; }
    public double Mu { get; }
    public override double Value(Vec3 k) => T / (k.Norm2 + Mu);
    public override double Scale => Math.Sqrt(Mu);
    public override string Describe() => FormattableString.Invariant($"T/(|k|²+μ), T = {T:G6}, μ = {Mu:G6}");
}
