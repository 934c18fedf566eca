using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using KineticLab.Boltzmann.Inhomogeneous;
using KineticLab.Numerics.Distributed;
using KineticLab.Output;

namespace KineticLab.Cli.Commands;

/// <summary>
/// <c>bench inhomogeneous</c>: strong scaling of the distributed inhomogeneous solver. Runs one experiment with P = 1, 2, ...
/// ranks of one thread each (under <c>mpiexec</c>, or as in-process ranks), and reports the seconds per step of each run,
/// the speed-up and efficiency relative to P = 1 measured in the same invocation, the split into collisions, transport,
/// transposes and diagnostics (rank 0), and the load average of the machine before and after.
/// </summary>
internal static class BenchInhomogeneous
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static Command Build(CommandContextFactory f)
    {
        var file = new Argument<string?>("experiment") { Description = "Inhomogeneous experiment (default examples/boltzmann-inhomogeneous-bench.json).", Arity = ArgumentArity.ZeroOrOne };
        var ranks = new Option<string>("--ranks") { Description = "Comma-separated process counts; the first is the baseline.", DefaultValueFactory = _ => "1,2" };
        var launcher = new Option<string?>("--launcher") { Description = "mpiexec (default when installed) or in-process." };
        var cmd = new Command("inhomogeneous", "Strong scaling of the distributed inhomogeneous Boltzmann solver: seconds per step for each process count, " +
                                               "speed-up and efficiency against the first count, measured in the same run.");
        cmd.Arguments.Add(file);
        cmd.Options.Add(ranks);
        cmd.Options.Add(launcher);
        f.Bind(cmd, ctx =>
        {
            string path = ctx.Parse.GetValue(file) ?? Path.Combine(ValidateCommand.ExamplesDir(), "boltzmann-inhomogeneous-bench.json");
            if (!File.Exists(path)) throw new InvalidInputException("experiment", path, "file not found");
            JsonNode? node;
            try { node = JsonNode.Parse(File.ReadAllText(path)); }
            catch (System.Text.Json.JsonException e) { throw new InvalidInputException("experiment", path, $"not valid JSON: {e.Message}"); }
            var exp = InhomogeneousExperiment.Parse(node);
            var counts = new List<int>();
            foreach (var part in (ctx.Parse.GetValue(ranks) ?? "1,2").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (!int.TryParse(part, NumberStyles.None, Inv, out int p) || p < 1 || p > 256) throw new InvalidInputException("--ranks", part, "must be integers in [1, 256]");
                InhomogeneousSolver.CheckProcesses(exp.Grid(), p);
                counts.Add(p);
            }
            if (counts.Count == 0) throw new InvalidInputException("--ranks", "", "at least one process count is required");
            string mode = ctx.Parse.GetValue(launcher) ?? (FindMpiexec() is not null && MpiCommunicator.IsAvailable ? "mpiexec" : "in-process");
            if (mode is not ("mpiexec" or "in-process")) throw new InvalidInputException("--launcher", mode, "must be mpiexec or in-process");
            string? mpiexec = FindMpiexec();
            if (mode == "mpiexec" && (mpiexec is null || !MpiCommunicator.IsAvailable))
                throw new InvalidInputException("--launcher", "mpiexec", "mpiexec or libmpich.so.12 is missing (install MPICH: apt-get install mpich)");
            if (ctx.CheckOnly) return ctx.Checked($"bench inhomogeneous: {exp.Describe()}, P = {string.Join(", ", counts)} ({mode})");

            string work = Path.Combine(Path.GetTempPath(), $"kineticlab-bench-inhomogeneous-{Guid.NewGuid():N}");
            var rows = new List<(int P, double PerStep, JsonObject Timing, JsonObject Final)>();
            string loadBefore = LoadAverage();
            try
            {
                for (int i = 0; i < counts.Count; i++)
                {
                    ctx.Cancel.ThrowIfCancellationRequested();
                    ctx.Stderr.WriteLine($"bench inhomogeneous: P = {counts[i]} ({i + 1}/{counts.Count})");
                    rows.Add(mode == "mpiexec" ? RunMpi(mpiexec!, path, counts[i], Path.Combine(work, $"P{counts[i]}"), ctx.Cancel)
                                               : RunInProcess(ctx, node, counts[i], Path.Combine(work, $"P{counts[i]}")));
                }
            }
            finally
            {
                try { Directory.Delete(work, recursive: true); } catch (IOException) { }
            }
            string loadAfter = LoadAverage();
            var arr = new JsonArray();
            // Model (docs/boltzmann-inhomogeneous.md) from the first run's split: collisions and transport divide by the
            // process count (collisions times the measured load imbalance), transposes and diagnostics do not shrink.
            var t0 = rows[0].Timing;
            double steps0 = (double)t0["steps"]!, p0 = rows[0].P;
            double coll1 = (double)t0["collision"]! / steps0 * p0, tr1 = (double)t0["transport"]! / steps0 * p0;
            double fixed1 = ((double)t0["transpose"]! + (double)t0["diagnostics"]!) / steps0;
            foreach (var r in rows)
            {
                double speedup = rows[0].PerStep / r.PerStep;
                double imb = r.Timing["collision_load_imbalance"] is JsonValue iv && iv.TryGetValue<double>(out var x) ? x : 1;
                double model = imb * coll1 / r.P + tr1 / r.P + fixed1;
                arr.Add(new JsonObject
                {
                    ["processes"] = r.P, ["seconds_per_step"] = Json.Number(r.PerStep), ["speedup"] = Json.Number(speedup),
                    ["efficiency"] = Json.Number(speedup * rows[0].P / r.P), ["timing_rank0"] = r.Timing.DeepClone(),
                    ["same_result_as_first"] = r.Final.ToJsonString() == rows[0].Final.ToJsonString(),
                    ["model_seconds_per_step"] = Json.Number(model), ["model_speedup"] = Json.Number(rows[0].PerStep / model),
                });
            }
            var g = exp.Grid();
            var json = new JsonObject
            {
                ["experiment"] = Path.GetFullPath(path), ["launcher"] = mode, ["grid"] = g.Describe(), ["unknowns"] = g.Total,
                ["bytes_per_transpose"] = 8L * g.Total, ["processors"] = Environment.ProcessorCount,
                ["load_average_before"] = loadBefore, ["load_average_after"] = loadAfter, ["runs"] = arr,
            };
            if (ctx.Json) ctx.Stdout.WriteLine(Json.Serialize(json, indented: false));
            else
            {
                ctx.Info($"{g.Describe()}, {g.Total} unknowns, {mode}, one thread per rank, {Environment.ProcessorCount} processors");
                ctx.Info($"load average before: {loadBefore}; after: {loadAfter}");
                ctx.Info("   P   s/step   speed-up  efficiency  collision  transport  transpose  wait  model s/step  cpu/wall  same result");
                foreach (var n in arr)
                {
                    var t = n!["timing_rank0"]!;
                    double loop = (double)t["loop_seconds"]!;
                    ctx.Info(string.Create(Inv, $"{(int)n["processes"]!,4} {(double)n["seconds_per_step"]!,8:F3} {(double)n["speedup"]!,10:F2} {(double)n["efficiency"]!,11:F2} " +
                        $"{(double)t["collision"]! / loop,10:P0} {(double)t["transport"]! / loop,10:P0} {(double)t["transpose"]! / loop,10:P0} {(double)t["wait"]! / loop,5:P0} {(double)n["model_seconds_per_step"]!,13:F3} {(double)t["cpu_seconds"]! / loop,9:F2}  {(bool)n["same_result_as_first"]!}"));
                }
            }
            return App.ExitOk;
        });
        return cmd;
    }

    private static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return "unknown"; }
    }

    internal static string? FindMpiexec()
    {
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
        {
            var p = Path.Combine(dir, "mpiexec");
            if (File.Exists(p)) return p;
        }
        return null;
    }

    private static (int, double, JsonObject, JsonObject) RunMpi(string mpiexec, string experiment, int p, string outDir, CancellationToken cancel)
    {
        var psi = new ProcessStartInfo(mpiexec) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in new[] { "-n", p.ToString(Inv) }) psi.ArgumentList.Add(a);
        var host = Environment.ProcessPath is { } hp && Path.GetFileNameWithoutExtension(hp) == "dotnet" ? hp : "dotnet";
        psi.ArgumentList.Add(host);
        psi.ArgumentList.Add(typeof(App).Assembly.Location);
        foreach (var a in new[] { "boltzmann", "solve", experiment, "--json", "--out", outDir, "--threads", "1" }) psi.ArgumentList.Add(a);
        using var proc = Process.Start(psi) ?? throw new InvalidOperationException("mpiexec did not start");
        var stdout = proc.StandardOutput.ReadToEndAsync(cancel);
        var stderr = proc.StandardError.ReadToEndAsync(cancel);
        proc.WaitForExit();
        if (proc.ExitCode != 0)
            throw new NumericalFailureException("mpiexec", 0, 0, $"P = {p} exited with code {proc.ExitCode}: {App.OneLine(stderr.Result)}");
        return Parse(p, stdout.Result, outDir);
    }

    private static (int, double, JsonObject, JsonObject) RunInProcess(CommandContext ctx, JsonNode? node, int p, string outDir)
    {
        var sw = new StringWriter();
        var sub = ctx.WithOutDir(outDir, sw);
        int code = BoltzmannInhomogeneous.Solve(sub, node, false, outDir, new BoltzmannInhomogeneous.Launch(false, p, 1));
        if (code != 0) throw new NumericalFailureException("in-process run", 0, 0, $"P = {p} exited with code {code}");
        return Parse(p, sw.ToString(), outDir);
    }

    private static (int, double, JsonObject, JsonObject) Parse(int p, string stdout, string outDir)
    {
        var result = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "result.json")))!;
        var timing = (JsonObject)result["data"]!["timing_rank0"]!.DeepClone();
        timing["collision_load_imbalance"] = result["data"]!["collision_load_imbalance"]?.DeepClone();
        double perStep = (double)timing["loop_seconds"]! / (double)timing["steps"]!;
        var final = new JsonObject();
        var data = result["data"]!;
        foreach (var k in new[] { "mass", "momentum", "energy", "entropy", "l1", "norms" }) final[k] = data[k]!.DeepClone();
        _ = stdout;
        return (p, perStep, timing, final);
    }
}
