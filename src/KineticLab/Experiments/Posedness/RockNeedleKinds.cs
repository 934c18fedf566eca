using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using KineticLab.Output;
using KineticLab.Posedness.RockAndNeedles;

namespace KineticLab.Experiments.Posedness;

/// <summary>
/// The shape shared by the rock-and-needles kinds (docs/rock-and-needles.md): the typed spec becomes the library's spec,
/// which is validated, run with progress and written as a results folder by <see cref="RockNeedleReports"/>.
/// </summary>
public abstract class RockNeedleKind<TSpec, TLibrary, TResult> : ExperimentKind<TSpec> where TSpec : NeedleExperimentSpec
{
    /// <summary>The verb of <c>kineticlab posedness</c> (e.g. <c>needles-rate</c>).</summary>
    protected abstract string Verb { get; }
    public override string Name => "posedness." + Verb;

    protected abstract TLibrary Library(TSpec spec);
    protected abstract IReadOnlyList<string> ValidateLibrary(TLibrary spec);
    protected abstract string DescribeLibrary(TLibrary spec);
    protected abstract TResult Compute(TLibrary spec, IProgress<ProgressInfo> progress, CancellationToken cancel);
    protected abstract void Write(ResultFolder folder, TResult result, ResultRecord record);
    protected abstract JsonObject ToJson(TResult result);
    /// <summary>The human-readable lines (before the results folder).</summary>
    protected abstract IEnumerable<string> Lines(TLibrary spec, TResult result);
    /// <summary>Sets the members the file left to their defaults in the parameters of result.json.</summary>
    protected abstract void Resolve(JsonObject parameters, TLibrary spec);

    public override IReadOnlyList<string> Validate(TSpec spec) => ValidateLibrary(Library(spec));

    public override string Describe(TSpec spec) => $"posedness {Verb}: {DescribeLibrary(Library(spec))}";

    protected override ExperimentOutcome Execute(ExperimentRun<TSpec> run)
    {
        var spec = Library(run.Spec);
        var folder = run.Folder!;
        var r = Compute(spec, run.Progress($"posedness {Verb}"), run.Context.Cancel);
        var parameters = Parameters(run.Spec);
        Resolve(parameters, spec);
        Write(folder, r, run.Record(null, parameters));
        var json = ToJson(r);
        json["results"] = folder.Path;
        return new ExperimentOutcome { Data = json, Lines = [.. Lines(spec, r), $"results: {folder.Path}"], Folder = folder.Path };
    }
}

/// <summary><c>posedness.needles-rate</c>: the damping-rate field of the needles on the rock (<see cref="NeedlesRate"/>).</summary>
public sealed class NeedlesRateKind : RockNeedleKind<NeedlesRateExperimentSpec, NeedlesRateSpec, NeedlesRateResult>
{
    protected override string Verb => "needles-rate";
    public override string Summary => "damping-rate field R(t,x,0) of the needles on the rock, per needle against the continuum formula, and R0 against M";
    protected override JsonTypeInfo<NeedlesRateExperimentSpec> TypeInfo => PosednessJsonContext.Default.NeedlesRateExperimentSpec;
    protected override NeedlesRateSpec Library(NeedlesRateExperimentSpec spec) => spec.ToLibrary();
    protected override IReadOnlyList<string> ValidateLibrary(NeedlesRateSpec spec) => spec.Validate();
    protected override string DescribeLibrary(NeedlesRateSpec spec) => $"{spec.Base.Describe()}, {spec.Ms.Length} values of M";
    protected override NeedlesRateResult Compute(NeedlesRateSpec spec, IProgress<ProgressInfo> progress, CancellationToken cancel) => NeedlesRate.Run(spec, progress, cancel);
    protected override void Write(ResultFolder folder, NeedlesRateResult result, ResultRecord record) => RockNeedleReports.Write(folder, result, record);
    protected override JsonObject ToJson(NeedlesRateResult result) => RockNeedleReports.ToJson(result);

    protected override void Resolve(JsonObject parameters, NeedlesRateSpec spec)
    {
        NeedleExperimentSpec.Resolve(parameters, spec.Base);
        parameters["M_scan"] = Json.Array(spec.Ms);
    }

