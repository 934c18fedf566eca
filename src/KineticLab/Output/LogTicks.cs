using System.Globalization;
using System.Text;
using ScottPlot;

namespace KineticLab.Output;

/// <summary>
/// Ticks of a logarithmic axis. ScottPlot draws log axes as linear axes of log10 of the data; this generator
/// puts the labels back into data units: decades as <c>10⁻³</c>, <c>10⁰</c>, <c>10²</c> (every k-th decade when
/// they would crowd, the others as unlabelled ticks), minor ticks at 2…9 × 10ᵏ when there is room, and on an
/// axis spanning less than about one decade labels at 1, 2 and 5 × 10ᵏ (or every mantissa) so that at least
/// two values are labelled.
/// </summary>
internal sealed class LogTicks : ITickGenerator
{
    /// <param name="minLabelSpacing">Smallest distance in pixels between two labelled ticks.</param>
    public LogTicks(float minLabelSpacing) => MinLabelSpacing = minLabelSpacing;

    public float MinLabelSpacing { get; }

    public Tick[] Ticks { get; private set; } = [];

    public int MaxTickCount { get; set; } = 10_000;

    public void Regenerate(CoordinateRange range, Edge edge, PixelLength size, Paint paint, LabelStyle labelStyle)
    {
        var ticks = Compute(range.Min, range.Max, size.Length, MinLabelSpacing);
        Ticks = ticks.Select(t => t.Label is null ? Tick.Minor(t.Position) : Tick.Major(t.Position, t.Label)).ToArray();
    }

    /// <summary>One tick: position in log10 units; a null label marks a minor (unlabelled) tick.</summary>
    public readonly record struct LogTick(double Position, string? Label);

    /// <summary>
    /// Ticks for the visible range [<paramref name="lo"/>, <paramref name="hi"/>] (log10 units) drawn over
    /// <paramref name="pixels"/> pixels, labels at least <paramref name="minSpacing"/> pixels apart.
    /// </summary>
    public static List<LogTick> Compute(double lo, double hi, double pixels, double minSpacing)
    {
        var ticks = new List<LogTick>();
        if (!double.IsFinite(lo) || !double.IsFinite(hi) || hi <= lo || !(pixels > 0)) return ticks;
        const double eps = 1e-9;
        double pxPerDecade = pixels / (hi - lo);
        int first = (int)Math.Ceiling(lo - eps), last = (int)Math.Floor(hi + eps);
        if (last - first + 1 >= 2)
        {
            int k = 1;
            foreach (int step in (int[])[1, 2, 3, 4, 5, 10, 20, 25, 50, 100, 200, 500])
            {
                k = step;
                if (step * pxPerDecade >= minSpacing) break;
            }
            for (int d = first; d <= last; d++)
                ticks.Add(new LogTick(d, Mod(d, k) == 0 ? Decade(d) : null));
            if (k == 1 && pxPerDecade >= 4 * 8)
                AddMantissaMinors(ticks, lo, hi, pxPerDecade >= 8 * 8 ? [2, 3, 4, 5, 6, 7, 8, 9] : [2, 5]);
            // If the spacing left only one label (a short axis), label the smallest decade too.
            if (ticks.Count(t => t.Label != null) < 2 && k > 1)
            {
                int i = ticks.FindIndex(t => t.Label == null);
                if (i >= 0) ticks[i] = ticks[i] with { Label = Decade((int)Math.Round(ticks[i].Position)) };
            }
        }
        else
        {
            // Less than two decades visible: label mantissas (1, 2, 5 or every one) and keep the rest as minors.
            int dlo = (int)Math.Floor(lo), dhi = (int)Math.Ceiling(hi);
            double[][] choices = [[1, 2, 5], [1, 2, 3, 4, 5, 6, 7, 8, 9]];
            foreach (var mantissas in choices)
            {
                ticks.Clear();
                for (int d = dlo; d <= dhi; d++)
                    for (int m = 1; m <= 9; m++)
                    {
                        double pos = d + Math.Log10(m);
                        if (pos < lo - eps || pos > hi + eps) continue;
                        bool labelled = mantissas.Contains(m);
                        ticks.Add(new LogTick(pos, labelled ? Mantissa(m, d) : null));
                    }
                ThinLabels(ticks, pxPerDecade, minSpacing);
                if (ticks.Count(t => t.Label != null) >= 2) break;
            }
            if (ticks.Count(t => t.Label != null) < 2) LinearFallback(ticks, lo, hi, pxPerDecade, minSpacing);
        }
        return ticks;
    }

