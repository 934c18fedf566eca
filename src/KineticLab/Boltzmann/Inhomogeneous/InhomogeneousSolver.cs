using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using KineticLab.Boltzmann.Solvers;
using KineticLab.Numerics.Distributed;
using KineticLab.Numerics.Fft;
using KineticLab.Numerics.TimeStepping;

namespace KineticLab.Boltzmann.Inhomogeneous;

/// <summary>A function on phase space, f(x, v).</summary>
public delegate double PhaseSpaceFunction(ReadOnlySpan<double> x, ReadOnlySpan<double> v);

/// <summary>Global diagnostics after a step (identical on every rank and for every process count).</summary>
public sealed record InhomogeneousSample(double Time, long Step, double Mass, double[] Momentum, double Energy, double Entropy,
    double L1, double NegativeMass, double[] Norms);

/// <summary>Density, mean velocity and temperature at every x point after a step.</summary>
public sealed record InhomogeneousProfile(double Time, long Step, double[] Density, double[][] Velocity, double[] Temperature);

/// <summary>Wall-clock seconds spent in each part of the steps (this rank).</summary>
public sealed class InhomogeneousTiming
{
    public double Collision { get; set; }
    public double Transport { get; set; }
    public double Transpose { get; set; }
    public double Diagnostics { get; set; }
    /// <summary>Waiting in the per-step agreements (collision failure flag, cancellation): mostly for slower ranks.</summary>
    public double Wait { get; set; }
    public double Total => Collision + Transport + Transpose + Diagnostics + Wait;
}

/// <summary>
/// Solves the inhomogeneous Boltzmann equation <c>∂t f + v·∇x f = Q(f, f)</c> on a <see cref="PhaseSpaceGrid"/> by
/// Strang splitting: half a step of exact free transport in Fourier x, <c>f̂(η, v) ← e^{−i τ η·v} f̂(η, v)</c> for each
/// velocity, a full collision step at each x with the homogeneous solver's integrator (an embedded Runge–Kutta pair
/// with step control, whose controller state is kept per x point), and another half step of transport.
/// <para>
/// Distribution over the ranks of an <see cref="ICommunicator"/>: for collisions each rank holds X/P x points with all
/// velocities (x-layout; the points are dealt out cyclically, point i·P + rank, which balances the adaptive collision
/// work of neighbouring points), for transport a block of velocities with all x points (v-layout); an all-to-all transpose
/// moves between the two. The process count P must divide the number of x points and of velocity points. Every
/// per-point computation is the same for every P and every global sum is taken over gathered per-point values in a
/// fixed order, so the result is bitwise the same for every P.
/// </para>
/// The x transform removes the Nyquist modes (they have no real shift): the state is the trigonometric polynomial of
/// degree &lt; Nx/2 per axis, which the transport moves exactly.
/// </summary>
public sealed class InhomogeneousSolver : IDisposable
{
    private readonly PhaseSpaceGrid _g;
    private readonly InhomogeneousSettings _set;
    private readonly ICommunicator _comm;
    private readonly int _p, _rank, _nx, _nv, _nxl, _nvl, _v0, _workers;
    private readonly double[] _fx;          // x-layout: [ixl · Nv + iv]
    private readonly double[] _fv;          // v-layout: [ivl · X + ix]
    private readonly double[] _send, _recv;
    private readonly double[] _nextStep, _prevError, _accepted, _rejected, _evals;
    private readonly CollisionWorker[] _cw;
    private readonly TransportWorker[] _tw;
    private readonly IFftNd _xfft;
    private readonly double[] _vAbs2;       // |v|² per local velocity (v-layout)
    private readonly double[][] _vLocal;    // coordinates per local velocity
    private readonly double[] _eta2;        // |η|² per half-spectrum mode
    private readonly double[] _mult;        // multiplicity of each half-spectrum mode (0 at Nyquist)
    private readonly int[][] _modeK;        // signed indices per axis, per half-spectrum mode
    private long _step;
    private const int PerX = 5; // mass, energy, entropy, l1, negative mass (+ d momenta)

