using System.Runtime.InteropServices;

namespace KineticLab.Numerics.Fft;

/// <summary>
/// A native buffer aligned to 64 bytes (SIMD and FFTW friendly), zero-initialised.
/// Spans over it never move, so they can be handed to native code without pinning.
/// </summary>
public sealed unsafe class AlignedBuffer<T> : IDisposable where T : unmanaged
{
    private void* _ptr;

    public AlignedBuffer(int length)
    {
        if (length < 0) throw new ArgumentOutOfRangeException(nameof(length));
        Length = length;
        nuint bytes = (nuint)Math.Max(1, length) * (nuint)sizeof(T);
        _ptr = NativeMemory.AlignedAlloc(bytes, 64);
        NativeMemory.Clear(_ptr, bytes);
    }

    public int Length { get; }

    public Span<T> Span
    {
        get
        {
            ObjectDisposedException.ThrowIf(_ptr == null, this);
            return new Span<T>(_ptr, Length);
        }
    }

    public T* Pointer => (T*)_ptr;

    public void Dispose()
    {
        if (_ptr != null)
        {
            NativeMemory.AlignedFree(_ptr);
            _ptr = null;
        }
        GC.SuppressFinalize(this);
    }

    ~AlignedBuffer() => Dispose();
}
