using KineticLab.Numerics.Distributed;

namespace KineticLab.Experiments;

/// <summary>How distributed kinds run: MPI ranks, in-process ranks (threads exchanging as ranks would) and threads per rank.</summary>
/// <param name="Mpi">Distribute with MPI (MPICH); implied when started by mpiexec.</param>
/// <param name="InProcessRanks">Ranks as threads of one process (tests, small machines).</param>
/// <param name="Threads">Worker threads (0: all processors, or processors / ranks).</param>
/// <param name="PlannedProcesses">A check plans the run for this many processes (0: the launch's own); nothing is started.</param>
public sealed record Launch(bool Mpi = false, int InProcessRanks = 1, int Threads = 0, int PlannedProcesses = 0)
{
    public static Launch Default { get; } = new();
}

/// <summary>
/// What a run gets from the front door (the CLI, a test, a notebook): where to write, whether to resume or only check,
/// progress and message sinks, cancellation and the launch of distributed runs. Nothing here is a CLI flag.
/// </summary>
public sealed class RunContext
{
    /// <summary>Results folder; null: the kind's default (results/&lt;stem&gt;-&lt;timestamp&gt;, or none for kinds that print only).</summary>
    public string? OutDir { get; init; }

    /// <summary>Reuse an existing, non-empty results folder.</summary>
    public bool Force { get; init; }

    /// <summary>Continue from the checkpoint in the results folder.</summary>
    public bool Resume { get; init; }

    /// <summary>Validate and plan only: nothing is computed or written.</summary>
    public bool CheckOnly { get; init; }

    public CancellationToken Cancel { get; init; }

    /// <summary>A progress sink for a stage of the run (title → sink); the default discards progress.</summary>
    public Func<string, IProgress<ProgressInfo>> Progress { get; init; } = _ => NoProgress.Instance;

    /// <summary>Human-readable messages (resuming at t = …).</summary>
    public Action<string> Info { get; init; } = _ => { };

    /// <summary>Warnings (hypotheses of the theorems violated, a resume without checkpoint).</summary>
    public Action<string> Warn { get; init; } = _ => { };

    public Launch Launch { get; init; } = Launch.Default;

    /// <summary>The communicator a distributed kind runs on when the caller made one (tests); otherwise the kind makes it from <see cref="Launch"/>.</summary>
    public ICommunicator? Communicator { get; init; }

    /// <summary>How to start the command-line program in child processes (validation cases and benchmarks under mpiexec); null: not available.</summary>
    public CliLauncher? Cli { get; init; }

    /// <summary>The memory of this machine a rank may use (the runtime's limit: physical memory or the container's).</summary>
    public long MachineMemoryBytes { get; init; } = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>The same context for an item of a suite.</summary>
    public RunContext With(string? outDir = null, bool? checkOnly = null, Action<string>? info = null, Action<string>? warn = null) => new()
    {
        OutDir = outDir ?? OutDir, Force = Force, Resume = Resume, CheckOnly = checkOnly ?? CheckOnly, Cancel = Cancel,
        Progress = Progress, Info = info ?? Info, Warn = warn ?? Warn, Launch = Launch, Communicator = Communicator, Cli = Cli,
        MachineMemoryBytes = MachineMemoryBytes,
    };

    private sealed class NoProgress : IProgress<ProgressInfo>
    {
        public static NoProgress Instance { get; } = new();
        public void Report(ProgressInfo value) { }
    }
}
