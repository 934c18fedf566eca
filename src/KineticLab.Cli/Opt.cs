using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using KineticLab.Experiments;

namespace KineticLab.Cli;

/// <summary>
/// Typed options with the one error style of the project, <c>--option: value: reason</c> (exit code 2): numbers,
/// integers, lists and ranges, choices. Parsing happens in System.CommandLine's custom parsers, so a verb's action
/// receives typed values.
/// </summary>
internal static class Opt
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    private static string Text(ArgumentResult r) => r.Tokens.Count == 0 ? "" : r.Tokens[^1].Value;

    private static string Name(ArgumentResult r) => (r.Parent as OptionResult)?.Option.Name ?? r.Argument.Name;

    /// <summary>A finite number.</summary>
    public static Option<double> Number(string name, string description, double? @default = null, bool required = false, params string[] aliases)
    {
        var o = new Option<double>(name, aliases) { Description = description, Required = required && @default is null };
        if (@default is { } d) o.DefaultValueFactory = _ => d;
        o.CustomParser = r => ParseNumber(r, Name(r), Text(r));
        return o;
    }

    /// <summary>A finite number, or null when the option is not given.</summary>
    public static Option<double?> OptionalNumber(string name, string description, params string[] aliases) =>
        new(name, aliases) { Description = description, CustomParser = r => ParseNumber(r, Name(r), Text(r)) };

    /// <summary>An integer.</summary>
    public static Option<int> Integer(string name, string description, int? @default = null, bool required = false, params string[] aliases)
    {
        var o = new Option<int>(name, aliases) { Description = description, Required = required && @default is null };
        if (@default is { } d) o.DefaultValueFactory = _ => d;
        o.CustomParser = r => ParseInteger(r, Name(r), Text(r));
        return o;
    }

    /// <summary>An integer, or null when the option is not given.</summary>
    public static Option<int?> OptionalInteger(string name, string description, params string[] aliases) =>
        new(name, aliases) { Description = description, CustomParser = r => ParseInteger(r, Name(r), Text(r)) };

    /// <summary>A comma-separated list a,b,c (<paramref name="ranges"/>: or a range start:step:stop) of finite numbers.</summary>
    public static Option<double[]> List(string name, string description, string? @default = null, bool ranges = true, int maxCount = 10_000, bool required = false)
    {
        var o = new Option<double[]>(name) { Description = description, Required = required && @default is null };
        if (@default is not null) o.DefaultValueFactory = r => Parse(r, name, @default, ranges, maxCount);
        o.CustomParser = r => Parse(r, Name(r), Text(r), ranges, maxCount);
        return o;
    }

    private static double[] Parse(ArgumentResult r, string name, string text, bool ranges, int maxCount)
    {
        try
        {
            if (!ranges && text.Contains(':')) throw new InvalidInputException(name, text.Trim(), "a list a,b,c is expected here, not a range");
            return NumberRange.Parse(name, text, maxCount);
        }
        catch (InvalidInputException e)
        {
            r.AddError(e.Message);
            return [];
        }
    }

    /// <summary>Three comma-separated numbers x,y,z.</summary>
    public static Option<double[]> Vector3(string name, string description, string? @default = null, bool required = false)
    {
        var o = new Option<double[]>(name) { Description = description, Required = required && @default is null };
        double[] P(ArgumentResult r, string text)
        {
            var v = Parse(r, name, text, false, 3);
            if (v.Length != 3 && r.Errors.Count() == 0) r.AddError($"{name}: {text}: must be three comma-separated numbers x,y,z");
            return v;
        }
        if (@default is not null) o.DefaultValueFactory = r => P(r, @default);
        o.CustomParser = r => P(r, Text(r));
        return o;
    }

    /// <summary>One of <paramref name="allowed"/> (case-insensitive), returned as written in <paramref name="allowed"/>.</summary>
    public static Option<string> Choice(string name, string description, string[] allowed, string? @default = null, bool required = false)
    {
        var o = new Option<string>(name) { Description = $"{description} One of {string.Join("|", allowed)}.", Required = required && @default is null };
        if (@default is not null) o.DefaultValueFactory = _ => @default;
        o.CustomParser = r =>
        {
            var t = Text(r).Trim();
            foreach (var a in allowed) if (string.Equals(a, t, StringComparison.OrdinalIgnoreCase)) return a;
            r.AddError($"{Name(r)}: {t}: must be one of {string.Join("|", allowed)}");
            return @default ?? allowed[0];
        };
        return o;
    }

    /// <summary>A choice that may be absent (null).</summary>
    public static Option<string?> OptionalChoice(string name, string description, string[] allowed)
    {
        var o = new Option<string?>(name) { Description = $"{description} One of {string.Join("|", allowed)}." };
        o.CustomParser = r =>
        {
            var t = Text(r).Trim();
            foreach (var a in allowed) if (string.Equals(a, t, StringComparison.OrdinalIgnoreCase)) return a;
            r.AddError($"{Name(r)}: {t}: must be one of {string.Join("|", allowed)}");
            return null;
        };
        return o;
    }

    /// <summary>A finite number from text, or invalid input naming the option.</summary>
    public static double Finite(string name, string text)
    {
        var t = text.Trim();
        if (t.Length == 0) throw new InvalidInputException(name, "", "a number is required");
        if (!double.TryParse(t, NumberStyles.Float, Inv, out var v)) throw new InvalidInputException(name, t, "not a number");
        if (!double.IsFinite(v)) throw new InvalidInputException(name, t, "must be a finite number");
        return v;
    }

    private static double ParseNumber(ArgumentResult r, string name, string text)
    {
        var t = text.Trim();
        if (t.Length == 0) { r.AddError($"{name}: : a number is required"); return 0; }
        if (!double.TryParse(t, NumberStyles.Float, Inv, out var v)) { r.AddError($"{name}: {t}: not a number"); return 0; }
        if (!double.IsFinite(v)) { r.AddError($"{name}: {t}: must be a finite number"); return 0; }
        return v;
    }

    private static int ParseInteger(ArgumentResult r, string name, string text)
    {
        var t = text.Trim();
        if (t.Length == 0) { r.AddError($"{name}: : an integer is required"); return 0; }
        if (!int.TryParse(t, NumberStyles.Integer, Inv, out var v)) { r.AddError($"{name}: {t}: not an integer"); return 0; }
        return v;
    }
}