    /// <param name="grid">Phase-space grid.</param>
    /// <param name="operatorFactory">Creates a collision operator on <c>grid.Velocity</c> (called once per worker thread; each must use one thread
    /// so that results do not depend on the thread count). Null with <c>settings.Collisions = false</c>.</param>
    /// <param name="settings">Time step, steps, integrator, norms.</param>
    /// <param name="communicator">The ranks (default: serial).</param>
    /// <param name="workers">Threads per rank for the per-x collisions and per-v transforms (0: processors / ranks, at least 1).</param>
    public InhomogeneousSolver(PhaseSpaceGrid grid, Func<ICollisionOperator>? operatorFactory, InhomogeneousSettings settings,
        ICommunicator? communicator = null, int workers = 0)
    {
        ArgumentNullException.ThrowIfNull(grid);
        settings.Validate();
        _g = grid; _set = settings; _comm = communicator ?? SerialCommunicator.Instance;
        _p = _comm.Size; _rank = _comm.Rank;
        _nx = grid.XPoints; _nv = grid.VPoints;
        CheckProcesses(grid, _p);
        _nxl = _nx / _p; _nvl = _nv / _p; _v0 = _rank * _nvl;
        _workers = workers > 0 ? workers : Math.Max(1, Environment.ProcessorCount / _p);
        int local = _nxl * _nv;
        _fx = new double[local]; _fv = new double[local]; _send = new double[local]; _recv = new double[local];
        _nextStep = new double[_nxl]; _prevError = new double[_nxl]; _accepted = new double[_nxl]; _rejected = new double[_nxl]; _evals = new double[_nxl];
        Array.Fill(_prevError, new IntegratorState().PreviousError);
        if (settings.Collisions)
        {
            if (operatorFactory is null) throw new ArgumentException("collisions need an operator factory", nameof(operatorFactory));
            int nw = Math.Min(_workers, _nxl);
            _cw = new CollisionWorker[nw];
            for (int w = 0; w < nw; w++) _cw[w] = new CollisionWorker(operatorFactory(), settings);
        }
        else _cw = [];
        _xfft = Fft.Create(grid.XShape, FftPlanning.Estimate);
        _tw = new TransportWorker[Math.Min(_workers, _nvl)];
        for (int w = 0; w < _tw.Length; w++) _tw[w] = new TransportWorker(_nx, grid.XHalf);
        // Velocities of the local block, and mode tables of the x transform.
        int d = grid.Velocity.Dimension;
        _vLocal = new double[_nvl][];
        _vAbs2 = new double[_nvl];
        for (int i = 0; i < _nvl; i++)
        {
            var v = _vLocal[i] = new double[d];
            grid.Velocity.Point(_v0 + i, v);
            foreach (var c in v) _vAbs2[i] += c * c;
        }
        int dx = grid.PositionDimension, hl = grid.Nx / 2 + 1;
        _eta2 = new double[grid.XHalf]; _mult = new double[grid.XHalf]; _modeK = new int[grid.XHalf][];
        for (int m = 0; m < grid.XHalf; m++)
        {
            var k = _modeK[m] = new int[dx];
            int j = m % hl, rest = m / hl;
            k[dx - 1] = j;
            for (int a = dx - 2; a >= 0; a--) { k[a] = grid.SignedX(rest % grid.Nx); rest /= grid.Nx; }
            bool nyquist = false;
            double e2 = 0;
            for (int a = 0; a < dx; a++)
            {
                if (Math.Abs(k[a]) == grid.Nx / 2) nyquist = true;
                double eta = 2 * Math.PI * k[a] / grid.Lx;
                e2 += eta * eta;
            }
            _eta2[m] = e2;
            _mult[m] = nyquist ? 0 : (j == 0 ? 1 : 2);
        }
        // Weights of the x modes in each norm: multiplicity (0 at Nyquist, 2 for the modes standing for a conjugate pair) · ⟨η⟩^{2s}.
        _normWeight = settings.Norms.Select(ns => _eta2.Select((e2, m) => _mult[m] * (ns.S == 0 ? 1 : Math.Pow(1 + e2, ns.S))).ToArray()).ToArray();
        _normPartial = new double[_nvl * settings.Norms.Length];
        _normAll = new double[_nv * settings.Norms.Length];
        int q = PerX + d;
        _xPartial = new double[_nxl * q];
        _xAll = new double[_nx * q];
        _xOrdered = new double[_nx * q];
    }

    private readonly double[] _normPartial, _normAll, _xPartial, _xAll, _xOrdered;
    private readonly double[][] _normWeight;

