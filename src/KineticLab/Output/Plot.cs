using ScottPlot;

namespace KineticLab.Output;

/// <summary>
/// A 2-D line/scatter plot drawn by ScottPlot: title, axis labels, linear or log axes (log axes are labelled
/// in decades, <c>10⁻³</c>), series with optional markers, dashes and error bars, dotted labelled reference
/// lines and a legend outside the data area. Written as SVG (<see cref="ToSvg"/>) and PNG
/// (<see cref="ToPng"/>); the same plot gives the same bytes, and degenerate data (no series, all-NaN data,
/// one point, zero range) gives an empty or minimal figure instead of an error.
/// </summary>
public sealed class Plot : IFigure
{
    public string Title { get; set; } = "";
    public string XLabel { get; set; } = "";
    public string YLabel { get; set; } = "";
    public Scale XScale { get; set; } = Scale.Linear;
    public Scale YScale { get; set; } = Scale.Linear;

    /// <summary>Lower x limit; null: automatic from the data (with a small margin).</summary>
    public double? XMin { get; set; }

    /// <summary>Upper x limit; null: automatic.</summary>
    public double? XMax { get; set; }

    /// <summary>Lower y limit; null: automatic.</summary>
    public double? YMin { get; set; }

    /// <summary>Upper y limit; null: automatic.</summary>
    public double? YMax { get; set; }

    /// <summary>
    /// Where the legend goes. It is always outside the data area, to the right of it, so it never covers data:
    /// the Top… positions align it with the top of the data area, the Bottom… ones with the bottom;
    /// <see cref="LegendPosition.None"/> leaves it out. It is omitted anyway when no series has a name.
    /// </summary>
    public LegendPosition LegendPosition { get; set; } = LegendPosition.TopRight;

    public List<Series> Series { get; } = new();

    /// <summary>Vertical reference lines (dotted, labelled), e.g. a critical exponent. Included in automatic ranges.</summary>
    public List<(double X, string Label)> VerticalLines { get; } = new();

    /// <summary>Horizontal reference lines (dotted, labelled). Included in automatic ranges.</summary>
    public List<(double Y, string Label)> HorizontalLines { get; } = new();

    public int DefaultWidth => 840;

    public int DefaultHeight => 480;

    /// <summary>Adds a series and returns this plot (for chaining).</summary>
    public Plot Add(Series s)
    {
        ArgumentNullException.ThrowIfNull(s);
        Series.Add(s);
        return this;
    }

    /// <summary>Renders the plot as an SVG document of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Width below 100 or height below 80.</exception>
    public string ToSvg(int width = 840, int height = 480)
    {
        CheckSize(width, height);
        return FigureStyle.Svg(Build(width, height), width, height, Title);
    }

    /// <summary>Renders the plot as a PNG image of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Width below 100 or height below 80.</exception>
    public byte[] ToPng(int width = 840, int height = 480)
    {
        CheckSize(width, height);
        return FigureStyle.Png(Build(width, height), width, height);
    }

