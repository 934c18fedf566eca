using System.Globalization;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using KineticLab.Output;
using Xunit;

namespace KineticLab.Tests.Output;

public class PlotTests
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";

    private static XDocument Render(Plot p, int w = 720, int h = 480) => XDocument.Parse(p.ToSvg(w, h));

    private static bool HasClass(XElement e, string cls) =>
        ((string?)e.Attribute("class") ?? "").Split(' ').Contains(cls);

    private static IEnumerable<XElement> ByClass(XDocument d, string cls) => d.Descendants().Where(e => HasClass(e, cls));

    private static XElement Group(XDocument d, string cls, string axis) =>
        d.Descendants(Svg + "g").Single(e => HasClass(e, cls) && HasClass(e, axis));

    /// <summary>Tick labels of one axis as plain text, with superscripts written as "^".</summary>
    private static List<string> TickLabels(XDocument d, string axis) =>
        Group(d, "tick-labels", axis).Elements(Svg + "text").Select(t =>
            string.Concat(t.Nodes().Select(n => n is XElement sup ? "^" + sup.Value : ((XText)n).Value))).ToList();

    private static int MoveCount(string d) => d.Count(c => c == 'M');

    private static Plot Simple() => new Plot { Title = "Growth", XLabel = "t", YLabel = "‖f‖" }
        .Add(new Series("a", [0, 1, 2, 3], [1, 4, 9, 16]));

    [Fact]
    public void IsStandaloneSvgWithTitleLabelsAndWhiteBackground()
    {
        string text = Simple().ToSvg();
        Assert.StartsWith("<?xml", text);
        var d = XDocument.Parse(text);
        var root = d.Root!;
        Assert.Equal(Svg + "svg", root.Name);
        Assert.Equal("1.1", (string?)root.Attribute("version"));
        Assert.Equal("720", (string?)root.Attribute("width"));
        Assert.Equal("480", (string?)root.Attribute("height"));
        var bg = ByClass(d, "background").Single();
        Assert.Equal("white", (string?)bg.Attribute("fill"));
        Assert.Equal("Growth", ByClass(d, "title").Single(e => e.Name == Svg + "text").Value);
        Assert.Equal("t", ByClass(d, "axis-label").Single(e => HasClass(e, "x")).Value);
        var yl = ByClass(d, "axis-label").Single(e => HasClass(e, "y"));
        Assert.Equal("‖f‖", yl.Value);
        Assert.StartsWith("rotate(-90", (string?)yl.Attribute("transform"));
    }

    [Fact]
    public void TextIsEscaped()
    {
        var p = new Plot { Title = "a < b & \"c\" > 'd'", XLabel = "x&y" }
            .Add(new Series("<script>&", [1, 2], [1, 2]))
            .Add(new Series("ctrl\u0001char", [1, 2], [2, 3]));
        string text = p.ToSvg();
        Assert.DoesNotContain("<script>", text);
        var d = XDocument.Parse(text);
        Assert.Equal("a < b & \"c\" > 'd'", ByClass(d, "title").Single(e => e.Name == Svg + "text").Value);
        Assert.Contains(ByClass(d, "legend-entry"), e => e.Value == "<script>&");
    }

    [Fact]
    public void LogAxisOverSixDecadesHasExactlyTheDecadeLabels()
    {
        double[] y = [1e-2, 1e-1, 1, 10, 100, 1e3, 1e4];
        var p = new Plot { YScale = Scale.Log, XScale = Scale.Log }.Add(new Series("", y, y));
        var d = Render(p);
        string[] expected = ["10^-2", "10^-1", "10^0", "10^1", "10^2", "10^3", "10^4"];
        Assert.Equal(expected, TickLabels(d, "y"));
        Assert.Equal(expected, TickLabels(d, "x"));
        var sup = Group(d, "tick-labels", "y").Descendants(Svg + "tspan").First();
        Assert.Equal("super", (string?)sup.Attribute("baseline-shift"));
    }

    [Fact]
    public void LogAxisHasMinorTicksBetweenDecades()
    {
        var p = new Plot { YScale = Scale.Log }.Add(new Series("", [0, 1], [1, 1000]));
        var d = Render(p);
        // y: 4 labelled decades and 8 minor ticks in each of the 3 decades; x: linear ticks.
        int xLabels = TickLabels(d, "x").Count;
        int tickMarks = ByClass(d, "ticks").Single().Elements(Svg + "line").Count();
        Assert.Equal(4 + 24 + xLabels, tickMarks);
    }

    [Fact]
    public void LogAxisWithOneDecadeTickFallsBackToOneTwoFive()
    {
        var p = new Plot { YScale = Scale.Log, YMin = 0.15, YMax = 9 }.Add(new Series("", [0, 1], [0.2, 0.8]));
        Assert.Equal(["0.2", "0.5", "1", "2", "5"], TickLabels(Render(p), "y"));
    }

    [Fact]
    public void LogAxisWithinOneDecadeFallsBackToOneTwoFive()
    {
        var p = new Plot { YScale = Scale.Log, YMin = 1.5, YMax = 60 }.Add(new Series("", [0, 1], [2, 50]));
        Assert.Equal(["2", "5", "10", "20", "50"], TickLabels(Render(p), "y"));
        var q = new Plot { YScale = Scale.Log, YMin = 1.5, YMax = 12 }.Add(new Series("", [0, 1], [2, 10]));
        Assert.Equal(["2", "5", "10"], TickLabels(Render(q), "y"));
    }

    [Fact]
    public void NarrowLogAxisLabelsEveryMultipleWhenOneTwoFiveIsTooSparse()
    {
        var p = new Plot { YScale = Scale.Log, YMin = 0.15, YMax = 0.9 }.Add(new Series("", [0, 1], [0.2, 0.8]));
        Assert.Equal(["0.2", "0.3", "0.4", "0.5", "0.6", "0.7", "0.8", "0.9"], TickLabels(Render(p), "y"));
    }

    [Fact]
    public void LinearTicksAreNiceAndCompact()
    {
        var p = new Plot { XMin = 0, XMax = 0.7, YMin = 0, YMax = 1 }.Add(new Series("", [0.1, 0.2, 0.3], [0.1, 0.2, 0.3]));
        var d = Render(p);
        Assert.Equal(["0.0", "0.1", "0.2", "0.3", "0.4", "0.5", "0.6", "0.7"], TickLabels(d, "x"));
        Assert.Equal(["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"], TickLabels(d, "y"));
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-3.3, 17.2)]
    [InlineData(1e-9, 7e-9)]
    [InlineData(123456, 987654)]
    [InlineData(1, 1.000001)]
    [InlineData(-1e12, 1e12)]
    [InlineData(0.1, 0.30000000000000004)]
    public void LinearTickLabelsAreEvenlySpacedRoundNumbers(double lo, double hi)
    {
        var p = new Plot { XMin = lo, XMax = hi }.Add(new Series("", [lo, hi], [0, 1]));
        var labels = TickLabels(Render(p), "x");
        Assert.InRange(labels.Count, 4, 8);
        var values = labels.Select(l => double.Parse(l, NumberStyles.Float, CultureInfo.InvariantCulture)).ToArray();
        Assert.All(values, v => Assert.InRange(v, lo - 1e-9 * Math.Abs(lo), hi + 1e-9 * Math.Abs(hi)));
        double step = values[1] - values[0];
        double mantissa = step / Math.Pow(10, Math.Floor(Math.Log10(step) + 1e-9));
        Assert.Contains(Math.Round(mantissa, 6), new[] { 1.0, 2.0, 5.0 });
        for (int i = 1; i < values.Length; i++) Assert.Equal(step, values[i] - values[i - 1], 1e-6 * step);
        Assert.All(labels, l => Assert.True(l.Length <= 9, $"label '{l}' is too long"));
    }

    [Fact]
    public void LegendHasOneEntryPerNamedSeries()
    {
        var p = new Plot()
            .Add(new Series("first", [1, 2], [1, 2]))
            .Add(new Series("", [1, 2], [2, 3]))
            .Add(new Series("third", [1, 2], [3, 4]) { Markers = true, Dashed = true });
        var entries = ByClass(Render(p), "legend-entry").ToList();
        Assert.Equal(["first", "third"], entries.Select(e => e.Value));
        Assert.NotNull(entries[1].Element(Svg + "circle"));
        Assert.Equal("6 4", (string?)entries[1].Element(Svg + "line")!.Attribute("stroke-dasharray"));
        var box = ByClass(Render(p), "legend").Single().Element(Svg + "rect")!;
        Assert.NotNull(box.Attribute("fill-opacity"));
    }

    [Fact]
    public void NoLegendForASingleUnnamedSeries()
    {
        var p = new Plot().Add(new Series("", [1, 2], [1, 2]));
        Assert.Empty(ByClass(Render(p), "legend"));
    }

    [Fact]
    public void LegendCanBeTurnedOff()
    {
        var p = new Plot { LegendPosition = LegendPosition.None }.Add(new Series("a", [1, 2], [1, 2]));
        Assert.Empty(ByClass(Render(p), "legend"));
    }

    [Fact]
    public void NaNPointsSplitTheLine()
    {
        var p = new Plot().Add(new Series("", [0, 1, 2, 3, 4], [1, 2, double.NaN, 4, 5]));
        string d = (string)ByClass(Render(p), "line").Single().Attribute("d")!;
        Assert.Equal(2, MoveCount(d));
        Assert.Equal(2, d.Count(c => c == 'L'));
    }

    [Fact]
    public void NonPositivePointsSplitTheLineOnLogAxes()
    {
        var p = new Plot { YScale = Scale.Log }.Add(new Series("", [0, 1, 2, 3, 4, 5, 6], [1, 2, 0, 4, 5, -1, 7]));
        string d = (string)ByClass(Render(p), "line").Single().Attribute("d")!;
        // Runs: [1,2], [4,5], [7] (an isolated point is drawn as a dot).
        Assert.Equal(3, MoveCount(d));
        Assert.Equal(2, d.Count(c => c == 'L'));
    }

    [Fact]
    public void NonFiniteXAlsoSplits()
    {
        var p = new Plot().Add(new Series("", [0, double.PositiveInfinity, 2, 3], [1, 2, 3, 4]));
        string d = (string)ByClass(Render(p), "line").Single().Attribute("d")!;
        Assert.Equal(2, MoveCount(d));
    }

    [Fact]
    public void SeriesAreClippedToThePlotArea()
    {
        var d = Render(Simple());
        var clip = d.Descendants(Svg + "clipPath").Single();
        string id = (string)clip.Attribute("id")!;
        var area = ByClass(d, "plot-area").Single();
        Assert.Equal($"url(#{id})", (string?)area.Attribute("clip-path"));
        Assert.Contains(area.Descendants(), e => HasClass(e, "line"));
    }

    [Fact]
    public void FarOutOfRangeDataGiveSmallCoordinates()
    {
        var p = new Plot { XMin = 0, XMax = 1, YMin = 0, YMax = 1 }
            .Add(new Series("", [0.5, 0.6, 0.7, 0.8], [0.5, 1e300, -1e300, 0.5]) { Markers = true });
        var d = Render(p);
        string path = (string)ByClass(d, "line").Single().Attribute("d")!;
        foreach (Match m in Regex.Matches(path, @"-?\d+(\.\d+)?"))
            Assert.InRange(double.Parse(m.Value, CultureInfo.InvariantCulture), -50, 800);
        Assert.Equal(2, ByClass(d, "markers").Single().Elements(Svg + "circle").Count());
    }

    [Fact]
    public void MarkersAreCirclesAtFinitePoints()
    {
        var p = new Plot().Add(new Series("", [1, 2, 3, 4], [1, double.NaN, 3, 4]) { Markers = true, Line = false });
        var d = Render(p);
        Assert.Equal(3, ByClass(d, "markers").Single().Elements(Svg + "circle").Count());
        Assert.Empty(ByClass(d, "line"));
    }

    [Fact]
    public void ErrorBarsAreVerticalLines()
    {
        var p = new Plot().Add(new Series("", [1, 2, 3], [1, 2, 3]) { YError = [0.1, double.NaN, 0.3] });
        string path = (string)ByClass(Render(p), "error-bars").Single().Attribute("d")!;
        Assert.Equal(2, path.Count(c => c == 'V'));
        Assert.Equal(4, path.Count(c => c == 'h')); // caps
    }

    [Fact]
    public void ErrorBarLengthMustMatch() =>
        Assert.Throws<ArgumentException>(() => new Series("", [1, 2], [1, 2]) { YError = [1] });

    [Fact]
    public void SeriesLengthsMustMatch() =>
        Assert.Throws<ArgumentException>(() => new Series("", [1, 2], [1]));

    [Fact]
    public void ErrorBarsWidenTheAutomaticRange()
    {
        var p = new Plot().Add(new Series("", [1, 2], [1, 1]) { YError = [10, 10] });
        var values = TickLabels(Render(p), "y").Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToList();
        Assert.True(values.Min() <= -5 && values.Max() >= 10);
    }

    [Fact]
    public void ReferenceLinesAreDottedAndLabelled()
    {
        var p = Simple();
        p.VerticalLines.Add((1.5, "β* = 1/2"));
        p.HorizontalLines.Add((5, "level"));
        var d = Render(p);
        var lines = ByClass(d, "reference").ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.NotNull(l.Attribute("stroke-dasharray")));
        var labels = ByClass(d, "reference-labels").Single().Elements(Svg + "text").Select(t => t.Value).ToList();
        Assert.Equal(["β* = 1/2", "level"], labels);
    }

    [Fact]
    public void ReferenceLinesWidenTheAutomaticRange()
    {
        var p = new Plot().Add(new Series("", [0, 1], [0, 1]));
        p.VerticalLines.Add((10, "far"));
        var values = TickLabels(Render(p), "x").Select(l => double.Parse(l, CultureInfo.InvariantCulture)).ToList();
        Assert.True(values.Max() >= 10);
    }

    [Fact]
    public void PaletteColoursAreAssignedInOrderAndExplicitColoursKept()
    {
        var p = new Plot()
            .Add(new Series("a", [1, 2], [1, 2]))
            .Add(new Series("b", [1, 2], [1, 3]) { Color = "red" })
            .Add(new Series("c", [1, 2], [1, 4]));
        var strokes = ByClass(Render(p), "line").Select(l => (string?)l.Attribute("stroke")).ToList();
        Assert.Equal([Palette.OkabeIto[0], "red", Palette.OkabeIto[1]], strokes);
    }

    [Fact]
    public void RenderingIsDeterministic()
    {
        Plot Make()
        {
            var p = new Plot { Title = "det", YScale = Scale.Log, XLabel = "x" };
            p.Add(new Series("one", [1, 2, 3, 4], [1e-3, 2e-2, double.NaN, 4]) { Markers = true, YError = [1e-4, 1e-3, 0, 0.5] });
            p.Add(new Series("two", [1, 2, 3, 4], [2, 3, 4, 5]) { Dashed = true });
            p.VerticalLines.Add((2.5, "x*"));
            return p;
        }
        var a = Make();
        Assert.Equal(a.ToSvg(), a.ToSvg());
        Assert.Equal(a.ToSvg(), Make().ToSvg());
        Assert.NotEqual(a.ToSvg(), Make().Add(new Series("three", [1], [1])).ToSvg());
    }

    public static TheoryData<string, Plot> Degenerate() => new()
    {
        { "empty", new Plot() },
        { "empty log", new Plot { XScale = Scale.Log, YScale = Scale.Log } },
        { "all NaN", new Plot().Add(new Series("nan", [double.NaN, double.NaN], [double.NaN, 1])) },
        { "zero length", new Plot().Add(new Series("none", [], [])) },
        { "single point", new Plot().Add(new Series("one", [3], [4])) },
        { "single point log", new Plot { XScale = Scale.Log, YScale = Scale.Log }.Add(new Series("one", [3], [4]) { Markers = true }) },
        { "zero range", new Plot().Add(new Series("flat", [1, 2, 3], [5, 5, 5])) },
        { "zero at zero", new Plot().Add(new Series("zeros", [0, 0], [0, 0])) },
        { "log non-positive only", new Plot { YScale = Scale.Log }.Add(new Series("neg", [1, 2], [-1, 0])) },
        { "inverted limits", new Plot { XMin = 5, XMax = 1, YMin = 2, YMax = 2 }.Add(new Series("", [1, 2], [1, 2])) },
        { "bad log limits", new Plot { YScale = Scale.Log, YMin = -1, YMax = 0 }.Add(new Series("", [1, 2], [1, 2])) },
        { "limit beyond data", new Plot { YMin = 10 }.Add(new Series("", [1, 2], [1, 2])) },
        { "huge", new Plot().Add(new Series("", [-double.MaxValue, double.MaxValue], [double.MaxValue, -double.MaxValue])) },
        { "tiny log range", new Plot { YScale = Scale.Log }.Add(new Series("", [1, 2], [1.0, 1.0 + 1e-13])) },
        { "many decades", new Plot { YScale = Scale.Log }.Add(new Series("", [1, 2], [1e-300, 1e300])) },
        { "subnormal", new Plot { YScale = Scale.Log }.Add(new Series("", [1, 2], [double.Epsilon, 1])) },
    };

    [Theory]
    [MemberData(nameof(Degenerate))]
    public void DegenerateInputsStillRender(string name, Plot p)
    {
        var d = Render(p);
        Assert.Equal(Svg + "svg", d.Root!.Name);
        Assert.True(TickLabels(d, "x").Count >= 2, name);
        Assert.True(TickLabels(d, "y").Count >= 2, name);
        Assert.DoesNotContain("NaN", p.ToSvg());
        Assert.DoesNotContain("∞", p.ToSvg());
        Assert.Equal(p.ToSvg(), p.ToSvg());
    }

    [Fact]
    public void EmptyPlotSaysNoData()
    {
        Assert.Single(ByClass(Render(new Plot()), "no-data"));
        Assert.Empty(ByClass(Render(Simple()), "no-data"));
    }

    [Fact]
    public void SmallSizesStillRender()
    {
        var d = Render(Simple(), 160, 120);
        Assert.Equal("160", (string?)d.Root!.Attribute("width"));
        Assert.Throws<ArgumentOutOfRangeException>(() => Simple().ToSvg(10, 10));
    }

    [Fact]
    public void OverlappingLabelsAreThinned()
    {
        var p = new Plot { XScale = Scale.Log }.Add(new Series("", [1e-3, 1e4], [0, 1]));
        var labels = TickLabels(Render(p, 160, 120), "x");
        Assert.True(labels.Count < 8, string.Join(",", labels));
        Assert.True(labels.Count >= 2);
    }
}
