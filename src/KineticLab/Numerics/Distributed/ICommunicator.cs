namespace KineticLab.Numerics.Distributed;

/// <summary>
/// A group of <see cref="Size"/> processes (ranks) running the same program, with the few collective operations a
/// distributed solver needs. Every rank must call each collective in the same order with matching sizes.
/// Reductions that must give the same bits for every process count are done by gathering partial results and
/// summing them in a fixed order (see <see cref="Allgather"/>), not by a library reduction whose order may vary.
/// Implementations: <see cref="SerialCommunicator"/> (one rank, the default), <see cref="InProcessCommunicator"/>
/// (ranks as threads of one process, for tests) and <see cref="MpiCommunicator"/> (MPICH through P/Invoke).
/// </summary>
public interface ICommunicator
{
    /// <summary>This process's index, 0 ≤ Rank &lt; Size.</summary>
    int Rank { get; }

    /// <summary>Number of ranks.</summary>
    int Size { get; }

    /// <summary>"serial", "in-process" or "mpi".</summary>
    string Kind { get; }

    /// <summary>Waits until every rank has called it.</summary>
    void Barrier();

    /// <summary>
    /// All-to-all exchange: block q of <paramref name="send"/> (length <paramref name="block"/>) goes to rank q, and
    /// block p of <paramref name="receive"/> comes from rank p. Both spans hold <c>Size · block</c> values.
    /// </summary>
    void Alltoall(ReadOnlySpan<double> send, Span<double> receive, int block);

    /// <summary>Gathers every rank's <paramref name="send"/> into <paramref name="receive"/> in rank order (<c>Size · send.Length</c> values) on every rank.</summary>
    void Allgather(ReadOnlySpan<double> send, Span<double> receive);

    /// <summary>Gathers every rank's <paramref name="send"/> into <paramref name="receive"/> (rank order) on rank <paramref name="root"/> only (receive is ignored elsewhere).</summary>
    void Gather(ReadOnlySpan<double> send, Span<double> receive, int root);

    /// <summary>Element-wise sum over the ranks, in place, on every rank (summation order is the library's).</summary>
    void AllreduceSum(Span<double> values);

    /// <summary>Copies <paramref name="buffer"/> of rank <paramref name="root"/> to every rank.</summary>
    void Broadcast(Span<byte> buffer, int root);
}

/// <summary>Helpers on top of <see cref="ICommunicator"/>.</summary>
public static class CommunicatorExtensions
{
    /// <summary>Broadcasts a string (UTF-8) from <paramref name="root"/>; returns it on every rank.</summary>
    public static string BroadcastString(this ICommunicator comm, string? value, int root = 0)
    {
        if (comm.Size == 1) return value ?? "";
        var len = new byte[4];
        byte[] data = comm.Rank == root ? System.Text.Encoding.UTF8.GetBytes(value ?? "") : [];
        if (comm.Rank == root) BitConverter.TryWriteBytes(len, data.Length);
        comm.Broadcast(len, root);
        int n = BitConverter.ToInt32(len);
        if (comm.Rank != root) data = new byte[n];
        if (n > 0) comm.Broadcast(data, root);
        return System.Text.Encoding.UTF8.GetString(data);
    }

    /// <summary>True on every rank when <paramref name="local"/> is true on every rank.</summary>
    public static bool AllTrue(this ICommunicator comm, bool local)
    {
        if (comm.Size == 1) return local;
        Span<double> v = [local ? 0 : 1];
        comm.AllreduceSum(v);
        return v[0] == 0;
    }
}

/// <summary>One rank: every collective is a copy.</summary>
public sealed class SerialCommunicator : ICommunicator
{
    public static SerialCommunicator Instance { get; } = new();

    public int Rank => 0;
    public int Size => 1;
    public string Kind => "serial";
    public void Barrier() { }
    public void Alltoall(ReadOnlySpan<double> send, Span<double> receive, int block) => send[..block].CopyTo(receive);
    public void Allgather(ReadOnlySpan<double> send, Span<double> receive) => send.CopyTo(receive);
    public void Gather(ReadOnlySpan<double> send, Span<double> receive, int root) => send.CopyTo(receive);
    public void AllreduceSum(Span<double> values) { }
    public void Broadcast(Span<byte> buffer, int root) { }
}
