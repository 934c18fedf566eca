namespace KineticLab.Simulations;

/// <summary>
/// Something a <see cref="Simulation"/> writes on a schedule: an append-only history log, a report refreshed from the
/// history, the checkpoint. Writers that keep files report their <see cref="Position"/> (bytes written), which the
/// checkpoint records, so that a resumed run first cuts each log back to where the checkpoint was taken and the result
/// equals an uninterrupted run's. Writers are called on every rank; those that write files do so on rank 0 only.
/// </summary>
public interface IOutputWriter
{
    /// <summary>A name unique among the simulation's writers (the key of its position in the checkpoint).</summary>
    string Name { get; }

    ISchedule Schedule { get; }

    /// <summary>Writes what is due at the model's current state.</summary>
    void Write(Simulation simulation);

    /// <summary>Bytes of history written so far (−1: the writer keeps no history to cut back on resume).</summary>
    long Position { get; }

    /// <summary>Makes what was written durable (before a checkpoint records <see cref="Position"/>).</summary>
    void Flush();

    /// <summary>On resume: cut the history back to <paramref name="position"/> and reload it.</summary>
    void Restore(long position);

    /// <summary>At the end of the run, completed or stopped early: final outputs (tables, figures, summary saying where and why it stopped).</summary>
    void Finish(Simulation simulation, RunStop stop);
}
