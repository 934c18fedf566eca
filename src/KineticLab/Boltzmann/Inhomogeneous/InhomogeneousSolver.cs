using System.Diagnostics;
using System.Globalization;
using System.Numerics;
using KineticLab.Boltzmann.Solvers;
using KineticLab.Numerics.Distributed;
using KineticLab.Numerics.Fft;
using KineticLab.Numerics.Splitting;
using KineticLab.Numerics.TimeStepping;
using KineticLab.Simulations;

namespace KineticLab.Boltzmann.Inhomogeneous;

/// <summary>A function on phase space, f(x, v).</summary>
public delegate double PhaseSpaceFunction(ReadOnlySpan<double> x, ReadOnlySpan<double> v);

/// <summary>Global diagnostics after a step (identical on every rank and for every process count).</summary>
/// <remarks><c>CollisionEvaluations</c> and <c>CollisionSubsteps</c>: evaluations of Q and accepted collision sub-steps so far, summed over the x points.</remarks>
public sealed record InhomogeneousSample(double Time, long Step, double Mass, double[] Momentum, double Energy, double Entropy,
    double L1, double NegativeMass, double[] Norms, long CollisionEvaluations = 0, long CollisionSubsteps = 0);

/// <summary>Density, mean velocity and temperature at every x point after a step.</summary>
public sealed record InhomogeneousProfile(double Time, long Step, double[] Density, double[][] Velocity, double[] Temperature);

