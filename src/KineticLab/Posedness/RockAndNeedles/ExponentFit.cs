using KineticLab.Numerics.Fitting;

namespace KineticLab.Posedness.RockAndNeedles;

/// <summary>A log–log slope with its standard error and the largest residual.</summary>
public readonly record struct Slope(double Value, double StdErr, double MaxResidual, int Points)
{
    /// <summary>Fits ln y = a + p ln x by least squares (positive finite data only).</summary>
    public static Slope Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var lx = new List<double>(); var ly = new List<double>();
        for (int i = 0; i < x.Count; i++)
            if (x[i] > 0 && y[i] > 0 && double.IsFinite(y[i])) { lx.Add(Math.Log(x[i])); ly.Add(Math.Log(y[i])); }
        if (lx.Count < 2) return new Slope(double.NaN, double.NaN, double.NaN, lx.Count);
        var f = LinearFit.Line(lx.ToArray(), ly.ToArray());
        double worst = 0;
        for (int i = 0; i < lx.Count; i++) worst = Math.Max(worst, Math.Abs(ly[i] - f.Coefficients[0] - f.Coefficients[1] * lx[i]));
        return new Slope(f.Coefficients[1], lx.Count > 2 ? f.StandardErrors[1] : 0, worst, lx.Count);
    }

    /// <summary>Fits ln y against ln x given as logarithms already.</summary>
    public static Slope FitLog(IReadOnlyList<double> lx, IReadOnlyList<double> ly)
    {
        var f = LinearFit.Line(lx.ToArray(), ly.ToArray());
        double worst = 0;
        for (int i = 0; i < lx.Count; i++) worst = Math.Max(worst, Math.Abs(ly[i] - f.Coefficients[0] - f.Coefficients[1] * lx[i]));
        return new Slope(f.Coefficients[1], lx.Count > 2 ? f.StandardErrors[1] : 0, worst, lx.Count);
    }
}

/// <summary>Shared helpers of the rock-and-needles experiments.</summary>
public static class RockNeedleSpecs
{
    public static void CheckList(string field, double[] values, int min = 1, int max = 200)
    {
        if (values is null || values.Length < min) throw new InvalidInputException(field, "", $"needs at least {min} value(s)");
        if (values.Length > max) throw new InvalidInputException(field, values.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), $"at most {max} values");
    }

    /// <summary>Validates the base parameters at every M of a scan (and each N₂), collecting distinct warnings.</summary>
    /// <remarks>Errors name <paramref name="mField"/> / <paramref name="n2Field"/> (the scan keys) instead of M / N2,
    /// and <paramref name="kernelField"/> instead of gamma / kernel when the kernel comes from a list.</remarks>
    public static List<string> ValidateAt(NeedleParameters p, IEnumerable<double> ms, IEnumerable<double>? n2s = null,
        string mField = "M", string n2Field = "N2", string? kernelField = null)
    {
        var w = new List<string>();
        try
        {
            foreach (var m in ms)
                foreach (var n2 in n2s ?? [p.N2])
                    foreach (var x in (p with { M = m, N2 = n2 }).Validate())
                        if (!w.Contains(x)) w.Add(x);
        }
        catch (InvalidInputException e) when (e.Field is "M" or "N2" or "gamma" or "kernel")
        {
            string field = e.Field switch { "M" => mField, "N2" => n2Field, _ => kernelField ?? e.Field };
            throw new InvalidInputException(field, e.Value, e.Reason);
        }
        return w;
    }
}
