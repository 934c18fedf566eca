using System.Globalization;

namespace KineticLab.Output;

/// <summary>A tick on a plot axis, at position <see cref="T"/> in axis coordinates (log10 of the value on log axes).</summary>
/// <param name="T">Axis coordinate.</param>
/// <param name="Major">Major ticks are longer and get a grid line.</param>
/// <param name="Label">Tick label (for decades the base <c>10</c>), or null for an unlabelled tick.</param>
/// <param name="Exponent">Superscript written after <see cref="Label"/> (decade ticks), or null.</param>
internal readonly record struct AxisTick(double T, bool Major, string? Label, string? Exponent);

/// <summary>
/// One axis of a plot: the visible range in axis coordinates (the value on linear axes, its log10 on log
/// axes), the mapping to pixels, and the tick positions and labels.
/// </summary>
internal sealed class PlotAxis
{
    /// <summary>Largest magnitude used on linear axes, so that spans never overflow.</summary>
    private const double MaxLinear = 1e300;

    /// <summary>Largest pixel coordinate emitted: far-away points are pulled in (and clipped afterwards).</summary>
    private const double MaxPixel = 1e9;

    private const int MaxTicks = 8;

    private double _p0, _p1;

    private PlotAxis(Scale scale, double a, double b)
    {
        Scale = scale;
        A = a;
        B = b;
    }

    public Scale Scale { get; }

    /// <summary>Low end of the visible range, in axis coordinates.</summary>
    public double A { get; }

    /// <summary>High end of the visible range, in axis coordinates.</summary>
    public double B { get; }

    /// <summary>True if <paramref name="v"/> can be drawn on an axis of this scale (finite, and positive on log axes).</summary>
    public static bool Accepts(Scale scale, double v) => double.IsFinite(v) && (scale == Scale.Linear || v > 0);

    public bool Accepts(double v) => Accepts(Scale, v);

    /// <summary>Sets the pixel positions of the low and high ends of the range.</summary>
    public void SetPixels(double low, double high)
    {
        _p0 = low;
        _p1 = high;
    }

    /// <summary>Pixel position of a value (which must satisfy <see cref="Accepts(double)"/>).</summary>
    public double Pixel(double v) => PixelT(Scale == Scale.Log ? Math.Log10(v) : v);

    /// <summary>Pixel position of an axis coordinate.</summary>
    public double PixelT(double t)
    {
        double p = _p0 + (t - A) / (B - A) * (_p1 - _p0);
        return double.IsNaN(p) ? _p0 : Math.Clamp(p, -MaxPixel, MaxPixel);
    }

    /// <summary>
    /// The visible range from the data extent (NaN when there are no data) and the user's limits
    /// (null, or unusable values such as non-positive limits on log axes, mean automatic).
    /// Zero or inverted ranges are expanded; automatic ends of linear axes get a 4% margin.
    /// </summary>
    public static PlotAxis Resolve(Scale scale, double dataMin, double dataMax, double? userMin, double? userMax)
    {
        bool log = scale == Scale.Log;
        double? uLo = userMin is double m0 && Accepts(scale, m0) ? ToAxis(scale, m0) : null;
        double? uHi = userMax is double m1 && Accepts(scale, m1) ? ToAxis(scale, m1) : null;
        double dLo = double.NaN, dHi = double.NaN;
        if (Accepts(scale, dataMin) && Accepts(scale, dataMax))
        {
            dLo = ToAxis(scale, Math.Min(dataMin, dataMax));
            dHi = ToAxis(scale, Math.Max(dataMin, dataMax));
        }

        bool autoLo = uLo is null, autoHi = uHi is null;
        double lo = uLo ?? dLo, hi = uHi ?? dHi;
        if (!autoLo && !autoHi && lo > hi) (lo, hi) = (hi, lo);
        // An automatic end on the wrong side of a fixed one is dropped.
        if (autoHi && !autoLo && !(hi > lo)) hi = double.NaN;
        if (autoLo && !autoHi && !(lo < hi)) lo = double.NaN;

        if (double.IsNaN(lo) && double.IsNaN(hi)) { lo = 0; hi = 1; }
        else if (double.IsNaN(lo)) lo = hi - 2 * Delta(log, hi);
        else if (double.IsNaN(hi)) hi = lo + 2 * Delta(log, lo);

        double scaleRef = log ? Math.Max(1, Math.Max(Math.Abs(lo), Math.Abs(hi))) : Math.Max(Math.Abs(lo), Math.Abs(hi));
        if (hi - lo <= 1e-12 * scaleRef)
        {
            if (autoHi && !autoLo) hi = lo + 2 * Delta(log, lo);
            else if (autoLo && !autoHi) lo = hi - 2 * Delta(log, hi);
            else
            {
                double c = 0.5 * (lo + hi), d = Delta(log, c);
                lo = c - d;
                hi = c + d;
            }
        }

        if (!log)
        {
            double span = hi - lo;
            if (autoLo) lo -= 0.04 * span;
            if (autoHi) hi += 0.04 * span;
        }
        return new PlotAxis(scale, lo, hi);
    }