    internal static void CheckSize(int width, int height)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 80);
    }

    /// <summary>The ScottPlot plot for this figure (log axes hold log10 of the data).</summary>
    internal ScottPlot.Plot Build(int width, int height)
    {
        var xa = new AxisMap(XScale);
        var ya = new AxisMap(YScale);

        // Ranges over what will be drawn: points, error bar ends, reference lines.
        var xr = new Extent();
        var yr = new Extent();
        bool anyPoint = false;
        foreach (var s in Series)
            for (int i = 0; i < s.X.Length; i++)
            {
                double x = s.X[i], y = s.Y[i];
                if (!xa.Accepts(x) || !ya.Accepts(y)) continue;
                anyPoint = true;
                xr.Add(xa.F(x));
                yr.Add(ya.F(y));
                if (s.YError is { } err && double.IsFinite(err[i]))
                {
                    double e = Math.Abs(err[i]);
                    if (ya.Accepts(y + e)) yr.Add(ya.F(y + e));
                    if (ya.Accepts(y - e)) yr.Add(ya.F(y - e));
                }
            }
        foreach (var (x, _) in VerticalLines) if (xa.Accepts(x)) xr.Add(xa.F(x));
        foreach (var (y, _) in HorizontalLines) if (ya.Accepts(y)) yr.Add(ya.F(y));
        var (x0, x1) = xa.Limits(xr, XMin, XMax);
        var (y0, y1) = ya.Limits(yr, YMin, YMax);

        var p = FigureStyle.NewPlot();
        var legend = new List<LegendEntry>();
        int next = 0;
        foreach (var s in Series)
        {
            var color = FigureStyle.ParseColor(s.Color, ScottPlot.Color.FromHex(Palette.Color(next)));
            if (s.Color is null) next++;
            AddSeries(p, s, color, xa, ya, y0, y1);
            if (!string.IsNullOrWhiteSpace(s.Name))
                legend.Add(new LegendEntry(s.Name, color, s.Line || !s.Markers, s.Dashed ? Dashes.Dashed : null, s.Markers));
        }
        AddReferenceLines(p, VerticalLines, HorizontalLines, xa, ya, x0, x1, y0, y1, width);

        p.Axes.SetLimits(x0, x1, y0, y1);
        if (XScale == Scale.Log) p.Axes.Bottom.TickGenerator = new LogTicks(minLabelSpacing: 56);
        if (YScale == Scale.Log) p.Axes.Left.TickGenerator = new LogTicks(minLabelSpacing: 24);
        if (!string.IsNullOrWhiteSpace(XLabel)) p.XLabel(XLabel);
        if (!string.IsNullOrWhiteSpace(YLabel)) p.YLabel(YLabel);
        FigureStyle.SetTitle(p, Title, width);
        if (!anyPoint)
        {
            var t = p.Add.Text("no data", 0.5 * (x0 + x1), 0.5 * (y0 + y1));
            t.LabelFontSize = FigureStyle.LabelSize;
            t.LabelFontColor = ScottPlot.Color.FromHex("#888888");
            t.LabelAlignment = Alignment.MiddleCenter;
        }
        if (LegendPosition != LegendPosition.None && legend.Count > 0)
            FigureStyle.LegendOutside(p, legend, top: LegendPosition is LegendPosition.TopLeft or LegendPosition.TopRight);
        return p;
    }

    internal static void AddSeries(ScottPlot.Plot p, Series s, ScottPlot.Color color, AxisMap xa, AxisMap ya, double yLo, double yHi)
    {
        // Points that cannot be drawn (non-finite, non-positive on a log axis) break the line.
        var xs = new List<double>();
        var ys = new List<double>();
        void Flush()
        {
            if (xs.Count == 0) return;
            bool isolated = xs.Count == 1 && !s.Markers && s.Line;
            if (s.Line && xs.Count > 1)
                p.Add.Plottable(new PolylinePlottable(xs.ToArray(), ys.ToArray(), color, 1.75f, s.Dashed ? Dashes.Dashed : null));
            if (s.Markers || isolated)
            {
                var m = p.Add.Markers(xs.ToArray(), ys.ToArray(), MarkerShape.FilledCircle, s.Markers ? 6 : 4, color);
                m.MarkerLineWidth = 0;
            }
            xs.Clear();
            ys.Clear();
        }
        for (int i = 0; i < s.X.Length; i++)
        {
            if (!xa.Accepts(s.X[i]) || !ya.Accepts(s.Y[i])) { Flush(); continue; }
            xs.Add(xa.F(s.X[i]));
            ys.Add(ya.F(s.Y[i]));
        }
        Flush();

        if (s.YError is { } err)
        {
            var ex = new List<double>();
            var ey = new List<double>();
            var up = new List<double>();
            var down = new List<double>();
            for (int i = 0; i < s.X.Length; i++)
            {
                double x = s.X[i], y = s.Y[i], e = err[i];
                if (!xa.Accepts(x) || !ya.Accepts(y) || !double.IsFinite(e)) continue;
                e = Math.Abs(e);
                double fy = ya.F(y);
                ex.Add(xa.F(x));
                ey.Add(fy);
                up.Add(ya.Accepts(y + e) ? ya.F(y + e) - fy : yHi - fy);
                // On a log axis a bar reaching zero or below goes to the bottom edge.
                down.Add(ya.Accepts(y - e) ? fy - ya.F(y - e) : fy - yLo + 1);
            }
            if (ex.Count > 0)
            {
                var eb = new ScottPlot.Plottables.ErrorBar(ex, ey, null, null, up, down)
                {
                    Color = color, LineWidth = 1, CapSize = 3,
                };
                p.Add.Plottable(eb);
            }
        }
    }

    internal static void AddReferenceLines(ScottPlot.Plot p, List<(double X, string Label)> verticalLines, List<(double Y, string Label)> horizontalLines,
        AxisMap xa, AxisMap ya, double x0, double x1, double y0, double y1, int width)
    {
        var vertical = new List<(double X, string Label)>();
        foreach (var (x, label) in verticalLines)
        {
            if (!xa.Accepts(x)) continue;
            double fx = xa.F(x);
            if (fx < x0 || fx > x1) continue;
            p.Add.Plottable(FigureStyle.ReferenceLine([fx, fx], [y0, y1]));
            if (!string.IsNullOrWhiteSpace(label)) vertical.Add((fx, label));
        }
        var horizontal = new List<(double Y, string Label)>();
        foreach (var (y, label) in horizontalLines)
        {
            if (!ya.Accepts(y)) continue;
            double fy = ya.F(y);
            if (fy < y0 || fy > y1) continue;
            p.Add.Plottable(FigureStyle.ReferenceLine([x0, x1], [fy, fy]));
            if (!string.IsNullOrWhiteSpace(label)) horizontal.Add((fy, label));
        }
        FigureStyle.ReferenceLabels(p, vertical, horizontal, x0, x1, y0, y1, width);
    }
}

