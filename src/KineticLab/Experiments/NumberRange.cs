using System.Globalization;

namespace KineticLab.Experiments;

/// <summary>Ranges <c>start:step:stop</c> (inclusive) and comma-separated lists of numbers.</summary>
public static class NumberRange
{
    public static double[] Parse(string field, string text, int maxCount = 10_000)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new InvalidInputException(field, text, "an empty range; use start:step:stop or a list a,b,c");
        var t = text.Trim();
        var inv = CultureInfo.InvariantCulture;
        if (!t.Contains(':'))
        {
            var parts = t.Split(',');
            var list = new double[parts.Length];
            for (int i = 0; i < parts.Length; i++)
            {
                var p = parts[i].Trim();
                if (p.Length == 0) throw new InvalidInputException(field, t, $"entry {i + 1} is empty");
                if (!double.TryParse(p, NumberStyles.Float, inv, out list[i])) throw new InvalidInputException(field, t, $"entry '{p}' is not a number");
                if (!double.IsFinite(list[i])) throw new InvalidInputException(field, t, $"entry '{p}' is not finite");
            }
            if (list.Length > maxCount) throw new InvalidInputException(field, t, $"more than {maxCount} values");
            return list;
        }
        var s = t.Split(':');
        if (s.Length != 3) throw new InvalidInputException(field, t, "a range is start:step:stop");
        var v = new double[3];
        for (int i = 0; i < 3; i++)
            if (!double.TryParse(s[i].Trim(), NumberStyles.Float, inv, out v[i]) || !double.IsFinite(v[i]))
                throw new InvalidInputException(field, t, $"'{s[i]}' is not a finite number");
        double a = v[0], h = v[1], b = v[2];
        if (h <= 0) throw new InvalidInputException(field, t, "the step must be > 0");
        if (b < a) throw new InvalidInputException(field, t, "stop must be >= start");
        double count = Math.Floor((b - a) / h * (1 + 1e-12) + 1e-9) + 1;
        if (count > maxCount) throw new InvalidInputException(field, t, $"more than {maxCount} values");
        var r = new double[(int)count];
        for (int i = 0; i < r.Length; i++) r[i] = Math.Round(a + i * h, 12);
        return r;
    }
}
