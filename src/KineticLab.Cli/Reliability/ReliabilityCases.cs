using KineticLab.Numerics.Validation;

namespace KineticLab.Cli.Reliability;

/// <summary>
/// The long variants of the reliability tests, run by <c>kineticlab validate reliability</c>: a large fuzz run
/// with a fresh seed, and kill-and-resume / interrupt-and-resume trials of each solver at random moments.
/// The fast variants (fixed seeds, fewer trials) are in the test suite.
/// </summary>
public static class ReliabilityCases
{
    /// <summary>A small isotropic KWE run (a few seconds) that checkpoints every 2 steps.</summary>
    public const string KweSolveSmall = """
        { "kind": "kwe.solve", "beta": 0.25, "equation": "full",
          "initial": { "type": "smooth", "M": 12 },
          "grid": { "omega_min": 1e-2, "omega_max": 100, "points_per_octave": 2, "degree": 5, "weight_exponent": 6, "tail": "truncated" },
          "t_end": 0.5, "outputs": 4, "rtol": 1e-7, "atol": 1e-10, "checkpoint_every": 2 }
        """;

    /// <summary>A small homogeneous Boltzmann run (2D, soft potential, a few seconds) with frequent outputs.</summary>
    public const string BoltzmannSolveSmall = """
        { "kind": "boltzmann-homogeneous", "d": 2, "N": 24, "L": 7, "R": 6, "radial_points": 12, "sphere": "16",
          "kernel": { "potential": "power", "gamma": -0.5, "angular": "abs-cos" },
          "initial": { "type": "gaussians", "components": [ { "weight": 0.5, "mean": [1.2, 0], "std": 0.8 }, { "weight": 0.5, "mean": [-1.2, 0.3], "std": 0.8 } ] },
          "t_end": 2, "output_times": [0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.8, 1, 1.2, 1.4, 1.6, 1.8], "method": "bs23", "rtol": 1e-7, "atol": 1e-11 }
        """;

    /// <summary>A small inhomogeneous Boltzmann run (1D-2V, a few seconds) with a checkpoint every second step.</summary>
    public const string BoltzmannInhomogeneousSmall = """
        { "kind": "boltzmann-inhomogeneous", "d": 2, "N": 24, "L": 6, "R": 5.5, "radial_points": 12, "sphere": "8",
          "kernel": { "potential": "power", "gamma": 0, "angular": "sigma-const" },
          "x": { "dims": 1, "N": 16, "length": 6.283185307179586 },
          "initial": { "components": [ { "weight": 0.6, "mean": [0.8, 0], "std": 0.8, "amplitude": 0.4, "mode": [1] },
                                       { "weight": 0.4, "mean": [-0.8, 0.4], "std": 0.8, "amplitude": -0.3, "mode": [2], "phase": 0.7 } ] },
          "t0": 0, "dt": 0.05, "steps": 40, "method": "bs23", "rtol": 1e-8, "atol": 1e-12,
          "norms": [ { "r": 0, "s": 0 }, { "r": 2, "s": 1 } ], "profile_every": 5, "checkpoint_every": 2 }
        """;

    /// <summary>A small anisotropic KWE run (6³ k-grid, the grid operator, a second or two) with a checkpoint every step.</summary>
    public const string Kwe3DSolveSmall = """
        { "kind": "kwe.solve3d", "beta": 0.2, "equation": "full",
          "initial": { "type": "bumps", "bumps": [ { "amplitude": 1, "center": [0.8, 0, 0], "width": 0.6 } ] },
          "grid": { "method": "grid", "n": 6, "half_width": 2.5, "sigma_polar": 3, "sigma_azimuth": 6 },
          "conservative_projection": true, "norm_M": 6, "t_end": 0.05, "outputs": 4, "rtol": 1e-4, "atol": 1e-7, "method": "dopri5", "checkpoint_every": 1 }
        """;

    /// <summary>A small inhomogeneous anisotropic KWE run (4 x cells, 6³ k-grid, the grid operator, a few seconds).</summary>
    public const string Kwe3DInhomogeneousSmall = """
        { "kind": "kwe.solve3d-inhomogeneous", "beta": 0.2, "equation": "full",
          "initial": { "type": "bumps", "bumps": [ { "amplitude": 1, "center": [0.8, 0, 0], "width": 0.6 } ] },
          "grid": { "method": "grid", "n": 6, "half_width": 2.5, "sigma_polar": 3, "sigma_azimuth": 6 },
          "conservative_projection": true, "norm_M": 6,
          "x_box": { "cells": [4, 1, 1], "length": [6.283185307179586, 1, 1] }, "velocity": "k",
          "modulation": { "amplitude": 0.5, "mode": [1, 0, 0] },
          "t_end": 0.3, "dt": 0.1, "collision_substeps": 1, "outputs": 3, "checkpoint_every": 1 }
        """;

