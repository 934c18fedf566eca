using System.Text.Json.Nodes;
using KineticLab.Output;

namespace KineticLab.Cli;

/// <summary>
/// The life cycle shared by the checkpointed solve verbs: the results folder and its checkpoint, resume without a
/// checkpoint (a warning and a fresh start), checkpoints holding the experiment and the solver state, the checkpoint
/// written when a run is interrupted or fails numerically, and the JSON line of a finished run.
/// </summary>
internal sealed class CheckpointedRun
{
    private readonly JsonNode _source;

    private CheckpointedRun(ResultFolder folder, string checkpoint, bool resume, JsonNode source)
    {
        Folder = folder; CheckpointPath = checkpoint; Resume = resume; _source = source;
    }

    public ResultFolder Folder { get; }
    public string CheckpointPath { get; }
    /// <summary>True when a checkpoint exists and --resume was given.</summary>
    public bool Resume { get; }

    /// <summary>Null after <c>--check</c> (the check line is printed); otherwise the folder, created or reopened.</summary>
    public static CheckpointedRun? Prepare(CommandContext ctx, JsonFields fields, bool resume, string? defaultOut, string stem, string what)
    {
        if (resume && ctx.OutDir is null && defaultOut is null)
            throw new InvalidInputException("--resume", "", "needs --out naming the folder of the interrupted run");
        var outDir = ctx.OutDir ?? defaultOut ?? Path.Combine("results", $"{stem}-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
        if (ctx.CheckOnly) { ctx.Checked(what, outDir); return null; }
        var folder = ResultFolder.Create(outDir, ctx.Force || resume);
        var cp = folder.PathOf("checkpoint.json");
        if (resume && !File.Exists(cp))
        {
            ctx.Warn($"no checkpoint in {folder.Path} (the run stopped before its first checkpoint): starting from t = 0");
            resume = false;
        }
        return new CheckpointedRun(folder, cp, resume, fields.Raw.DeepClone());
    }

    /// <summary>A copy of the experiment object (the parameters of the result record).</summary>
    public JsonObject Parameters => (JsonObject)_source.DeepClone();

    /// <summary>The saved solver state; exit code 2 when the checkpoint belongs to another experiment.</summary>
    public JsonNode LoadState()
    {
        var payload = Checkpoint.Load(CheckpointPath);
        if (payload["experiment"]?.ToJsonString() != _source.ToJsonString())
            throw new InvalidInputException("--resume", CheckpointPath, "the checkpoint belongs to a different experiment");
        return payload["state"]!;
    }

    public void Save(JsonNode state) =>
        Checkpoint.Save(CheckpointPath, new JsonObject { ["experiment"] = _source.DeepClone(), ["state"] = state });

    /// <summary>
    /// Runs <paramref name="run"/> with progress. On interruption or numerical failure, <paramref name="saveLast"/> writes
    /// the last good state and the reason is reported with <paramref name="where"/> (e.g. "t = 0.5") before rethrowing.
    /// </summary>
    public void Execute(CommandContext ctx, string title, Action<IProgress<ProgressInfo>, CancellationToken> run, Action saveLast, Func<string> where)
    {
        try
        {
            ctx.WithProgress(title, prog => { run(prog, ctx.Cancel); return 0; });
        }
        catch (OperationCanceledException)
        {
            saveLast();
            ctx.Stderr.WriteLine($"interrupted at {where()}; checkpoint saved in {CheckpointPath} (continue with --resume --out {Folder.Path})");
            throw;
        }
        catch (NumericalFailureException)
        {
            saveLast();
            ctx.Stderr.WriteLine($"the last good state ({where()}) is saved in {CheckpointPath}");
            throw;
        }
    }

    /// <summary>Prints the record's data with the results folder as one JSON line.</summary>
    public void PrintJson(CommandContext ctx, ResultRecord rec)
    {
        var data = (JsonObject)rec.Data!.DeepClone();
        data["results"] = Folder.Path;
        ctx.Stdout.WriteLine(Json.Serialize(data, indented: false));
    }
}
