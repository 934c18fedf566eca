using System.Globalization;
using System.Text;
using KineticLab.Boltzmann.Exact;
using KineticLab.Boltzmann.Kernels;
using KineticLab.Numerics.Quadrature;
using KineticLab.Boltzmann.Reference;
using KineticLab.Boltzmann.Solvers;
using KineticLab.Boltzmann.Spectral;
using KineticLab.Numerics.TimeStepping;
using KineticLab.Numerics.Validation;

namespace KineticLab.Boltzmann;

/// <summary>
/// Slow validations of the Boltzmann operators and solver against exact solutions and independent references
/// (run by <c>kineticlab validate boltzmann</c>; the fast test suite runs reduced variants).
/// </summary>
public static class BoltzmannValidation
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static IReadOnlyList<ValidationCase> Cases() =>
    [
        new("boltzmann", "bkw-3d-operator", "BKW (3D, Maxwell, t = 6.5): max |Q(f,f) − ∂t f| ≤ 1e-6 at N = 32 (L = 6.62, R = 6, 32 radial, 12 sphere points)",
            (p, c) => BkwOperator(3, [16, 24, 32], 32, 1e-6, p, c)),
        new("boltzmann", "bkw-2d-operator", "BKW (2D, Maxwell, t = 0.5): max |Q(f,f) − ∂t f| ≤ 1e-10 at N = 64 (L = 9.4, R = 7, 64 radial, 8 circle points)",
            (p, c) => BkwOperator(2, [32, 48, 64], 64, 1e-10, p, c)),
        new("boltzmann", "bkw-3d-evolution", "BKW (3D) from t0 = 5.5 to 8.5 at N = 32 with dopri5: max |f − f_BKW| ≤ 1e-6 and fourth-moment error ≤ 1e-3 of its change",
            BkwEvolution),
        new("boltzmann", "gaussian-convolution", "Loss convolution of a Gaussian with |·|^γ against the closed form (3D γ = −1, −1/2; 2D γ = −1/2): relative error ≤ 1e-10 on |v| ≤ 3",
            GaussianConvolution),
        new("boltzmann", "maxwellian-equilibrium", "Q⁺(μ,μ) = Q⁻(μ,μ) for a Maxwellian with every kernel family (power γ ∈ {−1, −1/2, 0, 1}, mixed; ω powers): max |Q| ≤ 3e-6 of max Q⁻",
            MaxwellianEquilibrium),
        new("boltzmann", "soft-vs-direct", "Fast operator against direct quadrature (3D γ = −1, −1/2, mixed; 2D γ = −1/2), two-Gaussian f: relative error (to Q⁻) ≤ 1e-5 at the finest N",
            SoftVersusDirect),
        new("boltzmann", "radial-convergence", "Soft potential (3D γ = −1/2): Gauss–Jacobi radial rule converges spectrally (error ≤ 1e-12 of max Q⁻ at 24 nodes) where Gauss–Legendre is algebraic",
            RadialConvergence),
        new("boltzmann", "two-maxwellian-relaxation", "Two-Maxwellian relaxation (2D, γ = −1/2, b = |cos θ|): conservation drift ≤ 1e-12, entropy non-increasing at every step, final distance to the Maxwellian ≤ 1% of its peak",
            TwoMaxwellian),
        new("boltzmann", "omega-sigma-montecarlo", "Q⁺(f,g) in ω form and σ form agree to 1e-9, match the digest's O5 values to 1e-4, and the Monte Carlo estimate is within 4 standard errors",
            OmegaSigmaMonteCarlo),
        new("boltzmann", "mp-bkw-2d", "Mouhot–Pareschi operator, 2D Maxwell molecules, BKW at t = 0.5: max error ≤ 1e-11 at N = 64 with 16 directions",
            (p, c) => ValidationOutcome.AtMost(OperatorCheck.Run(new OperatorCheckSettings { D = 2, N = 64, Test = OperatorTestKind.Bkw, Method = "mp", Directions = 16, Repetitions = 1 }, p, c).LinfError, 1e-11, "N = 64, L = 9.4, R = 7, 16 directions")),
        new("boltzmann", "mp-hard-spheres-3d", "Mouhot–Pareschi operator, 3D hard spheres, two-Gaussian f: Q at 6 velocities against direct quadrature within 2e-5 of max Q⁻ (128 directions, N = 32)",
            (p, c) =>
            {
                var r = OperatorCheck.Run(new OperatorCheckSettings { D = 3, N = 32, Gamma = 1, Test = OperatorTestKind.TwoMaxwellian, Method = "mp", Directions = 128, R = 5, Repetitions = 1 }, p, c);
                return ValidationOutcome.AtMost(r.LinfError / r.ReferenceScale, 2e-5, string.Create(Inv, $"max error {r.LinfError:E3}, max Q⁻ {r.ReferenceScale:E3}, {r.ComparedPoints} velocities"));
            }),
        new("boltzmann", "dilation-scaling", "Q(f∘D_λ, g∘D_λ) = λ^{−(d+γ)} Q(f,g)∘D_λ by direct quadrature (3D γ = −1, 2D γ = −1/2): relative error ≤ 1e-8",
            DilationScaling),
    ];

    private static double Norm2(ReadOnlySpan<double> v)
    {
        double s = 0;
        foreach (var x in v) s += x * x;
        return s;
    }

    private static string F(double x) => x.ToString("E2", Inv);

    private static ValidationOutcome BkwOperator(int d, int[] ns, int nAccept, double tol, IProgress<ProgressInfo>? p, CancellationToken c)
    {
        var sb = new StringBuilder($"N | max error | ms/eval ({d}D BKW)\n");
        double accepted = double.NaN;
        foreach (var n in ns)
        {
            c.ThrowIfCancellationRequested();
            p?.Report(new ProgressInfo($"N = {n}", Array.IndexOf(ns, n), ns.Length));
            var r = OperatorCheck.Run(new OperatorCheckSettings { D = d, N = n, Test = OperatorTestKind.Bkw, RadialPoints = n, Repetitions = 1 }, null, c);
            sb.Append(Inv, $"{n} | {F(r.LinfError)} | {r.MsPerEvaluation:F1}\n");
            if (n == nAccept) accepted = r.LinfError;
        }
        return ValidationOutcome.AtMost(accepted, tol, sb.ToString());
    }

    private static ValidationOutcome BkwEvolution(IProgress<ProgressInfo>? p, CancellationToken c)
    {
        var grid = new VelocityGrid(3, 32, 6.62);
        var bkw = new Bkw(3);
        using var op = new FastSpectralOperator(CollisionKernel.MaxwellBkw(3), grid, new SpectralOptions { R = 6, RadialPoints = 32 });
        double t0 = 5.5, t1 = 8.5;
        var solver = new HomogeneousSolver(op, new HomogeneousRunSettings { T0 = t0, TEnd = t1, OutputTimes = [6.5, 7.5], Method = "dopri5", Control = new StepControl(RelTol: 1e-8, AbsTol: 1e-12) });
        var f0 = grid.Sample(v => bkw.Value(t0, Norm2(v)));
        var res = solver.Solve(f0, p, c);
        var sb = new StringBuilder("t | max |f − f_BKW| | M4 | M4 exact\n");
        double worstF = 0;
        foreach (var (t, f) in res.Snapshots)
        {
            var exact = grid.Sample(v => bkw.Value(t, Norm2(v)));
            double e = 0;
            for (int i = 0; i < f.Length; i++) e = Math.Max(e, Math.Abs(f[i] - exact[i]));
            worstF = Math.Max(worstF, e);
            sb.Append(Inv, $"{t} | {F(e)} | {grid.RadialMoment(f, 2):F8} | {bkw.FourthMoment(t):F8}\n");
        }
        double m4Err = Math.Abs(res.Steps[^1].FourthMoment - bkw.FourthMoment(t1)) / Math.Abs(bkw.FourthMoment(t1) - bkw.FourthMoment(t0));
        sb.Append(Inv, $"steps {res.State.Accepted}, entropy increases {res.EntropyViolations.Count}, M4 error / change {F(m4Err)}");
        // Report the worse of the two normalised errors against tolerance 1 (f: /1e-6, M4: /1e-3).
        return ValidationOutcome.AtMost(Math.Max(worstF / 1e-6, m4Err / 1e-3), 1, sb.ToString());
    }

    private static ValidationOutcome GaussianConvolution(IProgress<ProgressInfo>? p, CancellationToken c)
    {
        var sb = new StringBuilder("d | γ | max relative error on |v| ≤ 3\n");
        double worst = 0;
        foreach (var (d, gamma) in new[] { (3, -1.0), (3, -0.5), (2, -0.5) })
        {
            c.ThrowIfCancellationRequested();
            double s = 0.9;
            var grid = new VelocityGrid(d, d == 3 ? 64 : 96, 12);
            using var op = new FastSpectralOperator(CollisionKernel.SeedPower(d, gamma), grid, new SpectralOptions { R = 10, RadialPoints = 4 });
            var zero = new double[d];
            var g = grid.Sample(v => Gaussian.Density(v, zero, s));
            var conv = new double[grid.Total];
            op.Convolution(g, conv);
            var v = new double[d];
            double e = 0;
            for (int i = 0; i < grid.Total; i++)
            {
                grid.Point(i, v);
                double r = Math.Sqrt(Norm2(v));
                if (r > 3) continue;
                double exact = Gaussian.PowerMoment(d, gamma, s, r);
                e = Math.Max(e, Math.Abs(conv[i] - exact) / exact);
            }
            worst = Math.Max(worst, e);
            sb.Append(Inv, $"{d} | {gamma} | {F(e)}\n");
        }
        return ValidationOutcome.AtMost(worst, 1e-10, sb.ToString());
    }

    private static ValidationOutcome MaxwellianEquilibrium(IProgress<ProgressInfo>? p, CancellationToken c)
    {
        (int d, string phi, string ang)[] cases =
        [
            (3, "-1", "abs-cos"), (3, "-0.5", "abs-cos"), (3, "0", "cos-power:2"), (3, "1", "abs-cos"), (3, "mixed", "abs-cos"),
            (2, "-0.5", "abs-cos"), (2, "0", "sigma-const"), (2, "mixed", "cos-power:1.5"), (2, "1", "cos-power:3"),
        ];
        var sb = new StringBuilder("d | Φ | b | max|Q|/max Q⁻\n");
        double worst = 0;
        foreach (var (d, phi, ang) in cases)
        {
            c.ThrowIfCancellationRequested();
            var r = OperatorCheck.Run(new OperatorCheckSettings
            {
                D = d, N = d == 3 ? 32 : 48, Test = OperatorTestKind.Maxwellian, Angular = ang,
                Potential = phi == "mixed" ? PotentialKind.Mixed : PotentialKind.Power,
                Gamma = phi == "mixed" ? 0 : double.Parse(phi, Inv), Repetitions = 1, RadialPoints = 24,
                Sphere = d == 3 ? "product-4x8" : "32",
            }, null, c);
            double rel = r.LinfError / r.ReferenceScale;
            worst = Math.Max(worst, rel);
            sb.Append(Inv, $"{d} | {phi} | {ang} | {F(rel)}\n");
        }
        return ValidationOutcome.AtMost(worst, 3e-6, sb.ToString());
    }

    /// <summary>Fast versus direct quadrature, relative to max Q⁻ at the sample points, for increasing N.</summary>
    public static ValidationOutcome SoftVersusDirect(IProgress<ProgressInfo>? p, CancellationToken c)
    {
        (int d, string phi, int[] ns)[] cases = [(3, "-1", [16, 24, 32, 48]), (3, "-0.5", [16, 24, 32, 48]), (3, "mixed", [16, 24, 32, 48]), (2, "-0.5", [16, 24, 32, 48, 64])];
        var sb = new StringBuilder("d | Φ | N | relative error (max over 3 velocities)\n");
        double worstFinest = 0;
        foreach (var (d, phi, ns) in cases)
        {
            var k = new CollisionKernel(phi == "mixed" ? RelativeSpeedKernel.Mixed(d) : RelativeSpeedKernel.Power(d, double.Parse(phi, Inv)), AngularKernel.SeedAbsCos(d));
            double[] m1 = d == 3 ? [0.6, 0, 0] : [0.6, 0];
            double[] m2 = d == 3 ? [-0.5, 0.4, 0] : [-0.5, 0.4];
            VelocityFunction f = v => 0.6 * Gaussian.Density(v, m1, 0.7) + 0.4 * Gaussian.Density(v, m2, 0.8);
            var dq = new DirectQuadrature(k, radius: 8, radialPoints: 40, sphereZ: 16, sphereAzimuth: d == 3 ? 32 : 96, angularPoints: 16);
            // Sample velocities that are grid points for every N used (multiples of 2L/16 = 1).
            double[][] vs = d == 3 ? [[0, 0, 0], [1, -1, 0], [-2, 0, 1]] : [[0, 0], [1, -1], [-2, 1]];
            var refs = vs.Select(v => (q: dq.Collision(f, f, v), loss: dq.Loss(f, f, v))).ToArray();
            double scale = refs.Max(r => r.loss);
            foreach (var n in ns)
            {
                c.ThrowIfCancellationRequested();
                p?.Report(new ProgressInfo($"{d}D Φ {phi} N = {n}", 0, 1));
                var grid = new VelocityGrid(d, n, 8);
                using var op = new FastSpectralOperator(k, grid, new SpectralOptions
                {
                    R = 7, RadialPoints = 32, Sphere = d == 3 ? SphereRule.Product(8, 16) : SphereRule.Circle(48),
                });
                var q = new double[grid.Total];
                op.Collision(grid.Sample(f), q);
                double e = 0;
                for (int i = 0; i < vs.Length; i++)
                {
                    int idx = 0;
                    for (int a = 0; a < d; a++) idx = idx * n + (int)Math.Round((vs[i][a] + 8) / grid.H);
                    e = Math.Max(e, Math.Abs(q[idx] - refs[i].q) / scale);
                }
                sb.Append(Inv, $"{d} | {phi} | {n} | {F(e)}\n");
                if (n == ns[^1]) worstFinest = Math.Max(worstFinest, e);
            }
        }
        return ValidationOutcome.AtMost(worstFinest, 1e-5, sb.ToString());
    }

    /// <summary>Radial quadrature error against a 96-node reference, Gauss–Jacobi versus naive Gauss–Legendre.</summary>
    public static ValidationOutcome RadialConvergence(IProgress<ProgressInfo>? p, CancellationToken c)
    {
        var k = CollisionKernel.SeedPower(3, -0.5);
        var grid = new VelocityGrid(3, 24, 7);
        double[] m1 = [0.6, 0, 0], m2 = [-0.5, 0.4, 0];
        var f = grid.Sample(v => 0.6 * Gaussian.Density(v, m1, 0.7) + 0.4 * Gaussian.Density(v, m2, 0.8));
        double[] Eval(int nr, bool naive)
        {
            using var op = new FastSpectralOperator(k, grid, new SpectralOptions { R = 6, RadialPoints = nr, NaiveRadialRule = naive });
            var q = new double[grid.Total];
            op.Collision(f, q);
            return q;
        }
        var reference = Eval(96, false);
        double scale = reference.Max(Math.Abs);
        var sb = new StringBuilder("radial nodes | Gauss–Jacobi error | Gauss–Legendre error (relative to max |Q|)\n");
        double gj24 = double.NaN;
        foreach (var nr in new[] { 4, 8, 12, 16, 24, 32, 48 })
        {
            c.ThrowIfCancellationRequested();
            var a = Eval(nr, false);
            var b = Eval(nr, true);
            double ea = 0, eb = 0;
            for (int i = 0; i < a.Length; i++) { ea = Math.Max(ea, Math.Abs(a[i] - reference[i])); eb = Math.Max(eb, Math.Abs(b[i] - reference[i])); }
            sb.Append(Inv, $"{nr} | {F(ea / scale)} | {F(eb / scale)}\n");
            if (nr == 24) gj24 = ea / scale;
        }
        return ValidationOutcome.AtMost(gj24, 1e-12, sb.ToString());
    }

    private static ValidationOutcome TwoMaxwellian(IProgress<ProgressInfo>? p, CancellationToken c)
    {
        var grid = new VelocityGrid(2, 48, 7.0);
        using var op = new FastSpectralOperator(CollisionKernel.SeedPower(2, -0.5), grid, new SpectralOptions { R = 6, RadialPoints = 24, Sphere = SphereRule.Circle(32) });
        var solver = new HomogeneousSolver(op, new HomogeneousRunSettings { T0 = 0, TEnd = 6, Method = "bs23", Control = new StepControl(RelTol: 1e-6, AbsTol: 1e-10) });
        double[] m1 = [1.2, 0], m2 = [-1.2, 0.3];
        var f0 = grid.Sample(v => 0.5 * Gaussian.Density(v, m1, 0.6) + 0.5 * Gaussian.Density(v, m2, 0.6));
        var res = solver.Solve(f0, p, c);
        var first = res.Steps[0];
        double drift = 0;
        foreach (var s in res.Steps)
        {
            drift = Math.Max(drift, Math.Abs(s.Mass - first.Mass) / first.Mass);
            drift = Math.Max(drift, Math.Abs(s.Energy - first.Energy) / first.Energy);
            for (int a = 0; a < 2; a++) drift = Math.Max(drift, Math.Abs(s.Momentum[a] - first.Momentum[a]) / first.Energy);
        }
        var last = res.Steps[^1];
        double rho = last.Mass, ux = last.Momentum[0] / rho, uy = last.Momentum[1] / rho, temp = (last.Energy / rho - ux * ux - uy * uy) / 2;
        var m = grid.Sample(v => rho * Gaussian.Density(v, [ux, uy], Math.Sqrt(temp)));
        var f = res.Snapshots[^1].F;
        double dist = 0;
        for (int i = 0; i < f.Length; i++) dist = Math.Max(dist, Math.Abs(f[i] - m[i]));
        dist /= m.Max();
        string detail = string.Create(Inv, $"steps {res.State.Accepted}, drift {F(drift)}, entropy {first.Entropy:F8} → {last.Entropy:F8}, increases {res.EntropyViolations.Count}, distance to Maxwellian {F(dist)} of its peak");
        bool ok = drift <= 1e-12 && res.EntropyViolations.Count == 0 && dist <= 0.01;
        return new ValidationOutcome(ok, Math.Max(drift / 1e-12, dist / 0.01) + res.EntropyViolations.Count, 1, detail);
    }

    private static ValidationOutcome OmegaSigmaMonteCarlo(IProgress<ProgressInfo>? p, CancellationToken c)
    {
        var k = CollisionKernel.SeedPower(3, -1);
        var dq = new DirectQuadrature(k, radius: 14, radialPoints: 48, sphereZ: 16, sphereAzimuth: 32, angularPoints: 16);
        double[] mf = [0.3, 0, 0], mg = [-0.5, 0.4, 0.2];
        VelocityFunction f = v => Gaussian.Density(v, mf, Math.Sqrt(0.8));
        VelocityFunction g = v => Gaussian.Density(v, mg, Math.Sqrt(1.5));
        double[][] vs = [[0, 0, 0], [1, 0.5, -0.7]];
        double[] digest = [0.22690, 0.082398];
        var mc = new MonteCarloGain(k);
        var sb = new StringBuilder("v | ω form | σ form | digest | Monte Carlo ± s.e.\n");
        double worst = 0;
        for (int i = 0; i < vs.Length; i++)
        {
            c.ThrowIfCancellationRequested();
            double w = dq.Gain(f, g, vs[i]), s = dq.GainSigma(f, g, vs[i]);
            var (mean, se) = mc.Estimate(f, g, vs[i], [-0.2, 0.2, 0.1], 1.3, 1_000_000, seed: 100 + i);
            sb.Append(Inv, $"({string.Join(",", vs[i])}) | {w:F8} | {s:F8} | {digest[i]} | {mean:F6} ± {se:F6}\n");
            worst = Math.Max(worst, Math.Abs(w - s) / w / 1e-9);
            worst = Math.Max(worst, Math.Abs(w - digest[i]) / digest[i] / 1e-4);
            worst = Math.Max(worst, Math.Abs(mean - w) / (4 * se));
        }
        return ValidationOutcome.AtMost(worst, 1, sb.ToString());
    }

    private static ValidationOutcome DilationScaling(IProgress<ProgressInfo>? p, CancellationToken c)
    {
        var sb = new StringBuilder("d | γ | λ | relative error\n");
        double worst = 0;
        foreach (var (d, gamma) in new[] { (3, -1.0), (2, -0.5) })
        {
            var k = CollisionKernel.SeedPower(d, gamma);
            // The dilated functions are up to 1/0.6 times wider: the cut-off |u − v| ≤ 20 keeps their tails below 1e-12.
            var dq = new DirectQuadrature(k, radius: 20, radialPoints: 64, sphereZ: 12, sphereAzimuth: d == 3 ? 24 : 48, angularPoints: 12);
            double[] mf = d == 3 ? [0.3, 0, -0.2] : [0.3, -0.2];
            double[] mg = d == 3 ? [-0.4, 0.5, 0.1] : [-0.4, 0.5];
            foreach (var lam in new[] { 0.6, 1.7 })
            {
                c.ThrowIfCancellationRequested();
                VelocityFunction f = v => Gaussian.Density(v, mf, 0.8);
                VelocityFunction g = v => Gaussian.Density(v, mg, 1.2);
                VelocityFunction fl = v => { Span<double> w = stackalloc double[v.Length]; for (int a = 0; a < v.Length; a++) w[a] = lam * v[a]; return f(w); };
                VelocityFunction gl = v => { Span<double> w = stackalloc double[v.Length]; for (int a = 0; a < v.Length; a++) w[a] = lam * v[a]; return g(w); };
                double[] v = d == 3 ? [0.2, 0.1, -0.3] : [0.2, 0.1];
                double lhs = dq.Collision(fl, gl, v);
                double rhs = Math.Pow(lam, -(d + gamma)) * dq.Collision(f, g, v.Select(x => lam * x).ToArray());
                double e = Math.Abs(lhs - rhs) / Math.Abs(rhs);
                worst = Math.Max(worst, e);
                sb.Append(Inv, $"{d} | {gamma} | {lam} | {F(e)}\n");
            }
        }
        return ValidationOutcome.AtMost(worst, 1e-8, sb.ToString());
    }
}
