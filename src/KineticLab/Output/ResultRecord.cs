using System.Globalization;
using System.Reflection;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace KineticLab.Output;

/// <summary>
/// What a run produced, as written to <c>result.json</c>: the kind of experiment, its parameters, the main
/// result, the figures and tables written next to it, provenance (library version, runtime, machine, start
/// time, duration) and warnings.
/// </summary>
public sealed class ResultRecord
{
    /// <summary>Dotted name of the experiment, e.g. <c>kwe.threshold</c>.</summary>
    public required string Kind { get; init; }

    /// <summary>The parameters the run used (after defaults were applied).</summary>
    public JsonObject Parameters { get; init; } = new();

    /// <summary>The main result (what the CLI prints with <c>--json</c>).</summary>
    public JsonNode? Data { get; set; }

    /// <summary>Figures written with the result: file name → caption.</summary>
    public Dictionary<string, string> Figures { get; } = new();

    /// <summary>Tables written with the result: file name → caption.</summary>
    public Dictionary<string, string> Tables { get; } = new();

    /// <summary>When the run started.</summary>
    public DateTimeOffset Started { get; init; } = DateTimeOffset.UtcNow;

    /// <summary>Wall-clock duration of the run, in seconds.</summary>
    public double ElapsedSeconds { get; set; }

    /// <summary>Non-fatal problems met during the run, one sentence each.</summary>
    public List<string> Warnings { get; } = new();

    /// <summary>The informational version of the KineticLab library (e.g. <c>0.1.0+&lt;commit&gt;</c>).</summary>
    public static string LibraryVersion { get; } =
        typeof(ResultRecord).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ResultRecord).Assembly.GetName().Version?.ToString()
        ?? "unknown";

    /// <summary>
    /// The record as JSON: <c>kind, version, runtime, machine {os, processors}, started (ISO 8601),
    /// elapsed_seconds, parameters, data, figures, tables, warnings</c>. Parameters and data are deep
    /// copies, so the record can be serialized more than once.
    /// </summary>
    public JsonObject ToJson()
    {
        var figures = new JsonObject();
        foreach (var (name, caption) in Figures) figures[name] = caption;
        var tables = new JsonObject();
        foreach (var (name, caption) in Tables) tables[name] = caption;
        var warnings = new JsonArray();
        foreach (var w in Warnings) warnings.Add(w);

        return new JsonObject
        {
            ["kind"] = Kind,
            ["version"] = LibraryVersion,
            ["runtime"] = RuntimeInformation.FrameworkDescription,
            ["machine"] = new JsonObject
            {
                ["os"] = RuntimeInformation.OSDescription,
                ["processors"] = Environment.ProcessorCount,
            },
            ["started"] = Started.ToString("o", CultureInfo.InvariantCulture),
            ["elapsed_seconds"] = Json.Number(ElapsedSeconds),
            ["parameters"] = Parameters.DeepClone(),
            ["data"] = Data?.DeepClone(),
            ["figures"] = figures,
            ["tables"] = tables,
            ["warnings"] = warnings,
        };
    }
}
