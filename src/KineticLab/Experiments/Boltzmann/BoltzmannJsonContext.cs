using System.Text.Json.Serialization;

namespace KineticLab.Experiments.Boltzmann;

/// <summary>Source-generated metadata of the Boltzmann specs.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, AllowOutOfOrderMetadataProperties = true, RespectNullableAnnotations = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(BoltzmannSolveSpec))]
[JsonSerializable(typeof(BoltzmannInhomogeneousSpec))]
[JsonSerializable(typeof(BoltzmannOperatorSpec))]
public partial class BoltzmannJsonContext : JsonSerializerContext;
