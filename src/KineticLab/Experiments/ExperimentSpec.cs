using System.Text.Json.Serialization;

namespace KineticLab.Experiments;

/// <summary>
/// The members every experiment file may carry besides its own: its <c>kind</c>, a <c>description</c>, a default
/// results folder <c>out</c> and, inside a suite, a <c>name</c>. Specs are plain records read by System.Text.Json
/// (source-generated metadata, unknown members rejected) and checked by their kind's <c>Validate</c>.
/// </summary>
public abstract class ExperimentSpec
{
    [JsonPropertyOrder(-10)] public string? Kind { get; set; }
    [JsonPropertyOrder(-9)] public string? Description { get; set; }
    [JsonPropertyOrder(-8)] public string? Out { get; set; }
    [JsonPropertyOrder(-7)] public string? Name { get; set; }
}