    /// <summary>Throws unless <paramref name="processes"/> divides the numbers of x and velocity points.</summary>
    public static void CheckProcesses(PhaseSpaceGrid grid, int processes)
    {
        if (processes < 1 || grid.XPoints % processes != 0 || grid.VPoints % processes != 0)
            throw new InvalidInputException("processes", processes.ToString(CultureInfo.InvariantCulture),
                $"must divide the number of x points ({grid.XPoints}) and of velocity points ({grid.VPoints})");
    }

    public PhaseSpaceGrid Grid => _g;
    public InhomogeneousSettings Settings => _set;
    public ICommunicator Communicator => _comm;
    public long StepIndex => _step;
    public double Time => _set.TimeOf(_step);
    /// <summary>Global index of local x point <paramref name="i"/> in the x-layout (cyclic: <c>i·P + rank</c>).</summary>
    public int GlobalX(int i) => i * _p + _rank;
    public int LocalXPoints => _nxl;
    /// <summary>This rank's values in the x-layout: <c>[i · Nv + iv]</c> for the x point <see cref="GlobalX"/>(i).</summary>
    public ReadOnlySpan<double> LocalValues => _fx;
    public List<InhomogeneousSample> Samples { get; } = new();
    public List<InhomogeneousProfile> Profiles { get; } = new();
    public InhomogeneousTiming Timing { get; } = new();
    /// <summary>Evaluations of Q on this rank.</summary>
    public long LocalEvaluations { get { long s = 0; foreach (var e in _evals) s += (long)e; return s; } }
    /// <summary>Accepted collision sub-steps on this rank.</summary>
    public long LocalAcceptedSubsteps { get { long s = 0; foreach (var e in _accepted) s += (long)e; return s; } }

    /// <summary>Samples <paramref name="f0"/> at t0 (this rank's x block), projects out the Nyquist modes and records the first diagnostics.</summary>
    public void Initialize(PhaseSpaceFunction f0)
    {
        int dx = _g.PositionDimension, d = _g.Velocity.Dimension;
        Parallel.For(0, _nxl, new ParallelOptions { MaxDegreeOfParallelism = _workers }, i =>
        {
            Span<double> x = stackalloc double[dx];
            Span<double> v = stackalloc double[d];
            _g.XPoint(GlobalX(i), x);
            for (int iv = 0; iv < _nv; iv++)
            {
                _g.Velocity.Point(iv, v);
                _fx[i * _nv + iv] = f0(x, v);
            }
        });
        Start();
    }

    /// <summary>Starts from global values (x-major, length Grid.Total; every rank passes the same array).</summary>
    public void Initialize(ReadOnlySpan<double> global)
    {
        if (global.Length != _g.Total) throw new ArgumentException("global values must have Grid.Total entries");
        for (int i = 0; i < _nxl; i++) global.Slice(GlobalX(i) * _nv, _nv).CopyTo(_fx.AsSpan(i * _nv, _nv));
        Start();
    }

    private void Start()
    {
        _step = 0;
        Samples.Clear(); Profiles.Clear();
        Transport(0, norms: true);
        Record(profile: true);
    }

    /// <summary>One Strang step: transport Δt/2, collisions Δt, transport Δt/2; records the diagnostics.</summary>
    public void Step()
    {
        double dt = _set.Dt;
        Transport(0.5 * dt, norms: false);
        if (_set.Collisions) Collide(_set.TimeOf(_step), _set.TimeOf(_step + 1));
        Transport(0.5 * dt, norms: true);
        _step++;
        Record(profile: _step % _set.ProfileEvery == 0 || _step == _set.Steps);
        var s = Samples[^1];
        if (!double.IsFinite(s.Mass) || !double.IsFinite(s.Energy) || !(s.Mass > 0))
            throw new NumericalFailureException("mass", s.Time, _step, $"total mass {s.Mass:E3} or energy {s.Energy:E3} is not finite and positive");
    }

