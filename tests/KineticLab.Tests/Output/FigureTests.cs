using System.Buffers.Binary;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using KineticLab.Output;
using SkiaSharp;
using Xunit;

namespace KineticLab.Tests.Output;

/// <summary>Figures drawn by ScottPlot: what a reader needs is in the SVG and the PNG, and nothing throws on odd data.</summary>
public class FigureTests
{
    private static readonly Regex PowerOfTen = new("^10⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+$");

    /// <summary>The SVG parsed as XML (throws if it is not well-formed).</summary>
    private static XDocument Parse(string svg) => XDocument.Parse(svg);

    /// <summary>The text of every &lt;text&gt; element, trimmed.</summary>
    private static List<string> Texts(string svg) =>
        Parse(svg).Descendants().Where(e => e.Name.LocalName == "text").Select(e => e.Value.Trim()).Where(t => t.Length > 0).ToList();

    /// <summary>Width and height from a PNG's IHDR chunk, after checking the signature.</summary>
    private static (int Width, int Height) PngSize(byte[] png)
    {
        Assert.True(png.Length > 33, "too short for a PNG");
        Assert.Equal(new byte[] { 0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A }, png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }

    private static Plot ThresholdPlot()
    {
        double[] b = [0, 0.1, 0.2, 0.3, 0.4, 0.5];
        var plot = new Plot { Title = "Growth exponent p(β)", XLabel = "β", YLabel = "exponent p", LegendPosition = LegendPosition.TopLeft };
        plot.Add(new Series("measured", b, b.Select(x => 2 * x - 0.5).ToArray()) { Markers = true, YError = b.Select(_ => 0.03).ToArray() });
        plot.Add(new Series("seed: p = 2β − 0.5", b, b.Select(x => 2 * x - 0.49).ToArray()) { Dashed = true });
        plot.HorizontalLines.Add((0, "p = 0"));
        plot.VerticalLines.Add((0.25, "β = 1/4"));
        return plot;
    }

    private static Plot DriftPlot()
    {
        var t = Enumerable.Range(0, 21).Select(i => 0.5 * i).ToArray();
        var plot = new Plot { Title = "drift", XLabel = "t", YLabel = "relative change", YScale = Scale.Log };
        plot.Add(new Series("mass", t, t.Select((_, i) => 1e-16 * (1 + i % 3)).ToArray()) { Markers = true });
        plot.Add(new Series("energy", t, t.Select((_, i) => 1e-12 * Math.Pow(1 + i, 3)).ToArray()) { Dashed = true });
        return plot;
    }

    [Fact]
    public void SvgIsXmlWithTitleAxisLabelsLegendNamesAndReferenceLabels()
    {
        string svg = ThresholdPlot().ToSvg(800, 480);
        var root = Parse(svg).Root!;
        Assert.Equal("svg", root.Name.LocalName);
        Assert.Equal("800", root.Attribute("width")?.Value);
        Assert.Equal("480", root.Attribute("height")?.Value);
        Assert.Equal("0 0 800 480", root.Attribute("viewBox")?.Value);
        Assert.Equal("Growth exponent p(β)", root.Elements().First(e => e.Name.LocalName == "title").Value);
        var texts = Texts(svg);
        foreach (var expected in new[] { "Growth exponent p(β)", "β", "exponent p", "measured", "seed: p = 2β − 0.5", "p = 0", "β = 1/4" })
            Assert.Contains(expected, texts);
        Assert.EndsWith("</svg>\n", svg, StringComparison.Ordinal);
    }

    [Fact]
    public void TextIsEscaped()
    {
        var plot = new Plot { Title = "a < b & c > \"d\"", XLabel = "<x>" };
        plot.Add(new Series("s & t", [1, 2], [1, 2]));
        string svg = plot.ToSvg();
        var texts = Texts(svg);
        Assert.Contains("a < b & c > \"d\"", texts);
        Assert.Contains("<x>", texts);
        Assert.Contains("s & t", texts);
    }

    [Fact]
    public void PngHasTheRequestedSizeAndShowsTheSeriesColour()
    {
        var plot = new Plot { Title = "t" };
        plot.Add(new Series("s", [0, 1, 2], [0, 2, 1]) { Color = "#CC0000" });
        byte[] png = plot.ToPng(640, 400);
        Assert.Equal((640, 400), PngSize(png));
        using var bmp = SKBitmap.Decode(png);
        Assert.Equal(640, bmp.Width);
        int red = 0;
        for (int y = 0; y < bmp.Height; y++)
            for (int x = 0; x < bmp.Width; x++)
            {
                var c = bmp.GetPixel(x, y);
                if (c.Red > 180 && c.Green < 60 && c.Blue < 60) red++;
            }
        Assert.True(red > 200, $"only {red} pixels in the series colour");
    }

    [Fact]
    public void ExplicitColoursAreKeptAndThePaletteFillsTheRestInOrder()
    {
        var plot = new Plot();
        plot.Add(new Series("a", [0, 1], [0, 1]));
        plot.Add(new Series("b", [0, 1], [1, 0]) { Color = "#123456" });
        plot.Add(new Series("c", [0, 1], [0.5, 0.5]));
        string svg = plot.ToSvg();
        Assert.Contains("stroke=\"#0072B2\"", svg, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("stroke=\"#123456\"", svg, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("stroke=\"#D55E00\"", svg, StringComparison.OrdinalIgnoreCase); // the palette's second colour goes to "c"
    }

    [Fact]
    public void LogAxisTickLabelsArePowersOfTen()
    {
        var w = Enumerable.Range(0, 50).Select(i => Math.Pow(10, -2 + 5.0 * i / 49)).ToArray();
        var plot = new Plot { XScale = Scale.Log, YScale = Scale.Log, LegendPosition = LegendPosition.None };
        plot.Add(new Series("", w, w.Select(x => 1 / (1 + x * x)).ToArray()));
        var ticks = Texts(plot.ToSvg());
        Assert.True(ticks.Count >= 6, string.Join(" | ", ticks));
        Assert.All(ticks, t => Assert.Matches(PowerOfTen, t));
        Assert.Contains("10⁻²", ticks);
        Assert.Contains("10⁰", ticks);
        Assert.Contains("10³", ticks);
    }

    [Fact]
    public void SemilogDriftPlotLabelsDecadesDownTo1e16()
    {
        var texts = Texts(DriftPlot().ToSvg());
        var decades = texts.Where(t => PowerOfTen.IsMatch(t)).ToList();
        Assert.True(decades.Count >= 3, string.Join(" | ", texts));
        Assert.Contains(decades, d => d.StartsWith("10⁻¹", StringComparison.Ordinal) && d.Length == 5); // 10⁻¹n: a two-digit negative exponent
        Assert.DoesNotContain(texts, t => t.Contains("E-", StringComparison.Ordinal) || t.Contains("e-", StringComparison.Ordinal));
    }

    [Fact]
    public void LogTicksOverManyDecadesUseAStrideAndKeepLabelsApart()
    {
        var ticks = LogTicks.Compute(-16.3, -5.7, 380, 24);
        var labelled = ticks.Where(t => t.Label != null).ToList();
        Assert.True(labelled.Count >= 3);
        Assert.All(labelled, t => Assert.Matches(PowerOfTen, t.Label!));
        Assert.All(labelled, t => Assert.Equal(Math.Round(t.Position), t.Position));
        var gaps = labelled.Zip(labelled.Skip(1), (a, b) => b.Position - a.Position).Distinct().ToList();
        Assert.Single(gaps);
        Assert.True(gaps[0] * 380 / 10.6 >= 24, $"labels {gaps[0]} decades apart are closer than 24 px");
        Assert.Contains(ticks, t => t.Label == null); // the skipped decades stay as minor ticks
    }

    [Fact]
    public void LogTicksWithRoomHaveMinorTicksAtTwoToNine()
    {
        var ticks = LogTicks.Compute(0, 2, 400, 24);
        Assert.Equal(["10⁰", "10¹", "10²"], ticks.Where(t => t.Label != null).Select(t => t.Label!).ToArray());
        Assert.Contains(ticks, t => t.Label == null && Math.Abs(t.Position - Math.Log10(2)) < 1e-12);
        Assert.Contains(ticks, t => t.Label == null && Math.Abs(t.Position - (1 + Math.Log10(9))) < 1e-12);
    }

    [Theory]
    [InlineData(0.05, 0.95)]   // inside one decade: 2, 5
    [InlineData(-0.2, 0.5)]    // one decade tick only
    [InlineData(2.1, 2.25)]    // too narrow for 1-2-5: every mantissa
    public void NarrowLogAxesStillGetTwoLabels(double lo, double hi)
    {
        var labelled = LogTicks.Compute(lo, hi, 300, 24).Where(t => t.Label != null).ToList();
        Assert.True(labelled.Count >= 2, $"labels: {string.Join(", ", labelled.Select(t => t.Label))}");
        Assert.All(labelled, t => Assert.InRange(t.Position, lo - 1e-9, hi + 1e-9));
    }

    [Fact]
    public void DecadeAndMantissaLabels()
    {
        Assert.Equal("10⁻¹⁶", LogTicks.Decade(-16));
        Assert.Equal("10³", LogTicks.Decade(3));
        Assert.Equal("10⁰", LogTicks.Decade(0));
        Assert.Equal("5", LogTicks.Mantissa(5, 0));
        Assert.Equal("0.02", LogTicks.Mantissa(2, -2));
        Assert.Equal("2×10⁻⁵", LogTicks.Mantissa(2, -5));
    }

    [Fact]
    public void LegendIsOutsideTheDataArea()
    {
        foreach (var position in new[] { LegendPosition.TopLeft, LegendPosition.BottomRight })
        {
            var plot = ThresholdPlot();
            plot.LegendPosition = position;
            var sp = plot.Build(800, 480);
            sp.GetImage(800, 480).Dispose();
            var box = sp.Axes.GetPanels().OfType<LegendBox>().Single().LastBox;
            var data = sp.LastRender.DataRect;
            Assert.True(box.Left >= data.Right, $"{position}: legend {box} overlaps the data area {data}");
            Assert.True(box.Right <= 800, $"{position}: legend {box} leaves the figure");
        }
    }

    [Fact]
    public void NoLegendWithoutNamesOrWhenTurnedOff()
    {
        var unnamed = new Plot().Add(new Series("", [0, 1], [0, 1]));
        Assert.Empty(unnamed.Build(800, 480).Axes.GetPanels().OfType<LegendBox>());
        var off = ThresholdPlot();
        off.LegendPosition = LegendPosition.None;
        Assert.Empty(off.Build(800, 480).Axes.GetPanels().OfType<LegendBox>());
        Assert.DoesNotContain("measured", Texts(off.ToSvg()));
    }

    [Fact]
    public void ReferenceLabelsDoNotOverlapEachOther()
    {
        var plot = new Plot { XLabel = "ω" };
        plot.Add(new Series("curve", [0, 1], [0, 1]));
        plot.VerticalLines.Add((0.30, "fit window"));
        plot.VerticalLines.Add((0.32, "β* = 0.320"));
        plot.VerticalLines.Add((0.34, "third label"));
        plot.HorizontalLines.Add((0.5, "p = 0"));
        var sp = plot.Build(800, 480);
        sp.GetImage(800, 480).Dispose();
        var rects = sp.GetPlottables<ScottPlot.Plottables.Text>().Select(t => t.LabelLastRenderPixelRect).ToList();
        Assert.Equal(4, rects.Count);
        for (int i = 0; i < rects.Count; i++)
            for (int j = i + 1; j < rects.Count; j++)
            {
                var a = rects[i];
                var b = rects[j];
                bool overlap = a.Left < b.Right && b.Left < a.Right && a.Top < b.Bottom && b.Top < a.Bottom;
                Assert.False(overlap, $"labels {a} and {b} overlap");
            }
    }

    [Fact]
    public void DashesAreGeometryNotAPathEffect()
    {
        using var path = Dashes.Path([new ScottPlot.Pixel(0, 0), new ScottPlot.Pixel(50, 0), new ScottPlot.Pixel(100, 0)], Dashes.Dashed);
        // 100 px of 6 on / 4 off: ten dashes of 6 px (the pattern runs on across the middle vertex).
        using var measure = new SKPathMeasure(path);
        int count = 0;
        float total = 0;
        do { count++; total += measure.Length; } while (measure.NextContour());
        Assert.Equal(10, count);
        Assert.Equal(60, total, 3);
        using var solid = Dashes.Path([new ScottPlot.Pixel(0, 0), new ScottPlot.Pixel(100, 0)], null);
        Assert.Equal(2, solid.PointCount);
    }

    [Fact]
    public void SamePlotSameBytes()
    {
        var a = DriftPlot();
        string svg1 = a.ToSvg(), svg2 = a.ToSvg(), svg3 = DriftPlot().ToSvg();
        Assert.Equal(svg1, svg2);
        Assert.Equal(svg1, svg3);
        Assert.Equal(a.ToPng(), DriftPlot().ToPng());
        var heat = Slice();
        Assert.Equal(heat.ToSvg(), Slice().ToSvg());
        Assert.Equal(heat.ToPng(), Slice().ToPng());
    }

    [Fact]
    public void ClipIdsAreUniquePerFigureAndDefined()
    {
        string a = DriftPlot().ToSvg(), b = ThresholdPlot().ToSvg();
        var idsA = Regex.Matches(a, "clipPath id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        var idsB = Regex.Matches(b, "clipPath id=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(idsA);
        Assert.Empty(idsA.Intersect(idsB));
        foreach (Match m in Regex.Matches(a, "url\\(#([^)]+)\\)")) Assert.Contains(m.Groups[1].Value, idsA);
    }

    public static TheoryData<string, IFigure> Degenerate()
    {
        var data = new TheoryData<string, IFigure>
        {
            { "no series", new Plot { Title = "empty" } },
            { "all NaN", new Plot().Add(new Series("nan", [double.NaN, double.NaN], [double.NaN, 1])) },
            { "one point", new Plot().Add(new Series("one", [2], [3])) },
            { "one point, log-log", new Plot { XScale = Scale.Log, YScale = Scale.Log }.Add(new Series("one", [2], [3])) },
            { "zero range", new Plot().Add(new Series("flat", [1, 1, 1], [5, 5, 5])) },
            { "zero at zero", new Plot().Add(new Series("zero", [0, 0], [0, 0])) },
            { "log axis, non-positive data", new Plot { YScale = Scale.Log }.Add(new Series("neg", [1, 2, 3], [0, -1, -2])) },
            { "infinities", new Plot().Add(new Series("inf", [0, 1, 2], [double.PositiveInfinity, 1, double.NegativeInfinity])) },
            { "error bars through zero on a log axis", new Plot { YScale = Scale.Log }.Add(new Series("e", [1, 2], [1, 2]) { YError = [5, double.NaN] }) },
            { "reversed fixed limits", new Plot { XMin = 5, XMax = 1 }.Add(new Series("r", [1, 2], [1, 2])) },
            { "lines outside the limits", NewPlotWithLines() },
            { "heatmap all NaN", new HeatmapPlot([0, 1], [0, 1], new double[,] { { double.NaN, double.NaN }, { double.NaN, double.NaN } }) },
            { "heatmap one cell", new HeatmapPlot([1], [1], new double[,] { { 3 } }) },
            { "heatmap constant, log colour", new HeatmapPlot([0, 1, 2], [0, 1], new double[,] { { 2, 2, 2 }, { 2, 2, 2 } }) { LogColor = true } },
            { "heatmap log colour, non-positive", new HeatmapPlot([0, 1], [0, 1], new double[,] { { 0, -1 }, { 0, 0 } }) { LogColor = true } },
            { "regions all on one side", new HeatmapPlot([0, 1], [0, 1], new double[,] { { 1, 1 }, { 1, 1 } }) { Regions = new TwoRegions(0, "below", "above") } },
        };
        return data;
    }

    private static Plot NewPlotWithLines()
    {
        var p = new Plot { XMin = 0, XMax = 1 };
        p.Add(new Series("s", [0, 1], [0, 1]));
        p.VerticalLines.Add((7, "far away"));
        p.HorizontalLines.Add((double.NaN, "nan"));
        return p;
    }

    [Theory]
    [MemberData(nameof(Degenerate))]
    public void DegenerateDataStillRenders(string name, IFigure figure)
    {
        string svg = figure.ToSvg(figure.DefaultWidth, figure.DefaultHeight);
        Assert.Equal("svg", Parse(svg).Root!.Name.LocalName);
        Assert.EndsWith("</svg>\n", svg, StringComparison.Ordinal);
        Assert.Equal((figure.DefaultWidth, figure.DefaultHeight), PngSize(figure.ToPng(figure.DefaultWidth, figure.DefaultHeight)));
        Assert.False(string.IsNullOrEmpty(name));
    }

    [Fact]
    public void FiguresWithNothingToDrawSayNoData()
    {
        Assert.Contains("no data", Texts(new Plot().ToSvg()));
        Assert.Contains("no data", Texts(new Plot { YScale = Scale.Log }.Add(new Series("neg", [1, 2], [-1, -2])).ToSvg()));
        Assert.DoesNotContain("no data", Texts(new Plot().Add(new Series("one", [1], [1])).ToSvg()));
        var nan = new HeatmapPlot([0, 1], [0], new double[,] { { double.NaN, double.NaN } });
        Assert.Contains("no data", Texts(nan.ToSvg()));
    }

    [Fact]
    public void SizesAreChecked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Plot().ToSvg(99, 480));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Plot().ToPng(800, 79));
        Assert.Equal((100, 80), PngSize(ThresholdPlot().ToPng(100, 80)));
    }

    [Fact]
    public void SeriesLengthsAreChecked()
    {
        Assert.Throws<ArgumentException>(() => new Series("s", [1, 2], [1]));
        Assert.Throws<ArgumentException>(() => new Series("s", [1, 2], [1, 2]) { YError = [1] });
    }

    [Fact]
    public void LongTitlesAreShrunkToFit()
    {
        string title = string.Concat(Enumerable.Repeat("a long title ", 12));
        var sp = new Plot { Title = title }.Add(new Series("s", [0, 1], [0, 1])).Build(600, 400);
        Assert.True(sp.Axes.Title.Label.FontSize < FigureStyle.TitleSize);
        var shortTitle = new Plot { Title = "short" }.Build(600, 400);
        Assert.Equal(FigureStyle.TitleSize, shortTitle.Axes.Title.Label.FontSize);
    }

    // ---- heatmaps ------------------------------------------------------------------------------------

    private static HeatmapPlot Slice()
    {
        var k = Enumerable.Range(0, 21).Select(i => -2 + 0.2 * i).ToArray();
        var f = new double[k.Length, k.Length];
        for (int j = 0; j < k.Length; j++)
            for (int i = 0; i < k.Length; i++)
                f[j, i] = Math.Exp(-(k[i] * k[i] + 2 * k[j] * k[j]));
        var h = new HeatmapPlot(k, k, f) { Title = "f(kx, ky, 0)", XLabel = "kx", YLabel = "ky", ColorBarLabel = "f value", LogColor = true, ColorMin = 1e-4 };
        h.ContourLevels.AddRange([1e-2, 0.5]);
        return h;
    }

    [Fact]
    public void HeatmapHasAColourBarWithDecadeLabelsAndTheTexts()
    {
        string svg = Slice().ToSvg();
        var doc = Parse(svg);
        Assert.Contains(doc.Descendants(), e => e.Name.LocalName == "image"); // the colour bar's gradient
        var texts = Texts(svg);
        foreach (var expected in new[] { "f(kx, ky, 0)", "kx", "ky", "f value", "contours at 0.01, 0.5", "10⁻⁴", "10⁰" })
            Assert.Contains(expected, texts);
        Assert.Equal((800, 560), PngSize(Slice().ToPng()));
    }

    [Fact]
    public void LinearColourBarHasNumberLabels()
    {
        var h = new HeatmapPlot([0, 1, 2], [0, 1], new double[,] { { 0, 10, 20 }, { 30, 40, 50 } }) { ColorBarLabel = "p" };
        var texts = Texts(h.ToSvg());
        Assert.Contains("p", texts);
        Assert.Contains("50", texts);
        Assert.DoesNotContain(texts, t => PowerOfTen.IsMatch(t));
    }

    [Fact]
    public void TwoRegionsHaveALegendACurveAndNoColourBar()
    {
        var h = PhaseDiagram(LegendPosition.TopRight);
        string svg = h.ToSvg();
        Assert.DoesNotContain(Parse(svg).Descendants(), e => e.Name.LocalName == "image");
        var texts = Texts(svg);
        foreach (var expected in new[] { "well-posed", "ill-posed", "threshold β*(M)", "10¹", "10²" })
            Assert.Contains(expected, texts);
    }

    private static HeatmapPlot PhaseDiagram(LegendPosition legend)
    {
        var beta = Enumerable.Range(0, 11).Select(i => 0.05 * i).ToArray();
        var m = Enumerable.Range(0, 7).Select(j => Math.Pow(10, 0.5 * j)).ToArray();
        var p = new double[m.Length, beta.Length];
        for (int j = 0; j < m.Length; j++)
            for (int i = 0; i < beta.Length; i++)
                p[j, i] = 2 * beta[i] - 0.5 + 0.1 * Math.Log10(m[j]);
        var h = new HeatmapPlot(beta, m, p)
        {
            XLabel = "β", YLabel = "M", YScale = Scale.Log, LegendPosition = legend,
            Regions = new TwoRegions(0, "well-posed", "ill-posed", BelowColor: "#0000FF", AboveColor: "#FF0000"),
        };
        h.Curves.Add(new Series("threshold β*(M)", m.Select(x => 0.25 - 0.05 * Math.Log10(x)).ToArray(), m) { Color = "#000000" });
        return h;
    }

    [Fact]
    public void HeatmapRowsGoUpAndColumnsGoRight()
    {
        // One hot cell at the top right (largest x, largest y); regions make its colour unique.
        var h = new HeatmapPlot([0, 1, 2], [0, 1, 2], new double[,] { { 0, 0, 0 }, { 0, 0, 0 }, { 0, 0, 1 } })
        {
            Regions = new TwoRegions(0.5, "cold", "hot", BelowColor: "#0000FF", AboveColor: "#FF0000"), LegendPosition = LegendPosition.None,
        };
        using var bmp = SKBitmap.Decode(h.ToPng(400, 400));
        double rx = 0, ry = 0, bx = 0, by = 0;
        int nr = 0, nb = 0;
        for (int y = 0; y < bmp.Height; y++)
            for (int x = 0; x < bmp.Width; x++)
            {
                var c = bmp.GetPixel(x, y);
                if (c.Red > 200 && c.Green < 50 && c.Blue < 50) { rx += x; ry += y; nr++; }
                else if (c.Blue > 200 && c.Red < 50 && c.Green < 50) { bx += x; by += y; nb++; }
            }
        Assert.True(nr > 100 && nb > 8 * 100, $"red {nr}, blue {nb}");
        Assert.True(rx / nr > bx / nb, "the hot cell is not right of the others");
        Assert.True(ry / nr < by / nb, "the hot cell is not above the others");
    }

    [Fact]
    public void HeatmapGridMustMatchAndBeEvenlySpaced()
    {
        Assert.Throws<ArgumentException>(() => new HeatmapPlot([0, 1], [0, 1, 2], new double[2, 2]));
        Assert.Throws<ArgumentException>(() => new HeatmapPlot([], [0], new double[1, 0]));
        Assert.Throws<ArgumentException>(() => new HeatmapPlot([0, 1, 3], [0, 1], new double[2, 3]).ToSvg());
        Assert.Throws<ArgumentException>(() => new HeatmapPlot([1, 10, 100], [0, 1], new double[2, 3]).ToSvg()); // even in log10 only
        var logGrid = new HeatmapPlot([1, 10, 100], [0, 1], new double[2, 3]) { XScale = Scale.Log };
        Assert.Contains("10¹", Texts(logGrid.ToSvg()));
        Assert.Throws<ArgumentException>(() => new HeatmapPlot([0, 1], [0, 1], new double[2, 2]) { XScale = Scale.Log }.ToSvg());
    }

    [Fact]
    public void LargeGridsAreDrawnAsOneImage()
    {
        int n = 120;
        var x = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        var v = new double[n, n];
        for (int j = 0; j < n; j++) for (int i = 0; i < n; i++) v[j, i] = i * n + j;
        string svg = new HeatmapPlot(x, x, v).ToSvg();
        Assert.Equal(2, Parse(svg).Descendants().Count(e => e.Name.LocalName == "image")); // the cells and the colour bar
        Assert.True(svg.Length < 400_000, $"{svg.Length} characters");
    }

    // ---- contours ------------------------------------------------------------------------------------

    [Fact]
    public void ContoursOfACircleLieOnTheCircle()
    {
        var g = Enumerable.Range(0, 41).Select(i => -2 + 0.1 * i).ToArray();
        var v = new double[g.Length, g.Length];
        for (int j = 0; j < g.Length; j++) for (int i = 0; i < g.Length; i++) v[j, i] = g[i] * g[i] + g[j] * g[j];
        var segs = Contours.Segments(g, g, v, 1);
        Assert.True(segs.Count > 40, $"{segs.Count} pieces");
        foreach (var s in segs)
        {
            Assert.InRange(Math.Sqrt(s.X0 * s.X0 + s.Y0 * s.Y0), 0.99, 1.01);
            Assert.InRange(Math.Sqrt(s.X1 * s.X1 + s.Y1 * s.Y1), 0.99, 1.01);
        }
        double length = segs.Sum(s => Math.Sqrt((s.X1 - s.X0) * (s.X1 - s.X0) + (s.Y1 - s.Y0) * (s.Y1 - s.Y0)));
        Assert.InRange(length, 2 * Math.PI * 0.98, 2 * Math.PI * 1.001);
    }

    [Fact]
    public void ContoursSkipNaNCellsAndCheckTheShape()
    {
        double[] g = [0, 1, 2];
        var v = new double[,] { { 0, 0, 0 }, { 0, double.NaN, 1 }, { 1, 1, 1 } };
        var segs = Contours.Segments(g, g, v, 0.5);
        Assert.Empty(segs); // every cell has the NaN corner
        var w = new double[,] { { 0, 1 }, { 0, 1 } };
        var one = Assert.Single(Contours.Segments([0, 1], [0, 1], w, 0.5));
        Assert.Equal(0.5, one.X0, 12);
        Assert.Equal(0.5, one.X1, 12);
        Assert.Throws<ArgumentException>(() => Contours.Segments([0, 1], [0, 1, 2], w, 0.5));
    }

    // ---- result folder -------------------------------------------------------------------------------

    [Fact]
    public void WriteFigureWritesSvgAndPngAtomically()
    {
        using var dir = new TempDir();
        var f = ResultFolder.Create(dir.File("run"), false);
        f.WriteFigure("threshold", ThresholdPlot());
        f.WriteSvg("phase.svg", PhaseDiagram(LegendPosition.BottomRight));
        Assert.Equal(["threshold.svg", "threshold.png", "phase.svg", "phase.png"], f.Files);
        Assert.Equal(["phase.png", "phase.svg", "threshold.png", "threshold.svg"],
            Directory.EnumerateFiles(f.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
        Assert.Contains("well-posed", Texts(File.ReadAllText(Path.Combine(f.Path, "phase.svg"))));
        Assert.Equal((800, 560), PngSize(File.ReadAllBytes(Path.Combine(f.Path, "phase.png"))));
        Assert.Equal((840, 480), PngSize(File.ReadAllBytes(Path.Combine(f.Path, "threshold.png"))));
        Assert.Throws<ArgumentException>(() => f.WriteFigure("../escape", ThresholdPlot()));
        Assert.Throws<ArgumentException>(() => f.WriteSvg("a/b.svg", ThresholdPlot()));
        Assert.Equal(4, Directory.EnumerateFiles(f.Path).Count());
    }
}
