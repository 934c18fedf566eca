using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;

namespace KineticLab.Cli.Reliability;

/// <summary>One generated input: the argument list and, for experiment files, the file's text.</summary>
public sealed record FuzzCase(int Index, string Origin, string Mutation, string[] Args, string? FilePath = null, string? FileText = null);

/// <summary>A case the program handled badly, with what it printed.</summary>
public sealed record FuzzFailure(FuzzCase Case, int ExitCode, string Stdout, string Stderr, string Reason);

/// <summary>Outcome of a fuzz run.</summary>
public sealed class FuzzReport
{
    public int Seed { get; init; }
    public int Cases { get; set; }
    public int Accepted { get; set; }
    public int Rejected { get; set; }
    public List<FuzzFailure> Failures { get; } = new();
    /// <summary>Rejections counted by the field named in the error line (the part before the first colon).</summary>
    public SortedDictionary<string, int> RejectedByField { get; } = new(StringComparer.Ordinal);
    public double Seconds { get; set; }
}

/// <summary>
/// Robustness fuzzing of the command line: mutated experiment files (the examples with keys removed, values
/// replaced by wrong types, out-of-range, non-finite or huge numbers, unknown keys, truncated or corrupted text)
/// and mutated argument lists of every verb. Each case runs in-process under <c>--check</c> (validate only, so no
/// case computes or writes results). A case passes when the program exits with 0 (input valid) or 2 (input
/// rejected) and, on rejection, prints exactly one <c>error: field: value: reason</c> line and no stack trace;
/// any other exit code, an exception escaping the program, or a case taking longer than a few seconds is a failure.
/// </summary>
public static class Fuzzer
{
    private static readonly string[] BadNumbers =
    [
        "", " ", "abc", "NaN", "nan", "Infinity", "-Infinity", "inf", "1e999", "-1e999", "1e-400", "-1", "0", "-0", "1e308",
        "2147483648", "-2147483649", "0x10", "1,5", "1..2", "1e", "+", "--1", "١٢", "5;rm -rf /", "0.5.5", "3 4", "1/2",
        "999999999999999999999999", "1e-320", "7", "0.25", "2", "1000000", "4097", "65",
    ];

    private static readonly string[] BadRanges =
    [
        "0:0:1", "1:-0.1:0", "0:1e-9:1", "0:0.1", "0:0.1:1:2", "a:b:c", "1,,2", ",", "0:NaN:1", "1:1:1", "-1:0.5:1",
        "0,0.5,3", "1e3:1:1e4", ":", "0:1e-300:1e-299",
    ];

    private static readonly (string Origin, string[] Args)[] VerbTemplates =
    [
        ("kwe operator", ["kwe", "operator", "--beta", "0.5", "--omega", "0.1,1,10", "--part", "full", "--M", "12", "--datum", "smooth", "--rtol", "1e-8"]),
        ("kwe operator oscillating", ["kwe", "operator", "--beta", "0.3", "--omega", "1", "--datum", "oscillating", "--A", "2", "--N", "10"]),
        ("kwe threshold", ["kwe", "threshold", "--beta", "0:0.25:1", "--part", "gain", "--M", "12", "--omega-min", "1e-2", "--omega-max", "1e4",
            "--points-per-decade", "4", "--fit-window", "1e2:1e4", "--model", "corrected", "--picard-time", "1", "--rtol", "1e-9"]),
        ("boltzmann operator bkw", ["boltzmann", "operator", "--d", "3", "--N", "16", "--gamma", "0", "--test", "bkw", "--angular", "sigma-const", "--reps", "1"]),
        ("boltzmann operator soft", ["boltzmann", "operator", "--d", "2", "--N", "32", "--gamma", "-0.5", "--test", "twomaxwellian", "--kernel", "power",
            "--sphere", "16", "--radial", "8", "--points", "2", "--L", "8", "--R", "7", "--threads", "1"]),
        ("boltzmann operator mp", ["boltzmann", "operator", "--d", "2", "--N", "32", "--test", "bkw", "--method", "mp", "--directions", "16"]),
        ("kwe operator3d", ["kwe", "operator3d", "--beta", "0.5", "--k", "0.3,0.2,0.5", "--part", "gain", "--datum", "gaussian", "--center", "0.5,0,0",
            "--width", "0.6", "--method", "montecarlo", "--samples", "1000", "--seed", "3", "--resolution", "0.5"]),
        ("kwe lemma21", ["kwe", "lemma21", "--r-min", "1e-2", "--r-max", "1e4", "--radii", "11", "--angles", "5"]),
        ("bench kwe", ["bench", "kwe", "--points-per-octave", "2", "--omega-max", "10", "--repeat", "1"]),
        ("bench collision", ["bench", "collision", "--d", "2", "--N", "16", "--reps", "1", "--radial", "8", "--gamma", "-0.5"]),
        ("validate", ["validate", "kwe", "--case", "rayleigh-jeans"]),
    ];

