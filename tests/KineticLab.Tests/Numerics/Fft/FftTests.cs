using System.Numerics;
using KineticLab.Numerics.Fft;
using Xunit;

namespace KineticLab.Tests.Numerics.Fft;

public class FftTests
{
    /// <summary>Naive d-dimensional DFT, the oracle: X_k = Σ_j x_j exp(sign·2πi j·k/n).</summary>
    internal static Complex[] NaiveDft(Complex[] x, int[] shape, int sign)
    {
        int total = x.Length, d = shape.Length;
        var result = new Complex[total];
        var jIdx = new int[d];
        var kIdx = new int[d];
        for (int k = 0; k < total; k++)
        {
            Unravel(k, shape, kIdx);
            Complex acc = 0;
            for (int j = 0; j < total; j++)
            {
                Unravel(j, shape, jIdx);
                double phase = 0;
                for (int a = 0; a < d; a++) phase += (double)(jIdx[a] * kIdx[a] % shape[a]) / shape[a];
                double ang = sign * 2 * Math.PI * phase;
                acc += x[j] * new Complex(Math.Cos(ang), Math.Sin(ang));
            }
            result[k] = acc;
        }
        return result;
    }

    private static void Unravel(int i, int[] shape, int[] idx)
    {
        for (int a = shape.Length - 1; a >= 0; a--) { idx[a] = i % shape[a]; i /= shape[a]; }
    }

    public static IEnumerable<object[]> Cases()
    {
        int[][] shapes = [[8], [6], [7], [4, 6], [5, 8], [4, 4, 4], [6, 4, 8], [3, 5, 6]];
        foreach (var s in shapes)
        {
            yield return [s, false];
            if (global::KineticLab.Numerics.Fft.Fft.NativeAvailable) yield return [s, true];
        }
    }

    private static IFftNd Make(int[] shape, bool native) =>
        native ? new FftwFftNd(shape, FftPlanning.Estimate) : new ManagedFftNd(shape);

    [Theory]
    [MemberData(nameof(Cases))]
    public void ComplexTransformsMatchNaiveDft(int[] shape, bool native)
    {
        using var fft = Make(shape, native);
        var rng = new Random(11);
        int n = fft.RealLength;
        var x = new Complex[n];
        for (int i = 0; i < n; i++) x[i] = new Complex(rng.NextDouble() - 0.5, rng.NextDouble() - 0.5);
        var fwd = new Complex[n];
        var bwd = new Complex[n];
        fft.Forward(x, fwd);
        fft.Backward(x, bwd);
        var refF = NaiveDft(x, shape, -1);
        var refB = NaiveDft(x, shape, +1);
        for (int i = 0; i < n; i++)
        {
            Assert.True((fwd[i] - refF[i]).Magnitude < 1e-12 * n, $"forward {i}");
            Assert.True((bwd[i] - refB[i]).Magnitude < 1e-12 * n, $"backward {i}");
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void RealTransformsMatchNaiveDftAndRoundTrip(int[] shape, bool native)
    {
        using var fft = Make(shape, native);
        var rng = new Random(5);
        int n = fft.RealLength, h = fft.HalfLength, last = shape[^1], hl = last / 2 + 1;
        var x = new double[n];
        for (int i = 0; i < n; i++) x[i] = rng.NextDouble() - 0.5;
        var half = new Complex[h];
        fft.ForwardReal(x, half);
        var full = NaiveDft(x.Select(v => new Complex(v, 0)).ToArray(), shape, -1);
        for (int r = 0; r < n / last; r++)
            for (int k = 0; k < hl; k++)
                Assert.True((half[r * hl + k] - full[r * last + k]).Magnitude < 1e-12 * n);
        var back = new double[n];
        fft.BackwardReal(half, back);
        for (int i = 0; i < n; i++) Assert.Equal(x[i] * n, back[i], 1e-11 * n);
    }

    [Fact]
    public void NativeAndManagedAgreeOnUnalignedSpans()
    {
        if (!global::KineticLab.Numerics.Fft.Fft.NativeAvailable) return;
        int[] shape = [8, 6, 10];
        using var a = new FftwFftNd(shape, FftPlanning.Estimate);
        using var b = new ManagedFftNd(shape);
        int n = a.RealLength;
        // Offset by one element so the span is not 64-byte aligned.
        var x = new double[n + 1];
        var rng = new Random(3);
        for (int i = 0; i < x.Length; i++) x[i] = rng.NextDouble();
        var ha = new Complex[a.HalfLength + 1];
        var hb = new Complex[a.HalfLength];
        a.ForwardReal(x.AsSpan(1), ha.AsSpan(1));
        b.ForwardReal(x.AsSpan(1), hb);
        for (int i = 0; i < hb.Length; i++) Assert.True((ha[i + 1] - hb[i]).Magnitude < 1e-11);
        Assert.Equal(1, a.Executions);
    }

    [Fact]
    public void ConcurrentExecutionGivesIdenticalResults()
    {
        using var fft = global::KineticLab.Numerics.Fft.Fft.Create([16, 16, 16], FftPlanning.Estimate);
        int n = fft.RealLength;
        // Aligned input and outputs throughout: FFTW picks a different (equally exact) algorithm for unaligned
        // arrays, so bitwise comparisons must keep the alignment fixed.
        using var xb = new AlignedBuffer<double>(n);
        var x = xb.Span;
        for (int i = 0; i < n; i++) x[i] = Math.Sin(0.37 * i) + 0.1 * Math.Cos(1.3 * i);
        using var refBuf = new AlignedBuffer<Complex>(fft.HalfLength);
        fft.ForwardReal(x, refBuf.Span);
        var reference = refBuf.Span.ToArray();
        var bad = 0;
        Parallel.For(0, 64, _ =>
        {
            using var buf = new AlignedBuffer<Complex>(fft.HalfLength);
            fft.ForwardReal(xb.Span, buf.Span);
            var s = buf.Span;
            for (int i = 0; i < s.Length; i++)
                if (s[i] != reference[i]) { Interlocked.Increment(ref bad); break; }
        });
        Assert.Equal(0, bad);
    }
}
