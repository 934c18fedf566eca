using System.Globalization;

namespace KineticLab.Cli;

/// <summary>
/// Parsing of option values with one error style for every verb: <c>--option: value: reason</c>
/// (thrown as <see cref="InvalidInputException"/>, exit code 2).
/// </summary>
public static class CliArgs
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static double Number(string option, string? text, double? fallback = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (fallback is { } f) return f;
            throw new InvalidInputException(option, text ?? "", "a number is required");
        }
        var t = text.Trim();
        if (!double.TryParse(t, NumberStyles.Float, Inv, out var v))
            throw new InvalidInputException(option, t, "not a number");
        if (!double.IsFinite(v)) throw new InvalidInputException(option, t, "must be a finite number");
        return v;
    }

    public static int Integer(string option, string? text, int? fallback = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (fallback is { } f) return f;
            throw new InvalidInputException(option, text ?? "", "an integer is required");
        }
        var t = text.Trim();
        if (!int.TryParse(t, NumberStyles.Integer, Inv, out var v))
            throw new InvalidInputException(option, t, "not an integer");
        return v;
    }

    /// <summary>A comma-separated list of finite numbers, at least one.</summary>
    public static double[] List(string option, string? text)
    {
        if (text is not null && text.Contains(':')) throw new InvalidInputException(option, text.Trim(), "a list a,b,c is expected here, not a range");
        return NumberRange.Parse(option, text ?? "");
    }

    /// <summary>
    /// A range <c>start:step:stop</c> (inclusive, step &gt; 0, at most <paramref name="maxCount"/> values),
    /// or a comma-separated list, or a single number.
    /// </summary>
    public static double[] Range(string option, string? text, int maxCount = 10_000) => NumberRange.Parse(option, text ?? "", maxCount);

    /// <summary>One of the allowed words (case-insensitive).</summary>
    public static string Choice(string option, string? text, IReadOnlyList<string> allowed, string? fallback = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            if (fallback is not null) return fallback;
            throw new InvalidInputException(option, text ?? "", $"must be one of {string.Join("|", allowed)}");
        }
        var t = text.Trim().ToLowerInvariant();
        foreach (var a in allowed)
            if (a == t) return a;
        throw new InvalidInputException(option, text.Trim(), $"must be one of {string.Join("|", allowed)}");
    }
}