    protected override IEnumerable<string> Lines(NeedlesRateSpec spec, NeedlesRateResult r) =>
    [
        $"{spec.Base.Describe()}: J = {r.FieldJ}, R0 = {r.FieldR0:G8}",
        $"max |R_needles − R_continuum|/R0 for |t| ≤ {spec.AgreeTime}: {r.MaxDiffAgree:E2} (by time: {string.Join(", ", r.MaxDiffByTime.Select(x => x.ToString("E2")))})",
        $"focus rate R0 ∝ M^p: p = {r.FocusSlope.Value:F5} ± {r.FocusSlope.StdErr:E1}, predicted (d−1)/2 − s = {r.PredictedSlope:F5}",
        $"max |∂_r R| ∝ M^{r.GradientSlope.Value:F4}, max |∂²_r R| ∝ M^{r.HessianSlope.Value:F4} (3.15: {r.PredictedSlope + 1:F4}, {r.PredictedSlope + 2:F4})",
    ];
}

/// <summary><c>posedness.beam-norm</c>: ‖f_b‖ against M and N2 with fitted slopes against Lemma 3.1 (<see cref="BeamNorm"/>).</summary>
public sealed class BeamNormKind : RockNeedleKind<BeamNormExperimentSpec, BeamNormSpec, BeamNormResult>
{
    protected override string Verb => "beam-norm";
    public override string Summary => "‖f_b‖ in L^{2,r0}_v H^{s0}_x against M and N2, slopes against Lemma 3.1";
    protected override JsonTypeInfo<BeamNormExperimentSpec> TypeInfo => PosednessJsonContext.Default.BeamNormExperimentSpec;
    protected override BeamNormSpec Library(BeamNormExperimentSpec spec) => spec.ToLibrary();
    protected override IReadOnlyList<string> ValidateLibrary(BeamNormSpec spec) => spec.Validate();
    protected override string DescribeLibrary(BeamNormSpec spec) => $"{spec.Base.Describe()}, {spec.Ms.Length} values of M, {spec.N2s.Length} of N2";
    protected override BeamNormResult Compute(BeamNormSpec spec, IProgress<ProgressInfo> progress, CancellationToken cancel) => BeamNorm.Run(spec, progress, cancel);
    protected override void Write(ResultFolder folder, BeamNormResult result, ResultRecord record) => RockNeedleReports.Write(folder, result, record);
    protected override JsonObject ToJson(BeamNormResult result) => RockNeedleReports.ToJson(result);
    protected override void Resolve(JsonObject parameters, BeamNormSpec spec) => NeedleExperimentSpec.Resolve(parameters, spec.Base);

    protected override IEnumerable<string> Lines(BeamNormSpec spec, BeamNormResult r) =>
    [
        $"{spec.Base.Describe()}, r0 = {spec.Base.R0Weight}",
        $"‖f_b‖ ∝ M^p:  p = {r.MSlope.Value:F5} (Lemma 3.1: {r.PredictedM:F5})",
        $"‖f_b‖ ∝ N2^q: q = {r.N2Slope.Value:F5} (Lemma 3.1: {r.PredictedN2:F5})",
    ];
}

/// <summary><c>posedness.bilinear-ratio</c>: the exponent of M in Γ(M) against s0 and its sign change (<see cref="BilinearRatio"/>).</summary>
public sealed class BilinearRatioKind : RockNeedleKind<BilinearRatioExperimentSpec, BilinearRatioSpec, BilinearRatioResult>
{
    protected override string Verb => "bilinear-ratio";
    public override string Summary => "Γ(M) = ‖Q⁻(f_r,f_b)‖/(‖f_r‖‖f_b‖) for a scan of s0: the sign change of its exponent against (d−1)/2";
    protected override JsonTypeInfo<BilinearRatioExperimentSpec> TypeInfo => PosednessJsonContext.Default.BilinearRatioExperimentSpec;
    protected override BilinearRatioSpec Library(BilinearRatioExperimentSpec spec) => spec.ToLibrary();
    protected override IReadOnlyList<string> ValidateLibrary(BilinearRatioSpec spec) => spec.Validate();
    protected override string DescribeLibrary(BilinearRatioSpec spec) =>
        $"d = {spec.Base.D}, kernels {string.Join(",", spec.Kernels.Select(BilinearRatioSpec.KernelName))}, {spec.S0s.Length} values of s0, {spec.Ms.Length} of M";
    protected override BilinearRatioResult Compute(BilinearRatioSpec spec, IProgress<ProgressInfo> progress, CancellationToken cancel) => BilinearRatio.Run(spec, progress, cancel);
    protected override void Write(ResultFolder folder, BilinearRatioResult result, ResultRecord record) => RockNeedleReports.Write(folder, result, record);
    protected override JsonObject ToJson(BilinearRatioResult result) => RockNeedleReports.ToJson(result);

