using System.Runtime.InteropServices;

namespace KineticLab.Numerics.Distributed;

/// <summary>
/// <see cref="ICommunicator"/> over MPI_COMM_WORLD of MPICH (Debian package <c>mpich</c>, library <c>libmpich.so.12</c>),
/// through a thin P/Invoke layer. Start the program with <c>mpiexec -n P ...</c>; <see cref="Initialize"/> calls
/// MPI_Init_thread once per process and <see cref="FinalizeIfInitialized"/> MPI_Finalize at exit.
/// The handle constants are MPICH's (mpich/mpi.h); other MPI implementations use different ABIs.
/// </summary>
public sealed class MpiCommunicator : ICommunicator
{
    /// <summary>The shared library loaded.</summary>
    public const string Library = "libmpich.so.12";

    // MPICH handle values (mpich/mpi.h): MPI_Comm, MPI_Datatype and MPI_Op are ints.
    private const int MpiCommWorld = 0x44000000;
    private const int MpiDouble = 0x4c00080b;
    private const int MpiByte = 0x4c00010d;
    private const int MpiSum = 0x58000003;
    private const int MpiThreadSerialized = 2;
    private static readonly IntPtr MpiInPlace = new(-1);

    private static MpiCommunicator? _world;
    private static readonly object Gate = new();

    private MpiCommunicator(int rank, int size)
    {
        Rank = rank;
        Size = size;
    }

    public int Rank { get; }
    public int Size { get; }
    public string Kind => "mpi";

    /// <summary>True when the MPI library (<see cref="LibraryName"/>) can be loaded.</summary>
    public static bool IsAvailable => Native.Loaded;

    /// <summary>
    /// True when this process was started by an MPI launcher (Hydra's <c>mpiexec</c> sets PMI_RANK and PMI_SIZE;
    /// other process managers set MPI_LOCALNRANKS or OMPI_COMM_WORLD_SIZE).
    /// </summary>
    public static bool LaunchedByMpiexec =>
        Environment.GetEnvironmentVariable("PMI_SIZE") is not null || Environment.GetEnvironmentVariable("PMI_RANK") is not null
        || Environment.GetEnvironmentVariable("MPI_LOCALNRANKS") is not null;

    /// <summary>Initializes MPI (once per process) and returns the world communicator.</summary>
    /// <exception cref="InvalidInputException">(field <c>--mpi</c>) libmpich.so.12 cannot be loaded or MPI fails to start.</exception>
    public static MpiCommunicator Initialize()
    {
        lock (Gate)
        {
            if (_world is not null) return _world;
            if (!IsAvailable)
                throw new InvalidInputException("mpi", LibraryName, "MPI was requested but this library cannot be loaded (install MPICH: apt-get install mpich)");
            try
            {
                Check(Native.MPI_Initialized(out int already), "MPI_Initialized");
                if (already == 0) Check(Native.MPI_Init_thread(IntPtr.Zero, IntPtr.Zero, MpiThreadSerialized, out _), "MPI_Init_thread");
                Check(Native.MPI_Comm_rank(MpiCommWorld, out int rank), "MPI_Comm_rank");
                Check(Native.MPI_Comm_size(MpiCommWorld, out int size), "MPI_Comm_size");
                _world = new MpiCommunicator(rank, size);
                return _world;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException or InvalidOperationException)
            {
                throw new InvalidInputException("mpi", LibraryName, $"MPI could not be started: {e.Message}");
            }
        }
    }

    /// <summary>Calls MPI_Finalize if <see cref="Initialize"/> ran in this process.</summary>
    public static void FinalizeIfInitialized()
    {
        lock (Gate)
        {
            if (_world is null) return;
            if (Native.MPI_Finalized(out int done) == 0 && done == 0) Native.MPI_Finalize();
            _world = null;
        }
    }

    /// <summary>Ends every rank of the job with <paramref name="code"/> (after an error on one rank only).</summary>
    public static void Abort(int code)
    {
        if (_world is not null) Native.MPI_Abort(MpiCommWorld, code);
    }

    public void Barrier() => Check(Native.MPI_Barrier(MpiCommWorld), "MPI_Barrier");

    public unsafe void Alltoall(ReadOnlySpan<double> send, Span<double> receive, int block)
    {
        if (send.Length < Size * block || receive.Length < Size * block) throw new ArgumentException("buffers must hold Size · block values");
        fixed (double* s = send)
        fixed (double* r = receive)
            Check(Native.MPI_Alltoall(s, block, MpiDouble, r, block, MpiDouble, MpiCommWorld), "MPI_Alltoall");
    }

    public unsafe void Allgather(ReadOnlySpan<double> send, Span<double> receive)
    {
        if (receive.Length < Size * send.Length) throw new ArgumentException("receive must hold Size · send.Length values");
        fixed (double* s = send)
        fixed (double* r = receive)
            Check(Native.MPI_Allgather(s, send.Length, MpiDouble, r, send.Length, MpiDouble, MpiCommWorld), "MPI_Allgather");
    }

