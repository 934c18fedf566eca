using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using ScottPlot;
using ScottPlot.FontResolvers;

namespace KineticLab.Output;

/// <summary>
/// What every figure shares: the font (DejaVu Sans, loaded from its file so that the output does not depend
/// on font look-up), the sizes and colours, the conversion of ScottPlot's SVG into a stable document and the
/// PNG encoding.
/// </summary>
internal static partial class FigureStyle
{
    /// <summary>The font every text of a figure is set in.</summary>
    public const string FontName = "DejaVu Sans";

    public const float TitleSize = 16, LabelSize = 14, TickSize = 12, LegendSize = 12, AnnotationSize = 12;

    /// <summary>Folders searched for DejaVuSans.ttf (Debian's fonts-dejavu-core puts it in the first).</summary>
    private static readonly string[] FontFolders =
    [
        "/usr/share/fonts/truetype/dejavu",
        "/usr/share/fonts/dejavu",
        "/usr/share/fonts/TTF",
        "/usr/local/share/fonts",
        "/Library/Fonts",
        "C:\\Windows\\Fonts",
    ];

    private static readonly object Gate = new();
    private static bool _fontsReady;

    /// <summary>The DejaVu Sans file in use, or null when none was found (text then uses Skia's default typeface).</summary>
    public static string? FontFile { get; private set; }

    /// <summary>
    /// Registers DejaVu Sans (regular and bold) with ScottPlot, once per process. ScottPlot's font list is a
    /// plain static list, hence the lock.
    /// </summary>
    public static void EnsureFonts()
    {
        if (_fontsReady) return;
        lock (Gate)
        {
            if (_fontsReady) return;
            foreach (var dir in FontFolders)
            {
                string regular = Path.Combine(dir, "DejaVuSans.ttf");
                if (!File.Exists(regular)) continue;
                string bold = Path.Combine(dir, "DejaVuSans-Bold.ttf");
                Fonts.FontResolvers.Insert(0, new FileFontResolver(FontName, regular, FontWeight.Normal, FontSlant.Upright, FontSpacing.Normal));
                Fonts.FontResolvers.Insert(0, new FileFontResolver(FontName, File.Exists(bold) ? bold : regular, FontWeight.Bold, FontSlant.Upright, FontSpacing.Normal));
                FontFile = regular;
                break;
            }
            Fonts.Default = FontName;
            Fonts.Sans = FontName;
            _fontsReady = true;
        }
    }

    public static ScottPlot.Color Ink { get; } = ScottPlot.Color.FromHex("#222222");
    public static ScottPlot.Color Frame { get; } = ScottPlot.Color.FromHex("#333333");
    public static ScottPlot.Color Grid { get; } = ScottPlot.Color.FromHex("#E5E5E5");
    public static ScottPlot.Color Reference { get; } = ScottPlot.Color.FromHex("#555555");

    /// <summary>A new ScottPlot plot in the house style: white, DejaVu Sans, light grid, dark frame, no top/right ticks.</summary>
    public static ScottPlot.Plot NewPlot()
    {
        EnsureFonts();
        var p = new ScottPlot.Plot();
        // Not p.Font.Set: it pins a regular typeface on every label, which defeats Bold.
        p.Axes.Title.Label.FontName = FontName;
        p.Axes.Title.Label.Font = null;
        p.FigureBackground.Color = Colors.White;
        p.DataBackground.Color = Colors.White;
        p.Grid.MajorLineColor = Grid;
        p.Grid.MajorLineWidth = 1;
        p.Grid.MinorLineWidth = 0;
        foreach (var axis in p.Axes.GetAxes()) StyleAxis(axis);
        p.Axes.Title.Label.FontSize = TitleSize;
        p.Axes.Title.Label.Bold = true;
        p.Axes.Title.Label.ForeColor = ScottPlot.Color.FromHex("#111111");
        p.Legend.FontSize = LegendSize;
        p.Legend.FontName = FontName;
        p.Legend.OutlineColor = ScottPlot.Color.FromHex("#BBBBBB");
        p.Legend.ShadowColor = Colors.Transparent;
        p.Legend.ShadowOffset = new PixelOffset(0, 0);
        return p;
    }

