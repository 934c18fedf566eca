using System.CommandLine;
using KineticLab.Experiments;
using KineticLab.Experiments.Posedness;

namespace KineticLab.Cli.Commands;

/// <summary>
/// <c>kineticlab posedness ...</c>: the Boltzmann ill-posedness lab (rock and needles, norm deflation, the (d−1)/2 threshold).
/// Every option sets the member of the experiment file with the same name (--M-scan ↔ "M_scan"); the verbs build that spec
/// and run it through the registry, as <c>kineticlab run</c> does.
/// </summary>
internal static class PosednessCommands
{
    public static Command Build(CommandContextFactory f)
    {
        var cmd = new Command("posedness", "Boltzmann ill-posedness lab: the rock-and-needles construction (beam of needles, rock at v = 0 " +
                                           "with N1 → ∞), norm deflation and the (d−1)/2 threshold. See docs/rock-and-needles.md.");
        cmd.Subcommands.Add(NeedlesRateVerb(f));
        cmd.Subcommands.Add(BeamNormVerb(f));
        cmd.Subcommands.Add(BilinearVerb(f));
        cmd.Subcommands.Add(DeflationVerb(f));
        cmd.Subcommands.Add(ToyNonlinearCommand.Build(f));
        cmd.Subcommands.Add(SpaceTimeRatioVerb(f));
        cmd.Subcommands.Add(SolutionDeflationVerb(f));
        return cmd;
    }

    private static Command SolutionDeflationVerb(CommandContextFactory f)
    {
        var m = Scan("--M", "Toy values of M in [1, 20] (list or start:step:stop; default 1, 1.25, 1.5, 1.75).", SolutionDeflationExperimentSpec.MaxMs);
        var nx = Opt.OptionalInteger("--nx", "x points per axis, even, in [8, 512] (default 32).");
        var nxPerM = Opt.OptionalNumber("--nx-per-M", "x points per axis growing with M: the even number ≥ nx_per_M·M (20: the needle width 0.6/M is 1.2 grid steps at every M).");
        var nv = Opt.OptionalInteger("--nv", "Velocity points per axis, even, in [8, 128] (default 32).");
        var steps = Opt.OptionalInteger("--steps", "Strang steps (default 16).");
        var dt = Opt.OptionalNumber("--dt", "Step (default 0.1; the needles focus at t = 1.2).");
        var threads = Opt.OptionalInteger("--threads", "Worker threads (0: all processors).");
        var free = new Option<bool>("--no-collisions") { Description = "Free transport only (then f_a is the exact solution: a check of the pipeline)." };
        var cmd = new Command("solution-deflation", "Norm deflation from solutions: the nonlinear inhomogeneous Boltzmann solver (d = 2, γ = −1/2) from a rock and 8 needles " +
                                                    "at toy M; ‖f(t)‖ and ‖f − f_a‖ in L^{2,r0}_v H^{s0}_x, the distance against M^(−1/2) (Prop. 3.14) and the deflation factor " +
                                                    "against ln ln M. Long: minutes per M at 32² x points. See docs/boltzmann-well-posed.md §4.");
        foreach (var o in new Option[] { m, nx, nxPerM, nv, steps, dt, threads, free }) cmd.Options.Add(o);
        f.Bind(cmd, ctx =>
        {
            var p = ctx.Parse;
            var spec = new SolutionDeflationExperimentSpec { M = List(p, m), Nx = p.GetValue(nx), NxPerM = p.GetValue(nxPerM), Collisions = !p.GetValue(free) };
            if (p.GetValue(nv) is { } v) spec.Nv = v;
            if (p.GetValue(steps) is { } st) spec.Steps = st;
            if (p.GetValue(dt) is { } d) spec.Dt = d;
            if (p.GetValue(threads) is { } th) spec.Threads = th;
            return ctx.Run(ExperimentRegistry.Find("posedness.solution-deflation"), spec, CommandContext.OptionOf);
        });
        return cmd;
    }

