using System.Globalization;
using KineticLab.Boltzmann;
using KineticLab.Boltzmann.Inhomogeneous;
using KineticLab.Boltzmann.Kernels;
using KineticLab.Numerics.Quadrature;
using KineticLab.Boltzmann.Spectral;
using KineticLab.Numerics.Fft;

namespace KineticLab.Posedness.RockAndNeedles;

/// <summary>
/// Parameters of the toy nonlinear rock-and-needles run in d = 2 (velocity) on the periodic box x ∈ [0, Lx)²:
/// J elongated Gaussian needles (velocity N(c e_j, σ_v²), position Gaussian of std ℓ along e_j and w across),
/// placed so that their centres meet at the box centre at the focus time, and a rock: a Maxwellian at v = 0
/// (std σ_r,v) times a Gaussian of std σ_r,x centred in the box. Kernel Φ = r^γ, b = c_b|cos θ| (the seed's).
/// </summary>
public sealed record ToyNonlinearSettings
{
    public double Gamma { get; init; } = -0.5;
    public int Nv { get; init; } = 32;
    public double L { get; init; } = 6;
    public double R { get; init; } = 6;
    public int RadialPoints { get; init; } = 16;
    public int SpherePoints { get; init; } = 16;
    public int Nx { get; init; } = 32;
    public double Lx { get; init; } = 10;
    public int Needles { get; init; } = 8;
    public double Speed { get; init; } = 2.5;
    public double NeedleStdV { get; init; } = 0.4;
    public double NeedleLength { get; init; } = 1.2;
    public double NeedleWidth { get; init; } = 0.6;
    /// <summary>Mass of one needle.</summary>
    public double NeedleMass { get; init; } = 0.15;
    public double FocusTime { get; init; } = 1.2;
    public double RockStdV { get; init; } = 0.4;
    public double RockStdX { get; init; } = 0.6;
    public double RockMass { get; init; } = 0.1;
    public double Dt { get; init; } = 0.1;
    public int Steps { get; init; } = 24;
    public double RelTol { get; init; } = 1e-7;

    public double TEnd => Steps * Dt;

    /// <summary>Checks every field (exit code 2 naming the field on failure).</summary>
    public void Validate()
    {
        Require.InRange("gamma", Gamma, RelativeSpeedKernel.MinGamma(2), 0, "the seed's range [(1−d)/2, 0] for d = 2");
        Require.IntInRange("Nv", Nv, 8, 256);
        if (Nv % 2 != 0) throw new InvalidInputException("Nv", Nv.ToString(CultureInfo.InvariantCulture), "must be even");
        Require.Positive("L", L);
        Require.InRange("R", R, 1e-9, 2 * L * Math.Sqrt(2), "(0, 2L√2]");
        Require.IntInRange("radial_points", RadialPoints, 4, 256);
        Require.IntInRange("sphere_points", SpherePoints, 4, 256);
        Require.IntInRange("Nx", Nx, 8, 256);
        if (Nx % 2 != 0) throw new InvalidInputException("Nx", Nx.ToString(CultureInfo.InvariantCulture), "must be even");
        Require.Positive("Lx", Lx);
        Require.IntInRange("needles", Needles, 1, 64);
        Require.Positive("speed", Speed);
        double h = 2 * L / Nv, hx = Lx / Nx;
        Require.InRange("needle_std_v", NeedleStdV, h, L, $"[2L/Nv = {Require.Fmt(h)}, L]: narrower data are not resolved by the velocity grid");
        Require.InRange("rock_std_v", RockStdV, h, L, $"[2L/Nv = {Require.Fmt(h)}, L]: narrower data are not resolved by the velocity grid");
        if (Speed + 4 * NeedleStdV > L)
            throw new InvalidInputException("speed", Require.Fmt(Speed), $"speed + 4·needle_std_v must be at most L = {Require.Fmt(L)} (the needles must fit in the velocity box)");
        // A Gaussian of std σ sampled at spacing hx has Fourier tail e^{−(πσ/hx)²/2} at the Nyquist mode: ≤ 2e-5 for σ ≥ 1.5 hx.
        Require.InRange("needle_width", NeedleWidth, 1.5 * hx, Lx / 4, $"[1.5·Lx/Nx = {Require.Fmt(1.5 * hx)}, Lx/4]");
        Require.InRange("needle_length", NeedleLength, 1.5 * hx, Lx / 4, $"[1.5·Lx/Nx = {Require.Fmt(1.5 * hx)}, Lx/4]");
        Require.InRange("rock_std_x", RockStdX, 1.5 * hx, Lx / 8, $"[1.5·Lx/Nx = {Require.Fmt(1.5 * hx)}, Lx/8]");
        Require.Positive("needle_mass", NeedleMass);
        Require.Positive("rock_mass", RockMass);
        Require.Positive("focus_time", FocusTime);
        Require.Positive("dt", Dt);
        Require.IntInRange("steps", Steps, 1, 10000);
        Require.InRange("rtol", RelTol, 1e-14, 1e-2);
    }

