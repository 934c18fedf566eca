using KineticLab.Numerics;
using KineticLab.Numerics.Quadrature;

namespace KineticLab.WaveKinetic.Isotropic;

/// <summary>Options of <see cref="IsotropicGridOperator"/>.</summary>
/// <param name="PointsPerCell">Gauss–Legendre points per grid cell (in s = log ω) of the product rules.</param>
/// <param name="Pairing">Pair (ω2, ω3) ↔ (ω3, ω2) on [0, ω1/2]² for the full operator, as the pointwise operator does.</param>
/// <param name="ConservativeProjection">
/// For the full operator on the truncated manifold: correct the nodal values by the smallest change (weighted by |n_j|)
/// that makes the discrete waveaction and energy moments of C vanish exactly, as the continuous operator's do.
/// </param>
/// <param name="MaxThreads">Parallelism over grid nodes (−1: all cores).</param>
public sealed record GridOperatorOptions(
    int PointsPerCell = 3,
    PairingMode Pairing = PairingMode.On,
    bool ConservativeProjection = true,
    int MaxThreads = -1)
{
    public void Validate() => Require.IntInRange("points_per_cell", PointsPerCell, 1, 16);
}

/// <summary>
/// The isotropic collision operator on an <see cref="IsotropicGrid"/>: at each node ω1 = ω_i the integral over
/// (ω2, ω3) is done with fixed composite Gauss–Legendre rules whose panels are the grid cells (clipped at the
/// subdomain edges ω1/2, ω1, ω3, 2ω3 − ω1 of the pointwise operator), geometric panels below ω_min and, for the
/// power-law tail, beyond ω_max. n2 and n3 come from a table of the interpolant at the rule nodes, n4 at
/// ω4 = ω1 + ω2 − ω3 from the interpolant. Cost O(N³q²) per evaluation (q points per cell); nodes run in parallel.
/// </summary>
public sealed class IsotropicGridOperator
{
    private const int Levels = 10;           // octaves of graded panels below ω_min
    private readonly IsotropicGrid _g;
    private readonly GaussLegendre _gl;
    private readonly int _q;

    public IsotropicGridOperator(IsotropicGrid grid, double beta, GridOperatorOptions? options = null)
    {
        _g = grid;
        Beta = Require.InRange("beta", beta, 0, 2, "must be in [0, 2] (the seed's range is [0, 1])");
        Options = options ?? new GridOperatorOptions();
        Options.Validate();
        _q = Options.PointsPerCell;
        _gl = GaussLegendre.Get(_q);
        WaveactionWeights = grid.MomentWeights(0.5);
        EnergyWeights = grid.MomentWeights(1.5);
    }

    public IsotropicGrid Grid => _g;
    public double Beta { get; }
    public GridOperatorOptions Options { get; }
    /// <summary>Σ_j μ_j n_j = ∫_0^{ω_max} n √ω dω for the interpolant.</summary>
    public double[] WaveactionWeights { get; }
    /// <summary>Σ_j ν_j n_j = ∫_0^{ω_max} n ω^{3/2} dω for the interpolant.</summary>
    public double[] EnergyWeights { get; }

    /// <summary>Kernel evaluations (integrand points) of the last call.</summary>
    public long LastPointCount { get; private set; }

    /// <summary>Writes C[n], G[n] or L[n] at the grid nodes into <paramref name="result"/>.</summary>
    public void Evaluate(ReadOnlySpan<double> n, Span<double> result, CollisionPart part = CollisionPart.Full)
    {
        int N = _g.N;
        if (n.Length != N || result.Length != N) throw new ArgumentException("n and result must have the grid's length");
        var nodes = n.ToArray();
        var u = new double[N];
        _g.Weighted(nodes, u);
        double tailExp = _g.TailExponent(nodes);
        var ctx = new Shared(this, nodes, u, tailExp, part);
        var res = new double[N];
        long points = 0;
        Parallel.For(0, N, new ParallelOptions { MaxDegreeOfParallelism = Options.MaxThreads },
            () => new Worker(ctx),
            (i, _, w) => { res[i] = w.AtNode(i); return w; },
            w => Interlocked.Add(ref points, w.Points));
        LastPointCount = points;
        if (part == CollisionPart.Full && Options.ConservativeProjection && _g.Tail == GridTail.Truncated)
            Project(nodes, res);
        res.CopyTo(result);
    }

