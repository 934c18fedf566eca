using System.CommandLine;
using System.CommandLine.Help;
using KineticLab.Cli.Commands;

namespace KineticLab.Cli;

/// <summary>
/// The <c>kineticlab</c> command: builds the command tree, maps outcomes to exit codes
/// (0 success, 1 numerical failure, 2 invalid input) and owns all printing.
/// </summary>
public static class App
{
    public const int ExitOk = 0;
    public const int ExitNumerical = 1;
    public const int ExitInvalid = 2;

    /// <summary>Runs the CLI with the given arguments and writers; the test suite calls this in-process.</summary>
    public static int Run(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancel = default)
    {
        var globals = new GlobalOptions();
        var root = BuildRoot(globals, stdout, stderr, cancel);
        ParseResult parsed;
        try
        {
            parsed = root.Parse(args);
        }
        catch (Exception e)
        {
            stderr.WriteLine($"error: {OneLine(e.Message)}");
            return ExitInvalid;
        }

        if (parsed.Errors.Count > 0)
        {
            stderr.WriteLine($"error: {OneLine(parsed.Errors[0].Message)} (see --help)");
            return ExitInvalid;
        }

        if (parsed.Action is null)
        {
            var cmd = parsed.CommandResult.Command;
            var path = cmd.Name == "kineticlab" ? "kineticlab" : $"kineticlab {cmd.Name}";
            stderr.WriteLine($"error: {cmd.Name}: a command is required: one of {string.Join(", ", cmd.Subcommands.Select(c => c.Name))} (see {path} --help)");
            return ExitInvalid;
        }

        try
        {
            var config = new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false };
            return parsed.Invoke(config);
        }
        catch (Exception e)
        {
            return Report(e, stderr);
        }
    }

    internal static int Report(Exception e, TextWriter stderr)
    {
        switch (e)
        {
            case InvalidInputException ie:
                stderr.WriteLine($"error: {OneLine(Renamed(ie).Message)}");
                return ExitInvalid;
            case NumericalFailureException nf:
                if (nf.SavedTo is { } saved) stderr.WriteLine($"the last good state (t = {nf.Time:G6} or before) is saved in {saved}");
                stderr.WriteLine($"error: {OneLine(nf.Message)}");
                return ExitNumerical;
            case KineticLab.Simulations.RunInterruptedException ri:
                stderr.WriteLine(ri.Stop.Checkpoint is { } cp
                    ? $"{OneLine(ri.Message)} (continue with --resume --out {Path.GetDirectoryName(cp)})"
                    : OneLine(ri.Message));
                return 130;
            case OperationCanceledException:
                stderr.WriteLine("interrupted");
                return 130;
            case AggregateException ae when ae.InnerExceptions.Count > 0:
                return Report(ae.Flatten().InnerExceptions[0], stderr);
            case UnauthorizedAccessException or IOException:
                stderr.WriteLine($"error: output: {OneLine(e.Message)}");
                return ExitInvalid;
            default:
                stderr.WriteLine($"internal error: {e.GetType().Name}: {OneLine(e.Message)}");
                if (Environment.GetEnvironmentVariable("KINETICLAB_DEBUG") == "1") stderr.WriteLine(e.ToString());
                return ExitNumerical;
        }
    }

    /// <summary>Library fields that a CLI option sets, named as the option (e.g. output → --out).</summary>
    private static readonly Dictionary<string, string> LibraryFields = new(StringComparer.Ordinal)
    {
        ["output"] = "--out",
        ["mpi"] = "--mpi",
        ["resume"] = "--resume",
    };

    /// <summary>The error with the library's field renamed to the option that sets it, and the hint how to proceed.</summary>
    internal static InvalidInputException Renamed(InvalidInputException e)
    {
        if (!LibraryFields.TryGetValue(e.Field, out var option)) return e;
        var reason = e.Reason;
        if (e.Field == "output" && reason == KineticLab.Output.ResultFolder.NotEmptyReason) reason += "; use --force to overwrite or choose another folder";
        if (e.Field == "resume" && reason.StartsWith("needs the results folder", StringComparison.Ordinal)) reason = "needs --out naming the folder of the interrupted run";
        return new InvalidInputException(option, e.Value, reason);
    }

    internal static string OneLine(string s) => s.Replace('\r', ' ').Replace('\n', ' ').Trim();

    private static Command BuildRoot(GlobalOptions g, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        var root = new Command("kineticlab",
            "KineticLab: collision operators, solvers and well/ill-posedness experiments for the Boltzmann " +
            "and kinetic wave equations.\nExit codes: 0 success, 1 numerical failure, 2 invalid input.");
        root.Options.Add(new HelpOption());
        root.Options.Add(new VersionOption());
        root.Options.Add(g.Json);
        root.Options.Add(g.Out);
        root.Options.Add(g.Force);
        root.Options.Add(g.Check);
        var ctx = new CommandContextFactory(g, stdout, stderr, cancel);
        foreach (var area in CommandAreas.All(ctx)) root.Subcommands.Add(area);
        return root;
    }
}

/// <summary>Options every verb accepts.</summary>
public sealed class GlobalOptions
{
    public readonly Option<bool> Json = new("--json")
    {
        Description = "Print only the machine-readable JSON result on stdout (progress and messages go to stderr).",
        Recursive = true,
    };

    public readonly Option<string?> Out = new("--out")
    {
        Description = "Results folder to write (result.json, CSV tables, SVG plots, summary.md). " +
                      "Must not exist unless --force is given. Default: results/<verb>-<timestamp> for verbs that write one.",
        Recursive = true,
    };

    public readonly Option<bool> Check = new("--check")
    {
        Description = "Validate the arguments and the experiment file, print what would run and exit (0 if valid, 2 with the " +
                      "reason otherwise), without computing or writing anything.",
        Recursive = true,
    };

    public readonly Option<bool> Force = new("--force")
    {
        Description = "Allow --out to name an existing results folder; its files are replaced one by one, atomically.",
        Recursive = true,
    };
}
