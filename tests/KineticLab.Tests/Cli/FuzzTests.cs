using KineticLab.Cli.Reliability;
using Xunit;
using Xunit.Abstractions;

namespace KineticLab.Tests.Cli;

/// <summary>
/// Robustness: generated and mutated experiment files and argument lists, at least 1000 per run; every one ends
/// with exit code 0 (valid) or 2 (one error line, no stack trace). The long variant is <c>kineticlab validate reliability</c>.
/// </summary>
public class FuzzTests(ITestOutputHelper output)
{
    internal static string ExamplesDir()
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var p = Path.Combine(d.FullName, "examples");
            if (File.Exists(Path.Combine(p, "showcase.json"))) return p;
        }
        throw new InvalidOperationException("examples/ not found above the test assembly");
    }

    [Theory]
    [InlineData(20261122, 1200)]
    [InlineData(7, 300)]
    public void MutatedInputsAreRejectedWithOneLineOrAccepted(int seed, int cases)
    {
        var work = Path.Combine(Path.GetTempPath(), $"kineticlab-fuzz-{Guid.NewGuid():N}");
        try
        {
            var report = Fuzzer.Run(ExamplesDir(), work, cases, seed);
            output.WriteLine($"seed {seed}: {report.Cases} cases, {report.Accepted} accepted, {report.Rejected} rejected, {report.Seconds:F1} s");
            foreach (var (field, count) in report.RejectedByField) output.WriteLine($"  {field}: {count}");
            var shown = string.Join("\n", report.Failures.Take(8).Select(f =>
                $"#{f.Case.Index} {f.Case.Origin} [{f.Case.Mutation}] args: {string.Join(' ', f.Case.Args)} → {f.Reason}; exit {f.ExitCode}; stderr: {f.Stderr.Trim()}"));
            Assert.True(report.Failures.Count == 0, $"{report.Failures.Count} of {report.Cases} cases failed (seed {seed}):\n{shown}");
            Assert.Equal(cases, report.Cases);
            // The generator must exercise both outcomes, else it tests nothing.
            Assert.True(report.Rejected > cases / 2, $"only {report.Rejected} rejections");
            Assert.True(report.Accepted > cases / 50, $"only {report.Accepted} accepted cases");
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }
}
