namespace KineticLab.Numerics.TimeStepping;

/// <summary>How <see cref="EtdRungeKutta"/> chooses the diagonal linear part L of a step.</summary>
public enum EtdLinearPart
{
    /// <summary>
    /// The local rates L_i = F_i(y_n)/y_{n,i} at the start of the step (0 where |y_i| is below its absolute tolerance):
    /// a component that grows or decays like e^{λ_i t} with slowly varying λ_i is integrated exactly, whatever hλ_i.
    /// </summary>
    LocalRate,
    /// <summary>
    /// The diagonal of the Jacobian, ∂F_i/∂y_i, by forward differences (one evaluation of F per component, so N evaluations),
    /// refreshed every <see cref="EtdRungeKutta.RefreshInterval"/> accepted steps: captures stiffness that is diagonal
    /// (decay towards a slow manifold, where F_i/y_i does not).
    /// </summary>
    JacobianDiagonal,
    /// <summary>The system's own <see cref="IDiagonalLinearPart"/> (required).</summary>
    System,
}

/// <summary>
/// Exponential time differencing with error control: Cox–Matthews' ETD3RK (order 3) with an embedded order-2 solution from
/// the same stages, for <c>y' = L y + N(t, y)</c> with a diagonal L frozen over each step and recomputed at the start of the
/// next. The linear part is integrated exactly (φ-functions of hL, elementwise), so steps are limited by how fast N and L
/// change, not by |hL|: stiff decay and fast exponential growth (the gain-only KWE at large ω, whose modes grow like
/// e^{c ω^{2β−1/2} t}) cost nothing. With L = 0 the method is Kutta's third-order Runge–Kutta.
/// <para>Stages (c = 0, ½, 1; z = hL; N₀ = N(t, y)):
/// <c>a = e^{z/2}y + (h/2)φ₁(z/2)N₀</c>, <c>b = e^{z}y + hφ₁(z)(2N_a − N₀)</c>,
/// <c>y₃ = e^{z}y + h[(φ₁ − 3φ₂ + 4φ₃)N₀ + (4φ₂ − 8φ₃)N_a + (4φ₃ − φ₂)N_b]</c>,
/// <c>y₂ = e^{z}y + h[(φ₁ − 2φ₂)N₀ + 2φ₂N_a]</c>; the error estimate is y₃ − y₂ and the step continues with y₃.</para>
/// Three evaluations of F per step (F at the new solution is reused as the next step's first). The same contract as
/// <see cref="AdaptiveRungeKutta"/>: <see cref="IntegratorState"/>, <see cref="StepControl"/> (RMS norm, PI controller),
/// <see cref="Step"/> and <see cref="Restart"/>, <see cref="NumericalFailureException"/> on collapse.
/// </summary>
public sealed class EtdRungeKutta : IAdaptiveIntegrator
{
    private readonly IOdeSystem _sys;
    private readonly StepControl _ctl;
    private readonly EtdLinearPart _mode;
    private readonly double[] _f0, _l, _n0, _a, _na, _b, _nb, _y3, _err;
    private bool _f0Valid;

    public EtdRungeKutta(IOdeSystem system, StepControl control, EtdLinearPart linearPart = EtdLinearPart.LocalRate)
    {
        control.Validate();
        _sys = system; _ctl = control; _mode = linearPart;
        if (linearPart == EtdLinearPart.System && system is not IDiagonalLinearPart)
            throw new ArgumentException("the system does not provide a linear part (IDiagonalLinearPart)", nameof(linearPart));
        int n = system.Dimension;
        if (control.AbsScale is { } sc && sc.Length != n) throw new ArgumentException("AbsScale length must equal the dimension");
        _f0 = new double[n]; _l = new double[n]; _n0 = new double[n]; _a = new double[n]; _na = new double[n];
        _b = new double[n]; _nb = new double[n]; _y3 = new double[n]; _err = new double[n];
    }

    public string Name => _mode switch { EtdLinearPart.LocalRate => "etd3", EtdLinearPart.JacobianDiagonal => "etd3-jacobian", _ => "etd3-system" };

    /// <summary>For <see cref="EtdLinearPart.JacobianDiagonal"/>: accepted steps between two recomputations of the diagonal.</summary>
    public int RefreshInterval { get; init; } = 1;

    /// <summary>Evaluations of F spent on the linear part (the Jacobian diagonal), included in <see cref="IntegratorState.Evaluations"/>.</summary>
    public long LinearPartEvaluations { get; private set; }

    private long _lastRefresh;
    private bool _haveDiagonal;
    private double[]? _probe, _fp;
    public int Order => 3;

    /// <summary>The linear part of the last step (read-only use).</summary>
    public ReadOnlySpan<double> LinearPart => _l;