    /// <summary>
    /// Minimal correction δC = −D Aᵀ(A D Aᵀ)⁻¹ A C, D = diag(|n_j|), A = [μ; ν] (waveaction and energy weights):
    /// afterwards Σμ_j C_j = Σν_j C_j = 0 to round-off.
    /// </summary>
    private void Project(double[] n, double[] c)
    {
        var mu = WaveactionWeights;
        var nu = EnergyWeights;
        double scale = 0;
        foreach (var x in n) scale = Math.Max(scale, Math.Abs(x));
        double a11 = 0, a12 = 0, a22 = 0, r1 = 0, r2 = 0;
        for (int j = 0; j < n.Length; j++)
        {
            double d = Math.Abs(n[j]) + 1e-300 * scale;
            a11 += mu[j] * d * mu[j]; a12 += mu[j] * d * nu[j]; a22 += nu[j] * d * nu[j];
            r1 += mu[j] * c[j]; r2 += nu[j] * c[j];
        }
        double det = a11 * a22 - a12 * a12;
        if (!(Math.Abs(det) > 0)) return;
        double l1 = (a22 * r1 - a12 * r2) / det, l2 = (a11 * r2 - a12 * r1) / det;
        for (int j = 0; j < n.Length; j++) c[j] -= Math.Abs(n[j]) * (mu[j] * l1 + nu[j] * l2);
    }

    /// <summary>Data shared by the workers of one evaluation: nodal values and the table of the interpolant at rule nodes.</summary>
    private sealed class Shared
    {
        public readonly IsotropicGridOperator Op;
        public readonly double[] N, U;
        public readonly double TailExp;
        public readonly CollisionPart Part;
        /// <summary>For cell c (between nodes c and c+1) and GL index g: ω, ds-weight·ω, n, ω^β.</summary>
        public readonly double[] CellW, CellJ, CellN, CellB;

        public Shared(IsotropicGridOperator op, double[] n, double[] u, double tailExp, CollisionPart part)
        {
            Op = op; N = n; U = u; TailExp = tailExp; Part = part;
            var g = op._g;
            int q = op._q, cells = g.N - 1;
            CellW = new double[cells * q]; CellJ = new double[cells * q]; CellN = new double[cells * q]; CellB = new double[cells * q];
            for (int c = 0; c < cells; c++)
                for (int k = 0; k < q; k++)
                {
                    double s = g.S0 + g.H * (c + 0.5 + 0.5 * op._gl.Nodes[k]);
                    double w = Math.Exp(s);
                    int idx = c * q + k;
                    CellW[idx] = w;
                    CellJ[idx] = 0.5 * g.H * op._gl.Weights[k] * w;
                    CellN[idx] = g.InterpolateWeighted(u, s) / Math.Exp(g.WeightExponent * SpecialFunctions.Log1p(w));
                    CellB[idx] = op.Beta == 0 ? 1 : Math.Pow(w, op.Beta);
                }
        }

        public double NAt(double w) => Op._g.Interpolate(N, U, w, TailExp);

        public double NAt(double w, out double power) => Op._g.InterpolateWithPower(N, U, w, TailExp, Op.Beta, out power);
    }

    /// <summary>A one-dimensional rule: nodes ω, weights (dω), values n(ω) and ω^β.</summary>
    private sealed class Rule(int capacity)
    {
        public double[] W = new double[capacity], J = new double[capacity], Nv = new double[capacity], B = new double[capacity];
        public int Count;

        public void Clear() => Count = 0;

        public void Add(double w, double j, double n, double b)
        {
            if (Count == W.Length)
            {
                int cap = W.Length * 2;
                Array.Resize(ref W, cap); Array.Resize(ref J, cap); Array.Resize(ref Nv, cap); Array.Resize(ref B, cap);
            }
            W[Count] = w; J[Count] = j; Nv[Count] = n; B[Count] = b; Count++;
        }
    }

    private sealed class Worker
    {
        private readonly Shared _s;
        private readonly IsotropicGrid _g;
        private readonly GaussLegendre _gl;
        private readonly double _beta;
        private readonly Rule _outer, _inner;
        public long Points;

        public Worker(Shared s)
        {
            _s = s; _g = s.Op._g; _gl = s.Op._gl; _beta = s.Op.Beta;
            int cap = (_g.N + Levels + 64) * s.Op._q * 2;
            _outer = new Rule(cap); _inner = new Rule(cap);
        }

        private double Lambda => _g.Tail == GridTail.Truncated ? _g.OmegaMax : double.PositiveInfinity;

