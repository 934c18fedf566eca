using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using KineticLab.Output;

namespace KineticLab.Cli.Reliability;

/// <summary>Outcome of kill-and-resume trials of one solver.</summary>
public sealed class CrashReport
{
    public string Solver { get; init; } = "";
    public int Trials { get; set; }
    public int Kills { get; set; }
    public int Interrupts { get; set; }
    public double ReferenceSeconds { get; set; }
    /// <summary>Largest relative difference of any compared number between a resumed and the uninterrupted run.</summary>
    public double MaxRelativeDifference { get; set; }
    public List<string> Problems { get; } = new();
}

/// <summary>
/// Crash safety, measured from outside: runs a solver in a child process to completion (the reference), then in
/// fresh folders kills it with SIGKILL at random moments (or interrupts it with SIGINT, the Ctrl-C path) one or
/// more times, each time checking that every visible file of the results folder is complete (JSON parses, the
/// checkpoint's checksum verifies), and finally resumes it to completion with <c>--resume</c>. The resumed run's
/// result.json data and CSV tables must equal the reference's (numbers compared exactly unless a tolerance is
/// given; counts of right-hand-side evaluations excluded, since a resumed run re-evaluates its first stage).
/// </summary>
public static class CrashTester
{
    [DllImport("libc", SetLastError = true, EntryPoint = "kill")]
    private static extern int SysKill(int pid, int sig);

    private const int SigInt = 2;

    /// <summary>Runs the trials.</summary>
    /// <param name="verb">The solver's verb, e.g. ["kwe", "solve"].</param>
    /// <param name="experiment">The experiment file's text (written into <paramref name="workDir"/>).</param>
    /// <param name="interrupt">Send SIGINT (Ctrl-C) instead of SIGKILL.</param>
    /// <param name="tolerance">Relative tolerance of the comparison (0: identical).</param>
    public static CrashReport Run(string solver, string[] verb, string experiment, string workDir, int trials, int killsPerTrial,
        bool interrupt, int seed, double tolerance = 0, IProgress<ProgressInfo>? progress = null, CancellationToken cancel = default)
    {
        Directory.CreateDirectory(workDir);
        var file = Path.Combine(workDir, "experiment.json");
        File.WriteAllText(file, experiment);
        var report = new CrashReport { Solver = solver };
        var rng = new Random(seed);

        var refDir = Path.Combine(workDir, "reference");
        var sw = Stopwatch.StartNew();
        var (code, _, err) = RunToEnd([.. verb, file, "--out", refDir], cancel);
        report.ReferenceSeconds = sw.Elapsed.TotalSeconds;
        if (code != 0)
        {
            report.Problems.Add($"reference run failed with exit code {code}: {FirstLine(err)}");
            return report;
        }
        double runSeconds = report.ReferenceSeconds;
        for (int t = 0; t < trials; t++)
        {
            cancel.ThrowIfCancellationRequested();
            var dir = Path.Combine(workDir, $"trial-{t}");
            // Stop moments are drawn from the shortest run time seen so far (the reference may have been slowed by
            // other work on the machine); a run that ends before its stop is repeated with a fresh, earlier moment.
            int retries = 0;
            for (int k = 0; k < killsPerTrial; k++)
            {
                double delay = runSeconds * (0.05 + 0.85 * rng.NextDouble());
                var started = Stopwatch.StartNew();
                var args = new List<string>(verb) { file, "--out", dir };
                if (k > 0) args.Add("--resume");
                var (exit, stderr, stopped) = RunAndStop([.. args], TimeSpan.FromSeconds(delay), interrupt, cancel);
                if (stopped && interrupt)
                {
                    // 130: interrupted (a checkpoint is written and named on stderr); 0: the signal came while the
                    // final results were being written, and the run completed.
                    if (exit == 130)
                    {
                        report.Interrupts++;
                        if (stderr.Contains("interrupted", StringComparison.Ordinal) && !stderr.Contains("checkpoint", StringComparison.Ordinal))
                            report.Problems.Add($"trial {t}: interrupted without a checkpoint message: {FirstLine(stderr)}");
                    }
                    else if (exit != 0) report.Problems.Add($"trial {t}: SIGINT gave exit code {exit} (expected 130 or 0): {FirstLine(stderr)}");
                }
                else if (stopped) report.Kills++;
                else if (exit != 0) report.Problems.Add($"trial {t}: run {k} exited with {exit}: {FirstLine(stderr)}");
                CheckVisibleFiles(dir, report, $"trial {t} after stop {k}");
                if (!stopped && exit == 0)
                {
                    runSeconds = Math.Min(runSeconds, started.Elapsed.TotalSeconds);
                    if (retries++ < 4) { TryDeleteFolder(dir); k--; }
                }
            }
            var (c2, _, e2) = RunToEnd([.. verb, file, "--out", dir, "--resume"], cancel);
            if (c2 != 0) { report.Problems.Add($"trial {t}: resume exited with {c2}: {FirstLine(e2)}"); continue; }
            foreach (var f in Directory.GetFiles(dir))
                if (AtomicFile.IsTempName(Path.GetFileName(f))) report.Problems.Add($"trial {t}: temporary file {Path.GetFileName(f)} left after the resumed run");
            Compare(refDir, dir, tolerance, report, $"trial {t}");
            report.Trials++;
            progress?.Report(new ProgressInfo($"{solver}: kill and resume", t + 1, trials));
        }
        return report;
    }

