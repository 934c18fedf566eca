using KineticLab.Numerics;
using KineticLab.Numerics.Quadrature;

namespace KineticLab.WaveKinetic.Isotropic;

/// <summary>Options of <see cref="IsotropicReference"/>.</summary>
/// <param name="Order">Gauss–Legendre points per panel in each variable.</param>
/// <param name="GradingLevels">Geometric panels (ratio 2) towards each graded end, below the feature scale.</param>
/// <param name="TailOctaves">Octaves of geometric panels beyond the last feature (the semi-infinite ranges are cut there).</param>
/// <param name="BoxSize">
/// For an oscillating datum: the box [0, X]² in (d, m) where the oscillations are resolved (panels of a quarter period);
/// outside it only a bound on the integrand's magnitude is integrated (<see cref="ReferenceValue.OutsideBound"/>).
/// Ignored for non-oscillating data.
/// </param>
public sealed record IsotropicReferenceOptions(int Order = 16, int GradingLevels = 50, int TailOctaves = 64, double BoxSize = 60);

/// <summary>A reference value of the operator.</summary>
/// <param name="Value">The operator.</param>
/// <param name="Magnitude">The integral of the magnitudes of the terms the integrand combines (its cancellation scale).</param>
/// <param name="OutsideBound">Oscillating data: a bound on |contribution| from outside the resolved box (0 otherwise).</param>
/// <param name="Points">Quadrature nodes (pairs counted once).</param>
public readonly record struct ReferenceValue(double Value, double Magnitude, double OutsideBound, long Points);

/// <summary>
/// An independent reference for the isotropic operator <c>C[n](ω1)</c> (full, gain or loss), written to share nothing
/// with <see cref="IsotropicCollisionOperator"/> but the formula of the reduction:
/// <list type="bullet">
/// <item>the form <c>C(ω1) = (K/√ω1) ∫∫_{ω3 ≤ ω4} W F dω2 dω3</c> with the symmetric weight
/// <c>W = (ω1ω2ω3ω4)^β min_i √ω_i</c>, <c>ω4 = ω1 + ω2 − ω3 ≥ 0</c>, <c>F = n2n3n4 + n1n3n4 − n1n2n3 − n1n2n4</c>
/// formed term by term (no rewriting of the bracket, no difference formulas);</item>
/// <item>other variables: <c>d = |ω2 − ω3|</c> with the branch s = sign(ω2 − ω3) (so <c>ω4 = ω1 + s·d</c>) and
/// <c>m = min(ω2, ω3)</c>, unit Jacobian; ω3 ≤ ω4 is m ≤ ω1 + d for s = +1 and m ≤ ω1 − 2d for s = −1 (where
/// min_i ω_i = m); for s = +1 the minimum has its kink at m = ω1;</item>
/// <item>fixed product Gauss–Legendre rules on panels graded geometrically towards 0 (in d and m), towards d = ω1/2
/// and split at m = ω1, ω1 + d and ω1 − 2d, with both branches evaluated at the same (d, m), so that the first-order
/// (odd in ω2 − ω3) part of the full operator cancels in their sum;</item>
/// <item>double-double arithmetic (≈ 32 digits) for every integrand value and every sum: at ω1 = 10⁷ the full operator
/// of a smooth datum is 10⁻¹⁴ of its gain, which leaves about 18 digits.</item>
/// </list>
/// Supported data: <see cref="SmoothDatum"/>, <see cref="KBracketDatum"/>, <see cref="ExponentialSpectrum"/> and
/// <see cref="OscillatingDatum"/> (whose oscillations are resolved in a box, <see cref="IsotropicReferenceOptions.BoxSize"/>).
/// Cost: about 10⁶–10⁷ pairs of double-double integrand values (seconds); for validation, not production.
/// </summary>
public static class IsotropicReference
{
    private static readonly DoubleDouble TwoPi = new(6.283185307179586232e+00, 2.449293598294706414e-16);

