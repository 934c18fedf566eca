using System.CommandLine;
using System.Globalization;
using KineticLab.Experiments;
using KineticLab.Experiments.Boltzmann;

namespace KineticLab.Cli.Commands;

/// <summary>
/// The <c>boltzmann</c> area: <c>operator</c> (kind <c>boltzmann.operator</c>: accuracy and speed of the fast collision
/// operator) and <c>solve</c> (kinds <c>boltzmann.solve</c> and <c>boltzmann.solve-inhomogeneous</c> from an experiment
/// file; the inhomogeneous one on in-process ranks or distributed under mpiexec).
/// </summary>
internal static class BoltzmannCommands
{
    /// <summary>The kinds <c>boltzmann solve</c> runs (the first is the default of a file without "kind").</summary>
    public static readonly string[] SolveKinds = ["boltzmann.solve", "boltzmann.solve-inhomogeneous"];

    public static Command Build(CommandContextFactory f)
    {
        var cmd = new Command("boltzmann", "Boltzmann collision operator (fast spectral method) and homogeneous solver.");
        cmd.Subcommands.Add(BuildOperator(f));
        cmd.Subcommands.Add(BuildSolve(f));
        return cmd;
    }

    /// <summary>The options of <c>boltzmann operator</c> by spec field.</summary>
    private static string OperatorOption(string field) => field switch
    {
        "potential" => "--kernel",
        "radial_points" => "--radial",
        "repetitions" => "--reps",
        _ => CommandContext.OptionOf(field),
    };

    /// <summary>Worker threads: 0 (the default) means all processors (inhomogeneous runs: processors / ranks).</summary>
    internal static Option<int> Threads(string description) => Opt.Integer("--threads", description, 0);

    internal static int CheckThreads(int threads) =>
        threads >= 0 ? threads : throw new InvalidInputException("--threads", threads.ToString(CultureInfo.InvariantCulture), "must be >= 1");

    private static Command BuildOperator(CommandContextFactory f)
    {
        var d = Opt.Integer("--d", "Velocity dimension: 2 or 3.", 3);
        var n = Opt.Integer("--N", "Grid points per axis, even.", 32, false, "--n");
        var gamma = Opt.Number("--gamma", "Exponent γ of Φ(r) = r^γ, in [(1-d)/2, 1].", 0);
        var kernel = Opt.Choice("--kernel", "power (default) or mixed (Φ = r for r ≤ 1, 1/r for r ≥ 1).", ["power", "mixed"], "power");
        var angular = new Option<string?>("--angular") { Description = "abs-cos[:s] (seed, ω form), sigma-const[:value], cos-power:p[:s] (ω form) or sigma-power:q[:s]. Default: sigma-const for bkw, abs-cos otherwise." };
        var test = Opt.Choice("--test", "bkw (exact ∂t f), maxwellian (Q(μ,μ) = 0) or twomaxwellian (direct quadrature).", ["bkw", "maxwellian", "twomaxwellian"], "bkw");
        var l = Opt.OptionalNumber("--L", "Half-width of the velocity box (default per test).");
        var r = Opt.OptionalNumber("--R", "Truncation radius of |u − v| (default per test).");
        var radial = Opt.Integer("--radial", "Radial quadrature points (default N).", 0);
        var sphere = new Option<string?>("--sphere") { Description = "Sphere rule: a point count, icosahedron, octahedron, lebedev14, product-AxB, circle-M." };
        var t = Opt.OptionalNumber("--t", "Time of the BKW solution (default 6.5 in 3D, 0.5 in 2D).");
        var reps = Opt.Integer("--reps", "Timed evaluations.", 3);
        var threads = Threads("Worker threads (default: all processors).");
        var points = Opt.Integer("--points", "Velocities compared with direct quadrature for twomaxwellian.", 6);
        var method = Opt.Choice("--method", "spectral (general kernels, default) or mp (Mouhot–Pareschi: 3D hard spheres γ = 1 / 2D Maxwell γ = 0, constant b_σ).", ["spectral", "mp"], "spectral");
        var dirs = Opt.Integer("--directions", "Directions of the mp method.", 32);
        var cmd = new Command("operator", "Evaluate Q(f,f) with the fast spectral method and compare with an exact or reference value. " +
                                          "Prints linf_error, l2_error (grid L2 norm) and ms_per_eval.");
        foreach (var o in new Option[] { d, n, gamma, kernel, angular, test, l, r, radial, sphere, t, reps, threads, points, method, dirs }) cmd.Options.Add(o);
        f.Bind(cmd, ctx =>
        {
            var p = ctx.Parse;
            var spec = new BoltzmannOperatorSpec
            {
                D = p.GetValue(d), N = p.GetValue(n), Gamma = p.GetValue(gamma), Potential = p.GetValue(kernel)!, Angular = p.GetValue(angular),
                Test = p.GetValue(test)!, L = p.GetValue(l), R = p.GetValue(r), RadialPoints = p.GetValue(radial), Sphere = p.GetValue(sphere),
                T = p.GetValue(t), Repetitions = p.GetValue(reps), Points = p.GetValue(points), Method = p.GetValue(method)!, Directions = p.GetValue(dirs),
            };
            int nThreads = CheckThreads(p.GetValue(threads));
            return ctx.Run(ExperimentRegistry.Find("boltzmann.operator"), spec, OperatorOption, launch: new Launch(Threads: nThreads));
        });
        return cmd;
    }

