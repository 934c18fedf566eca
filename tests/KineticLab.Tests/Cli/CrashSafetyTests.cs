using KineticLab.Cli.Reliability;
using Xunit;
using Xunit.Abstractions;

namespace KineticLab.Tests.Cli;

/// <summary>
/// Crash safety from outside the process: each solver is killed (SIGKILL) or interrupted (SIGINT) at random
/// moments and resumed; the resumed result equals the uninterrupted one exactly and no visible file is ever
/// corrupt. Fast variants with fixed seeds; <c>kineticlab validate reliability</c> runs more trials with fresh seeds.
/// </summary>
[Collection(SubprocessCollection.Name)]
public class CrashSafetyTests(ITestOutputHelper output)
{
    public static TheoryData<string, bool, int> Cases()
    {
        var d = new TheoryData<string, bool, int>();
        foreach (var (name, _, _) in ReliabilityCases.Solvers)
        {
            d.Add(name, false, 101);
            d.Add(name, true, 202);
        }
        return d;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void StoppedRunsResumeToTheUninterruptedResult(string solver, bool interrupt, int seed)
    {
        var (name, verb, exp) = ReliabilityCases.Solvers.Single(s => s.Name == solver);
        var work = Path.Combine(Path.GetTempPath(), $"kineticlab-crash-test-{Guid.NewGuid():N}");
        try
        {
            var r = CrashTester.Run(name, verb, exp, work, trials: 2, killsPerTrial: interrupt ? 1 : 2, interrupt, seed);
            output.WriteLine($"{name}: {r.Trials} trials, {r.Kills} kills, {r.Interrupts} interrupts, reference {r.ReferenceSeconds:F1} s, max relative difference {r.MaxRelativeDifference:E1}");
            Assert.True(r.Problems.Count == 0, string.Join("\n", r.Problems));
            Assert.Equal(2, r.Trials);
            Assert.Equal(0.0, r.MaxRelativeDifference);
            // The random stops must have hit running processes, or nothing was tested.
            Assert.True(r.Kills + r.Interrupts >= 1, interrupt && ReliabilityCases.SigIntIgnored()
                ? "no run was interrupted: SIGINT is ignored by the test process (started as a background job?), so its children cannot be interrupted"
                : "no run was stopped before it ended");
        }
        finally
        {
            try { Directory.Delete(work, recursive: true); } catch (IOException) { }
        }
    }
}

/// <summary>Tests that time child processes: run alone, not alongside the rest of the suite.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SubprocessCollection
{
    public const string Name = "subprocess";
}
