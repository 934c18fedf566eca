using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using KineticLab.Output;

namespace KineticLab.Experiments;

/// <summary>
/// One kind of experiment (Dedalus' registered solvers, by name): reads its typed spec from JSON, validates it,
/// describes and plans it for a check, and runs it into a results folder. Registered in <see cref="ExperimentRegistry"/>;
/// the CLI's verbs and <c>kineticlab run FILE.json</c> take the same path through it.
/// </summary>
public interface IExperimentKind
{
    /// <summary>The name in experiment files, <c>area.verb</c> (e.g. <c>kwe.solve</c>).</summary>
    string Name { get; }

    /// <summary>Older names accepted in files.</summary>
    IReadOnlyList<string> Aliases { get; }

    /// <summary>One sentence for listings.</summary>
    string Summary { get; }

    ExperimentSpec Read(JsonObject node, string prefix = "");

    /// <summary>Checks the spec (throws <see cref="InvalidInputException"/> naming the field) and returns warnings.</summary>
    IReadOnlyList<string> Validate(ExperimentSpec spec);

    /// <summary>Runs it (or, under <see cref="RunContext.CheckOnly"/>, validates and plans it).</summary>
    ExperimentOutcome Run(ExperimentSpec spec, RunContext context);
}

/// <summary>A run of an experiment: its spec, context, warnings, results folder and clock.</summary>
public sealed class ExperimentRun<TSpec> where TSpec : ExperimentSpec
{
    private ResultFolder? _folder;

    internal ExperimentRun(TSpec spec, RunContext context, IReadOnlyList<string> warnings, string? outDir, string kind, string hash)
    {
        Spec = spec; Context = context; Warnings = warnings; OutDir = outDir; Kind = kind; Hash = hash;
    }

    public TSpec Spec { get; }
    public RunContext Context { get; }
    public IReadOnlyList<string> Warnings { get; }
    /// <summary>The results folder's path (null: the kind writes none for this run).</summary>
    public string? OutDir { get; }
    public string Kind { get; }
    /// <summary>SHA-256 of the spec's canonical JSON (description, out and name left out): identifies the experiment in checkpoints.</summary>
    public string Hash { get; }
    public DateTimeOffset Started { get; } = DateTimeOffset.UtcNow;
    public Stopwatch Clock { get; } = Stopwatch.StartNew();

    /// <summary>
    /// The results folder, created (or, with force or resume, reopened) on first use. Distributed kinds use it on rank 0
    /// only. Null when the run writes no folder.
    /// </summary>
    public ResultFolder? Folder => OutDir is null ? null : _folder ??= ResultFolder.Create(OutDir, Context.Force || Context.Resume);

    /// <summary>A progress sink for a stage.</summary>
    public IProgress<ProgressInfo> Progress(string title) => Context.Progress(title);

    /// <summary>The record written to result.json, with the parameters (the spec as read, with its defaults) and warnings.</summary>
    public ResultRecord Record(JsonNode? data, JsonObject parameters)
    {
        var r = new ResultRecord { Kind = Kind, Parameters = parameters, Started = Started, Data = data, ElapsedSeconds = Clock.Elapsed.TotalSeconds };
        r.Warnings.AddRange(Warnings);
        return r;
    }
}

/// <summary>The base of every kind: reading with <see cref="SpecReader"/>, the check path, the folder and the hash.</summary>
public abstract class ExperimentKind<TSpec> : IExperimentKind where TSpec : ExperimentSpec
{
    public abstract string Name { get; }
    public virtual IReadOnlyList<string> Aliases => [];
    public abstract string Summary { get; }

    /// <summary>Source-generated metadata of the spec.</summary>
    protected abstract JsonTypeInfo<TSpec> TypeInfo { get; }

    /// <summary>Stem of the default results folder (results/&lt;stem&gt;-&lt;UTC time&gt;); null: no folder unless one is asked for.</summary>
    protected virtual string? DefaultStem => Name.Replace('.', '-');

    /// <summary>The default folder's stem for a spec (default: <see cref="DefaultStem"/>).</summary>
    protected virtual string? DefaultStemOf(TSpec spec) => DefaultStem;

    /// <summary>Checks the spec; throws naming the field, returns warnings.</summary>
    public abstract IReadOnlyList<string> Validate(TSpec spec);

    /// <summary>One line saying what would run (for a check).</summary>
    public abstract string Describe(TSpec spec);

    /// <summary>Extra facts of the plan for a check (memory, processes); null when there is nothing to add.</summary>
    public virtual JsonObject? Plan(TSpec spec, RunContext context) => null;

    /// <summary>Computes, writes the folder and returns the outcome.</summary>
    protected abstract ExperimentOutcome Execute(ExperimentRun<TSpec> run);

    public ExperimentSpec Read(JsonObject node, string prefix = "")
    {
        var spec = SpecReader.Read(node, TypeInfo, prefix);
        return spec;
    }

    IReadOnlyList<string> IExperimentKind.Validate(ExperimentSpec spec) => Validate(Cast(spec));

    /// <summary>The JSON of the spec (with defaults), as the parameters of result.json.</summary>
    public JsonObject Parameters(TSpec spec)
    {
        var o = JsonSerializer.SerializeToNode(spec, TypeInfo)!.AsObject();
        foreach (var k in new[] { "kind", "description", "out", "name" })
            if (o[k] is null) o.Remove(k);
        o["kind"] = Name;
        return o;
    }

    /// <summary>SHA-256 of the canonical JSON of the spec without description, out and name.</summary>
    public string Hash(TSpec spec)
    {
        var o = Parameters(spec);
        o.Remove("description"); o.Remove("out"); o.Remove("name");
        return CheckpointFile.Sha256Hex(Json.Serialize(o, indented: false));
    }

    public ExperimentOutcome Run(ExperimentSpec spec, RunContext context)
    {
        var s = Cast(spec);
        var warnings = Validate(s);
        foreach (var w in warnings) context.Warn(w);
        string? outDir = context.OutDir ?? s.Out ?? (DefaultStemOf(s) is { } stem ? DefaultFolder(stem) : null);
        if (context.Resume && context.OutDir is null && s.Out is null)
            throw new InvalidInputException("resume", "", "needs the results folder of the interrupted run");
        if (context.CheckOnly)
        {
            string? full = outDir is null ? null : ResultFolder.Check(outDir, context.Force || context.Resume);
            return ExperimentOutcome.Checked(Describe(s), full, Plan(s, context));
        }
        var run = new ExperimentRun<TSpec>(s, context, warnings, outDir, Name, Hash(s));
        return Execute(run);
    }

    /// <summary>results/&lt;stem&gt;-&lt;UTC time&gt;.</summary>
    public static string DefaultFolder(string stem) => Path.Combine("results", $"{stem}-{DateTime.UtcNow:yyyyMMdd-HHmmss}");

    private TSpec Cast(ExperimentSpec spec) =>
        spec as TSpec ?? throw new ArgumentException($"a {spec.GetType().Name} is not a spec of {Name}", nameof(spec));
}
