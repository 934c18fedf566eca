using System.Numerics;
using KineticLab.Numerics.Fft;
using KineticLab.Numerics.Norms;

namespace KineticLab.Posedness.WellPosed;

/// <summary>
/// One block (x_i, ξ_i) ∈ R² of a tensor datum for the dispersive form of free transport: the physical block h(y, v)
/// (y, v ∈ R, supported in |y| ≤ R_y, |v| ≤ R_v) and its v-Fourier transform ψ(x, ξ) = ∫ e^{iξv} h(x, v) dv, evolved by
/// U₁(t) = e^{it∂_ξ∂_x} ⇔ h(x − tv, v). A tensor datum φ = ⊗_i ψ_i (a product of bumps, or the seed's needle
/// K(y)I(v) = [χ(|y_∥|/N₂)χ(10|v_∥ − N₂|/N₂)] ⊗ [χ(M|y⊥|)χ(M|v⊥|)] in d = 2) has U(t)φ = ⊗_i U₁(t)ψ_i, so
/// ‖U(t)φ‖_p = Π_i ‖U₁(t)ψ_i‖_{L^p(R²)}: the 2d-dimensional norms reduce to 2-dimensional quadratures.
/// <para>
/// Quadrature (no closed form): composite Gauss–Legendre in x over the support |x| ≤ R_y + |t|R_v; for each x the
/// transform in ξ by an FFT of a compactly supported function sampled on a padded uniform grid (trapezoidal rule,
/// spectrally accurate), and ∫dξ|·|^p by the trapezoidal rule on the FFT frequencies. Two equivalent forms, chosen by
/// which one resolves the integrand with the fewer points: small |t| (|t| ≤ ℓ_y/ℓ_v), ψ_t(x, ξ) = ∫ e^{iξv} h(x − tv, v) dv
/// over |v| ≤ R_v; large |t|, v = (x − y)/t, ψ_t(x, ξ) = |t|^{−1} ∫ e^{iξ(x−y)/t} h(y, (x − y)/t) dy over |y| ≤ R_y.
/// </para>
/// </summary>
public sealed class TransportBlock
{
    private readonly Func<double, double, double> _h;
    private readonly int _n;
    private readonly double _pad;
    private readonly int _xPanels, _xOrder;

    /// <param name="h">The physical block h(y, v).</param>
    /// <param name="ry">Support half-width in y.</param>
    /// <param name="rv">Support half-width in v.</param>
    /// <param name="scaleY">Length scale of h in y (smallest feature), which sets the switch time scaleY/scaleV.</param>
    /// <param name="scaleV">Length scale of h in v.</param>
    /// <param name="fftSize">FFT length per x node (power of 2).</param>
    /// <param name="pad">Box length over the window length (≥ 2 so that ∫|·|² on the frequency grid is exact).</param>
    /// <param name="xPanels">Gauss–Legendre panels in x.</param>
    /// <param name="xOrder">Nodes per x panel.</param>
    public TransportBlock(Func<double, double, double> h, double ry, double rv, double scaleY, double scaleV,
        int fftSize = 512, double pad = 4, int xPanels = 24, int xOrder = 8)
    {
        _h = h; Ry = ry; Rv = rv; ScaleY = scaleY; ScaleV = scaleV;
        _n = fftSize; _pad = pad; _xPanels = xPanels; _xOrder = xOrder;
    }

    public double Ry { get; }
    public double Rv { get; }
    public double ScaleY { get; }
    public double ScaleV { get; }

    /// <summary>The time scale ℓ_y/ℓ_v of the block's dispersion.</summary>
    public double TimeScale => ScaleY / ScaleV;

    /// <summary>The bump block χ(|y|/a)χ(|v|/b).</summary>
    public static TransportBlock Bump(double a, double b, int fftSize = 512, double pad = 4) =>
        new((y, v) => RockAndNeedles.Bump.Chi(y / a) * RockAndNeedles.Bump.Chi(v / b), 2 * a, 2 * b, a, b, fftSize, pad);

    /// <summary>The Gaussian block exp(−y²/(2a²) − v²/(2b²)) truncated at 9 standard deviations (for the closed-form checks).</summary>
    public static TransportBlock Gaussian(double a, double b, int fftSize = 512, double pad = 4) =>
        new((y, v) => Math.Exp(-0.5 * (y * y / (a * a) + v * v / (b * b))), 9 * a, 9 * b, a, b, fftSize, pad);

    /// <summary>
    /// ‖U₁(t)ψ‖_{L^p(R²)} (p ≥ 1) and sup |U₁(t)ψ| (over the quadrature nodes in x and the FFT frequencies in ξ).
    /// </summary>
    public (double NormP, double Sup) Norms(double t, double p)
    {
        double at = Math.Abs(t);
        bool large = at > TimeScale;
        double xr = Ry + at * Rv;
        var (xq, wq) = RadialFourier.Composite(-xr, xr, _xPanels, _xOrder, []);
        // x = 0 with weight 0: the supremum of symmetric data sits there
        var xs = xq.Append(0.0).ToArray();
        var xw = wq.Append(0.0).ToArray();
        double win = large ? Ry : Rv;
        double box = _pad * 2 * win, hs = box / _n, dk = 2 * Math.PI / box;
        double sumP = 0, sup = 0;
        object gate = new();
        using var fft = Fft.Create([_n], FftPlanning.Estimate);
        Parallel.For(0, xs.Length, () => (new Complex[_n], new Complex[_n], 0.0, 0.0), (i, _, loc) =>
        {
            var (inp, outp, sp, sm) = loc;
            double x = xs[i];
            for (int j = 0; j < _n; j++)
            {
                double s = -box / 2 + j * hs;
                double val = 0;
                if (Math.Abs(s) <= win)
                    val = large ? _h(s, (x - s) / t) : _h(x - t * s, s);
                inp[j] = val;
            }
            fft.Forward(inp, outp);
            double acc = 0, mx = 0;
            for (int k = 0; k < _n; k++)
            {
                double m = outp[k].Magnitude * hs;            // |∫ e^{−iks} g(s) ds| (the sign of the phase does not matter for |·|)
                mx = Math.Max(mx, m);
                acc += Math.Pow(m, p);
            }
            acc *= dk;
            // small t: ∫dξ|ψ|^p = acc (ξ = k); large t: ψ = t^{−1}·(transform at k = ξ/t), dξ = |t| dk
            if (large) { acc *= Math.Pow(at, 1 - p); mx /= at; }
            return (inp, outp, sp + xw[i] * acc, Math.Max(sm, mx));
        }, loc => { lock (gate) { sumP += loc.Item3; sup = Math.Max(sup, loc.Item4); } });
        return (Math.Pow(sumP, 1 / p), sup);
    }

    /// <summary>‖U₁(t)ψ‖_p.</summary>
    public double Norm(double t, double p) => Norms(t, p).NormP;

    /// <summary>‖ψ‖_{L¹(R²)} (the right side of the dispersive bound), from the FFT at t = 0.</summary>
    public double L1AtZero() => Norm(0, 1);
}
