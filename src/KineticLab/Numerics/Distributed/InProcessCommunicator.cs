namespace KineticLab.Numerics.Distributed;

/// <summary>
/// <see cref="ICommunicator"/> for ranks that are threads of one process (tests, and the in-process scaling bench):
/// <see cref="Create"/> returns one communicator per rank; run each rank's code on its own thread with
/// <see cref="Run{T}"/>. Collectives exchange through shared slots between two barriers.
/// </summary>
public sealed class InProcessCommunicator : ICommunicator
{
    private sealed class World(int size)
    {
        public readonly Barrier Barrier = new(size);
        public readonly double[][] Slots = new double[size][];
        public readonly byte[][] ByteSlots = new byte[size][];
        public volatile bool Broken;
    }

    private readonly World _world;

    private InProcessCommunicator(World world, int rank)
    {
        _world = world;
        Rank = rank;
    }

    /// <summary>One communicator per rank of a new world of <paramref name="size"/> ranks.</summary>
    public static InProcessCommunicator[] Create(int size)
    {
        if (size < 1) throw new ArgumentOutOfRangeException(nameof(size));
        var w = new World(size);
        var r = new InProcessCommunicator[size];
        for (int i = 0; i < size; i++) r[i] = new InProcessCommunicator(w, i);
        return r;
    }

    /// <summary>
    /// Runs <paramref name="body"/> for every rank of a new world of <paramref name="size"/> ranks, each on its own
    /// thread, and returns the results in rank order. An exception on any rank is rethrown (the first by rank).
    /// </summary>
    public static T[] Run<T>(int size, Func<ICommunicator, T> body)
    {
        var comms = Create(size);
        var results = new T[size];
        var errors = new Exception?[size];
        var threads = new Thread[size];
        for (int i = 0; i < size; i++)
        {
            int rank = i;
            threads[i] = new Thread(() =>
            {
                try { results[rank] = body(comms[rank]); }
                catch (Exception e)
                {
                    errors[rank] = e;
                    comms[rank]._world.Broken = true;
                }
            }, 16 * 1024 * 1024) { IsBackground = true, Name = $"rank {rank}" };
            threads[i].Start();
        }
        foreach (var t in threads) t.Join();
        foreach (var e in errors)
            if (e is not null and not RankFailedException)
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e).Throw();
        return results;
    }

    public int Rank { get; }
    public int Size => _world.Slots.Length;
    public string Kind => "in-process";

    public void Barrier()
    {
        // Wait in short slices so that a rank that failed (and will never arrive) releases the others.
        while (!_world.Barrier.SignalAndWait(50))
            if (_world.Broken) throw new RankFailedException();
    }

    public void Alltoall(ReadOnlySpan<double> send, Span<double> receive, int block)
    {
        var mine = send.ToArray();
        _world.Slots[Rank] = mine;
        Barrier();
        for (int p = 0; p < Size; p++) _world.Slots[p].AsSpan(Rank * block, block).CopyTo(receive.Slice(p * block, block));
        Barrier();
    }

    public void Allgather(ReadOnlySpan<double> send, Span<double> receive)
    {
        _world.Slots[Rank] = send.ToArray();
        Barrier();
        int n = send.Length;
        for (int p = 0; p < Size; p++) _world.Slots[p].AsSpan(0, n).CopyTo(receive.Slice(p * n, n));
        Barrier();
    }

    public void Gather(ReadOnlySpan<double> send, Span<double> receive, int root)
    {
        _world.Slots[Rank] = send.ToArray();
        Barrier();
        int n = send.Length;
        if (Rank == root)
            for (int p = 0; p < Size; p++) _world.Slots[p].AsSpan(0, n).CopyTo(receive.Slice(p * n, n));
        Barrier();
    }

    public void AllreduceSum(Span<double> values)
    {
        var all = new double[Size * values.Length];
        Allgather(values, all);
        values.Clear();
        for (int p = 0; p < Size; p++)
            for (int i = 0; i < values.Length; i++) values[i] += all[p * values.Length + i];
    }

    public void Broadcast(Span<byte> buffer, int root)
    {
        if (Rank == root) _world.ByteSlots[root] = buffer.ToArray();
        Barrier();
        if (Rank != root) _world.ByteSlots[root].AsSpan(0, buffer.Length).CopyTo(buffer);
        Barrier();
    }
}

/// <summary>Thrown on the other ranks of an in-process world when one rank failed.</summary>
public sealed class RankFailedException() : Exception("another rank failed");
