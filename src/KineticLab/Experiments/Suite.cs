using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace KineticLab.Experiments;

/// <summary>A list of experiments run one after the other into sub-folders of one results folder (e.g. <c>examples/showcase.json</c>).</summary>
public sealed class SuiteSpec : ExperimentSpec
{
    /// <summary>The experiments: each an object with a plain folder <c>name</c>, a <c>kind</c> and that kind's members.</summary>
    public JsonObject[] Experiments { get; set; } = [];

    /// <summary>The file the suite was read from (names the default results folder and the summary).</summary>
    [JsonIgnore] public string? SourcePath { get; set; }
}

/// <summary>The <c>suite</c> kind: validates every item before running any, then runs each into <c>&lt;out&gt;/&lt;name&gt;</c>.</summary>
public sealed class SuiteKind : ExperimentKind<SuiteSpec>
{
    public override string Name => "suite";
    public override string Summary => "several experiments, each into a sub-folder of one results folder";
    protected override JsonTypeInfo<SuiteSpec> TypeInfo => ExperimentJsonContext.Default.SuiteSpec;
    protected override string? DefaultStem => "suite";

    /// <summary>A suite read from a file writes by default into results/&lt;file name&gt;-&lt;time&gt; (results/showcase-… for the showcase).</summary>
    protected override string? DefaultStemOf(SuiteSpec spec) => spec.SourcePath is { } p ? Path.GetFileNameWithoutExtension(p) : DefaultStem;

    private static List<(string Name, IExperimentKind Kind, ExperimentSpec Spec)> Items(SuiteSpec spec)
    {
        if (spec.Experiments.Length == 0) throw new InvalidInputException("experiments", "[]", "must be a non-empty list of objects");
        var items = new List<(string, IExperimentKind, ExperimentSpec)>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < spec.Experiments.Length; i++)
        {
            var node = spec.Experiments[i];
            string prefix = $"experiments[{i}]";
            if (node is null) throw new InvalidInputException(prefix, "null", "must be a JSON object");
            var name = node["name"] is JsonValue nv && nv.TryGetValue<string>(out var s) ? s
                : throw new InvalidInputException($"{prefix}.name", node["name"]?.ToJsonString() ?? "(missing)", "a plain folder name is required");
            if (name.Length == 0 || name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
                throw new InvalidInputException($"{prefix}.name", name, "must be a plain folder name");
            if (!seen.Add(name)) throw new InvalidInputException($"{prefix}.name", name, "is used by an earlier experiment of the suite");
            var (kind, item) = ExperimentRegistry.Read(node, prefix: prefix);
            if (kind is SuiteKind) throw new InvalidInputException($"{prefix}.kind", "suite", "suites do not nest");
            items.Add((name, kind, item));
        }
        return items;
    }

    public override IReadOnlyList<string> Validate(SuiteSpec spec)
    {
        foreach (var (_, kind, item) in Items(spec)) kind.Validate(item);
        return [];
    }

    public override string Describe(SuiteSpec spec) =>
        $"suite of {spec.Experiments.Length} experiments ({string.Join(", ", Items(spec).Select(i => i.Name))})";

    protected override ExperimentOutcome Execute(ExperimentRun<SuiteSpec> run)
    {
        var items = Items(run.Spec);
        var ctx = run.Context;
        // Validate every item's content and folder before running any (a typo in the last must not cost the first ones' time).
        foreach (var (name, kind, item) in items)
            kind.Run(item, ctx.With(outDir: Path.Combine(run.OutDir!, name), checkOnly: true, info: _ => { }, warn: _ => { }));
        var top = run.Folder!;
        var lines = new List<string>();
        var data = new JsonObject();
        var md = new List<string>();
        bool failed = false;
        for (int i = 0; i < items.Count; i++)
        {
            var (name, kind, item) = items[i];
            ctx.Info($"[{i + 1}/{items.Count}] {name}");
            var o = kind.Run(item, ctx.With(outDir: Path.Combine(top.Path, name)));
            failed |= o.Failed;
            data[name] = o.Data.DeepClone();
            lines.AddRange(o.Lines.Select(l => $"  {l}"));
            md.Add($"- [{name}]({name}/summary.md)" + (item.Description is { } d ? $": {d}" : ""));
        }
        string title = run.Spec.SourcePath is { } p ? Path.GetFileName(p) : "suite";
        top.WriteSummary($"# {title}\n\n" + (run.Spec.Description is { } desc ? $"{desc}\n\n" : "") + string.Join("\n", md) + "\n");
        lines.Add($"results: {top.Path}");
        return new ExperimentOutcome { Data = new JsonObject { ["results"] = top.Path, ["experiments"] = data }, Lines = lines, Folder = top.Path, Failed = failed };
    }
}