        public double AtNode(int i)
        {
            double w1 = _g.Omega[i], h = 0.5 * w1, lam = Lambda;
            double n1 = _s.N[i];
            double pref = IsotropicKernel.K * Math.Pow(w1, _beta - 0.5);
            bool paired = _s.Part == CollisionPart.Full && _s.Op.Options.Pairing == PairingMode.On && lam >= 1.5 * w1;
            double sum = 0;
            if (paired)
            {
                sum += Region(w1, n1, 0, h, Kind.T, lam);
                sum += Region(w1, n1, 0, h, Kind.D3a, lam);
                sum += Region(w1, n1, h, w1, Kind.D3b, lam);
            }
            else
            {
                sum += Region(w1, n1, 0, h, Kind.D21, lam);
                sum += Region(w1, n1, 0, w1, Kind.D3, lam);
            }
            sum += Region(w1, n1, h, w1, Kind.D22, lam);
            sum += Region(w1, n1, w1, lam, Kind.D1, lam);
            return pref * sum;
        }

        private enum Kind { D21, D3, D22, D1, T, D3a, D3b }

        private double Region(double w1, double n1, double lo3, double hi3, Kind kind, double lam)
        {
            Build(_outer, lo3, hi3);
            double total = 0;
            for (int a = 0; a < _outer.Count; a++)
            {
                double w3 = _outer.W[a];
                double lo2, hi2;
                double cap = Math.Min(lam, lam - w1 + w3);   // ω2, ω4 ≤ Λ
                switch (kind)
                {
                    case Kind.D21: lo2 = 0; hi2 = w3; break;
                    case Kind.T: lo2 = w3; hi2 = 0.5 * w1; break;
                    case Kind.D3: lo2 = w3; hi2 = cap; break;
                    case Kind.D3a: lo2 = 0.5 * w1; hi2 = cap; break;
                    case Kind.D3b: lo2 = w3; hi2 = cap; break;
                    case Kind.D22: lo2 = Math.Max(0, 2 * w3 - w1); hi2 = w3; break;
                    default: lo2 = 2 * w3 - w1; hi2 = cap; break;
                }
                if (!(hi2 > lo2)) continue;
                Build(_inner, lo2, hi2);
                double inner = kind == Kind.T
                    ? InnerPaired(w1, n1, w3, _outer.Nv[a], _outer.B[a])
                    : InnerPlain(w1, n1, w3, _outer.Nv[a], _outer.B[a]);
                total += _outer.J[a] * inner;
            }
            return total;
        }

        private double InnerPlain(double w1, double n1, double w3, double n3, double b3)
        {
            double acc = 0;
            var part = _s.Part;
            var lam = Lambda;
            for (int k = 0; k < _inner.Count; k++)
            {
                double w2 = _inner.W[k];
                double w4 = w1 + w2 - w3;
                if (w4 > lam) continue;
                double n2 = _inner.Nv[k], n4 = _s.NAt(w4, out double b4);
                double prod = part switch
                {
                    CollisionPart.Full => n2 * n3 * (n4 - n1) + n1 * n4 * (n3 - n2),
                    CollisionPart.Gain => n3 * n4 * (n1 + n2),
                    _ => n1 * n2 * (n3 + n4),
                };
                if (prod == 0) continue;
                acc += _inner.J[k] * prod * _inner.B[k] * b3 * b4 * Math.Sqrt(Math.Min(w1, Math.Min(w2, w3)));
            }
            Points += _inner.Count;
            return acc;
        }

        /// <summary>F(a, b) + F(b, a) with b = ω3 (outer) ≤ a = ω2 (inner) ≤ ω1/2, as in the pointwise operator.</summary>
        private double InnerPaired(double w1, double n1, double b, double nb, double bb)
        {
            double acc = 0, sb = Math.Sqrt(b);
            for (int k = 0; k < _inner.Count; k++)
            {
                double a = _inner.W[k], na = _inner.Nv[k];
                double d = a - b;
                double wp = w1 + d, wm = w1 - d;
                double np = _s.NAt(wp, out double bp), nm = _s.NAt(wm, out double bm);
                double first = na * nb * (bp * (np - n1) + bm * (nm - n1));
                double second = n1 * (nb - na) * (bp * np - bm * nm);
                acc += _inner.J[k] * _inner.B[k] * bb * sb * (first + second);
            }
            Points += _inner.Count;
            return acc;
        }

