using System.Security.Cryptography;
using System.Text;

namespace KineticLab.Output;

/// <summary>
/// A 2-D line/scatter plot rendered as a standalone SVG 1.1 document (no plotting library): title, axis
/// labels, linear or log axes with ticks, labels and light grid lines, series clipped to the plot area,
/// optional markers and error bars, dotted reference lines and a legend. Rendering is deterministic
/// (same plot → same bytes) and never fails on degenerate data (no series, all-NaN data, one point,
/// zero range).
/// </summary>
public sealed class Plot
{
    private const string FontFamily = "DejaVu Sans, Helvetica, Arial, sans-serif";
    private const double TitleSize = 16, LabelSize = 13, TickSize = 11, LegendSize = 12;
    private const double MajorTick = 5, MinorTick = 3, MarkerRadius = 3;
    private const string ClipPlaceholder = "@@clip-id@@";

    public string Title { get; set; } = "";
    public string XLabel { get; set; } = "";
    public string YLabel { get; set; } = "";
    public Scale XScale { get; set; } = Scale.Linear;
    public Scale YScale { get; set; } = Scale.Linear;

    /// <summary>Lower x limit; null: automatic from the data (with a small margin on linear axes).</summary>
    public double? XMin { get; set; }

    /// <summary>Upper x limit; null: automatic.</summary>
    public double? XMax { get; set; }

    /// <summary>Lower y limit; null: automatic.</summary>
    public double? YMin { get; set; }

    /// <summary>Upper y limit; null: automatic.</summary>
    public double? YMax { get; set; }

    /// <summary>Where the legend goes; it is omitted anyway when no series has a name.</summary>
    public LegendPosition LegendPosition { get; set; } = LegendPosition.TopRight;

    public List<Series> Series { get; } = new();

    /// <summary>Vertical reference lines (dotted, labelled), e.g. a critical exponent. Included in automatic ranges.</summary>
    public List<(double X, string Label)> VerticalLines { get; } = new();

    /// <summary>Horizontal reference lines (dotted, labelled). Included in automatic ranges.</summary>
    public List<(double Y, string Label)> HorizontalLines { get; } = new();

    /// <summary>Adds a series and returns this plot (for chaining).</summary>
    public Plot Add(Series s)
    {
        ArgumentNullException.ThrowIfNull(s);
        Series.Add(s);
        return this;
    }

    /// <summary>Renders the plot as an SVG document of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    /// <exception cref="ArgumentOutOfRangeException">Width below 100 or height below 80.</exception>
    public string ToSvg(int width = 720, int height = 480)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(width, 100);
        ArgumentOutOfRangeException.ThrowIfLessThan(height, 80);

        // Data extents over the points that will actually be drawn.
        var xr = new Extent();
        var yr = new Extent();
        bool anyPoint = false;
        foreach (var s in Series)
            for (int i = 0; i < s.X.Length; i++)
            {
                double x = s.X[i], y = s.Y[i];
                if (!PlotAxis.Accepts(XScale, x) || !PlotAxis.Accepts(YScale, y)) continue;
                anyPoint = true;
                xr.Add(x);
                yr.Add(y);
                if (s.YError is { } err && double.IsFinite(err[i]))
                {
                    double e = Math.Abs(err[i]);
                    if (PlotAxis.Accepts(YScale, y + e)) yr.Add(y + e);
                    if (PlotAxis.Accepts(YScale, y - e)) yr.Add(y - e);
                }
            }
        foreach (var (x, _) in VerticalLines) if (PlotAxis.Accepts(XScale, x)) xr.Add(x);
        foreach (var (y, _) in HorizontalLines) if (PlotAxis.Accepts(YScale, y)) yr.Add(y);

        // Layout: the y tick labels decide the left margin.
        bool hasTitle = !string.IsNullOrWhiteSpace(Title);
        bool hasXLabel = !string.IsNullOrWhiteSpace(XLabel);
        bool hasYLabel = !string.IsNullOrWhiteSpace(YLabel);
        double top = hasTitle ? 42 : 16;
        double bottom = height - (34 + (hasXLabel ? 20 : 0));
        if (bottom - top < 20) bottom = top + 20;