    private static void TryDeleteFolder(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
    }

    private static void CheckVisibleFiles(string dir, CrashReport report, string when)
    {
        if (!Directory.Exists(dir)) return;
        foreach (var f in Directory.GetFiles(dir))
        {
            var name = Path.GetFileName(f);
            if (name.StartsWith('.')) continue; // hidden temporary files of interrupted atomic writes, removed by the next run
            try
            {
                if (name == CheckpointFile.FileName) CheckpointFile.Read(f);
                else if (name.EndsWith(".json", StringComparison.Ordinal)) JsonNode.Parse(File.ReadAllText(f));
                else if (name.EndsWith(".svg", StringComparison.Ordinal) && !File.ReadAllText(f).TrimEnd().EndsWith("</svg>", StringComparison.Ordinal))
                    report.Problems.Add($"{when}: {name} is incomplete");
                else if (name.EndsWith(".csv", StringComparison.Ordinal) && !File.ReadAllText(f).EndsWith('\n'))
                    report.Problems.Add($"{when}: {name} is incomplete");
            }
            catch (Exception e) when (e is InvalidInputException or System.Text.Json.JsonException)
            {
                report.Problems.Add($"{when}: {name} is corrupt: {FirstLine(e.Message)}");
            }
        }
    }

    private static void Compare(string refDir, string dir, double tol, CrashReport report, string what)
    {
        var a = JsonNode.Parse(File.ReadAllText(Path.Combine(refDir, "result.json")))!["data"];
        var b = JsonNode.Parse(File.ReadAllText(Path.Combine(dir, "result.json")))!["data"];
        CompareNodes(a, b, "data", tol, report, what);
        foreach (var csv in Directory.GetFiles(refDir, "*.csv"))
        {
            var name = Path.GetFileName(csv);
            var other = Path.Combine(dir, name);
            if (!File.Exists(other)) { report.Problems.Add($"{what}: {name} missing"); continue; }
            var ra = File.ReadAllLines(csv);
            var rb = File.ReadAllLines(other);
            if (ra.Length != rb.Length) { report.Problems.Add($"{what}: {name} has {rb.Length} lines, the reference {ra.Length}"); continue; }
            var header = ra[0].Split(',');
            for (int i = 1; i < ra.Length; i++)
            {
                var ca = ra[i].Split(',');
                var cb = rb[i].Split(',');
                for (int j = 0; j < Math.Min(ca.Length, cb.Length); j++)
                {
                    if (j < header.Length && header[j].Contains("evaluations", StringComparison.Ordinal)) continue;
                    CompareText(ca[j], cb[j], $"{name}:{i + 1}:{(j < header.Length ? header[j] : j.ToString())}", tol, report, what);
                }
            }
        }
    }

