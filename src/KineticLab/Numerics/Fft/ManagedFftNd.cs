using System.Numerics;

namespace KineticLab.Numerics.Fft;

/// <summary>
/// Managed <see cref="IFftNd"/>: axis-by-axis 1-D transforms (iterative radix-2 for powers of two,
/// Bluestein's chirp-z algorithm otherwise). Used when FFTW is missing; slower but exact to round-off.
/// Real transforms go through the complex transform.
/// </summary>
public sealed class ManagedFftNd : IFftNd
{
    private readonly int[] _shape;
    private readonly Fft1D[] _axes;
    private long _executions;

    public ManagedFftNd(IReadOnlyList<int> shape)
    {
        _shape = FftwFftNd.Validate(shape);
        RealLength = FftwFftNd.Product(_shape, _shape.Length);
        HalfLength = FftwFftNd.Product(_shape, _shape.Length - 1) * (_shape[^1] / 2 + 1);
        _axes = new Fft1D[_shape.Length];
        for (int a = 0; a < _shape.Length; a++) _axes[a] = new Fft1D(_shape[a]);
    }

    public IReadOnlyList<int> Shape => _shape;
    public int RealLength { get; }
    public int HalfLength { get; }
    public string Backend => "managed";
    public long Executions => Interlocked.Read(ref _executions);

    public void Forward(ReadOnlySpan<Complex> input, Span<Complex> output)
    {
        Check(input.Length, output.Length);
        input.CopyTo(output);
        Transform(output, -1);
        Interlocked.Increment(ref _executions);
    }

    public void Backward(ReadOnlySpan<Complex> input, Span<Complex> output)
    {
        Check(input.Length, output.Length);
        input.CopyTo(output);
        Transform(output, +1);
        Interlocked.Increment(ref _executions);
    }

    public void ForwardReal(ReadOnlySpan<double> input, Span<Complex> halfSpectrum)
    {
        if (input.Length != RealLength || halfSpectrum.Length != HalfLength) throw new ArgumentException("length mismatch");
        var full = new Complex[RealLength];
        for (int i = 0; i < full.Length; i++) full[i] = input[i];
        Transform(full, -1);
        int n = _shape[^1], h = n / 2 + 1, rows = RealLength / n;
        for (int r = 0; r < rows; r++)
            for (int k = 0; k < h; k++) halfSpectrum[r * h + k] = full[r * n + k];
        Interlocked.Increment(ref _executions);
    }

    public void BackwardReal(Span<Complex> halfSpectrum, Span<double> output)
    {
        if (output.Length != RealLength || halfSpectrum.Length != HalfLength) throw new ArgumentException("length mismatch");
        int n = _shape[^1], h = n / 2 + 1, rows = RealLength / n;
        var full = new Complex[RealLength];
        // Rebuild the full Hermitian spectrum: X[-k] = conj X[k]; row index r maps to its negative (-r mod shape).
        for (int r = 0; r < rows; r++)
        {
            int rneg = NegateRow(r);
            for (int k = 0; k < h; k++) full[r * n + k] = halfSpectrum[r * h + k];
            for (int k = h; k < n; k++) full[r * n + k] = Complex.Conjugate(halfSpectrum[rneg * h + (n - k)]);
        }
        Transform(full, +1);
        for (int i = 0; i < output.Length; i++) output[i] = full[i].Real;
        Interlocked.Increment(ref _executions);
    }

    private int NegateRow(int r)
    {
        // r enumerates the leading d-1 indices row-major; negate each modulo its size.
        int result = 0, stride = 1;
        for (int a = _shape.Length - 2; a >= 0; a--)
        {
            int idx = r % _shape[a];
            r /= _shape[a];
            int neg = idx == 0 ? 0 : _shape[a] - idx;
            result += neg * stride;
            stride *= _shape[a];
        }
        return result;
    }

    private void Check(int a, int b)
    {
        if (a != RealLength || b != RealLength) throw new ArgumentException("length mismatch");
    }

