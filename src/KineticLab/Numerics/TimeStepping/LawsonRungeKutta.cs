namespace KineticLab.Numerics.TimeStepping;

/// <summary>
/// Lawson (integrating-factor) Runge–Kutta with error control: an embedded explicit pair (<see cref="ButcherTableau"/>, e.g.
/// Dormand–Prince 5(4)) applied to <c>v = e^{−(t − t_n)L} y</c>, with a diagonal L frozen over the step and recomputed at the
/// start of the next (the same choices as <see cref="EtdRungeKutta"/>). In y:
/// <c>Y_i = e^{c_i hL} y + h Σ_j a_ij e^{(c_i − c_j)hL} N_j</c>, <c>y_{n+1} = e^{hL} y + h Σ_i b_i e^{(1 − c_i)hL} N_i</c>,
/// <c>N_j = F(t + c_j h, Y_j) − L Y_j</c>, the error estimate with b − b̂. Where F ≈ λ(t)y with a large, slowly varying
/// rate (the gain-only KWE at large ω), N carries only the variation of λ times y and the transformed problem is smooth,
/// so the steps follow the variation of λ, not λ itself; ETD's polynomial interpolation of N (whose values carry the factor
/// e^{λs}) does not have this property. For decay towards a slow manifold (F ≈ 0 while ∂F/∂y ≪ 0) prefer
/// <see cref="EtdRungeKutta"/> with the Jacobian diagonal. Evaluations per step: the pair's stages, less one when its last
/// stage is at the new solution (first same as last: F there is computed anyway for the next L).
/// </summary>
public sealed class LawsonRungeKutta : IAdaptiveIntegrator
{
    private readonly ButcherTableau _tab;
    private readonly IOdeSystem _sys;
    private readonly StepControl _ctl;
    private readonly EtdLinearPart _mode;
    private readonly double[] _f0, _l, _stage, _yNew, _err;
    private readonly double[][] _k;   // N_j
    private bool _f0Valid;

    public LawsonRungeKutta(ButcherTableau tableau, IOdeSystem system, StepControl control, EtdLinearPart linearPart = EtdLinearPart.LocalRate)
    {
        control.Validate();
        if (linearPart == EtdLinearPart.JacobianDiagonal)
            throw new ArgumentException("the Lawson integrator takes the local rates or the system's linear part", nameof(linearPart));
        if (linearPart == EtdLinearPart.System && system is not IDiagonalLinearPart)
            throw new ArgumentException("the system does not provide a linear part (IDiagonalLinearPart)", nameof(linearPart));
        _tab = tableau; _sys = system; _ctl = control; _mode = linearPart;
        int n = system.Dimension;
        if (control.AbsScale is { } sc && sc.Length != n) throw new ArgumentException("AbsScale length must equal the dimension");
        _f0 = new double[n]; _l = new double[n]; _stage = new double[n]; _yNew = new double[n]; _err = new double[n];
        _k = new double[tableau.Stages][];
        for (int i = 0; i < _k.Length; i++) _k[i] = new double[n];
    }

    public string Name => "lawson-" + _tab.Name;

    public event Action<IntegratorState>? StepAccepted;

    public void Restart() => _f0Valid = false;

    public void Integrate(IntegratorState s, double tEnd, CancellationToken cancel = default)
    {
        if (s.Y.Length != _sys.Dimension) throw new ArgumentException("state dimension mismatch");
        _f0Valid = false;
        while (s.Time < tEnd)
        {
            cancel.ThrowIfCancellationRequested();
            Step(s, tEnd);
        }
    }