    private static readonly string[] ExtraOptions = ["--json", "--force", "--resume", "--bogus", "-x", "--beta", "--out"];

    /// <summary>Runs <paramref name="cases"/> generated cases.</summary>
    /// <param name="examplesDir">The folder of example experiment files (the seeds of the file mutations).</param>
    /// <param name="workDir">An empty scratch folder for the mutated files.</param>
    public static FuzzReport Run(string examplesDir, string workDir, int cases, int seed,
        IProgress<ProgressInfo>? progress = null, CancellationToken cancel = default)
    {
        var examples = Directory.GetFiles(examplesDir, "*.json").OrderBy(p => p, StringComparer.Ordinal)
            .Select(p => (Name: Path.GetFileName(p), Text: File.ReadAllText(p))).ToArray();
        if (examples.Length == 0) throw new InvalidInputException("examples", examplesDir, "no experiment files found");
        Directory.CreateDirectory(workDir);
        var rng = new Random(seed);
        var report = new FuzzReport { Seed = seed };
        var sw = Stopwatch.StartNew();
        for (int i = 0; i < cases; i++)
        {
            cancel.ThrowIfCancellationRequested();
            var c = rng.NextDouble() < 0.6 ? FileCase(i, rng, examples, workDir) : ArgumentCase(i, rng, workDir);
            Check(c, report);
            report.Cases++;
            progress?.Report(new ProgressInfo("fuzzing", i + 1, cases, $"{report.Failures.Count} failures"));
        }
        report.Seconds = sw.Elapsed.TotalSeconds;
        return report;
    }

    private static void Check(FuzzCase c, FuzzReport report)
    {
        if (c.FilePath is not null) File.WriteAllText(c.FilePath, c.FileText ?? "");
        var o = new StringWriter();
        var e = new StringWriter();
        int code;
        var sw = Stopwatch.StartNew();
        try
        {
            code = App.Run(c.Args, o, e);
        }
        catch (Exception ex)
        {
            report.Failures.Add(new FuzzFailure(c, -1, o.ToString(), e.ToString(), $"unhandled {ex.GetType().Name}: {ex.Message}"));
            return;
        }
        string err = e.ToString(), outText = o.ToString();
        string? reason = null;
        if (sw.Elapsed.TotalSeconds > 10) reason = $"took {sw.Elapsed.TotalSeconds:F1} s under --check";
        else if (code is not (0 or 2)) reason = $"exit code {code}";
        else if (err.Contains("   at ", StringComparison.Ordinal) || err.Contains("internal error", StringComparison.Ordinal))
            reason = "stack trace or internal error on stderr";
        else if (code == 2)
        {
            var lines = err.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var errors = lines.Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToArray();
            if (errors.Length != 1) reason = $"{errors.Length} error lines";
            else if (lines[^1] != errors[0]) reason = "the error line is not the last line on stderr";
            else if (errors[0].Length < 12) reason = "error line without a message";
            else
            {
                report.Rejected++;
                var rest = errors[0]["error:".Length..].Trim();
                int colon = rest.IndexOf(": ", StringComparison.Ordinal);
                var field = colon > 0 && colon < 60 ? rest[..colon] : "(parser)";
                report.RejectedByField[field] = report.RejectedByField.GetValueOrDefault(field) + 1;
            }
        }
        else
        {
            report.Accepted++;
            if (outText.Length == 0) reason = "exit code 0 but nothing on stdout";
        }
        if (reason is not null) report.Failures.Add(new FuzzFailure(c, code, outText, err, reason));
    }

