namespace KineticLab.Numerics.TimeStepping;

/// <summary>Tolerances and limits of <see cref="AdaptiveRungeKutta"/>.</summary>
/// <param name="RelTol">Relative tolerance (&gt; 0).</param>
/// <param name="AbsTol">Absolute tolerance (&gt; 0), multiplied componentwise by <see cref="AbsScale"/> when given.</param>
/// <param name="AbsScale">Optional per-component scale of the absolute tolerance (for weighted spaces).</param>
/// <param name="MaxStep">Largest step allowed.</param>
/// <param name="MinStep">A step below this is a step-size collapse (numerical failure).</param>
public sealed record StepControl(
    double RelTol = 1e-6,
    double AbsTol = 1e-12,
    double[]? AbsScale = null,
    double MaxStep = double.PositiveInfinity,
    double MinStep = 1e-14)
{
    public double Safety { get; init; } = 0.9;
    public double MinFactor { get; init; } = 0.2;
    public double MaxFactor { get; init; } = 5.0;

    /// <summary>Absolute tolerance of component <paramref name="m"/> (AbsTol, times AbsScale[m] when given).</summary>
    public double AbsTolAt(int m) => AbsScale is null ? AbsTol : AbsTol * AbsScale[m];

    /// <summary>
    /// The RMS error norm of an error estimate: √(mean (err_m / (atol_m + rtol·max(|y_m|, |yNew_m|)))²), the norm of
    /// Hairer–Wanner (Solving ODEs I, II.4) used by every adaptive integrator here.
    /// </summary>
    public double ErrorNorm(double[] y, double[] yNew, double[] err)
    {
        int n = y.Length;
        double sum = 0;
        for (int m = 0; m < n; m++)
        {
            double sc = AbsTolAt(m) + RelTol * Math.Max(Math.Abs(y[m]), Math.Abs(yNew[m]));
            double r = err[m] / sc;
            sum += r * r;
        }
        return Math.Sqrt(sum / n);
    }

    /// <summary>
    /// Local decay rates L_i = F_i/y_i where |y_i| exceeds its absolute tolerance (0 elsewhere and where not finite):
    /// the diagonal linear part the exponential integrators use when the system supplies none.
    /// </summary>
    public void LocalRates(double[] y, double[] f, double[] l)
    {
        for (int i = 0; i < y.Length; i++)
        {
            double r = Math.Abs(y[i]) > AbsTolAt(i) ? f[i] / y[i] : 0;
            l[i] = double.IsFinite(r) ? r : 0;
        }
    }

    /// <summary>
    /// Fits the trial step <paramref name="h"/> to the <paramref name="remaining"/> time (landing on the target, not leaving a
    /// sliver) and returns whether it is the last step; throws when a step that is not the last falls below MinStep
    /// (<paramref name="nonFinite"/>: the last rejection was for NaN or Inf in the stages; <paramref name="cause"/> names
    /// the likely reason of a collapse in the message).
    /// </summary>
    public bool FitStep(ref double h, double remaining, IntegratorState s, bool nonFinite, string cause)
    {
        bool last = false;
        if (h >= remaining) { h = remaining; last = true; }
        else if (h > 0.5 * remaining && remaining - h < 1e-3 * h) { h = remaining; last = true; }
        if (h < MinStep && !last)
            throw nonFinite
                ? new NumericalFailureException("right-hand side", s.Time, s.Accepted,
                    $"NaN or Inf in the stages at every step size down to {h:E3} (minimum {MinStep:E3})")
                : new NumericalFailureException("step size", s.Time, s.Accepted,
                    $"step size {h:E3} fell below the minimum {MinStep:E3} ({cause})");
        return last;
    }

    public void Validate()
    {
        Require.Positive("rtol", RelTol);
        Require.Positive("atol", AbsTol);
        if (!(MaxStep > 0)) throw new InvalidInputException("max_step", Require.Fmt(MaxStep), "must be > 0");
        Require.Positive("min_step", MinStep);
    }
}

/// <summary>
/// The resumable state of an adaptive integration: time, solution, next step size and the controller memory.
/// Saving and restoring it exactly (doubles round-trip) continues the integration bit for bit.
/// </summary>
public sealed class IntegratorState
{
    public double Time { get; set; }
    public double[] Y { get; set; } = [];
    /// <summary>Step size proposed for the next step (0: choose automatically).</summary>
    public double NextStep { get; set; }
    /// <summary>Error norm of the previous accepted step (PI controller memory).</summary>
    public double PreviousError { get; set; } = 1e-4;
    public long Accepted { get; set; }
    public long Rejected { get; set; }
    public long Evaluations { get; set; }

