using System.CommandLine;
using KineticLab.Output;

namespace KineticLab.Cli.Commands;

/// <summary>
/// <c>kineticlab run [EXPERIMENT.json]</c>: runs an experiment file (examples/ has one per claim);
/// without an argument, the default showcase <c>examples/showcase.json</c>.
/// </summary>
internal static class RunCommand
{
    public const string ShowcaseFile = "showcase.json";

    /// <summary>Experiment kinds and their runners: (context, fields, output folder) → exit code.</summary>
    internal static readonly Dictionary<string, Func<CommandContext, JsonFields, string?, int>> Kinds = new(StringComparer.Ordinal)
    {
        [Kwe3DCommands.SolveKind] = (ctx, f, outDir) => Kwe3DCommands.RunSolve(ctx, Kwe3DCommands.SolveKind, f, resume: false, outDir),
        [Kwe3DCommands.InhomogeneousKind] = (ctx, f, outDir) => Kwe3DCommands.RunSolve(ctx, Kwe3DCommands.InhomogeneousKind, f, resume: false, outDir),
        // The Boltzmann experiment reader validates its own keys (it reads the raw object).
        ["boltzmann-homogeneous"] = (ctx, f, outDir) => BoltzmannCommands.Solve(ctx, f.Raw, doResume: false, nThreads: 0, outDir),
        ["boltzmann-inhomogeneous"] = (ctx, f, outDir) => BoltzmannInhomogeneous.Solve(ctx, f.Raw, doResume: false, outDir, new(false, 1, 0)),
    };

    /// <summary>
    /// During the move of the kinds into the library's registry: a runner for a kind that is still only here, or null
    /// when the registry has it (or the file names no kind that is here).
    /// </summary>
    internal static Func<CommandContext, bool, int>? Legacy(System.Text.Json.Nodes.JsonObject node, string defaultKind)
    {
        var name = node["kind"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var k) ? k : defaultKind;
        if (!Kinds.ContainsKey(name)) return null;
        var fields = new JsonFields(node);
        fields.Ignore("kind", "description");
        var fileOut = fields.Has("out") ? fields.String("out") : null;
        return name switch
        {
            Kwe3DCommands.SolveKind or Kwe3DCommands.InhomogeneousKind => (ctx, resume) => Kwe3DCommands.RunSolve(ctx, name, fields, resume, fileOut),
            _ => (ctx, _) => Kinds[name](ctx, fields, ctx.OutDir ?? fileOut),
        };
    }

    /// <summary>Runs a kind of the library's registry from an item of a suite (transition adapter).</summary>
    private static int RegistryItem(CommandContext ctx, JsonFields f, string? outDir)
    {
        var (kind, spec) = KineticLab.Experiments.ExperimentRegistry.Read(f.Raw, prefix: f.Prefix);
        var c = ctx.OutDir is null && outDir is not null ? ctx.WithOutDir(outDir) : ctx;
        return c.Run(kind, spec);
    }

    public static Command Build(CommandContextFactory f)
    {
        var cmd = new Command("run", "Run an experiment file (JSON, see examples/). Without an argument, runs the default showcase " +
                                     "(a quick β-threshold scan of the kinetic wave equation, under 2 minutes) and prints its results folder.");
        var file = new Argument<string?>("experiment") { Description = "Experiment file (JSON). Default: examples/showcase.json.", Arity = ArgumentArity.ZeroOrOne };
        cmd.Arguments.Add(file);
        f.Bind(cmd, ctx =>
        {
            var path = ctx.Parse.GetValue(file);
            if (string.IsNullOrWhiteSpace(path))
            {
                path = FindShowcase() ?? throw new InvalidInputException("experiment", ShowcaseFile,
                    "the default showcase was not found (looked for examples/showcase.json here and above); pass an experiment file");
                ctx.Info($"running the default showcase {path}");
            }
            // A suite whose items are all kinds of the library's registry runs there (SuiteKind); others take the transition path.
            var node = KineticLab.Experiments.SpecReader.LoadObject(path);
            if (IsRegisteredSuite(node))
            {
                var (kind, spec) = KineticLab.Experiments.ExperimentRegistry.Read(node);
                if (spec is KineticLab.Experiments.SuiteSpec suite)
                {
                    suite.SourcePath = path;
                    // The default results folder is named after the file (results/showcase-<time>), as before.
                    if (ctx.OutDir is null) suite.Out ??= KineticLab.Experiments.SuiteKind.DefaultFolder(Path.GetFileNameWithoutExtension(path));
                }
                return ctx.Run(kind, spec);
            }
            var fields = JsonFields.Load(path);
            return RunFile(ctx, fields, path);
        });
        return cmd;
    }

