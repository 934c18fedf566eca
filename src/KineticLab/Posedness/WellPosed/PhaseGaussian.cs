using System.Numerics;

namespace KineticLab.Posedness.WellPosed;

/// <summary>
/// A complex Gaussian φ(z) = exp(−½ zᵀA z) on the phase space z = (x, ξ) ∈ R^d × R^d (A complex symmetric 2d×2d,
/// Re A positive definite), evolved by the free transport in the dispersive form of the seed,
/// U(t) = e^{it∇_ξ·∇_x} (the Fourier multiplier e^{−itη·ζ}, (η, ζ) dual to (x, ξ); (1.8), (B.3)). Gaussians stay Gaussians:
/// <code>
/// U(t)φ(z) = det(I + itAJ)^{−1/2} exp(−½ zᵀB_t z),   B_t = (A⁻¹ + itJ)⁻¹,   J = [[0, I], [I, 0]],
/// ‖U(t)φ‖_p = |det(I + itAJ)|^{−1/2} (2π/p)^{d/p} det(Re B_t)^{−1/(2p)},   ‖U(t)φ‖_∞ = |det(I + itAJ)|^{−1/2}.
/// </code>
/// (The Fourier transform of φ is (2π)^d det(A)^{−1/2} exp(−½ wᵀA⁻¹w); the multiplier adds itJ to A⁻¹.)
/// The kernel of U(t) is (2π|t|)^{−d} e^{ix·ξ/t}, so ‖U(t)φ‖_∞ ≤ (2π|t|)^{−d}‖φ‖_1 with the sharp constant (2π)^{−d}.
/// </summary>
public sealed class PhaseGaussian
{
    private readonly Complex[] _a, _ainv;
    private readonly Complex _detA;
    private readonly double _detReA;

    /// <param name="d">Dimension of x (and of ξ).</param>
    /// <param name="a">A, 2d×2d row-major, complex symmetric with Re A positive definite.</param>
    public PhaseGaussian(int d, Complex[] a)
    {
        if (d < 1 || d > 4) throw new ArgumentOutOfRangeException(nameof(d));
        int n = 2 * d;
        if (a.Length != n * n) throw new ArgumentException("A must be 2d×2d");
        D = d;
        _a = new Complex[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) _a[i * n + j] = 0.5 * (a[i * n + j] + a[j * n + i]);
        var re = new double[n * n];
        for (int i = 0; i < n * n; i++) re[i] = _a[i].Real;
        if (!SmallMatrix.IsPositiveDefinite(re, n)) throw new ArgumentException("Re A must be positive definite");
        _detReA = SmallMatrix.Det(re, n);
        _detA = SmallMatrix.Det(_a, n);
        _ainv = new Complex[n * n];
        SmallMatrix.Inverse(_a, n, _ainv);
    }

    public int D { get; }
    public ReadOnlySpan<Complex> A => _a;

    /// <summary>The product Gaussian exp(−|x|²/(2a²) − |ξ|²/(2b²)).</summary>
    public static PhaseGaussian Product(int d, double a, double b)
    {
        int n = 2 * d;
        var m = new Complex[n * n];
        for (int i = 0; i < d; i++) { m[i * n + i] = 1 / (a * a); m[(d + i) * n + d + i] = 1 / (b * b); }
        return new PhaseGaussian(d, m);
    }

    /// <summary>φ(λz): A → λ²A.</summary>
    public PhaseGaussian Dilate(double lambda)
    {
        var m = _a.Select(c => c * lambda * lambda).ToArray();
        return new PhaseGaussian(D, m);
    }

    /// <summary>φ(λx, μξ): the blocks scale by λ², λμ, μ².</summary>
    public PhaseGaussian Dilate(double lambda, double mu)
    {
        int n = 2 * D;
        var m = new Complex[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                m[i * n + j] = _a[i * n + j] * (i < D ? lambda : mu) * (j < D ? lambda : mu);
        return new PhaseGaussian(D, m);
    }

    /// <summary>‖φ‖_p at t = 0 (p ≥ 1; p = ∞ gives 1).</summary>
    public double NormAtZero(double p) => double.IsPositiveInfinity(p) ? 1 : Math.Pow(2 * Math.PI / p, D / p) * Math.Pow(_detReA, -0.5 / p);

    /// <summary>‖φ‖_2 = π^{d/2} det(Re A)^{−1/4}.</summary>
    public double L2 => NormAtZero(2);

    /// <summary>‖φ‖_1 = (2π)^d det(Re A)^{−1/2}.</summary>
    public double L1 => NormAtZero(1);

    /// <summary>det(Re A)^{−1/(4d)}: a time scale of the dispersion (1/√(αβ) for the product Gaussian).</summary>
    public double TimeScale => Math.Pow(_detReA, -1.0 / (2 * D));

    /// <summary>ln|det(I + itAJ)| and det(Re B_t) at time t.</summary>
    public (double LogAbsDet, double DetReB) State(double t)
    {
        int n = 2 * D;
        Span<Complex> m = stackalloc Complex[n * n];
        _ainv.CopyTo(m);
        var it = new Complex(0, t);
        for (int i = 0; i < D; i++) { m[i * n + D + i] += it; m[(D + i) * n + i] += it; }
        var detM = SmallMatrix.Det(m, n);
        Span<Complex> b = stackalloc Complex[n * n];
        SmallMatrix.Inverse(m, n, b);
        Span<double> reb = stackalloc double[n * n];
        for (int i = 0; i < n * n; i++) reb[i] = 0.5 * (b[i].Real + b[(i % n) * n + i / n].Real);
        return (Math.Log(_detA.Magnitude) + Math.Log(detM.Magnitude), SmallMatrix.Det(reb, n));
    }

    /// <summary>‖U(t)φ‖_p (p ≥ 1, or ∞).</summary>
    public double Norm(double t, double p)
    {
        var (ld, db) = State(t);
        if (double.IsPositiveInfinity(p)) return Math.Exp(-0.5 * ld);
        return Math.Exp(-0.5 * ld + D / p * Math.Log(2 * Math.PI / p) - 0.5 / p * Math.Log(db));
    }

    /// <summary>Dispersive ratio (2π|t|)^d ‖U(t)φ‖_∞ / ‖φ‖_1 (≤ 1, the sharp constant of (B.4) being (2π)^{−d}).</summary>
    public double DispersiveRatio(double t) => Math.Exp(D * Math.Log(2 * Math.PI * Math.Abs(t)) - 0.5 * State(t).LogAbsDet) / L1;
}
