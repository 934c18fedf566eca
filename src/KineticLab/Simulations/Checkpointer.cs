using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using KineticLab.Numerics.Distributed;
using KineticLab.Output;

namespace KineticLab.Simulations;

/// <summary>
/// Writes the restart state on a schedule (Oceananigans' <c>Checkpointer</c>): the model's state (solution, clock,
/// stepper memory), the experiment's hash, the rank layout and the positions of the history logs, in the one
/// checkpoint format (<see cref="CheckpointFile"/>). It holds no history: the logs are the history. Also written when a
/// run stops early (interrupt, numerical failure, wall-clock limit), so the run can be resumed or inspected.
/// </summary>
public sealed class Checkpointer
{
    /// <param name="path">The checkpoint file (conventionally <see cref="CheckpointFile.FileName"/> in the results folder).</param>
    /// <param name="kind">The experiment kind (a checkpoint of another kind is refused).</param>
    /// <param name="experimentHash">Identifies the experiment (a checkpoint of another experiment is refused).</param>
    /// <param name="schedule">When to write (besides at early stops).</param>
    public Checkpointer(string path, string kind, string experimentHash, ISchedule schedule)
    {
        Path = path; Kind = kind; ExperimentHash = experimentHash; Schedule = schedule;
    }

    public string Path { get; }
    public string Kind { get; }
    public string ExperimentHash { get; }
    public ISchedule Schedule { get; }

    /// <summary>Checkpoints written in this process.</summary>
    public int Written { get; private set; }

    /// <summary>Writes the checkpoint (collective: every rank calls it; rank 0 writes).</summary>
    public void Write(Simulation sim)
    {
        var state = new ModelState();
        sim.Model.SaveState(state);
        foreach (var w in sim.OutputWriters) w.Flush();
        if (!sim.IsRoot) return;
        var header = new JsonObject
        {
            ["kind"] = Kind,
            ["experiment_sha256"] = ExperimentHash,
            ["processes"] = sim.Communicator.Size,
            ["time"] = Bits(sim.Model.Time),
            ["iteration"] = sim.Model.Iteration,
            ["time_readable"] = sim.Model.Time.ToString("R", CultureInfo.InvariantCulture),
        };
        var numbers = new JsonObject();
        foreach (var (k, v) in state.Numbers) numbers[k] = Bits(v);
        var integers = new JsonObject();
        foreach (var (k, v) in state.Integers) integers[k] = v;
        var texts = new JsonObject();
        foreach (var (k, v) in state.Texts) texts[k] = v;
        var logs = new JsonObject();
        foreach (var w in sim.OutputWriters)
            if (w.Position >= 0) logs[w.Name] = w.Position;
        header["numbers"] = numbers;
        header["integers"] = integers;
        header["texts"] = texts;
        header["logs"] = logs;
        CheckpointFile.Write(Path, header, state.Arrays);
        Written++;
    }

    /// <summary>True when a checkpoint file exists at <see cref="Path"/> (rank 0's view, shared with every rank).</summary>
    public bool Exists(ICommunicator comm) => comm.BroadcastString(comm.Rank == 0 && File.Exists(Path) ? "1" : "0") == "1";

