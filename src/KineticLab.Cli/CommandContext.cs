using System.CommandLine;
using KineticLab.Experiments;
using Spectre.Console;

namespace KineticLab.Cli;

/// <summary>What a verb's action gets: the global flags, the writers and a progress sink.</summary>
public sealed partial class CommandContext
{
    internal CommandContext(ParseResult parse, GlobalOptions g, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
        : this(parse, parse.GetValue(g.Json), parse.GetValue(g.Out), parse.GetValue(g.Force), parse.GetValue(g.Check), stdout, stderr, cancel)
    {
    }

    private CommandContext(ParseResult parse, bool json, string? outDir, bool force, bool check, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
    {
        CheckOnly = check;
        Parse = parse;
        Json = json;
        OutDir = outDir;
        Force = force;
        Stdout = stdout;
        Stderr = stderr;
        Cancel = cancel;
    }

    /// <summary>True under <c>--check</c>: verbs validate their input, then call <see cref="Checked"/> instead of computing.</summary>
    public bool CheckOnly { get; }

    public ParseResult Parse { get; }
    public bool Json { get; }
    public string? OutDir { get; }
    public bool Force { get; }
    public TextWriter Stdout { get; }
    public TextWriter Stderr { get; }
    public CancellationToken Cancel { get; }

    /// <summary>Human-readable line: to stdout normally, to stderr under --json (stdout holds only JSON).</summary>
    public void Info(string line)
    {
        if (Json) Stderr.WriteLine(line);
        else Stdout.WriteLine(line);
    }

    /// <summary>Warning line on stderr (theory hypotheses violated but the computation is meaningful).</summary>
    public void Warn(string line) => Stderr.WriteLine($"warning: {line}");

    /// <summary>
    /// Runs <paramref name="work"/> with a progress display on stderr when stderr is an interactive terminal,
    /// and with throttled one-line progress messages otherwise (at most one every few seconds).
    /// </summary>
    public T WithProgress<T>(string title, Func<IProgress<ProgressInfo>, T> work) => WithProgressFactory(progress => work(progress(title)));

    /// <summary>
    /// Runs an experiment of <paramref name="kind"/> from its <paramref name="spec"/>, the same path as
    /// <c>kineticlab run FILE.json</c>: validation (errors re-named to the verb's options by <paramref name="option"/>),
    /// --check, the run with progress, then the outcome printed (JSON under --json, lines otherwise).
    /// </summary>
    /// <param name="option">Maps a spec field to the option that sets it (null: the field names stand, as for a file).</param>
    /// <param name="resume">Continue from the checkpoint in the results folder.</param>
    public int Run(IExperimentKind kind, ExperimentSpec spec, Func<string, string>? option = null, bool resume = false, Launch? launch = null)
    {
        if (kind is IDistributedKind) return RunDistributed(kind, spec, option, resume, launch ?? Launch.Default);
        return RunOn(kind, spec, option, resume, launch, null);
    }

    /// <summary><see cref="Run"/> on a communicator made by the caller (null: the kind makes its own).</summary>
    private int RunOn(IExperimentKind kind, ExperimentSpec spec, Func<string, string>? option, bool resume, Launch? launch,
        KineticLab.Numerics.Distributed.ICommunicator? communicator)
    {
        try
        {
            var outcome = WithProgressFactory(progress => kind.Run(spec, RunContext(progress, resume, launch, communicator)));
            Print(outcome);
            return outcome.Failed ? App.ExitNumerical : App.ExitOk;
        }
        catch (InvalidInputException e) when (option is not null && !e.Field.StartsWith('-') && e.Field is not ("checkpoint" or "experiment" or "output" or "resume" or "mpi"))
        {
            throw new InvalidInputException(option(e.Field), e.Value, e.Reason);
        }
    }

    /// <summary>The library's run context for this invocation.</summary>
    public RunContext RunContext(Func<string, IProgress<ProgressInfo>> progress, bool resume = false, Launch? launch = null,
        KineticLab.Numerics.Distributed.ICommunicator? communicator = null) => new()
    {
        OutDir = OutDir, Force = Force, Resume = resume, CheckOnly = CheckOnly, Cancel = Cancel,
        Progress = progress, Info = Info, Warn = Warn, Launch = launch ?? Launch.Default, Communicator = communicator, Cli = Launcher,
    };

    /// <summary>Prints an outcome: one JSON line under --json, the human lines otherwise.</summary>
    public void Print(ExperimentOutcome outcome)
    {
        if (Json) Stdout.WriteLine(KineticLab.Output.Json.Serialize(outcome.Data, indented: false));
        else foreach (var l in outcome.Lines) Stdout.WriteLine(l);
    }

    /// <summary>The default option of a spec field: <c>omega_min</c> → <c>--omega-min</c>, <c>grid.n</c> → <c>--n</c>.</summary>
    public static string OptionOf(string field)
    {
        var last = field.Contains('.') ? field[(field.LastIndexOf('.') + 1)..] : field;
        return "--" + last.Replace('_', '-');
    }

    /// <summary>
    /// Runs <paramref name="work"/> with progress sinks for its stages: bars on stderr when it is a terminal, throttled
    /// lines (at most one every few seconds) otherwise.
    /// </summary>
    public T WithProgressFactory<T>(Func<Func<string, IProgress<ProgressInfo>>, T> work)
    {
        bool interactive = ReferenceEquals(Stderr, Console.Error) && !Console.IsErrorRedirected && !CheckOnly;
        if (interactive)
        {
            var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
            T result = default!;
            console.Progress()
                .AutoClear(true)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(),
                         new ElapsedTimeColumn(), new RemainingTimeColumn())
                .Start(pc =>
                {
                    result = work(title => new SpectreProgress(pc.AddTask(Markup.Escape(title), maxValue: 1.0), title));
                });
            return result;
        }
        return work(title => new ThrottledProgress(Stderr, title, TimeSpan.FromSeconds(5)));
    }

    private sealed class SpectreProgress(ProgressTask task, string title) : IProgress<ProgressInfo>
    {
        public void Report(ProgressInfo p)
        {
            if (p.Total > 0) task.Value = Math.Clamp(p.Done / p.Total, 0, 1);
            var d = p.Detail is null ? p.Stage : $"{p.Stage}: {p.Detail}";
            task.Description = Markup.Escape($"{title} — {d}");
        }
    }

    private sealed class ThrottledProgress(TextWriter w, string title, TimeSpan every) : IProgress<ProgressInfo>
    {
        private readonly System.Diagnostics.Stopwatch _sw = System.Diagnostics.Stopwatch.StartNew();
        private TimeSpan _last = TimeSpan.Zero;
        private readonly object _gate = new();

        public void Report(ProgressInfo p)
        {
            lock (_gate)
            {
                var now = _sw.Elapsed;
                if (now - _last < every) return;
                _last = now;
                var pct = p.Total > 0 ? $" {100 * p.Done / p.Total:F0}%" : "";
                var d = p.Detail is null ? "" : $" ({p.Detail})";
                w.WriteLine($"[{now:hh\\:mm\\:ss}] {title}: {p.Stage}{pct}{d}");
            }
        }
    }
}

/// <summary>Creates a <see cref="CommandContext"/> for a parse result; handed to the areas that build verbs.</summary>
public sealed class CommandContextFactory(GlobalOptions g, TextWriter stdout, TextWriter stderr, CancellationToken cancel)
{
    public GlobalOptions Globals => g;

    public CommandContext For(ParseResult parse) => new(parse, g, stdout, stderr, cancel);

    /// <summary>Sets an action on <paramref name="cmd"/> that maps exceptions to exit codes.</summary>
    public void Bind(Command cmd, Func<CommandContext, int> action)
    {
        cmd.SetAction(parse =>
        {
            var ctx = For(parse);
            try
            {
                return action(ctx);
            }
            catch (Exception e)
            {
                return App.Report(e, ctx.Stderr);
            }
        });
    }
}