        var yAxis = PlotAxis.Resolve(YScale, yr.Min, yr.Max, YMin, YMax);
        yAxis.SetPixels(bottom, top);
        var yTicks = Thin(yAxis.Ticks(bottom - top), yAxis, horizontal: false);
        double yLabelWidth = 0;
        foreach (var t in yTicks) if (t.Label != null) yLabelWidth = Math.Max(yLabelWidth, LabelWidth(t));

        double left = 10 + (hasYLabel ? 20 : 0) + yLabelWidth + MajorTick + 4;
        double right = width - 28;
        if (right - left < 20) right = left + 20;
        var xAxis = PlotAxis.Resolve(XScale, xr.Min, xr.Max, XMin, XMax);
        xAxis.SetPixels(left, right);
        var xTicks = Thin(xAxis.Ticks(right - left), xAxis, horizontal: true);

        var area = new Area(left, top, right, bottom);
        var sb = new StringBuilder();
        sb.Append("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"no\"?>\n");
        sb.Append($"<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\" font-family=\"{FontFamily}\" font-size=\"{N(TickSize)}\">\n");
        if (hasTitle) sb.Append("<title>").Append(Esc(Title)).Append("</title>\n");
        sb.Append($"<defs><clipPath id=\"{ClipPlaceholder}\"><rect x=\"{N(left)}\" y=\"{N(top)}\" width=\"{N(right - left)}\" height=\"{N(bottom - top)}\"/></clipPath></defs>\n");
        sb.Append($"<rect class=\"background\" x=\"0\" y=\"0\" width=\"{width}\" height=\"{height}\" fill=\"white\"/>\n");

        AppendGrid(sb, area, xAxis, xTicks, yAxis, yTicks);
        sb.Append($"<g class=\"plot-area\" clip-path=\"url(#{ClipPlaceholder})\">\n");
        AppendReferenceLines(sb, area, xAxis, yAxis);
        var colors = AppendSeries(sb, area, xAxis, yAxis);
        sb.Append("</g>\n");
        AppendReferenceLabels(sb, area, xAxis, yAxis);
        sb.Append($"<rect class=\"frame\" x=\"{N(left)}\" y=\"{N(top)}\" width=\"{N(right - left)}\" height=\"{N(bottom - top)}\" fill=\"none\" stroke=\"#333333\" stroke-width=\"1\"/>\n");
        AppendTicks(sb, area, xAxis, xTicks, yAxis, yTicks);

        double midX = 0.5 * (left + right), midY = 0.5 * (top + bottom);
        if (hasTitle)
            sb.Append($"<text class=\"title\" x=\"{N(midX)}\" y=\"26\" text-anchor=\"middle\" font-size=\"{N(TitleSize)}\" font-weight=\"bold\" fill=\"#111111\">{Esc(Title)}</text>\n");
        if (hasXLabel)
            sb.Append($"<text class=\"axis-label x\" x=\"{N(midX)}\" y=\"{N(height - 10)}\" text-anchor=\"middle\" font-size=\"{N(LabelSize)}\" fill=\"#111111\">{Esc(XLabel)}</text>\n");
        if (hasYLabel)
            sb.Append($"<text class=\"axis-label y\" x=\"16\" y=\"{N(midY)}\" text-anchor=\"middle\" font-size=\"{N(LabelSize)}\" fill=\"#111111\" transform=\"rotate(-90 16 {N(midY)})\">{Esc(YLabel)}</text>\n");
        if (!anyPoint)
            sb.Append($"<text class=\"no-data\" x=\"{N(midX)}\" y=\"{N(midY)}\" text-anchor=\"middle\" font-size=\"{N(LabelSize)}\" fill=\"#888888\">no data</text>\n");
        AppendLegend(sb, area, colors);
        sb.Append("</svg>\n");

