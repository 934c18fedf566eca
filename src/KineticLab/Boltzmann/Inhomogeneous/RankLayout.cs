namespace KineticLab.Boltzmann.Inhomogeneous;

/// <summary>
/// How the points of a phase-space grid are dealt out to P ranks: x points cyclically (rank r holds x points r, r + P,
/// r + 2P, …), velocity points in contiguous blocks whose sizes differ by at most one (the first V mod P ranks hold one
/// more). Exchanges are padded to the largest blocks, <see cref="XMax"/> × <see cref="VMax"/> values per pair of ranks.
/// </summary>
/// <param name="Processes">P.</param>
/// <param name="XPoints">Number of x points.</param>
/// <param name="VPoints">Number of velocity points.</param>
public sealed record RankLayout(int Processes, int XPoints, int VPoints)
{
    /// <summary>x points of rank <paramref name="rank"/>.</summary>
    public int XCount(int rank) => (XPoints - rank + Processes - 1) / Processes;
    /// <summary>Velocity points of rank <paramref name="rank"/>.</summary>
    public int VCount(int rank) => VPoints / Processes + (rank < VPoints % Processes ? 1 : 0);
    /// <summary>First velocity point of rank <paramref name="rank"/>.</summary>
    public int VStart(int rank) => rank * (VPoints / Processes) + Math.Min(rank, VPoints % Processes);
    /// <summary>The largest x block (rank 0's).</summary>
    public int XMax => (XPoints + Processes - 1) / Processes;
    /// <summary>The largest velocity block (rank 0's).</summary>
    public int VMax => (VPoints + Processes - 1) / Processes;
    /// <summary>Values exchanged between two ranks in a transpose (padded): XMax · VMax.</summary>
    public int Block => checked(XMax * VMax);
    /// <summary>Whether P divides both numbers of points (every block the same size).</summary>
    public bool Equal => XPoints % Processes == 0 && VPoints % Processes == 0;
}

/// <summary>
/// The memory of an inhomogeneous run on each rank, before anything is allocated (<see cref="InhomogeneousSolver.Plan"/>).
/// Byte counts are for the largest rank (rank 0 holds the largest blocks); FFT plans and the runtime are not included.
/// </summary>
/// <param name="Processes">P.</param>
/// <param name="Workers">Threads per rank.</param>
/// <param name="XPointsMin">x points of the smallest rank.</param>
/// <param name="XPointsMax">x points of the largest rank.</param>
/// <param name="VPointsMin">Velocity points of the smallest rank.</param>
/// <param name="VPointsMax">Velocity points of the largest rank.</param>
/// <param name="EqualBlocks">Whether every rank holds as many points as every other.</param>
/// <param name="StateBytes">f in the x-layout, its last good copy and f in the v-layout.</param>
/// <param name="ExchangeBytes">The send and receive buffers of the transposes.</param>
/// <param name="CollisionBytes">The collision operators and integrators of the worker threads.</param>
/// <param name="MemoryPerRankBytes">Everything a rank holds while stepping.</param>
/// <param name="CheckpointBytesRank0">What rank 0 adds while it writes a checkpoint (the gathered global state; 0 without checkpoints).</param>
/// <param name="MemoryRank0Bytes">Rank 0 at a checkpoint: <see cref="MemoryPerRankBytes"/> + <see cref="CheckpointBytesRank0"/>.</param>
/// <param name="GlobalStateFits">Whether the global state fits one .NET array (needed to gather it for a checkpoint).</param>
public sealed record InhomogeneousPlan(int Processes, int Workers, int XPointsMin, int XPointsMax, int VPointsMin, int VPointsMax, bool EqualBlocks,
    long StateBytes, long ExchangeBytes, long CollisionBytes, long MemoryPerRankBytes, long CheckpointBytesRank0, long MemoryRank0Bytes, bool GlobalStateFits);