    /// <summary>
    /// Steps until <see cref="InhomogeneousSettings.Steps"/>, checkpointing every CheckpointEvery steps and at the end.
    /// Cancellation is agreed between the ranks at each step; on cancellation a checkpoint of the last completed step is written.
    /// </summary>
    /// <param name="checkpoint">Receives the checkpoint on rank 0 (the gather is collective).</param>
    public void Run(Action<JsonNode>? checkpoint = null, IProgress<ProgressInfo>? progress = null, CancellationToken cancel = default)
    {
        while (_step < _set.Steps)
        {
            var wait = Stopwatch.StartNew();
            bool go = _comm.AllTrue(!cancel.IsCancellationRequested);
            Timing.Wait += wait.Elapsed.TotalSeconds;
            if (!go)
            {
                var cp = Save();
                if (cp is not null) checkpoint?.Invoke(cp);
                throw new OperationCanceledException(cancel.IsCancellationRequested ? cancel : CancellationToken.None);
            }
            Step();
            if (_step % _set.CheckpointEvery == 0 || _step == _set.Steps)
            {
                var cp = Save();
                if (cp is not null) checkpoint?.Invoke(cp);
            }
            progress?.Report(new ProgressInfo("stepping", _step, _set.Steps, $"t = {Time:G6}, step {_step}"));
        }
    }

    // ---------------------------------------------------------------- collisions

    private sealed class CollisionWorker : IDisposable
    {
        public readonly ICollisionOperator Op;
        public readonly AdaptiveRungeKutta Rk;
        public readonly IntegratorState S;

        public CollisionWorker(ICollisionOperator op, InhomogeneousSettings set)
        {
            Op = op;
            Rk = new AdaptiveRungeKutta(ButcherTableau.ByName(set.Method), new HomogeneousBoltzmannSystem(op, set.Conservative), set.Control);
            S = new IntegratorState { Y = new double[op.Grid.Total] };
        }

        public void Dispose() => Op.Dispose();
    }

    private void Collide(double t, double tEnd)
    {
        var sw = Stopwatch.StartNew();
        Exception? failure = null;
        int nw = _cw.Length;
        void Work(int w)
        {
            var wk = _cw[w];
            var s = wk.S;
            for (int i = w; i < _nxl; i += nw)
            {
                var fi = _fx.AsSpan(i * _nv, _nv);
                fi.CopyTo(s.Y);
                s.Time = t; s.NextStep = _nextStep[i]; s.PreviousError = _prevError[i];
                s.Accepted = (long)_accepted[i]; s.Rejected = (long)_rejected[i]; s.Evaluations = (long)_evals[i];
                try { wk.Rk.Integrate(s, tEnd); }
                catch (NumericalFailureException e)
                {
                    Interlocked.CompareExchange(ref failure, new NumericalFailureException(e.Quantity, e.Time, _step,
                        $"collision sub-step at x point {GlobalX(i)}: {e.Message}"), null);
                    return;
                }
                s.Y.CopyTo(fi);
                _nextStep[i] = s.NextStep; _prevError[i] = s.PreviousError;
                _accepted[i] = s.Accepted; _rejected[i] = s.Rejected; _evals[i] = s.Evaluations;
            }
        }
        if (nw == 1) Work(0);
        else Parallel.For(0, nw, new ParallelOptions { MaxDegreeOfParallelism = nw }, Work);
        Timing.Collision += sw.Elapsed.TotalSeconds;
        // Agree on failure, so that no rank waits in a collective for one that stopped.
        var wait = Stopwatch.StartNew();
        bool ok = _comm.AllTrue(failure is null);
        Timing.Wait += wait.Elapsed.TotalSeconds;
        if (!ok)
            throw failure ?? new NumericalFailureException("collision sub-step", t, _step, "failed on another rank");
    }

    // ---------------------------------------------------------------- transport

    private sealed class TransportWorker : IDisposable
    {
        public readonly AlignedBuffer<double> Real;
        public readonly AlignedBuffer<Complex> Spec;

        public TransportWorker(int x, int half)
        {
            Real = new AlignedBuffer<double>(x);
            Spec = new AlignedBuffer<Complex>(half);
        }

        public void Dispose() { Real.Dispose(); Spec.Dispose(); }
    }

