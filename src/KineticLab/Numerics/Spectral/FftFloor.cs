using System.Diagnostics;
using System.Numerics;
using KineticLab.Numerics.Fft;

namespace KineticLab.Numerics.Spectral;

/// <summary>
/// The transforms of one operator evaluation by kind: the serial ones (before and after the parallel part) and, per
/// worker of the static partition, the ones each worker executes. Forward = real-to-complex, backward = complex-to-real.
/// </summary>
public sealed record TransformCounts(int SerialForward, int SerialBackward, int[] WorkerForward, int[] WorkerBackward)
{
    public int Total => SerialForward + SerialBackward + WorkerForward.Sum() + WorkerBackward.Sum();
}

/// <summary>Timing of one operator evaluation against its FFT floor, measured in the same process.</summary>
/// <param name="MsPerEvaluation">Median wall time of one evaluation.</param>
/// <param name="FftsPerEvaluation">Transforms per evaluation (counted by the transform object).</param>
/// <param name="MsFftFloor">Median wall time of the same transforms alone, with the same kinds, sizes and thread layout.</param>
/// <param name="Repetitions">Timed repetitions of each.</param>
public sealed record SpectralTiming(double MsPerEvaluation, int FftsPerEvaluation, double MsFftFloor, int Repetitions)
{
    /// <summary>Evaluation time over the FFT floor (1 = nothing but transforms).</summary>
    public double RatioToFloor => MsPerEvaluation / MsFftFloor;
}

/// <summary>
/// Replays the transform sequence of one evaluation (<see cref="TransformCounts"/>: same kinds, sizes, transform object and
/// worker partition). <see cref="Run"/> returns the floor in milliseconds: every transform timed individually (so the
/// copies that give each inverse transform a fresh valid spectrum — FFTW's multi-dimensional c2r overwrites its input —
/// are excluded), summed per worker; the serial part plus the slowest worker.
/// </summary>
public sealed class FftFloorReplay : IDisposable
{
    private readonly IFftNd _fft;
    private readonly TransformCounts _plan;
    private readonly AlignedBuffer<double> _real;
    private readonly AlignedBuffer<Complex> _pristine;
    private readonly AlignedBuffer<Complex>[] _cin;
    private readonly AlignedBuffer<double>[] _rout;
    private readonly AlignedBuffer<Complex>[] _cout;

    public FftFloorReplay(IFftNd fft, TransformCounts plan, ReadOnlySpan<double> sample)
    {
        _fft = fft; _plan = plan;
        _real = new AlignedBuffer<double>(_fft.RealLength);
        sample.CopyTo(_real.Span);
        _pristine = new AlignedBuffer<Complex>(_fft.HalfLength);
        _fft.ForwardReal(_real.Span, _pristine.Span);
        var ps = _pristine.Span;
        double inv = 1.0 / _fft.RealLength;
        for (int i = 0; i < ps.Length; i++) ps[i] *= inv;
        int w = plan.WorkerForward.Length;
        _cin = new AlignedBuffer<Complex>[w + 1];
        _rout = new AlignedBuffer<double>[w + 1];
        _cout = new AlignedBuffer<Complex>[w + 1];
        for (int i = 0; i <= w; i++) { _cin[i] = new(_fft.HalfLength); _rout[i] = new(_fft.RealLength); _cout[i] = new(_fft.HalfLength); }
    }

    /// <summary>Transforms replayed by the last <see cref="Run"/>.</summary>
    public int Count { get; private set; }

    /// <summary>Returns the floor in milliseconds.</summary>
    public double Run()
    {
        int nw = _plan.WorkerForward.Length;
        var workerMs = new double[nw];
        var counts = new int[nw];
        Parallel.For(0, nw, new ParallelOptions { MaxDegreeOfParallelism = nw }, w =>
        {
            double ms = 0;
            int c = 0;
            int nb = _plan.WorkerBackward[w], nf = _plan.WorkerForward[w];
            // interleave as the operators do: about nb/nf inverse transforms per forward one
            int ib = 0, iff = 0;
            while (ib < nb || iff < nf)
            {
                if (ib < nb && (iff >= nf || (long)ib * nf <= (long)iff * nb)) { ms += C2R(w); ib++; }
                else { ms += R2C(w); iff++; }
                c++;
            }
            workerMs[w] = ms; counts[w] = c;
        });
        double serial = 0;
        for (int i = 0; i < _plan.SerialForward; i++) serial += R2C(nw);
        for (int i = 0; i < _plan.SerialBackward; i++) serial += C2R(nw);
        Count = _plan.SerialForward + _plan.SerialBackward + counts.Sum();
        return serial + (nw > 0 ? workerMs.Max() : 0);
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

/// <summary>
/// Measures an operator's evaluation time and the time of its transforms alone (<see cref="FftFloorReplay"/>),
/// interleaved so that both see the same machine load, after a warm-up (tiered JIT promotes hot methods after 30 calls
/// and a delay: at least 3 calls and until both 30 calls and 1.5 s have passed, at most 200 calls or 20 s; two calls
/// when they take more than a minute, as at N = 64).
/// </summary>
public static class SpectralBenchmark
{
    public static SpectralTiming Measure(Action evaluate, IFftNd fft, TransformCounts plan, ReadOnlySpan<double> sample, int repetitions = 7)
    {
        if (repetitions < 1) throw new InvalidInputException("repetitions", repetitions.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be >= 1");
        Warm(evaluate);
        long before = fft.Executions;
        evaluate();
        int ffts = (int)(fft.Executions - before);
        var evalTimes = new double[repetitions];
        var floorTimes = new double[repetitions];
        using var floor = new FftFloorReplay(fft, plan, sample);
        Warm(() => floor.Run());
        for (int r = 0; r < repetitions; r++)
        {
            long t0 = Stopwatch.GetTimestamp();
            evaluate();
            evalTimes[r] = Stopwatch.GetElapsedTime(t0).TotalMilliseconds;
            floorTimes[r] = floor.Run();
        }
        if (floor.Count != ffts)
            throw new InvalidOperationException($"floor replays {floor.Count} transforms, the operator executed {ffts}");
        return new SpectralTiming(Median(evalTimes), ffts, Median(floorTimes), repetitions);
    }

    private static void Warm(Action a)
    {
        var warm = Stopwatch.StartNew();
        for (int w = 0; w < 200 && (w < 3 || w < 30 || warm.Elapsed.TotalSeconds < 1.5); w++)
        {
            a();
            if ((w >= 3 || w >= 1 && warm.Elapsed.TotalSeconds > 60) && warm.Elapsed.TotalSeconds > 20) break;
        }
    }

    public static double Median(double[] x)
    {
        var s = (double[])x.Clone();
        Array.Sort(s);
        return s.Length % 2 == 1 ? s[s.Length / 2] : 0.5 * (s[s.Length / 2 - 1] + s[s.Length / 2]);
    }
}