    public CollisionKernel Kernel() => CollisionKernel.SeedPower(2, Gamma);

    public string Describe() => string.Create(CultureInfo.InvariantCulture,
        $"d = 2, γ = {Gamma:G4}, b = |cos θ|, {Needles} needles (speed {Speed:G4}, mass {NeedleMass:G4}, ℓ × w = {NeedleLength:G3} × {NeedleWidth:G3}, σ_v = {NeedleStdV:G3}), " +
        $"rock σ_v = {RockStdV:G3}, σ_x = {RockStdX:G3}; x: {Nx}² on [0, {Lx:G4})², v: {Nv}² on [−{L:G4}, {L:G4})², Δt = {Dt:G4} × {Steps}");
}

/// <summary>
/// The initial data and the closed-form prediction of the toy check. The rock's value at v = 0 does not move under
/// transport, so under the loss term alone, with the beam taken as freely transported,
/// <c>f_r(t, x, 0) = f_r(0, x, 0) exp(−β(t, x))</c>, <c>β(t, x) = ∫₀ᵗ b₁ ∫ f_b^free(τ, x, u) |u|^γ du dτ</c> — the damping of the
/// rock in (3.9) with the rock at v = 0. For Gaussian needles the u-integrand is a Gaussian times |u|^γ
/// (computed by a product Gauss–Legendre rule in the Gaussian's principal axes).
/// </summary>
public sealed class ToyRockNeedles
{
    private readonly ToyNonlinearSettings _s;
    private readonly double[][] _e;          // needle directions
    private readonly double[][] _x0;         // needle centres at t = 0
    private readonly double _b1;
    private readonly double[] _zn, _zw;      // standard-normal rule on [−8.5, 8.5]

    public ToyRockNeedles(ToyNonlinearSettings s)
    {
        s.Validate();
        _s = s;
        int j = s.Needles;
        _e = new double[j][]; _x0 = new double[j][];
        double c = s.Lx / 2;
        for (int k = 0; k < j; k++)
        {
            double th = 2 * Math.PI * k / j;
            _e[k] = [Math.Cos(th), Math.Sin(th)];
            _x0[k] = [c - s.Speed * s.FocusTime * _e[k][0], c - s.Speed * s.FocusTime * _e[k][1]];
        }
        _b1 = s.Kernel().B1;
        var gl = GaussLegendre.Get(40);
        _zn = new double[gl.N]; _zw = new double[gl.N];
        const double zmax = 8.5;
        for (int i = 0; i < gl.N; i++)
        {
            _zn[i] = zmax * gl.Nodes[i];
            _zw[i] = zmax * gl.Weights[i] * Math.Exp(-0.5 * _zn[i] * _zn[i]) / Math.Sqrt(2 * Math.PI);
        }
    }

    public ToyNonlinearSettings Settings => _s;
    public double B1 => _b1;
    public IReadOnlyList<double[]> Directions => _e;

    /// <summary>Box centre (both coordinates).</summary>
    public double Centre => _s.Lx / 2;

