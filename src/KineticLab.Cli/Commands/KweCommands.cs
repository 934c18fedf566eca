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
        kwe.Subcommands.Add(PhaseDiagram(f));
        kwe.Subcommands.Add(Inflation(f));
        kwe.Subcommands.Add(WellPosedness(f));
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

    /// <summary>The list when the option is given, null otherwise (the experiment's default).</summary>
    private static double[]? Given(ParseResult p, Option<double[]> o) => p.GetResult(o) is { Implicit: false } ? p.GetValue(o) : null;

    private static Command PhaseDiagram(CommandContextFactory f)
    {
        var cmd = new Command("phase-diagram", "The (β, M) diagram: β*(M) where ⟨ω⟩^(M/2)C[n⁰](ω) becomes unbounded as ω → ∞, from the " +
                                               "large-ω expansion and measured on the operator out to ω_max (fits with the expansion's subleading " +
                                               "exponent in windows moving up by a decade). Experiment kind kwe.phase-diagram.");
        var part = Opt.Choice("--part", "gain (the gain-only operator) | full.", ["gain", "full"], "full");
        var datum = Opt.Choice("--datum", "smooth: ⟨ω⟩^(-M/2); kbracket: (1+ω)^(-M/2); oscillating: (A + cos Nω)⟨ω⟩^(-M/2).", KweDatumSpec.Names, "smooth");
        var m = Opt.List("--M", "Decay exponents M > 0: a list or start:step:stop.", "7,8,10,12,16", maxCount: 50);
        var beta = Opt.List("--beta", "β of the measurement, each in [0, 2] (default: β*(M) of the expansion and β* ± 0.05, ± 0.1).", maxCount: 200);
        var a = Opt.Number("--A", "Amplitude A of the oscillating datum.", 2);
        var n = Opt.Number("--N", "Frequency N of the oscillating datum.", 10);
        var wmin = Opt.Number("--omega-min", "Smallest ω of the measurement, in [1, 1e8].", 1e2);
        var wmax = Opt.Number("--omega-max", "Largest ω of the measurement, in (omega-min, 1e9].", 1e7);
        var ppd = Opt.Integer("--points-per-decade", "ω samples per decade, in [1, 20].", 2);
        var win = Opt.Number("--window-decades", "Width of the fit windows in decades, in [0.5, 10].", 2);
        var rtol = Opt.Number("--rtol", "Relative quadrature tolerance in [1e-14, 1e-4] (inner: rtol/10).", 1e-10);
        var exp = new Option<bool>("--expansion-only") { Description = "Only the expansion: no operator evaluations." };
        foreach (var o in new Option[] { part, datum, m, beta, a, n, wmin, wmax, ppd, win, rtol, exp }) cmd.Options.Add(o);
        f.Bind(cmd, ctx =>
        {
            var p = ctx.Parse;
            var spec = new KwePhaseDiagramExperimentSpec
            {
                Part = p.GetValue(part)!, Datum = p.GetValue(datum)!, M = p.GetValue(m)!, Beta = Given(p, beta), A = p.GetValue(a), N = p.GetValue(n),
                OmegaMin = p.GetValue(wmin), OmegaMax = p.GetValue(wmax), PointsPerDecade = p.GetValue(ppd), WindowDecades = p.GetValue(win),
                RelTol = p.GetValue(rtol), ExpansionOnly = p.GetValue(exp),
            };
            return ctx.Run(ExperimentRegistry.Find("kwe.phase-diagram"), spec, CommandContext.OptionOf);
        });
        return cmd;
    }

    private static Command Inflation(CommandContextFactory f)
    {
        var cmd = new Command("inflation", "Norm inflation in time: the doubling time T₂(ω_max) of ‖⟨ω⟩^(M/2)n(t)‖_∞ for data truncated at ω_max, " +
                                           "its exponent in ω_max per β, and the blow-up time (--blow-up). Experiment kind kwe.inflation.");
        var part = Opt.Choice("--part", "gain (the gain-only equation) | full.", ["gain", "full"], "gain");
        var beta = Opt.List("--beta", "β values, each in [0, 2]: a list or start:step:stop.", "0.5,0.75,1", maxCount: 50);
        var wmax = Opt.List("--omega-max", "Truncations ω_max, each above 10·omega-min.", "1e3,1e4,1e5,1e6", maxCount: 20);
        var wmin = Opt.Number("--omega-min", "First grid node.", 1e-2);
        var ppo = Opt.Integer("--points-per-octave", "Grid nodes per octave, in [1, 16].", 4);
        var tail = Opt.Choice("--tail", "truncated: interactions above ω_max dropped | power_law: n continued by a power law.", ["truncated", "power_law"], "truncated");
        var factor = Opt.Number("--factor", "Inflation factor (2: doubling).", 2);
        var tmax = Opt.Number("--t-max", "Stop looking at this time.", 2);
        var blow = new Option<bool>("--blow-up") { Description = "Continue after the doubling until blow-up (sup n above --blow-up-factor·sup n⁰ or step collapse)." };
        var blowFactor = Opt.Number("--blow-up-factor", "Blow-up threshold on sup n / sup n⁰.", 1e6);
        var integ = Opt.Choice("--integrator", "lawson5 (exponential, stiff-capable) | etd3 | dopri5 (explicit).", ["lawson5", "etd3", "dopri5"], "lawson5");
        var rtol = Opt.Number("--rtol", "Relative tolerance of the time integration.", 1e-6);
        var fit = Opt.List("--fit-window", "lo,hi of the exponent fit (default: all truncations).", ranges: false, maxCount: 2);
        var datum = new DatumOptions();
        foreach (var o in new Option[] { part, beta, wmax, wmin, ppo, tail, factor, tmax, blow, blowFactor, integ, rtol, fit }) cmd.Options.Add(o);
        datum.AddTo(cmd);
        f.Bind(cmd, ctx =>
        {
            var p = ctx.Parse;
            var spec = new KweInflationExperimentSpec
            {
                Part = p.GetValue(part)!, Beta = p.GetValue(beta)!, OmegaMax = p.GetValue(wmax)!, OmegaMin = p.GetValue(wmin), PointsPerOctave = p.GetValue(ppo),
                Tail = p.GetValue(tail)!, Factor = p.GetValue(factor), TMax = p.GetValue(tmax), BlowUp = p.GetValue(blow), BlowUpFactor = p.GetValue(blowFactor),
                Integrator = p.GetValue(integ)!, RelTol = p.GetValue(rtol), FitWindow = Given(p, fit),
                M = p.GetValue(datum.M), Datum = p.GetValue(datum.Datum)!, A = p.GetValue(datum.A), N = p.GetValue(datum.N),
            };
            return ctx.Run(ExperimentRegistry.Find("kwe.inflation"), spec, CommandContext.OptionOf);
        });
        return cmd;
    }

    private static Command WellPosedness(CommandContextFactory f)
    {
        var cmd = new Command("well-posedness", "The well-posed side (Theorem 2.6): the constants C₁(β, M) of (2.7) for G1, G2, L1, L2; on solutions " +
                                                "T = 1/(8C₁R²), the norm on [0, T] against B(2R), the Picard contraction ratios and the Lipschitz constant of the " +
                                                "data-to-solution map, also on both sides of β = 1/4. Experiment kind kwe.well-posedness.");
        var beta = Opt.List("--beta", "β of the solution runs, each in [0, 2].", "0,0.1,0.25", maxCount: 20);
        var m = Opt.Number("--M", "Decay of the datum R⟨k⟩^(-M) of the solution runs (M > 0; the theorem needs M > 6).", 8);
        var r = Opt.Number("--R", "Size R of the datum.", 1);
        var wmax = Opt.Number("--omega-max", "Grid truncation of the solution runs, in [1, 1e4].", 30);
        var ppo = Opt.Integer("--points-per-octave", "Grid nodes per octave, in [1, 8].", 2);
        var cb = Opt.List("--constants-beta", "β of the table of constants.", "0,0.1,0.25", maxCount: 20);
        var cm = Opt.List("--constants-M", "M of the table of constants (each > 0).", "6.5,7,8,10,12", maxCount: 20);
        var cw = Opt.Number("--constants-omega-max", "The supremum of the constants is taken over ω ≤ this.", 1e3);
        var crtol = Opt.Number("--constants-rtol", "Quadrature tolerance of the constants.", 1e-7);
        var lb = Opt.List("--lipschitz-beta", "β of the Lipschitz scan (both sides of 1/4).", "0.1,0.25,0.5,0.75", maxCount: 20);
        var lw = Opt.List("--lipschitz-omega-max", "Truncations of the Lipschitz scan.", "30,300", maxCount: 10);
        var lt = Opt.Number("--lipschitz-time", "Horizon of the Lipschitz scan.", 0.01);
        var lp = Opt.Choice("--lipschitz-part", "Equation of the Lipschitz scan: gain (ill-posed above 1/4 for any M > 6) | full.", ["gain", "full"], "gain");
        foreach (var o in new Option[] { beta, m, r, wmax, ppo, cb, cm, cw, crtol, lb, lw, lt, lp }) cmd.Options.Add(o);
        f.Bind(cmd, ctx =>
        {
            var p = ctx.Parse;
            var spec = new KweWellPosednessExperimentSpec
            {
                Beta = p.GetValue(beta)!, M = p.GetValue(m), R = p.GetValue(r), OmegaMax = p.GetValue(wmax), PointsPerOctave = p.GetValue(ppo),
                ConstantsBeta = p.GetValue(cb)!, ConstantsM = p.GetValue(cm)!, ConstantsOmegaMax = p.GetValue(cw), ConstantsRtol = p.GetValue(crtol),
                LipschitzBeta = p.GetValue(lb)!, LipschitzOmegaMax = p.GetValue(lw)!, LipschitzPart = p.GetValue(lp)!, LipschitzTime = p.GetValue(lt),
            };
            return ctx.Run(ExperimentRegistry.Find("kwe.well-posedness"), spec, CommandContext.OptionOf);
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
