using System.Globalization;
using System.Text;
using KineticLab.Output;
using Xunit;

namespace KineticLab.Tests.Output;

public class CsvTableTests
{
    /// <summary>A strict RFC 4180 reader used to check what the writer produces.</summary>
    internal static List<List<string>> Parse(string csv)
    {
        var rows = new List<List<string>>();
        var row = new List<string>();
        var cell = new StringBuilder();
        bool quoted = false, wasQuoted = false;
        for (int i = 0; i < csv.Length; i++)
        {
            char c = csv[i];
            if (quoted)
            {
                if (c == '"')
                {
                    if (i + 1 < csv.Length && csv[i + 1] == '"') { cell.Append('"'); i++; }
                    else quoted = false;
                }
                else cell.Append(c);
                continue;
            }
            switch (c)
            {
                case '"':
                    Assert.Equal(0, cell.Length); // quotes only at the start of a field
                    quoted = wasQuoted = true;
                    break;
                case ',':
                    row.Add(cell.ToString()); cell.Clear(); wasQuoted = false;
                    break;
                case '\n':
                    row.Add(cell.ToString()); cell.Clear(); wasQuoted = false;
                    rows.Add(row); row = new List<string>();
                    break;
                default:
                    Assert.False(wasQuoted, "text after a closing quote");
                    cell.Append(c);
                    break;
            }
        }
        Assert.False(quoted, "unterminated quote");
        Assert.Equal(0, cell.Length + row.Count); // last line ends with '\n'
        return rows;
    }

    [Fact]
    public void HeaderAndRowsWithNewlineEndings()
    {
        var t = new CsvTable("t", "mass", "ok");
        t.AddRow(0, 1.5, true);
        t.AddRow(1, 2.5, false);
        Assert.Equal(2, t.RowCount);
        Assert.Equal(["t", "mass", "ok"], t.Columns);
        Assert.Equal("t,mass,ok\n0,1.5,true\n1,2.5,false\n", t.ToCsv());
    }

    [Fact]
    public void WrongCellCountThrows()
    {
        var t = new CsvTable("a", "b");
        Assert.Throws<ArgumentException>(() => t.AddRow(1));
        Assert.Throws<ArgumentException>(() => t.AddRow(1, 2, 3));
        Assert.Equal(0, t.RowCount);
    }

    [Fact]
    public void NoColumnsThrows() => Assert.Throws<ArgumentException>(() => new CsvTable());

    [Fact]
    public void StringsAreQuotedPerRfc4180()
    {
        string[] tricky = ["plain", "a,b", "say \"hi\"", "two\nlines", "cr\rhere", "", " spaced ", "σ≤β"];
        var t = new CsvTable("name, with comma", "v");
        foreach (var s in tricky) t.AddRow(s, 1);
        string csv = t.ToCsv();
        Assert.Contains("\"a,b\"", csv);
        Assert.Contains("\"say \"\"hi\"\"\"", csv);
        Assert.Contains("\nplain,1\n", csv);
        Assert.StartsWith("\"name, with comma\",v\n", csv);

        var rows = Parse(csv);
        Assert.Equal(tricky.Length + 1, rows.Count);
        Assert.Equal(["name, with comma", "v"], rows[0]);
        for (int i = 0; i < tricky.Length; i++) Assert.Equal([tricky[i], "1"], rows[i + 1]);
    }

    [Fact]
    public void DoublesRoundTripBitwise()
    {
        var rng = new Random(1234);
        var values = new List<double> { 0.1 + 0.2, 1.0 / 3, -0.0, 0.0, double.Epsilon, double.MaxValue, double.MinValue,
            1e-300, 123456789.123456789, -2.5e-17, Math.PI, 1e21, 1e-7 };
        for (int i = 0; i < 200; i++) values.Add(BitConverter.Int64BitsToDouble(rng.NextInt64()) is var d && double.IsFinite(d) ? d : 1.0);
        var t = new CsvTable("x");
        foreach (var v in values) t.AddRow(v);

        var rows = Parse(t.ToCsv());
        for (int i = 0; i < values.Count; i++)
        {
            string cell = rows[i + 1][0];
            double back = double.Parse(cell, NumberStyles.Float, CultureInfo.InvariantCulture);
            Assert.Equal(BitConverter.DoubleToInt64Bits(values[i]), BitConverter.DoubleToInt64Bits(back));
        }
        Assert.Equal("0.30000000000000004", rows[1][0]);
    }

    [Fact]
    public void NonFiniteAndOtherTypes()
    {
        var t = new CsvTable("nan", "inf", "minf", "f", "i", "l", "b", "null", "fnan");
        t.AddRow(double.NaN, double.PositiveInfinity, double.NegativeInfinity, 0.1f, -42, 9007199254740993L, true, null, float.NaN);
        Assert.Equal("nan,inf,-inf,0.1,-42,9007199254740993,true,,nan", t.ToCsv().Split('\n')[1]);
    }

    [Fact]
    public void CellsAreCapturedWhenAdded()
    {
        var t = new CsvTable("s");
        var sb = new StringBuilder("before");
        t.AddRow(sb);
        sb.Append("-after");
        Assert.Equal("before", t.Cell(0, 0));
    }
}
