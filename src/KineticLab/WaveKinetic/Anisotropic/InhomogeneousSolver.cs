using System.Collections.Concurrent;
using System.Numerics;
using KineticLab.Numerics.Fft;
using KineticLab.Numerics.Splitting;
using KineticLab.Simulations;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.WaveKinetic.Anisotropic;

/// <summary>Transport velocity of <c>∂t f + v(k)·∇x f = C[f]</c> (the seed writes v·∇x without fixing v).</summary>
public enum TransportVelocity
{
    /// <summary>v = k (the convention of the seed's notation v·∇x with v the wave vector).</summary>
    K,
    /// <summary>v = 2k, the group velocity ∇ω of the dispersion ω = |k|².</summary>
    TwoK,
}

/// <summary>Parameters of the inhomogeneous KWE on a periodic x box.</summary>
public sealed record InhomogeneousSolveSpec
{
    public required AnisotropicSolveSpec K { get; init; }
    /// <summary>Cells per axis of the periodic x box (1: no dependence on that coordinate).</summary>
    public int[] Cells { get; init; } = [8, 1, 1];
    /// <summary>Box lengths per axis.</summary>
    public double[] Length { get; init; } = [2 * Math.PI, 1, 1];
    public TransportVelocity Velocity { get; init; } = TransportVelocity.K;
    public double Dt { get; init; } = 0.05;
    /// <summary>Classical RK4 substeps per half collision step.</summary>
    public int CollisionSubsteps { get; init; } = 1;
    /// <summary>Initial modulation f0(x, k) = (1 + a cos(2π m·x/L)) f0(k).</summary>
    public double ModulationAmplitude { get; init; } = 0.5;
    public int[] ModulationMode { get; init; } = [1, 0, 0];

    public IReadOnlyList<string> Validate()
    {
        var w = K.Validate().ToList();
        if (Cells.Length != 3) throw new InvalidInputException("x_box.cells", $"[{Cells.Length} values]", "must have 3 entries");
        if (Length.Length != 3) throw new InvalidInputException("x_box.length", $"[{Length.Length} values]", "must have 3 entries");
        for (int d = 0; d < 3; d++)
        {
            Require.IntInRange($"x_box.cells[{d}]", Cells[d], 1, 256);
            Require.InRange($"x_box.length[{d}]", Length[d], 1e-6, 1e6);
        }
        if ((long)Cells[0] * Cells[1] * Cells[2] > 4096)
            throw new InvalidInputException("x_box.cells", string.Join(",", Cells), "at most 4096 cells in total");
        Require.Positive("dt", Dt);
        if (Dt > K.TEnd) throw new InvalidInputException("dt", Require.Fmt(Dt), $"must not exceed t_end = {Require.Fmt(K.TEnd)}");
        Require.IntInRange("collision_substeps", CollisionSubsteps, 1, 1000);
        Require.InRange("modulation.amplitude", ModulationAmplitude, -1, 1, "must be in [−1, 1] (keeps f ≥ 0)");
        if (ModulationMode.Length != 3) throw new InvalidInputException("modulation.mode", $"[{ModulationMode.Length} values]", "must have 3 entries");
        for (int d = 0; d < 3; d++)
            if (Math.Abs(ModulationMode[d]) > Cells[d] / 2)
                throw new InvalidInputException($"modulation.mode[{d}]", ModulationMode[d].ToString(System.Globalization.CultureInfo.InvariantCulture), $"must be resolved by the x grid (|m| ≤ cells/2 = {Cells[d] / 2})");
        if (K.Outputs > Steps) throw new InvalidInputException("outputs", K.Outputs.ToString(System.Globalization.CultureInfo.InvariantCulture), $"must not exceed the number of steps t_end/dt = {Steps}");
        return w;
    }

    /// <summary>Number of Strang steps, round(t_end/dt) (the last step ends exactly at t_end).</summary>
    public int Steps => Math.Max(1, (int)Math.Round(K.TEnd / Dt));
}

/// <summary>Diagnostics of an inhomogeneous solve at one output (moments integrated over x and k).</summary>
public readonly record struct InhomogeneousDiagnostics(double Time, double Waveaction, Vec3 Momentum, double Energy, double WeightedSupNorm, double MinValue, int Step)
{
    public double[] ToArray() => [Time, Waveaction, Momentum.X, Momentum.Y, Momentum.Z, Energy, WeightedSupNorm, MinValue, Step];

    public static InhomogeneousDiagnostics FromArray(double[] a) =>
        a.Length != 9 ? throw new FormatException("diagnostics row") :
        new(a[0], a[1], new Vec3(a[2], a[3], a[4]), a[5], a[6], a[7], (int)a[8]);
}