/// <summary>Linear or log10 mapping of one axis, and its automatic limits.</summary>
internal readonly record struct AxisMap(Scale Scale)
{
    public bool Accepts(double v) => double.IsFinite(v) && (Scale != Scale.Log || v > 0);

    public double F(double v) => Scale == Scale.Log ? Math.Log10(v) : v;

    /// <summary>Axis limits (in mapped units) from the data extent and the optional fixed limits.</summary>
    public (double Lo, double Hi) Limits(Extent data, double? min, double? max)
    {
        double lo = min is { } a && Accepts(a) ? F(a) : double.NaN;
        double hi = max is { } b && Accepts(b) ? F(b) : double.NaN;
        bool fixedLo = !double.IsNaN(lo), fixedHi = !double.IsNaN(hi);
        if (!fixedLo) lo = data.Min;
        if (!fixedHi) hi = data.Max;
        if (double.IsNaN(lo) && double.IsNaN(hi)) (lo, hi) = (0, 1);
        else if (double.IsNaN(lo)) lo = hi - 1;
        else if (double.IsNaN(hi)) hi = lo + 1;
        if (hi < lo) (lo, hi) = (hi, lo);
        if (hi == lo)
        {
            double pad = Scale == Scale.Log ? 0.5 : lo != 0 ? 0.1 * Math.Abs(lo) : 1;
            return (lo - pad, hi + pad);
        }
        double margin = 0.04 * (hi - lo);
        if (!fixedLo) lo -= margin;
        if (!fixedHi) hi += margin;
        return (lo, hi);
    }
}

/// <summary>Running minimum and maximum (NaN while empty).</summary>
internal sealed class Extent
{
    public double Min { get; private set; } = double.NaN;
    public double Max { get; private set; } = double.NaN;

    public void Add(double v)
    {
        if (double.IsNaN(v)) return;
        if (double.IsNaN(Min) || v < Min) Min = v;
        if (double.IsNaN(Max) || v > Max) Max = v;
    }
}
