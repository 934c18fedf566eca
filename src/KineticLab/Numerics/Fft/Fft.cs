namespace KineticLab.Numerics.Fft;

/// <summary>How much effort FFTW spends choosing an algorithm when a plan is made.</summary>
public enum FftPlanning
{
    /// <summary>FFTW_ESTIMATE: instant planning, possibly slower transforms.</summary>
    Estimate,
    /// <summary>FFTW_MEASURE: times candidate algorithms once (seconds at most), fastest transforms.</summary>
    Measure,
}

/// <summary>Front door of the FFT layer: FFTW when the native library loads, the managed transform otherwise.</summary>
public static class Fft
{
    /// <summary>True when FFTW 3 (double) was found; set KINETICLAB_NO_FFTW=1 to force the managed transform.</summary>
    public static bool NativeAvailable => FftwNative.IsAvailable;

    /// <summary>Creates a transform of the given shape (1 to 3 axes).</summary>
    public static IFftNd Create(IReadOnlyList<int> shape, FftPlanning planning = FftPlanning.Measure, bool preferNative = true) =>
        preferNative && FftwNative.IsAvailable ? new FftwFftNd(shape, planning) : new ManagedFftNd(shape);
}
