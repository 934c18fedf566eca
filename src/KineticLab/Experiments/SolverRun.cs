using KineticLab.Output;
using KineticLab.Simulations;

namespace KineticLab.Experiments;

/// <summary>
/// The checkpointed life cycle of the solver kinds, on top of <see cref="Simulation"/>: where the checkpoint and the
/// history logs live in the results folder (the same names for every solver), whether a resume has a checkpoint to
/// continue from, and the run itself with progress and the "resuming at" message.
/// </summary>
public static class SolverRun
{
    /// <summary>The append-only time series of a run (<see cref="TimeSeriesWriter"/>).</summary>
    public const string TimeSeriesFile = "timeseries.csv";

    /// <summary>The append-only field log of a run (<see cref="FieldWriter"/>).</summary>
    public const string FieldsFile = "fields.bin";

    /// <summary>Wall-clock time between two refreshes of the report while a run goes on.</summary>
    public static TimeSpan ReportInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// True when the run should continue from the folder's checkpoint: resume was asked and a checkpoint exists. Resume
    /// without a checkpoint (the run stopped before its first) warns and starts afresh; a version-1 checkpoint is refused.
    /// </summary>
    public static bool ShouldResume<T>(ExperimentRun<T> run, string start) where T : ExperimentSpec
    {
        if (!run.Context.Resume) return false;
        var folder = run.Folder!;
        if (File.Exists(folder.PathOf(CheckpointFile.FileName))) return true;
        var legacy = folder.PathOf(CheckpointFile.LegacyFileName);
        if (File.Exists(legacy))
            throw new InvalidInputException("checkpoint", legacy, "a version-1 checkpoint of an older KineticLab: this version cannot resume it; start the run again");
        run.Context.Warn($"no checkpoint in {folder.Path} (the run stopped before its first checkpoint): starting from {start}");
        return false;
    }

    /// <summary>The checkpointer of a run, writing <see cref="CheckpointFile.FileName"/> in its folder.</summary>
    public static Checkpointer Checkpointer<T>(ExperimentRun<T> run, ISchedule schedule) where T : ExperimentSpec =>
        new(run.Folder!.PathOf(CheckpointFile.FileName), run.Kind, run.Hash, schedule);

    /// <summary>The report schedule: at <paramref name="outputs"/>, at most every <see cref="ReportInterval"/> of wall time (the end always).</summary>
    public static ISchedule ReportSchedule(ISchedule outputs) => new Throttled(outputs, ReportInterval);

    /// <summary>Restores (when resuming) and runs the simulation with progress (rank 0 reports).</summary>
    public static RunStop Execute(Simulation sim, bool resume, RunContext context, string title)
    {
        if (sim.IsRoot) sim.Progress = context.Progress(title);
        if (resume)
        {
            sim.RestoreFromCheckpoint();
            if (sim.IsRoot) context.Info($"resuming at t = {sim.Model.Time:G6} ({sim.Model.Iteration} steps done)");
        }
        return sim.Run(context.Cancel);
    }

    /// <summary>
    /// Wires a solver run's history into <paramref name="sim"/> — the time series (<see cref="TimeSeriesFile"/>), the
    /// field log (<see cref="FieldsFile"/>), the report refreshed on <see cref="History.ReportSchedule"/> and at the
    /// end, the checkpoint (<see cref="CheckpointFile.FileName"/>) — runs it (resuming when asked) and returns the
    /// report's outcome (rank 0; other ranks get an empty outcome).
    /// </summary>
    public static ExperimentOutcome RunWithHistory(Simulation sim, History history, string folder, string kind, string hash, bool resume,
        RunContext context, string title)
    {
        var ts = new TimeSeriesWriter("timeseries", Path.Combine(folder, TimeSeriesFile), history.Columns, _ => history.Row(), history.RowSchedule);
        var fields = new FieldWriter(history.FieldsName, Path.Combine(folder, FieldsFile), _ => history.Fields(), history.FieldSchedule);
        ExperimentOutcome? outcome = null;
        var report = new ReportWriter("report", ReportSchedule(history.ReportSchedule), (_, stop) => outcome = history.Report(ts, fields, stop));
        sim.OutputWriters.AddRange([ts, fields, report]);
        if (history.CheckpointSchedule is { } cs) sim.Checkpointer = new Checkpointer(Path.Combine(folder, CheckpointFile.FileName), kind, hash, cs);
        using (ts)
        using (fields)
            Execute(sim, resume, context, title);
        return sim.IsRoot ? outcome! : new ExperimentOutcome { Data = new System.Text.Json.Nodes.JsonObject() };
    }

    /// <summary>The same for a run with a results folder of its own (one process).</summary>
    public static ExperimentOutcome RunWithHistory<T>(ExperimentRun<T> run, Simulation sim, History history, bool resume, string title) where T : ExperimentSpec =>
        RunWithHistory(sim, history, run.Folder!.Path, run.Kind, run.Hash, resume, run.Context, title);

    /// <summary>What a solver run records and reports.</summary>
    /// <param name="Columns">Columns of the time series.</param>
    /// <param name="Row">One row of the time series at the model's current state.</param>
    /// <param name="RowSchedule">When a row is appended (output times, or every step).</param>
    /// <param name="Fields">The fields to log at the model's current state.</param>
    /// <param name="FieldSchedule">When they are logged.</param>
    /// <param name="ReportSchedule">When the report is refreshed while the run goes on (throttled to <see cref="ReportInterval"/>).</param>
    /// <param name="CheckpointSchedule">When a checkpoint is written (besides early stops); null: no checkpoints.</param>
    /// <param name="Report">Builds the report from the logs; the stop is null while the run goes on.</param>
    /// <param name="FieldsName">The field log's name in the checkpoint.</param>
    public sealed record History(
        IReadOnlyList<string> Columns, Func<double[]> Row, ISchedule RowSchedule,
        Func<IEnumerable<(string Name, double[] Values)>> Fields, ISchedule FieldSchedule,
        ISchedule ReportSchedule, ISchedule? CheckpointSchedule,
        Func<TimeSeriesWriter, FieldWriter, RunStop?, ExperimentOutcome> Report,
        string FieldsName = "fields");

    /// <summary>Outputs, plus every <paramref name="every"/> steps when positive.</summary>
    public static ISchedule OutputsAndEvery(ISchedule outputs, int every) => every > 0 ? new AnyOf(outputs, new IterationInterval(every)) : outputs;

    /// <summary>"running", "completed", "interrupted", "wall-time-limit" or "failed".</summary>
    public static string StatusName(RunStop? stop) => stop is null ? "running" : stop.Kind switch
    {
        StopKind.Completed => "completed",
        StopKind.Interrupted => "interrupted",
        StopKind.WallTimeLimit => "wall-time-limit",
        _ => "failed",
    };

    /// <summary>The status line of a summary: completed, still running, or stopped early with where and why.</summary>
    public static string StatusLine(RunStop? stop, double reached, double tEnd) => stop switch
    {
        null => $"**Status: running** — the outputs below are up to t = {reached:G6} of {tEnd:G6}; they are refreshed as the run goes on.",
        { Completed: true } => $"Status: {stop.Describe()}.",
        _ => $"**Status: {stop.Describe()}.** The outputs below are up to t = {reached:G6} of {tEnd:G6}.",
    };

}