    /// <summary>Wrapped displacement a − b on the periodic box, in [−Lx/2, Lx/2).</summary>
    private double Wrap(double d)
    {
        double lx = _s.Lx;
        d -= lx * Math.Floor(d / lx + 0.5);
        return d;
    }

    /// <summary>The rock f_r(0, x, v).</summary>
    public double Rock(ReadOnlySpan<double> x, ReadOnlySpan<double> v)
    {
        double sv = _s.RockStdV, r2v = v[0] * v[0] + v[1] * v[1];
        return _s.RockMass * RockX(x) * Math.Exp(-r2v / (2 * sv * sv)) / (2 * Math.PI * sv * sv);
    }

    /// <summary>The x-profile of the rock (unit mass, summed over the periodic images).</summary>
    public double RockX(ReadOnlySpan<double> x)
    {
        double s = _s.RockStdX, sum = 0;
        for (int i = -1; i <= 1; i++)
            for (int k = -1; k <= 1; k++)
            {
                double d0 = x[0] - Centre + i * _s.Lx, d1 = x[1] - Centre + k * _s.Lx;
                sum += Math.Exp(-(d0 * d0 + d1 * d1) / (2 * s * s));
            }
        return sum / (2 * Math.PI * s * s);
    }

    /// <summary>The freely transported beam f_b^free(t, x, v) (periodised over the images of the box).</summary>
    public double Beam(double t, ReadOnlySpan<double> x, ReadOnlySpan<double> v)
    {
        double sum = 0, sv = _s.NeedleStdV, l = _s.NeedleLength, w = _s.NeedleWidth;
        for (int j = 0; j < _e.Length; j++)
        {
            var e = _e[j];
            double m0 = _s.Speed * e[0], m1 = _s.Speed * e[1];
            double dv2 = (v[0] - m0) * (v[0] - m0) + (v[1] - m1) * (v[1] - m1);
            if (dv2 > 80 * sv * sv) continue;
            double gv = Math.Exp(-dv2 / (2 * sv * sv)) / (2 * Math.PI * sv * sv);
            double a0 = Wrap(x[0] - _x0[j][0] - v[0] * t), a1 = Wrap(x[1] - _x0[j][1] - v[1] * t);
            // Images: the nearest copy and its neighbours along each axis.
            double gx = 0;
            for (int i = -1; i <= 1; i++)
                for (int k = -1; k <= 1; k++)
                {
                    double b0 = a0 + i * _s.Lx, b1 = a1 + k * _s.Lx;
                    double p = b0 * e[0] + b1 * e[1], q = -b0 * e[1] + b1 * e[0];
                    gx += Math.Exp(-0.5 * (p * p / (l * l) + q * q / (w * w)));
                }
            sum += _s.NeedleMass * gv * gx / (2 * Math.PI * l * w);
        }
        return sum;
    }

    /// <summary>Initial datum rock + needles.</summary>
    public double Initial(ReadOnlySpan<double> x, ReadOnlySpan<double> v) => Rock(x, v) + Beam(0, x, v);