    /// <summary>Exact free transport over time <paramref name="tau"/> (τ = 0: projection only); optionally the norms of the result.</summary>
    private void Transport(double tau, bool norms)
    {
        var sw = Stopwatch.StartNew();
        TransposeXtoV();
        var tt = Stopwatch.StartNew();
        int nw = _tw.Length, dx = _g.PositionDimension, nn = _set.Norms.Length;
        double inv = 1.0 / _nx;
        void Work(int w)
        {
            var wk = _tw[w];
            var re = wk.Real.Span;
            var sp = wk.Spec.Span;
            for (int iv = w; iv < _nvl; iv += nw)
            {
                var line = _fv.AsSpan(iv * _nx, _nx);
                line.CopyTo(re);
                _xfft.ForwardReal(re, sp);
                if (norms)
                    for (int k = 0; k < nn; k++)
                    {
                        var ns = _set.Norms[k];
                        var wk2 = _normWeight[k];
                        double acc = 0;
                        for (int m = 0; m < sp.Length; m++)
                            acc += wk2[m] * (sp[m].Real * sp[m].Real + sp[m].Imaginary * sp[m].Imaginary);
                        _normPartial[iv * nn + k] = acc * (ns.R == 0 ? 1 : Math.Pow(1 + _vAbs2[iv], ns.R));
                    }
                var v = _vLocal[iv];
                for (int m = 0; m < sp.Length; m++)
                {
                    if (_mult[m] == 0) { sp[m] = Complex.Zero; continue; }
                    if (tau == 0) continue;
                    var k = _modeK[m];
                    double phase = 0;
                    for (int a = 0; a < dx; a++) phase += k[a] * v[a];
                    var (sn, cs) = Math.SinCos(-tau * 2 * Math.PI / _g.Lx * phase);
                    sp[m] *= new Complex(cs, sn);
                }
                _xfft.BackwardReal(sp, re);
                for (int j = 0; j < _nx; j++) line[j] = re[j] * inv;
            }
        }
        if (nw == 1) Work(0);
        else Parallel.For(0, nw, new ParallelOptions { MaxDegreeOfParallelism = nw }, Work);
        Timing.Transport += tt.Elapsed.TotalSeconds;
        TransposeVtoX();
        Timing.Transpose += sw.Elapsed.TotalSeconds - tt.Elapsed.TotalSeconds;
        if (norms)
        {
            var dsw = Stopwatch.StartNew();
            _comm.Allgather(_normPartial, _normAll);
            _lastNorms = new double[nn];
            double scale = _g.XCellVolume / _nx * _g.Velocity.CellVolume;
            for (int k = 0; k < nn; k++)
            {
                double s = 0;
                for (int iv = 0; iv < _nv; iv++) s += _normAll[iv * nn + k];
                _lastNorms[k] = Math.Sqrt(s * scale);
            }
            Timing.Diagnostics += dsw.Elapsed.TotalSeconds;
        }
    }

    private double[] _lastNorms = [];

    private void TransposeXtoV()
    {
        int blk = _nxl * _nvl;
        for (int q = 0; q < _p; q++)
            for (int i = 0; i < _nxl; i++)
                _fx.AsSpan(i * _nv + q * _nvl, _nvl).CopyTo(_send.AsSpan(q * blk + i * _nvl, _nvl));
        _comm.Alltoall(_send, _recv, blk);
        for (int p = 0; p < _p; p++)
            for (int i = 0; i < _nxl; i++)
            {
                int src = p * blk + i * _nvl, ix = i * _p + p;
                for (int j = 0; j < _nvl; j++) _fv[j * _nx + ix] = _recv[src + j];
            }
    }

    private void TransposeVtoX()
    {
        int blk = _nxl * _nvl;
        for (int q = 0; q < _p; q++)
            for (int i = 0; i < _nxl; i++)
            {
                int dst = q * blk + i * _nvl, ix = i * _p + q;
                for (int j = 0; j < _nvl; j++) _send[dst + j] = _fv[j * _nx + ix];
            }
        _comm.Alltoall(_send, _recv, blk);
        for (int p = 0; p < _p; p++)
            for (int i = 0; i < _nxl; i++)
                _recv.AsSpan(p * blk + i * _nvl, _nvl).CopyTo(_fx.AsSpan(i * _nv + p * _nvl, _nvl));
    }

    // ---------------------------------------------------------------- diagnostics

