using System.Globalization;
using ScottPlot;
using SkiaSharp;

namespace KineticLab.Output;

/// <summary>Colour scales for <see cref="HeatmapPlot"/> (all readable in grey and with colour blindness).</summary>
public enum HeatmapColormap
{
    Viridis,
    Magma,
    Cividis,
}

/// <summary>
/// Two regions of a <see cref="HeatmapPlot"/>: cells with a value below <paramref name="Threshold"/> and cells at
/// or above it, each filled with one colour and named in the legend (e.g. well-posed / ill-posed), with the
/// boundary drawn as the contour line at the threshold.
/// </summary>
/// <param name="Threshold">The value that separates the regions.</param>
/// <param name="BelowName">Legend text of the region below the threshold.</param>
/// <param name="AboveName">Legend text of the region at or above it.</param>
/// <param name="BelowColor">Fill of the region below (an SVG colour).</param>
/// <param name="AboveColor">Fill of the region above.</param>
public sealed record TwoRegions(double Threshold, string BelowName, string AboveName,
    string BelowColor = "#CFE3F3", string AboveColor = "#F6CFC0");

/// <summary>
/// A grid of values drawn as coloured cells with a colour bar (linear or log colour scale), optionally
/// with contour lines, or as two filled regions split by a threshold (<see cref="Regions"/>), with curves,
/// reference lines and a legend on top. For phase diagrams (a (β, M) plane with well- and ill-posed
/// regions and a threshold curve) and 2-D slices of 3-D distributions. Written as SVG and PNG like
/// <see cref="Plot"/>; the same figure gives the same bytes.
/// </summary>
public sealed class HeatmapPlot : IFigure
{
    /// <summary>Above this many runs of equal colour the cells are drawn as one image instead of rectangles.</summary>
    private const int MaxRectangles = 6000;