    /// <summary>
    /// The loss rate of the rock at v = 0: <c>ν(τ, x) = b₁ ∫ f_b^free(τ, x, u) |u|^γ du</c>. For each needle and image,
    /// f_b^free(τ, x, u) is a Gaussian in u times a constant: <c>G_Σ(a − uτ) G_{σ_v}(u − m)</c> with covariance Σ = ℓ² e eᵀ + w² e⊥e⊥ᵀ;
    /// in the axes (e, e⊥) its precision is <c>p_i = τ²/s_i² + 1/σ_v²</c> and the u-integral is
    /// <c>(2π/√(p₁p₂)) E|r + (z₁/√p₁, z₂/√p₂)|^γ</c>, z standard normal.
    /// </summary>
    public double LossRate(double tau, ReadOnlySpan<double> x)
    {
        double sv = _s.NeedleStdV, l = _s.NeedleLength, w = _s.NeedleWidth, g = _s.Gamma;
        double iv = 1 / (sv * sv), sum = 0;
        double p1 = tau * tau / (l * l) + iv, p2 = tau * tau / (w * w) + iv;
        double sp1 = 1 / Math.Sqrt(p1), sp2 = 1 / Math.Sqrt(p2);
        double norm = 1 / (2 * Math.PI * l * w) / (2 * Math.PI * sv * sv) * (2 * Math.PI / Math.Sqrt(p1 * p2));
        for (int j = 0; j < _e.Length; j++)
        {
            var e = _e[j];
            double a0 = Wrap(x[0] - _x0[j][0]), a1 = Wrap(x[1] - _x0[j][1]);
            for (int i = -1; i <= 1; i++)
                for (int k = -1; k <= 1; k++)
                {
                    double b0 = a0 + i * _s.Lx, b1 = a1 + k * _s.Lx;
                    // In the needle's axes: a = (ap, aq), m = (c, 0).
                    double ap = b0 * e[0] + b1 * e[1], aq = -b0 * e[1] + b1 * e[0];
                    double rp = (tau * ap / (l * l) + _s.Speed * iv) / p1;
                    double rq = (tau * aq / (w * w)) / p2;
                    double kexp = ap * ap / (l * l) + aq * aq / (w * w) + _s.Speed * _s.Speed * iv - (p1 * rp * rp + p2 * rq * rq);
                    if (kexp > 90) continue;
                    double mean = 0;
                    for (int u = 0; u < _zn.Length; u++)
                    {
                        double up = rp + _zn[u] * sp1, wu = _zw[u];
                        for (int q = 0; q < _zn.Length; q++)
                        {
                            double uq = rq + _zn[q] * sp2;
                            mean += wu * _zw[q] * Math.Pow(up * up + uq * uq, 0.5 * g);
                        }
                    }
                    sum += Math.Exp(-0.5 * kexp) * mean;
                }
        }
        return _b1 * _s.NeedleMass * norm * sum;
    }

    /// <summary>
    /// β(t_k, x) = ∫₀^{t_k} ν(τ, x) dτ at the times t_k = k·Dt, k = 0..Steps (composite 8-point Gauss–Legendre, <paramref name="panels"/> per step).
    /// </summary>
    public double[] Damping(ReadOnlySpan<double> x, int panels = 4)
    {
        var gl = GaussLegendre.Get(8);
        var beta = new double[_s.Steps + 1];
        double h = _s.Dt / panels, acc = 0;
        for (int k = 0; k < _s.Steps; k++)
        {
            for (int p = 0; p < panels; p++)
            {
                double a = k * _s.Dt + p * h;
                for (int i = 0; i < gl.N; i++)
                    acc += 0.5 * h * gl.Weights[i] * LossRate(a + 0.5 * h * (gl.Nodes[i] + 1), x);
            }
            beta[k + 1] = acc;
        }
        return beta;
    }
}

/// <summary>One output time of the toy check.</summary>
public sealed record ToyNonlinearSample(double Time, double RockFree, double RockPredicted, double RockCorrected, double RockNumerical,
    double BeamDeviation, double BeamNorm);

/// <summary>Result of <see cref="ToyNonlinearCheck"/>.</summary>
public sealed class ToyNonlinearResult
{
    public List<ToyNonlinearSample> Samples { get; } = new();
    /// <summary>max_t |D_num − D_pred|, D = ρ(t)/ρ(0) the rock's remaining fraction at v = 0.</summary>
    public double MaxFractionError { get; set; }
    /// <summary>max_t of the relative L² distance between the rock-free run and free transport.</summary>
    public double MaxBeamDeviation { get; set; }
    /// <summary>max_t |D_num − D_corr|, with the gain return of the rock–needle collisions included in the prediction.</summary>
    public double MaxCorrectedError { get; set; }
    /// <summary>
    /// Gain return r = [Q⁺(f_r, f_b) + Q⁺(f_b, f_r)](0) / [Q⁻(f_r, f_b) + Q⁻(f_b, f_r)](0) at the box centre and the focus time: the share
    /// of the rock's losses that the rock–needle collisions put back at v = 0 (∝ the rock's velocity width; 0 in the paper's N₁ → ∞).
    /// </summary>
    public double GainReturn { get; set; }
    /// <summary>The loss rate at the centre and the focus time from the grid operator's loss part, and from the closed form.</summary>
    public double GridLossRate { get; set; }
    public double ClosedFormLossRate { get; set; }
    public double FinalPredictedFraction { get; set; }
    public double FinalCorrectedFraction { get; set; }
    public double FinalNumericalFraction { get; set; }
    public long Unknowns { get; set; }
    /// <summary>Largest relative mass drift of the two collisional runs (A and B).</summary>
    public double MassDrift { get; set; }
}