    public IntegratorState Clone() => new()
    {
        Time = Time, Y = (double[])Y.Clone(), NextStep = NextStep, PreviousError = PreviousError,
        Accepted = Accepted, Rejected = Rejected, Evaluations = Evaluations,
    };

    /// <summary>Overwrites this state with <paramref name="other"/> (same length of Y; no allocation).</summary>
    public void CopyFrom(IntegratorState other)
    {
        if (Y.Length != other.Y.Length) Y = new double[other.Y.Length];
        Array.Copy(other.Y, Y, Y.Length);
        Time = other.Time; NextStep = other.NextStep; PreviousError = other.PreviousError;
        Accepted = other.Accepted; Rejected = other.Rejected; Evaluations = other.Evaluations;
    }
}

/// <summary>
/// Explicit embedded Runge–Kutta integration with error control (PI step-size controller,
/// Hairer–Wanner's RMS error norm). Linear invariants of the right-hand side are preserved exactly
/// by every Runge–Kutta method; the error estimate never alters the accepted solution.
/// </summary>
public sealed class AdaptiveRungeKutta : IAdaptiveIntegrator
{
    private readonly ButcherTableau _tab;
    private readonly IOdeSystem _sys;
    private readonly StepControl _ctl;
    private readonly double[][] _k;
    private readonly double[] _stage;
    private readonly double[] _yNew;
    private readonly double[] _err;
    private bool _fsalValid;

    public AdaptiveRungeKutta(ButcherTableau tableau, IOdeSystem system, StepControl control)
    {
        control.Validate();
        _tab = tableau; _sys = system; _ctl = control;
        int n = system.Dimension;
        if (control.AbsScale is { } sc && sc.Length != n) throw new ArgumentException("AbsScale length must equal the dimension");
        _k = new double[tableau.Stages][];
        for (int i = 0; i < _k.Length; i++) _k[i] = new double[n];
        _stage = new double[n];
        _yNew = new double[n];
        _err = new double[n];
    }

    public ButcherTableau Tableau => _tab;

    /// <summary>The tableau's name, recorded in checkpoints.</summary>
    public string Name => _tab.Name;

    /// <summary>Called after each accepted step with the state (read-only use).</summary>
    public event Action<IntegratorState>? StepAccepted;

    /// <summary>
    /// Advances <paramref name="s"/> to <paramref name="tEnd"/> (landing on it exactly).
    /// Throws <see cref="NumericalFailureException"/> on NaN/Inf or step-size collapse; the state is then
    /// the last accepted one.
    /// </summary>
    public void Integrate(IntegratorState s, double tEnd, CancellationToken cancel = default)
    {
        if (s.Y.Length != _sys.Dimension) throw new ArgumentException("state dimension mismatch");
        _fsalValid = false;
        while (s.Time < tEnd)
        {
            cancel.ThrowIfCancellationRequested();
            Step(s, tEnd);
        }
    }

    /// <summary>
    /// Forgets the first-same-as-last stage, so the next step evaluates the right-hand side afresh (as
    /// <see cref="Integrate"/> does on entry; call it when the state was changed from outside).
    /// </summary>
    public void Restart() => _fsalValid = false;