    private static Command SpaceTimeRatioVerb(CommandContextFactory f)
    {
        var d = Opt.OptionalInteger("--d", "Dimension 2 or 3 (default 2).");
        var s0 = Opt.OptionalNumber("--s0", "Regularity s0 in [0, 4] (default (d−1)/2 + 1/4).");
        var gamma = Opt.OptionalNumber("--gamma", "γ of |u−v|^γ in [(1−d)/2, 0] (default −1/2 for d = 2, −1 for d = 3).");
        var kernel = Opt.OptionalChoice("--kernel", "power (|u−v|^γ) | mixed (1.14), d = 3 only.", ["power", "mixed"]);
        var m = Scan("--M", "Frequencies M (list or start:step:stop; default 16, 32, …, 512 for d = 2, … 256 for d = 3).", SpaceTimeRatioExperimentSpec.MaxMs);
        var beam = Opt.OptionalChoice("--beam", "The free data: the seed's needles, round bullets (length 1/M), or concentrating Gaussians (d = 2, loss term).", ["needles", "bullets", "gaussians"]);
        var t = Opt.OptionalNumber("--T", "The time interval [0, T] of the L² norm in t (default 1/4).");
        var n2 = N2("Needle speed and length N2 (default 1024).");
        var grid = Opt.OptionalChoice("--grid", "Discretization of the rate profile and norms.", ["coarse", "default", "fine"]);
        var conv = new Option<bool>("--grid-convergence") { Description = "Also the exponent on the coarse, default and fine grids (needles, bullets)." };
        var cmd = new Command("spacetime-ratio", "The space-time bilinear ratio Γ_T(M) = ‖⟨∇x⟩^s0⟨v⟩^(s0+γ) Q(f(t),g(t))‖_{L²([0,T];L²)}/(‖f(0)‖‖g(0)‖) on free " +
                                                 "solutions against M, with the fitted exponent of M (bounded for s0 > (d−1)/2 by the seed's (2.1)). See docs/boltzmann-well-posed.md.");
        foreach (var o in new Option[] { d, s0, gamma, kernel, m, beam, t, n2, grid, conv }) cmd.Options.Add(o);
        f.Bind(cmd, ctx =>
        {
            var p = ctx.Parse;
            var spec = new SpaceTimeRatioExperimentSpec { Gamma = p.GetValue(gamma), S0 = p.GetValue(s0), M = List(p, m), GridConvergence = p.GetValue(conv) };
            if (p.GetValue(d) is { } dd) spec.D = dd;
            if (p.GetValue(kernel) is { } k) spec.Kernel = k;
            if (p.GetValue(beam) is { } b) spec.Beam = b;
            if (p.GetValue(t) is { } tt) spec.T = tt;
            if (p.GetValue(n2) is { } nn) spec.N2 = nn;
            if (p.GetValue(grid) is { } g) spec.Grid = g;
            return ctx.Run(ExperimentRegistry.Find("posedness.spacetime-ratio"), spec, CommandContext.OptionOf);
        });
        return cmd;
    }

    /// <summary>The options shared by the verbs (absent: the experiment's default for the dimension).</summary>
    private sealed class CommonOptions
    {
        public readonly Option<int?> D = Opt.OptionalInteger("--d", "Dimension 2 or 3.");
        public readonly Option<string?> Kernel = Opt.OptionalChoice("--kernel", "power (|u−v|^γ) | mixed (1.14), d = 3 only.", ["power", "mixed"]);
        public readonly Option<double?> Gamma = Opt.OptionalNumber("--gamma", "γ ∈ [(1−d)/2, 0] of the power law.");
        public readonly Option<double?> CJ = Opt.OptionalNumber("--c-J", "Needle-count constant: J = round(c_J (M N2)^(d−1)).");
        public readonly Option<double?> Delta = Opt.OptionalNumber("--delta", "Fixed s − s0 (default: the paper's lnlnln M / ln M where allowed).");
        public readonly Option<double?> B = Opt.OptionalNumber("--b", "c_b in b(cos θ) = c_b |cos θ|.");
        public readonly Option<string?> UnitRate = Opt.OptionalChoice("--unit-rate", "true: scale the beam so the focus rate is exactly Λ; false: the paper's amplitude.", ["true", "false"]);

        public void AddTo(Command c)
        {
            foreach (var o in new Option[] { D, Kernel, Gamma, CJ, Delta, B, UnitRate }) c.Options.Add(o);
        }

        public void Set(ParseResult p, NeedleExperimentSpec spec)
        {
            spec.D = p.GetValue(D);
            spec.Kernel = p.GetValue(Kernel);
            spec.Gamma = p.GetValue(Gamma);
            spec.CJ = p.GetValue(CJ);
            spec.Delta = p.GetValue(Delta);
            spec.B = p.GetValue(B);
            spec.UnitRate = p.GetValue(UnitRate) is { } u ? u == "true" : null;
        }
    }

    private static Option<double?> M(string help = "Frequency M > 1 (needle width 1/M, rock size 1/M).") => Opt.OptionalNumber("--M", help);
    private static Option<double?> N2(string help = "Needle speed and length N2 (M·N2 ≥ 8).") => Opt.OptionalNumber("--N2", help);
    private static Option<double?> S0() => Opt.OptionalNumber("--s0", "Regularity s0 ≥ 0.");
    private static Option<double[]> Scan(string name, string help, int max) => Opt.List(name, help, maxCount: max);

    /// <summary>The list when the option is given, null otherwise (the experiment's default).</summary>
    private static double[]? List(ParseResult p, Option<double[]> o) => p.GetResult(o) is { Implicit: false } ? p.GetValue(o) : null;

    private static Command Verb(CommandContextFactory f, string name, string description, CommonOptions common, Option[] own, Func<ParseResult, ExperimentSpec> spec)
    {
        var cmd = new Command(name, description);
        common.AddTo(cmd);
        foreach (var o in own) cmd.Options.Add(o);
        f.Bind(cmd, ctx => ctx.Run(ExperimentRegistry.Find("posedness." + name), spec(ctx.Parse), CommandContext.OptionOf));
        return cmd;
    }

