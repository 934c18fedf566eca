using System.Globalization;
using KineticLab.Experiments;
using KineticLab.Numerics.Distributed;

namespace KineticLab.Cli;

/// <summary>
/// The process plumbing of distributed kinds (<see cref="IDistributedKind"/>): under mpiexec (or --mpi) every process
/// starts MPI and runs the kind on the world communicator; only rank 0 prints; an error met by every rank is reported by
/// rank 0, an error on one rank only ends the job. Otherwise the kind makes its own ranks (--ranks: in-process ranks).
/// </summary>
public sealed partial class CommandContext
{
    /// <summary>How library code starts this program in child processes (validation cases, benchmarks under mpiexec).</summary>
    public static CliLauncher Launcher { get; } = new(
        Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet",
        typeof(App).Assembly.Location,
        SolveArguments);

    /// <summary>The arguments of <c>boltzmann solve</c> for a request.</summary>
    internal static IReadOnlyList<string> SolveArguments(SolveRequest r)
    {
        var args = new List<string> { "boltzmann", "solve", r.Experiment, "--out", r.OutDir };
        if (r.Resume) args.Add("--resume");
        if (r.Threads is { } t) { args.Add("--threads"); args.Add(t.ToString(CultureInfo.InvariantCulture)); }
        if (r.Json) args.Add("--json");
        return args;
    }

    private int RunDistributed(IExperimentKind kind, ExperimentSpec spec, Func<string, string>? option, bool resume, Launch launch)
    {
        if (launch.InProcessRanks is < 1 or > 1024)
            throw new InvalidInputException("--ranks", launch.InProcessRanks.ToString(CultureInfo.InvariantCulture), "must be in [1, 1024]");
        bool mpi = launch.Mpi || MpiCommunicator.LaunchedByMpiexec;
        if (!mpi) return RunOn(kind, spec, option, resume, launch, null);
        if (launch.InProcessRanks > 1)
            throw new InvalidInputException("--ranks", launch.InProcessRanks.ToString(CultureInfo.InvariantCulture), "cannot be combined with MPI (the ranks are mpiexec's)");
        var world = MpiCommunicator.Initialize();
        try
        {
            var ctx = world.Rank == 0 ? this : new CommandContext(Parse, Json, OutDir, Force, CheckOnly, TextWriter.Null, TextWriter.Null, Cancel);
            try
            {
                return ctx.RunOn(kind, spec, option, resume, launch with { Mpi = true }, world);
            }
            catch (Exception e) when (world.Rank != 0 && e is InvalidInputException or NumericalFailureException or OperationCanceledException)
            {
                // Every rank meets the same error; rank 0 reports it.
                return App.Report(e, TextWriter.Null);
            }
            catch (Exception e) when (e is not (InvalidInputException or NumericalFailureException or OperationCanceledException))
            {
                // An error on one rank only: the others may wait in a collective, so end the job.
                Stderr.WriteLine($"internal error on rank {world.Rank}: {e.GetType().Name}: {App.OneLine(e.Message)}");
                MpiCommunicator.Abort(App.ExitNumerical);
                throw;
            }
        }
        finally
        {
            MpiCommunicator.FinalizeIfInitialized();
        }
    }
}