    /// <summary>
    /// For a range narrower than the gap between two mantissas (say 130 to 170): labels at round values
    /// 1, 2 or 5 × 10ᵏ apart, placed at their logarithm.
    /// </summary>
    private static void LinearFallback(List<LogTick> ticks, double lo, double hi, double pxPerDecade, double minSpacing)
    {
        double a = Math.Pow(10, lo), b = Math.Pow(10, hi);
        double raw = (b - a) / 4, mag = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        double step = raw / mag < 1.5 ? mag : raw / mag < 3.5 ? 2 * mag : raw / mag < 7.5 ? 5 * mag : 10 * mag;
        var labels = new List<LogTick>();
        for (double v = Math.Ceiling(a / step) * step; v <= b * (1 + 1e-12); v += step)
            labels.Add(new LogTick(Math.Log10(v), v.ToString("G4", CultureInfo.InvariantCulture)));
        ThinLabels(labels, pxPerDecade, minSpacing);
        ticks.RemoveAll(t => t.Label != null);
        ticks.AddRange(labels.Where(t => t.Label != null));
        ticks.Sort((x, y) => x.Position.CompareTo(y.Position));
    }

    private static void AddMantissaMinors(List<LogTick> ticks, double lo, double hi, int[] mantissas)
    {
        for (int d = (int)Math.Floor(lo); d <= (int)Math.Ceiling(hi); d++)
            foreach (int m in mantissas)
            {
                double pos = d + Math.Log10(m);
                if (pos >= lo && pos <= hi) ticks.Add(new LogTick(pos, null));
            }
        ticks.Sort((a, b) => a.Position.CompareTo(b.Position));
    }

    /// <summary>Removes labels that come closer than <paramref name="minSpacing"/> pixels to the previous label.</summary>
    private static void ThinLabels(List<LogTick> ticks, double pxPerDecade, double minSpacing)
    {
        double last = double.NegativeInfinity;
        for (int i = 0; i < ticks.Count; i++)
        {
            if (ticks[i].Label == null) continue;
            if ((ticks[i].Position - last) * pxPerDecade < minSpacing) ticks[i] = ticks[i] with { Label = null };
            else last = ticks[i].Position;
        }
    }

    private static int Mod(int a, int k) => ((a % k) + k) % k;

    /// <summary><c>10</c> with <paramref name="exponent"/> in superscript digits, e.g. <c>10⁻¹⁶</c>.</summary>
    public static string Decade(int exponent) => "10" + Superscript(exponent);

    /// <summary>A label for m × 10^d: a plain number for moderate d, else <c>m×10ᵈ</c>.</summary>
    public static string Mantissa(int m, int d)
    {
        if (m == 1) return d is >= -2 and <= 3 ? Math.Pow(10, d).ToString("0.###", CultureInfo.InvariantCulture) : Decade(d);
        if (d is >= -2 and <= 3) return (m * Math.Pow(10, d)).ToString("0.###", CultureInfo.InvariantCulture);
        return m.ToString(CultureInfo.InvariantCulture) + "×" + Decade(d);
    }

    /// <summary>An integer in Unicode superscript digits (minus sign U+207B).</summary>
    public static string Superscript(int n)
    {
        const string digits = "⁰¹²³⁴⁵⁶⁷⁸⁹";
        var sb = new StringBuilder();
        if (n < 0) sb.Append('⁻');
        foreach (char c in Math.Abs((long)n).ToString(CultureInfo.InvariantCulture)) sb.Append(digits[c - '0']);
        return sb.ToString();
    }
}
