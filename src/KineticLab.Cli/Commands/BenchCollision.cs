using System.CommandLine;
using KineticLab.Experiments;
using KineticLab.Experiments.Bench;

namespace KineticLab.Cli.Commands;

/// <summary><c>bench collision</c> (kind <c>bench.collision</c>): time of one evaluation of Q(f,f) against the time of its FFTs alone (the floor).</summary>
internal static class BenchCollision
{
    private static string Option(string field) => field switch
    {
        "radial_points" => "--radial",
        "repetitions" => "--reps",
        _ => CommandContext.OptionOf(field),
    };

    public static Command Build(CommandContextFactory f)
    {
        var d = Opt.Integer("--d", "Velocity dimension.", 3);
        var n = Opt.Integer("--N", "Grid points per axis.", 32, false, "--n");
        var gamma = Opt.OptionalNumber("--gamma", "γ of Φ = r^γ (default -1, the seed's soft endpoint in 3D; -0.5 in 2D).");
        var angular = new Option<string?>("--angular") { Description = "Angular kernel (default abs-cos, the seed's)." };
        var radial = Opt.OptionalInteger("--radial", "Radial points (default N).");
        var sphere = new Option<string?>("--sphere") { Description = "Sphere rule (default 12: icosahedron in 3D; 8 in 2D)." };
        var reps = Opt.Integer("--reps", "Timed repetitions (medians are reported).", 7);
        var threads = BoltzmannCommands.Threads("Worker threads (default: all processors).");
        var cmd = new Command("collision", "Milliseconds per evaluation of Q(f,f), the FFT count, and the ratio to the time of those FFTs alone " +
                                           "(same grid, same thread layout, same run).");
        foreach (var o in new Option[] { d, n, gamma, angular, radial, sphere, reps, threads }) cmd.Options.Add(o);
        f.Bind(cmd, ctx =>
        {
            var p = ctx.Parse;
            var spec = new BenchCollisionSpec
            {
                D = p.GetValue(d), N = p.GetValue(n), Gamma = p.GetValue(gamma), Angular = p.GetValue(angular) ?? "abs-cos",
                RadialPoints = p.GetValue(radial), Sphere = p.GetValue(sphere), Repetitions = p.GetValue(reps),
            };
            int th = BoltzmannCommands.CheckThreads(p.GetValue(threads));
            return ctx.Run(ExperimentRegistry.Find("bench.collision"), spec, Option, launch: new Launch(Threads: th));
        });
        return cmd;
    }
}
