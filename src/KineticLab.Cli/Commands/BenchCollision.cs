using System.CommandLine;
using System.Globalization;
using System.Text.Json.Nodes;
using KineticLab.Boltzmann;
using KineticLab.Boltzmann.Exact;
using KineticLab.Boltzmann.Kernels;
using KineticLab.Numerics.Quadrature;
using KineticLab.Boltzmann.Spectral;
using KineticLab.Output;

namespace KineticLab.Cli.Commands;

/// <summary><c>bench collision</c>: time of one evaluation of Q(f,f) against the time of its FFTs alone (the floor).</summary>
internal static class BenchCollision
{
    public static Command Build(CommandContextFactory f)
    {
        var d = new Option<string?>("--d") { Description = "Velocity dimension (default 3)." };
        var n = new Option<string?>("--N", "--n") { Description = "Grid points per axis (default 32)." };
        var gamma = new Option<string?>("--gamma") { Description = "γ of Φ = r^γ (default -1, the seed's soft endpoint in 3D)." };
        var angular = new Option<string?>("--angular") { Description = "Angular kernel (default abs-cos, the seed's)." };
        var radial = new Option<string?>("--radial") { Description = "Radial points (default N)." };
        var sphere = new Option<string?>("--sphere") { Description = "Sphere rule (default 12: icosahedron in 3D; 8 in 2D)." };
        var reps = new Option<string?>("--reps") { Description = "Timed repetitions (default 7; medians are reported)." };
        var threads = new Option<string?>("--threads") { Description = "Worker threads (default: all processors)." };
        var cmd = new Command("collision", "Milliseconds per evaluation of Q(f,f), the FFT count, and the ratio to the time of those FFTs alone " +
                                           "(same grid, same thread layout, same run).");
        foreach (var o in new[] { d, n, gamma, angular, radial, sphere, reps, threads }) cmd.Options.Add(o);
        f.Bind(cmd, ctx =>
        {
            var p = ctx.Parse;
            int dim = CliArgs.Integer("--d", p.GetValue(d), 3);
            if (dim is not (2 or 3)) throw new InvalidInputException("--d", dim.ToString(CultureInfo.InvariantCulture), "must be 2 or 3");
            int nn = CliArgs.Integer("--N", p.GetValue(n), 32);
            double g = CliArgs.Number("--gamma", p.GetValue(gamma), dim == 3 ? -1 : -0.5);
            var kernel = new CollisionKernel(RelativeSpeedKernel.Power(dim, g), AngularKernel.Parse(dim, p.GetValue(angular) ?? "abs-cos"));
            int nr = CliArgs.Integer("--radial", p.GetValue(radial), nn);
            if (nr < 1) throw new InvalidInputException("--radial", nr.ToString(CultureInfo.InvariantCulture), "must be >= 1");
            int r = CliArgs.Integer("--reps", p.GetValue(reps), 7);
            if (r < 1) throw new InvalidInputException("--reps", r.ToString(CultureInfo.InvariantCulture), "must be >= 1");
            int th = CliArgs.Integer("--threads", p.GetValue(threads), 0);
            if (th < 0) throw new InvalidInputException("--threads", th.ToString(CultureInfo.InvariantCulture), "must be >= 1");
            if (nr > 4096) throw new InvalidInputException("--radial", nr.ToString(CultureInfo.InvariantCulture), "must be in [1, 4096]");
            if (r > 10_000) throw new InvalidInputException("--reps", r.ToString(CultureInfo.InvariantCulture), "must be in [1, 10000]");
            if (nn < 8 || nn > (dim == 3 ? 256 : 2048) || nn % 2 != 0)
                throw new InvalidInputException("--N", nn.ToString(CultureInfo.InvariantCulture), $"must be an even number of points per axis in [8, {(dim == 3 ? 256 : 2048)}]");
            var sph = p.GetValue(sphere) is { } s ? SphereRule.ByName(dim, s) : (dim == 3 ? SphereRule.Icosahedron() : SphereRule.Circle(8));
            if (ctx.CheckOnly) return ctx.Checked($"bench collision: d = {dim}, N = {nn}, {kernel.Describe()}, {r} repetitions");
            var grid = new VelocityGrid(dim, nn, dim == 3 ? 6.62 : 9.4);
            var timing = ctx.WithProgress("bench collision", _ =>
            {
                using var op = new FastSpectralOperator(kernel, grid, new SpectralOptions { R = dim == 3 ? 6 : 7, RadialPoints = nr, Sphere = sph, Threads = th });
                var bkw = new Bkw(dim);
                double t = dim == 3 ? 6.5 : 0.5;
                var fs = grid.Sample(v => { double r2 = 0; foreach (var x in v) r2 += x * x; return bkw.Value(t, r2); });
                return (CollisionBenchmark.Measure(op, fs, r), op.Threads, op.FftBackend, op.MemoryBytes, op.IsIsotropic);
            });
            var (tm, threadsUsed, backend, bytes, iso) = timing;
            var json = new JsonObject
            {
                ["d"] = dim, ["N"] = nn, ["gamma"] = g, ["angular"] = kernel.Angular.Name, ["radial_points"] = nr, ["sphere"] = sph.Name,
                ["sphere_points"] = sph.Count, ["threads"] = threadsUsed, ["fft_backend"] = backend, ["isotropic_path"] = iso,
                ["ms_per_eval"] = Json.Number(tm.MsPerEvaluation), ["ffts_per_eval"] = tm.FftsPerEvaluation,
                ["ms_fft_floor"] = Json.Number(tm.MsFftFloor), ["ratio_to_floor"] = Json.Number(tm.RatioToFloor),
                ["operator_bytes"] = bytes, ["repetitions"] = tm.Repetitions,
            };
            if (ctx.Json) ctx.Stdout.WriteLine(Json.Serialize(json, indented: false));
            else
            {
                ctx.Info($"collision operator d = {dim}, N = {nn}, γ = {Require.Fmt(g)}, {kernel.Angular.Name}, {nr} radial × {sph.Count} sphere points ({sph.Name}), {threadsUsed} threads, {backend}");
                ctx.Info($"ms per evaluation: {tm.MsPerEvaluation:F2}");
                ctx.Info($"FFTs per evaluation: {tm.FftsPerEvaluation}");
                ctx.Info($"FFT floor (those FFTs alone): {tm.MsFftFloor:F2} ms");
                ctx.Info($"ratio to floor: {tm.RatioToFloor:F3}");
                ctx.Info($"operator memory: {bytes / 1048576.0:F1} MiB");
            }
            return App.ExitOk;
        });
        return cmd;
    }
}
