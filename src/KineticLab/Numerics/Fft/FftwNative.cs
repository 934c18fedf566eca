using System.Runtime.InteropServices;

namespace KineticLab.Numerics.Fft;

/// <summary>
/// Late-bound access to FFTW 3 (double precision, <c>libfftw3.so.3</c>). The library is loaded once;
/// when it is missing <see cref="IsAvailable"/> is false and callers use the managed transform.
/// FFTW's planner is not thread-safe: every planning call goes through <see cref="PlannerLock"/>;
/// executing plans with the new-array functions is thread-safe.
/// </summary>
internal static unsafe class FftwNative
{
    public const int Forward = -1;
    public const int Backward = 1;
    public const uint Measure = 0;
    public const uint Unaligned = 1u << 1;
    public const uint Estimate = 1u << 6;

    public static readonly object PlannerLock = new();

    private static readonly IntPtr Handle;
    public static readonly bool IsAvailable;

    public static readonly delegate* unmanaged<int, int*, void*, void*, int, uint, IntPtr> PlanDft;
    public static readonly delegate* unmanaged<int, int*, double*, void*, uint, IntPtr> PlanDftR2C;
    public static readonly delegate* unmanaged<int, int*, void*, double*, uint, IntPtr> PlanDftC2R;
    public static readonly delegate* unmanaged<IntPtr, void*, void*, void> ExecuteDft;
    public static readonly delegate* unmanaged<IntPtr, double*, void*, void> ExecuteDftR2C;
    public static readonly delegate* unmanaged<IntPtr, void*, double*, void> ExecuteDftC2R;
    public static readonly delegate* unmanaged<IntPtr, void> DestroyPlan;

    static FftwNative()
    {
        if (Environment.GetEnvironmentVariable("KINETICLAB_NO_FFTW") == "1") return;
        string[] names = ["libfftw3.so.3", "libfftw3.so", "libfftw3-3.dll", "libfftw3.3.dylib"];
        foreach (var n in names)
        {
            if (NativeLibrary.TryLoad(n, out Handle)) break;
        }
        if (Handle == IntPtr.Zero) return;
        try
        {
            PlanDft = (delegate* unmanaged<int, int*, void*, void*, int, uint, IntPtr>)NativeLibrary.GetExport(Handle, "fftw_plan_dft");
            PlanDftR2C = (delegate* unmanaged<int, int*, double*, void*, uint, IntPtr>)NativeLibrary.GetExport(Handle, "fftw_plan_dft_r2c");
            PlanDftC2R = (delegate* unmanaged<int, int*, void*, double*, uint, IntPtr>)NativeLibrary.GetExport(Handle, "fftw_plan_dft_c2r");
            ExecuteDft = (delegate* unmanaged<IntPtr, void*, void*, void>)NativeLibrary.GetExport(Handle, "fftw_execute_dft");
            ExecuteDftR2C = (delegate* unmanaged<IntPtr, double*, void*, void>)NativeLibrary.GetExport(Handle, "fftw_execute_dft_r2c");
            ExecuteDftC2R = (delegate* unmanaged<IntPtr, void*, double*, void>)NativeLibrary.GetExport(Handle, "fftw_execute_dft_c2r");
            DestroyPlan = (delegate* unmanaged<IntPtr, void>)NativeLibrary.GetExport(Handle, "fftw_destroy_plan");
            IsAvailable = true;
        }
        catch (EntryPointNotFoundException)
        {
            IsAvailable = false;
        }
    }
}
