using System.Text.Json.Serialization.Metadata;
using KineticLab.Posedness;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Experiments.Posedness;

/// <summary>
/// <c>kwe.threshold</c>: scans β, fits the growth exponent p(β) of ⟨ω⟩^(M/2)|C[n⁰](ω)| at large ω, the second Picard
/// iterate's weighted norm against ω_max, and the threshold β* where p crosses 0 (<see cref="KweThreshold"/>).
/// </summary>
public sealed class KweThresholdKind : ExperimentKind<KweThresholdExperimentSpec>
{
    public override string Name => "kwe.threshold";
    public override string Summary => "β-threshold scan of the isotropic KWE: growth exponent p(β), Picard norm, threshold β*";
    protected override JsonTypeInfo<KweThresholdExperimentSpec> TypeInfo => PosednessJsonContext.Default.KweThresholdExperimentSpec;

    private static KweThresholdSpec Library(KweThresholdExperimentSpec spec) =>
        PosednessOutput.Renamed(spec.ToThresholdSpec, KweThresholdExperimentSpec.FileFields);

    public override IReadOnlyList<string> Validate(KweThresholdExperimentSpec spec)
    {
        var s = Library(spec);
        return PosednessOutput.Renamed(s.Validate, KweThresholdExperimentSpec.FileFields);
    }

    public override string Describe(KweThresholdExperimentSpec spec)
    {
        var s = Library(spec);
        return $"kwe threshold: {KweThresholdReport.PartName(s.Part)} operator, {s.Datum.Describe()}, {s.Betas.Length} values of β";
    }

    protected override ExperimentOutcome Execute(ExperimentRun<KweThresholdExperimentSpec> run)
    {
        var spec = Library(run.Spec);
        var folder = run.Folder!;
        var result = KweThreshold.Run(spec,
            run.Progress($"kwe threshold ({KweThresholdReport.PartName(spec.Part)}, {KweThresholdReport.DatumName(spec.Datum.Kind)})"), run.Context.Cancel);
        KweThresholdReport.Write(folder, result, run.Record(null, Parameters(run.Spec)));

        var json = KweThresholdReport.ToJson(result);
        json.Remove("curves");
        json["results"] = folder.Path;
        var pred = spec.SeedPrediction();
        var lines = new List<string>
        {
            $"{KweThresholdReport.PartName(spec.Part)} operator, {spec.Datum.Describe()}",
            $"{"beta",6} {"exponent",10} {"stderr",9} {"seed",8}",
        };
        foreach (var r in result.Rows)
            lines.Add($"{r.Beta,6:0.###} {r.Exponent,10:F4} {r.ExponentStdErr,9:E1} {pred.Slope * r.Beta + pred.Intercept,8:F4}");
        lines.Add(double.IsFinite(result.Threshold)
            ? $"threshold β* = {result.Threshold:F4} ± {result.ThresholdStdErr:G2} ({result.ThresholdMethod}); seed: {pred.Threshold}"
            : "no threshold found in the scanned range");
        lines.Add($"results: {folder.Path} (summary.md, exponent.svg, weighted.svg, picard.svg)");
        return new ExperimentOutcome { Data = json, Lines = lines, Folder = folder.Path };
    }
}
