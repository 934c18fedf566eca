using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization.Metadata;
using KineticLab.Boltzmann.Inhomogeneous;
using KineticLab.Experiments.Boltzmann;
using KineticLab.Output;

namespace KineticLab.Experiments.Bench;

/// <summary>
/// A strong-scaling benchmark of the distributed inhomogeneous solver (kind <c>bench.inhomogeneous</c>):
/// <code>
/// { "kind": "bench.inhomogeneous", "experiment": "examples/boltzmann-inhomogeneous-bench.json", "ranks": [1, 2], "launcher": "mpiexec" | "in-process" }
/// </code>
/// </summary>
public sealed class BenchInhomogeneousSpec : ExperimentSpec
{
    /// <summary>The inhomogeneous experiment file.</summary>
    public required string Experiment { get; set; }
    /// <summary>The process counts; the first is the baseline.</summary>
    public int[] Ranks { get; set; } = [1, 2];
    /// <summary>"mpiexec" or "in-process"; null: mpiexec when installed (and the command-line program can be started), in-process otherwise.</summary>
    public string? Launcher { get; set; }
}

/// <summary>
/// <c>bench.inhomogeneous</c>: runs one inhomogeneous experiment with P = 1, 2, ... ranks of one thread each (under
/// mpiexec, or as in-process ranks) and reports the seconds per step of each run, the speed-up and efficiency relative to
/// the first count measured in the same invocation, the split into collisions, transport, transposes and diagnostics
/// (rank 0), a model of the step time from the first run's split, and the load average of the machine before and after.
/// </summary>
public sealed class BenchInhomogeneousKind : ExperimentKind<BenchInhomogeneousSpec>
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public override string Name => "bench.inhomogeneous";
    public override string Summary => "strong scaling of the distributed inhomogeneous Boltzmann solver";
    protected override JsonTypeInfo<BenchInhomogeneousSpec> TypeInfo => BenchJsonContext.Default.BenchInhomogeneousSpec;
    protected override string? DefaultStem => null;

    private sealed record Setup(string Path, JsonObject Node, BoltzmannInhomogeneousSpec Spec, InhomogeneousSetup Inhomogeneous, int[] Counts, string Mode);

    private static Setup Resolve(BenchInhomogeneousSpec spec, RunContext? context)
    {
        var node = SpecReader.LoadObject(spec.Experiment);
        var (kind, read) = ExperimentRegistry.Read(node, "boltzmann.solve-inhomogeneous", ["boltzmann.solve-inhomogeneous"]);
        var exp = (BoltzmannInhomogeneousSpec)read;
        kind.Validate(exp);
        var setup = exp.Resolve();
        if (spec.Ranks.Length == 0) throw new InvalidInputException("ranks", "", "at least one process count is required");
        foreach (int p in spec.Ranks)
        {
            if (p is < 1 or > 256) throw new InvalidInputException("ranks", p.ToString(Inv), "must be integers in [1, 256]");
            InhomogeneousSolver.CheckProcesses(setup.Grid, p);
        }
        bool canMpi = CliLauncher.MpiAvailable && context?.Cli is not null;
        string mode = spec.Launcher ?? (canMpi ? "mpiexec" : "in-process");
        if (mode is not ("mpiexec" or "in-process")) throw new InvalidInputException("launcher", mode, "must be mpiexec or in-process");
        if (mode == "mpiexec" && !CliLauncher.MpiAvailable)
            throw new InvalidInputException("launcher", "mpiexec", "mpiexec or libmpich.so.12 is missing (install MPICH: apt-get install mpich)");
        if (mode == "mpiexec" && context is not null && context.Cli is null)
            throw new InvalidInputException("launcher", "mpiexec", "needs the command-line program to start the ranks (run it from the kineticlab command)");
        return new Setup(spec.Experiment, node, exp, setup, spec.Ranks, mode);
    }

    public override IReadOnlyList<string> Validate(BenchInhomogeneousSpec spec)
    {
        Resolve(spec, null);
        return [];
    }

    public override string Describe(BenchInhomogeneousSpec spec) => $"bench inhomogeneous: {Resolve(spec, null).Inhomogeneous.Describe()}";

    public override JsonObject? Plan(BenchInhomogeneousSpec spec, RunContext context)
    {
        var s = Resolve(spec, context);
        return new JsonObject { ["processes"] = new JsonArray(s.Counts.Select(c => (JsonNode?)c).ToArray()), ["launcher"] = s.Mode };
    }

    protected override ExperimentOutcome Execute(ExperimentRun<BenchInhomogeneousSpec> run)
    {
        var s = Resolve(run.Spec, run.Context);
        var progress = run.Progress("bench inhomogeneous");
        string work = Path.Combine(Path.GetTempPath(), $"kineticlab-bench-inhomogeneous-{Guid.NewGuid():N}");
        var rows = new List<(int P, double PerStep, JsonObject Timing, JsonObject Final)>();
        string loadBefore = LoadAverage();
        try
        {
            for (int i = 0; i < s.Counts.Length; i++)
            {
                run.Context.Cancel.ThrowIfCancellationRequested();
                int p = s.Counts[i];
                progress.Report(new ProgressInfo($"P = {p}", i, s.Counts.Length));
                string outDir = Path.Combine(work, $"P{p}");
                if (s.Mode == "mpiexec")
                {
                    var r = run.Context.Cli!.Solve(new SolveRequest(s.Path, outDir, Threads: 1, Json: true), p, run.Context.Cancel);
                    if (r.Code != 0)
                        throw new NumericalFailureException("mpiexec", 0, 0, $"P = {p} exited with code {r.Code}: {r.Stderr.Replace('\r', ' ').Replace('\n', ' ').Trim()}");
                }
                else
                {
                    var kind = new BoltzmannInhomogeneousKind();
                    var spec = kind.Read(s.Node);
                    kind.Run(spec, new RunContext { OutDir = outDir, Cancel = run.Context.Cancel, Launch = new Launch(InProcessRanks: p, Threads: 1) });
                }
                rows.Add(Parse(p, outDir));
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
        var g = s.Inhomogeneous.Grid;
        var json = new JsonObject
        {
            ["experiment"] = Path.GetFullPath(s.Path), ["launcher"] = s.Mode, ["grid"] = g.Describe(), ["unknowns"] = g.Total,
            ["bytes_per_transpose"] = 8L * g.Total, ["processors"] = Environment.ProcessorCount,
            ["load_average_before"] = loadBefore, ["load_average_after"] = loadAfter, ["runs"] = arr,
        };
        var lines = new List<string>
        {
            $"{g.Describe()}, {g.Total} unknowns, {s.Mode}, one thread per rank, {Environment.ProcessorCount} processors",
            $"load average before: {loadBefore}; after: {loadAfter}",
            "   P   s/step   speed-up  efficiency  collision  transport  transpose  wait  model s/step  cpu/wall  same result",
        };
        foreach (var n in arr)
        {
            var t = n!["timing_rank0"]!;
            double loop = (double)t["loop_seconds"]!;
            lines.Add(string.Create(Inv, $"{(int)n["processes"]!,4} {(double)n["seconds_per_step"]!,8:F3} {(double)n["speedup"]!,10:F2} {(double)n["efficiency"]!,11:F2} " +
                $"{(double)t["collision"]! / loop,10:P0} {(double)t["transport"]! / loop,10:P0} {(double)t["transpose"]! / loop,10:P0} {(double)t["wait"]! / loop,5:P0} {(double)n["model_seconds_per_step"]!,13:F3} {(double)t["cpu_seconds"]! / loop,9:F2}  {(bool)n["same_result_as_first"]!}"));
        }
        return new ExperimentOutcome { Data = json, Lines = lines };
    }

    private static string LoadAverage()
    {
        try { return string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { return "unknown"; }
    }

    private static (int, double, JsonObject, JsonObject) Parse(int p, string outDir)
    {
        var result = JsonNode.Parse(File.ReadAllText(Path.Combine(outDir, "result.json")))!;
        var data = result["data"]!;
        var timing = (JsonObject)data["timing_rank0"]!.DeepClone();
        timing["collision_load_imbalance"] = data["collision_load_imbalance"]?.DeepClone();
        double perStep = (double)timing["loop_seconds"]! / (double)timing["steps"]!;
        var final = new JsonObject();
        foreach (var k in new[] { "mass", "momentum", "energy", "entropy", "l1", "norms" }) final[k] = data[k]!.DeepClone();
        return (p, perStep, timing, final);
    }
}
