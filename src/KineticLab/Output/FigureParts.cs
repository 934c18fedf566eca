using ScottPlot;
using SkiaSharp;

namespace KineticLab.Output;

/// <summary>
/// Dash patterns, applied to the geometry here rather than through a Skia path effect: Skia's SVG canvas
/// cannot write path effects (it expands them and prints "Unsupported path effect" on stderr for each one).
/// </summary>
internal static class Dashes
{
    /// <summary>Dashed series lines: 6 px on, 4 off.</summary>
    public static readonly float[] Dashed = [6, 4];

    /// <summary>Dotted reference lines: 2 px on, 3 off.</summary>
    public static readonly float[] Dotted = [2, 3];

    /// <summary>
    /// The polyline <paramref name="pts"/> as a path: one continuous subpath when <paramref name="pattern"/>
    /// is null, else one subpath per dash (the pattern runs on across vertices).
    /// </summary>
    public static SKPath Path(IReadOnlyList<Pixel> pts, float[]? pattern)
    {
        var path = new SKPath();
        if (pts.Count == 0) return path;
        if (pattern is null)
        {
            path.MoveTo(pts[0].X, pts[0].Y);
            for (int i = 1; i < pts.Count; i++) path.LineTo(pts[i].X, pts[i].Y);
            return path;
        }
        int k = 0;
        float left = pattern[0];
        bool on = true, penDown = false;
        for (int i = 1; i < pts.Count; i++)
        {
            float ax = pts[i - 1].X, ay = pts[i - 1].Y, bx = pts[i].X, by = pts[i].Y;
            float len = MathF.Sqrt((bx - ax) * (bx - ax) + (by - ay) * (by - ay));
            if (!(len > 0) || !float.IsFinite(len)) continue;
            float t = 0;
            while (t < len)
            {
                float step = Math.Min(left, len - t);
                float x0 = ax + (bx - ax) * t / len, y0 = ay + (by - ay) * t / len;
                float x1 = ax + (bx - ax) * (t + step) / len, y1 = ay + (by - ay) * (t + step) / len;
                if (on)
                {
                    if (!penDown) path.MoveTo(x0, y0);
                    path.LineTo(x1, y1);
                    penDown = true;
                }
                t += step;
                left -= step;
                if (left <= 1e-4f)
                {
                    k = (k + 1) % pattern.Length;
                    left = pattern[k];
                    on = k % 2 == 0;
                    penDown = false;
                }
            }
        }
        return path;
    }
}

/// <summary>A polyline in data coordinates, solid or dashed (see <see cref="Dashes"/>).</summary>
internal sealed class PolylinePlottable(double[] xs, double[] ys, ScottPlot.Color color, float width, float[]? pattern) : IPlottable
{
    public bool IsVisible { get; set; } = true;
    public IAxes Axes { get; set; } = new Axes();
    public IEnumerable<LegendItem> LegendItems => LegendItem.None;

    public AxisLimits GetAxisLimits()
    {
        if (xs.Length == 0) return AxisLimits.NoLimits;
        return new AxisLimits(xs.Min(), xs.Max(), ys.Min(), ys.Max());
    }

    public void Render(RenderPack rp)
    {
        if (xs.Length < 2) return;
        var px = new Pixel[xs.Length];
        for (int i = 0; i < xs.Length; i++) px[i] = Axes.GetPixel(new Coordinates(xs[i], ys[i]));
        using var path = Dashes.Path(px, pattern);
        var style = new LineStyle
        {
            Width = width, Color = color, Pattern = LinePattern.Solid,
            StrokeCap = pattern is null ? SKStrokeCap.Round : SKStrokeCap.Butt, StrokeJoin = SKStrokeJoin.Round,
        };
        Drawing.DrawPath(rp.Canvas, rp.Paint, path, style);
    }
}

/// <summary>One legend row: a line sample (solid or dashed), a marker, or a filled patch, and its text.</summary>
internal sealed record LegendEntry(string Text, ScottPlot.Color Color, bool Line, float[]? Pattern, bool Marker, bool Patch = false);

/// <summary>
/// The legend as a panel beside the data area (ScottPlot's own legend strokes dashed samples with a path
/// effect, which the SVG canvas cannot write). Entries are stacked in a framed box aligned with the top or
/// the bottom of the data area.
/// </summary>
internal sealed class LegendBox(IReadOnlyList<LegendEntry> entries, bool top) : ScottPlot.Panels.PanelBase
{
    private const float Pad = 8, Row = 18, Sample = 28, Gap = 6, Margin = 10;

    private LabelStyle Text() => new()
    {
        FontName = FigureStyle.FontName, FontSize = FigureStyle.LegendSize, ForeColor = ScottPlot.Color.FromHex("#111111"),
        Alignment = Alignment.MiddleLeft,
    };

    private float BoxWidth(Paint paint)
    {
        var style = Text();
        float w = 0;
        foreach (var e in entries) w = Math.Max(w, style.Measure(e.Text, paint).Width);
        return Pad + Sample + Gap + w + Pad;
    }

    /// <summary>Where the box was drawn last (pixels); for tests.</summary>
    public PixelRect LastBox { get; private set; } = PixelRect.NaN;

    public override float Measure(Paint paint) => IsVisible && entries.Count > 0 ? Margin + BoxWidth(paint) + 12 : 0;

    public override void Render(RenderPack rp, float size, float offset)
    {
        if (!IsVisible || entries.Count == 0) return;
        PixelRect panel = GetPanelRect(rp.DataRect, size, offset, rp.Paint);
        float w = BoxWidth(rp.Paint), h = 2 * Pad + entries.Count * Row - 4;
        float left = panel.Left + Margin, boxTop = top ? panel.Top : Math.Max(panel.Top, panel.Bottom - h);
        var box = new PixelRect(left, left + w, boxTop + h, boxTop);
        LastBox = box;
        Drawing.FillRectangle(rp.Canvas, box, rp.Paint, new FillStyle { Color = Colors.White });
        Drawing.DrawRectangle(rp.Canvas, box, rp.Paint, new LineStyle { Width = 1, Color = ScottPlot.Color.FromHex("#BBBBBB") });
        var text = Text();
        for (int i = 0; i < entries.Count; i++)
        {
            var e = entries[i];
            float cy = boxTop + Pad + 7 + i * Row, x0 = left + Pad, x1 = x0 + Sample;
            if (e.Patch)
            {
                var patch = new PixelRect(x0 + 4, x1 - 4, cy + 6, cy - 6);
                Drawing.FillRectangle(rp.Canvas, patch, rp.Paint, new FillStyle { Color = e.Color });
                Drawing.DrawRectangle(rp.Canvas, patch, rp.Paint, new LineStyle { Width = 1, Color = FigureStyle.Frame });
            }
            if (e.Line)
            {
                using var path = Dashes.Path([new Pixel(x0, cy), new Pixel(x1, cy)], e.Pattern);
                Drawing.DrawPath(rp.Canvas, rp.Paint, path, new LineStyle { Width = 1.75f, Color = e.Color });
            }
            if (e.Marker)
                Drawing.FillCircle(rp.Canvas, new Pixel(0.5f * (x0 + x1), cy), 3, new FillStyle { Color = e.Color }, rp.Paint);
            text.Render(rp.Canvas, new Pixel(x1 + Gap, cy), rp.Paint, e.Text);
        }
    }
}