    /// <param name="x">Cell centres along x: increasing and evenly spaced on <see cref="XScale"/> (for a log
    /// axis, evenly spaced in log10).</param>
    /// <param name="y">Cell centres along y, likewise.</param>
    /// <param name="values"><c>values[j, i]</c> is the value at (<paramref name="x"/>[i], <paramref name="y"/>[j]); NaN cells are drawn grey.</param>
    /// <exception cref="ArgumentException">The shape of <paramref name="values"/> does not match the coordinates, or a coordinate array is empty.</exception>
    public HeatmapPlot(double[] x, double[] y, double[,] values)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        ArgumentNullException.ThrowIfNull(values);
        if (x.Length == 0 || y.Length == 0) throw new ArgumentException("the grid needs at least one x and one y value", x.Length == 0 ? nameof(x) : nameof(y));
        if (values.GetLength(0) != y.Length || values.GetLength(1) != x.Length)
            throw new ArgumentException($"values is {values.GetLength(0)} × {values.GetLength(1)} but needs y.Length × x.Length = {y.Length} × {x.Length}", nameof(values));
        X = x;
        Y = y;
        Values = values;
    }

    public double[] X { get; }
    public double[] Y { get; }
    public double[,] Values { get; }

    public string Title { get; set; } = "";
    public string XLabel { get; set; } = "";
    public string YLabel { get; set; } = "";

    /// <summary>Text beside the colour bar.</summary>
    public string ColorBarLabel { get; set; } = "";

    /// <summary>Scale of the x axis; with <see cref="Scale.Log"/> the x values must be positive and evenly spaced in log10.</summary>
    public Scale XScale { get; set; } = Scale.Linear;

    /// <summary>Scale of the y axis (as for <see cref="XScale"/>).</summary>
    public Scale YScale { get; set; } = Scale.Linear;

    /// <summary>Colour by log10 of the value (non-positive values are drawn as missing); the colour bar is labelled in decades.</summary>
    public bool LogColor { get; set; }

    /// <summary>Value at the bottom of the colour scale; null: the smallest value.</summary>
    public double? ColorMin { get; set; }

    /// <summary>Value at the top of the colour scale; null: the largest value.</summary>
    public double? ColorMax { get; set; }

    public HeatmapColormap Colormap { get; set; } = HeatmapColormap.Viridis;

    /// <summary>Draw contour lines of the values at these levels (thin, dark).</summary>
    public List<double> ContourLevels { get; } = new();

    /// <summary>Legend text for the contour lines; null: "contours at …" with the levels.</summary>
    public string? ContourLabel { get; set; }

    /// <summary>Two filled regions instead of a colour scale (no colour bar then).</summary>
    public TwoRegions? Regions { get; set; }

    /// <summary>Curves drawn on top (e.g. a threshold curve), listed in the legend when named.</summary>
    public List<Series> Curves { get; } = new();

    /// <summary>Vertical reference lines (dotted, labelled).</summary>
    public List<(double X, string Label)> VerticalLines { get; } = new();

    /// <summary>Horizontal reference lines (dotted, labelled).</summary>
    public List<(double Y, string Label)> HorizontalLines { get; } = new();

    /// <summary>Legend placement (beside the data area, as for <see cref="Plot.LegendPosition"/>).</summary>
    public LegendPosition LegendPosition { get; set; } = LegendPosition.TopRight;

    public int DefaultWidth => 800;

    public int DefaultHeight => 560;

    /// <exception cref="ArgumentOutOfRangeException">Width below 100 or height below 80.</exception>
    /// <exception cref="ArgumentException">The grid is not evenly spaced on its axis scale.</exception>
    public string ToSvg(int width = 800, int height = 560)
    {
        Plot.CheckSize(width, height);
        return FigureStyle.Svg(Build(width), width, height, Title);
    }

    /// <exception cref="ArgumentOutOfRangeException">Width below 100 or height below 80.</exception>
    /// <exception cref="ArgumentException">The grid is not evenly spaced on its axis scale.</exception>
    public byte[] ToPng(int width = 800, int height = 560)
    {
        Plot.CheckSize(width, height);
        return FigureStyle.Png(Build(width), width, height);
    }

    internal ScottPlot.Plot Build(int width)
    {
        var xa = new AxisMap(XScale);
        var ya = new AxisMap(YScale);
        var (xEdges, gx) = Edges(X, xa, nameof(X));
        var (yEdges, gy) = Edges(Y, ya, nameof(Y));
        double x0 = xEdges[0], x1 = xEdges[^1], y0 = yEdges[0], y1 = yEdges[^1];

        var p = FigureStyle.NewPlot();
        var legend = new List<LegendEntry>();
        IColormap cmap = Colormap switch
        {
            HeatmapColormap.Magma => new ScottPlot.Colormaps.Magma(),
            HeatmapColormap.Cividis => new Cividis(),
            _ => new ScottPlot.Colormaps.Viridis(),
        };

        // Colour of each cell.
        int nx = X.Length, ny = Y.Length;
        var colors = new uint[ny, nx];
        var missing = FigureStyle.ParseColor("#D9D9D9", Colors.Gray);
        bool anyValue = false;
        ScottPlot.Range range;
        if (Regions is { } reg)
        {
            var below = FigureStyle.ParseColor(reg.BelowColor, Colors.LightBlue);
            var above = FigureStyle.ParseColor(reg.AboveColor, Colors.Salmon);
            for (int j = 0; j < ny; j++)
                for (int i = 0; i < nx; i++)
                {
                    double v = Values[j, i];
                    colors[j, i] = double.IsNaN(v) ? missing.ARGB : (v < reg.Threshold ? below : above).ARGB;
                    anyValue |= !double.IsNaN(v);
                }
            range = new ScottPlot.Range(0, 1);
            legend.Add(new LegendEntry(reg.BelowName, below, false, null, false, Patch: true));
            legend.Add(new LegendEntry(reg.AboveName, above, false, null, false, Patch: true));
        }
        else
        {
            var mapped = new double[ny, nx];
            var ext = new Extent();
            for (int j = 0; j < ny; j++)
                for (int i = 0; i < nx; i++)
                {
                    double v = Values[j, i];
                    double m = !double.IsFinite(v) || (LogColor && v <= 0) ? double.NaN : LogColor ? Math.Log10(v) : v;
                    mapped[j, i] = m;
                    ext.Add(m);
                }
            anyValue = !double.IsNaN(ext.Min);
            var cm = new AxisMap(LogColor ? Scale.Log : Scale.Linear);
            double lo = ColorMin is { } a && cm.Accepts(a) ? cm.F(a) : ext.Min;
            double hi = ColorMax is { } b && cm.Accepts(b) ? cm.F(b) : ext.Max;
            if (double.IsNaN(lo) || double.IsNaN(hi)) (lo, hi) = (double.IsNaN(lo) ? (double.IsNaN(hi) ? 0 : hi - 1) : lo, double.IsNaN(hi) ? (double.IsNaN(lo) ? 1 : lo + 1) : hi);
            if (hi < lo) (lo, hi) = (hi, lo);
            if (hi == lo)
            {
                double pad = LogColor ? 0.5 : lo != 0 ? 0.1 * Math.Abs(lo) : 1;
                (lo, hi) = (lo - pad, hi + pad);
            }
            range = new ScottPlot.Range(lo, hi);
            for (int j = 0; j < ny; j++)
                for (int i = 0; i < nx; i++)
                {
                    double m = mapped[j, i];
                    colors[j, i] = double.IsNaN(m) ? missing.ARGB : cmap.GetColor(Math.Clamp((m - lo) / (hi - lo), 0, 1)).ARGB;
                }
        }

        var cells = new CellsPlottable(xEdges, yEdges, colors, cmap, range, MaxRectangles);
        p.Add.Plottable(cells);

        // Contours (and the region boundary) in mapped coordinates.
        var levels = new List<(double Level, ScottPlot.Color Color, float Width)>();
        if (Regions is { } r2) levels.Add((r2.Threshold, FigureStyle.Frame, 1.5f));
        foreach (var level in ContourLevels) levels.Add((level, ScottPlot.Color.FromHex("#1A1A1A"), 1f));
        foreach (var (level, color, w) in levels)
        {
            var segs = Contours.Segments(gx, gy, Values, level);
            if (segs.Count > 0) p.Add.Plottable(new SegmentsPlottable(segs, color, w));
        }
        if (ContourLevels.Count > 0)
            legend.Add(new LegendEntry(ContourLabel ?? "contours at " + string.Join(", ", ContourLevels.Select(l => l.ToString("G3", CultureInfo.InvariantCulture))),
                ScottPlot.Color.FromHex("#1A1A1A"), true, null, false));

        int next = 0;
        foreach (var s in Curves)
        {
            var color = FigureStyle.ParseColor(s.Color, ScottPlot.Color.FromHex(Palette.Color(next == 0 ? 6 : next)));
            if (s.Color is null) next++;
            Plot.AddSeries(p, s, color, xa, ya, y0, y1);
            if (!string.IsNullOrWhiteSpace(s.Name))
                legend.Add(new LegendEntry(s.Name, color, s.Line || !s.Markers, s.Dashed ? Dashes.Dashed : null, s.Markers));
        }
        Plot.AddReferenceLines(p, VerticalLines, HorizontalLines, xa, ya, x0, x1, y0, y1, width);

        p.Axes.SetLimits(x0, x1, y0, y1);
        p.Axes.Margins(0, 0);
        if (XScale == Scale.Log) p.Axes.Bottom.TickGenerator = new LogTicks(minLabelSpacing: 56);
        if (YScale == Scale.Log) p.Axes.Left.TickGenerator = new LogTicks(minLabelSpacing: 24);
        if (!string.IsNullOrWhiteSpace(XLabel)) p.XLabel(XLabel);
        if (!string.IsNullOrWhiteSpace(YLabel)) p.YLabel(YLabel);
        FigureStyle.SetTitle(p, Title, width);
        p.Grid.IsVisible = false;
        if (!anyValue)
        {
            var t = p.Add.Text("no data", 0.5 * (x0 + x1), 0.5 * (y0 + y1));
            t.LabelFontSize = FigureStyle.LabelSize;
            t.LabelFontColor = ScottPlot.Color.FromHex("#555555");
            t.LabelAlignment = Alignment.MiddleCenter;
        }

        if (Regions is null)
        {
            var bar = p.Add.ColorBar(cells);
            bar.Width = 18;
            bar.Label = ColorBarLabel;
            FigureStyle.StyleAxis(bar.Axis);
            if (LogColor) bar.Axis.TickGenerator = new LogTicks(minLabelSpacing: 22);
        }
        if (LegendPosition != LegendPosition.None && legend.Count > 0)
            FigureStyle.LegendOutside(p, legend, top: LegendPosition is LegendPosition.TopLeft or LegendPosition.TopRight);
        return p;
    }

    /// <summary>
    /// Cell edges in mapped units (log10 on a log axis) and the mapped centres; one cell is one unit wide
    /// when there is only one.
    /// </summary>
    private static (double[] Edges, double[] Centres) Edges(double[] c, AxisMap map, string name)
    {
        var m = new double[c.Length];
        for (int i = 0; i < c.Length; i++)
        {
            if (!map.Accepts(c[i])) throw new ArgumentException($"{name}[{i}] = {c[i]} cannot be drawn on a {map.Scale} axis", name);
            m[i] = map.F(c[i]);
        }
        double step = c.Length == 1 ? 1 : (m[^1] - m[0]) / (c.Length - 1);
        if (!(step > 0)) throw new ArgumentException($"{name} must be increasing", name);
        for (int i = 1; i < m.Length; i++)
            if (Math.Abs(m[i] - m[i - 1] - step) > 1e-6 * step)
                throw new ArgumentException($"{name} must be evenly spaced on its axis scale ({map.Scale}); step {i} is {m[i] - m[i - 1]:G6}, the mean step {step:G6}", name);
        var edges = new double[c.Length + 1];
        for (int i = 0; i <= c.Length; i++) edges[i] = m[0] + (i - 0.5) * step;
        return (edges, m);
    }

    /// <summary>The Cividis colour scale (Nuñez, Anderton and Renslow 2018), by linear interpolation of 9 stops.</summary>
    private sealed class Cividis : IColormap
    {
        private static readonly string[] Stops =
            ["#00224E", "#123570", "#3B496C", "#575D6D", "#707173", "#8A8779", "#A69D75", "#C4B56C", "#FEE838"];

        public string Name => "Cividis";

        public ScottPlot.Color GetColor(double position)
        {
            if (double.IsNaN(position)) return Colors.Transparent;
            double t = Math.Clamp(position, 0, 1) * (Stops.Length - 1);
            int k = Math.Min((int)t, Stops.Length - 2);
            double f = t - k;
            var a = ScottPlot.Color.FromHex(Stops[k]);
            var b = ScottPlot.Color.FromHex(Stops[k + 1]);
            return new ScottPlot.Color((byte)Math.Round(a.R + f * (b.R - a.R)), (byte)Math.Round(a.G + f * (b.G - a.G)), (byte)Math.Round(a.B + f * (b.B - a.B)));
        }
    }
}