    /// <summary>Frame, ticks, tick labels and axis label of one axis in the house style.</summary>
    public static void StyleAxis(IAxis axis)
    {
        axis.FrameLineStyle.Color = Frame;
        axis.FrameLineStyle.Width = 1;
        axis.MajorTickStyle.Color = Frame;
        axis.MinorTickStyle.Color = Frame;
        axis.MajorTickStyle.Length = 5;
        axis.MinorTickStyle.Length = 3;
        axis.Label.FontName = FontName;
        axis.Label.Font = null;
        axis.Label.FontSize = LabelSize;
        axis.Label.Bold = false;
        axis.Label.ForeColor = Ink;
        axis.TickLabelStyle.FontName = FontName;
        axis.TickLabelStyle.Font = null;
        axis.TickLabelStyle.FontSize = TickSize;
        axis.TickLabelStyle.ForeColor = Ink;
    }

    /// <summary>
    /// Sets the title, shrinking its font (down to 10 px) so that it fits in <paramref name="width"/> pixels.
    /// </summary>
    public static void SetTitle(ScottPlot.Plot p, string title, int width)
    {
        if (string.IsNullOrWhiteSpace(title)) return;
        p.Title(title);
        var style = p.Axes.Title.Label;
        using var paint = Paint.NewDisposablePaint();
        float size = TitleSize;
        while (size > 10 && style.Measure(title, paint).Width > width - 24)
        {
            size -= 0.5f;
            style.FontSize = size;
        }
    }

    /// <summary>A reference line: thin, dotted, grey (not in the legend).</summary>
    public static IPlottable ReferenceLine(double[] xs, double[] ys) => new PolylinePlottable(xs, ys, Reference, 1, Dashes.Dotted);

    /// <summary>
    /// Labels of reference lines, inside the data area on a white box: a vertical line's label at the top,
    /// right of the line (left of it in the right quarter), in the first row where it does not run into
    /// another label; a horizontal line's label at the left end, above the line (below it near the top).
    /// Positions are in mapped units (log10 on log axes).
    /// </summary>
    public static void ReferenceLabels(ScottPlot.Plot p, List<(double X, string Label)> vertical, List<(double Y, string Label)> horizontal,
        double x0, double x1, double y0, double y1, int width)
    {
        using var paint = Paint.NewDisposablePaint();
        var measure = new LabelStyle { FontName = FontName, FontSize = AnnotationSize };
        // The data area is not known before layout; about 60 % of the figure width is a fair estimate.
        double unitsPerPixel = (x1 - x0) / Math.Max(60, 0.6 * width);
        var rowEnds = new List<(double Lo, double Hi)>[4];
        for (int r = 0; r < rowEnds.Length; r++) rowEnds[r] = new();
        foreach (var (x, label) in vertical.OrderBy(v => v.X))
        {
            double w = (measure.Measure(label, paint).Width + 10) * unitsPerPixel;
            bool flip = x > x0 + 0.75 * (x1 - x0);
            double lo = flip ? x - w : x, hi = flip ? x : x + w;
            int row = 0;
            while (row < rowEnds.Length - 1 && rowEnds[row].Any(e => lo < e.Hi && hi > e.Lo)) row++;
            rowEnds[row].Add((lo, hi));
            var t = Annotation(p, label, x, y1);
            t.LabelAlignment = flip ? Alignment.UpperRight : Alignment.UpperLeft;
            t.OffsetX = flip ? -3 : 3;
            t.OffsetY = 3 + row * (AnnotationSize + 12);
        }
        foreach (var (y, label) in horizontal)
        {
            bool nearTop = y > y1 - 0.08 * (y1 - y0);
            var t = Annotation(p, label, x0, y);
            t.LabelAlignment = nearTop ? Alignment.UpperLeft : Alignment.LowerLeft;
            t.OffsetX = 4;
            t.OffsetY = nearTop ? 2 : -2;
        }
    }

