using System.Text.Json.Serialization;

namespace KineticLab.Experiments.Bench;

/// <summary>Source-generated metadata of the benchmark specs.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, AllowOutOfOrderMetadataProperties = true, RespectNullableAnnotations = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(BenchCollisionSpec))]
[JsonSerializable(typeof(BenchInhomogeneousSpec))]
public partial class BenchJsonContext : JsonSerializerContext;