/// <summary>
/// Heatmap cells: runs of equal colour in a row drawn as one rectangle, or, past a number of runs, the whole
/// grid as one image scaled without smoothing. Also the source of the colour bar.
/// </summary>
internal sealed class CellsPlottable(double[] xEdges, double[] yEdges, uint[,] colors, IColormap colormap, ScottPlot.Range range, int maxRectangles)
    : IPlottable, IHasColorAxis
{
    public bool IsVisible { get; set; } = true;
    public IAxes Axes { get; set; } = new Axes();
    public IEnumerable<LegendItem> LegendItems => LegendItem.None;
    public IColormap Colormap => colormap;

    public ScottPlot.Range GetRange() => range;

    public AxisLimits GetAxisLimits() => new(xEdges[0], xEdges[^1], yEdges[0], yEdges[^1]);

    public void Render(RenderPack rp)
    {
        int ny = colors.GetLength(0), nx = colors.GetLength(1);
        var runs = new List<(int J, int I0, int I1)>();
        for (int j = 0; j < ny && runs.Count <= maxRectangles; j++)
        {
            int start = 0;
            for (int i = 1; i <= nx; i++)
                if (i == nx || colors[j, i] != colors[j, start])
                {
                    runs.Add((j, start, i));
                    start = i;
                }
        }
        if (runs.Count <= maxRectangles)
        {
            var fill = new FillStyle { AntiAlias = false };
            foreach (var (j, i0, i1) in runs)
            {
                var rect = Axes.GetPixelRect(new CoordinateRect(xEdges[i0], xEdges[i1], yEdges[j], yEdges[j + 1]));
                // A pixel of overlap with the next cells so that anti-aliasing viewers show no seams.
                rect = new PixelRect(rect.Left, rect.Right + 1, rect.Bottom + 1, rect.Top);
                fill.Color = ScottPlot.Color.FromARGB(colors[j, i0]);
                Drawing.FillRectangle(rp.Canvas, rect, rp.Paint, fill);
            }
            return;
        }
        using var bmp = new SKBitmap(nx, ny, SKColorType.Bgra8888, SKAlphaType.Premul);
        for (int j = 0; j < ny; j++)
            for (int i = 0; i < nx; i++)
                bmp.SetPixel(i, ny - 1 - j, new SKColor(colors[j, i]));
        var target = Axes.GetPixelRect(new CoordinateRect(xEdges[0], xEdges[^1], yEdges[0], yEdges[^1]));
        rp.Paint.ResizeFilter = ResizeFilter.NearestNeighbor;
        rp.Paint.IsAntialias = false;
        Drawing.DrawImage(rp.Canvas, bmp, target, rp.Paint);
    }
}

/// <summary>Contour pieces (data coordinates) drawn as one path.</summary>
internal sealed class SegmentsPlottable(List<Contours.Segment> segments, ScottPlot.Color color, float width) : IPlottable
{
    public bool IsVisible { get; set; } = true;
    public IAxes Axes { get; set; } = new Axes();
    public IEnumerable<LegendItem> LegendItems => LegendItem.None;

    public AxisLimits GetAxisLimits() => AxisLimits.NoLimits;

    public void Render(RenderPack rp)
    {
        using var path = new SKPath();
        foreach (var s in segments)
        {
            var a = Axes.GetPixel(new Coordinates(s.X0, s.Y0));
            var b = Axes.GetPixel(new Coordinates(s.X1, s.Y1));
            path.MoveTo(a.X, a.Y);
            path.LineTo(b.X, b.Y);
        }
        Drawing.DrawPath(rp.Canvas, rp.Paint, path, new LineStyle { Width = width, Color = color, StrokeCap = SKStrokeCap.Round });
    }
}