    private static FuzzCase FileCase(int index, Random rng, (string Name, string Text)[] examples, string workDir)
    {
        var (name, text) = examples[rng.Next(examples.Length)];
        string mutated, what;
        if (rng.NextDouble() < 0.25) (mutated, what) = MutateText(text, rng);
        else
        {
            var root = JsonNode.Parse(text, documentOptions: new System.Text.Json.JsonDocumentOptions { CommentHandling = System.Text.Json.JsonCommentHandling.Skip })!;
            var whats = new List<string>();
            int k = 1 + rng.Next(3);
            for (int j = 0; j < k; j++) whats.Add(MutateTree(ref root, rng));
            mutated = root.ToJsonString();
            what = string.Join("; ", whats);
        }
        string file = Path.Combine(workDir, $"case-{index:D5}.json");
        string outDir = Path.Combine(workDir, $"out-{index:D5}");
        var kind = text.Contains("\"boltzmann-homogeneous\"", StringComparison.Ordinal) || text.Contains("\"boltzmann-inhomogeneous\"", StringComparison.Ordinal) ? "boltzmann"
            : text.Contains("\"kwe.solve", StringComparison.Ordinal) ? "kwe" : "run";   // kwe.solve, kwe.solve3d, kwe.solve3d-inhomogeneous
        // --check comes first, so that no mutation can turn it into the value of another option.
        var args = new List<string> { "--check" };
        double pick = rng.NextDouble();
        if (kind == "boltzmann" && pick < 0.5) args.AddRange(["boltzmann", "solve"]);
        else if (kind == "kwe" && pick < 0.5) args.AddRange(["kwe", "solve"]);
        else args.Add("run");
        args.AddRange([file, "--out", outDir]);
        if (rng.NextDouble() < 0.2) args.Add("--json");
        if (rng.NextDouble() < 0.1 && args[1] != "run") args.Add("--resume");
        return new FuzzCase(index, name, what, [.. args], file, mutated);
    }

    private static (string, string) MutateText(string text, Random rng)
    {
        var sb = new StringBuilder(text);
        switch (rng.Next(6))
        {
            case 0:
            {
                int at = rng.Next(sb.Length);
                return (text[..at], $"truncated at {at}");
            }
            case 1:
            {
                int at = rng.Next(sb.Length);
                char ch = "{}[],:\"\\x0-.e\u0000\u00e9"[rng.Next(15)];
                sb.Insert(at, ch);
                return (sb.ToString(), $"inserted U+{(int)ch:X4} at {at}");
            }
            case 2:
            {
                int at = rng.Next(sb.Length);
                sb.Remove(at, Math.Min(1 + rng.Next(8), sb.Length - at));
                return (sb.ToString(), $"deleted characters at {at}");
            }
            case 3:
            {
                // Replace one number literal by a non-JSON or extreme token.
                var tokens = new[] { "NaN", "Infinity", "1e999", "-1e999", "1e-999", "0x1F", "+1", ".5", "01", "1e400" };
                var digits = Enumerable.Range(0, sb.Length).Where(j => char.IsDigit(sb[j]) && (j == 0 || !char.IsLetterOrDigit(sb[j - 1]))).ToArray();
                if (digits.Length == 0) return (text + "x", "appended garbage");
                int at = digits[rng.Next(digits.Length)];
                int end = at;
                while (end < sb.Length && (char.IsDigit(sb[end]) || sb[end] is '.' or 'e' or 'E' or '-' or '+')) end++;
                var tok = tokens[rng.Next(tokens.Length)];
                sb.Remove(at, end - at).Insert(at, tok);
                return (sb.ToString(), $"number at {at} replaced by {tok}");
            }
            case 4:
                return ("", "empty file");
            default:
                return (text + text, "duplicated content");
        }
    }

    private static readonly Func<Random, JsonNode?>[] BadValues =
    [
        _ => null, _ => true, _ => "x", _ => "", _ => -1, _ => 0, _ => 1e308, _ => -1e308, _ => 1e-320, _ => 3.5, _ => -0.0,
        _ => new JsonArray(), _ => new JsonObject(), _ => new JsonArray(1, 2), _ => "NaN", _ => "Infinity", _ => 2147483648.0,
        _ => 1e6, _ => 4097, _ => 7, _ => 65, _ => 1e-14, _ => new string('9', 400), r => r.NextDouble() * 20 - 10,
        r => Math.Round(r.NextDouble() * 300), _ => new JsonArray(double.MaxValue, 0, 0), _ => new JsonObject { ["x"] = 1 },
    ];

