using System.CommandLine;
using System.Text.Json.Nodes;
using KineticLab.Numerics.TimeStepping;
using KineticLab.Output;
using KineticLab.Output.Reports;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Cli.Commands;

/// <summary><c>kineticlab kwe solve EXPERIMENT.json [--resume]</c>: the isotropic KWE solver.</summary>
internal static class KweSolveCommand
{
    public static Command Build(CommandContextFactory f)
    {
        var cmd = new Command("solve", "Solve ∂t n = C[n] (or the gain-only equation) for isotropic data on a log-spaced ω grid with an " +
                                       "embedded Runge–Kutta method; writes a results folder (spectra, norms, waveaction and energy drift) " +
                                       "and a checkpoint. See examples/kwe-solve-*.json; experiments of kind kwe.solve3d and kwe.solve3d-inhomogeneous " +
                                       "run the anisotropic solvers on a Cartesian k-grid (examples/kwe3d-*.json).");
        var file = new Argument<string>("experiment") { Description = "Experiment file (JSON) of kind kwe.solve (isotropic), kwe.solve3d or kwe.solve3d-inhomogeneous (anisotropic, examples/kwe3d-*.json)." };
        var resume = new Option<bool>("--resume") { Description = "Continue from checkpoint.json in the --out folder of an interrupted run of the same experiment." };
        cmd.Arguments.Add(file);
        cmd.Options.Add(resume);
        f.Bind(cmd, ctx =>
        {
            var path = ctx.Parse.GetValue(file) ?? "";
            var fields = JsonFields.Load(path);
            var kind = fields.Has("kind") ? fields.String("kind") : "kwe.solve";
            if (kind is not ("kwe.solve" or Kwe3DCommands.SolveKind or Kwe3DCommands.InhomogeneousKind))
                throw new InvalidInputException("kind", fields.Raw["kind"]!.ToString(), $"must be kwe.solve, {Kwe3DCommands.SolveKind} or {Kwe3DCommands.InhomogeneousKind} for kwe solve");
            fields.Ignore("kind", "description");
            var fileOut = fields.Has("out") ? fields.String("out") : null;
            if (kind != "kwe.solve") return Kwe3DCommands.RunSolve(ctx, kind, fields, ctx.Parse.GetValue(resume), fileOut);
            return Run(ctx, fields, ctx.Parse.GetValue(resume), fileOut);
        });
        return cmd;
    }

    /// <summary>Runs a kwe.solve experiment (also used by <c>run</c>).</summary>
    internal static int Run(CommandContext ctx, JsonFields fields, bool resume, string? defaultOut)
    {
        var parsed = IsotropicSolveJson.Read(fields);
        fields.EnsureNoUnknownKeys();
        var warnings = parsed.Spec.Validate();
        foreach (var w in warnings) ctx.Warn(w);
        var run = CheckpointedRun.Prepare(ctx, fields, resume, defaultOut, "kwe-solve", $"kwe solve: {parsed.Initial.Describe()}, t_end = {Require.Fmt(parsed.Spec.TEnd)}");
        if (run is null) return App.ExitOk;
        var solver = new IsotropicSolver(parsed.Spec);
        IntegratorState state;
        IsotropicSolveRecord record;
        if (run.Resume)
        {
            (state, record) = KweSolveReport.Restore(run.LoadState(), solver.Dimension, run.CheckpointPath);
            ctx.Info($"resuming at t = {state.Time:G6} ({state.Accepted} steps done)");
        }
        else
        {
            state = solver.Start(parsed.Initial);
            record = new IsotropicSolveRecord();
        }
        void Save(IntegratorState s, IsotropicSolveRecord r) => run.Save(KweSolveReport.State(s, r));

        var started = DateTimeOffset.UtcNow;
        var sw = System.Diagnostics.Stopwatch.StartNew();
        run.Execute(ctx, "kwe solve", (prog, cancel) => solver.Run(state, record, Save, parsed.CheckpointEvery, prog, cancel),
            () => { if (record.NextOutput > 0) Save(state, record); }, () => $"t = {state.Time:G6}");
        var folder = run.Folder;
        var rec = KweSolveReport.Write(folder, solver, record, run.Parameters, parsed.Initial.Describe(), started, sw.Elapsed.TotalSeconds, warnings);
        if (ctx.Json) run.PrintJson(ctx, rec);
        else
        {
            var d = record.Diagnostics;
            ctx.Info($"t = {d[^1].Time:G6} after {d[^1].Steps} steps ({d[^1].Rejected} rejected); grid of {solver.Grid.N} nodes");
            ctx.Info($"waveaction {d[0].Waveaction:G10} → {d[^1].Waveaction:G10}, energy {d[0].Energy:G10} → {d[^1].Energy:G10}");
            ctx.Info($"weighted sup norm {d[0].WeightedSupNorm:G6} → {d[^1].WeightedSupNorm:G6}");
            ctx.Info($"results: {folder.Path}");
        }
        return App.ExitOk;
    }
}
