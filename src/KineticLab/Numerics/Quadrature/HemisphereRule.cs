namespace KineticLab.Numerics.Quadrature;

/// <summary>
/// A product rule on the unit hemisphere {σ : σ·û ≥ 0} around an axis û: Gauss–Legendre in cos α ∈ [0, 1] and the
/// trapezoidal rule in the azimuth φ at the midpoints φ_j = 2π(j + ½)/m. A point is
/// <c>σ = cos α_i û + sin α_i (cos φ_j e1 + sin φ_j e2)</c> for an orthonormal frame (û, e1, e2) and has weight
/// <see cref="Weight"/>[i] (the azimuthal weight 2π/m and the Jacobian ½ of the map to [0, 1] included), so the weights
/// sum to 2π, the area of the hemisphere. Exact for polynomials in cos α of degree 2n − 1 times trigonometric
/// polynomials in φ of degree m − 1.
/// </summary>
public sealed class HemisphereRule
{
    private HemisphereRule(double[] cos, double[] sin, double[] weight, double[] cosPhi, double[] sinPhi)
    {
        Cos = cos; Sin = sin; Weight = weight; CosPhi = cosPhi; SinPhi = sinPhi;
    }

    /// <summary>cos α_i of the polar nodes.</summary>
    public double[] Cos { get; }
    /// <summary>sin α_i = √(1 − cos² α_i).</summary>
    public double[] Sin { get; }
    /// <summary>Weight of each point of polar ring i (the same for every azimuth).</summary>
    public double[] Weight { get; }
    /// <summary>cos φ_j of the azimuthal nodes.</summary>
    public double[] CosPhi { get; }
    /// <summary>sin φ_j of the azimuthal nodes.</summary>
    public double[] SinPhi { get; }

    public int PolarCount => Cos.Length;
    public int AzimuthCount => CosPhi.Length;
    public int Count => Cos.Length * CosPhi.Length;

    /// <summary><paramref name="polarOrder"/> Gauss–Legendre nodes in cos α ∈ [0, 1] × <paramref name="azimuthPoints"/> midpoints in φ.</summary>
    public static HemisphereRule Product(int polarOrder, int azimuthPoints)
    {
        if (polarOrder < 1) throw new ArgumentOutOfRangeException(nameof(polarOrder), "at least one polar node");
        if (azimuthPoints < 1) throw new ArgumentOutOfRangeException(nameof(azimuthPoints), "at least one azimuthal node");
        var gs = GaussLegendre.Get(polarOrder);
        int nc = gs.Nodes.Length, np = azimuthPoints;
        var c = new double[nc];
        var s = new double[nc];
        var w = new double[nc];
        for (int i = 0; i < nc; i++)
        {
            c[i] = 0.5 + 0.5 * gs.Nodes[i];
            s[i] = Math.Sqrt(1 - c[i] * c[i]);
            w[i] = 0.5 * gs.Weights[i] * 2 * Math.PI / np;
        }
        var cphi = new double[np];
        var sphi = new double[np];
        for (int j = 0; j < np; j++)
        {
            cphi[j] = Math.Cos(2 * Math.PI * (j + 0.5) / np);
            sphi[j] = Math.Sin(2 * Math.PI * (j + 0.5) / np);
        }
        return new HemisphereRule(c, s, w, cphi, sphi);
    }
}
