using System.CommandLine;
using KineticLab.Experiments;
using KineticLab.Experiments.Posedness;

namespace KineticLab.Cli.Commands;

/// <summary><c>kineticlab posedness toy-nonlinear</c>: the nonlinear d = 2 check of the rock's damping (docs/rock-and-needles.md).</summary>
internal static class ToyNonlinearCommand
{
    public static Command Build(CommandContextFactory f)
    {
        var cmd = new Command("toy-nonlinear", "Nonlinear check in d = 2: inhomogeneous runs from rock + needles and from the needles alone; the rock at v = 0 " +
                                               "against the closed-form loss-term damping e^{−β}, and the needles against free transport (experiment kind posedness.toy-nonlinear).");
        var numbers = new List<(Option<double?> Option, Action<ToyNonlinearSpec, double> Set)>();
        var integers = new List<(Option<int?> Option, Action<ToyNonlinearSpec, int> Set)>();
        void Number(string name, string help, Action<ToyNonlinearSpec, double> set)
        {
            numbers.Add((Opt.OptionalNumber(name, help), set));
            cmd.Options.Add(numbers[^1].Option);
        }
        void Integer(string name, string help, Action<ToyNonlinearSpec, int> set)
        {
            integers.Add((Opt.OptionalInteger(name, help), set));
            cmd.Options.Add(integers[^1].Option);
        }

        Number("--gamma", "γ of Φ = r^γ, in [−1/2, 0] (b = |cos θ|).", (s, v) => s.Gamma = v);
        Integer("--Nv", "Velocity points per axis (even, 8..256).", (s, v) => s.Nv = v);
        Number("--L", "Velocity box [−L, L)².", (s, v) => s.L = v);
        Number("--R", "Collision truncation radius, in (0, 2L√2].", (s, v) => s.R = v);
        Integer("--radial-points", "Radial quadrature points of the spectral operator.", (s, v) => s.RadialPoints = v);
        Integer("--sphere-points", "Circle points of the spectral operator.", (s, v) => s.SpherePoints = v);
        Integer("--Nx", "x points per axis (even, 8..256).", (s, v) => s.Nx = v);
        Number("--Lx", "Periodic box [0, Lx)².", (s, v) => s.Lx = v);
        Integer("--needles", "Number of needles J (1..64), directions 2πj/J.", (s, v) => s.Needles = v);
        Number("--speed", "Needle speed c (speed + 4·needle_std_v ≤ L).", (s, v) => s.Speed = v);
        Number("--needle-std-v", "Velocity std of a needle (≥ 2L/Nv).", (s, v) => s.NeedleStdV = v);
        Number("--needle-length", "Position std of a needle along its direction (≥ 1.5·Lx/Nx).", (s, v) => s.NeedleLength = v);
        Number("--needle-width", "Position std of a needle across its direction (≥ 1.5·Lx/Nx).", (s, v) => s.NeedleWidth = v);
        Number("--needle-mass", "Mass of one needle (> 0).", (s, v) => s.NeedleMass = v);
        Number("--focus-time", "Time at which the needle centres meet at the box centre.", (s, v) => s.FocusTime = v);
        Number("--rock-std-v", "Velocity std of the rock (a Maxwellian at v = 0; ≥ 2L/Nv).", (s, v) => s.RockStdV = v);
        Number("--rock-std-x", "Position std of the rock (≥ 1.5·Lx/Nx).", (s, v) => s.RockStdX = v);
        Number("--rock-mass", "Mass of the rock (> 0).", (s, v) => s.RockMass = v);
        Number("--dt", "Strang step.", (s, v) => s.Dt = v);
        Integer("--steps", "Number of steps (1..10000).", (s, v) => s.Steps = v);
        Number("--rtol", "Relative tolerance of the collision sub-steps.", (s, v) => s.RelTol = v);

        f.Bind(cmd, ctx =>
        {
            var spec = new ToyNonlinearSpec();
            foreach (var (o, set) in numbers) if (ctx.Parse.GetValue(o) is { } v) set(spec, v);
            foreach (var (o, set) in integers) if (ctx.Parse.GetValue(o) is { } v) set(spec, v);
            return ctx.Run(ExperimentRegistry.Find("posedness.toy-nonlinear"), spec, CommandContext.OptionOf);
        });
        return cmd;
    }
}
