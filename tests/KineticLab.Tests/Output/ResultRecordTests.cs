using System.Globalization;
using System.Reflection;
using System.Text.Json.Nodes;
using KineticLab.Output;
using Xunit;

namespace KineticLab.Tests.Output;

public class ResultRecordTests
{
    private static ResultRecord Sample()
    {
        var r = new ResultRecord
        {
            Kind = "kwe.threshold",
            Parameters = new JsonObject { ["beta"] = 0.25, ["n"] = 64 },
            Started = new DateTimeOffset(2025, 3, 4, 5, 6, 7, 89, TimeSpan.Zero),
            Data = new JsonObject { ["threshold"] = 0.5, ["bad"] = JsonValue.Create(double.NaN) },
            ElapsedSeconds = 12.5,
        };
        r.Figures["growth.svg"] = "growth of the iterates";
        r.Figures["a.svg"] = "second figure";
        r.Tables["scan.csv"] = "scan over β";
        r.Warnings.Add("step size collapsed once");
        return r;
    }

    [Fact]
    public void ToJsonHasAllFieldsInOrder()
    {
        var j = Sample().ToJson();
        Assert.Equal(
            ["kind", "version", "runtime", "machine", "started", "elapsed_seconds", "parameters", "data", "figures", "tables", "warnings"],
            j.Select(p => p.Key).ToArray());
        Assert.Equal("kwe.threshold", j["kind"]!.GetValue<string>());
        Assert.Equal(12.5, j["elapsed_seconds"]!.GetValue<double>());
        Assert.Equal(0.25, j["parameters"]!["beta"]!.GetValue<double>());
        Assert.Equal(0.5, j["data"]!["threshold"]!.GetValue<double>());
        Assert.Equal(["growth.svg", "a.svg"], j["figures"]!.AsObject().Select(p => p.Key).ToArray());
        Assert.Equal("scan over β", j["tables"]!["scan.csv"]!.GetValue<string>());
        Assert.Equal("step size collapsed once", j["warnings"]![0]!.GetValue<string>());
    }

    [Fact]
    public void ProvenanceFields()
    {
        var j = Sample().ToJson();
        string expected = typeof(ResultRecord).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion;
        Assert.Equal(expected, j["version"]!.GetValue<string>());
        Assert.StartsWith("0.1.0", j["version"]!.GetValue<string>());
        Assert.Equal(System.Runtime.InteropServices.RuntimeInformation.FrameworkDescription, j["runtime"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(j["machine"]!["os"]!.GetValue<string>()));
        Assert.Equal(Environment.ProcessorCount, j["machine"]!["processors"]!.GetValue<int>());
        string started = j["started"]!.GetValue<string>();
        Assert.Equal(new DateTimeOffset(2025, 3, 4, 5, 6, 7, 89, TimeSpan.Zero),
            DateTimeOffset.ParseExact(started, "o", CultureInfo.InvariantCulture));
    }

    [Fact]
    public void CanBeSerializedRepeatedlyWithoutStealingNodes()
    {
        var r = Sample();
        string a = Json.Serialize(r.ToJson());
        string b = Json.Serialize(r.ToJson());
        Assert.Equal(a, b);
        Assert.Null(r.Parameters.Parent);
        Assert.Null(r.Data!.Parent);
        Assert.Contains("\"bad\": null", a);
    }

    [Fact]
    public void NonFiniteElapsedBecomesNull()
    {
        var r = new ResultRecord { Kind = "x", ElapsedSeconds = double.NaN };
        Assert.Contains("\"elapsed_seconds\": null", Json.Serialize(r.ToJson()));
    }
}