    private static ScottPlot.Plottables.Text Annotation(ScottPlot.Plot p, string label, double x, double y)
    {
        var t = p.Add.Text(label, x, y);
        t.LabelFontName = FontName;
        t.LabelFontSize = AnnotationSize;
        t.LabelFontColor = Frame;
        t.LabelBackgroundColor = Colors.White.WithAlpha(0.85);
        t.LabelPadding = 2;
        return t;
    }

    /// <summary>
    /// The legend in a panel to the right of the data area (so it cannot cover data), aligned with the top or
    /// the bottom of the data area.
    /// </summary>
    public static void LegendOutside(ScottPlot.Plot p, List<LegendEntry> entries, bool top)
    {
        p.HideLegend();
        p.Axes.AddPanel(new LegendBox(entries, top) { Edge = Edge.Right });
    }

    /// <summary>A colour given as an SVG colour string (<c>#RRGGBB</c>, <c>#RGB</c>, <c>#RRGGBBAA</c>).</summary>
    public static ScottPlot.Color ParseColor(string? color, ScottPlot.Color fallback)
    {
        if (string.IsNullOrWhiteSpace(color)) return fallback;
        string c = color.Trim();
        if (c.StartsWith('#') && c.Length == 4)
            c = "#" + string.Concat(c.Skip(1).Select(ch => new string(ch, 2)));
        if (c.StartsWith('#') && (c.Length == 7 || c.Length == 9) && c.Skip(1).All(Uri.IsHexDigit))
            return ScottPlot.Color.FromHex(c);
        return fallback;
    }

    /// <summary>Renders <paramref name="plot"/> as PNG bytes.</summary>
    public static byte[] Png(ScottPlot.Plot plot, int width, int height) =>
        plot.GetImageBytes(width, height, ImageFormat.Png);

    [GeneratedRegex("\"(cl_[0-9a-fA-F]+)\"|#(cl_[0-9a-fA-F]+)\\)")]
    private static partial Regex ClipIdRegex();

    /// <summary>
    /// ScottPlot's SVG made into a stable standalone document: the clip-path ids (numbered by a process-wide
    /// counter in Skia) are replaced by ids derived from the content, so the same figure gives the same bytes
    /// and two figures inlined in one page do not collide; a <c>viewBox</c> and a <c>&lt;title&gt;</c> are added,
    /// the font list gets generic fallbacks, and the document ends with <c>&lt;/svg&gt;</c> and a newline.
    /// </summary>
    public static string Svg(ScottPlot.Plot plot, int width, int height, string title)
    {
        string raw = plot.GetSvgXml(width, height);
        var ids = new Dictionary<string, string>(StringComparer.Ordinal);
        string body = ClipIdRegex().Replace(raw, m =>
        {
            string id = m.Groups[1].Success ? m.Groups[1].Value : m.Groups[2].Value;
            if (!ids.TryGetValue(id, out var n)) ids[id] = n = "@@clip@@" + ids.Count.ToString(CultureInfo.InvariantCulture);
            return m.Groups[1].Success ? $"\"{n}\"" : $"#{n})";
        });
        body = body.Replace("font-family=\"" + FontName + "\"", "font-family=\"" + FontName + ", Verdana, Helvetica, Arial, sans-serif\"", StringComparison.Ordinal);

        int svgOpen = body.IndexOf("<svg", StringComparison.Ordinal);
        int svgOpenEnd = svgOpen < 0 ? -1 : body.IndexOf('>', svgOpen);
        if (svgOpenEnd > 0)
        {
            string head = $" viewBox=\"0 0 {width} {height}\">\n";
            if (!string.IsNullOrWhiteSpace(title)) head += "\t<title>" + Escape(title) + "</title>";
            body = body[..svgOpenEnd] + head + body[(svgOpenEnd + 1)..];
        }
        body = body.TrimEnd();
        if (!body.EndsWith("</svg>", StringComparison.Ordinal)) body += "\n</svg>";
        body += "\n";

        string prefix = "fig-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(body)))[..12] + "-";
        return body.Replace("@@clip@@", prefix, StringComparison.Ordinal);
    }

    /// <summary>XML-escapes text content.</summary>
    public static string Escape(string s) =>
        s.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);
}
