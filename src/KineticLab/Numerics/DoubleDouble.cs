namespace KineticLab.Numerics;

/// <summary>
/// Double-double arithmetic: an unevaluated sum <c>Hi + Lo</c> of two doubles with |Lo| ≤ ulp(Hi)/2, about 106 bits
/// (32 decimal digits). Error-free transformations (Knuth's TwoSum, FMA-based TwoProd) as in Hida–Li–Bailey's QD
/// library. Used where a computation cancels more digits than double precision holds (the full KWE operator at
/// large ω, where gain and loss agree to 14 digits at ω = 10⁷), as an independent reference.
/// </summary>
public readonly struct DoubleDouble : IComparable<DoubleDouble>
{
    public readonly double Hi, Lo;

    public DoubleDouble(double hi, double lo = 0) { Hi = hi; Lo = lo; }

    public static readonly DoubleDouble Zero = new(0);
    public static readonly DoubleDouble One = new(1);
    /// <summary>ln 2 to double-double precision.</summary>
    public static readonly DoubleDouble Ln2 = new(6.931471805599452862e-01, 2.319046813846299558e-17);

    public static implicit operator DoubleDouble(double x) => new(x);
    public static explicit operator double(DoubleDouble x) => x.Hi + x.Lo;

    public double ToDouble() => Hi + Lo;
    public bool IsFinite => double.IsFinite(Hi);

    private static DoubleDouble QuickTwoSum(double a, double b)
    {
        double s = a + b;
        return new DoubleDouble(s, b - (s - a));
    }

    private static (double S, double E) TwoSum(double a, double b)
    {
        double s = a + b, bb = s - a;
        return (s, (a - (s - bb)) + (b - bb));
    }

    public static DoubleDouble operator +(DoubleDouble a, DoubleDouble b)
    {
        var (s, e) = TwoSum(a.Hi, b.Hi);
        var (t, f) = TwoSum(a.Lo, b.Lo);
        e += t;
        var r = QuickTwoSum(s, e);
        return QuickTwoSum(r.Hi, r.Lo + f);
    }

    public static DoubleDouble operator +(DoubleDouble a, double b)
    {
        var (s, e) = TwoSum(a.Hi, b);
        return QuickTwoSum(s, e + a.Lo);
    }

    public static DoubleDouble operator -(DoubleDouble a) => new(-a.Hi, -a.Lo);
    public static DoubleDouble operator -(DoubleDouble a, DoubleDouble b) => a + (-b);
    public static DoubleDouble operator -(DoubleDouble a, double b) => a + (-b);

    public static DoubleDouble operator *(DoubleDouble a, DoubleDouble b)
    {
        double p = a.Hi * b.Hi;
        double e = Math.FusedMultiplyAdd(a.Hi, b.Hi, -p);
        e += a.Hi * b.Lo + a.Lo * b.Hi;
        return QuickTwoSum(p, e);
    }

    public static DoubleDouble operator *(DoubleDouble a, double b)
    {
        double p = a.Hi * b;
        double e = Math.FusedMultiplyAdd(a.Hi, b, -p);
        e += a.Lo * b;
        return QuickTwoSum(p, e);
    }

    public static DoubleDouble operator /(DoubleDouble a, DoubleDouble b)
    {
        double q1 = a.Hi / b.Hi;
        var r = a - b * q1;
        double q2 = r.Hi / b.Hi;
        r -= b * q2;
        double q3 = r.Hi / b.Hi;
        var q = QuickTwoSum(q1, q2);
        return q + q3;
    }

    public static DoubleDouble operator /(DoubleDouble a, double b) => a / new DoubleDouble(b);

    public static bool operator <(DoubleDouble a, DoubleDouble b) => a.Hi < b.Hi || (a.Hi == b.Hi && a.Lo < b.Lo);
    public static bool operator >(DoubleDouble a, DoubleDouble b) => b < a;
    public static bool operator <=(DoubleDouble a, DoubleDouble b) => !(b < a);
    public static bool operator >=(DoubleDouble a, DoubleDouble b) => !(a < b);

    public int CompareTo(DoubleDouble other) => this < other ? -1 : other < this ? 1 : 0;

    public static DoubleDouble Abs(DoubleDouble a) => a.Hi < 0 ? -a : a;
    public static DoubleDouble Min(DoubleDouble a, DoubleDouble b) => a < b ? a : b;

    public static DoubleDouble Sqrt(DoubleDouble a)
    {
        if (a.Hi <= 0)
        {
            if (a.Hi == 0) return Zero;
            return new DoubleDouble(double.NaN);
        }
        double x = 1 / Math.Sqrt(a.Hi);
        double ax = a.Hi * x;
        // Karp's trick: sqrt(a) ≈ ax + (a − ax²)·x/2
        var d = a - new DoubleDouble(ax) * ax;
        return new DoubleDouble(ax) + d.Hi * x * 0.5;
    }

    /// <summary>e^a to about 1e-30 relative (argument reduction by ln 2 and 2^10, Taylor series, squaring).</summary>
    public static DoubleDouble Exp(DoubleDouble a)
    {
        if (a.Hi > 709.78) return new DoubleDouble(double.PositiveInfinity);
        if (a.Hi < -745.2) return Zero;
        if (a.Hi == 0 && a.Lo == 0) return One;
        double k = Math.Round(a.Hi / Ln2.Hi);
        var r = a - Ln2 * k;
        const double inv = 1.0 / 1024;
        r *= inv;
        // Taylor: e^r − 1 for |r| ≤ ln2/2048
        DoubleDouble term = r, sum = r;
        for (int i = 2; i <= 12; i++)
        {
            term = term * r / i;
            sum += term;
            if (Math.Abs(term.Hi) < 1e-34 * Math.Abs(sum.Hi)) break;
        }
        // (1 + s)² − 1 = 2s + s², ten times, keeps the small quantity accurate
        for (int i = 0; i < 10; i++) sum = sum * 2 + sum * sum;
        var e = sum + 1;
        return Scale(e, (int)k);
    }

    /// <summary>ln a, by Newton's iteration on e^y = a from the double logarithm (two steps).</summary>
    public static DoubleDouble Log(DoubleDouble a)
    {
        if (!(a.Hi > 0)) return new DoubleDouble(a.Hi == 0 ? double.NegativeInfinity : double.NaN);
        if (a.Hi == 1 && a.Lo == 0) return Zero;
        DoubleDouble y = Math.Log(a.Hi);
        for (int i = 0; i < 2; i++) y = y + a * Exp(-y) - 1;
        return y;
    }

    /// <summary>a^p for a &gt; 0 (exp(p ln a)); exact powers of small integers by repeated multiplication.</summary>
    public static DoubleDouble Pow(DoubleDouble a, double p)
    {
        if (p == 0) return One;
        if (p == 1) return a;
        if (a.Hi == 0) return p > 0 ? Zero : new DoubleDouble(double.PositiveInfinity);
        if (p == Math.Round(p) && Math.Abs(p) <= 16)
        {
            int n = (int)Math.Abs(p);
            DoubleDouble r = One, b = a;
            while (n > 0)
            {
                if ((n & 1) != 0) r *= b;
                b *= b;
                n >>= 1;
            }
            return p > 0 ? r : One / r;
        }
        if (2 * p == Math.Round(2 * p) && Math.Abs(p) <= 16)
            return Pow(a, p - 0.5 * Math.Sign(p)) * (p > 0 ? Sqrt(a) : One / Sqrt(a));
        return Exp(Log(a) * p);
    }

    private static DoubleDouble Scale(DoubleDouble a, int k) => new(Math.ScaleB(a.Hi, k), Math.ScaleB(a.Lo, k));

    public override string ToString() => $"{Hi:R} + {Lo:R}";
}