    /// <summary>The operator at <paramref name="omega1"/>.</summary>
    public static ReferenceValue Evaluate(Spectrum n, double beta, double omega1, CollisionPart part, IsotropicReferenceOptions? options = null,
        int maxThreads = -1)
    {
        var o = options ?? new IsotropicReferenceOptions();
        if (!(omega1 > 0) || !double.IsFinite(omega1)) throw new InvalidInputException("omega", Require.Fmt(omega1), "must be a finite number > 0");
        Require.InRange("beta", beta, 0, 2);
        var f = DdSpectrum.Of(n);
        double w = omega1;
        double feature = f.Feature;
        double box = f.Period > 0 ? o.BoxSize : double.PositiveInfinity;
        double h = f.Period > 0 ? f.Period / 4 : double.PositiveInfinity;
        var gl = GaussLegendre.Get(o.Order);

        // d-panels: (0, ω1/2] graded at both ends (d = 0: the corner; d = ω1/2: the end of the branch s = −1),
        // then [ω1/2, ∞) graded from ω1/2.
        double half = 0.5 * w;
        var dBreaks = new List<double>();
        Graded(dBreaks, 0, half, feature, o.GradingLevels, true, true, h, box);
        var dInner = Nodes(dBreaks, gl);
        var dOuter = new List<double>();
        Graded(dOuter, half, w * Math.Pow(2, o.TailOctaves) + feature * Math.Pow(2, o.TailOctaves), Math.Max(feature, 1e-300), o.GradingLevels, true, false, h, box);
        var dTail = Nodes(dOuter, gl);

        var n1 = f.Value(w);
        var acc = new DoubleDouble[dInner.X.Length + dTail.X.Length];
        var mag = new double[acc.Length];
        var outside = new double[acc.Length];
        var nodes = new long[acc.Length];
        var po = new ParallelOptions { MaxDegreeOfParallelism = maxThreads };
        Parallel.For(0, acc.Length, po, i =>
        {
            bool inner = i < dInner.X.Length;
            double d = inner ? dInner.X[i] : dTail.X[i - dInner.X.Length];
            double wd = inner ? dInner.W[i] : dTail.W[i - dInner.X.Length];
            // m-panels on [0, ω1 + d] (s = +1: ω3 ≤ ω4), graded from 0, split at the kink m = ω1 and at the end
            // m = ω1 − 2d of the branch s = −1.
            var mb = new List<double>();
            double top = w + d;
            Graded(mb, 0, top, feature, o.GradingLevels, true, false, h, box);
            mb.Add(w);
            double mEnd = w - 2 * d;
            if (inner && mEnd > 0) mb.Add(mEnd);
            var m = Nodes(mb, gl);
            DoubleDouble sum = DoubleDouble.Zero;
            double sMag = 0, sOut = 0;
            bool dInBox = d <= box;
            for (int j = 0; j < m.X.Length; j++)
            {
                double mm = m.X[j];
                bool inBox = dInBox && mm <= box;
                var (v, mg) = Integrand(f, beta, w, n1, d, mm, +1, part, inBox);
                if (inner && mm < mEnd)
                {
                    var (v2, mg2) = Integrand(f, beta, w, n1, d, mm, -1, part, inBox);
                    v += v2; mg += mg2;
                }
                if (inBox) { sum += v * m.W[j]; sMag += mg * m.W[j]; }
                else sOut += mg * m.W[j];
            }
            acc[i] = sum * wd;
            mag[i] = sMag * wd;
            outside[i] = sOut * wd;
            nodes[i] = m.X.Length;
        });
        DoubleDouble total = DoubleDouble.Zero;
        double totalMag = 0, totalOut = 0;
        long points = 0;
        for (int i = 0; i < acc.Length; i++) { total += acc[i]; totalMag += mag[i]; totalOut += outside[i]; points += nodes[i]; }
        double c = IsotropicKernel.K / Math.Sqrt(w);
        return new ReferenceValue((total * c).ToDouble(), totalMag * c, totalOut * c, points);
    }

    /// <summary>W·F at (d, m) on the branch s = ±1 (ω2 − ω3 = s·d, ω3 ≤ ω4 assumed), in double-double; the magnitude Σ|W·term|.</summary>
    private static (DoubleDouble Value, double Magnitude) Integrand(DdSpectrum f, double beta, double w, DoubleDouble n1, double d, double m,
        int s, CollisionPart part, bool exact)
    {
        DoubleDouble md = new DoubleDouble(m) + d;           // exact
        DoubleDouble w4 = new DoubleDouble(w) + s * d;        // exact
        if (w4.Hi <= 0) return (DoubleDouble.Zero, 0);
        DoubleDouble w2 = s > 0 ? md : new DoubleDouble(m), w3 = s > 0 ? new DoubleDouble(m) : md;
        double min = Math.Min(Math.Min(w, m), w4.Hi);
        if (!exact)
        {
            // magnitude bound only: envelopes of |n| in double
            double e1 = f.Envelope(w), e2 = f.Envelope(w2.Hi), e3 = f.Envelope(w3.Hi), e4 = f.Envelope(w4.Hi);
            double wt = Math.Pow(w * w2.Hi * w3.Hi * w4.Hi, beta) * Math.Sqrt(min);
            double t = part switch
            {
                CollisionPart.Gain => e2 * e3 * e4 + e1 * e3 * e4,
                CollisionPart.Loss => e1 * e2 * e3 + e1 * e2 * e4,
                _ => e2 * e3 * e4 + e1 * e3 * e4 + e1 * e2 * e3 + e1 * e2 * e4,
            };
            return (DoubleDouble.Zero, wt * t);
        }
        var n2 = f.Value(w2);
        var n3 = f.Value(w3);
        var n4 = f.Value(w4);
        DoubleDouble weight = beta == 0 ? DoubleDouble.One : DoubleDouble.Pow(w2 * w3 * w4 * w, beta);
        DoubleDouble mn = min == m ? new DoubleDouble(m) : min == w ? new DoubleDouble(w) : w4;
        weight *= DoubleDouble.Sqrt(mn);
        DoubleDouble t234 = n2 * n3 * n4, t134 = n1 * n3 * n4, t123 = n1 * n2 * n3, t124 = n1 * n2 * n4;
        DoubleDouble val = part switch
        {
            CollisionPart.Gain => t234 + t134,
            CollisionPart.Loss => t123 + t124,
            _ => (t234 + t134) - (t123 + t124),
        };
        double mg = weight.Hi * (Math.Abs(t234.Hi) + Math.Abs(t134.Hi) + (part == CollisionPart.Gain ? 0 : Math.Abs(t123.Hi) + Math.Abs(t124.Hi)));
        if (part == CollisionPart.Loss) mg = weight.Hi * (Math.Abs(t123.Hi) + Math.Abs(t124.Hi));
        return (weight * val, mg);
    }

