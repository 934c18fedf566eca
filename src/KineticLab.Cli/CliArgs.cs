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
        if (string.IsNullOrWhiteSpace(text)) throw new InvalidInputException(option, text ?? "", "an empty list; give numbers separated by commas");
        var parts = text.Split(',');
        var result = new double[parts.Length];
        for (int i = 0; i < parts.Length; i++)
        {
            var p = parts[i].Trim();
            if (p.Length == 0) throw new InvalidInputException(option, text.Trim(), $"entry {i + 1} is empty");
            if (!double.TryParse(p, NumberStyles.Float, Inv, out var v))
                throw new InvalidInputException(option, text.Trim(), $"entry '{p}' is not a number");
            if (!double.IsFinite(v)) throw new InvalidInputException(option, text.Trim(), $"entry '{p}' is not finite");
            result[i] = v;
        }
        return result;
    }

    /// <summary>
    /// A range <c>start:step:stop</c> (inclusive, step &gt; 0, at most <paramref name="maxCount"/> values),
    /// or a comma-separated list, or a single number.
    /// </summary>
    public static double[] Range(string option, string? text, int maxCount = 10_000)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new InvalidInputException(option, text ?? "", "an empty range; use start:step:stop or a list a,b,c");
        var t = text.Trim();
        if (!t.Contains(':')) return List(option, t);
        var parts = t.Split(':');
        if (parts.Length != 3) throw new InvalidInputException(option, t, "a range is start:step:stop");
        var v = new double[3];
        for (int i = 0; i < 3; i++)
        {
            if (!double.TryParse(parts[i].Trim(), NumberStyles.Float, Inv, out v[i]) || !double.IsFinite(v[i]))
                throw new InvalidInputException(option, t, $"'{parts[i]}' is not a finite number");
        }
        double a = v[0], h = v[1], b = v[2];
        if (h <= 0) throw new InvalidInputException(option, t, "the step must be > 0");
        if (b < a) throw new InvalidInputException(option, t, "stop must be >= start");
        double count = Math.Floor((b - a) / h * (1 + 1e-12) + 1e-9) + 1;
        if (count > maxCount) throw new InvalidInputException(option, t, $"more than {maxCount} values");
        int n = (int)count;
        var r = new double[n];
        for (int i = 0; i < n; i++)
        {
            double x = a + i * h;
            // Snap to a short decimal so 0:0.05:1 gives 0.15, not 0.15000000000000002.
            r[i] = Math.Round(x, 12);
        }
        return r;
    }

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
