using System.CommandLine;
using KineticLab.Experiments;

namespace KineticLab.Cli.Commands;

/// <summary><c>kineticlab kwe solve EXPERIMENT.json [--resume]</c>: the KWE solvers (isotropic and anisotropic).</summary>
internal static class KweSolveCommand
{
    /// <summary>The kinds <c>kwe solve</c> runs (the first is the default of a file without "kind").</summary>
    public static readonly string[] Kinds = ["kwe.solve", "kwe.solve3d", "kwe.solve3d-inhomogeneous"];

    public static Command Build(CommandContextFactory f)
    {
        var cmd = new Command("solve", "Solve ∂t n = C[n] (or the gain-only equation) for isotropic data on a log-spaced ω grid with an " +
                                       "embedded Runge–Kutta method; writes a results folder (spectra, norms, waveaction and energy drift, " +
                                       "an append-only history, an HDF5 file) and a checkpoint. See examples/kwe-solve-*.json; experiments of kind " +
                                       "kwe.solve3d and kwe.solve3d-inhomogeneous run the anisotropic solvers on a Cartesian k-grid (examples/kwe3d-*.json).");
        var file = new Argument<string>("experiment") { Description = "Experiment file (JSON) of kind kwe.solve (isotropic), kwe.solve3d or kwe.solve3d-inhomogeneous (anisotropic, examples/kwe3d-*.json)." };
        var resume = new Option<bool>("--resume") { Description = "Continue from the checkpoint in the --out folder of an interrupted run of the same experiment." };
        cmd.Arguments.Add(file);
        cmd.Options.Add(resume);
        f.Bind(cmd, ctx =>
        {
            var node = SpecReader.LoadObject(ctx.Parse.GetValue(file) ?? "");
            var (kind, spec) = ExperimentRegistry.Read(node, "kwe.solve", Kinds);
            return ctx.Run(kind, spec, resume: ctx.Parse.GetValue(resume));
        });
        return cmd;
    }
}
