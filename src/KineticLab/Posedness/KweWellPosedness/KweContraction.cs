using KineticLab.Numerics.Quadrature;
using KineticLab.Numerics.TimeStepping;
using KineticLab.Simulations;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Posedness.KweWellPosedness;

/// <summary>Parameters of the measurements on actual solutions (Theorem 2.6).</summary>
public sealed record KweContractionSpec
{
    public required double Beta { get; init; }
    /// <summary>The weight ⟨k⟩^M; the datum is R·⟨k⟩^{−M} = R(1 + ω)^{−M/2}.</summary>
    public double M { get; init; } = 8;
    public double R { get; init; } = 1;
    public CollisionPart Equation { get; init; } = CollisionPart.Full;
    public double OmegaMin { get; init; } = 1e-2;
    public double OmegaMax { get; init; } = 1e3;
    public int PointsPerOctave { get; init; } = 3;
    /// <summary>C₁ of (2.7) for the full operator (sum of the four pieces); computed (on the truncated manifold of the grid) when NaN.</summary>
    public double C1 { get; init; } = double.NaN;
    /// <summary>Chebyshev–Lobatto time nodes on [0, T] for the Picard map (K + 1 nodes).</summary>
    public int TimeNodes { get; init; } = 8;
    public int PicardIterations { get; init; } = 5;
    /// <summary>Times (fractions of T) at which the dense Jacobian is computed (2N evaluations each).</summary>
    public double[] JacobianTimes { get; init; } = [0, 0.5, 1];
    public double RelTol { get; init; } = 1e-10;
    /// <summary>Relative size of the data perturbations of the Lipschitz measurement.</summary>
    public double Epsilon { get; init; } = 1e-5;
    /// <summary>Degree of the grid interpolant (1: linear, positive weights; 5: the solver's default).</summary>
    public int Degree { get; init; } = 5;
    public bool ConservativeProjection { get; init; } = true;
    /// <summary>The horizon; T = 1/(8C₁R²) when NaN.</summary>
    public double Horizon { get; init; } = double.NaN;
    /// <summary>Skip the dense Jacobians and the Picard iteration (Lipschitz constants only).</summary>
    public bool LipschitzOnly { get; init; }

    public IsotropicSolveSpec SolveSpec(double tEnd) => new()
    {
        Beta = Beta,
        Equation = Equation,
        OmegaMin = OmegaMin,
        OmegaMax = OmegaMax,
        PointsPerOctave = PointsPerOctave,
        Degree = Degree,
        WeightExponent = 0.5 * M,
        TEnd = tEnd,
        Outputs = 1,
        RelTol = RelTol,
        AbsTol = RelTol * 1e-2,
        ConservativeProjection = ConservativeProjection && Equation == CollisionPart.Full,
    };
}

/// <summary>One perturbation direction of the data-to-solution map.</summary>
/// <param name="Direction">"top node", "random signs", "datum".</param>
/// <param name="Lipschitz">sup_{t ≤ T} ‖n(t; n⁰ + δ) − n(t; n⁰)‖ / ‖δ‖ (weighted sup norms on the grid nodes).</param>
/// <param name="AtT">The same ratio at t = T.</param>
public sealed record KweLipschitzDirection(string Direction, double Lipschitz, double AtT);

/// <summary>Result of <see cref="KweContraction.Run"/>.</summary>
/// <param name="C1">The constant used.</param>
/// <param name="T">T = 1/(8C₁R²) (or the given horizon).</param>
/// <param name="Times">The Chebyshev–Lobatto nodes on [0, T].</param>
/// <param name="NormRatio">‖⟨k⟩^M n(t)‖/R at the nodes (the ball B(2R) is ≤ 2).</param>
/// <param name="JacobianNorms">‖F′(n(t))‖ on the weighted sup norm at <see cref="KweContractionSpec.JacobianTimes"/>.</param>
/// <param name="LinearizedFactor">T·max_t ‖F′(n(t))‖: the contraction factor of the Picard map linearized along the solution (an upper bound for it).</param>
/// <param name="BallFactor">T·‖F′(2R w)‖: the same at the edge of the ball, f = 2R⟨k⟩^{−M}.</param>
/// <param name="PicardRatios">‖Φ^{k+1} − Φ^k‖/‖Φ^k − Φ^{k−1}‖ (sup over the time nodes of the weighted sup norm) for the iteration from n⁰.</param>
/// <param name="PicardDistance">sup_t ‖Φ^K(t) − n(t)‖/R: the last Picard iterate against the solver's solution.</param>
/// <param name="PrintedFactor">The seed's 4C₁R²T (= 1/2).</param>
/// <param name="CorrectedFactor">12C₁R²T (= 3/2): the factor the cubic difference actually costs, 3·C₁(2R)²T.</param>
public sealed record KweContractionResult(
    KweContractionSpec Spec,
    int Nodes,
    double C1,
    double T,
    double[] Times,
    double[] NormRatio,
    double[] JacobianNorms,
    double LinearizedFactor,
    double BallFactor,
    double[] PicardRatios,
    double PicardDistance,
    IReadOnlyList<KweLipschitzDirection> Lipschitz,
    double PrintedFactor,
    double CorrectedFactor,
    long Evaluations,
    double ElapsedSeconds);

