namespace KineticLab.Simulations;

/// <summary>How a run ended.</summary>
public enum StopKind
{
    /// <summary>The stop time or stop iteration was reached.</summary>
    Completed,
    /// <summary>Cancelled (Ctrl-C) between two steps; the checkpoint holds the state reached.</summary>
    Interrupted,
    /// <summary>The wall-clock limit was reached; the checkpoint holds the state reached.</summary>
    WallTimeLimit,
    /// <summary>A numerical failure (NaN/Inf, negative or zero mass, step-size collapse, too many steps); the state is the last good one.</summary>
    Failed,
}

/// <summary>Where and why a run stopped: what the output writers record in their final output and the summary.</summary>
/// <param name="Kind">How it ended.</param>
/// <param name="Time">Model time of the state kept (the last good one after a failure).</param>
/// <param name="Iteration">Steps of that state.</param>
/// <param name="Reason">One sentence (the failure's message for <see cref="StopKind.Failed"/>).</param>
/// <param name="Checkpoint">The checkpoint file written at the stop, if any.</param>
public sealed record RunStop(StopKind Kind, double Time, long Iteration, string Reason, string? Checkpoint)
{
    public bool Completed => Kind == StopKind.Completed;

    /// <summary>A line for a summary: "completed at t = 1 (120 steps)" or "stopped early at t = 0.3 (step 40): reason".</summary>
    public string Describe() => Kind switch
    {
        StopKind.Completed => $"completed at t = {Time:G10} ({Iteration} steps)",
        _ => $"stopped early at t = {Time:G10} (step {Iteration}): {Reason}" + (Checkpoint is null ? "" : $"; the state there is in {System.IO.Path.GetFileName(Checkpoint)}"),
    };
}

/// <summary>
/// A run stopped by cancellation (Ctrl-C) after writing its checkpoint and its outputs so far; a resumed run continues
/// from <see cref="Stop"/>. Derives from <see cref="OperationCanceledException"/>, so callers that map cancellation to
/// an exit code treat it as an interruption.
/// </summary>
public sealed class RunInterruptedException(RunStop stop, CancellationToken token)
    : OperationCanceledException($"interrupted at t = {stop.Time:G6} (step {stop.Iteration})" + (stop.Checkpoint is null ? "" : $"; checkpoint saved in {stop.Checkpoint}"), token)
{
    public RunStop Stop { get; } = stop;
}
