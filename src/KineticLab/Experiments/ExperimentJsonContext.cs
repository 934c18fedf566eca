using System.Text.Json.Serialization;

namespace KineticLab.Experiments;

/// <summary>Source-generated metadata of the specs of this folder (each area has its own context next to its kinds).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, AllowOutOfOrderMetadataProperties = true, RespectNullableAnnotations = true,
    ReadCommentHandling = System.Text.Json.JsonCommentHandling.Skip, AllowTrailingCommas = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(SuiteSpec))]
[JsonSerializable(typeof(Validation.ValidateSpec))]
[JsonSerializable(typeof(Bench.BenchKweSpec))]
public partial class ExperimentJsonContext : JsonSerializerContext;