    /// <summary>Takes one accepted step not beyond <paramref name="tEnd"/>.</summary>
    public void Step(IntegratorState s, double tEnd)
    {
        int n = _sys.Dimension;
        var y = s.Y;
        if (!_fsalValid)
        {
            _sys.Evaluate(s.Time, y, _k[0]);
            s.Evaluations++;
            CheckFinite(_k[0], s, "right-hand side");
            _fsalValid = true;
        }
        double h = s.NextStep > 0 ? s.NextStep : InitialStep(s);
        h = Math.Min(h, _ctl.MaxStep);
        int q = Math.Min(_tab.Order, _tab.EmbeddedOrder) + 1; // exponent of the error estimate
        double alpha = 0.7 / q, beta = 0.4 / q;                 // PI controller (Hairer–Wanner II, IV.2)
        bool nonFinite = false; // the last rejection was caused by NaN/Inf (overflow at a too large step, or a broken right-hand side)
        while (true)
        {
            bool last = _ctl.FitStep(ref h, tEnd - s.Time, s, nonFinite, "stiffness or a singularity");

            for (int i = 1; i < _tab.Stages; i++)
            {
                var ai = _tab.A[i];
                for (int m = 0; m < n; m++)
                {
                    double acc = 0;
                    for (int j = 0; j < i; j++) acc += ai[j] * _k[j][m];
                    _stage[m] = y[m] + h * acc;
                }
                _sys.Evaluate(s.Time + _tab.C[i] * h, _stage, _k[i]);
                s.Evaluations++;
            }
            // New solution: for FSAL pairs the last stage input equals it (same arithmetic).
            if (_tab.Fsal) Array.Copy(_stage, _yNew, n);
            else
            {
                for (int m = 0; m < n; m++)
                {
                    double acc = 0;
                    for (int j = 0; j < _tab.Stages; j++) acc += _tab.B[j] * _k[j][m];
                    _yNew[m] = y[m] + h * acc;
                }
            }
            double errNorm = ErrorNorm(y, h);
            if (double.IsFinite(errNorm) && errNorm <= 1.0)
            {
                if (!AllFinite(_yNew)) throw new NumericalFailureException("solution", s.Time + h, s.Accepted, "NaN or Inf in the new state");
                double fac = errNorm == 0 ? _ctl.MaxFactor
                    : _ctl.Safety * Math.Pow(errNorm, -alpha) * Math.Pow(s.PreviousError, beta);
                fac = Math.Clamp(fac, _ctl.MinFactor, _ctl.MaxFactor);
                s.PreviousError = Math.Max(errNorm, 1e-4);
                s.Time = last ? tEnd : s.Time + h;
                Array.Copy(_yNew, y, n);
                s.Accepted++;
                // Keep the proposal independent of a final clipped step, so that output times do not perturb it.
                double proposal = h * fac;
                s.NextStep = last && s.NextStep > h ? Math.Max(s.NextStep, proposal) : proposal;
                if (_tab.Fsal)
                {
                    (_k[0], _k[^1]) = (_k[^1], _k[0]);
                    _fsalValid = true;
                }
                else _fsalValid = false;
                StepAccepted?.Invoke(s);
                return;
            }
            s.Rejected++;
            nonFinite = !double.IsFinite(errNorm);
            double shrink = double.IsFinite(errNorm)
                ? Math.Max(_ctl.MinFactor, _ctl.Safety * Math.Pow(errNorm, -1.0 / q))
                : _ctl.MinFactor;
            h *= shrink;
            s.NextStep = h;
        }
    }

    private double ErrorNorm(double[] y, double h)
    {
        int n = y.Length;
        var e = _tab.E;
        var absScale = _ctl.AbsScale;
        double sum = 0;
        for (int m = 0; m < n; m++)
        {
            double acc = 0;
            for (int j = 0; j < _tab.Stages; j++) acc += e[j] * _k[j][m];
            double err = h * acc;
            double atol = absScale is null ? _ctl.AbsTol : _ctl.AbsTol * absScale[m];
            double sc = atol + _ctl.RelTol * Math.Max(Math.Abs(y[m]), Math.Abs(_yNew[m]));
            double r = err / sc;
            sum += r * r;
        }
        return Math.Sqrt(sum / n);
    }

    /// <summary>Hairer–Wanner's starting step (Solving ODEs I, II.4).</summary>
    private double InitialStep(IntegratorState s)
    {
        int n = _sys.Dimension;
        var y = s.Y;
        double d0 = 0, d1 = 0;
        for (int m = 0; m < n; m++)
        {
            double atol = _ctl.AbsTolAt(m);
            double sc = atol + _ctl.RelTol * Math.Abs(y[m]);
            d0 += (y[m] / sc) * (y[m] / sc);
            d1 += (_k[0][m] / sc) * (_k[0][m] / sc);
        }
        d0 = Math.Sqrt(d0 / n); d1 = Math.Sqrt(d1 / n);
        double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
        h0 = Math.Min(h0, _ctl.MaxStep);
        for (int m = 0; m < n; m++) _stage[m] = y[m] + h0 * _k[0][m];
        var f1 = _err;
        _sys.Evaluate(s.Time + h0, _stage, f1);
        s.Evaluations++;
        double d2 = 0;
        for (int m = 0; m < n; m++)
        {
            double atol = _ctl.AbsTolAt(m);
            double sc = atol + _ctl.RelTol * Math.Abs(y[m]);
            double r = (f1[m] - _k[0][m]) / sc;
            d2 += r * r;
        }
        d2 = Math.Sqrt(d2 / n) / h0;
        double h1 = Math.Max(d1, d2) <= 1e-15 ? Math.Max(1e-6, h0 * 1e-3)
            : Math.Pow(0.01 / Math.Max(d1, d2), 1.0 / (_tab.Order + 1));
        return Math.Min(Math.Min(100 * h0, h1), _ctl.MaxStep);
    }

    private static bool AllFinite(ReadOnlySpan<double> v)
    {
        foreach (var x in v) if (!double.IsFinite(x)) return false;
        return true;
    }

    private static void CheckFinite(ReadOnlySpan<double> v, IntegratorState s, string what)
    {
        if (!AllFinite(v)) throw new NumericalFailureException(what, s.Time, s.Accepted, "NaN or Inf");
    }
}