    /// <summary>
    /// Restores the model and cuts the history logs back to the checkpoint (collective). Rank 0 reads and checks the
    /// file; the state is sent to every rank.
    /// </summary>
    /// <exception cref="InvalidInputException">(field <c>checkpoint</c>) Missing, corrupt, old, of another kind or experiment.</exception>
    public void Restore(Simulation sim)
    {
        var comm = sim.Communicator;
        ModelState? state = null;
        string error = "";
        JsonObject? header = null;
        InvalidInputException? rootError = null;
        if (sim.IsRoot)
        {
            try
            {
                (header, var arrays) = CheckpointFile.Read(Path);
                if ((string?)header["kind"] != Kind)
                    throw new InvalidInputException("checkpoint", Path, $"belongs to an experiment of kind {(string?)header["kind"] ?? "?"}, not {Kind}");
                if ((string?)header["experiment_sha256"] != ExperimentHash)
                    throw new InvalidInputException("checkpoint", Path, "belongs to a different experiment (its parameters differ from this one's)");
                state = new ModelState { Origin = Path };
                foreach (var (k, v) in (JsonObject)header["numbers"]!) state.SetNumber(k, FromBits(v!));
                foreach (var (k, v) in (JsonObject)header["integers"]!) state.SetInteger(k, (long)v!);
                foreach (var (k, v) in (JsonObject)header["texts"]!) state.SetText(k, (string)v!);
                foreach (var (name, values) in arrays) state.SetArray(name, values);
                // The history logs (rank 0 keeps them) are cut back to where this checkpoint was taken.
                var positions = (header["logs"] as JsonObject) ?? new JsonObject();
                foreach (var w in sim.OutputWriters)
                {
                    if (w.Position < 0) continue;
                    if (positions[w.Name] is not JsonValue pv || !pv.TryGetValue<long>(out var pos))
                        throw new InvalidInputException("checkpoint", Path, $"records no position of the history log '{w.Name}'");
                    w.Restore(pos);
                }
            }
            catch (InvalidInputException e) { rootError = e; }
            catch (Exception e) when (e is InvalidOperationException or FormatException or NullReferenceException or InvalidCastException)
            {
                rootError = new InvalidInputException("checkpoint", Path, "corrupt checkpoint: malformed header");
            }
            error = rootError?.Message ?? "";
        }
        error = comm.BroadcastString(error);
        if (error.Length > 0) throw rootError ?? new InvalidInputException("checkpoint", Path, error);
        if (comm.Size > 1) state = Broadcast(comm, state);
        sim.Model.LoadState(state!);
    }

    private static string Bits(double v) => "0x" + BitConverter.DoubleToInt64Bits(v).ToString("X16", CultureInfo.InvariantCulture);

    private static double FromBits(JsonNode n)
    {
        var s = (string)n!;
        if (!s.StartsWith("0x", StringComparison.Ordinal)) throw new FormatException("bits");
        return BitConverter.Int64BitsToDouble(long.Parse(s.AsSpan(2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
    }

    /// <summary>Sends rank 0's state to every rank (scalars as text, arrays in blocks of bytes).</summary>
    private static ModelState Broadcast(ICommunicator comm, ModelState? root)
    {
        var meta = new JsonObject();
        if (comm.Rank == 0)
        {
            var n = new JsonObject(); foreach (var (k, v) in root!.Numbers) n[k] = Bits(v);
            var i = new JsonObject(); foreach (var (k, v) in root.Integers) i[k] = v;
            var t = new JsonObject(); foreach (var (k, v) in root.Texts) t[k] = v;
            var a = new JsonArray(); foreach (var (k, v) in root.Arrays) a.Add(new JsonObject { ["name"] = k, ["length"] = v.LongLength });
            meta = new JsonObject { ["numbers"] = n, ["integers"] = i, ["texts"] = t, ["arrays"] = a, ["origin"] = root.Origin };
        }
        meta = JsonNode.Parse(comm.BroadcastString(meta.ToJsonString()))!.AsObject();
        var state = comm.Rank == 0 ? root! : new ModelState { Origin = (string?)meta["origin"] ?? "checkpoint" };
        if (comm.Rank != 0)
        {
            foreach (var (k, v) in (JsonObject)meta["numbers"]!) state.SetNumber(k, FromBits(v!));
            foreach (var (k, v) in (JsonObject)meta["integers"]!) state.SetInteger(k, (long)v!);
            foreach (var (k, v) in (JsonObject)meta["texts"]!) state.SetText(k, (string)v!);
        }
        foreach (var item in (JsonArray)meta["arrays"]!)
        {
            string name = (string)item!["name"]!;
            long length = (long)item["length"]!;
            var values = comm.Rank == 0 ? state.Array(name) : new double[length];
            const int block = 1 << 26; // doubles per broadcast (512 MiB)
            for (long s = 0; s < length; s += block)
            {
                int n = (int)Math.Min(block, length - s);
                comm.Broadcast(MemoryMarshal.AsBytes(values.AsSpan((int)s, n)), 0);
            }
            if (comm.Rank != 0) state.SetArray(name, values);
        }
        return state;
    }
}