    /// <summary>Called after each accepted step.</summary>
    public event Action<IntegratorState>? StepAccepted;

    public void Restart() { _f0Valid = false; _haveDiagonal = false; }

    /// <summary>Advances to <paramref name="tEnd"/> (landing on it exactly).</summary>
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

    /// <summary>Takes one accepted step not beyond <paramref name="tEnd"/>.</summary>
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
        ComputeLinearPart(s, y);
        for (int i = 0; i < n; i++) _n0[i] = _f0[i] - _l[i] * y[i];

        double h = s.NextStep > 0 ? s.NextStep : InitialStep(s);
        h = Math.Min(h, _ctl.MaxStep);
        const int q = 3;
        double alpha = 0.7 / q, beta = 0.4 / q;
        bool nonFinite = false;
        while (true)
        {
            bool last = _ctl.FitStep(ref h, tEnd - s.Time, s, nonFinite, "a singularity: blow-up");

            for (int i = 0; i < n; i++)
            {
                double zh = 0.5 * h * _l[i];
                _a[i] = Math.Exp(zh) * y[i] + 0.5 * h * Phi1(zh) * _n0[i];
            }
            _sys.Evaluate(s.Time + 0.5 * h, _a, _na);
            s.Evaluations++;
            for (int i = 0; i < n; i++)
            {
                _na[i] -= _l[i] * _a[i];
                double z = h * _l[i];
                _b[i] = Math.Exp(z) * y[i] + h * Phi1(z) * (2 * _na[i] - _n0[i]);
            }
            _sys.Evaluate(s.Time + h, _b, _nb);
            s.Evaluations++;
            for (int i = 0; i < n; i++)
            {
                _nb[i] -= _l[i] * _b[i];
                double z = h * _l[i];
                var (p1, p2, p3) = Phis(z);
                double ez = Math.Exp(z) * y[i];
                _y3[i] = ez + h * ((p1 - 3 * p2 + 4 * p3) * _n0[i] + (4 * p2 - 8 * p3) * _na[i] + (4 * p3 - p2) * _nb[i]);
                _err[i] = h * ((4 * p3 - p2) * _n0[i] + (2 * p2 - 8 * p3) * _na[i] + (4 * p3 - p2) * _nb[i]);
            }
            double errNorm = ErrorNorm(y, _y3, _err);
            if (double.IsFinite(errNorm) && errNorm <= 1.0 && AllFinite(_y3))
            {
                double fac = errNorm == 0 ? _ctl.MaxFactor
                    : _ctl.Safety * Math.Pow(errNorm, -alpha) * Math.Pow(s.PreviousError, beta);
                fac = Math.Clamp(fac, _ctl.MinFactor, _ctl.MaxFactor);
                s.PreviousError = Math.Max(errNorm, 1e-4);
                s.Time = last ? tEnd : s.Time + h;
                Array.Copy(_y3, y, n);
                s.Accepted++;
                double proposal = h * fac;
                s.NextStep = last && s.NextStep > h ? Math.Max(s.NextStep, proposal) : proposal;
                // F at the new solution: the next step's first evaluation
                _sys.Evaluate(s.Time, y, _f0);
                s.Evaluations++;
                _f0Valid = AllFinite(_f0);
                if (!_f0Valid) throw new NumericalFailureException("right-hand side", s.Time, s.Accepted, "NaN or Inf at the new state");
                StepAccepted?.Invoke(s);
                return;
            }
            s.Rejected++;
            nonFinite = !double.IsFinite(errNorm) || !AllFinite(_y3);
            double shrink = double.IsFinite(errNorm) && !nonFinite
                ? Math.Max(_ctl.MinFactor, _ctl.Safety * Math.Pow(errNorm, -1.0 / q))
                : _ctl.MinFactor;
            h *= shrink;
            s.NextStep = h;
        }
    }

    /// <summary>
    /// One step of fixed size <paramref name="h"/> without error control (for convergence-order measurements); returns the
    /// RMS of the embedded error estimate, unscaled.
    /// </summary>
    public double StepFixed(IntegratorState s, double h)
    {
        int n = _sys.Dimension;
        var y = s.Y;
        _sys.Evaluate(s.Time, y, _f0);
        s.Evaluations++;
        _haveDiagonal = false;
        ComputeLinearPart(s, y);
        for (int i = 0; i < n; i++) _n0[i] = _f0[i] - _l[i] * y[i];
        for (int i = 0; i < n; i++)
        {
            double zh = 0.5 * h * _l[i];
            _a[i] = Math.Exp(zh) * y[i] + 0.5 * h * Phi1(zh) * _n0[i];
        }
        _sys.Evaluate(s.Time + 0.5 * h, _a, _na);
        for (int i = 0; i < n; i++)
        {
            _na[i] -= _l[i] * _a[i];
            double z = h * _l[i];
            _b[i] = Math.Exp(z) * y[i] + h * Phi1(z) * (2 * _na[i] - _n0[i]);
        }
        _sys.Evaluate(s.Time + h, _b, _nb);
        s.Evaluations += 2;
        double e2 = 0;
        for (int i = 0; i < n; i++)
        {
            _nb[i] -= _l[i] * _b[i];
            double z = h * _l[i];
            var (p1, p2, p3) = Phis(z);
            double err = h * ((4 * p3 - p2) * _n0[i] + (2 * p2 - 8 * p3) * _na[i] + (4 * p3 - p2) * _nb[i]);
            y[i] = Math.Exp(z) * y[i] + h * ((p1 - 3 * p2 + 4 * p3) * _n0[i] + (4 * p2 - 8 * p3) * _na[i] + (4 * p3 - p2) * _nb[i]);
            e2 += err * err;
        }
        s.Time += h;
        s.Accepted++;
        _f0Valid = false;
        return Math.Sqrt(e2 / n);
    }

    private void ComputeLinearPart(IntegratorState s, double[] y)
    {
        int n = y.Length;
        double t = s.Time;
        if (_mode == EtdLinearPart.System)
        {
            ((IDiagonalLinearPart)_sys).LinearPart(t, y, _f0, _l);
            return;
        }
        var absScale = _ctl.AbsScale;
        if (_mode == EtdLinearPart.JacobianDiagonal)
        {
            if (_haveDiagonal && s.Accepted - _lastRefresh < RefreshInterval) return;
            _lastRefresh = s.Accepted;
            _haveDiagonal = true;
            _probe ??= new double[n];
            _fp ??= new double[n];
            for (int i = 0; i < n; i++)
            {
                Array.Copy(y, _probe, n);
                double atol = absScale is null ? _ctl.AbsTol : _ctl.AbsTol * absScale[i];
                double e = Math.Sqrt(2.2e-16) * Math.Max(Math.Abs(y[i]), atol / Math.Max(_ctl.RelTol, 1e-300));
                if (!(e > 0)) e = 1e-8;
                _probe[i] = y[i] + e;
                e = _probe[i] - y[i];
                _sys.Evaluate(t, _probe, _fp);
                s.Evaluations++;
                LinearPartEvaluations++;
                double d = (_fp[i] - _f0[i]) / e;
                _l[i] = double.IsFinite(d) ? d : 0;
            }
            return;
        }
        _ctl.LocalRates(y, _f0, _l);
    }

    private double ErrorNorm(double[] y, double[] yNew, double[] err) => _ctl.ErrorNorm(y, yNew, err);

    /// <summary>Hairer–Wanner's starting step for a method of order 3, applied to N (the part the exponential does not take exactly).</summary>
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
            double fm = Math.Max(Math.Abs(_n0[m]), 1e-3 * Math.Abs(_f0[m]));
            d1 += (fm / sc) * (fm / sc);
        }
        d0 = Math.Sqrt(d0 / n); d1 = Math.Sqrt(d1 / n);
        double h0 = d0 < 1e-5 || d1 < 1e-5 ? 1e-6 : 0.01 * d0 / d1;
        return Math.Min(h0, _ctl.MaxStep);
    }

    /// <summary>φ₁(z) = (e^z − 1)/z.</summary>
    public static double Phi1(double z) => Math.Abs(z) < 1e-5 ? 1 + z * (0.5 + z / 6) : SpecialFunctions.Expm1(z) / z;

    /// <summary>(φ₁, φ₂, φ₃)(z), φ_k(z) = Σ_j z^j/(j + k)!, by their series for |z| &lt; 0.5 and the recurrence φ_{k+1} = (φ_k − 1/k!)/z otherwise.</summary>
    public static (double P1, double P2, double P3) Phis(double z)
    {
        if (Math.Abs(z) < 0.5)
        {
            double p1 = 0, p2 = 0, p3 = 0, t1 = 1, t2 = 0.5, t3 = 1.0 / 6;   // z^j/(j+k)!
            for (int j = 0; j < 30; j++)
            {
                p1 += t1; p2 += t2; p3 += t3;
                if (Math.Abs(t1) < 1e-18) break;
                t1 *= z / (j + 2); t2 *= z / (j + 3); t3 *= z / (j + 4);
            }
            return (p1, p2, p3);
        }
        double e1 = SpecialFunctions.Expm1(z) / z;
        double e2 = (e1 - 1) / z;
        double e3 = (e2 - 0.5) / z;
        return (e1, e2, e3);
    }

    private static bool AllFinite(ReadOnlySpan<double> v)
    {
        foreach (var x in v) if (!double.IsFinite(x)) return false;
        return true;
    }
}