/// <summary>
/// The toy nonlinear check: the inhomogeneous solver (exact free transport in Fourier x, Strang splitting with the
/// fast spectral collision step, parallel over x) is run from rock + needles (run A) and from the needles alone (run B);
/// the rock's value at v = 0, <c>ρ(t) = ∫ (f_A − f_B)(t, x, 0) dx</c>, is compared with the loss-term prediction
/// <c>∫ f_r(0, x, 0) e^{−β(t, x)} dx</c>, and run B with free transport of the needles (the rest stays close to free transport).
/// </summary>
public static class ToyNonlinearCheck
{
    public static ToyNonlinearResult Run(ToyNonlinearSettings s, IProgress<ProgressInfo>? progress = null,
        CancellationToken cancel = default)
    {
        s.Validate();
        var toy = new ToyRockNeedles(s);
        var vg = new VelocityGrid(2, s.Nv, s.L);
        var grid = new PhaseSpaceGrid(2, s.Nx, s.Lx, vg);
        var kernel = s.Kernel();
        var opts = new SpectralOptions
        {
            R = s.R, RadialPoints = s.RadialPoints, Threads = 1, Planning = FftPlanning.Estimate, WeightCacheMiB = 64,
            Sphere = SphereRule.Circle(s.SpherePoints),
        };
        var settings = new InhomogeneousSettings
        {
            Dt = s.Dt, Steps = s.Steps, Method = "bs23", Control = new(RelTol: s.RelTol, AbsTol: 1e-13), Conservative = true,
        };
        int nv = vg.Total, v0 = (s.Nv / 2) * s.Nv + s.Nv / 2; // v = (0, 0)
        var res = new ToyNonlinearResult { Unknowns = grid.Total };

        // The prediction at the x points where the rock is not negligible.
        var rockAt0 = new double[grid.XPoints];
        var xs = new double[2];
        double rmax = 0;
        for (int ix = 0; ix < grid.XPoints; ix++)
        {
            grid.XPoint(ix, xs);
            rockAt0[ix] = toy.Rock(xs, [0.0, 0.0]);
            rmax = Math.Max(rmax, rockAt0[ix]);
        }
        var support = Enumerable.Range(0, grid.XPoints).Where(i => rockAt0[i] > 1e-10 * rmax).ToArray();
        var beta = new double[support.Length][];
        int done = 0;
        System.Threading.Tasks.Parallel.For(0, support.Length, i =>
        {
            var x = new double[2];
            grid.XPoint(support[i], x);
            beta[i] = toy.Damping(x);
            int n = Interlocked.Increment(ref done);
            if (n % 16 == 0) progress?.Report(new ProgressInfo("prediction (closed-form damping)", n, support.Length));
        });

        double cellX = grid.XCellVolume;
        InhomogeneousSolver NewSolver(PhaseSpaceFunction f0, bool collisions)
        {
            var solver = new InhomogeneousSolver(grid, collisions ? () => new FastSpectralOperator(kernel, vg, opts) : null, settings with { Collisions = collisions });
            solver.Initialize(f0);
            return solver;
        }
        // f(x, 0) at the x points.
        double[] AtVelocityZero(ReadOnlySpan<double> f)
        {
            var line = new double[grid.XPoints];
            for (int ix = 0; ix < line.Length; ix++) line[ix] = f[ix * nv + v0];
            return line;
        }
        void Drift(InhomogeneousSolver solver)
        {
            var first = solver.InitialSample!; var last = solver.Sample!;
            res.MassDrift = Math.Max(res.MassDrift, Math.Abs(last.Mass - first.Mass) / first.Mass);
        }

        // The gain return at the focus, from the operator's gain and loss parts (one homogeneous evaluation).
        using (var op = new FastSpectralOperator(kernel, vg, opts))
        {
            double[] xc = [toy.Centre, toy.Centre];
            var rock = vg.Sample(v => toy.Rock(xc, v));
            var beam = vg.Sample(v => toy.Beam(s.FocusTime, xc, v));
            var g1 = new double[nv]; var l1 = new double[nv]; var g2 = new double[nv]; var l2 = new double[nv];
            op.Parts(rock, beam, g1, l1); op.Parts(beam, rock, g2, l2);
            res.GainReturn = (g1[v0] + g2[v0]) / (l1[v0] + l2[v0]);
            res.GridLossRate = l1[v0] / rock[v0];
            res.ClosedFormLossRate = toy.LossRate(s.FocusTime, xc);
        }

        // Run A keeps only f(x, 0) per step; runs B and C step together, so that only their current states are held.
        var atZeroA = new double[s.Steps + 1][];
        var atZeroB = new double[s.Steps + 1][];
        var dev2 = new double[s.Steps + 1];
        var nrm2 = new double[s.Steps + 1];
        PhaseSpaceFunction needles = (x, v) => toy.Beam(0, x, v);
        using (var a = NewSolver(toy.Initial, true))
        {
            atZeroA[0] = AtVelocityZero(a.LocalValues);
            for (int k = 1; k <= s.Steps; k++)
            {
                cancel.ThrowIfCancellationRequested();
                a.Step();
                atZeroA[k] = AtVelocityZero(a.LocalValues);
                progress?.Report(new ProgressInfo("rock + needles", k, s.Steps, $"t = {k * s.Dt:G4}"));
            }
            Drift(a);
        }
        using (var b = NewSolver(needles, true))
        using (var c = NewSolver(needles, false))
        {
            for (int k = 0; k <= s.Steps; k++)
            {
                if (k > 0)
                {
                    cancel.ThrowIfCancellationRequested();
                    b.Step(); c.Step();
                    progress?.Report(new ProgressInfo("needles alone, and free transport", k, s.Steps, $"t = {k * s.Dt:G4}"));
                }
                var bk = b.LocalValues; var ck = c.LocalValues;
                atZeroB[k] = AtVelocityZero(bk);
                for (int i = 0; i < bk.Length; i++) { double d = bk[i] - ck[i]; dev2[k] += d * d; nrm2[k] += ck[i] * ck[i]; }
            }
            Drift(b);
        }

        double rho0 = 0;
        foreach (var ix in support) rho0 += rockAt0[ix] * cellX;
        for (int k = 0; k <= s.Steps; k++)
        {
            double pred = 0, corr = 0, num = 0;
            for (int ix = 0; ix < grid.XPoints; ix++) num += (atZeroA[k][ix] - atZeroB[k][ix]) * cellX;
            for (int i = 0; i < support.Length; i++)
            {
                pred += rockAt0[support[i]] * Math.Exp(-beta[i][k]) * cellX;
                corr += rockAt0[support[i]] * Math.Exp(-(1 - res.GainReturn) * beta[i][k]) * cellX;
            }
            var smp = new ToyNonlinearSample(k * s.Dt, rho0, pred, corr, num, Math.Sqrt(dev2[k] / nrm2[k]), Math.Sqrt(nrm2[k] * grid.CellVolume));
            res.Samples.Add(smp);
            res.MaxFractionError = Math.Max(res.MaxFractionError, Math.Abs(num - pred) / rho0);
            res.MaxCorrectedError = Math.Max(res.MaxCorrectedError, Math.Abs(num - corr) / rho0);
            res.MaxBeamDeviation = Math.Max(res.MaxBeamDeviation, smp.BeamDeviation);
        }
        res.FinalPredictedFraction = res.Samples[^1].RockPredicted / rho0;
        res.FinalCorrectedFraction = res.Samples[^1].RockCorrected / rho0;
        res.FinalNumericalFraction = res.Samples[^1].RockNumerical / rho0;
        return res;
    }
}
