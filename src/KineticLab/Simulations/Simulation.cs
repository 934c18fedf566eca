using System.Diagnostics;
using KineticLab.Numerics.Distributed;

namespace KineticLab.Simulations;

/// <summary>
/// The one run loop (Oceananigans' <c>Simulation</c> and <c>run!</c>): advances a <see cref="IModel"/> to a stop time or
/// stop iteration, checks <see cref="Guards"/> after every step (a failing guard or step restores the last good state),
/// acts on <see cref="Callbacks"/> and <see cref="OutputWriters"/> on their schedules (timed schedules shorten the step so
/// the model lands on their times), writes the <see cref="Checkpointer"/>'s checkpoint on its schedule and at every
/// early stop, resumes from a checkpoint, and finishes every writer whether the run completed, failed, was interrupted
/// or reached its wall-clock limit, so nothing written is lost and the summary says where and why the run stopped.
/// For a distributed model every rank runs the loop; cancellation is agreed between the ranks before every step.
/// </summary>
public sealed class Simulation
{
    public Simulation(IModel model, ICommunicator? communicator = null)
    {
        Model = model ?? throw new ArgumentNullException(nameof(model));
        Communicator = communicator ?? SerialCommunicator.Instance;
    }

    public IModel Model { get; }
    public ICommunicator Communicator { get; }
    public bool IsRoot => Communicator.Rank == 0;

    /// <summary>Stop when the model time reaches this (landing on it exactly).</summary>
    public double StopTime { get; init; } = double.PositiveInfinity;

    /// <summary>Stop after this many steps.</summary>
    public long StopIteration { get; init; } = long.MaxValue;

    /// <summary>Stop cleanly (checkpoint written, resumable) after this much wall-clock time.</summary>
    public TimeSpan? WallTimeLimit { get; init; }

    public List<Guard> Guards { get; } = new();
    public List<Callback> Callbacks { get; } = new();
    public List<IOutputWriter> OutputWriters { get; } = new();
    public Checkpointer? Checkpointer { get; set; }

    /// <summary>Progress after every step (rank 0 only).</summary>
    public IProgress<ProgressInfo>? Progress { get; set; }

    /// <summary>Title of the progress stage.</summary>
    public string ProgressStage { get; init; } = "time stepping";

    /// <summary>How the last <see cref="Run"/> ended (null while running).</summary>
    public RunStop? Stop { get; private set; }

    /// <summary>Model time at the start of this run (after a resume: the checkpoint's).</summary>
    public double StartTime { get; private set; }

    /// <summary>Steps at the start of this run.</summary>
    public long StartIteration { get; private set; }

    /// <summary>Wall-clock seconds spent in <see cref="Run"/> so far.</summary>
    public double WallSeconds => _wall.Elapsed.TotalSeconds;

    /// <summary>Wall-clock seconds spent in the model's steps (this rank).</summary>
    public double StepSeconds { get; private set; }

    /// <summary>Wall-clock seconds spent waiting for the ranks to agree before a step (this rank).</summary>
    public double AgreementSeconds { get; private set; }

    private readonly Stopwatch _wall = new();

    /// <summary>True after <see cref="RestoreFromCheckpoint"/>: the next <see cref="Run"/> continues the restored run.</summary>
    public bool Restored { get; private set; }

    /// <summary>
    /// Restores the model and cuts the history logs back from the <see cref="Checkpointer"/>'s file (collective), so
    /// that <see cref="Run"/> continues exactly where the checkpoint was taken.
    /// </summary>
    /// <exception cref="InvalidInputException">(field <c>checkpoint</c>) Missing, corrupt, old, or of another experiment.</exception>
    public void RestoreFromCheckpoint()
    {
        if (Checkpointer is null) throw new InvalidOperationException("restoring needs a checkpointer");
        Checkpointer.Restore(this);
        Restored = true;
    }

    /// <summary>
    /// Runs in memory: records <paramref name="sample"/> on <paramref name="schedule"/> (a <see cref="MemoryWriter{T}"/>
    /// beside any other writers) and returns the records with the reason the run stopped.
    /// </summary>
    public (IReadOnlyList<T> Values, RunStop Stop) Collect<T>(ISchedule schedule, Func<T> sample, CancellationToken cancel = default)
    {
        var writer = new MemoryWriter<T>("outputs", schedule, _ => sample());
        OutputWriters.Add(writer);
        var stop = Run(cancel);
        return (writer.Values, stop);
    }