        // A content-derived clip id keeps ids distinct when several plots are inlined in one HTML page.
        string body = sb.ToString();
        string id = "plot-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..12];
        return body.Replace(ClipPlaceholder, id, StringComparison.Ordinal);
    }

    // ---- pieces ------------------------------------------------------------------------------------

    private static void AppendGrid(StringBuilder sb, Area a, PlotAxis x, List<AxisTick> xt, PlotAxis y, List<AxisTick> yt)
    {
        sb.Append("<g class=\"grid\" stroke=\"#e5e5e5\" stroke-width=\"1\">\n");
        foreach (var t in xt)
            if (t.Major)
            {
                string px = N(x.PixelT(t.T));
                sb.Append($"<line x1=\"{px}\" y1=\"{N(a.Top)}\" x2=\"{px}\" y2=\"{N(a.Bottom)}\"/>\n");
            }
        foreach (var t in yt)
            if (t.Major)
            {
                string py = N(y.PixelT(t.T));
                sb.Append($"<line x1=\"{N(a.Left)}\" y1=\"{py}\" x2=\"{N(a.Right)}\" y2=\"{py}\"/>\n");
            }
        sb.Append("</g>\n");
    }

    private static void AppendTicks(StringBuilder sb, Area a, PlotAxis x, List<AxisTick> xt, PlotAxis y, List<AxisTick> yt)
    {
        sb.Append("<g class=\"ticks\" stroke=\"#333333\" stroke-width=\"1\">\n");
        foreach (var t in xt)
        {
            string px = N(x.PixelT(t.T));
            sb.Append($"<line x1=\"{px}\" y1=\"{N(a.Bottom)}\" x2=\"{px}\" y2=\"{N(a.Bottom + (t.Major ? MajorTick : MinorTick))}\"/>\n");
        }
        foreach (var t in yt)
        {
            string py = N(y.PixelT(t.T));
            sb.Append($"<line x1=\"{N(a.Left)}\" y1=\"{py}\" x2=\"{N(a.Left - (t.Major ? MajorTick : MinorTick))}\" y2=\"{py}\"/>\n");
        }
        sb.Append("</g>\n");

        sb.Append("<g class=\"tick-labels x\" text-anchor=\"middle\" fill=\"#222222\">\n");
        foreach (var t in xt)
            if (t.Label != null)
                sb.Append($"<text x=\"{N(x.PixelT(t.T))}\" y=\"{N(a.Bottom + MajorTick + 14)}\">{TickText(t)}</text>\n");
        sb.Append("</g>\n");
        sb.Append("<g class=\"tick-labels y\" text-anchor=\"end\" fill=\"#222222\">\n");
        foreach (var t in yt)
            if (t.Label != null)
                sb.Append($"<text x=\"{N(a.Left - MajorTick - 3)}\" y=\"{N(y.PixelT(t.T) + 0.35 * TickSize)}\">{TickText(t)}</text>\n");
        sb.Append("</g>\n");
    }

    private static string TickText(AxisTick t) =>
        t.Exponent == null
            ? Esc(t.Label)
            : $"{Esc(t.Label)}<tspan baseline-shift=\"super\" font-size=\"{N(0.75 * TickSize)}\">{Esc(t.Exponent)}</tspan>";

    private static double LabelWidth(AxisTick t) =>
        SvgText.Width(t.Label ?? "", TickSize) + (t.Exponent == null ? 0 : SvgText.Width(t.Exponent, 0.75 * TickSize));

    /// <summary>Drops every other label (then two of three, ...) when labels would overlap.</summary>
    private static List<AxisTick> Thin(List<AxisTick> ticks, PlotAxis axis, bool horizontal)
    {
        var labelled = new List<int>();
        for (int i = 0; i < ticks.Count; i++) if (ticks[i].Label != null) labelled.Add(i);
        if (labelled.Count < 2) return ticks;

        double minGap = double.PositiveInfinity, maxWidth = 0;
        for (int j = 0; j < labelled.Count; j++)
        {
            maxWidth = Math.Max(maxWidth, LabelWidth(ticks[labelled[j]]));
            if (j > 0)
                minGap = Math.Min(minGap, Math.Abs(axis.PixelT(ticks[labelled[j]].T) - axis.PixelT(ticks[labelled[j - 1]].T)));
        }
        double need = horizontal ? maxWidth + 8 : TickSize + 3;
        int n = 1;
        while (n < labelled.Count && minGap * n < need) n++;
        if (n == 1) return ticks;

        var result = new List<AxisTick>(ticks);
        for (int j = 0; j < labelled.Count; j++)
            if (j % n != 0) result[labelled[j]] = result[labelled[j]] with { Label = null, Exponent = null };
        return result;
    }

    private void AppendReferenceLines(StringBuilder sb, Area a, PlotAxis x, PlotAxis y)
    {
        // Lines only (clipped); the labels are drawn outside the clipped group.
        foreach (var (px, _) in VisibleVertical(a, x))
            sb.Append($"<line class=\"reference\" x1=\"{N(px)}\" y1=\"{N(a.Top)}\" x2=\"{N(px)}\" y2=\"{N(a.Bottom)}\" stroke=\"#555555\" stroke-width=\"1\" stroke-dasharray=\"2 3\"/>\n");
        foreach (var (py, _) in VisibleHorizontal(a, y))
            sb.Append($"<line class=\"reference\" x1=\"{N(a.Left)}\" y1=\"{N(py)}\" x2=\"{N(a.Right)}\" y2=\"{N(py)}\" stroke=\"#555555\" stroke-width=\"1\" stroke-dasharray=\"2 3\"/>\n");
    }

    private void AppendReferenceLabels(StringBuilder sb, Area a, PlotAxis x, PlotAxis y)
    {
        var v = VisibleVertical(a, x);
        var h = VisibleHorizontal(a, y);
        if (v.Count == 0 && h.Count == 0) return;
        sb.Append("<g class=\"reference-labels\" fill=\"#333333\">\n");
        for (int i = 0; i < v.Count; i++)
        {
            var (px, label) = v[i];
            if (string.IsNullOrWhiteSpace(label)) continue;
            bool flip = px > a.Left + 0.75 * (a.Right - a.Left);
            double ty = a.Top + 14 + 14 * (i % 3);
            sb.Append($"<text x=\"{N(flip ? px - 4 : px + 4)}\" y=\"{N(ty)}\" text-anchor=\"{(flip ? "end" : "start")}\">{Esc(label)}</text>\n");
        }
        for (int i = 0; i < h.Count; i++)
        {
            var (py, label) = h[i];
            if (string.IsNullOrWhiteSpace(label)) continue;
            bool below = py < a.Top + 16;
            sb.Append($"<text x=\"{N(a.Left + 6)}\" y=\"{N(below ? py + 13 : py - 4)}\" text-anchor=\"start\">{Esc(label)}</text>\n");
        }
        sb.Append("</g>\n");
    }

    private List<(double Px, string Label)> VisibleVertical(Area a, PlotAxis x)
    {
        var list = new List<(double, string)>();
        foreach (var (vx, label) in VerticalLines)
        {
            if (!x.Accepts(vx)) continue;
            double px = x.Pixel(vx);
            if (px >= a.Left - 0.5 && px <= a.Right + 0.5) list.Add((px, label ?? ""));
        }
        return list;
    }

    private List<(double Py, string Label)> VisibleHorizontal(Area a, PlotAxis y)
    {
        var list = new List<(double, string)>();
        foreach (var (hy, label) in HorizontalLines)
        {
            if (!y.Accepts(hy)) continue;
            double py = y.Pixel(hy);
            if (py >= a.Top - 0.5 && py <= a.Bottom + 0.5) list.Add((py, label ?? ""));
        }
        return list;
    }

    private List<string> AppendSeries(StringBuilder sb, Area a, PlotAxis x, PlotAxis y)
    {
        var colors = new List<string>(Series.Count);
        int next = 0;
        var r = a.Expanded(2 * MarkerRadius + 2);
        foreach (var s in Series)
        {
            string color = s.Color ?? Palette.Color(next++);
            colors.Add(color);
            string c = Esc(color);
            sb.Append("<g class=\"series\">\n");
            if (!string.IsNullOrWhiteSpace(s.Name)) sb.Append("<title>").Append(Esc(s.Name)).Append("</title>\n");

            if (s.YError != null)
            {
                string d = ErrorBarPath(s, x, y, r);
                if (d.Length > 0) sb.Append($"<path class=\"error-bars\" d=\"{d}\" fill=\"none\" stroke=\"{c}\" stroke-width=\"1\"/>\n");
            }
            if (s.Line)
            {
                string d = LinePath(s, x, y, r);
                if (d.Length > 0)
                    sb.Append($"<path class=\"line\" d=\"{d}\" fill=\"none\" stroke=\"{c}\" stroke-width=\"1.75\" stroke-linejoin=\"round\" stroke-linecap=\"round\"{(s.Dashed ? " stroke-dasharray=\"6 4\"" : "")}/>\n");
            }
            if (s.Markers)
            {
                sb.Append($"<g class=\"markers\" fill=\"{c}\">\n");
                for (int i = 0; i < s.X.Length; i++)
                {
                    if (!x.Accepts(s.X[i]) || !y.Accepts(s.Y[i])) continue;
                    double px = x.Pixel(s.X[i]), py = y.Pixel(s.Y[i]);
                    if (r.Contains(px, py)) sb.Append($"<circle cx=\"{N(px)}\" cy=\"{N(py)}\" r=\"{N(MarkerRadius)}\"/>\n");
                }
                sb.Append("</g>\n");
            }
            sb.Append("</g>\n");
        }
        return colors;
    }

    /// <summary>
    /// Path data for a series' line: a new subpath starts after every skipped point and wherever the line
    /// leaves the (slightly enlarged) plot area; segments are clipped here so coordinates stay small.
    /// An isolated point becomes a zero-length subpath (drawn as a dot thanks to round caps).
    /// </summary>
    private static string LinePath(Series s, PlotAxis x, PlotAxis y, Area r)
    {
        var d = new StringBuilder();
        bool penUp = true, havePrev = false;
        int run = 0;
        double prevX = 0, prevY = 0, curX = 0, curY = 0;
        for (int i = 0; i <= s.X.Length; i++)
        {
            bool ok = i < s.X.Length && x.Accepts(s.X[i]) && y.Accepts(s.Y[i]);
            if (!ok)
            {
                if (run == 1 && r.Contains(prevX, prevY)) d.Append('M').Append(N(prevX)).Append(' ').Append(N(prevY)).Append("h0");
                havePrev = false;
                penUp = true;
                run = 0;
                continue;
            }
            double px = x.Pixel(s.X[i]), py = y.Pixel(s.Y[i]);
            run++;
            if (havePrev)
            {
                double x0 = prevX, y0 = prevY, x1 = px, y1 = py;
                if (Area.Clip(r, ref x0, ref y0, ref x1, ref y1))
                {
                    if (penUp || x0 != curX || y0 != curY) d.Append('M').Append(N(x0)).Append(' ').Append(N(y0));
                    d.Append('L').Append(N(x1)).Append(' ').Append(N(y1));
                    curX = x1;
                    curY = y1;
                    penUp = x1 != px || y1 != py;
                }
                else penUp = true;
            }
            prevX = px;
            prevY = py;
            havePrev = true;
        }
        return d.ToString();
    }

    private static string ErrorBarPath(Series s, PlotAxis x, PlotAxis y, Area r)
    {
        var d = new StringBuilder();
        double[] err = s.YError!;
        for (int i = 0; i < s.X.Length; i++)
        {
            double xv = s.X[i], yv = s.Y[i], e = err[i];
            if (!x.Accepts(xv) || !y.Accepts(yv) || !double.IsFinite(e)) continue;
            e = Math.Abs(e);
            double px = x.Pixel(xv);
            if (px < r.Left || px > r.Right) continue;
            double hi = y.Accepts(yv + e) ? y.Pixel(yv + e) : r.Top;
            double lo = y.Accepts(yv - e) ? y.Pixel(yv - e) : r.Bottom; // non-positive on a log axis: to the bottom edge
            double hiC = Math.Clamp(hi, r.Top, r.Bottom), loC = Math.Clamp(lo, r.Top, r.Bottom);
            if (hiC == loC) continue;
            d.Append('M').Append(N(px)).Append(' ').Append(N(loC)).Append('V').Append(N(hiC));
            if (hiC == hi) d.Append('M').Append(N(px - 3)).Append(' ').Append(N(hi)).Append("h6");
            if (loC == lo && y.Accepts(yv - e)) d.Append('M').Append(N(px - 3)).Append(' ').Append(N(lo)).Append("h6");
        }
        return d.ToString();
    }

    private void AppendLegend(StringBuilder sb, Area a, List<string> colors)
    {
        if (LegendPosition == LegendPosition.None) return;
        var entries = new List<int>();
        for (int i = 0; i < Series.Count; i++) if (!string.IsNullOrWhiteSpace(Series[i].Name)) entries.Add(i);
        if (entries.Count == 0) return;

        const double pad = 8, row = 18, sample = 26;
        double textWidth = 0;
        foreach (int i in entries) textWidth = Math.Max(textWidth, SvgText.Width(Series[i].Name, LegendSize));
        double w = pad + sample + 6 + textWidth + pad, h = 2 * pad + entries.Count * row - 4;
        bool rightSide = LegendPosition is LegendPosition.TopRight or LegendPosition.BottomRight;
        bool topSide = LegendPosition is LegendPosition.TopRight or LegendPosition.TopLeft;
        double bx = rightSide ? a.Right - 8 - w : a.Left + 8;
        double by = topSide ? a.Top + 8 : a.Bottom - 8 - h;

        sb.Append($"<g class=\"legend\" font-size=\"{N(LegendSize)}\">\n");
        sb.Append($"<rect x=\"{N(bx)}\" y=\"{N(by)}\" width=\"{N(w)}\" height=\"{N(h)}\" rx=\"3\" fill=\"white\" fill-opacity=\"0.85\" stroke=\"#bbbbbb\" stroke-width=\"1\"/>\n");
        for (int j = 0; j < entries.Count; j++)
        {
            var s = Series[entries[j]];
            string c = Esc(colors[entries[j]]);
            double cy = by + pad + 7 + j * row;
            double x0 = bx + pad, x1 = x0 + sample;
            sb.Append("<g class=\"legend-entry\">");
            if (s.Line || !s.Markers)
                sb.Append($"<line x1=\"{N(x0)}\" y1=\"{N(cy)}\" x2=\"{N(x1)}\" y2=\"{N(cy)}\" stroke=\"{c}\" stroke-width=\"1.75\"{(s.Dashed ? " stroke-dasharray=\"6 4\"" : "")}/>");
            if (s.Markers)
                sb.Append($"<circle cx=\"{N(0.5 * (x0 + x1))}\" cy=\"{N(cy)}\" r=\"{N(MarkerRadius)}\" fill=\"{c}\"/>");
            sb.Append($"<text x=\"{N(x1 + 6)}\" y=\"{N(cy + 0.35 * LegendSize)}\" fill=\"#111111\">{Esc(s.Name)}</text>");
            sb.Append("</g>\n");
        }
        sb.Append("</g>\n");
    }

    private static string N(double v) => SvgText.N(v);

    private static string Esc(string? s) => SvgText.Escape(s);

    /// <summary>Running minimum and maximum (NaN while empty).</summary>
    private sealed class Extent
    {
        public double Min { get; private set; } = double.NaN;
        public double Max { get; private set; } = double.NaN;

        public void Add(double v)
        {
            if (double.IsNaN(Min) || v < Min) Min = v;
            if (double.IsNaN(Max) || v > Max) Max = v;
        }
    }

    /// <summary>A pixel rectangle (y grows downwards) with Liang–Barsky segment clipping.</summary>
    private readonly record struct Area(double Left, double Top, double Right, double Bottom)
    {
        public Area Expanded(double m) => new(Left - m, Top - m, Right + m, Bottom + m);

        public bool Contains(double x, double y) => x >= Left && x <= Right && y >= Top && y <= Bottom;

        /// <summary>Clips the segment to the rectangle in place; false if nothing of it is inside.</summary>
        public static bool Clip(Area r, ref double x0, ref double y0, ref double x1, ref double y1)
        {
            double t0 = 0, t1 = 1, dx = x1 - x0, dy = y1 - y0;
            if (!Edge(-dx, x0 - r.Left, ref t0, ref t1) || !Edge(dx, r.Right - x0, ref t0, ref t1)
                || !Edge(-dy, y0 - r.Top, ref t0, ref t1) || !Edge(dy, r.Bottom - y0, ref t0, ref t1))
                return false;
            double sx = x0, sy = y0;
            if (t1 < 1) { x1 = sx + t1 * dx; y1 = sy + t1 * dy; }
            if (t0 > 0) { x0 = sx + t0 * dx; y0 = sy + t0 * dy; }
            return true;
        }

        private static bool Edge(double p, double q, ref double t0, ref double t1)
        {
            if (p == 0) return q >= 0;
            double t = q / p;
            if (p < 0)
            {
                if (t > t1) return false;
                if (t > t0) t0 = t;
            }
            else
            {
                if (t < t0) return false;
                if (t < t1) t1 = t;
            }
            return true;
        }
    }
}
