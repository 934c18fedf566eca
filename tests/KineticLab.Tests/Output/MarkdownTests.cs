using KineticLab.Output;
using Xunit;

namespace KineticLab.Tests.Output;

public class MarkdownTests
{
    [Theory]
    [InlineData(1.234e-5, 4, "1.234e-05")]
    [InlineData(0.25012, 4, "0.2501")]
    [InlineData(0.0, 4, "0")]
    [InlineData(1.0, 4, "1")]
    [InlineData(-0.5, 4, "-0.5")]
    [InlineData(1234.4, 4, "1234")]
    [InlineData(12340.0, 4, "1.234e+04")]
    [InlineData(9.99996, 4, "10")]
    [InlineData(0.001, 4, "0.001")]
    [InlineData(0.00099, 4, "9.9e-04")]
    [InlineData(3.14159, 2, "3.1")]
    [InlineData(0.1 + 0.2, 4, "0.3")]
    [InlineData(6.02214076e23, 3, "6.02e+23")]
    [InlineData(-2.5e-300, 4, "-2.5e-300")]
    [InlineData(double.NaN, 4, "nan")]
    [InlineData(double.PositiveInfinity, 4, "inf")]
    [InlineData(double.NegativeInfinity, 4, "-inf")]
    public void NumberIsCompact(double v, int significant, string expected) =>
        Assert.Equal(expected, Markdown.Number(v, significant));

    [Fact]
    public void NegativeZeroIsZero() => Assert.Equal("0", Markdown.Number(-0.0));

    [Fact]
    public void NumberRejectsBadDigitCount()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Markdown.Number(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => Markdown.Number(1, 18));
    }

    [Fact]
    public void TableHasHeaderSeparatorAndRows()
    {
        string md = Markdown.Table(["β", "exponent"], [["0.25", "1.5"], ["0.5", "a|b"]]);
        string[] lines = md.TrimEnd('\n').Split('\n');
        Assert.Equal(4, lines.Length);
        Assert.All(lines, l => { Assert.StartsWith("|", l); Assert.EndsWith("|", l); });
        Assert.Matches(@"^\|\s*-{3,}\s*\|\s*-{3,}\s*\|$", lines[1]);
        Assert.Contains("a\\|b", lines[3]);
        Assert.Contains("| β ", lines[0]);
        // Columns are padded to a common width.
        Assert.Single(lines.Select(l => l.Length).Distinct());
    }

    [Fact]
    public void TableRejectsRaggedRows() =>
        Assert.Throws<ArgumentException>(() => Markdown.Table(["a", "b"], [["1"]]));

    [Fact]
    public void CellLineBreaksBecomeSpaces() =>
        Assert.Contains("two lines", Markdown.Table(["h"], [["two\nlines"]]));
}