    /// <summary>Ticks for an axis <paramref name="pixelLength"/> pixels long, sorted by position.</summary>
    public List<AxisTick> Ticks(double pixelLength) =>
        Scale == Scale.Log ? LogTicks(A, B, pixelLength) : LinearTicks(A, B, t => t);

    private static double ToAxis(Scale scale, double v) =>
        scale == Scale.Log ? Math.Log10(v) : Math.Clamp(v, -MaxLinear, MaxLinear);

    /// <summary>Half-width used to open up a zero range around <paramref name="v"/>: a decade on log axes, 10% on linear ones.</summary>
    private static double Delta(bool log, double v) => log ? 1 : (v == 0 ? 1 : 0.1 * Math.Abs(v));

    /// <summary>
    /// "Nice" ticks over the values [lo, hi]: steps of 1, 2 or 5 × 10^e, the finest giving at most
    /// <see cref="MaxTicks"/> ticks; <paramref name="toAxis"/> maps a value to its axis coordinate.
    /// </summary>
    private static List<AxisTick> LinearTicks(double lo, double hi, Func<double, double> toAxis)
    {
        var ticks = new List<AxisTick>();
        double span = hi - lo;
        if (!(span > 0) || !double.IsFinite(span)) return ticks;

        int e = (int)Math.Floor(Math.Log10(span / 10));
        int[] factors = [1, 2, 5];
        int f = 1;
        double kLo = 0, kHi = 0;
        for (int attempt = 0; attempt < 60; attempt++)
        {
            f = factors[attempt % 3];
            int ee = e + attempt / 3;
            double step = StepValue(f, ee, 1);
            kLo = Math.Ceiling(lo / step - 1e-9);
            kHi = Math.Floor(hi / step + 1e-9);
            if (kHi - kLo + 1 <= MaxTicks) { e = ee; break; }
        }

        double maxAbs = Math.Max(Math.Abs(StepValue(f, e, kLo)), Math.Abs(StepValue(f, e, kHi)));
        bool scientific = maxAbs >= 1e6 || maxAbs < 1e-3;
        int sig = maxAbs > 0 ? Math.Clamp((int)Math.Floor(Math.Log10(maxAbs)) - e + 1, 1, 15) : 1;
        for (double k = kLo; k <= kHi; k++)
        {
            double v = StepValue(f, e, k);
            if (v == 0) v = 0; // no "-0"
            string label = scientific ? (v == 0 ? "0" : Scientific(v, sig))
                : v.ToString("F" + Math.Max(0, -e).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
            ticks.Add(new AxisTick(toAxis(v), true, label, null));
        }
        return ticks;
    }

    /// <summary><c>k · f · 10^e</c>, computed so that e.g. 3 × 0.1 gives the double nearest to 0.3.</summary>
    private static double StepValue(int f, int e, double k) =>
        e >= 0 ? k * f * Math.Pow(10, e) : k * f / Math.Pow(10, -e);

    private static List<AxisTick> LogTicks(double a, double b, double pixelLength)
    {
        var ticks = new List<AxisTick>();
        const double eps = 1e-9;
        double kLo = Math.Ceiling(a - eps), kHi = Math.Floor(b + eps);
        double decades = kHi - kLo + 1;
        double pxPerDecade = pixelLength / (b - a);

        if (b - a >= 1 - eps && decades >= 2)
        {
            double stride = 1;
            foreach (double s in new double[] { 1, 2, 3, 5, 10, 20, 25, 50, 100 })
            {
                stride = s;
                if (Math.Floor(kHi / s) - Math.Ceiling(kLo / s) + 1 <= MaxTicks) break;
            }
            if (Math.Floor(kHi / stride) - Math.Ceiling(kLo / stride) + 1 > MaxTicks)
                stride = Math.Ceiling(decades / MaxTicks);

            bool decadeMinors = stride > 1 && pxPerDecade >= 3;
            bool subMinors = stride == 1 && pxPerDecade >= 24;
            for (double k = Math.Floor(a); k <= kHi; k++)
            {
                if (k >= a - eps)
                {
                    if (Mod(k, stride) == 0)
                        ticks.Add(new AxisTick(k, true, "10", ((long)k).ToString(CultureInfo.InvariantCulture)));
                    else if (decadeMinors)
                        ticks.Add(new AxisTick(k, false, null, null));
                }
                if (subMinors)
                    for (int m = 2; m <= 9; m++)
                    {
                        double t = k + Math.Log10(m);
                        if (t >= a - eps && t <= b + eps) ticks.Add(new AxisTick(t, false, null, null));
                    }
            }
            ticks.Sort((x, y) => x.T.CompareTo(y.T));
            return ticks;
        }

        // Less than a decade (or only one decade tick): labelled ticks at 1, 2, 5 × 10^k, minor ticks between;
        // if that labels fewer than three, every m × 10^k is labelled (overlapping labels are thinned later).
        foreach (bool all in new[] { false, true })
        {
            ticks.Clear();
            int labelled = 0;
            for (double k = Math.Floor(a) - 1; k <= Math.Ceiling(b); k++)
                for (int m = 1; m <= 9; m++)
                {
                    double t = k + Math.Log10(m);
                    if (t < a - eps || t > b + eps) continue;
                    bool major = all || m is 1 or 2 or 5;
                    if (major) labelled++;
                    ticks.Add(major ? new AxisTick(t, true, Plain(m, (int)k), null) : new AxisTick(t, false, null, null));
                }
            if (labelled >= 3 || (all && labelled >= 2)) return ticks;
        }

        // A very narrow range: ordinary linear ticks, placed on the log scale.
        return LinearTicks(Math.Pow(10, a), Math.Pow(10, b), Math.Log10)
            .Where(t => double.IsFinite(t.T)).ToList();
    }

    private static double Mod(double k, double n) => ((k % n) + n) % n;

    /// <summary><c>m × 10^k</c> written out plainly for moderate k (<c>0.002</c>, <c>500</c>), else as <c>2e-7</c>.</summary>
    private static string Plain(int m, int k)
    {
        string digit = m.ToString(CultureInfo.InvariantCulture);
        if (k >= 0 && k <= 5) return digit + new string('0', k);
        if (k < 0 && k >= -4) return "0." + new string('0', -k - 1) + digit;
        return digit + "e" + k.ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>Compact scientific notation with <paramref name="sig"/> significant digits: <c>1.2e6</c>, <c>-5e-4</c>.</summary>
    private static string Scientific(double v, int sig)
    {
        string s = v.ToString("E" + (sig - 1).ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
        int ePos = s.IndexOf('E');
        string mantissa = s[..ePos];
        if (mantissa.Contains('.')) mantissa = mantissa.TrimEnd('0').TrimEnd('.');
        int exponent = int.Parse(s.AsSpan(ePos + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        return mantissa + "e" + exponent.ToString(CultureInfo.InvariantCulture);
    }
}