    /// <summary>True for a suite none of whose items is a kind still only in <see cref="Kinds"/>.</summary>
    private static bool IsRegisteredSuite(System.Text.Json.Nodes.JsonObject node) =>
        node["kind"] is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var k) && k == "suite"
        && (node["experiments"] as System.Text.Json.Nodes.JsonArray)?.All(item =>
            !(item is System.Text.Json.Nodes.JsonObject o && o["kind"] is System.Text.Json.Nodes.JsonValue kv && kv.TryGetValue<string>(out var name) && Kinds.ContainsKey(name))) != false;

    internal static int RunFile(CommandContext ctx, JsonFields fields, string path)
    {
        var kind = fields.String("kind");
        fields.Ignore("description");
        var defaultOut = fields.Has("out") ? fields.String("out") : null;
        if (kind == "suite")
        {
            var baseOut = ctx.OutDir ?? defaultOut ?? Path.Combine("results", $"{Path.GetFileNameWithoutExtension(path)}-{DateTime.UtcNow:yyyyMMdd-HHmmss}");
            var items = fields.Objects("experiments");
            fields.EnsureNoUnknownKeys();
            // Validate every item before running any.
            var names = new List<string>();
            foreach (var item in items)
            {
                var name = item.String("name");
                if (name.Length == 0 || name.IndexOfAny(['/', '\\']) >= 0 || name is "." or "..")
                    throw new InvalidInputException("name", name, "must be a plain folder name");
                names.Add(name);
                var k = item.String("kind");
                if (!Kinds.ContainsKey(k)) KineticLab.Experiments.ExperimentRegistry.Find(k);
            }
            // Validate every item's content before running any (a typo in the last item must not cost the first ones' time).
            for (int i = 0; i < items.Count; i++)
            {
                var itemCheck = ctx.AsCheck(TextWriter.Null, ctx.CheckOnly ? null : TextWriter.Null).WithOutDir(Path.Combine(baseOut, names[i]), TextWriter.Null);
                var probe = new JsonFields(items[i].Raw, $"experiments[{i}]");
                probe.Ignore("name", "description", "kind");
                Runner(items[i].String("kind"))(itemCheck, probe, null);
            }
            if (ctx.CheckOnly) return ctx.Checked($"suite of {items.Count} experiments ({string.Join(", ", names)})", baseOut);
            var top = ResultFolder.Create(baseOut, ctx.Force);
            int code = App.ExitOk;
            var lines = new List<string>();
            var jsonOut = new System.Text.Json.Nodes.JsonObject();
            for (int i = 0; i < items.Count; i++)
            {
                var item = items[i];
                item.Ignore("name", "description");
                var sub = Path.Combine(top.Path, names[i]);
                ctx.Info($"[{i + 1}/{items.Count}] {names[i]}");
                // Under --json each item's JSON is collected, so stdout carries one JSON object.
                var captured = new StringWriter();
                var itemCtx = ctx.WithOutDir(sub, ctx.Json ? captured : null);
                code = Math.Max(code, Runner(item.String("kind"))(itemCtx, new JsonFields(item.Raw, item.Prefix), sub));
                if (ctx.Json) jsonOut[names[i]] = System.Text.Json.Nodes.JsonNode.Parse(captured.ToString());
                lines.Add($"- [{names[i]}]({names[i]}/summary.md)" + (item.Raw["description"] is { } d ? $": {d}" : ""));
            }
            top.WriteSummary($"# {Path.GetFileName(path)}\n\n" + (fields.Raw["description"] is { } desc ? $"{desc}\n\n" : "") + string.Join("\n", lines) + "\n");
            if (ctx.Json) ctx.Stdout.WriteLine(Json.Serialize(new System.Text.Json.Nodes.JsonObject { ["results"] = top.Path, ["experiments"] = jsonOut }, indented: false));
            else ctx.Info($"results: {top.Path}");
            return code;
        }
        if (!Kinds.TryGetValue(kind, out var runner))
        {
            var (k, spec) = KineticLab.Experiments.ExperimentRegistry.Read(fields.Raw);
            return ctx.Run(k, spec);
        }
        fields.Ignore("out");
        return runner(ctx, fields, ctx.OutDir ?? defaultOut);
    }

    private static Func<CommandContext, JsonFields, string?, int> Runner(string kind) =>
        Kinds.TryGetValue(kind, out var r) ? r : RegistryItem;

    /// <summary>examples/showcase.json in the current folder or above, or next to the program and above.</summary>
    private static string? FindShowcase()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var d = new DirectoryInfo(start); d is not null; d = d.Parent)
            {
                var p = Path.Combine(d.FullName, "examples", ShowcaseFile);
                if (File.Exists(p)) return p;
            }
        }
        return null;
    }
}
