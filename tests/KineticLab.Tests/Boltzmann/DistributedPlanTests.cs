using System.Text.Json.Nodes;
using KineticLab.Boltzmann;
using KineticLab.Boltzmann.Inhomogeneous;
using KineticLab.Boltzmann.Kernels;
using KineticLab.Boltzmann.Spectral;
using KineticLab.Experiments;
using KineticLab.Experiments.Boltzmann;
using KineticLab.Numerics.Distributed;
using KineticLab.Numerics.Quadrature;
using KineticLab.Tests.Cli;
using Xunit;
using Xunit.Abstractions;

namespace KineticLab.Tests.Boltzmann;

/// <summary>
/// The distributed inhomogeneous solver at scale: unequal blocks when P does not divide the grids (bitwise the serial
/// result), 64-bit global sizes, and the memory plan of a check (against the arrays a rank really allocates, and for the
/// 64³ × 32³ experiment against the sizes computed here from the grid).
/// </summary>
public class DistributedPlanTests(ITestOutputHelper output)
{
    private static string Examples(string file)
    {
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var p = Path.Combine(d.FullName, "examples", file);
            if (File.Exists(p)) return p;
        }
        throw new InvalidOperationException($"examples/{file} not found above the test assembly");
    }

    [Theory]
    [InlineData(8, 256, 3)]
    [InlineData(8, 256, 5)]
    [InlineData(262144, 32768, 100)]
    [InlineData(7, 10, 7)]
    public void TheLayoutDealsOutEveryPointOnceInBlocksThatDifferByAtMostOne(int x, int v, int p)
    {
        var l = new RankLayout(p, x, v);
        var seenX = new int[Math.Min(x, 1000)];
        long xs = 0, vs = 0;
        int next = 0;
        for (int r = 0; r < p; r++)
        {
            xs += l.XCount(r); vs += l.VCount(r);
            Assert.Equal(next, l.VStart(r));           // contiguous velocity blocks in rank order
            next += l.VCount(r);
            Assert.InRange(l.XCount(r), l.XMax - 1, l.XMax);
            Assert.InRange(l.VCount(r), l.VMax - 1, l.VMax);
            // the cyclic x points i·P + r, i < XCount(r), are below x; the next one is not
            Assert.True((long)(l.XCount(r) - 1) * p + r < x);
            Assert.True((long)l.XCount(r) * p + r >= x);
            for (int i = 0; i < l.XCount(r); i++) if (i * p + r < seenX.Length) seenX[i * p + r]++;
        }
        Assert.Equal(x, xs);
        Assert.Equal(v, vs);
        Assert.All(seenX, c => Assert.Equal(1, c));
        Assert.Equal(x % p == 0 && v % p == 0, l.Equal);
    }

    /// <summary>
    /// 3 and 5 ranks do not divide the 8 x points nor the 256 velocities: unequal blocks, padded exchanges. The final f,
    /// the mass, energy, entropy and the norms are the serial ones bit for bit (the sums run in the same global order).
    /// </summary>
    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    [InlineData(8)]
    public void UnequalBlocksGiveTheSerialResultBitForBit(int p)
    {
        var e = InhomogeneousSolverTests.Small(steps: 6);
        var (f1, s1) = InhomogeneousSolverTests.RunRanks(e, 1);
        var (fp, sp) = InhomogeneousSolverTests.RunRanks(e, p);
        Assert.Equal(f1.Length, fp.Length);
        int differ = 0;
        for (int i = 0; i < f1.Length; i++) if (BitConverter.DoubleToInt64Bits(f1[i]) != BitConverter.DoubleToInt64Bits(fp[i])) differ++;
        output.WriteLine($"P = {p}: blocks equal {new RankLayout(p, e.Grid.XPoints, e.Grid.VPoints).Equal}; values that differ from the serial run: {differ}");
        Assert.Equal(0, differ);
        Assert.Equal(s1.Count, sp.Count);
        for (int k = 0; k < s1.Count; k++)
        {
            Assert.Equal(s1[k].Mass, sp[k].Mass);
            Assert.Equal(s1[k].Energy, sp[k].Energy);
            Assert.Equal(s1[k].Entropy, sp[k].Entropy);
            Assert.Equal(s1[k].Norms, sp[k].Norms);
        }
        // the run did something: the state moved away from the start
        Assert.NotEqual(s1[0].Norms[1], s1[^1].Norms[1]);
    }

    /// <summary>
    /// The plan's byte count against what a rank really allocates: with the velocity grid and the operator fixed, going
    /// from 8² to 16² x points on 3 ranks (unequal blocks) adds as many managed bytes on each rank (constructor and start from given values) as the plan says, to 10%; and rank 0 allocates at least the plan's state and exchange arrays.
    /// </summary>
    [Fact]
    public void ThePlanAccountsForWhatARankAllocates()
    {
        const int p = 3;
        (InhomogeneousPlan Plan, long[] Allocated, long Transient) Measure(int nx)
        {
            var e = InhomogeneousSolverTests.Parse(InhomogeneousSolverTests.SmallJson(steps: 1, dims: 2).Replace("\"N\": 8,", $"\"N\": {nx},"));
            long op = FastSpectralOperator.EstimateBytes(e.Kernel, e.Grid.Velocity, e.Options());
            var plan = InhomogeneousSolver.Plan(e.Grid, e.Settings, p, op, workers: 1, checkpoints: false);
            // the initial values, computed before the count starts (evaluating the datum is not the solver's memory)
            var global = new double[e.Grid.Total];
            using (var serial = new InhomogeneousSolver(e.Grid, null, e.Settings with { Collisions = false }, SerialCommunicator.Instance, 1))
            {
                serial.Initialize(e.Initial.Value);
                serial.LocalValues.CopyTo(global);
            }
            var allocated = InProcessCommunicator.Run(p, comm =>
            {
                long before = GC.GetAllocatedBytesForCurrentThread();
                using var s = new InhomogeneousSolver(e.Grid, () => e.NewOperator(e.Grid.Velocity), e.Settings, comm, 1);
                s.Initialize(global);
                return GC.GetAllocatedBytesForCurrentThread() - before;
            });
            // The in-process communicator copies what a rank sends (garbage after the call, not a rank's memory): the
            // start's transport makes two all-to-all exchanges of P blocks.
            long transient = 2 * 8L * p * new RankLayout(p, e.Grid.XPoints, e.Grid.VPoints).Block;
            output.WriteLine($"x.N = {nx}: plan state {plan.StateBytes}, exchange {plan.ExchangeBytes}, per rank {plan.MemoryPerRankBytes}; " +
                             $"allocated by rank: {string.Join(", ", allocated)}, of which transient copies {transient}");
            return (plan, allocated, transient);
        }
        Measure(16);                 // once before counting: first-time costs (compilation, static tables) are not the plan's
        var small = Measure(8);
        var large = Measure(16);
        Assert.False(large.Plan.EqualBlocks);
        Assert.True(large.Allocated[0] - large.Transient >= large.Plan.StateBytes + large.Plan.ExchangeBytes);
        double planned = large.Plan.MemoryPerRankBytes - small.Plan.MemoryPerRankBytes;
        for (int r = 0; r < p; r++)
        {
            double measured = large.Allocated[r] - large.Transient - (small.Allocated[r] - small.Transient);
            Assert.True(Math.Abs(measured / planned - 1) <= 0.1, $"rank {r}: allocated {measured} more, planned {planned} more");
        }
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void TheOperatorEstimateIsWhatTheBuiltOperatorHolds(bool isotropic)
    {
        var grid = new VelocityGrid(2, 16, 5);
        var kernel = isotropic ? CollisionKernel.MaxwellBkw(2) : CollisionKernel.SeedPower(2, -0.5);
        var options = new SpectralOptions { R = 4.5, RadialPoints = 8, Threads = 1, Sphere = isotropic ? null : SphereRule.Circle(16) };
        using var op = new FastSpectralOperator(kernel, grid, options);
        Assert.Equal(isotropic, op.IsIsotropic);
        Assert.Equal(op.MemoryBytes, FastSpectralOperator.EstimateBytes(kernel, grid, options));
    }

    private static ExperimentOutcome Check(string file, int processes, long machine, Action<JsonObject>? edit = null)
    {
        var node = SpecReader.LoadObject(file);
        edit?.Invoke(node);
        var (kind, spec) = ExperimentRegistry.Read(node, "boltzmann.solve-inhomogeneous", ["boltzmann.solve-inhomogeneous"]);
        return kind.Run(spec, new RunContext { CheckOnly = true, Launch = new Launch(PlannedProcesses: processes), MachineMemoryBytes = machine });
    }

    /// <summary>
    /// 64³ x points × 32³ velocities on 64 planned ranks: each holds 4096 x points with all velocities and 512 velocities
    /// with all x points; f twice in the x-layout (with its last good copy), once in the v-layout, and two exchange
    /// buffers of 64 × 4096 × 512 values — 3 GiB + 2 GiB, computed here from the grid, plus small change.
    /// </summary>
    [Fact]
    public void TheLargeExampleIsPlannedForSixtyFourRanks()
    {
        var o = Check(Examples("boltzmann-inhomogeneous-64x32.json"), 64, 24L << 30);
        var plan = o.Data!["plan"] as JsonObject ?? o.Data!.AsObject();
        output.WriteLine(plan.ToJsonString());
        long x = 64L * 64 * 64, v = 32L * 32 * 32;
        Assert.Equal(x * v, (long)plan["unknowns"]!);
        long state = 8 * (2 * (x / 64) * v + (v / 64) * x), exchange = 2 * 8 * 64 * (x / 64) * (v / 64);
        Assert.Equal(3L << 30, state);
        Assert.Equal(state, (long)plan["state_bytes_per_rank"]!);
        Assert.Equal(exchange, (long)plan["exchange_bytes_per_rank"]!);
        long perRank = (long)plan["memory_per_rank_bytes"]!;
        Assert.InRange(perRank, state + exchange, (long)((state + exchange) * 1.02));
        Assert.True((bool)plan["equal_blocks"]!);
        Assert.Equal(0L, (long)plan["checkpoint_bytes_rank0"]!);
    }

    [Fact]
    public void APlanThatDoesNotFitTheMachineOrCannotCheckpointIsRefused()
    {
        string file = Examples("boltzmann-inhomogeneous-64x32.json");
        var e1 = Assert.Throws<InvalidInputException>(() => Check(file, 64, 4L << 30));
        Assert.Equal("processes", e1.Field);
        Assert.Contains("more than this machine's", e1.Reason);
        var e2 = Assert.Throws<InvalidInputException>(() => Check(file, 64, 1L << 40, n => n["checkpoint_every"] = 2));
        Assert.Equal("checkpoint_every", e2.Field);
        var e3 = Assert.Throws<InvalidInputException>(() => Check(file, 4, 1L << 40));
        Assert.Equal("processes", e3.Field);
        Assert.Contains("one array", e3.Reason);
        // in-process ranks share this process's memory: all of them are counted
        var small = Examples("boltzmann-inhomogeneous-small.json");
        var (kind, spec) = ExperimentRegistry.Read(SpecReader.LoadObject(small), "boltzmann.solve-inhomogeneous", ["boltzmann.solve-inhomogeneous"]);
        string outDir = Path.Combine(Path.GetTempPath(), $"kl-plan-{Guid.NewGuid():N}");
        var one = InhomogeneousSolverTests.Parse(File.ReadAllText(small));
        long perRank = InhomogeneousSolver.Plan(one.Grid, one.Settings, 2, FastSpectralOperator.EstimateBytes(one.Kernel, one.Grid.Velocity, one.Options()), 1, one.Checkpoints).MemoryPerRankBytes;
        var e4 = Assert.Throws<InvalidInputException>(() => kind.Run(spec, new RunContext
        {
            OutDir = outDir, Launch = new Launch(InProcessRanks: 2, Threads: 1), MachineMemoryBytes = perRank + perRank / 2,
        }));
        Assert.Equal("processes", e4.Field);
        Assert.Contains("2 ranks in this process", e4.Reason);
        Assert.False(Directory.Exists(outDir));
        // 100 ranks: unequal blocks, accepted
        var o = Check(file, 100, 24L << 30);
        var plan = o.Data!["plan"] as JsonObject ?? o.Data!.AsObject();
        Assert.False((bool)plan["equal_blocks"]!);
        Assert.Equal("[2621,2622]", plan["x_points_per_rank"]!.ToJsonString());
    }

    [Fact]
    public void CheckWithProcessesPrintsThePlanAndRefusesInOneLine()
    {
        string file = Examples("boltzmann-inhomogeneous-64x32.json");
        var (code, stdout, stderr) = ExitCodeTests.Run("boltzmann", "solve", file, "--check", "--processes", "64", "--json");
        Assert.True(code == 0, stderr);
        var j = JsonNode.Parse(stdout)!;
        Assert.True((long)j["memory_per_rank_bytes"]! > 5L << 30);
        Assert.Equal(64, (int)j["processes"]!);
        foreach (var (args, text) in new (string[], string)[]
                 {
                     (["--check", "--processes", "2"], "processes: 2: each rank would hold"),
                     (["--check", "--processes", "0"], "--processes: 0: must be >= 1"),
                     (["--processes", "64"], "--processes: 64: only with --check"),
                 })
        {
            var (c, so, se) = ExitCodeTests.Run(["boltzmann", "solve", file, .. args]);
            Assert.Equal(2, c);
            Assert.Equal("", so);
            Assert.Single(se.Trim().Split('\n'));
            Assert.Contains(text, se);
        }
    }
}
