using System.Text.Json.Serialization;

namespace KineticLab.Experiments.Posedness;

/// <summary>
/// Source-generated metadata of the posedness specs: the isotropic KWE threshold and operator verbs and the
/// rock-and-needles experiments (their files keep the field names of the paper: <c>M</c>, <c>N2</c>, <c>c_J</c>, <c>M_scan</c>).
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow, AllowOutOfOrderMetadataProperties = true, RespectNullableAnnotations = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(KweThresholdExperimentSpec))]
[JsonSerializable(typeof(KweOperatorSpec))]
[JsonSerializable(typeof(KwePhaseDiagramExperimentSpec))]
[JsonSerializable(typeof(KweInflationExperimentSpec))]
[JsonSerializable(typeof(KweWellPosednessExperimentSpec))]
[JsonSerializable(typeof(NeedlesRateExperimentSpec))]
[JsonSerializable(typeof(BeamNormExperimentSpec))]
[JsonSerializable(typeof(BilinearRatioExperimentSpec))]
[JsonSerializable(typeof(DeflationExperimentSpec))]
[JsonSerializable(typeof(ToyNonlinearSpec))]
[JsonSerializable(typeof(SpaceTimeRatioExperimentSpec))]
[JsonSerializable(typeof(SolutionDeflationExperimentSpec))]
public partial class PosednessJsonContext : JsonSerializerContext;