    protected override void Resolve(JsonObject parameters, BilinearRatioSpec spec)
    {
        NeedleExperimentSpec.Resolve(parameters, spec.Base, s0: false);
        // The kernels of the scan (a single gamma/kernel of the file is one of them).
        parameters["kernel"] = null;
        parameters["gamma"] = null;
        parameters["kernels"] = string.Join(",", spec.Kernels.Select(BilinearRatioSpec.KernelName));
        parameters["s0"] = Json.Array(spec.S0s);
    }

    protected override IEnumerable<string> Lines(BilinearRatioSpec spec, BilinearRatioResult r)
    {
        yield return $"d = {spec.Base.D}: exponent of M in Γ(M) = ‖Q⁻(f_r,f_b)‖/(‖f_r‖‖f_b‖)";
        yield return $"{"s0",6} {"predicted",10} " + string.Join(" ", r.Curves.Select(c => $"{BilinearRatioSpec.KernelName(c.Kernel),10}"));
        for (int i = 0; i < spec.S0s.Length; i++)
            yield return $"{spec.S0s[i],6:0.###} {r.Threshold - spec.S0s[i],10:F4} " + string.Join(" ", r.Curves.Select(c => $"{c.Exponent[i],10:F4}"));
        foreach (var c in r.Curves)
            yield return $"kernel {BilinearRatioSpec.KernelName(c.Kernel)}: sign change at s0 = {c.SignChange:F4} (claimed threshold (d−1)/2 = {r.Threshold}, scaling index {r.ScalingIndex})";
    }
}

/// <summary><c>posedness.deflation</c>: the rock's norm deflation with the paper's parameters (<see cref="Deflation"/>).</summary>
public sealed class DeflationKind : RockNeedleKind<DeflationExperimentSpec, DeflationSpec, DeflationResult>
{
    protected override string Verb => "deflation";
    public override string Summary => "norm deflation of the rock from t = 0 to T*, against ln ln M, with the two-solution distances";
    protected override JsonTypeInfo<DeflationExperimentSpec> TypeInfo => PosednessJsonContext.Default.DeflationExperimentSpec;
    protected override DeflationSpec Library(DeflationExperimentSpec spec) => spec.ToLibrary();
    protected override IReadOnlyList<string> ValidateLibrary(DeflationSpec spec) => spec.Validate();
    protected override string DescribeLibrary(DeflationSpec spec) => $"d = {spec.Base.D}, {spec.Base.KernelName}, s0 = {spec.Base.S0}, {spec.Ms.Length} values of M";
    protected override DeflationResult Compute(DeflationSpec spec, IProgress<ProgressInfo> progress, CancellationToken cancel) => Deflation.Run(spec, progress, cancel);
    protected override void Write(ResultFolder folder, DeflationResult result, ResultRecord record) => RockNeedleReports.Write(folder, result, record);
    protected override JsonObject ToJson(DeflationResult result) => RockNeedleReports.ToJson(result);
    protected override void Resolve(JsonObject parameters, DeflationSpec spec) => NeedleExperimentSpec.Resolve(parameters, spec.Base, mn2: false);

    protected override IEnumerable<string> Lines(DeflationSpec spec, DeflationResult r) =>
    [
        $"{"M",10} {"factor",8} {"lnlnM",8} {"t0/T*",8} {"|f(t0)-g(t0)|",14} {"|f(0)-g(0)|",12}",
        .. r.Rows.Select(x => $"{x.M,10:G4} {x.Factor,8:F4} {x.LogLogM,8:F4} {x.T0 / x.TStar,8:F4} {x.DistanceAtT0,14:F4} {x.DistanceAt0,12:F4}"),
    ];
}
