using System.CommandLine;
using KineticLab.Experiments;
using KineticLab.Experiments.Kwe;

namespace KineticLab.Cli.Commands;

/// <summary>
/// <c>kineticlab kwe operator3d | lemma21</c>: the KWE for data on R³. Each verb builds its spec from typed options and
/// runs the library's kind (<c>kwe.operator3d</c>, <c>kwe.lemma21</c>); the anisotropic solves are experiment files of
/// kinds <c>kwe.solve3d</c> and <c>kwe.solve3d-inhomogeneous</c> (<c>kwe solve</c>, <c>run</c>).
/// </summary>
internal static class Kwe3DCommands
{
    public static void AddTo(Command kwe, CommandContextFactory f)
    {
        kwe.Subcommands.Add(Operator3D(f));
        kwe.Subcommands.Add(Lemma21(f));
    }

    private static Command Operator3D(CommandContextFactory f)
    {
        var cmd = new Command("operator3d", "Evaluate the σ-parametrised operator (1.14)–(1.17) at one k ∈ R³ for anisotropic data: " +
                                            "deterministic quadrature over R³×S² (error: difference to a rule with ⅔ the points), Monte Carlo (standard error), " +
                                            "or the fast spectral operator on an N³ grid of [-L, L)³ (--method spectral).");
        var beta = Opt.Number("--beta", "β ∈ [0, 2] (the seed's range is [0, 1]). Required.", required: true);
        var m = Opt.Number("--M", "Decay exponent M ∈ (0, 200] of the smooth datum (1+|k|⁴)^(-M/4); also the weight ⟨k⟩^M of the reported weighted value.", 12);
        var part = Opt.Choice("--part", "The part of the operator.", ["gain", "loss", "full"], "full");
        var k = Opt.Vector3("--k", "The point k = kx,ky,kz, |k| ≤ 1e4. Required.", required: true);
        var datum = Opt.Choice("--datum", "smooth: (1+|k|⁴)^(-M/4) (the isotropic lab's smooth datum); gaussian: A·exp(-|k-c|²/(2w²)).", ["smooth", "gaussian"], "smooth");
        var center = Opt.Vector3("--center", "Centre c = cx,cy,cz of the gaussian datum, |c| ≤ 1e3.", "0.5,0,0");
        var width = Opt.Number("--width", "Width w ∈ [1e-3, 1e3] of the gaussian datum.", 0.5);
        var amp = Opt.Number("--amplitude", "Amplitude A of the gaussian datum.", 1);
        var method = Opt.Choice("--method", "Quadrature or Monte Carlo at k, or the fast spectral operator on a grid (value at k: the node's, or the trigonometric interpolant).", ["quadrature", "montecarlo", "spectral"], "quadrature");
        var n = Opt.Integer("--N", "Spectral: points per axis, even, in [8, 128].", 32);
        var l = Opt.Number("--L", "Spectral: half width L of the periodized box [-L, L)³; the datum must fall below 1e-2 of its maximum on |k| = min(R/2, L - R/2).", 4);
        var r = Opt.OptionalNumber("--R", "Spectral: truncation R ∈ (0, 2L] of the resonant rectangle's sides (default L).");
        var radial = Opt.Integer("--radial-points", "Spectral: radial nodes (0: N/2 at β = 0, N otherwise).", 0);
        var polar = Opt.Integer("--sphere-polar", "Spectral: directions on the product rule n × 2n of S² (0: N/4 × N/2).", 0);
        var dealias = new Option<bool>("--dealias") { Description = "Spectral: evaluate on the 3N/2 grid (exact resampling; Orszag's rule) and read the result at the N-grid's nodes; N a multiple of 4, at most 84; about 3.4× the cost." };
        var samples = Opt.Number("--samples", "Monte Carlo samples, an integer in [100, 1e10].", 1_000_000);
        var seed = Opt.Integer("--seed", "Monte Carlo seed (integer).", 1);
        var res = Opt.Number("--resolution", "Factor in [0.25, 8] on every point count of the quadrature rule.", 1);
        foreach (var o in new Option[] { beta, m, part, k, datum, center, width, amp, method, samples, seed, res, n, l, r, radial, polar, dealias }) cmd.Options.Add(o);
        f.Bind(cmd, ctx =>
        {
            var p = ctx.Parse;
            var spec = new KweOperator3DSpec
            {
                Beta = p.GetValue(beta),
                M = p.GetValue(m),
                Part = p.GetValue(part)!,
                K = p.GetValue(k)!,
                Datum = p.GetValue(datum)!,
                Center = p.GetValue(center)!,
                Width = p.GetValue(width),
                Amplitude = p.GetValue(amp),
                Method = p.GetValue(method)!,
                Samples = p.GetValue(samples),
                Seed = p.GetValue(seed),
                Resolution = p.GetValue(res),
                N = p.GetValue(n),
                L = p.GetValue(l),
                R = p.GetValue(r),
                RadialPoints = p.GetValue(radial),
                SpherePolar = p.GetValue(polar),
                Dealias = p.GetValue(dealias),
            };
            return ctx.Run(ExperimentRegistry.Find("kwe.operator3d"), spec, CommandContext.OptionOf);
        });
        return cmd;
    }

    private static Command Lemma21(CommandContextFactory f)
    {
        var cmd = new Command("lemma21", "Collisional averaging (Lemma 2.1): sup of (1+|k1|²+|k2|²)·∫⟨k1*⟩^(-3)dσ over a grid of (|k1|, |k2|, angle), " +
                                         "by quadrature, checked against the closed form; compared with 8π.");
        var rmin = Opt.Number("--r-min", "Smallest nonzero |k| of the log grid, in [1e-8, 1e8].", 1e-2);
        var rmax = Opt.Number("--r-max", "Largest |k|, above r-min and at most 1e8.", 1e4);
        var radii = Opt.Integer("--radii", "Log-spaced radii per vector (plus 0), in [2, 2000].", 61);
        var angles = Opt.Integer("--angles", "Values of cos∠(k1, k2) in [-1, 1], in [3, 2001].", 41);
        foreach (var o in new Option[] { rmin, rmax, radii, angles }) cmd.Options.Add(o);
        f.Bind(cmd, ctx =>
        {
            var p = ctx.Parse;
            var spec = new KweLemma21Spec { RMin = p.GetValue(rmin), RMax = p.GetValue(rmax), Radii = p.GetValue(radii), Angles = p.GetValue(angles) };
            return ctx.Run(ExperimentRegistry.Find("kwe.lemma21"), spec, CommandContext.OptionOf);
        });
        return cmd;
    }
}