/// <summary>What an in-memory solve produced: the diagnostics after every step and the profiles.</summary>
public sealed class InhomogeneousSolution
{
    public required IReadOnlyList<InhomogeneousSample> Samples { get; init; }
    public required IReadOnlyList<InhomogeneousProfile> Profiles { get; init; }
    public required RunStop Stop { get; init; }
}

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
/// work of neighbouring points), for transport a contiguous block of velocities with all x points (v-layout); an
/// all-to-all transpose moves between the two. When P does not divide the numbers of points the blocks are unequal (they
/// differ by one point, <see cref="RankLayout"/>) and the exchanges are padded to the largest block. Every per-point
/// computation is the same for every P and every global sum is taken over gathered per-point values in a fixed order,
/// so the result is bitwise the same for every P. Global sizes and offsets are 64-bit; each rank's arrays must fit a
/// .NET array (<see cref="CheckProcesses"/>), and <see cref="Plan"/> gives a rank's memory before anything is allocated.
/// </para>
/// The x transform removes the Nyquist modes (they have no real shift): the state is the trigonometric polynomial of
/// degree &lt; Nx/2 per axis, which the transport moves exactly.
/// <para>
/// A model run by <see cref="Simulation"/> (<see cref="CreateSimulation"/>): every rank runs the simulation with the
/// communicator; one <see cref="IModel.Step"/> is one Strang step; the state written to a checkpoint is global (gathered
/// to rank 0 in x order), so a run resumes bit for bit on any process count.
/// </para>
/// </summary>
public sealed class InhomogeneousSolver : IModel, IStrangSplit, IDisposable
{
    private readonly PhaseSpaceGrid _g;
    private readonly InhomogeneousSettings _set;
    private readonly ICommunicator _comm;
    private readonly int _p, _rank, _nx, _nv, _nxl, _nvl, _v0, _workers, _nxlMax, _nvlMax;
    private readonly RankLayout _layout;
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
        _layout = new RankLayout(_p, _nx, _nv);
        _nxl = _layout.XCount(_rank); _nvl = _layout.VCount(_rank); _v0 = _layout.VStart(_rank);
        _nxlMax = _layout.XMax; _nvlMax = _layout.VMax;
        _workers = workers > 0 ? workers : DefaultWorkers(_p);
        // Padded to the largest block so that the collectives exchange equal blocks (rows beyond _nxl stay zero).
        _fx = new double[_nxlMax * _nv]; _fv = new double[_nvl * _nx];
        _send = new double[_p * _layout.Block]; _recv = new double[_p * _layout.Block];
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
        _normPartial = new double[_nvlMax * settings.Norms.Length];
        _normAll = new double[_p * _nvlMax * settings.Norms.Length];
        int q = PerX + d + 2;
        _xPartial = new double[_nxlMax * q];
        _xAll = new double[_p * _nxlMax * q];
        _xOrdered = new double[_nx * q];
    }

    private readonly double[] _normPartial, _normAll, _xPartial, _xAll, _xOrdered;
    private readonly double[][] _normWeight;

    /// <summary>Worker threads per rank when none are given: processors / ranks, at least 1.</summary>
    public static int DefaultWorkers(int processes) => Math.Max(1, Environment.ProcessorCount / Math.Max(1, processes));

    /// <summary>
    /// Throws unless <paramref name="processes"/> ranks can hold the grid: at least one x point and one velocity point per
    /// rank, and each rank's arrays (its x block with all velocities, its velocity block with all x points, the padded
    /// exchange buffers) within the largest .NET array.
    /// </summary>
    public static void CheckProcesses(PhaseSpaceGrid grid, int processes)
    {
        string p = processes.ToString(CultureInfo.InvariantCulture);
        if (processes < 1 || processes > grid.XPoints || processes > grid.VPoints)
            throw new InvalidInputException("processes", p,
                $"must be in [1, {Math.Min(grid.XPoints, grid.VPoints)}] (at most the number of x points ({grid.XPoints}) and of velocity points ({grid.VPoints}))");
        var l = new RankLayout(processes, grid.XPoints, grid.VPoints);
        long largest = Math.Max(Math.Max((long)l.XMax * grid.VPoints, (long)l.VMax * grid.XPoints), (long)processes * l.XMax * l.VMax);
        if (largest > Array.MaxLength)
            throw new InvalidInputException("processes", p,
                $"each rank would hold {largest} values in one array; at most {Array.MaxLength} are supported (use more processes)");
    }

    /// <summary>
    /// The memory a run needs on each rank, computed from the grid, the settings and the process count without
    /// allocating anything (<see cref="InhomogeneousPlan"/>).
    /// </summary>
    /// <param name="operatorBytes">Bytes of one collision operator (its buffers and tables), e.g. <c>FastSpectralOperator.EstimateBytes</c>.</param>
    /// <param name="workers">Threads per rank (0: <see cref="DefaultWorkers"/>).</param>
    /// <param name="checkpoints">Whether checkpoints are written (rank 0 gathers the global state for them).</param>
    public static InhomogeneousPlan Plan(PhaseSpaceGrid grid, InhomogeneousSettings settings, int processes, long operatorBytes, int workers = 0, bool checkpoints = true)
    {
        CheckProcesses(grid, processes);
        var l = new RankLayout(processes, grid.XPoints, grid.VPoints);
        int w = workers > 0 ? workers : DefaultWorkers(processes);
        int nx = grid.XPoints, nv = grid.VPoints, d = grid.Velocity.Dimension, dx = grid.PositionDimension, nn = settings.Norms.Length, q = PerX + d + 2;
        long xm = l.XMax, vm = l.VMax, half = grid.XHalf;
        long state = 8 * (2 * xm * nv + vm * nx);                                   // _fx, its last good copy, _fv
        long buffers = 16L * processes * l.Block;                                       // _send, _recv
        long small = 8 * (10 * xm + xm * q + (processes * xm + nx) * q + (processes + 1) * vm * nn + vm * (d + 1)) + vm * 32
                     + half * (16 + 4 * dx + 32 + 8 * nn) + 8 * (long)nx * (2 + d);  // per-x controllers, diagnostics, velocity and mode tables, a profile
        int cw = settings.Collisions ? (int)Math.Min(w, xm) : 0;
        int tw = (int)Math.Min(w, vm);
        var tableau = Numerics.TimeStepping.ButcherTableau.ByName(settings.Method);
        long collision = cw * (operatorBytes + 8L * (tableau.Stages + 4) * nv);     // operator, stages, stage, y_new, error, state
        long transport = tw * (8L * nx + 16 * half);
        long perRank = state + buffers + small + collision + transport;
        long checkpoint = checkpoints ? 8 * (processes * xm * nv + (processes > 1 ? grid.Total : 0) + 5L * (processes * xm + (processes > 1 ? nx : 0))) : 0;
        return new InhomogeneousPlan(processes, w, l.XCount(processes - 1), (int)xm, l.VCount(processes - 1), (int)vm, l.Equal,
            state, buffers, collision, perRank, checkpoint, perRank + checkpoint, grid.Total <= Array.MaxLength);
    }

    public PhaseSpaceGrid Grid => _g;
    public InhomogeneousSettings Settings => _set;
    public ICommunicator Communicator => _comm;
    public long StepIndex => _step;
    /// <summary>Steps taken (<see cref="IModel.Iteration"/>).</summary>
    public long Iteration => _step;
    /// <summary>t0 + n·Δt after step n.</summary>
    public double Time => _set.TimeOf(_step);
    /// <summary>Global index of local x point <paramref name="i"/> in the x-layout (cyclic: <c>i·P + rank</c>).</summary>
    public int GlobalX(int i) => i * _p + _rank;
    public int LocalXPoints => _nxl;
    /// <summary>This rank's values in the x-layout: <c>[i · Nv + iv]</c> for the x point <see cref="GlobalX"/>(i).</summary>
    public ReadOnlySpan<double> LocalValues => _fx.AsSpan(0, _nxl * _nv);
    /// <summary>How the points are dealt out to the ranks.</summary>
    public RankLayout Layout => _layout;
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
        for (int i = 0; i < _nxl; i++) global.Slice(checked(GlobalX(i) * _nv), _nv).CopyTo(_fx.AsSpan(i * _nv, _nv));
        Start();
    }

    private void Start()
    {
        _step = 0;
        Transport(0, norms: true);
        Record();
        InitialSample = Sample;
        KeepGoodState();
    }

    /// <summary>
    /// One Strang step (<see cref="StrangSplitting.Step"/>: transport Δt/2, collisions Δt from t_n to t_{n+1}, transport
    /// Δt/2 with the norms of the result), then the diagnostics (<see cref="Sample"/>). Collective. Throws
    /// <see cref="NumericalFailureException"/> when a collision sub-step fails on any rank; the mass is checked by the
    /// simulation's guard (<see cref="Problem"/>).
    /// </summary>
    public void Step(double until, CancellationToken cancel)
    {
        StrangSplitting.Step(this, _set.TimeOf(_step), _set.TimeOf(_step + 1), _set.Dt);
        _step++;
        Record();
    }

    /// <summary>One Strang step for callers that drive the solver themselves; throws when the mass check fails.</summary>
    public void Step()
    {
        Step(double.PositiveInfinity, CancellationToken.None);
        if (Problem() is { } problem) throw new NumericalFailureException("mass", Time, _step, problem);
    }

    void IStrangSplit.Advance(StrangStage stage, double t0, double t1, double tau)
    {
        switch (stage)
        {
            case StrangStage.FirstHalf:
                Transport(tau, norms: false);
                break;
            case StrangStage.Middle:
                if (_set.Collisions) Collide(t0, t1);
                break;
            case StrangStage.SecondHalf:
                Transport(tau, norms: true);
                break;
        }
    }

    /// <summary>What is wrong with the current diagnostics (null when nothing is): mass or energy not finite and positive.</summary>
    public string? Problem()
    {
        if (Sample is not { } s) return null;
        return !double.IsFinite(s.Mass) || !double.IsFinite(s.Energy) || !(s.Mass > 0)
            ? $"total mass {s.Mass:E3} or energy {s.Energy:E3} is not finite and positive"
            : null;
    }

    /// <summary>A simulation of this model to the last step with the guard of the mass (collective: every rank runs it).</summary>
    public Simulation CreateSimulation()
    {
        var sim = new Simulation(this, _comm) { StopIteration = _set.Steps, ProgressStage = "stepping" };
        sim.Guards.Add(new Guard("mass", _ => Problem()));
        return sim;
    }

    /// <summary>
    /// Runs in memory from <paramref name="f0"/> to the last step (collective; no files): the diagnostics after every
    /// step and the profiles every <paramref name="profileEvery"/> steps and at the last step.
    /// </summary>
    /// <exception cref="NumericalFailureException">A step failed or the mass check failed.</exception>
    public InhomogeneousSolution Solve(PhaseSpaceFunction f0, int profileEvery = 1, IProgress<ProgressInfo>? progress = null, CancellationToken cancel = default)
    {
        Initialize(f0);
        var sim = CreateSimulation();
        sim.Progress = progress;
        var samples = new MemoryWriter<InhomogeneousSample>("samples", new IterationInterval(1), _ => Sample!);
        var profiles = new MemoryWriter<InhomogeneousProfile>("profiles", ProfileSchedule(profileEvery), _ => Profile());
        sim.OutputWriters.AddRange([samples, profiles]);
        var stop = sim.Run(cancel);
        return new InhomogeneousSolution { Samples = samples.Values, Profiles = profiles.Values, Stop = stop };
    }

    /// <summary>Every <paramref name="every"/> steps (the start included) and at the last step.</summary>
    public ISchedule ProfileSchedule(int every) => new AnyOf(new IterationInterval(every), new SpecifiedIterations([_set.Steps]));

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
                // In global velocity order: rank p's block (padded to the largest) holds velocities VStart(p)…
                double s = 0;
                for (int p = 0; p < _p; p++)
                {
                    int np = _layout.VCount(p), o = p * _nvlMax * nn;
                    for (int j = 0; j < np; j++) s += _normAll[o + j * nn + k];
                }
                _lastNorms[k] = Math.Sqrt(s * scale);
            }
            Timing.Diagnostics += dsw.Elapsed.TotalSeconds;
        }
    }

    private double[] _lastNorms = [];

    /// <summary>x-layout → v-layout: rank q receives, from every rank p, p's x points restricted to q's velocity block.</summary>
    private void TransposeXtoV()
    {
        int blk = _layout.Block;
        for (int q = 0; q < _p; q++)
        {
            int vq = _layout.VStart(q), nq = _layout.VCount(q);
            for (int i = 0; i < _nxl; i++)
                _fx.AsSpan(i * _nv + vq, nq).CopyTo(_send.AsSpan(q * blk + i * _nvlMax, nq));
        }
        _comm.Alltoall(_send, _recv, blk);
        for (int p = 0; p < _p; p++)
        {
            int np = _layout.XCount(p);
            for (int i = 0; i < np; i++)
            {
                int src = p * blk + i * _nvlMax, ix = i * _p + p;
                for (int j = 0; j < _nvl; j++) _fv[j * _nx + ix] = _recv[src + j];
            }
        }
    }

    /// <summary>v-layout → x-layout (the inverse of <see cref="TransposeXtoV"/>).</summary>
    private void TransposeVtoX()
    {
        int blk = _layout.Block;
        for (int q = 0; q < _p; q++)
        {
            int nq = _layout.XCount(q);
            for (int i = 0; i < nq; i++)
            {
                int dst = q * blk + i * _nvlMax, ix = i * _p + q;
                for (int j = 0; j < _nvl; j++) _send[dst + j] = _fv[j * _nx + ix];
            }
        }
        _comm.Alltoall(_send, _recv, blk);
        for (int p = 0; p < _p; p++)
        {
            int vp = _layout.VStart(p), np = _layout.VCount(p);
            for (int i = 0; i < _nxl; i++)
                _recv.AsSpan(p * blk + i * _nvlMax, np).CopyTo(_fx.AsSpan(i * _nv + vp, np));
        }
    }

    // ---------------------------------------------------------------- diagnostics

    /// <summary>The diagnostics of the current step (after <see cref="Initialize(PhaseSpaceFunction)"/> or a step; null after <see cref="LoadState"/> until the next step).</summary>
    public InhomogeneousSample? Sample { get; private set; }

    /// <summary>The diagnostics at t0 (after <see cref="Initialize(PhaseSpaceFunction)"/>; null after <see cref="LoadState"/>).</summary>
    public InhomogeneousSample? InitialSample { get; private set; }

    /// <summary>Evaluations of Q on each rank so far (the same on every rank; the load balance of the collisions).</summary>
    public double[] RankEvaluations { get; private set; } = [];

    private void Record()
    {
        var sw = Stopwatch.StartNew();
        int d = _g.Velocity.Dimension, q = PerX + d + 2;
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
            // The collision work at this point (counts, exact in doubles).
            o[PerX + d] = _evals[i]; o[PerX + d + 1] = _accepted[i];
        });
        _comm.Allgather(_xPartial, _xAll);
        // Global sums in x order over the gathered per-x values: the same bits for every process count.
        // Gathered in rank order: rank p's local point i is x point i·P + p; reorder to global x order.
        var xs = _xOrdered;
        for (int p = 0; p < _p; p++)
        {
            int np = _layout.XCount(p);
            for (int i = 0; i < np; i++)
                Array.Copy(_xAll, (p * _nxlMax + i) * q, xs, (i * _p + p) * q, q);
        }
        var tot = new double[q];
        for (int ix = 0; ix < _nx; ix++)
            for (int k = 0; k < q; k++) tot[k] += xs[ix * q + k];
        double wx = _g.XCellVolume;
        for (int k = 0; k < PerX + d; k++) tot[k] *= wx;
        var momentum = new double[d];
        for (int a = 0; a < d; a++) momentum[a] = tot[PerX + a];
        Sample = new InhomogeneousSample(Time, _step, tot[0], momentum, tot[1], tot[2], tot[3], tot[4], (double[])_lastNorms.Clone(),
            (long)tot[PerX + d], (long)tot[PerX + d + 1]);
        var perRank = new double[_p];
        for (int ix = 0; ix < _nx; ix++) perRank[ix % _p] += xs[ix * q + PerX + d];
        RankEvaluations = perRank;
        Timing.Diagnostics += sw.Elapsed.TotalSeconds;
    }

    /// <summary>Density, mean velocity and temperature at every x point at the current step (after <see cref="Initialize(PhaseSpaceFunction)"/> or a step).</summary>
    public InhomogeneousProfile Profile()
    {
        int d = _g.Velocity.Dimension, q = PerX + d + 2;
        var xs = _xOrdered;
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
        return new InhomogeneousProfile(Time, _step, rho, u, temp);
    }

    // ---------------------------------------------------------------- state

    /// <summary>
    /// The global state gathered on rank 0 (x-major, length Grid.Total); null on the other ranks. Collective.
    /// </summary>
    /// <exception cref="InvalidOperationException">The global state is larger than one .NET array (<see cref="InhomogeneousPlan.GlobalStateFits"/>).</exception>
    public double[]? GatherGlobal()
    {
        if (_g.Total > Array.MaxLength)
            throw new InvalidOperationException($"the global state ({_g.Total} values) does not fit one array (at most {Array.MaxLength})");
        var all = _rank == 0 ? new double[(long)_p * _nxlMax * _nv] : [];
        _comm.Gather(_fx, all, 0);
        return _rank == 0 ? ToGlobalOrder(all, _nv) : null;
    }

    /// <summary>Name of the global f (x-major, length Grid.Total) in a checkpoint.</summary>
    public const string StateArray = "f";

    /// <summary>Name of the collision controllers in a checkpoint: per x point (global order) next step, previous error, accepted, rejected, evaluations.</summary>
    public const string ControllerArray = "controller";

    /// <summary>
    /// Writes the global state (f and the collision step controllers, gathered to rank 0 in global x order) and the step.
    /// Collective; only rank 0's <paramref name="state"/> is filled.
    /// </summary>
    public void SaveState(ModelState state)
    {
        var f = GatherGlobal();
        var ctl = new double[5 * _nxlMax];
        for (int i = 0; i < _nxl; i++)
        {
            ctl[5 * i] = _nextStep[i]; ctl[5 * i + 1] = _prevError[i]; ctl[5 * i + 2] = _accepted[i];
            ctl[5 * i + 3] = _rejected[i]; ctl[5 * i + 4] = _evals[i];
        }
        var ctlAll = _rank == 0 ? new double[5 * _p * _nxlMax] : [];
        _comm.Gather(ctl, ctlAll, 0);
        if (_rank != 0) return;
        state.SetArray(StateArray, f!);
        state.SetArray(ControllerArray, ToGlobalOrder(ctlAll, 5));
        state.SetInteger("step", _step);
        state.SetText("grid", _g.Describe());
    }

    /// <summary>Restores a state written by <see cref="SaveState"/> with any process count (every rank receives the same, global, state).</summary>
    /// <exception cref="InvalidInputException">(field <c>checkpoint</c>) The state belongs to another grid or lies beyond the last step.</exception>
    public void LoadState(ModelState state)
    {
        if (state.Text("grid") != _g.Describe())
            throw new InvalidInputException("checkpoint", state.Origin, $"was written on the grid {state.Text("grid")}, not {_g.Describe()}");
        var f = state.Array(StateArray, _g.Total);
        var ctl = state.Array(ControllerArray, 5L * _nx);
        long step = state.Integer("step");
        if (step < 0 || step > _set.Steps) throw new InvalidInputException("checkpoint", state.Origin, $"is at step {step}, beyond the {_set.Steps} steps of the experiment");
        for (int i = 0; i < _nxl; i++)
        {
            f.AsSpan(checked(GlobalX(i) * _nv), _nv).CopyTo(_fx.AsSpan(i * _nv, _nv));
            int g = 5 * GlobalX(i);
            _nextStep[i] = ctl[g]; _prevError[i] = ctl[g + 1]; _accepted[i] = ctl[g + 2]; _rejected[i] = ctl[g + 3]; _evals[i] = ctl[g + 4];
        }
        var perRank = new double[_p];
        for (int ix = 0; ix < _nx; ix++) perRank[ix % _p] += ctl[5 * ix + 4];
        RankEvaluations = perRank;
        _step = step;
        Sample = null;
        InitialSample = null;
        KeepGoodState();
    }

    private double[]? _goodF, _goodCtl;
    private long _goodStep;
    private InhomogeneousSample? _goodSample;
    private double[] _goodRankEvaluations = [];

    /// <summary>Remembers this rank's state (its x points and their step controllers) as the last good one.</summary>
    public void KeepGoodState()
    {
        _goodF ??= new double[_fx.Length];
        _goodCtl ??= new double[5 * _nxl];
        _fx.CopyTo(_goodF, 0);
        _nextStep.CopyTo(_goodCtl, 0); _prevError.CopyTo(_goodCtl, _nxl); _accepted.CopyTo(_goodCtl, 2 * _nxl);
        _rejected.CopyTo(_goodCtl, 3 * _nxl); _evals.CopyTo(_goodCtl, 4 * _nxl);
        _goodStep = _step;
        _goodSample = Sample;
        _goodRankEvaluations = RankEvaluations;
    }

    /// <summary>Returns to the state of the last <see cref="KeepGoodState"/>.</summary>
    public void RestoreGoodState()
    {
        if (_goodF is null || _goodCtl is null) return;
        _goodF.CopyTo(_fx, 0);
        Array.Copy(_goodCtl, 0, _nextStep, 0, _nxl); Array.Copy(_goodCtl, _nxl, _prevError, 0, _nxl); Array.Copy(_goodCtl, 2 * _nxl, _accepted, 0, _nxl);
        Array.Copy(_goodCtl, 3 * _nxl, _rejected, 0, _nxl); Array.Copy(_goodCtl, 4 * _nxl, _evals, 0, _nxl);
        _step = _goodStep;
        Sample = _goodSample;
        RankEvaluations = _goodRankEvaluations;
    }

    /// <summary>
    /// Reorders rows gathered in rank order (rank p's block of <c>XMax</c> rows, of which its local row i is x point i·P + p)
    /// into global x order (Nx rows).
    /// </summary>
    private double[] ToGlobalOrder(double[] gathered, int row)
    {
        if (_p == 1) return gathered;
        var r = new double[(long)_nx * row];
        for (int p = 0; p < _p; p++)
        {
            int np = _layout.XCount(p);
            for (int i = 0; i < np; i++)
                Array.Copy(gathered, ((long)p * _nxlMax + i) * row, r, ((long)i * _p + p) * row, row);
        }
        return r;
    }

    public void Dispose()
    {
        foreach (var w in _cw) w.Dispose();
        foreach (var w in _tw) w.Dispose();
        _xfft.Dispose();
    }
}