    private void Transform(Span<Complex> data, int sign)
    {
        int d = _shape.Length;
        for (int a = 0; a < d; a++)
        {
            int n = _shape[a];
            if (n == 1) continue;
            int stride = 1;
            for (int b = a + 1; b < d; b++) stride *= _shape[b];
            int outer = RealLength / (n * stride);
            var line = new Complex[n];
            for (int o = 0; o < outer; o++)
                for (int s = 0; s < stride; s++)
                {
                    int baseIdx = o * n * stride + s;
                    for (int j = 0; j < n; j++) line[j] = data[baseIdx + j * stride];
                    _axes[a].Transform(line, sign);
                    for (int j = 0; j < n; j++) data[baseIdx + j * stride] = line[j];
                }
        }
    }

    public void Dispose() { }

    /// <summary>A 1-D unnormalised DFT of fixed length.</summary>
    internal sealed class Fft1D
    {
        private readonly int _n;
        private readonly bool _pow2;
        private readonly Complex[] _tw;          // e^{-2πi k/m}, k < m/2, m = power-of-two length used
        private readonly int _m;
        private readonly Complex[]? _chirp;      // Bluestein: w_k = e^{-πi k²/n}
        private readonly Complex[]? _chirpHat;   // transform of the conjugate chirp, padded to m

        public Fft1D(int n)
        {
            _n = n;
            _pow2 = (n & (n - 1)) == 0;
            _m = _pow2 ? n : (int)BitOperations.RoundUpToPowerOf2((uint)(2 * n - 1));
            _tw = new Complex[Math.Max(1, _m / 2)];
            for (int k = 0; k < _tw.Length; k++)
            {
                double a = -2 * Math.PI * k / _m;
                _tw[k] = new Complex(Math.Cos(a), Math.Sin(a));
            }
            if (!_pow2)
            {
                _chirp = new Complex[n];
                for (int k = 0; k < n; k++)
                {
                    // k² mod 2n keeps the angle small and exact.
                    long k2 = (long)k * k % (2L * n);
                    double a = -Math.PI * k2 / n;
                    _chirp[k] = new Complex(Math.Cos(a), Math.Sin(a));
                }
                _chirpHat = new Complex[_m];
                _chirpHat[0] = Complex.Conjugate(_chirp[0]);
                for (int k = 1; k < n; k++) _chirpHat[k] = _chirpHat[_m - k] = Complex.Conjugate(_chirp[k]);
                Radix2(_chirpHat, -1);
            }
        }

        public void Transform(Complex[] x, int sign)
        {
            if (_n == 1) return;
            if (_pow2) { Radix2(x, sign); return; }
            // Bluestein: X_k = conj(w_k)^{±} ... use conjugation symmetry for the backward transform.
            if (sign > 0) for (int i = 0; i < _n; i++) x[i] = Complex.Conjugate(x[i]);
            var a = new Complex[_m];
            for (int k = 0; k < _n; k++) a[k] = x[k] * _chirp![k];
            Radix2(a, -1);
            for (int k = 0; k < _m; k++) a[k] *= _chirpHat![k];
            Radix2(a, +1);
            double inv = 1.0 / _m;
            for (int k = 0; k < _n; k++) x[k] = a[k] * inv * _chirp![k];
            if (sign > 0) for (int i = 0; i < _n; i++) x[i] = Complex.Conjugate(x[i]);
        }

        private void Radix2(Complex[] x, int sign)
        {
            int m = x.Length;
            for (int i = 1, j = 0; i < m; i++)
            {
                int bit = m >> 1;
                for (; (j & bit) != 0; bit >>= 1) j ^= bit;
                j ^= bit;
                if (i < j) (x[i], x[j]) = (x[j], x[i]);
            }
            for (int len = 2; len <= m; len <<= 1)
            {
                int half = len >> 1, step = _m / len;
                for (int i = 0; i < m; i += len)
                    for (int k = 0; k < half; k++)
                    {
                        var w = _tw[k * step];
                        if (sign > 0) w = Complex.Conjugate(w);
                        var u = x[i + k];
                        var v = x[i + k + half] * w;
                        x[i + k] = u + v;
                        x[i + k + half] = u - v;
                    }
            }
        }
    }
}