        /// <summary>The composite rule on [lo, hi]: graded octaves below ω_min, grid cells, coarse panels in the tail.</summary>
        private void Build(Rule r, double lo, double hi)
        {
            r.Clear();
            if (!(hi > lo)) return;
            double wmin = _g.OmegaMin, wmax = _g.OmegaMax;
            // [0, ω_min·2^{−Levels}] in ω (linear), then octaves up to ω_min
            if (lo < wmin)
            {
                double bottom = wmin * Math.Pow(2, -Levels);
                if (lo < bottom) AddPanelLinear(r, lo, Math.Min(hi, bottom));
                for (int l = Levels; l >= 1; l--)
                {
                    double a = wmin * Math.Pow(2, -l), b = 2 * a;
                    double pa = Math.Max(a, lo), pb = Math.Min(b, hi);
                    if (pb > pa) AddPanelLog(r, pa, pb);
                }
            }
            // grid cells
            double cl = Math.Max(lo, wmin), ch = Math.Min(hi, wmax);
            if (ch > cl)
            {
                int c0 = CellOf(cl), c1 = CellOf(ch);
                if (c1 > 0 && ch <= _g.Omega[c1]) c1--;   // ch on a node: its cell is the one below
                for (int c = c0; c <= c1 && c < _g.N - 1; c++)
                {
                    double a = _g.Omega[c], b = _g.Omega[c + 1];
                    if (cl <= a && ch >= b)
                    {
                        int q = _gl.N, baseIdx = c * q;
                        for (int k = 0; k < q; k++)
                            r.Add(_s.CellW[baseIdx + k], _s.CellJ[baseIdx + k], _s.CellN[baseIdx + k], _s.CellB[baseIdx + k]);
                    }
                    else
                    {
                        double pa = Math.Max(a, cl), pb = Math.Min(b, ch);
                        if (pb > pa) AddPanelLog(r, pa, pb);
                    }
                }
            }
            // tail beyond ω_max (power-law tail only): panels of 4 cells up to ω_max·e^{14}
            if (hi > wmax && _g.Tail == GridTail.PowerLaw)
            {
                double step = 4 * _g.H, top = Math.Min(hi, wmax * Math.Exp(14));
                double a = Math.Max(lo, wmax);
                while (a < top)
                {
                    double b = Math.Min(top, Math.Exp(Math.Log(a) + step));
                    AddPanelLog(r, a, b);
                    a = b;
                }
            }
        }

        private int CellOf(double w)
        {
            int c = (int)Math.Floor((Math.Log(w) - _g.S0) / _g.H);
            return Math.Clamp(c, 0, _g.N - 2);
        }

        private void AddPanelLog(Rule r, double a, double b)
        {
            double sa = Math.Log(a), sb = Math.Log(b), c = 0.5 * (sa + sb), h = 0.5 * (sb - sa);
            for (int k = 0; k < _gl.N; k++)
            {
                double w = Math.Exp(c + h * _gl.Nodes[k]);
                r.Add(w, h * _gl.Weights[k] * w, _s.NAt(w), _beta == 0 ? 1 : Math.Pow(w, _beta));
            }
        }

        private void AddPanelLinear(Rule r, double a, double b)
        {
            double c = 0.5 * (a + b), h = 0.5 * (b - a);
            for (int k = 0; k < _gl.N; k++)
            {
                double w = c + h * _gl.Nodes[k];
                r.Add(w, h * _gl.Weights[k], _s.NAt(w), _beta == 0 ? 1 : Math.Pow(w, _beta));
            }
        }
    }
}

/// <summary>An isotropic spectrum given by nodal values on an <see cref="IsotropicGrid"/> and its interpolant.</summary>
public sealed class GridSpectrum : Spectrum
{
    private readonly IsotropicGrid _g;
    private readonly double[] _n, _u;
    private readonly double _tail;

    public GridSpectrum(IsotropicGrid grid, ReadOnlySpan<double> values)
    {
        if (values.Length != grid.N) throw new ArgumentException("values must have the grid's length");
        _g = grid; _n = values.ToArray(); _u = new double[grid.N];
        grid.Weighted(_n, _u);
        _tail = grid.TailExponent(_n);
    }

    public override double Value(double omega) => _g.Interpolate(_n, _u, omega, _tail);
    public override string Describe() => $"interpolant on {_g.N} grid nodes in [{_g.OmegaMin:G3}, {_g.OmegaMax:G3}]";
}