/// <summary>
/// The well-posed side of the threshold on actual solutions: the existence time T = 1/(8C₁R²) of Theorem 2.6, the norm of the
/// solution on [0, T] (it must stay in B(2R)), the contraction factor of the Picard map Φ(f)(t) = f⁰ + ∫_0^t C[f] there (the
/// iteration's ratios, and the linearized factor T·‖F′‖ along the solution and at the edge of the ball), and the Lipschitz
/// constant of the data-to-solution map for a few perturbation directions. The grid is the solver's (IsotropicSolver) with
/// the interpolation weight α = M/2, so its weighted sup norm is exactly ‖⟨k⟩^M f‖ at the nodes.
/// </summary>
public static class KweContraction
{
    public static KweContractionResult Run(KweContractionSpec spec, IProgress<ProgressInfo>? progress = null, CancellationToken cancel = default)
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        double c1 = spec.C1;
        if (double.IsNaN(c1) && double.IsNaN(spec.Horizon))
            c1 = KweTrilinearConstants.Compute(new KweTrilinearConstantSpec(spec.Beta, spec.M, spec.OmegaMax, TruncatedManifold: true,
                OmegaMin: spec.OmegaMin, PointsPerDecade: 3), null, cancel).Sum;
        double r = spec.R;
        double tEnd = double.IsNaN(spec.Horizon) ? 1 / (8 * c1 * r * r) : spec.Horizon;
        var solver = new IsotropicSolver(spec.SolveSpec(tEnd));
        var grid = solver.Grid;
        int n = grid.N;
        var rho = grid.Rho;
        var datum = new KBracketDatum(spec.M);
        var y0 = grid.Sample(datum).Select(v => r * v).ToArray();

        // time nodes: Chebyshev–Lobatto on [0, T]
        int k = spec.TimeNodes;
        var times = Enumerable.Range(0, k + 1).Select(i => 0.5 * tEnd * (1 - Math.Cos(Math.PI * i / k))).ToArray();
        var sol = SolveAt(solver, y0, times, cancel);
        var normRatio = sol.Select(v => GridJacobian.WeightedSup(v, rho) / r).ToArray();
        long evals = 0;

        // linearized factor along the solution and at the edge of the ball
        var floor = rho.Select(p => 1e-3 * r / p).ToArray();
        var jacNorms = new List<double>();
        foreach (var frac in spec.LipschitzOnly ? [] : spec.JacobianTimes)
        {
            cancel.ThrowIfCancellationRequested();
            var yt = frac == 0 ? y0 : SolveAt(solver, y0, [frac * tEnd], cancel)[0];
            jacNorms.Add(GridJacobian.WeightedNorm(GridJacobian.Dense(solver, 0, yt, floor), rho));
            evals += 2 * n;
            progress?.Report(new ProgressInfo("Jacobians", jacNorms.Count, spec.JacobianTimes.Length + 1));
        }
        var edge = y0.Select(v => 2 * v).ToArray();
        double ballNorm = double.NaN;
        if (!spec.LipschitzOnly)
        {
            ballNorm = GridJacobian.WeightedNorm(GridJacobian.Dense(solver, 0, edge, floor), rho);
            evals += 2 * n;
        }

        // Picard iteration on the nodes, with the spectral integration matrix
        var s = IntegrationMatrix(times);
        var iterate = Enumerable.Range(0, k + 1).Select(_ => (double[])y0.Clone()).ToArray();
        var ratios = new List<double>();
        double prevDiff = double.NaN;
        var rhs = new double[k + 1][];
        for (int it = 0; it < (spec.LipschitzOnly ? 0 : spec.PicardIterations); it++)
        {
            cancel.ThrowIfCancellationRequested();
            for (int j = 0; j <= k; j++)
            {
                rhs[j] ??= new double[n];
                solver.Evaluate(times[j], iterate[j], rhs[j]);
                evals++;
            }
            double diff = 0;
            var next = new double[k + 1][];
            for (int i = 0; i <= k; i++)
            {
                next[i] = (double[])y0.Clone();
                for (int j = 0; j <= k; j++)
                {
                    double sij = s[i, j];
                    if (sij == 0) continue;
                    for (int m = 0; m < n; m++) next[i][m] += sij * rhs[j][m];
                }
                var d = new double[n];
                for (int m = 0; m < n; m++) d[m] = next[i][m] - iterate[i][m];
                diff = Math.Max(diff, GridJacobian.WeightedSup(d, rho));
            }
            if (it > 0) ratios.Add(diff / prevDiff);
            prevDiff = diff;
            iterate = next;
            progress?.Report(new ProgressInfo("Picard iterations", it + 1, spec.PicardIterations));
        }
        double picardDistance = spec.LipschitzOnly ? double.NaN : 0;
        for (int i = 0; i <= k && !spec.LipschitzOnly; i++)
        {
            var d = new double[n];
            for (int m = 0; m < n; m++) d[m] = iterate[i][m] - sol[i][m];
            picardDistance = Math.Max(picardDistance, GridJacobian.WeightedSup(d, rho) / r);
        }