    private void Record(bool profile)
    {
        var sw = Stopwatch.StartNew();
        int d = _g.Velocity.Dimension, q = PerX + d;
        Parallel.For(0, _nxl, new ParallelOptions { MaxDegreeOfParallelism = _workers }, i =>
        {
            Span<double> v = stackalloc double[d];
            Span<double> mom = stackalloc double[d];
            double m = 0, e = 0, h = 0, l1 = 0, neg = 0;
            mom.Clear();
            var f = _fx.AsSpan(i * _nv, _nv);
            for (int iv = 0; iv < _nv; iv++)
            {
                _g.Velocity.Point(iv, v);
                double fi = f[iv], r2 = 0;
                m += fi;
                for (int a = 0; a < d; a++) { mom[a] += v[a] * fi; r2 += v[a] * v[a]; }
                e += r2 * fi;
                if (fi > 0) h += fi * Math.Log(fi); else neg -= fi;
                l1 += Math.Abs(fi);
            }
            double w = _g.Velocity.CellVolume;
            var o = _xPartial.AsSpan(i * q, q);
            o[0] = m * w; o[1] = e * w; o[2] = h * w; o[3] = l1 * w; o[4] = neg * w;
            for (int a = 0; a < d; a++) o[PerX + a] = mom[a] * w;
        });
        _comm.Allgather(_xPartial, _xAll);
        // Global sums in x order over the gathered per-x values: the same bits for every process count.
        // Gathered in rank order: rank p's local point i is x point i·P + p; reorder to global x order.
        var xs = _xOrdered;
        for (int p = 0; p < _p; p++)
            for (int i = 0; i < _nxl; i++)
                Array.Copy(_xAll, (p * _nxl + i) * q, xs, (i * _p + p) * q, q);
        var tot = new double[q];
        for (int ix = 0; ix < _nx; ix++)
            for (int k = 0; k < q; k++) tot[k] += xs[ix * q + k];
        double wx = _g.XCellVolume;
        for (int k = 0; k < q; k++) tot[k] *= wx;
        var momentum = new double[d];
        for (int a = 0; a < d; a++) momentum[a] = tot[PerX + a];
        Samples.Add(new InhomogeneousSample(Time, _step, tot[0], momentum, tot[1], tot[2], tot[3], tot[4], (double[])_lastNorms.Clone()));
        if (profile)
        {
            var rho = new double[_nx];
            var temp = new double[_nx];
            var u = new double[d][];
            for (int a = 0; a < d; a++) u[a] = new double[_nx];
            for (int ix = 0; ix < _nx; ix++)
            {
                var o = xs.AsSpan(ix * q, q);
                rho[ix] = o[0];
                double u2 = 0;
                for (int a = 0; a < d; a++) { u[a][ix] = o[PerX + a] / o[0]; u2 += u[a][ix] * u[a][ix]; }
                temp[ix] = (o[1] / o[0] - u2) / d;
            }
            Profiles.Add(new InhomogeneousProfile(Time, _step, rho, u, temp));
        }
        Timing.Diagnostics += sw.Elapsed.TotalSeconds;
    }

    // ---------------------------------------------------------------- state

    /// <summary>
    /// The global state gathered on rank 0 (x-major, length Grid.Total); null on the other ranks. Collective.
    /// </summary>
    public double[]? GatherGlobal()
    {
        var all = _rank == 0 ? new double[_g.Total] : [];
        _comm.Gather(_fx, all, 0);
        return _rank == 0 ? ToGlobalOrder(all, _nv) : null;
    }

    /// <summary>A checkpoint of the current step (JSON) on rank 0, null elsewhere. Collective.</summary>
    public JsonNode? Save()
    {
        var f = GatherGlobal();
        var ctl = new double[5 * _nxl];
        for (int i = 0; i < _nxl; i++)
        {
            ctl[5 * i] = _nextStep[i]; ctl[5 * i + 1] = _prevError[i]; ctl[5 * i + 2] = _accepted[i];
            ctl[5 * i + 3] = _rejected[i]; ctl[5 * i + 4] = _evals[i];
        }
        var ctlAll = _rank == 0 ? new double[5 * _nx] : [];
        _comm.Gather(ctl, ctlAll, 0);
        if (_rank != 0) return null;
        ctlAll = ToGlobalOrder(ctlAll, 5);
        var o = new JsonObject
        {
            ["kind"] = "boltzmann-inhomogeneous",
            ["settings_key"] = _set.Key(),
            ["grid"] = _g.Describe(),
            ["step"] = _step,
            ["time"] = Time,
            ["f"] = Base64(f!),
            ["controller"] = Base64(ctlAll),
        };
        var samples = new JsonArray();
        foreach (var s in Samples)
            samples.Add(new JsonArray(s.Time, s.Step, s.Mass, StateJson.Doubles(s.Momentum), s.Energy, s.Entropy, s.L1, s.NegativeMass, StateJson.Doubles(s.Norms)));
        o["samples"] = samples;
        var profiles = new JsonArray();
        foreach (var p in Profiles)
            profiles.Add(new JsonObject
            {
                ["t"] = p.Time, ["step"] = p.Step, ["density"] = Base64(p.Density), ["temperature"] = Base64(p.Temperature),
                ["velocity"] = new JsonArray(p.Velocity.Select(u => (JsonNode?)Base64(u)).ToArray()),
            });
        o["profiles"] = profiles;
        return o;
    }