    /// <summary>
    /// Runs to the stop time or iteration. A fresh run (no <see cref="RestoreFromCheckpoint"/>) first acts on the
    /// schedules due at the initial state.
    /// </summary>
    /// <exception cref="NumericalFailureException">A step or a guard failed; the last good state was checkpointed and the outputs finished.</exception>
    /// <exception cref="RunInterruptedException">Cancelled; the state reached was checkpointed and the outputs finished.</exception>
    public RunStop Run(CancellationToken cancel = default)
    {
        _wall.Restart();
        Stop = null;
        bool resume = Restored;
        StartTime = Model.Time;
        StartIteration = Model.Iteration;
        if (!resume)
        {
            ActOnSchedules();
            if (Checkpointer is { } cp && cp.Schedule.IsDue(Model)) cp.Write(this);
        }
        Model.KeepGoodState();
        try
        {
            while (Model.Time < StopTime && Model.Iteration < StopIteration)
            {
                var wait = Stopwatch.StartNew();
                bool go = Communicator.AllTrue(!cancel.IsCancellationRequested);
                AgreementSeconds += wait.Elapsed.TotalSeconds;
                if (!go) return Finish(StopKind.Interrupted, "interrupted", cancel);
                if (WallTimeLimit is { } limit && Communicator.AllTrue(_wall.Elapsed < limit) is false)
                    return Finish(StopKind.WallTimeLimit, $"the wall-clock limit of {limit.TotalSeconds:G4} s was reached", cancel);
                var sw = Stopwatch.StartNew();
                Model.Step(NextStop(), cancel);
                StepSeconds += sw.Elapsed.TotalSeconds;
                foreach (var g in Guards)
                    if (g.Check(Model) is { } problem)
                        throw new NumericalFailureException(g.Quantity, Model.Time, Model.Iteration, problem);
                Model.KeepGoodState();
                ActOnSchedules();
                if (Checkpointer is { } cp && cp.Schedule.IsDue(Model)) cp.Write(this);
                if (IsRoot) Progress?.Report(StopIteration < long.MaxValue && double.IsPositiveInfinity(StopTime)
                    ? new ProgressInfo(ProgressStage, Model.Iteration, StopIteration, $"t = {Model.Time:G6}, step {Model.Iteration}")
                    : new ProgressInfo(ProgressStage, Model.Time - StartTime, StopTime - StartTime, $"t = {Model.Time:G4}, {Model.Iteration} steps"));
            }
        }
        catch (NumericalFailureException e)
        {
            Model.RestoreGoodState();
            var path = WriteStopCheckpoint();
            e.SavedTo = path;
            Stop = new RunStop(StopKind.Failed, Model.Time, Model.Iteration, e.Message, path);
            FinishWriters();
            throw;
        }
        catch (OperationCanceledException) when (cancel.IsCancellationRequested)
        {
            // Cancelled inside a step (a parallel loop): the state may be half-updated.
            Model.RestoreGoodState();
            return Finish(StopKind.Interrupted, "interrupted", cancel);
        }
        Stop = new RunStop(StopKind.Completed, Model.Time, Model.Iteration, "completed", Checkpointer?.Path);
        FinishWriters();
        return Stop;
    }

    private RunStop Finish(StopKind kind, string reason, CancellationToken cancel)
    {
        var path = WriteStopCheckpoint();
        Stop = new RunStop(kind, Model.Time, Model.Iteration, reason, path);
        FinishWriters();
        if (kind == StopKind.Interrupted) throw new RunInterruptedException(Stop, cancel);
        return Stop;
    }

    private string? WriteStopCheckpoint()
    {
        if (Checkpointer is null) return null;
        Checkpointer.Write(this);
        return Checkpointer.Path;
    }

    private void FinishWriters()
    {
        foreach (var w in OutputWriters) w.Finish(this, Stop!);
    }

    /// <summary>The time the next step must not pass: the stop time or the next time a timed schedule is due.</summary>
    private double NextStop()
    {
        double until = StopTime, t = Model.Time;
        void Consider(ISchedule s)
        {
            if (s.NextTime(t) is { } next && next < until) until = next;
        }
        foreach (var c in Callbacks) Consider(c.Schedule);
        foreach (var w in OutputWriters) Consider(w.Schedule);
        if (Checkpointer is not null) Consider(Checkpointer.Schedule);
        return until;
    }

    private void ActOnSchedules()
    {
        foreach (var c in Callbacks)
            if (c.Schedule.IsDue(Model)) c.Action(this);
        foreach (var w in OutputWriters)
            if (w.Schedule.IsDue(Model)) w.Write(this);
    }
}
