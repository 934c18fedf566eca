using System.Text.Json.Nodes;

namespace KineticLab.Experiments;

/// <summary>
/// What a run returns to its front door: the machine-readable result (what <c>--json</c> prints, with the results
/// folder under <c>"results"</c>), the human-readable lines, the folder and whether the run counts as a failure
/// (a validation case that failed). Under a check it holds what would run.
/// </summary>
public sealed class ExperimentOutcome
{
    public required JsonObject Data { get; init; }
    public IReadOnlyList<string> Lines { get; init; } = [];
    public string? Folder { get; init; }
    /// <summary>True when the run completed but its claim did not hold (exit code 1).</summary>
    public bool Failed { get; init; }

    /// <summary>The outcome of a check: <c>{"valid": true, "run": what, "results": folder}</c>.</summary>
    public static ExperimentOutcome Checked(string what, string? folder, JsonObject? plan = null)
    {
        var data = new JsonObject { ["valid"] = true, ["run"] = what };
        if (folder is not null) data["results"] = folder;
        if (plan is not null) foreach (var (k, v) in plan) data[k] = v?.DeepClone();
        var lines = new List<string> { $"valid: {what}" + (folder is null ? "" : $" (results would go to {folder})") };
        if (plan is not null) foreach (var (k, v) in plan) lines.Add($"  {k}: {v?.ToJsonString()}");
        return new ExperimentOutcome { Data = data, Lines = lines, Folder = folder };
    }
}