    private static void CompareNodes(JsonNode? a, JsonNode? b, string path, double tol, CrashReport report, string what)
    {
        switch (a)
        {
            case JsonObject oa:
                if (b is not JsonObject ob) { report.Problems.Add($"{what}: {path} differs in type"); return; }
                foreach (var (k, v) in oa)
                {
                    // Work counters and wall-clock measurements are not results (a resumed run repeats some work and runs at another time).
                    if (k.Contains("evaluations", StringComparison.Ordinal) || k.StartsWith("timing", StringComparison.Ordinal)
                        || k is "results" or "elapsed_seconds" or "seconds_per_step") continue;
                    CompareNodes(v, ob[k], $"{path}.{k}", tol, report, what);
                }
                return;
            case JsonArray aa:
                if (b is not JsonArray ab || ab.Count != aa.Count) { report.Problems.Add($"{what}: {path} differs in length"); return; }
                for (int i = 0; i < aa.Count; i++) CompareNodes(aa[i], ab[i], $"{path}[{i}]", tol, report, what);
                return;
            default:
                CompareText(a?.ToJsonString() ?? "null", b?.ToJsonString() ?? "null", path, tol, report, what);
                return;
        }
    }

    private static void CompareText(string x, string y, string where, double tol, CrashReport report, string what)
    {
        if (x == y) return;
        if (double.TryParse(x.Trim('"'), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var u)
            && double.TryParse(y.Trim('"'), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var v))
        {
            double rel = Math.Abs(u - v) / Math.Max(Math.Max(Math.Abs(u), Math.Abs(v)), 1e-300);
            report.MaxRelativeDifference = Math.Max(report.MaxRelativeDifference, rel);
            if (rel <= tol) return;
        }
        if (report.Problems.Count < 20) report.Problems.Add($"{what}: {where}: {y} differs from the uninterrupted run's {x}");
    }

    private static ProcessStartInfo Start(IEnumerable<string> args)
    {
        var dll = typeof(App).Assembly.Location;
        var host = Environment.ProcessPath is { } p && Path.GetFileNameWithoutExtension(p) == "dotnet" ? p : "dotnet";
        var psi = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        psi.ArgumentList.Add("exec");
        psi.ArgumentList.Add(dll);
        foreach (var a in args) psi.ArgumentList.Add(a);
        return psi;
    }

    private static (int Code, string Stdout, string Stderr) RunToEnd(IEnumerable<string> args, CancellationToken cancel)
    {
        using var p = Process.Start(Start(args))!;
        var o = p.StandardOutput.ReadToEndAsync(cancel);
        var e = p.StandardError.ReadToEndAsync(cancel);
        p.WaitForExitAsync(cancel).GetAwaiter().GetResult();
        return (p.ExitCode, o.Result, e.Result);
    }

    /// <summary>Starts a run and stops it after <paramref name="delay"/>; Stopped is false if it had already ended.</summary>
    private static (int Code, string Stderr, bool Stopped) RunAndStop(string[] args, TimeSpan delay, bool interrupt, CancellationToken cancel)
    {
        using var p = Process.Start(Start(args))!;
        var o = p.StandardOutput.ReadToEndAsync(cancel);
        var e = p.StandardError.ReadToEndAsync(cancel);
        bool stopped = false;
        if (!p.WaitForExit(delay))
        {
            stopped = true;
            if (interrupt) SysKill(p.Id, SigInt);
            else p.Kill(entireProcessTree: true);
            if (!p.WaitForExit(TimeSpan.FromSeconds(60)))
            {
                p.Kill(entireProcessTree: true);
                p.WaitForExit();
                return (-1, "did not stop within 60 s of the signal", true);
            }
        }
        p.WaitForExit();
        return (p.ExitCode, e.Result, stopped);
    }

    private static string FirstLine(string s)
    {
        var t = s.Trim();
        int i = t.IndexOf('\n');
        return i < 0 ? t : t[..i];
    }
}