/// <summary>What an in-memory inhomogeneous solve produced: diagnostics and density profiles at the outputs, the final state and how the run ended.</summary>
public sealed class InhomogeneousSolution
{
    public required IReadOnlyList<InhomogeneousDiagnostics> Diagnostics { get; init; }
    /// <summary>ρ(x) = ∫f dk along the first axis at the outputs.</summary>
    public required IReadOnlyList<double[]> Density { get; init; }
    public required InhomogeneousState State { get; init; }
    public required RunStop Stop { get; init; }
}

/// <summary>The state of an inhomogeneous solve: step index and f at (x node, k node), x-major.</summary>
public sealed class InhomogeneousState
{
    public int Step { get; set; }
    public double[] F { get; set; } = [];
}

/// <summary>
/// <c>∂t f + v(k)·∇x f = C[f]</c> on the periodic box Π[0, L_d) × (the k-grid), by Strang splitting
/// <c>S(dt) = C(dt/2) T(dt) C(dt/2)</c>: the free transport T is exact for the trigonometric interpolant in x
/// (f̂(m, k) ← e^{−2πi m·v(k) dt/L} f̂(m, k) by FFT over x; the Nyquist mode of an even axis is shifted by its
/// cosine, i.e. the real part is kept), the collision step C integrates ∂t f = C_h[f] at every x node by classical RK4
/// (in parallel over x). Free transport preserves every k-moment integrated over x and the weighted sup norm of the
/// trigonometric interpolant's zero mode; the splitting is second order in dt.
/// </summary>
public sealed class InhomogeneousSolver : IDisposable
{
    private readonly ConcurrentBag<AnisotropicGridOperator> _ops = new();
    private readonly IFftNd? _fft;
    private readonly int[] _fftAxes;
    private readonly double[] _rho;

    public InhomogeneousSolver(InhomogeneousSolveSpec spec)
    {
        spec.Validate();
        Spec = spec;
        Grid = spec.K.CreateGrid();
        XCount = spec.Cells[0] * spec.Cells[1] * spec.Cells[2];
        _fftAxes = Enumerable.Range(0, 3).Where(d => spec.Cells[d] > 1).ToArray();
        if (_fftAxes.Length > 0) _fft = Fft.Create(_fftAxes.Select(d => spec.Cells[d]).ToArray(), FftPlanning.Estimate);
        _rho = new double[Grid.Count];
        for (int j = 0; j < _rho.Length; j++) _rho[j] = Math.Pow(1 + Grid.Nodes[j].Norm2, 0.5 * spec.K.NormM);
    }

    public InhomogeneousSolveSpec Spec { get; }
    public CartesianKGrid Grid { get; }
    public int XCount { get; }
    public double CellVolumeX => Spec.Length[0] / Spec.Cells[0] * (Spec.Length[1] / Spec.Cells[1]) * (Spec.Length[2] / Spec.Cells[2]);

    public Vec3 XNode(int xi)
    {
        var c = Spec.Cells;
        int i = xi / (c[1] * c[2]), j = xi / c[2] % c[1], l = xi % c[2];
        return new Vec3(i * Spec.Length[0] / c[0], j * Spec.Length[1] / c[1], l * Spec.Length[2] / c[2]);
    }

    public InhomogeneousState Start(Distribution3D initial)
    {
        var fk = Grid.Sample(initial);
        int nk = Grid.Count;
        var f = new double[XCount * nk];
        var m = Spec.ModulationMode;
        for (int xi = 0; xi < XCount; xi++)
        {
            var x = XNode(xi);
            double ph = 2 * Math.PI * (m[0] * x.X / Spec.Length[0] + m[1] * x.Y / Spec.Length[1] + m[2] * x.Z / Spec.Length[2]);
            double mod = 1 + Spec.ModulationAmplitude * Math.Cos(ph);
            for (int j = 0; j < nk; j++) f[xi * nk + j] = mod * fk[j];
        }
        return new InhomogeneousState { Step = 0, F = f };
    }

    /// <summary>The step of output k, round(Steps·k/Outputs), k = 0..Outputs.</summary>
    public int OutputStep(int k) => (int)Math.Round((double)Spec.Steps * k / Spec.K.Outputs);

    /// <summary>The Strang step, t_end/Steps.</summary>
    public double Dt => Spec.K.TEnd / Spec.Steps;

    /// <summary>The outputs: at the steps round(Steps·k/Outputs), k = 0..Outputs.</summary>
    public SpecifiedIterations OutputSchedule => new(Enumerable.Range(0, Spec.K.Outputs + 1).Select(k => (long)OutputStep(k)));

