using KineticLab.Output.History;

namespace KineticLab.Simulations;

/// <summary>
/// Appends a row of scalars to an append-only CSV log (<see cref="TimeSeriesLog"/>) on its schedule: the run's time
/// series (moments, norms, step counts). The rows are kept in memory for the report; a resumed run reloads them.
/// </summary>
public sealed class TimeSeriesWriter(string name, string path, IReadOnlyList<string> columns, Func<Simulation, double[]> row, ISchedule schedule)
    : IOutputWriter, IDisposable
{
    private TimeSeriesLog? _log;

    public string Name => name;
    public string Path => path;
    public ISchedule Schedule => schedule;
    public IReadOnlyList<string> Columns => columns;

    /// <summary>The rows written so far (rank 0; empty elsewhere).</summary>
    public IReadOnlyList<double[]> Rows => _log?.Rows ?? [];

    public long Position => _log?.Position ?? 0;

    public void Write(Simulation sim)
    {
        var values = row(sim);
        if (!sim.IsRoot) return;
        _log ??= TimeSeriesLog.Create(path, columns);
        _log.Append(values);
    }

    public void Flush() => _log?.Flush(durable: true);

    public void Restore(long position)
    {
        _log?.Dispose();
        _log = TimeSeriesLog.Open(path, columns, position);
    }

    public void Finish(Simulation sim, RunStop stop) => _log?.Flush(durable: true);

    /// <summary>The column <paramref name="column"/> of every row.</summary>
    public double[] Column(string column) => _log?.Column(column) ?? [];

    public void Dispose() => _log?.Dispose();
}

/// <summary>Appends named arrays (snapshots, profiles) to an append-only binary log (<see cref="FieldLog"/>) on its schedule.</summary>
public sealed class FieldWriter(string name, string path, Func<Simulation, IEnumerable<(string Name, double[] Values)>> fields, ISchedule schedule)
    : IOutputWriter, IDisposable
{
    private FieldLog? _log;

    public string Name => name;
    public string Path => path;
    public ISchedule Schedule => schedule;
    public IReadOnlyList<FieldRecord> Records => _log?.Records ?? [];
    public long Position => _log?.Position ?? 0;

    public void Write(Simulation sim)
    {
        var items = fields(sim).ToList();
        if (!sim.IsRoot) return;
        _log ??= FieldLog.Create(path);
        foreach (var (n, v) in items) _log.Append(n, sim.Model.Iteration, sim.Model.Time, v);
    }

    public IEnumerable<FieldRecord> Named(string field) => _log?.Named(field) ?? [];

    public void Flush() => _log?.Flush(durable: true);

    public void Restore(long position)
    {
        _log?.Dispose();
        _log = FieldLog.Open(path, position);
    }

    public void Finish(Simulation sim, RunStop stop) => _log?.Flush(durable: true);

    public void Dispose() => _log?.Dispose();
}

/// <summary>
/// Rewrites the human-facing outputs (tables, figures, HDF5 file, summary, result record) from the history on its
/// schedule and once more when the run ends, completed or not (<paramref name="refresh"/> gets the stop, or null while
/// running). Rank 0 only. Keeps no history of its own.
/// </summary>
public sealed class ReportWriter(string name, ISchedule schedule, Action<Simulation, RunStop?> refresh) : IOutputWriter
{
    public string Name => name;
    public ISchedule Schedule => schedule;
    public long Position => -1;

    /// <summary>Refreshes written so far.</summary>
    public int Refreshes { get; private set; }

    public void Write(Simulation sim)
    {
        if (!sim.IsRoot) return;
        refresh(sim, null);
        Refreshes++;
    }

    public void Flush() { }
    public void Restore(long position) { }

    public void Finish(Simulation sim, RunStop stop)
    {
        if (!sim.IsRoot) return;
        refresh(sim, stop);
        Refreshes++;
    }
}

/// <summary>Keeps a value per action in memory (runs without a results folder: tests, notebooks).</summary>
public sealed class MemoryWriter<T>(string name, ISchedule schedule, Func<Simulation, T> value) : IOutputWriter
{
    private readonly List<T> _values = new();

    public string Name => name;
    public ISchedule Schedule => schedule;
    public IReadOnlyList<T> Values => _values;
    public long Position => -1;
    public void Write(Simulation simulation) => _values.Add(value(simulation));
    public void Flush() { }
    public void Restore(long position) { }
    public void Finish(Simulation simulation, RunStop stop) { }
}
