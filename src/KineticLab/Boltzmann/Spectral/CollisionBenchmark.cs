using KineticLab.Numerics.Spectral;

namespace KineticLab.Boltzmann.Spectral;

/// <summary>Timing of one evaluation of Q(f, f) against its FFT floor, measured in the same process.</summary>
/// <param name="MsPerEvaluation">Median wall time of one evaluation.</param>
/// <param name="FftsPerEvaluation">Transforms per evaluation (counted by the transform object).</param>
/// <param name="MsFftFloor">Median wall time of the same transforms alone, with the same kinds, sizes and thread layout.</param>
/// <param name="Repetitions">Timed repetitions of each.</param>
public sealed record CollisionTiming(double MsPerEvaluation, int FftsPerEvaluation, double MsFftFloor, int Repetitions)
{
    /// <summary>Evaluation time over the FFT floor (1 = nothing but transforms).</summary>
    public double RatioToFloor => MsPerEvaluation / MsFftFloor;
}

/// <summary>
/// Measures an operator's evaluation time and the time of its transforms alone ("the floor") with the shared
/// <see cref="SpectralBenchmark"/> of <c>Numerics/Spectral</c>: the floor replays the operator's transform sequence
/// (<see cref="FastSpectralOperator.TransformPlan"/>: per worker, per radial node 2 inverse per σ-pair and the forward
/// ones; then the serial ones) on the same transform object with the same worker partition, every transform timed
/// individually (the buffer refresh FFTW's destructive c2r needs is excluded), the floor being the serial part plus the
/// slowest worker.
/// </summary>
public static class CollisionBenchmark
{
    public static CollisionTiming Measure(FastSpectralOperator op, ReadOnlySpan<double> f, int repetitions = 7)
    {
        var input = f.ToArray();
        var q = new double[f.Length];
        var t = SpectralBenchmark.Measure(() => op.Collision(input, q), op.Transform, op.TransformPlan, input, repetitions);
        return new CollisionTiming(t.MsPerEvaluation, t.FftsPerEvaluation, t.MsFftFloor, t.Repetitions);
    }
}

/// <summary>
/// Replays the transform sequence of one evaluation of <see cref="FastSpectralOperator.Collision"/> (same kinds, sizes,
/// transform object and worker partition); <see cref="Run"/> returns the floor in milliseconds. A thin front for the
/// shared <see cref="Numerics.Spectral.FftFloorReplay"/>.
/// </summary>
public sealed class FftFloorReplay : IDisposable
{
    private readonly Numerics.Spectral.FftFloorReplay _replay;

    public FftFloorReplay(FastSpectralOperator op, ReadOnlySpan<double> f) => _replay = new(op.Transform, op.TransformPlan, f);

    /// <summary>Transforms replayed by the last <see cref="Run"/>.</summary>
    public int Count => _replay.Count;

    /// <summary>Returns the floor in milliseconds.</summary>
    public double Run() => _replay.Run();

    public void Dispose() => _replay.Dispose();
}
