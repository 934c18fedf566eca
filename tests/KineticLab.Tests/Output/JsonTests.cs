using System.Globalization;
using System.Text.Json.Nodes;
using KineticLab.Output;
using Xunit;

namespace KineticLab.Tests.Output;

public class JsonTests
{
    [Fact]
    public void NumberIsNullForNonFinite()
    {
        Assert.Null(Json.Number(double.NaN));
        Assert.Null(Json.Number(double.PositiveInfinity));
        Assert.Null(Json.Number(double.NegativeInfinity));
        Assert.NotNull(Json.Number(0.0));
    }

    [Fact]
    public void ArrayWritesNonFiniteAsNull()
    {
        var a = Json.Array([1.0, double.NaN, double.PositiveInfinity, double.NegativeInfinity, 2.5]);
        Assert.Equal("[1,null,null,null,2.5]", Json.Serialize(a, indented: false));
    }

    [Fact]
    public void NonFiniteValuesAnywhereInTheTreeBecomeNull()
    {
        var o = new JsonObject
        {
            ["a"] = JsonValue.Create(double.NaN),
            ["b"] = new JsonArray(JsonValue.Create(float.PositiveInfinity), JsonValue.Create(3)),
            ["c"] = new JsonObject { ["d"] = JsonValue.Create(double.NegativeInfinity) },
        };
        Assert.Equal("{\"a\":null,\"b\":[null,3],\"c\":{\"d\":null}}", Json.Serialize(o, indented: false));
    }

    [Fact]
    public void DoublesRoundTripExactly()
    {
        double[] values = [0.1 + 0.2, 1.0 / 3, double.Epsilon, double.MaxValue, -1e-300, 6.02214076e23, -0.0];
        string text = Json.Serialize(Json.Array(values), indented: false);
        Assert.Contains("0.30000000000000004", text);
        var back = JsonNode.Parse(text)!.AsArray();
        for (int i = 0; i < values.Length; i++)
            Assert.Equal(BitConverter.DoubleToInt64Bits(values[i]), BitConverter.DoubleToInt64Bits(back[i]!.GetValue<double>()));
    }

    [Fact]
    public void ShortestFormIsUsed()
    {
        Assert.Equal("0.1", Json.Serialize(Json.Number(0.1), indented: false));
        Assert.Equal("0.1", Json.Serialize(JsonValue.Create(0.1f), indented: false));
    }

    [Fact]
    public void IndentedUsesTwoSpacesAndLf()
    {
        var o = new JsonObject { ["x"] = 1, ["y"] = new JsonArray(1, 2) };
        string text = Json.Serialize(o);
        Assert.DoesNotContain("\r", text);
        Assert.Equal("{\n  \"x\": 1,\n  \"y\": [\n    1,\n    2\n  ]\n}", text);
    }

    [Fact]
    public void NonAsciiStaysReadable()
    {
        string text = Json.Serialize(new JsonObject { ["caption"] = "σ ≤ β* < 1 & \"q\"" }, indented: false);
        Assert.Contains("σ ≤ β*", text);
        Assert.Equal("σ ≤ β* < 1 & \"q\"", JsonNode.Parse(text)!["caption"]!.GetValue<string>());
    }

    [Fact]
    public void ParsedNumbersKeepTheirText()
    {
        const string src = "{\"big\":12345678901234567890,\"x\":1.50}";
        Assert.Equal(src, Json.Serialize(JsonNode.Parse(src), indented: false));
    }

    [Fact]
    public void NullNodeIsNull() => Assert.Equal("null", Json.Serialize(null));

    [Fact]
    public void OutputDoesNotDependOnCurrentCulture()
    {
        var saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("") { NumberFormat = { NumberDecimalSeparator = "," } };
            Assert.Equal("[0.5]", Json.Serialize(Json.Array([0.5]), indented: false));
        }
        finally { CultureInfo.CurrentCulture = saved; }
    }
}