        // Lipschitz constant of the data-to-solution map
        var lip = new List<KweLipschitzDirection>();
        var rng = new Random(15);
        var dirs = new (string Name, double[] Delta)[]
        {
            ("top node", Enumerable.Range(0, n).Select(j => j == n - 1 ? 1 / rho[j] : 0.0).ToArray()),
            ("random signs", Enumerable.Range(0, n).Select(j => (rng.Next(2) * 2 - 1) / rho[j]).ToArray()),
            ("datum", y0.Select(v => v / r).ToArray()),
        };
        foreach (var (name, delta) in dirs)
        {
            cancel.ThrowIfCancellationRequested();
            double dn = GridJacobian.WeightedSup(delta, rho);
            var yp = y0.Select((v, j) => v + spec.Epsilon * r * delta[j] / dn).ToArray();
            var solp = SolveAt(solver, yp, times, cancel);
            double best = 0, atT = 0;
            for (int i = 0; i <= k; i++)
            {
                var d = new double[n];
                for (int m = 0; m < n; m++) d[m] = solp[i][m] - sol[i][m];
                double ratio = GridJacobian.WeightedSup(d, rho) / (spec.Epsilon * r);
                best = Math.Max(best, ratio);
                if (i == k) atT = ratio;
            }
            lip.Add(new KweLipschitzDirection(name, best, atT));
        }
        double maxJ = jacNorms.Count > 0 ? jacNorms.Max() : double.NaN;
        return new KweContractionResult(spec, n, c1, tEnd, times, normRatio, jacNorms.ToArray(), tEnd * maxJ, tEnd * ballNorm,
            ratios.ToArray(), picardDistance, lip, 4 * c1 * r * r * tEnd, 12 * c1 * r * r * tEnd, evals, sw.Elapsed.TotalSeconds);
    }

    /// <summary>The grid solution from <paramref name="y0"/> at the given times (the solver's model and simulation loop).</summary>
    public static double[][] SolveAt(IsotropicSolver solver, double[] y0, double[] times, CancellationToken cancel = default)
    {
        var state = new IntegratorState { Time = 0, Y = (double[])y0.Clone() };
        var model = solver.CreateModel(state);
        var sim = new Simulation(model) { StopTime = times.Max() };
        sim.Guards.Add(Guard.MaxSteps(solver.Spec.MaxSteps));
        var writer = new MemoryWriter<(double T, double[] Y)>("snapshots", new SpecifiedTimes(times), x => (model.Time, (double[])model.State.Y.Clone()));
        sim.OutputWriters.Add(writer);
        var stop = sim.Run(cancel);
        if (!stop.Completed) throw new NumericalFailureException("solve", stop.Time, stop.Iteration, stop.Reason);
        return times.Select(t => writer.Values.First(v => Math.Abs(v.T - t) <= 1e-12 * Math.Max(1, Math.Abs(t))).Y).ToArray();
    }

    /// <summary>S[i, j] = ∫_0^{t_i} ℓ_j(s) ds for the Lagrange basis on the nodes (exact for polynomials of degree ≤ K).</summary>
    public static double[,] IntegrationMatrix(double[] t)
    {
        int k = t.Length;
        var s = new double[k, k];
        var gl = GaussLegendre.Get(Math.Max(8, k));
        for (int i = 1; i < k; i++)
        {
            double a = t[0], b = t[i], c = 0.5 * (a + b), h = 0.5 * (b - a);
            for (int q = 0; q < gl.N; q++)
            {
                double x = c + h * gl.Nodes[q], w = h * gl.Weights[q];
                for (int j = 0; j < k; j++)
                {
                    double l = 1;
                    for (int m = 0; m < k; m++) if (m != j) l *= (x - t[m]) / (t[j] - t[m]);
                    s[i, j] += w * l;
                }
            }
        }
        return s;
    }
}