    /// <summary>
    /// Breakpoints of [a, b]: geometric (ratio 2) from a and/or b starting <paramref name="levels"/> octaves below
    /// <paramref name="scale"/>, and uniform ones of width <paramref name="hmax"/> within <paramref name="box"/> of either end.
    /// </summary>
    private static void Graded(List<double> pts, double a, double b, double scale, int levels, bool fromA, bool fromB, double hmax, double box)
    {
        pts.Add(a); pts.Add(b);
        double mid = 0.5 * (a + b);
        if (fromA)
            for (double x = scale * Math.Pow(2, -levels); a + x < (fromB ? mid : b); x *= 2) pts.Add(a + x);
        if (fromB)
            for (double x = scale * Math.Pow(2, -levels); b - x > mid; x *= 2) pts.Add(b - x);
        if (double.IsFinite(hmax))
        {
            double lim = Math.Min(b, box);
            for (double x = a + hmax; x < lim; x += hmax) pts.Add(x);
        }
    }

    private readonly record struct Rule(double[] X, double[] W);

    private static Rule Nodes(List<double> breaks, GaussLegendre gl)
    {
        breaks.Sort();
        var x = new List<double>();
        var wt = new List<double>();
        for (int i = 0; i + 1 < breaks.Count; i++)
        {
            double a = breaks[i], b = breaks[i + 1];
            if (!(b > a)) continue;
            double c = 0.5 * (a + b), h = 0.5 * (b - a);
            for (int k = 0; k < gl.N; k++)
            {
                double xx = c + h * gl.Nodes[k];
                if (!(xx > a && xx < b)) continue;
                x.Add(xx);
                wt.Add(h * gl.Weights[k]);
            }
        }
        return new Rule(x.ToArray(), wt.ToArray());
    }

    /// <summary>A spectrum evaluated in double-double arithmetic.</summary>
    private abstract class DdSpectrum
    {
        public abstract DoubleDouble Value(DoubleDouble x);
        /// <summary>A bound on |n(x)|.</summary>
        public virtual double Envelope(double x) => Math.Abs(Value(x).Hi);
        /// <summary>The scale of the features (where grading stops).</summary>
        public virtual double Feature => 1;
        /// <summary>Period of an oscillation (0: none).</summary>
        public virtual double Period => 0;

        public static DdSpectrum Of(Spectrum n) => n switch
        {
            SmoothDatum s => new Smooth(s.M, s.Amplitude),
            KBracketDatum k => new KBracket(k.M),
            ExponentialSpectrum e => new Exponential(e.Amplitude, e.Theta),
            OscillatingDatum o => new Oscillating(o.M, o.A, o.N),
            _ => throw new InvalidInputException("datum", n.Describe(), "the double-double reference supports the smooth, kbracket, exponential and oscillating data"),
        };
    }

    private sealed class Smooth(double m, double amplitude) : DdSpectrum
    {
        public override DoubleDouble Value(DoubleDouble x) => DoubleDouble.Pow(x * x + 1, -0.25 * m) * amplitude;
    }

    private sealed class KBracket(double m) : DdSpectrum
    {
        public override DoubleDouble Value(DoubleDouble x) => DoubleDouble.Pow(x + 1, -0.5 * m);
    }

    private sealed class Exponential(double amplitude, double theta) : DdSpectrum
    {
        public override DoubleDouble Value(DoubleDouble x) => DoubleDouble.Exp(-x / theta) * amplitude;
        public override double Feature => theta;
    }

    private sealed class Oscillating(double m, double a, double n) : DdSpectrum
    {
        private readonly Smooth _s = new(m, 1);

        public override DoubleDouble Value(DoubleDouble x)
        {
            // cos(Nx) with the argument reduced modulo 2π in double-double
            var arg = x * n;
            double k = Math.Round(arg.Hi / TwoPi.Hi);
            var r = arg - TwoPi * k;
            DoubleDouble c = new DoubleDouble(Math.Cos(r.Hi)) - Math.Sin(r.Hi) * r.Lo;
            return (c + a) * _s.Value(x);
        }

        public override double Envelope(double x) => (Math.Abs(a) + 1) * _s.Value(x).Hi;
        public override double Feature => Math.Min(1, Math.PI / n);
        public override double Period => n > 0 ? 2 * Math.PI / n : 0;
    }
}