    public void Step(IntegratorState s, double tEnd)
    {
        int n = _sys.Dimension;
        var y = s.Y;
        if (!_f0Valid)
        {
            _sys.Evaluate(s.Time, y, _f0);
            s.Evaluations++;
            if (!AllFinite(_f0)) throw new NumericalFailureException("right-hand side", s.Time, s.Accepted, "NaN or Inf");
            _f0Valid = true;
        }
        if (_mode == EtdLinearPart.System) ((IDiagonalLinearPart)_sys).LinearPart(s.Time, y, _f0, _l);
        else _ctl.LocalRates(y, _f0, _l);
        for (int i = 0; i < n; i++) _k[0][i] = _f0[i] - _l[i] * y[i];

        double h = s.NextStep > 0 ? s.NextStep : InitialStep(s);
        h = Math.Min(h, _ctl.MaxStep);
        int q = Math.Min(_tab.Order, _tab.EmbeddedOrder) + 1;
        double alpha = 0.7 / q, beta = 0.4 / q;
        bool nonFinite = false;
        int stages = _tab.Stages;
        var c = _tab.C;
        while (true)
        {
            bool last = _ctl.FitStep(ref h, tEnd - s.Time, s, nonFinite, "a singularity: blow-up");

            int lastStage = _tab.Fsal ? stages - 1 : stages;
            for (int i = 1; i < lastStage; i++)
            {
                var ai = _tab.A[i];
                for (int m = 0; m < n; m++)
                {
                    double lm = h * _l[m];
                    double acc = 0;
                    for (int j = 0; j < i; j++) if (ai[j] != 0) acc += ai[j] * Math.Exp((c[i] - c[j]) * lm) * _k[j][m];
                    _stage[m] = Math.Exp(c[i] * lm) * y[m] + h * acc;
                }
                _sys.Evaluate(s.Time + c[i] * h, _stage, _k[i]);
                s.Evaluations++;
                for (int m = 0; m < n; m++) _k[i][m] -= _l[m] * _stage[m];
            }
            var b = _tab.B;
            for (int m = 0; m < n; m++)
            {
                double lm = h * _l[m];
                double acc = 0;
                for (int j = 0; j < lastStage; j++) if (b[j] != 0) acc += b[j] * Math.Exp((1 - c[j]) * lm) * _k[j][m];
                _yNew[m] = Math.Exp(lm) * y[m] + h * acc;
            }
            bool finite = AllFinite(_yNew);
            double[]? fNew = null;
            if (finite && _tab.Fsal)
            {
                // last stage at the new solution: F there is also the next step's first evaluation
                fNew = _k[stages - 1];
                _sys.Evaluate(s.Time + h, _yNew, fNew);
                s.Evaluations++;
                finite = AllFinite(fNew);
                if (finite) for (int m = 0; m < n; m++) _stage[m] = fNew[m];   // keep F(y_{n+1})
                if (finite) for (int m = 0; m < n; m++) fNew[m] -= _l[m] * _yNew[m];
            }
            double errNorm = double.PositiveInfinity;
            if (finite)
            {
                var e = _tab.E;
                for (int m = 0; m < n; m++)
                {
                    double lm = h * _l[m];
                    double acc = 0;
                    for (int j = 0; j < stages; j++) if (e[j] != 0) acc += e[j] * Math.Exp((1 - c[j]) * lm) * _k[j][m];
                    _err[m] = h * acc;
                }
                errNorm = ErrorNorm(y, _yNew, _err);
            }
            if (double.IsFinite(errNorm) && errNorm <= 1.0)
            {
                double fac = errNorm == 0 ? _ctl.MaxFactor
                    : _ctl.Safety * Math.Pow(errNorm, -alpha) * Math.Pow(s.PreviousError, beta);
                fac = Math.Clamp(fac, _ctl.MinFactor, _ctl.MaxFactor);
                s.PreviousError = Math.Max(errNorm, 1e-4);
                s.Time = last ? tEnd : s.Time + h;
                Array.Copy(_yNew, y, n);
                s.Accepted++;
                double proposal = h * fac;
                s.NextStep = last && s.NextStep > h ? Math.Max(s.NextStep, proposal) : proposal;
                if (_tab.Fsal) { Array.Copy(_stage, _f0, n); _f0Valid = true; }
                else _f0Valid = false;
                StepAccepted?.Invoke(s);
                return;
            }
            s.Rejected++;
            nonFinite = !double.IsFinite(errNorm);
            double shrink = !nonFinite ? Math.Max(_ctl.MinFactor, _ctl.Safety * Math.Pow(errNorm, -1.0 / q)) : _ctl.MinFactor;
            h *= shrink;
            s.NextStep = h;
        }
    }

    /// <summary>One step of fixed size h without error control (for order measurements).</summary>
    public void StepFixed(IntegratorState s, double h)
    {
        var ctl = _ctl;
        var t0 = s.Time;
        s.NextStep = h;
        _f0Valid = false;
        // a step with an infinite tolerance is always accepted at the proposed size
        var loose = new LawsonRungeKutta(_tab, _sys, ctl with { RelTol = 1e300, AbsTol = 1e300, MinStep = 1e-300 }, _mode);
        loose.Step(s, t0 + h);
        s.Time = t0 + h;
    }

    private double ErrorNorm(double[] y, double[] yNew, double[] err) => _ctl.ErrorNorm(y, yNew, err);

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
            double fm = Math.Max(Math.Abs(_k[0][m]), 1e-3 * Math.Abs(_f0[m]));
            d1 += (fm / sc) * (fm / sc);
        }
        d0 = Math.Sqrt(d0 / n); d1 = Math.Sqrt(d1 / n);
        double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
        return Math.Min(h0, _ctl.MaxStep);
    }

    private static bool AllFinite(ReadOnlySpan<double> v)
    {
        foreach (var x in v) if (!double.IsFinite(x)) return false;
        return true;
    }
}