    /// <summary>The solvers under test: name, verb and experiment.</summary>
    public static IReadOnlyList<(string Name, string[] Verb, string Experiment)> Solvers { get; } =
    [
        ("kwe-solve", ["kwe", "solve"], KweSolveSmall),
        ("boltzmann-solve", ["boltzmann", "solve"], BoltzmannSolveSmall),
        ("boltzmann-inhomogeneous", ["boltzmann", "solve"], BoltzmannInhomogeneousSmall),
        ("kwe-solve3d", ["kwe", "solve"], Kwe3DSolveSmall),
        ("kwe-solve3d-inhomogeneous", ["kwe", "solve"], Kwe3DInhomogeneousSmall),
    ];

    /// <summary>True when SIGINT is ignored by this process (Linux: bit 2 of SigIgn in /proc/self/status); children inherit it.</summary>
    public static bool SigIntIgnored()
    {
        try
        {
            foreach (var line in File.ReadLines("/proc/self/status"))
                if (line.StartsWith("SigIgn:", StringComparison.Ordinal))
                    return (Convert.ToUInt64(line[7..].Trim(), 16) & 0x2) != 0;
        }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
        return false;
    }

    public static IEnumerable<ValidationCase> Cases(string examplesDir)
    {
        yield return new ValidationCase("reliability", "fuzz",
            "20000 mutated experiment files and argument lists (fresh seed): every one exits 0 or 2 with one error line, no stack trace",
            (prog, cancel) =>
            {
                int seed = Environment.TickCount & 0x7fffffff;
                var work = Path.Combine(Path.GetTempPath(), $"kineticlab-fuzz-{seed}");
                try
                {
                    var r = Fuzzer.Run(examplesDir, work, 20000, seed, prog, cancel);
                    var first = r.Failures.FirstOrDefault();
                    return new ValidationOutcome(r.Failures.Count == 0, r.Failures.Count, 0,
                        $"seed {seed}: {r.Cases} cases, {r.Accepted} accepted, {r.Rejected} rejected, {r.Seconds:F0} s" +
                        (first is null ? "" : $"; first failure: {string.Join(' ', first.Case.Args)} [{first.Case.Mutation}] → {first.Reason}"));
                }
                finally { TryDelete(work); }
            });
        foreach (var (name, verb, exp) in Solvers)
        {
            foreach (bool interrupt in new[] { false, true })
            {
                var what = interrupt ? "interrupt" : "kill";
                yield return new ValidationCase("reliability", $"{what}-resume-{name}",
                    $"{name}: {(interrupt ? "SIGINT (Ctrl-C)" : "SIGKILL")} at random moments (8 trials, {(interrupt ? 1 : 3)} stops each), then --resume: " +
                    "identical result.json data and CSV tables, no corrupt file at any stop",
                    (prog, cancel) =>
                    {
                        int seed = Environment.TickCount & 0x7fffffff;
                        var work = Path.Combine(Path.GetTempPath(), $"kineticlab-crash-{name}-{seed}");
                        try
                        {
                            var r = CrashTester.Run(name, verb, exp, work, trials: 8, killsPerTrial: interrupt ? 1 : 3, interrupt, seed, 0, prog, cancel);
                            // A trial whose stops all came after the run had ended tests nothing: at least one stop must land.
                            bool stopped = r.Kills + r.Interrupts >= 1;
                            return new ValidationOutcome(r.Problems.Count == 0 && r.Trials == 8 && stopped, r.MaxRelativeDifference, 0,
                                $"seed {seed}: {r.Trials} trials, {r.Kills} kills, {r.Interrupts} interrupts, reference {r.ReferenceSeconds:F1} s" +
                                (stopped ? "" : interrupt && SigIntIgnored()
                                    ? "; no run was interrupted: SIGINT is ignored by this process (started as a background job?), so its children cannot be interrupted"
                                    : "; no run was stopped before it ended") +
                                (r.Problems.Count == 0 ? "" : $"; {r.Problems.Count} problems: {string.Join(" | ", r.Problems.Take(3))}"));
                        }
                        finally { TryDelete(work); }
                    });
            }
        }
    }

    private static void TryDelete(string dir)
    {
        try { if (Directory.Exists(dir)) Directory.Delete(dir, recursive: true); }
        catch (IOException) { }
    }
}
