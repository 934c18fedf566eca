namespace KineticLab.Numerics.TimeStepping;

/// <summary>
/// An explicit embedded Runge–Kutta pair: stages <c>A, c</c>, solution weights <c>b</c> (order <see cref="Order"/>)
/// and embedded weights <c>bHat</c> (order <see cref="EmbeddedOrder"/>) for the error estimate.
/// </summary>
public sealed class ButcherTableau
{
    public ButcherTableau(string name, int order, int embeddedOrder, double[][] a, double[] b, double[] bHat, double[] c, bool fsal)
    {
        int s = b.Length;
        if (a.Length != s || bHat.Length != s || c.Length != s) throw new ArgumentException("inconsistent tableau sizes");
        Name = name; Order = order; EmbeddedOrder = embeddedOrder; A = a; B = b; BHat = bHat; C = c; Fsal = fsal;
        E = new double[s];
        for (int i = 0; i < s; i++) E[i] = b[i] - bHat[i];
    }

    public string Name { get; }
    public int Order { get; }
    public int EmbeddedOrder { get; }
    public int Stages => B.Length;
    public double[][] A { get; }
    public double[] B { get; }
    public double[] BHat { get; }
    /// <summary>Error weights <c>b − bHat</c>.</summary>
    public double[] E { get; }
    public double[] C { get; }
    /// <summary>First-same-as-last: the last stage is evaluated at the new solution.</summary>
    public bool Fsal { get; }

    /// <summary>Dormand–Prince 5(4) (Hairer–Nørsett–Wanner, Solving ODEs I, Table 5.2).</summary>
    public static ButcherTableau DormandPrince54 { get; } = new(
        "dopri5", 5, 4,
        [
            [],
            [1.0 / 5],
            [3.0 / 40, 9.0 / 40],
            [44.0 / 45, -56.0 / 15, 32.0 / 9],
            [19372.0 / 6561, -25360.0 / 2187, 64448.0 / 6561, -212.0 / 729],
            [9017.0 / 3168, -355.0 / 33, 46732.0 / 5247, 49.0 / 176, -5103.0 / 18656],
            [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84],
        ],
        [35.0 / 384, 0, 500.0 / 1113, 125.0 / 192, -2187.0 / 6784, 11.0 / 84, 0],
        [5179.0 / 57600, 0, 7571.0 / 16695, 393.0 / 640, -92097.0 / 339200, 187.0 / 2100, 1.0 / 40],
        [0, 1.0 / 5, 3.0 / 10, 4.0 / 5, 8.0 / 9, 1, 1],
        fsal: true);

    /// <summary>Bogacki–Shampine 3(2), the pair of MATLAB's ode23.</summary>
    public static ButcherTableau BogackiShampine32 { get; } = new(
        "bs23", 3, 2,
        [
            [],
            [1.0 / 2],
            [0, 3.0 / 4],
            [2.0 / 9, 1.0 / 3, 4.0 / 9],
        ],
        [2.0 / 9, 1.0 / 3, 4.0 / 9, 0],
        [7.0 / 24, 1.0 / 4, 1.0 / 3, 1.0 / 8],
        [0, 1.0 / 2, 3.0 / 4, 1],
        fsal: true);

    public static ButcherTableau ByName(string name) => name.ToLowerInvariant() switch
    {
        "dopri5" => DormandPrince54,
        "bs23" => BogackiShampine32,
        _ => throw new InvalidInputException("method", name, "must be one of dopri5|bs23"),
    };
}