    /// <summary>Moments integrated over x and k, weighted sup norm and minimum of f; the time is step·dt.</summary>
    public InhomogeneousDiagnostics Diagnose(InhomogeneousState s)
    {
        int nk = Grid.Count;
        double n = 0, e = 0, sup = 0, min = double.PositiveInfinity;
        var p = Vec3.Zero;
        for (int xi = 0; xi < XCount; xi++)
        {
            var (n1, p1, e1) = Grid.Moments(s.F.AsSpan(xi * nk, nk));
            n += n1; p += p1; e += e1;
            for (int j = 0; j < nk; j++)
            {
                double v = s.F[xi * nk + j];
                sup = Math.Max(sup, _rho[j] * Math.Abs(v));
                min = Math.Min(min, v);
            }
        }
        double vx = CellVolumeX;
        return new InhomogeneousDiagnostics(s.Step * Dt, vx * n, vx * p, vx * e, sup, min, s.Step);
    }

    /// <summary>ρ(x) = ∫f dk at the x nodes of the first axis (other indices 0).</summary>
    public double[] DensityProfile(InhomogeneousState s)
    {
        int nk = Grid.Count, c0 = Spec.Cells[0], stride = Spec.Cells[1] * Spec.Cells[2];
        var r = new double[c0];
        for (int i = 0; i < c0; i++) r[i] = Grid.Moments(s.F.AsSpan(i * stride * nk, nk)).N;
        return r;
    }

    /// <summary>ρ(x) = ∫f dk at every x node (x-major, as <see cref="XNode"/>).</summary>
    public double[] DensityField(InhomogeneousState s)
    {
        int nk = Grid.Count;
        var r = new double[XCount];
        for (int xi = 0; xi < XCount; xi++) r[xi] = Grid.Moments(s.F.AsSpan(xi * nk, nk)).N;
        return r;
    }

    /// <summary>The model: Strang steps from <paramref name="state"/> (advanced in place).</summary>
    public InhomogeneousModel CreateModel(InhomogeneousState state) => new(this, state);

    /// <summary>A simulation of <paramref name="model"/> for <see cref="InhomogeneousSolveSpec.Steps"/> steps; the guard: f finite after every step.</summary>
    public Simulation CreateSimulation(InhomogeneousModel model)
    {
        var sim = new Simulation(model) { StopIteration = Spec.Steps };
        sim.Guards.Add(new Guard("waveaction", m => double.IsFinite(Sum(((InhomogeneousModel)m).State.F)) ? null : "f is not finite after the step"));
        return sim;
    }

    /// <summary>Solves in memory from <paramref name="initial"/> (no files): diagnostics and density profiles at the outputs.</summary>
    public InhomogeneousSolution Solve(Distribution3D initial, CancellationToken cancel = default)
    {
        var model = CreateModel(Start(initial));
        var sim = CreateSimulation(model);
        var outputs = new MemoryWriter<(InhomogeneousDiagnostics, double[])>("outputs", OutputSchedule, _ => (Diagnose(model.State), DensityProfile(model.State)));
        sim.OutputWriters.Add(outputs);
        var stop = sim.Run(cancel);
        return new InhomogeneousSolution
        {
            Diagnostics = outputs.Values.Select(v => v.Item1).ToList(),
            Density = outputs.Values.Select(v => v.Item2).ToList(),
            State = model.State,
            Stop = stop,
        };
    }

    private static double Sum(double[] f)
    {
        double s = 0;
        foreach (var v in f) s += v;
        return s;
    }

    /// <summary>The collision step: RK4 substeps of ∂t f = C_h[f] at every x node, in parallel over x.</summary>
    public void Collide(double[] f, double tau, CancellationToken cancel = default)
    {
        int nk = Grid.Count, sub = Spec.CollisionSubsteps;
        double h = tau / sub;
        var eq = Spec.K.Equation;
        Parallel.For(0, XCount, new ParallelOptions { CancellationToken = cancel }, xi =>
        {
            if (!_ops.TryTake(out var op)) op = new AnisotropicGridOperator(Grid, Spec.K.Beta, Spec.K.GridOptions(maxThreads: 1));
            try
            {
                var y = f.AsSpan(xi * nk, nk);
                var k1 = new double[nk]; var k2 = new double[nk]; var k3 = new double[nk]; var k4 = new double[nk]; var tmp = new double[nk];
                for (int st = 0; st < sub; st++)
                {
                    op.Evaluate(y, k1, eq);
                    for (int j = 0; j < nk; j++) tmp[j] = y[j] + 0.5 * h * k1[j];
                    op.Evaluate(tmp, k2, eq);
                    for (int j = 0; j < nk; j++) tmp[j] = y[j] + 0.5 * h * k2[j];
                    op.Evaluate(tmp, k3, eq);
                    for (int j = 0; j < nk; j++) tmp[j] = y[j] + h * k3[j];
                    op.Evaluate(tmp, k4, eq);
                    for (int j = 0; j < nk; j++) y[j] += h / 6 * (k1[j] + 2 * k2[j] + 2 * k3[j] + k4[j]);
                }
            }
            finally { _ops.Add(op); }
        });
    }

