using System.Text.Json.Serialization;

namespace KineticLab.Experiments.Kwe;

/// <summary>Source-generated metadata of the kinetic-wave-equation specs.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, AllowOutOfOrderMetadataProperties = true, RespectNullableAnnotations = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(KweSolveSpec))]
[JsonSerializable(typeof(Kwe3DSolveSpec))]
[JsonSerializable(typeof(Kwe3DInhomogeneousSpec))]
[JsonSerializable(typeof(KweOperator3DSpec))]
[JsonSerializable(typeof(KweLemma21Spec))]
public partial class KweJsonContext : JsonSerializerContext;
