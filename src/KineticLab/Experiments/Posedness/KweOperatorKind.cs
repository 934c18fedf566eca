using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using KineticLab.Output;
using KineticLab.Posedness;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Experiments.Posedness;

/// <summary>
/// <c>kwe.operator</c>: C[n](ω), its gain or loss part, at given ω by adaptive quadrature (relative accuracy about 1e-8 at the
/// default tolerance). Prints only, unless a results folder is asked for (operator.csv, results.h5, summary.md).
/// </summary>
public sealed class KweOperatorKind : ExperimentKind<KweOperatorSpec>
{
    public override string Name => "kwe.operator";
    public override string Summary => "isotropic KWE collision operator C[n](ω) (gain, loss or full) at given ω";
    protected override JsonTypeInfo<KweOperatorSpec> TypeInfo => PosednessJsonContext.Default.KweOperatorSpec;
    protected override string? DefaultStem => null;

    public override IReadOnlyList<string> Validate(KweOperatorSpec spec) => spec.Validate();

    public override string Describe(KweOperatorSpec spec) =>
        $"kwe operator: {spec.CreateDatum().Describe()}, β = {Require.Fmt(spec.Beta)}, part {KweThresholdReport.PartName(spec.Collision())}, {spec.Omega.Length} values of ω";

    protected override ExperimentOutcome Execute(ExperimentRun<KweOperatorSpec> run)
    {
        var spec = run.Spec;
        var folder = run.Folder;
        double b = spec.Beta, tol = spec.RelTol;
        var pt = spec.Collision();
        var ws = spec.Omega;
        var d = spec.CreateDatum();
        var op = new IsotropicCollisionOperator(b, new IsotropicQuadratureOptions(RelTol: tol, InnerRelTol: Math.Max(1e-15, tol / 100)));
        var n = d.Create();
        var values = new OperatorValue[ws.Length];
        var progress = run.Progress("kwe operator");
        int done = 0;
        Parallel.For(0, ws.Length, new ParallelOptions { CancellationToken = run.Context.Cancel }, j =>
        {
            values[j] = op.Evaluate(n, ws[j], pt);
            progress.Report(new ProgressInfo("evaluating", Interlocked.Increment(ref done), ws.Length));
        });
        var json = new JsonObject
        {
            ["beta"] = b,
            ["M"] = d.M,
            ["part"] = KweThresholdReport.PartName(pt),
            ["datum"] = KweThresholdReport.DatumName(d.Kind),
            ["omega"] = Json.Array(ws),
            ["value"] = Json.Array(values.Select(v => v.Value).ToArray()),
            ["weighted"] = Json.Array(ws.Select((w, j) => d.Weight(w) * values[j].Value).ToArray()),
            ["error_estimate"] = Json.Array(values.Select(v => v.Error).ToArray()),
            ["converged"] = new JsonArray(values.Select(v => (JsonNode?)v.Converged).ToArray()),
            ["evaluations"] = new JsonArray(values.Select(v => (JsonNode?)v.Evaluations).ToArray()),
        };
        if (d.Kind == KweDatumKind.Oscillating) { json["A"] = d.A; json["N"] = d.N; }
        const string notConverged = "some quadratures did not reach the tolerance (see \"converged\")";
        if (values.Any(v => !v.Converged)) run.Context.Warn(notConverged);

        if (folder is not null)
        {
            var rec = run.Record(json.DeepClone(), Parameters(spec));
            if (values.Any(v => !v.Converged)) rec.Warnings.Add(notConverged);
            var h5 = ResultsFile.Create(Name, rec.Parameters);
            var t = new ResultTable("omega", "value", "weighted", "error_estimate", "converged");
            for (int j = 0; j < ws.Length; j++) t.AddRow(ws[j], values[j].Value, d.Weight(ws[j]) * values[j].Value, values[j].Error, values[j].Converged);
            PosednessOutput.Write(folder, h5, "operator.csv", t);
            h5.Dataset("operator/evaluations", values.Select(v => v.Evaluations).ToArray()).Describe("integrand evaluations");
            rec.Tables["operator.csv"] = "operator values at the requested ω";
            folder.WriteHdf5(ResultsFile.FileName, h5);
            rec.Tables[ResultsFile.FileName] = "HDF5: parameters, /operator (the columns of operator.csv and the evaluations)";
            folder.WriteSummary($"# kwe operator\n\n{d.Describe()}, β = {b}, part {KweThresholdReport.PartName(pt)}.\n\n" +
                Markdown.Table(["ω", "value", "⟨ω⟩^(M/2)·value", "error estimate"],
                    ws.Select((w, j) => (IReadOnlyList<string>)[Markdown.Number(w), $"{values[j].Value:E10}", $"{d.Weight(w) * values[j].Value:E6}", $"{values[j].Error:E1}"])) +
                "\n\nHDF5: `results.h5` (`/operator`).\n");
            folder.WriteResult(rec);
        }

        var lines = new List<string>
        {
            $"{d.Describe()}, β = {b}, part = {KweThresholdReport.PartName(pt)}",
            $"{"omega",14} {"value",22} {"weighted",16} {"error",9}",
        };
        for (int j = 0; j < ws.Length; j++)
            lines.Add($"{ws[j],14:G6} {values[j].Value,22:E14} {d.Weight(ws[j]) * values[j].Value,16:E8} {values[j].Error,9:E1}{(values[j].Converged ? "" : "  (not converged)")}");
        var data = (JsonObject)json.DeepClone();
        if (folder is not null)
        {
            lines.Add($"results: {folder.Path}");
            data["results"] = folder.Path;
        }
        return new ExperimentOutcome { Data = data, Lines = lines, Folder = folder?.Path };
    }
}
