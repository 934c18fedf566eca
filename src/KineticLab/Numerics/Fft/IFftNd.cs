using System.Numerics;

namespace KineticLab.Numerics.Fft;

/// <summary>
/// A d-dimensional discrete Fourier transform of fixed shape (row-major, last index fastest).
/// Conventions: <c>Forward</c> computes <c>X_k = Σ_j x_j e^{-2πi j·k/n}</c>, <c>Backward</c> computes
/// <c>x_j = Σ_k X_k e^{+2πi j·k/n}</c> (no normalisation: Backward∘Forward multiplies by <see cref="RealLength"/>).
/// The real transforms use the half-spectrum layout: shape <c>n_0 × … × n_{d-2} × (n_{d-1}/2+1)</c>.
/// All methods are thread-safe for distinct buffers (plans are created once, at construction).
/// </summary>
public interface IFftNd : IDisposable
{
    /// <summary>The transform sizes, one per axis.</summary>
    IReadOnlyList<int> Shape { get; }

    /// <summary>Number of real (or complex) samples: the product of <see cref="Shape"/>.</summary>
    int RealLength { get; }

    /// <summary>Number of complex entries of the half spectrum of a real transform.</summary>
    int HalfLength { get; }

    /// <summary>"fftw" or "managed".</summary>
    string Backend { get; }

    /// <summary>Transforms executed so far (all kinds), for cost accounting.</summary>
    long Executions { get; }

    /// <summary>Complex forward transform (input preserved).</summary>
    void Forward(ReadOnlySpan<Complex> input, Span<Complex> output);

    /// <summary>Complex backward transform, unnormalised (input preserved).</summary>
    void Backward(ReadOnlySpan<Complex> input, Span<Complex> output);

    /// <summary>Real-to-complex forward transform into the half spectrum (input preserved).</summary>
    void ForwardReal(ReadOnlySpan<double> input, Span<Complex> halfSpectrum);

    /// <summary>
    /// Complex-to-real backward transform of a Hermitian half spectrum, unnormalised.
    /// The input is used as scratch and is overwritten.
    /// </summary>
    void BackwardReal(Span<Complex> halfSpectrum, Span<double> output);
}