    private static string MutateTree(ref JsonNode root, Random rng)
    {
        // Collect every (container, key/index) slot.
        var slots = new List<(JsonNode Parent, string? Key, int Index, string Path)>();
        void Walk(JsonNode? n, string path)
        {
            switch (n)
            {
                case JsonObject o:
                    foreach (var (k, v) in o.ToList()) { slots.Add((o, k, -1, $"{path}.{k}")); Walk(v, $"{path}.{k}"); }
                    break;
                case JsonArray a:
                    for (int i = 0; i < a.Count; i++) { slots.Add((a, null, i, $"{path}[{i}]")); Walk(a[i], $"{path}[{i}]"); }
                    break;
            }
        }
        Walk(root, "$");
        if (slots.Count == 0 || rng.NextDouble() < 0.03)
        {
            root = rng.Next(3) switch { 0 => new JsonArray(1, 2), 1 => JsonValue.Create(42)!, _ => JsonValue.Create("experiment")! };
            return "top level replaced";
        }
        var (parent, key, index, p) = slots[rng.Next(slots.Count)];
        double op = rng.NextDouble();
        if (op < 0.2)
        {
            if (parent is JsonObject o) o.Remove(key!);
            else ((JsonArray)parent).RemoveAt(index);
            return $"removed {p}";
        }
        if (op < 0.3 && parent is JsonObject po)
        {
            var unknown = new[] { "bogus", "Beta", "t_End", "rtol ", "kind2", "N_x" }[rng.Next(6)];
            po[unknown] = 1;
            return $"added unknown key {unknown} next to {p}";
        }
        if (op < 0.4 && key == "kind" && parent is JsonObject ko)
        {
            var kinds = new[] { "kwe.solve", "kwe.threshold", "boltzmann-homogeneous", "suite", "nope", "" };
            var k = kinds[rng.Next(kinds.Length)];
            ko["kind"] = k;
            return $"kind set to {k}";
        }
        var value = BadValues[rng.Next(BadValues.Length)](rng);
        if (parent is JsonObject obj) obj[key!] = value;
        else ((JsonArray)parent)[index] = value;
        return $"{p} = {value?.ToJsonString() ?? "null"}";
    }

    private static FuzzCase ArgumentCase(int index, Random rng, string workDir)
    {
        var (origin, template) = VerbTemplates[rng.Next(VerbTemplates.Length)];
        var args = template.ToList();
        var whats = new List<string>();
        int k = 1 + rng.Next(2);
        for (int j = 0; j < k; j++)
        {
            var valueSlots = Enumerable.Range(0, args.Count).Where(i => i > 0 && args[i - 1].StartsWith("--", StringComparison.Ordinal) && !args[i].StartsWith("--", StringComparison.Ordinal)).ToArray();
            double op = rng.NextDouble();
            if (op < 0.55 && valueSlots.Length > 0)
            {
                int at = valueSlots[rng.Next(valueSlots.Length)];
                bool rangeLike = args[at].Contains(':') || args[at].Contains(',');
                var pool = rangeLike && rng.NextDouble() < 0.6 ? BadRanges : BadNumbers;
                var v = pool[rng.Next(pool.Length)];
                whats.Add($"{args[at - 1]} = '{v}'");
                args[at] = v;
            }
            else if (op < 0.7 && valueSlots.Length > 0)
            {
                int at = valueSlots[rng.Next(valueSlots.Length)];
                whats.Add($"removed {args[at - 1]}");
                args.RemoveRange(at - 1, 2);
            }
            else if (op < 0.85)
            {
                var extra = ExtraOptions[rng.Next(ExtraOptions.Length)];
                int at = 2 + rng.Next(Math.Max(1, args.Count - 1));
                if (extra is "--beta" or "--out") at = args.Count; // a trailing option without its value
                args.Insert(Math.Min(at, args.Count), extra);
                whats.Add($"inserted {extra}");
            }
            else if (op < 0.93)
            {
                var verb = new[] { "operatr", "", "--help-me", "solve", "threshold" }[rng.Next(5)];
                whats.Add($"verb '{args[1]}' → '{verb}'");
                args[1] = verb;
            }
            else
            {
                args.Add("--out");
                var bad = new[] { "", "/proc/kineticlab", "/etc/hostname/sub", "\u0000x", Path.Combine(workDir, "file-not-dir") }[rng.Next(5)];
                if (bad.EndsWith("file-not-dir", StringComparison.Ordinal)) File.WriteAllText(bad, "x");
                args.Add(bad);
                whats.Add($"--out '{bad}'");
            }
        }
        args.Insert(0, "--check");
        return new FuzzCase(index, origin, string.Join("; ", whats), [.. args]);
    }
}