    private static Command BuildSolve(CommandContextFactory f)
    {
        var file = new Argument<string>("experiment") { Description = "Experiment file (JSON), e.g. examples/boltzmann-two-maxwellian-2d.json." };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint in the --out folder (same experiment)." };
        var threads = Threads("Worker threads (default: all processors; inhomogeneous: processors / ranks).");
        var mpi = new Option<bool>("--mpi") { Description = "Inhomogeneous runs: distribute with MPI (MPICH); implied when started by mpiexec." };
        var ranks = Opt.Integer("--ranks", "Inhomogeneous runs: number of in-process ranks (threads exchanging as MPI ranks would).", 1);
        var processes = Opt.OptionalInteger("--processes", "With --check, inhomogeneous runs: plan the run for this many MPI processes without starting them " +
                                                           "(prints memory_per_rank_bytes; refused when a rank would need more memory than this machine has).");
        var cmd = new Command("solve", "Solve the homogeneous Boltzmann equation ∂t f = Q(f,f) (kind boltzmann.solve), or the inhomogeneous one " +
                                       "∂t f + v·∇x f = Q(f,f) (kind boltzmann.solve-inhomogeneous, distributed under mpiexec), and write a results folder " +
                                       "(moments, entropy, conservation drift, slices or profiles, an append-only history, an HDF5 file, a checkpoint).");
        cmd.Arguments.Add(file);
        cmd.Options.Add(resume);
        cmd.Options.Add(threads);
        cmd.Options.Add(mpi);
        cmd.Options.Add(ranks);
        cmd.Options.Add(processes);
        f.Bind(cmd, ctx =>
        {
            int nThreads = CheckThreads(ctx.Parse.GetValue(threads));
            int planned = 0;
            if (ctx.Parse.GetValue(processes) is { } pp)
            {
                string text = pp.ToString(CultureInfo.InvariantCulture);
                if (!ctx.CheckOnly) throw new InvalidInputException("--processes", text, "only with --check (a run takes its processes from mpiexec or --ranks)");
                if (pp < 1) throw new InvalidInputException("--processes", text, "must be >= 1");
                planned = pp;
            }
            var node = SpecReader.LoadObject(ctx.Parse.GetValue(file) ?? "");
            var (kind, spec) = ExperimentRegistry.Read(node, SolveKinds[0], SolveKinds);
            if (planned > 0 && kind is not IDistributedKind)
                throw new InvalidInputException("--processes", planned.ToString(CultureInfo.InvariantCulture), $"only for distributed kinds ({kind.Name} runs in one process)");
            return ctx.Run(kind, spec, resume: ctx.Parse.GetValue(resume),
                launch: new Launch(ctx.Parse.GetValue(mpi), ctx.Parse.GetValue(ranks), nThreads, planned));
        });
        return cmd;
    }
}
