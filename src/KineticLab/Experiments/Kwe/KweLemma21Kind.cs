using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using KineticLab.Output;
using KineticLab.WaveKinetic.Anisotropic;

namespace KineticLab.Experiments.Kwe;

/// <summary>
/// Collisional averaging, Lemma 2.1 (kind <c>kwe.lemma21</c>, verb <c>kwe lemma21</c>):
/// <c>{ "kind": "kwe.lemma21", "r_min": 1e-2, "r_max": 1e4, "radii": 61, "angles": 41 }</c>.
/// </summary>
public sealed class KweLemma21Spec : ExperimentSpec
{
    /// <summary>Smallest nonzero |k| of the log grid.</summary>
    public double RMin { get; set; } = 1e-2;
    /// <summary>Largest |k|.</summary>
    public double RMax { get; set; } = 1e4;
    /// <summary>Log-spaced radii per vector (plus 0).</summary>
    public int Radii { get; set; } = 61;
    /// <summary>Values of cos∠(k1, k2) in [−1, 1].</summary>
    public int Angles { get; set; } = 41;
}

/// <summary>
/// <c>kwe.lemma21</c>: sup of (1+|k1|²+|k2|²)·∫⟨k1*⟩^(−3)dσ over a grid of (|k1|, |k2|, angle) by quadrature, checked
/// against the closed form and compared with 8π.
/// </summary>
public sealed class KweLemma21Kind : ExperimentKind<KweLemma21Spec>
{
    public override string Name => "kwe.lemma21";
    public override string Summary => "collisional averaging (Lemma 2.1): the supremum against 8π";
    protected override JsonTypeInfo<KweLemma21Spec> TypeInfo => KweJsonContext.Default.KweLemma21Spec;
    protected override string? DefaultStem => null;

    public override IReadOnlyList<string> Validate(KweLemma21Spec s)
    {
        Require.InRange("r_min", s.RMin, 1e-8, 1e8);
        if (!(s.RMax > s.RMin) || s.RMax > 1e8) throw new InvalidInputException("r_max", Require.Fmt(s.RMax), $"must exceed the smallest radius {Require.Fmt(s.RMin)} and be at most 1e8");
        Require.IntInRange("radii", s.Radii, 2, 2000);
        Require.IntInRange("angles", s.Angles, 3, 2001);
        return [];
    }

    public override string Describe(KweLemma21Spec s) =>
        $"kwe lemma21: |k| ∈ {{0}} ∪ [{Require.Fmt(s.RMin)}, {Require.Fmt(s.RMax)}], {s.Radii} radii, {s.Angles} angles";

    protected override ExperimentOutcome Execute(ExperimentRun<KweLemma21Spec> run)
    {
        var s = run.Spec;
        var folder = run.Folder;
        run.Progress("kwe lemma21");
        var scan = CollisionalAveraging.Scan(s.RMin, s.RMax, s.Radii, s.Angles, run.Context.Cancel);
        var mx = scan.Maximum;
        var json = new JsonObject
        {
            ["sup"] = mx.Weighted,
            ["eight_pi"] = scan.EightPi,
            ["sup_over_eight_pi"] = mx.Weighted / scan.EightPi,
            ["at"] = new JsonObject { ["k1"] = mx.K1, ["k2"] = mx.K2, ["cos_angle"] = mx.CosAngle },
            ["closed_form_at_sup"] = (1 + mx.K1 * mx.K1 + mx.K2 * mx.K2) * mx.ClosedForm,
            ["max_relative_difference_quadrature_closed_form"] = scan.MaxRelativeDifference,
            ["points"] = scan.Points,
        };
        if (folder is not null)
        {
            var rec = run.Record(json.DeepClone(), Parameters(s));
            folder.WriteSummary($"# Lemma 2.1\n\nsup (1+|k1|²+|k2|²)·F = {mx.Weighted:R} at |k1| = {mx.K1}, |k2| = {mx.K2}, cos = {mx.CosAngle} ({scan.Points} points); 8π = {scan.EightPi:R}. " +
                                $"Quadrature vs closed form: max relative difference {scan.MaxRelativeDifference:E2}.\n");
            folder.WriteResult(rec);
        }
        var lines = new List<string>
        {
            $"sup (1+|k1|²+|k2|²)·∫⟨k1*⟩^(-3)dσ = {mx.Weighted:F9} at |k1| = {mx.K1:G6}, |k2| = {mx.K2:G6}, cos∠ = {mx.CosAngle:G4} ({scan.Points} grid points)",
            $"8π = {scan.EightPi:F9}; ratio {mx.Weighted / scan.EightPi:F9}; quadrature vs closed form: max relative difference {scan.MaxRelativeDifference:E2}",
        };
        return new ExperimentOutcome { Data = json, Lines = lines, Folder = folder?.Path };
    }
}
