using System.Numerics;

namespace KineticLab.Numerics.Fft;

/// <summary>
/// FFTW-backed <see cref="IFftNd"/>. Plans are made once at construction (under the planner lock) on
/// 64-byte-aligned scratch arrays; execution uses the new-array functions, so it is thread-safe.
/// Spans that are not 64-byte aligned go through a second set of plans made with FFTW_UNALIGNED.
/// </summary>
public sealed unsafe class FftwFftNd : IFftNd
{
    private readonly int[] _shape;
    private IntPtr _fwd, _bwd, _r2c, _c2r;              // aligned plans
    private IntPtr _fwdU, _bwdU, _r2cU, _c2rU;          // unaligned plans (lazy)
    private readonly uint _flags;
    private long _executions;
    private readonly object _lazyGate = new();

    public FftwFftNd(IReadOnlyList<int> shape, FftPlanning planning = FftPlanning.Measure)
    {
        if (!FftwNative.IsAvailable) throw new InvalidOperationException("FFTW (libfftw3.so.3) is not available");
        _shape = Validate(shape);
        RealLength = Product(_shape, _shape.Length);
        HalfLength = Product(_shape, _shape.Length - 1) * (_shape[^1] / 2 + 1);
        _flags = planning == FftPlanning.Measure ? FftwNative.Measure : FftwNative.Estimate;
        using var c1 = new AlignedBuffer<Complex>(RealLength);
        using var c2 = new AlignedBuffer<Complex>(RealLength);
        using var r1 = new AlignedBuffer<double>(RealLength);
        (_fwd, _bwd, _r2c, _c2r) = MakePlans(_flags, c1.Pointer, c2.Pointer, r1.Pointer);
    }

    internal static int[] Validate(IReadOnlyList<int> shape)
    {
        if (shape.Count < 1 || shape.Count > 3) throw new ArgumentException("1 to 3 dimensions are supported");
        var s = new int[shape.Count];
        for (int i = 0; i < s.Length; i++)
        {
            if (shape[i] < 1) throw new ArgumentException("sizes must be positive");
            s[i] = shape[i];
        }
        return s;
    }

    internal static int Product(int[] s, int count)
    {
        int p = 1;
        for (int i = 0; i < count; i++) p *= s[i];
        return p;
    }

    private (IntPtr, IntPtr, IntPtr, IntPtr) MakePlans(uint flags, Complex* c1, Complex* c2, double* r1)
    {
        lock (FftwNative.PlannerLock)
        {
            fixed (int* n = _shape)
            {
                int rank = _shape.Length;
                var f = FftwNative.PlanDft(rank, n, c1, c2, FftwNative.Forward, flags);
                var b = FftwNative.PlanDft(rank, n, c1, c2, FftwNative.Backward, flags);
                var rc = FftwNative.PlanDftR2C(rank, n, r1, c2, flags);
                var cr = FftwNative.PlanDftC2R(rank, n, c1, r1, flags);
                if (f == IntPtr.Zero || b == IntPtr.Zero || rc == IntPtr.Zero || cr == IntPtr.Zero)
                    throw new InvalidOperationException("FFTW planning failed");
                return (f, b, rc, cr);
            }
        }
    }

    private void EnsureUnaligned()
    {
        if (_fwdU != IntPtr.Zero) return;
        lock (_lazyGate)
        {
            if (_fwdU != IntPtr.Zero) return;
            using var c1 = new AlignedBuffer<Complex>(RealLength);
            using var c2 = new AlignedBuffer<Complex>(RealLength);
            using var r1 = new AlignedBuffer<double>(RealLength);
            var (f, b, rc, cr) = MakePlans(FftwNative.Estimate | FftwNative.Unaligned, c1.Pointer, c2.Pointer, r1.Pointer);
            _bwdU = b; _r2cU = rc; _c2rU = cr;
            Thread.MemoryBarrier();
            _fwdU = f;
        }
    }

    public IReadOnlyList<int> Shape => _shape;
    public int RealLength { get; }
    public int HalfLength { get; }
    public string Backend => "fftw";
    public long Executions => Interlocked.Read(ref _executions);

    private static bool Aligned(void* p) => ((nuint)p & 63) == 0;

    public void Forward(ReadOnlySpan<Complex> input, Span<Complex> output) => Complex2(input, output, forward: true);

    public void Backward(ReadOnlySpan<Complex> input, Span<Complex> output) => Complex2(input, output, forward: false);

    private void Complex2(ReadOnlySpan<Complex> input, Span<Complex> output, bool forward)
    {
        Check(input.Length, RealLength, output.Length, RealLength);
        // FFTW's complex out-of-place transforms preserve their input.
        fixed (Complex* i = input)
        fixed (Complex* o = output)
        {
            if (i == o) throw new ArgumentException("in-place transforms are not supported");
            IntPtr plan;
            if (Aligned(i) && Aligned(o)) plan = forward ? _fwd : _bwd;
            else { EnsureUnaligned(); plan = forward ? _fwdU : _bwdU; }
            FftwNative.ExecuteDft(plan, i, o);
        }
        Interlocked.Increment(ref _executions);
    }

    public void ForwardReal(ReadOnlySpan<double> input, Span<Complex> halfSpectrum)
    {
        Check(input.Length, RealLength, halfSpectrum.Length, HalfLength);
        fixed (double* i = input)
        fixed (Complex* o = halfSpectrum)
        {
            IntPtr plan;
            if (Aligned(i) && Aligned(o)) plan = _r2c;
            else { EnsureUnaligned(); plan = _r2cU; }
            FftwNative.ExecuteDftR2C(plan, i, o);
        }
        Interlocked.Increment(ref _executions);
    }

    public void BackwardReal(Span<Complex> halfSpectrum, Span<double> output)
    {
        Check(halfSpectrum.Length, HalfLength, output.Length, RealLength);
        fixed (Complex* i = halfSpectrum)
        fixed (double* o = output)
        {
            IntPtr plan;
            if (Aligned(i) && Aligned(o)) plan = _c2r;
            else { EnsureUnaligned(); plan = _c2rU; }
            FftwNative.ExecuteDftC2R(plan, i, o);
        }
        Interlocked.Increment(ref _executions);
    }

    private static void Check(int inLen, int inWant, int outLen, int outWant)
    {
        if (inLen != inWant) throw new ArgumentException($"input length {inLen}, expected {inWant}");
        if (outLen != outWant) throw new ArgumentException($"output length {outLen}, expected {outWant}");
    }

    public void Dispose()
    {
        lock (FftwNative.PlannerLock)
        {
            foreach (ref var p in new Span<IntPtr>([_fwd, _bwd, _r2c, _c2r, _fwdU, _bwdU, _r2cU, _c2rU]))
                if (p != IntPtr.Zero) FftwNative.DestroyPlan(p);
            _fwd = _bwd = _r2c = _c2r = _fwdU = _bwdU = _r2cU = _c2rU = IntPtr.Zero;
        }
        GC.SuppressFinalize(this);
    }

    ~FftwFftNd()
    {
        // Plans are small; destroying them from the finalizer thread would race with the planner lock holders.
    }
}
