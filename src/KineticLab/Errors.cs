namespace KineticLab;

/// <summary>
/// Invalid user input: a parameter out of range, a malformed value, an inconsistent combination.
/// The CLI maps it to exit code 2 and prints <see cref="Exception.Message"/> as one line,
/// in the form <c>field: value: reason</c>.
/// </summary>
public sealed class InvalidInputException : Exception
{
    public InvalidInputException(string field, string value, string reason)
        : base($"{field}: {value}: {reason}")
    {
        Field = field;
        Value = value;
        Reason = reason;
    }

    public string Field { get; }
    public string Value { get; }
    public string Reason { get; }
}

/// <summary>
/// A numerical failure during a run (NaN/Inf, negative mass, step-size collapse).
/// The CLI maps it to exit code 1 and reports where it happened.
/// </summary>
public sealed class NumericalFailureException : Exception
{
    public NumericalFailureException(string quantity, double time, long step, string detail)
        : base($"numerical failure at t = {time:R} (step {step}): {quantity}: {detail}")
    {
        Quantity = quantity;
        Time = time;
        Step = step;
    }

    public string Quantity { get; }
    public double Time { get; }
    public long Step { get; }

    /// <summary>The checkpoint holding the last good state, when the run that failed wrote one.</summary>
    public string? SavedTo { get; set; }
}

/// <summary>Progress of a long computation, reported through <see cref="IProgress{T}"/>.</summary>
/// <param name="Stage">Short name of what is being done.</param>
/// <param name="Done">Units of work finished.</param>
/// <param name="Total">Units of work in all (0 when unknown).</param>
/// <param name="Detail">Optional free text (current parameter, time, ...).</param>
public readonly record struct ProgressInfo(string Stage, double Done, double Total, string? Detail = null);

/// <summary>Checks shared by every parameter object.</summary>
public static class Require
{
    public static double Finite(string field, double value)
    {
        if (!double.IsFinite(value)) throw new InvalidInputException(field, Fmt(value), "must be a finite number");
        return value;
    }

    public static double InRange(string field, double value, double lo, double hi, string? what = null)
    {
        Finite(field, value);
        if (value < lo || value > hi)
            throw new InvalidInputException(field, Fmt(value), what ?? $"must be in [{Fmt(lo)}, {Fmt(hi)}]");
        return value;
    }

    public static double Positive(string field, double value)
    {
        Finite(field, value);
        if (value <= 0) throw new InvalidInputException(field, Fmt(value), "must be > 0");
        return value;
    }

    public static double NonNegative(string field, double value)
    {
        Finite(field, value);
        if (value < 0) throw new InvalidInputException(field, Fmt(value), "must be >= 0");
        return value;
    }

    public static int IntInRange(string field, int value, int lo, int hi)
    {
        if (value < lo || value > hi)
            throw new InvalidInputException(field, value.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"must be an integer in [{lo}, {hi}]");
        return value;
    }

    public static string Fmt(double v) => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture);
}
