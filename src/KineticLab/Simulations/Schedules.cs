using System.Diagnostics;

namespace KineticLab.Simulations;

/// <summary>
/// When a callback, an output writer or the checkpointer acts (Oceananigans' schedules). A schedule is evaluated
/// after every step, and once at the start of a fresh run. Schedules are functions of the model's clock, so a resumed
/// run acts at the same steps as an uninterrupted one.
/// </summary>
public interface ISchedule
{
    /// <summary>True when the action is due at the model's current time and iteration.</summary>
    bool IsDue(IModel model);

    /// <summary>
    /// The next time strictly after <paramref name="time"/> at which the action is due, if the schedule is timed; the
    /// simulation shortens the step so that the model lands on it exactly. Null: no alignment needed.
    /// </summary>
    double? NextTime(double time);
}

/// <summary>Due every <see cref="Interval"/> iterations (iteration 0 included).</summary>
public sealed record IterationInterval(long Interval) : ISchedule
{
    public bool IsDue(IModel model) => Interval > 0 && model.Iteration % Interval == 0;
    public double? NextTime(double time) => null;
}

/// <summary>Due at the given iterations.</summary>
public sealed class SpecifiedIterations : ISchedule
{
    private readonly HashSet<long> _at;
    public SpecifiedIterations(IEnumerable<long> iterations) => _at = new HashSet<long>(iterations);
    public bool IsDue(IModel model) => _at.Contains(model.Iteration);
    public double? NextTime(double time) => null;
}

/// <summary>
/// Due when the model is at one of the given times; the model lands on each exactly (the step before is shortened).
/// </summary>
public sealed class SpecifiedTimes : ISchedule
{
    private readonly double[] _times;
    public SpecifiedTimes(IEnumerable<double> times) => _times = times.Distinct().Order().ToArray();
    public IReadOnlyList<double> Times => _times;
    public bool IsDue(IModel model) => System.Array.BinarySearch(_times, model.Time) >= 0;

    public double? NextTime(double time)
    {
        int i = System.Array.BinarySearch(_times, time);
        i = i >= 0 ? i + 1 : ~i;
        return i < _times.Length ? _times[i] : null;
    }
}

/// <summary>Due when any of the schedules is.</summary>
public sealed class AnyOf(params ISchedule[] schedules) : ISchedule
{
    public bool IsDue(IModel model)
    {
        foreach (var s in schedules) if (s.IsDue(model)) return true;
        return false;
    }

    public double? NextTime(double time)
    {
        double? best = null;
        foreach (var s in schedules)
            if (s.NextTime(time) is { } t && (best is null || t < best)) best = t;
        return best;
    }
}

/// <summary>Due when <paramref name="inner"/> is and at least <paramref name="minimum"/> of wall-clock time has passed since it last acted (the first time always).</summary>
public sealed class Throttled(ISchedule inner, TimeSpan minimum) : ISchedule
{
    private readonly Stopwatch _clock = new();

    public bool IsDue(IModel model)
    {
        if (!inner.IsDue(model)) return false;
        if (_clock.IsRunning && _clock.Elapsed < minimum) return false;
        _clock.Restart();
        return true;
    }

    public double? NextTime(double time) => inner.NextTime(time);
}

/// <summary>Never due.</summary>
public sealed class Never : ISchedule
{
    public static Never Instance { get; } = new();
    public bool IsDue(IModel model) => false;
    public double? NextTime(double time) => null;
}
