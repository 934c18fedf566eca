using System.CommandLine;
using System.CommandLine.Parsing;
using KineticLab.Experiments;
using KineticLab.Experiments.Posedness;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Cli.Commands;

/// <summary><c>kineticlab kwe ...</c>: the isotropic kinetic wave equation.</summary>
internal static class KweCommands
{
    public static Command Build(CommandContextFactory f)
    {
        var kwe = new Command("kwe", "The 4-wave kinetic wave equation with weight (|k1||k2||k3||k4|)^(2β): operators, " +
                                     "threshold experiments and solvers (isotropic, f(k) = n(|k|²), ω = |k|²; operator3d, lemma21 and the kwe.solve3d kinds: anisotropic data on R³).");
        kwe.Subcommands.Add(Operator(f));
        kwe.Subcommands.Add(Threshold(f));
        kwe.Subcommands.Add(KweSolveCommand.Build(f));
        Kwe3DCommands.AddTo(kwe, f);
        return kwe;
    }

    /// <summary>The options of the datum shared by the verbs (each verb gets its own instances).</summary>
    private sealed class DatumOptions
    {
        public readonly Option<double> M = Opt.Number("--M", "Decay exponent M > 0 of the datum ⟨ω⟩^(-M/2) (the theorems need M > 6; M > 10 for the full equation).", 12);
        public readonly Option<string> Datum = Opt.Choice("--datum", "smooth: n = ⟨ω⟩^(-M/2); oscillating: n = (A + cos(Nω))⟨ω⟩^(-M/2) (seed §5); kbracket: n = (1+ω)^(-M/2) = ⟨k⟩^(-M) (Remark 1.4).",
            KweDatumSpec.Names, "smooth");
        public readonly Option<double> A = Opt.Number("--A", "Amplitude A ∈ [0, 1e6] of the oscillating datum (A ≥ 1 keeps it nonnegative).", 2);
        public readonly Option<double> N = Opt.Number("--N", "Frequency N ∈ (0, 1e4] of the oscillating datum.", 10);

        public void AddTo(Command c)
        {
            c.Options.Add(M); c.Options.Add(Datum); c.Options.Add(A); c.Options.Add(N);
        }
    }

    private static Command Operator(CommandContextFactory f)
    {
        var cmd = new Command("operator", "Evaluate C[n](ω), its gain or loss part, at given ω by adaptive quadrature " +
                                          "(relative accuracy about 1e-8 at the default tolerance). Experiment kind kwe.operator; " +
                                          "writes a results folder only with --out.");
        var beta = Opt.Number("--beta", "β ∈ [0, 2] (the seed's range is [0, 1]). Required.", required: true);
        var part = Opt.Choice("--part", "The part of the operator.", ["gain", "loss", "full"], "full");
        var omega = Opt.List("--omega", "Comma-separated ω > 0 values, e.g. 0.1,1,10,1e4. Required.", ranges: false, required: true);
        var rtol = Opt.Number("--rtol", "Relative tolerance of the outer quadrature, in [1e-14, 1e-2] (inner: rtol/100).", 1e-10);
        var datum = new DatumOptions();
        cmd.Options.Add(beta); cmd.Options.Add(part); cmd.Options.Add(omega); cmd.Options.Add(rtol);
        datum.AddTo(cmd);
        f.Bind(cmd, ctx =>
        {
            var p = ctx.Parse;
            var spec = new KweOperatorSpec
            {
                Beta = p.GetValue(beta),
                Part = p.GetValue(part)!,
                Omega = p.GetValue(omega)!,
                RelTol = p.GetValue(rtol),
                M = p.GetValue(datum.M),
                Datum = p.GetValue(datum.Datum)!,
                A = p.GetValue(datum.A),
                N = p.GetValue(datum.N),
            };
            return ctx.Run(ExperimentRegistry.Find("kwe.operator"), spec, CommandContext.OptionOf);
        });
        return cmd;
    }

    private static Command Threshold(CommandContextFactory f)
    {
        var cmd = new Command("threshold", "Scan β: fit the growth exponent p(β) of ⟨ω⟩^(M/2)|C[n⁰](ω)| at large ω, the Picard-iterate " +
                                           "norm against ω_max, and the threshold β* where p crosses 0. Writes a results folder " +
                                           "(experiment kind kwe.threshold, examples/kwe-threshold-*.json).");
        var beta = Opt.List("--beta", "β values: start:step:stop or a list, each in [0, 2].", "0:0.05:1", maxCount: KweThresholdExperimentSpec.MaxBetas);
        var part = Opt.Choice("--part", "gain (the gain-only equation) | full.", ["gain", "full"], "gain");
        var wmin = Opt.Number("--omega-min", "Smallest ω sampled, in [1e-6, 1e6].", 1e-2);
        var wmax = Opt.Number("--omega-max", "Largest ω sampled (the truncation ω_max of the Picard norm), in (omega-min, 1e7].", 1e4);
        var ppd = Opt.Integer("--points-per-decade", "ω samples per decade, in [1, 100].", 4);
        var fit = Window("--fit-window", "Large-ω fit window lo:hi inside [omega-min, omega-max].", "1e2:1e4");
        var model = Opt.Choice("--model", "power: log y = a + p log ω; corrected: adds c/ω (removes the leading finite-ω bias).", ["power", "corrected"], "corrected");
        var t = Opt.Number("--picard-time", "Time t of the second Picard iterate n⁰ + tC[n⁰].", 1);
        var rtol = Opt.Number("--rtol", "Relative quadrature tolerance in [1e-14, 1e-2] (inner: rtol/10).", 1e-9);
        var datum = new DatumOptions();
        foreach (var o in new Option[] { beta, part, wmin, wmax, ppd, fit, model, t, rtol }) cmd.Options.Add(o);
        datum.AddTo(cmd);
        f.Bind(cmd, ctx =>
        {
            var p = ctx.Parse;
            var spec = new KweThresholdExperimentSpec
            {
                Beta = p.GetValue(beta)!,
                Part = p.GetValue(part)!,
                OmegaMin = p.GetValue(wmin),
                OmegaMax = p.GetValue(wmax),
                PointsPerDecade = p.GetValue(ppd),
                FitWindow = p.GetValue(fit)!,
                Model = p.GetValue(model)!,
                PicardTime = p.GetValue(t),
                RelTol = p.GetValue(rtol),
                M = p.GetValue(datum.M),
                Datum = p.GetValue(datum.Datum)!,
                A = p.GetValue(datum.A),
                N = p.GetValue(datum.N),
            };
            return ctx.Run(ExperimentRegistry.Find("kwe.threshold"), spec, CommandContext.OptionOf);
        });
        return cmd;
    }

    /// <summary>A window lo:hi of two numbers (their order is checked by the experiment).</summary>
    private static Option<double[]> Window(string name, string description, string @default)
    {
        var o = new Option<double[]>(name) { Description = description };
        o.DefaultValueFactory = r => ParseWindow(r, name, @default);
        o.CustomParser = r => ParseWindow(r, name, r.Tokens.Count == 0 ? "" : r.Tokens[^1].Value);
        return o;
    }

    private static double[] ParseWindow(ArgumentResult r, string name, string text)
    {
        try
        {
            var parts = text.Split(':');
            if (parts.Length != 2) throw new InvalidInputException(name, text, "must be lo:hi");
            return [Opt.Finite(name, parts[0]), Opt.Finite(name, parts[1])];
        }
        catch (InvalidInputException e)
        {
            r.AddError(e.Message);
            return [];
        }
    }
}