    /// <summary>Exact free transport over <paramref name="tau"/> of the trigonometric interpolant in x.</summary>
    public void Transport(double[] f, double tau)
    {
        if (_fft is null) return;
        int nk = Grid.Count, nx = XCount;
        var c = Spec.Cells;
        double vScale = Spec.Velocity == TransportVelocity.TwoK ? 2 : 1;
        Parallel.For(0, nk, () => (new Complex[nx], new Complex[nx]), (j, _, buf) =>
        {
            var (a, b) = buf;
            for (int xi = 0; xi < nx; xi++) a[xi] = f[xi * nk + j];
            _fft.Forward(a, b);
            var k = Grid.Nodes[j];
            double vx = vScale * k.X, vy = vScale * k.Y, vz = vScale * k.Z;
            for (int xi = 0; xi < nx; xi++)
            {
                int i = xi / (c[1] * c[2]), jj = xi / c[2] % c[1], l = xi % c[2];
                double m0 = Wave(i, c[0]), m1 = Wave(jj, c[1]), m2 = Wave(l, c[2]);
                double ph = -2 * Math.PI * tau * (m0 * vx / Spec.Length[0] + m1 * vy / Spec.Length[1] + m2 * vz / Spec.Length[2]);
                b[xi] *= Complex.FromPolarCoordinates(1, ph);
            }
            _fft.Backward(b, a);
            for (int xi = 0; xi < nx; xi++) f[xi * nk + j] = a[xi].Real / nx;
            return buf;
        }, _ => { });
    }

    private static double Wave(int i, int n) => i <= n / 2 ? i : i - n;

    public void Dispose() => _fft?.Dispose();
}

/// <summary>
/// The inhomogeneous KWE as a model: one Strang step per <see cref="Step"/>, <c>S(dt) = C(dt/2) T(dt) C(dt/2)</c> through
/// <see cref="StrangSplitting.Step"/> (outer part: the collision step, inner part: exact free transport), applied in
/// place to <see cref="InhomogeneousState.F"/>; the clock is step·dt.
/// </summary>
public sealed class InhomogeneousModel : IModel, IStrangSplit
{
    private readonly InhomogeneousSolver _solver;
    private readonly double[] _good;
    private int _goodStep;
    private CancellationToken _cancel;

    public InhomogeneousModel(InhomogeneousSolver solver, InhomogeneousState state)
    {
        _solver = solver;
        State = state;
        int n = solver.XCount * solver.Grid.Count;
        if (state.F.Length != n) throw new ArgumentException("initial state has the wrong dimension", nameof(state));
        _good = (double[])state.F.Clone();
        _goodStep = state.Step;
    }

    public InhomogeneousSolver Solver => _solver;
    public InhomogeneousState State { get; }
    public double Time => State.Step * _solver.Dt;
    public long Iteration => State.Step;

    public void Step(double until, CancellationToken cancel)
    {
        _cancel = cancel;
        double dt = _solver.Dt;
        StrangSplitting.Step(this, Time, (State.Step + 1) * dt, dt);
        State.Step++;
    }

    public void Advance(StrangStage stage, double t0, double t1, double tau)
    {
        if (stage == StrangStage.Middle) _solver.Transport(State.F, tau);
        else _solver.Collide(State.F, tau, _cancel);
    }

    public void SaveState(ModelState state)
    {
        state.SetArray("f", (double[])State.F.Clone());
        state.SetInteger("step", State.Step);
    }

    public void LoadState(ModelState state)
    {
        var f = state.Array("f", State.F.Length);
        long step = state.Integer("step");
        if (step < 0 || step > int.MaxValue) throw new InvalidInputException("checkpoint", state.Origin, $"holds step {step}");
        Array.Copy(f, State.F, f.Length);
        State.Step = (int)step;
        KeepGoodState();
    }

    public void KeepGoodState()
    {
        Array.Copy(State.F, _good, _good.Length);
        _goodStep = State.Step;
    }

    public void RestoreGoodState()
    {
        Array.Copy(_good, State.F, _good.Length);
        State.Step = _goodStep;
    }
}
