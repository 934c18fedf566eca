using System.Diagnostics;
using System.Numerics;
using KineticLab.Numerics.Fft;

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
/// Measures an operator's evaluation time and the time of its transforms alone ("the floor"): the floor
/// replays the operator's transform sequence (per worker: per radial node 2 inverse per σ-pair and the forward
/// ones; then the serial ones) on the same transform object with the same worker partition. Each inverse
/// transform gets a fresh valid spectrum (FFTW's multi-dimensional c2r overwrites its input); the refresh
/// copies are excluded from the floor by timing every transform individually and summing per worker, the
/// floor being the serial part plus the slowest worker.
/// </summary>
public static class CollisionBenchmark
{
    public static CollisionTiming Measure(FastSpectralOperator op, ReadOnlySpan<double> f, int repetitions = 7)
    {
        if (repetitions < 1) throw new InvalidInputException("repetitions", repetitions.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be >= 1");
        var q = new double[f.Length];
        // Warm-up: tiered JIT promotes hot methods after 30 calls and a delay; run at least 3 calls and
        // until both 30 calls and 1.5 s have passed (at most 200 calls).
        var warm = Stopwatch.StartNew();
        for (int w = 0; w < 200 && (w < 3 || w < 30 || warm.Elapsed.TotalSeconds < 1.5); w++)
        {
            op.Collision(f, q);
            if (w >= 3 && warm.Elapsed.TotalSeconds > 20) break;
        }
        long before = op.FftExecutions;
        op.Collision(f, q);
        int ffts = (int)(op.FftExecutions - before);
        var evalTimes = new double[repetitions];
        var floorTimes = new double[repetitions];
        using var floor = new FftFloorReplay(op, f);
        warm.Restart();
        for (int w = 0; w < 200 && (w < 3 || w < 30 || warm.Elapsed.TotalSeconds < 1.5); w++)
        {
            floor.Run();
            if (w >= 3 && warm.Elapsed.TotalSeconds > 20) break;
        }
        // Interleave the two measurements so that both see the same machine load.
        for (int r = 0; r < repetitions; r++)
        {
            long t0 = Stopwatch.GetTimestamp();
            op.Collision(f, q);
            evalTimes[r] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            floorTimes[r] = floor.Run();
        }
        if (floor.Count != ffts)
            throw new InvalidOperationException($"floor replays {floor.Count} transforms, the operator executed {ffts}");
        return new CollisionTiming(Median(evalTimes), ffts, Median(floorTimes), repetitions);
    }

    private static double Median(double[] x)
    {
        var s = (double[])x.Clone();
        Array.Sort(s);
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }

}

/// <summary>
/// Replays the transform sequence of one evaluation of <see cref="FastSpectralOperator.Collision"/> (same kinds,
/// sizes, transform object and worker partition). <see cref="Run"/> returns the floor in milliseconds: every
/// transform timed individually (so the copies that give each inverse transform a fresh valid spectrum are
/// excluded), summed per worker; the serial part plus the slowest worker.
/// </summary>
public sealed class FftFloorReplay : IDisposable
{
        private readonly FastSpectralOperator _op;
        private readonly IFftNd _fft;
        private readonly AlignedBuffer<double> _real;
        private readonly AlignedBuffer<Complex> _pristine;
        private readonly AlignedBuffer<Complex>[] _cin;
        private readonly AlignedBuffer<double>[] _rout;
        private readonly AlignedBuffer<Complex>[] _cout;

        public FftFloorReplay(FastSpectralOperator op, ReadOnlySpan<double> f)
        {
            _op = op; _fft = op.Transform;
            _real = new AlignedBuffer<double>(_fft.RealLength);
            f.CopyTo(_real.Span);
            _pristine = new AlignedBuffer<Complex>(_fft.HalfLength);
            _fft.ForwardReal(_real.Span, _pristine.Span);
            var ps = _pristine.Span;
            double inv = 1.0 / _fft.RealLength;
            for (int i = 0; i < ps.Length; i++) ps[i] *= inv;
            int w = op.Threads;
            _cin = new AlignedBuffer<Complex>[w + 1];
            _rout = new AlignedBuffer<double>[w + 1];
            _cout = new AlignedBuffer<Complex>[w + 1];
            for (int i = 0; i <= w; i++) { _cin[i] = new(_fft.HalfLength); _rout[i] = new(_fft.RealLength); _cout[i] = new(_fft.HalfLength); }
        }

        public int Count { get; private set; }

        /// <summary>Returns the floor in milliseconds.</summary>
        public double Run()
        {
            int nw = _op.Threads, nr = _op.RadialRule.Count, pairs = _op.Sphere.AntipodalPairs()!.Length;
            bool iso = _op.IsIsotropic;
            var workerMs = new double[nw];
            var counts = new int[nw];
            Parallel.For(0, nw, new ParallelOptions { MaxDegreeOfParallelism = nw }, w =>
            {
                double ms = 0;
                int c = 0;
                for (int ir = w; ir < nr; ir += nw)
                {
                    for (int p = 0; p < pairs; p++)
                    {
                        for (int s = 0; s < 2; s++) { ms += C2R(w); c++; }
                        if (!iso) { ms += R2C(w); c++; }
                    }
                    if (iso) { ms += R2C(w); c++; }
                }
                workerMs[w] = ms; counts[w] = c;
            });
            // Serial part: forward transform of f, inverse for the loss convolution and for the gain.
            double serial = R2C(nw) + C2R(nw) + C2R(nw);
            Count = 3 + counts.Sum();
            return serial + workerMs.Max();
        }

        private double C2R(int slot)
        {
            _pristine.Span.CopyTo(_cin[slot].Span);
            long t0 = Stopwatch.GetTimestamp();
            _fft.BackwardReal(_cin[slot].Span, _rout[slot].Span);
            return Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }

        private double R2C(int slot)
        {
            long t0 = Stopwatch.GetTimestamp();
            _fft.ForwardReal(_real.Span, _cout[slot].Span);
            return Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
        }

        public void Dispose()
        {
            _real.Dispose(); _pristine.Dispose();
            foreach (var b in _cin) b.Dispose();
            foreach (var b in _rout) b.Dispose();
            foreach (var b in _cout) b.Dispose();
        }
    }
