using System.Numerics;
using KineticLab.Numerics.Fft;

namespace KineticLab.Numerics.Spectral;

/// <summary>
/// Exact spectral resampling between two grids of the same box <c>[−L, L)^d</c> (N1 and N2 points per axis, the same
/// offset convention): the trigonometric interpolant of the data with modes |k_a| &lt; min(N1, N2)/2 (Nyquist modes
/// dropped) evaluated on the other grid. From coarse to fine it is zero padding (the fine samples of the same
/// trigonometric polynomial), from fine to coarse the Galerkin truncation. Used to dealias products by evaluating an
/// operator on a 3/2-times finer grid (Orszag's rule).
/// </summary>
public sealed class SpectralResampler : IDisposable
{
    private readonly IFftNd _from, _to;
    private readonly AlignedBuffer<double> _in, _out;
    private readonly AlignedBuffer<Complex> _hFrom, _hTo;
    private readonly int[] _map;      // destination half-spectrum index for each source index, −1 if dropped
    private readonly double _scale;

    public SpectralResampler(int d, int n1, int n2, FftPlanning planning = FftPlanning.Measure, bool preferNative = true)
    {
        if (d is not (2 or 3)) throw new ArgumentOutOfRangeException(nameof(d));
        int[] s1 = d == 3 ? [n1, n1, n1] : [n1, n1], s2 = d == 3 ? [n2, n2, n2] : [n2, n2];
        _from = KineticLab.Numerics.Fft.Fft.Create(s1, planning, preferNative);
        _to = KineticLab.Numerics.Fft.Fft.Create(s2, planning, preferNative);
        var m1 = new SpectralModes(d, n1, 1);
        int m = Math.Min(n1, n2) / 2, hl2 = n2 / 2 + 1;
        _map = new int[m1.Half];
        for (int i = 0; i < m1.Half; i++)
        {
            int a = m1.K0[i], b = m1.K1[i], c = m1.K2[i];
            if (Math.Abs(a) >= m || Math.Abs(b) >= m || Math.Abs(c) >= m) { _map[i] = -1; continue; }
            int ia = (a + n2) % n2, ib = (b + n2) % n2;
            _map[i] = d == 3 ? (ia * n2 + ib) * hl2 + c : ia * hl2 + c;
        }
        _scale = 1.0 / _from.RealLength;
        _in = new(_from.RealLength); _out = new(_to.RealLength);
        _hFrom = new(_from.HalfLength); _hTo = new(_to.HalfLength);
    }

    /// <summary>Resamples <paramref name="x"/> (N1^d values) into <paramref name="y"/> (N2^d values).</summary>
    public void Apply(ReadOnlySpan<double> x, Span<double> y)
    {
        x.CopyTo(_in.Span);
        _from.ForwardReal(_in.Span, _hFrom.Span);
        var hf = _hFrom.Span; var ht = _hTo.Span;
        ht.Clear();
        for (int i = 0; i < _map.Length; i++) if (_map[i] >= 0) ht[_map[i]] = hf[i] * _scale;
        _to.BackwardReal(ht, _out.Span);
        _out.Span.CopyTo(y);
    }

    public void Dispose()
    {
        _from.Dispose(); _to.Dispose();
        _in.Dispose(); _out.Dispose(); _hFrom.Dispose(); _hTo.Dispose();
    }
}