    private static Command NeedlesRateVerb(CommandContextFactory f)
    {
        var common = new CommonOptions();
        var (s0, m, n2) = (S0(), M("Frequency M > 1 of the field (needle width 1/M, rock size 1/M)."), N2());
        var scan = Scan("--M-scan", "M values of the focus-rate scan (list or start:step:stop).", 40);
        var times = Scan("--times", "Times t ∈ [−0.25, 0] of the field.", 20);
        var radial = Opt.OptionalInteger("--radial-points", "Points along the ray M|x| ∈ [0, 3].");
        var agree = Opt.OptionalNumber("--agree-time", "The fields must agree to 1e-3 for |t| ≤ this.");
        return Verb(f, "needles-rate", "Damping-rate field R(t,x,0) of the needles on the rock: per-needle quadrature against the continuum formula, β both ways, and the focus rate R0 against M with its fitted slope.",
            common, [s0, m, n2, scan, times, radial, agree], p =>
            {
                var spec = new NeedlesRateExperimentSpec { S0 = p.GetValue(s0), M = p.GetValue(m), N2 = p.GetValue(n2), MScan = List(p, scan) };
                common.Set(p, spec);
                if (List(p, times) is { } t) spec.Times = t;
                if (p.GetValue(radial) is { } r) spec.RadialPoints = r;
                if (p.GetValue(agree) is { } a) spec.AgreeTime = a;
                return spec;
            });
    }

    private static Command BeamNormVerb(CommandContextFactory f)
    {
        var common = new CommonOptions();
        var (s0, m, n2) = (S0(), M("Frequency M > 1 of the N2 scan."), N2("Needle speed and length N2 of the M scan (M·N2 ≥ 8)."));
        var mscan = Scan("--M-scan", "M values (at --N2).", 60);
        var n2scan = Scan("--N2-scan", "N2 values (at --M).", 60);
        return Verb(f, "beam-norm", "‖f_b‖ in L^{2,r0}_v H^{s0}_x against M and N2 with fitted slopes against Lemma 3.1.",
            common, [s0, m, n2, mscan, n2scan], p =>
            {
                var spec = new BeamNormExperimentSpec { S0 = p.GetValue(s0), M = p.GetValue(m), N2 = p.GetValue(n2) };
                common.Set(p, spec);
                if (List(p, mscan) is { } ms) spec.MScan = ms;
                if (List(p, n2scan) is { } ns) spec.N2Scan = ns;
                return spec;
            });
    }

    private static Command BilinearVerb(CommandContextFactory f)
    {
        var common = new CommonOptions();
        var s0 = Scan("--s0", "s0 values (list or start:step:stop), each ≥ 0.", 100);
        var (m, n2) = (M("Frequency M > 1 of the N2 scan."), N2("Needle speed and length N2 of the M scan (M·N2 ≥ 8)."));
        var kernels = new Option<string?>("--kernels") { Description = "Kernels: γ values and/or 'mixed', comma-separated, e.g. -1,-0.5,mixed." };
        var mscan = Scan("--M-scan", "M values (at --N2).", 40);
        var n2scan = Scan("--N2-scan", "N2 values of the second scan (at --M).", 40);
        return Verb(f, "bilinear-ratio", "Γ(M) = ‖Q⁻(f_r,f_b)‖/(‖f_r‖‖f_b‖) for a scan of s0 and M: the fitted exponent of M and the s0 where it changes sign, against (d−1)/2 and (d−2)/2.",
            common, [s0, m, n2, kernels, mscan, n2scan], p =>
            {
                var spec = new BilinearRatioExperimentSpec { S0 = List(p, s0), M = p.GetValue(m), N2 = p.GetValue(n2), Kernels = p.GetValue(kernels) };
                common.Set(p, spec);
                if (List(p, mscan) is { } ms) spec.MScan = ms;
                if (List(p, n2scan) is { } ns) spec.N2Scan = ns;
                return spec;
            });
    }

    private static Command DeflationVerb(CommandContextFactory f)
    {
        var common = new CommonOptions();
        var s0 = S0();
        var mscan = Scan("--M-scan", "M values (each > e^e).", 40);
        var q = Opt.OptionalNumber("--N2-exponent", "q in N2 = M^q (the paper needs q ≥ 10).");
        var norm = Opt.OptionalChoice("--rock-normalization", "unit (‖f_r(0)‖ = 1/ln ln M) | paper.", ["unit", "paper"]);
        var points = Opt.OptionalInteger("--curve-points", "Points of the norm curve per M.");
        return Verb(f, "deflation", "Norm deflation of the rock from t = 0 to T*, the deflation factor against ln ln M, the time t0 where the norm reaches 1 and the two-solution distances (paper's parameters, N2 = M^q).",
            common, [s0, mscan, q, norm, points], p =>
            {
                var spec = new DeflationExperimentSpec { S0 = p.GetValue(s0) };
                common.Set(p, spec);
                if (List(p, mscan) is { } ms) spec.MScan = ms;
                if (p.GetValue(q) is { } qq) spec.N2Exponent = qq;
                if (p.GetValue(norm) is { } n) spec.RockNormalization = n;
                if (p.GetValue(points) is { } c) spec.CurvePoints = c;
                return spec;
            });
    }
}
