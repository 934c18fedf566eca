using System.Diagnostics;
using System.Globalization;
using KineticLab.Numerics.Distributed;

namespace KineticLab.Experiments;

/// <summary>A request to the command-line program to solve an experiment file into a results folder.</summary>
/// <param name="Experiment">The experiment file.</param>
/// <param name="OutDir">The results folder.</param>
/// <param name="Resume">Continue from the folder's checkpoint.</param>
/// <param name="Threads">Worker threads (null: the program's default).</param>
/// <param name="Json">Print the machine-readable result.</param>
public sealed record SolveRequest(string Experiment, string OutDir, bool Resume = false, int? Threads = null, bool Json = false);

/// <summary>
/// How library code that needs real processes (validation cases and benchmarks under <c>mpiexec</c>) starts the
/// command-line program: the host (<c>dotnet</c>), the program (the CLI's assembly) and the program's own way of
/// turning a request into its arguments, so that the library names none of its options.
/// </summary>
/// <param name="Host">The executable that runs <paramref name="Program"/> (e.g. the dotnet host).</param>
/// <param name="Program">The program's assembly.</param>
/// <param name="SolveArguments">The arguments of a solve request, after <paramref name="Program"/>.</param>
public sealed record CliLauncher(string Host, string Program, Func<SolveRequest, IReadOnlyList<string>> SolveArguments)
{
    /// <summary>mpiexec on the PATH, or null.</summary>
    public static string? FindMpiexec()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var p = Path.Combine(dir, "mpiexec");
            if (File.Exists(p)) return p;
        }
        return null;
    }

    /// <summary>True when mpiexec and the MPI library are installed.</summary>
    public static bool MpiAvailable => FindMpiexec() is not null && MpiCommunicator.IsAvailable;

    /// <summary>
    /// Runs a solve request in a child process (under <c>mpiexec -n ranks</c> when <paramref name="ranks"/> is given) and
    /// returns its exit code and output. <paramref name="whileRunning"/> is called with the process once it started.
    /// </summary>
    public (int Code, string Stdout, string Stderr) Solve(SolveRequest request, int? ranks = null, CancellationToken cancel = default,
        Action<Process>? whileRunning = null)
    {
        var psi = new ProcessStartInfo(ranks is null ? Host : FindMpiexec() ?? throw new InvalidOperationException("mpiexec is not installed"))
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        if (ranks is { } n)
        {
            psi.ArgumentList.Add("-n");
            psi.ArgumentList.Add(n.ToString(CultureInfo.InvariantCulture));
            psi.ArgumentList.Add(Host);
        }
        psi.ArgumentList.Add(Program);
        foreach (var a in SolveArguments(request)) psi.ArgumentList.Add(a);
        using var proc = Process.Start(psi) ?? throw new InvalidOperationException("could not start a child process");
        var so = proc.StandardOutput.ReadToEndAsync(cancel);
        var se = proc.StandardError.ReadToEndAsync(cancel);
        whileRunning?.Invoke(proc);
        proc.WaitForExit();
        return (proc.ExitCode, so.Result, se.Result);
    }
}