    public unsafe void Gather(ReadOnlySpan<double> send, Span<double> receive, int root)
    {
        if (Rank == root && receive.Length < Size * send.Length) throw new ArgumentException("receive must hold Size · send.Length values");
        fixed (double* s = send)
        fixed (double* r = receive)
            Check(Native.MPI_Gather(s, send.Length, MpiDouble, r, send.Length, MpiDouble, root, MpiCommWorld), "MPI_Gather");
    }

    public unsafe void AllreduceSum(Span<double> values)
    {
        fixed (double* v = values)
            Check(Native.MPI_Allreduce((void*)MpiInPlace, v, values.Length, MpiDouble, MpiSum, MpiCommWorld), "MPI_Allreduce");
    }

    public unsafe void Broadcast(Span<byte> buffer, int root)
    {
        fixed (byte* b = buffer)
            Check(Native.MPI_Bcast(b, buffer.Length, MpiByte, root, MpiCommWorld), "MPI_Bcast");
    }

    private static void Check(int code, string call)
    {
        if (code != 0) throw new InvalidOperationException($"{call} failed with MPI error code {code}");
    }

    /// <summary>
    /// The MPI library in use: <c>KINETICLAB_MPI_LIBRARY</c> (a file name or path of a library with MPICH's ABI) or
    /// <see cref="Library"/>.
    /// </summary>
    public static string LibraryName => Environment.GetEnvironmentVariable("KINETICLAB_MPI_LIBRARY") is { Length: > 0 } v ? v : Library;

    private static unsafe class Native
    {
        private static readonly IntPtr Handle = NativeLibrary.TryLoad(LibraryName, out var h) ? h : IntPtr.Zero;
        public static bool Loaded => Handle != IntPtr.Zero;

        private static IntPtr F(string name) => NativeLibrary.GetExport(Handle, name);

        public static int MPI_Initialized(out int flag) { int f; int r = ((delegate* unmanaged<int*, int>)F("MPI_Initialized"))(&f); flag = f; return r; }
        public static int MPI_Finalized(out int flag) { int f; int r = ((delegate* unmanaged<int*, int>)F("MPI_Finalized"))(&f); flag = f; return r; }
        public static int MPI_Init_thread(IntPtr argc, IntPtr argv, int required, out int provided)
        {
            int p; int r = ((delegate* unmanaged<IntPtr, IntPtr, int, int*, int>)F("MPI_Init_thread"))(argc, argv, required, &p); provided = p; return r;
        }
        public static int MPI_Finalize() => ((delegate* unmanaged<int>)F("MPI_Finalize"))();
        public static int MPI_Abort(int comm, int code) => ((delegate* unmanaged<int, int, int>)F("MPI_Abort"))(comm, code);
        public static int MPI_Comm_rank(int comm, out int rank) { int x; int r = ((delegate* unmanaged<int, int*, int>)F("MPI_Comm_rank"))(comm, &x); rank = x; return r; }
        public static int MPI_Comm_size(int comm, out int size) { int x; int r = ((delegate* unmanaged<int, int*, int>)F("MPI_Comm_size"))(comm, &x); size = x; return r; }
        public static int MPI_Barrier(int comm) => ((delegate* unmanaged<int, int>)F("MPI_Barrier"))(comm);
        public static int MPI_Alltoall(void* send, int sendCount, int sendType, void* recv, int recvCount, int recvType, int comm) =>
            ((delegate* unmanaged<void*, int, int, void*, int, int, int, int>)F("MPI_Alltoall"))(send, sendCount, sendType, recv, recvCount, recvType, comm);
        public static int MPI_Allgather(void* send, int sendCount, int sendType, void* recv, int recvCount, int recvType, int comm) =>
            ((delegate* unmanaged<void*, int, int, void*, int, int, int, int>)F("MPI_Allgather"))(send, sendCount, sendType, recv, recvCount, recvType, comm);
        public static int MPI_Gather(void* send, int sendCount, int sendType, void* recv, int recvCount, int recvType, int root, int comm) =>
            ((delegate* unmanaged<void*, int, int, void*, int, int, int, int, int>)F("MPI_Gather"))(send, sendCount, sendType, recv, recvCount, recvType, root, comm);
        public static int MPI_Allreduce(void* send, void* recv, int count, int type, int op, int comm) =>
            ((delegate* unmanaged<void*, void*, int, int, int, int, int>)F("MPI_Allreduce"))(send, recv, count, type, op, comm);
        public static int MPI_Bcast(void* buffer, int count, int type, int root, int comm) =>
            ((delegate* unmanaged<void*, int, int, int, int, int>)F("MPI_Bcast"))(buffer, count, type, root, comm);
    }
}