    /// <summary>Restores a checkpoint written by <see cref="Save"/> with any process count (every rank passes the same node).</summary>
    /// <exception cref="InvalidInputException">(field <c>--resume</c>) The checkpoint belongs to other settings or another grid.</exception>
    public void Restore(JsonNode node)
    {
        if ((string?)node["kind"] != "boltzmann-inhomogeneous")
            throw new InvalidInputException("--resume", (string?)node["kind"] ?? "?", "is not an inhomogeneous Boltzmann checkpoint");
        if ((string?)node["settings_key"] != _set.Key())
            throw new InvalidInputException("--resume", "checkpoint", "was written with different time step, integrator or norm settings");
        var f = FromBase64((string)node["f"]!);
        var ctl = FromBase64((string)node["controller"]!);
        if (f.Length != _g.Total || ctl.Length != 5 * _nx)
            throw new InvalidInputException("--resume", "checkpoint", $"holds {f.Length} values, the grid has {_g.Total}");
        long step = (long)node["step"]!;
        if (step > _set.Steps) throw new InvalidInputException("--resume", "checkpoint", $"is at step {step}, beyond the {_set.Steps} steps of the experiment");
        for (int i = 0; i < _nxl; i++)
        {
            f.AsSpan(GlobalX(i) * _nv, _nv).CopyTo(_fx.AsSpan(i * _nv, _nv));
            int g = 5 * GlobalX(i);
            _nextStep[i] = ctl[g]; _prevError[i] = ctl[g + 1]; _accepted[i] = ctl[g + 2]; _rejected[i] = ctl[g + 3]; _evals[i] = ctl[g + 4];
        }
        _step = step;
        Samples.Clear(); Profiles.Clear();
        foreach (var sn in node["samples"]!.AsArray())
        {
            var a = sn!.AsArray();
            Samples.Add(new InhomogeneousSample((double)a[0]!, (long)a[1]!, (double)a[2]!, StateJson.ReadDoubles(a[3]!), (double)a[4]!, (double)a[5]!,
                (double)a[6]!, (double)a[7]!, StateJson.ReadDoubles(a[8]!)));
        }
        foreach (var pn in node["profiles"]!.AsArray())
            Profiles.Add(new InhomogeneousProfile((double)pn!["t"]!, (long)pn["step"]!, FromBase64((string)pn["density"]!),
                pn["velocity"]!.AsArray().Select(u => FromBase64((string)u!)).ToArray(), FromBase64((string)pn["temperature"]!)));
        _lastNorms = Samples.Count > 0 ? (double[])Samples[^1].Norms.Clone() : [];
    }

    /// <summary>Reorders rows gathered in rank order (rank p's local row i is x point i·P + p) into global x order.</summary>
    private double[] ToGlobalOrder(double[] gathered, int row)
    {
        if (_p == 1) return gathered;
        var r = new double[gathered.Length];
        for (int p = 0; p < _p; p++)
            for (int i = 0; i < _nxl; i++)
                Array.Copy(gathered, (long)(p * _nxl + i) * row, r, (long)(i * _p + p) * row, row);
        return r;
    }

    private static string Base64(double[] x) => Convert.ToBase64String(MemoryMarshal.AsBytes(x.AsSpan()));

    private static double[] FromBase64(string s)
    {
        var bytes = Convert.FromBase64String(s);
        if (bytes.Length % 8 != 0) throw new InvalidInputException("--resume", "checkpoint", "holds a truncated array");
        return MemoryMarshal.Cast<byte, double>(bytes).ToArray();
    }


    public void Dispose()
    {
        foreach (var w in _cw) w.Dispose();
        foreach (var w in _tw) w.Dispose();
        _xfft.Dispose();
    }
}
