using MathNet.Numerics.LinearAlgebra;
using MathNet.Numerics.Optimization;

namespace KineticLab.Posedness.WellPosed;

/// <summary>One start of an adversarial search: where it began, the best value and point it reached, the evaluations.</summary>
public sealed record SearchStart(double[] Start, double StartValue, double[] Best, double BestValue, int Evaluations, bool Converged);

/// <summary>The result of <see cref="AdversarialSearch.Maximize"/>: the best value over all starts, its maximizer, every start.</summary>
public sealed record SearchResult(double BestValue, double[] Best, IReadOnlyList<SearchStart> Starts)
{
    /// <summary>How many starts ended within <paramref name="relTol"/> of the best value (a measure of how reproducible the maximum is).</summary>
    public int StartsNearBest(double relTol) => Starts.Count(s => Math.Abs(s.BestValue / BestValue - 1) <= relTol);
}

/// <summary>
/// Maximizes a ratio over a parameter box by Nelder–Mead (MathNet.Numerics <see cref="NelderMeadSimplex"/>) from random
/// starts. The parameters are unconstrained reals; the objective maps them into the admissible family itself (so a
/// family parameter that runs to the edge of its range shows as a maximizer at the edge). The best point seen is kept
/// even when a start stops on its iteration budget. Deterministic for a fixed seed (the objective is called serially).
/// </summary>
public static class AdversarialSearch
{
    public static SearchResult Maximize(Func<double[], double> objective, int dimension, int starts, int seed,
        Func<Random, double[]> start, double initialStep = 0.5, int maxIterations = 2000, double tolerance = 1e-10,
        CancellationToken cancel = default, IProgress<ProgressInfo>? progress = null)
    {
        var rng = new Random(seed);
        var list = new List<SearchStart>();
        double best = double.NegativeInfinity;
        double[] bestX = new double[dimension];
        for (int s = 0; s < starts; s++)
        {
            cancel.ThrowIfCancellationRequested();
            var x0 = start(rng);
            if (x0.Length != dimension) throw new ArgumentException("start has the wrong dimension");
            double localBest = double.NegativeInfinity;
            double[] localX = (double[])x0.Clone();
            int evals = 0;
            double F(Vector<double> v)
            {
                cancel.ThrowIfCancellationRequested();
                var x = v.ToArray();
                double y = objective(x);
                evals++;
                if (!double.IsFinite(y)) return double.MaxValue;
                if (y > localBest) { localBest = y; localX = x; }
                return -y;
            }
            double v0 = objective(x0);
            bool converged = true;
            try
            {
                var nm = new NelderMeadSimplex(tolerance, maxIterations);
                nm.FindMinimum(ObjectiveFunction.Value(F), Vector<double>.Build.DenseOfArray(x0),
                    Vector<double>.Build.Dense(dimension, initialStep));
            }
            catch (MaximumIterationsException) { converged = false; }
            list.Add(new SearchStart(x0, v0, localX, localBest, evals, converged));
            if (localBest > best) { best = localBest; bestX = localX; }
            progress?.Report(new ProgressInfo("search", s + 1, starts, $"start {s + 1}: {localBest:G8} (best {best:G8})"));
        }
        return new SearchResult(best, bestX, list);
    }

    /// <summary>Maps a real to (lo, hi) smoothly (a logistic), so that the search stays in the admissible range.</summary>
    public static double Squash(double x, double lo, double hi) => lo + (hi - lo) / (1 + Math.Exp(-x));
}
