using KineticLab.Output;
using Xunit;

namespace KineticLab.Tests.Output;

public class PlotAxisTests
{
    [Fact]
    public void LinearAutomaticRangeHasSmallMargin()
    {
        var a = PlotAxis.Resolve(Scale.Linear, 0, 10, null, null);
        Assert.Equal(-0.4, a.A, 12);
        Assert.Equal(10.4, a.B, 12);
    }

    [Fact]
    public void FixedLimitsAreExact()
    {
        var a = PlotAxis.Resolve(Scale.Linear, 0, 10, 2, 3);
        Assert.Equal(2, a.A);
        Assert.Equal(3, a.B);
    }

    [Fact]
    public void LogRangeHasNoMargin()
    {
        var a = PlotAxis.Resolve(Scale.Log, 1e-2, 1e4, null, null);
        Assert.Equal(-2, a.A, 12);
        Assert.Equal(4, a.B, 12);
    }

    [Fact]
    public void ZeroRangeIsExpanded()
    {
        var lin = PlotAxis.Resolve(Scale.Linear, 5, 5, null, null);
        Assert.True(lin.A < 5 && lin.B > 5);
        var log = PlotAxis.Resolve(Scale.Log, 3, 3, null, null);
        Assert.True(log.A < Math.Log10(3) && log.B > Math.Log10(3));
        var none = PlotAxis.Resolve(Scale.Linear, double.NaN, double.NaN, null, null);
        Assert.True(none.B > none.A);
    }

    [Fact]
    public void PixelMappingIsLinearInAxisCoordinates()
    {
        var a = PlotAxis.Resolve(Scale.Log, 1, 100, null, null);
        a.SetPixels(100, 300);
        Assert.Equal(100, a.Pixel(1), 9);
        Assert.Equal(200, a.Pixel(10), 9);
        Assert.Equal(300, a.Pixel(100), 9);
    }

    [Fact]
    public void DecadeTicksWithMinorsAtTwoToNine()
    {
        var a = PlotAxis.Resolve(Scale.Log, 1, 1000, null, null);
        var ticks = a.Ticks(600);
        Assert.Equal(["0", "1", "2", "3"], ticks.Where(t => t.Major).Select(t => t.Exponent));
        var minors = ticks.Where(t => !t.Major).Select(t => Math.Round(Math.Pow(10, t.T), 9)).ToList();
        Assert.Equal(24, minors.Count);
        Assert.Contains(2.0, minors);
        Assert.Contains(900.0, minors);
        Assert.True(ticks.Zip(ticks.Skip(1)).All(p => p.First.T < p.Second.T));
    }

    [Fact]
    public void ManyDecadesAreLabelledWithAStride()
    {
        var a = PlotAxis.Resolve(Scale.Log, 1e-300, 1e300, null, null);
        var labelled = a.Ticks(400).Where(t => t.Label != null).ToList();
        Assert.InRange(labelled.Count, 2, 8);
        Assert.All(labelled, t => Assert.Equal("10", t.Label));
    }

    [Fact]
    public void NarrowLogRangeFallsBackToLinearLabels()
    {
        var a = PlotAxis.Resolve(Scale.Log, 1.1, 1.9, 1.1, 1.9);
        var labels = a.Ticks(400).Where(t => t.Label != null).Select(t => t.Label!).ToList();
        Assert.True(labels.Count >= 2);
        Assert.All(labels, l => Assert.InRange(double.Parse(l, System.Globalization.CultureInfo.InvariantCulture), 1.1, 1.9));
    }

    [Fact]
    public void LargeValuesUseCompactScientificLabels()
    {
        var a = PlotAxis.Resolve(Scale.Linear, 0, 1.2e7, 0, 1.2e7);
        var labels = a.Ticks(400).Select(t => t.Label).ToList();
        Assert.Equal(["0", "2e6", "4e6", "6e6", "8e6", "1e7", "1.2e7"], labels);
    }
}
