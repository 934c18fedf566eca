using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using KineticLab.Numerics.Validation;
using KineticLab.Output;

namespace KineticLab.Experiments.Validation;

/// <summary>The slow validations to run: an area (or all) and optionally some of its cases by name.</summary>
public sealed class ValidateSpec : ExperimentSpec
{
    /// <summary>kwe, boltzmann, posedness, … or all.</summary>
    public string Area { get; set; } = "all";
    /// <summary>Case names (null: every case of the area).</summary>
    public string[]? Cases { get; set; }
}

/// <summary>
/// <c>validate</c>: runs validation cases and writes a table of the measured values against their tolerances; the
/// outcome counts as failed (exit code 1) when any case fails.
/// </summary>
public sealed class ValidateKind : ExperimentKind<ValidateSpec>
{
    public override string Name => "validate";
    public override string Summary => "the slow validations against exact solutions and independent references";
    protected override JsonTypeInfo<ValidateSpec> TypeInfo => ExperimentJsonContext.Default.ValidateSpec;
    protected override string? DefaultStemOf(ValidateSpec spec) => $"validate-{spec.Area}";

    /// <summary>The cases a spec selects.</summary>
    public static List<ValidationCase> Select(ValidateSpec spec)
    {
        var all = ValidationCatalog.All();
        var areas = all.Select(c => c.Area).Distinct().ToList();
        if (spec.Area != "all" && !areas.Contains(spec.Area))
            throw new InvalidInputException("area", spec.Area, $"must be one of {string.Join("|", areas)}|all");
        var selected = all.Where(c => spec.Area == "all" || c.Area == spec.Area).ToList();
        if (spec.Cases is { } wanted)
        {
            foreach (var w in wanted)
                if (!selected.Any(c => c.Name == w))
                    throw new InvalidInputException("cases", w, $"unknown case; one of {string.Join(", ", selected.Select(c => c.Name))}");
            selected = selected.Where(c => wanted.Contains(c.Name)).ToList();
        }
        return selected;
    }

    public override IReadOnlyList<string> Validate(ValidateSpec spec)
    {
        Select(spec);
        return [];
    }

    public override string Describe(ValidateSpec spec)
    {
        var s = Select(spec);
        return $"validate: {s.Count} cases ({string.Join(", ", s.Select(c => c.Name))})";
    }

    public override JsonObject? Plan(ValidateSpec spec, RunContext context) => null;

    protected override ExperimentOutcome Execute(ExperimentRun<ValidateSpec> run)
    {
        var selected = Select(run.Spec);
        var ctx = run.Context;
        var rows = new List<(ValidationCase Case, ValidationOutcome Outcome, double Seconds)>();
        var lines = new List<string>();
        var folder = run.Folder!;
        foreach (var c in selected)
        {
            ctx.Info($"[{rows.Count + 1}/{selected.Count}] {c.Area}/{c.Name}: {c.Claim}");
            var sw = System.Diagnostics.Stopwatch.StartNew();
            ValidationOutcome o;
            try { o = c.Run(run.Progress($"{c.Area}/{c.Name}"), ctx.Cancel); }
            catch (Exception e) when (e is NumericalFailureException or InvalidOperationException or ArgumentException)
            {
                o = new ValidationOutcome(false, double.NaN, double.NaN, $"failed with {e.GetType().Name}: {e.Message.Replace('\n', ' ')}");
            }
            rows.Add((c, o, sw.Elapsed.TotalSeconds));
            ctx.Info($"    {(o.Passed ? "PASS" : "FAIL")}  measured {o.Measured:G4} (tolerance {o.Tolerance:G4}) — {o.Detail} [{sw.Elapsed.TotalSeconds:F1} s]");
        }
        var table = new CsvTable("area", "case", "passed", "measured", "tolerance", "seconds", "detail", "claim");
        foreach (var (c, o, s) in rows) table.AddRow(c.Area, c.Name, o.Passed, o.Measured, o.Tolerance, s, o.Detail, c.Claim);
        folder.WriteCsv("validation.csv", table);
        int failed = rows.Count(r => !r.Outcome.Passed);
        var data = new JsonObject
        {
            ["passed"] = rows.Count - failed,
            ["failed"] = failed,
            ["cases"] = new JsonArray(rows.Select(r => (JsonNode?)new JsonObject
            {
                ["area"] = r.Case.Area, ["name"] = r.Case.Name, ["passed"] = r.Outcome.Passed,
                ["measured"] = Json.Number(r.Outcome.Measured), ["tolerance"] = Json.Number(r.Outcome.Tolerance),
                ["seconds"] = r.Seconds, ["detail"] = r.Outcome.Detail,
            }).ToArray()),
        };
        var rec = run.Record(data, new JsonObject { ["area"] = run.Spec.Area, ["cases"] = new JsonArray(selected.Select(c => (JsonNode?)c.Name).ToArray()) });
        rec.Tables["validation.csv"] = "one row per validation case";
        folder.WriteSummary($"# Validation ({run.Spec.Area})\n\n{rows.Count - failed} passed, {failed} failed.\n\n" +
            Markdown.Table(["case", "result", "measured", "tolerance", "detail", "time (s)"],
                rows.Select(r => (IReadOnlyList<string>)[$"{r.Case.Area}/{r.Case.Name}", r.Outcome.Passed ? "pass" : "**FAIL**",
                    Markdown.Number(r.Outcome.Measured), Markdown.Number(r.Outcome.Tolerance), r.Outcome.Detail, $"{r.Seconds:F1}"])) + "\n");
        folder.WriteResult(rec);
        var json = (JsonObject)data.DeepClone();
        json["results"] = folder.Path;
        lines.Add($"{rows.Count - failed} passed, {failed} failed");
        lines.Add($"results: {folder.Path}");
        return new ExperimentOutcome { Data = json, Lines = lines, Folder = folder.Path, Failed = failed > 0 };
    }
}
