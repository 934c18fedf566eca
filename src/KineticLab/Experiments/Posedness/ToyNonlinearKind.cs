using System.Text.Json.Serialization.Metadata;
using KineticLab.Posedness.RockAndNeedles;

namespace KineticLab.Experiments.Posedness;

/// <summary>
/// <c>posedness.toy-nonlinear</c>: inhomogeneous runs in d = 2 from rock + needles and from the needles alone; the rock at
/// v = 0 against the closed-form loss-term damping e^{−β}, and the needles against free transport (<see cref="ToyNonlinearCheck"/>).
/// </summary>
public sealed class ToyNonlinearKind : ExperimentKind<ToyNonlinearSpec>
{
    public override string Name => "posedness.toy-nonlinear";
    public override string Summary => "toy nonlinear rock-and-needles check in d = 2 (rock damping against e^{−β}, needles against free transport)";
    protected override JsonTypeInfo<ToyNonlinearSpec> TypeInfo => PosednessJsonContext.Default.ToyNonlinearSpec;

    public override IReadOnlyList<string> Validate(ToyNonlinearSpec spec)
    {
        spec.ToSettings();
        return [];
    }

    public override string Describe(ToyNonlinearSpec spec) => $"posedness toy-nonlinear: {spec.ToSettings().Describe()}";

    protected override ExperimentOutcome Execute(ExperimentRun<ToyNonlinearSpec> run)
    {
        var s = run.Spec.ToSettings();
        var folder = run.Folder!;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        var r = ToyNonlinearCheck.Run(s, run.Progress("posedness toy-nonlinear"), run.Context.Cancel);
        ToyNonlinearReport.Write(folder, s, r, run.Record(null, Parameters(run.Spec)), sw.Elapsed.TotalSeconds);
        var json = ToyNonlinearReport.ToJson(r);
        json["results"] = folder.Path;
        return new ExperimentOutcome
        {
            Data = json,
            Folder = folder.Path,
            Lines =
            [
                s.Describe(),
                $"loss rate at the focus: grid {r.GridLossRate:G6}, closed form {r.ClosedFormLossRate:G6}; gain return r = {r.GainReturn:F4}",
                $"rock at v = 0, final fraction: numerical {r.FinalNumericalFraction:F5}, e^(−β) {r.FinalPredictedFraction:F5}, e^(−(1−r)β) {r.FinalCorrectedFraction:F5}",
                $"max |numerical − e^(−β)| = {r.MaxFractionError:E2}, max |numerical − e^(−(1−r)β)| = {r.MaxCorrectedError:E2}",
                $"needles alone vs free transport: max relative L² distance {r.MaxBeamDeviation:E2}; mass drift {r.MassDrift:E1}",
                $"results: {folder.Path}",
            ],
        };
    }
}
