namespace KineticLab.Output;

/// <summary>
/// One data series of a <see cref="Plot"/>: points <c>(X[i], Y[i])</c> and how to draw them.
/// The arrays are referenced, not copied. Points with a non-finite coordinate (or a non-positive one on a
/// log axis) are skipped and break the line there.
/// </summary>
public sealed class Series
{
    private readonly double[]? _yError;

    /// <param name="name">Legend text; empty for a series that should not appear in the legend.</param>
    /// <param name="x">Abscissae.</param>
    /// <param name="y">Ordinates, as many as <paramref name="x"/>.</param>
    /// <exception cref="ArgumentException">The arrays have different lengths.</exception>
    public Series(string name, double[] x, double[] y)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Length != y.Length)
            throw new ArgumentException($"x has {x.Length} points but y has {y.Length}", nameof(y));
        Name = name;
        X = x;
        Y = y;
    }

    /// <summary>Legend text (empty: not listed).</summary>
    public string Name { get; }

    public double[] X { get; }
    public double[] Y { get; }

    /// <summary>Join consecutive points with a line.</summary>
    public bool Line { get; init; } = true;

    /// <summary>Draw a small circle at each point.</summary>
    public bool Markers { get; init; } = false;

    /// <summary>Draw the line dashed.</summary>
    public bool Dashed { get; init; } = false;

    /// <summary>An SVG colour (e.g. <c>#0072B2</c>); <c>null</c> takes the next colour of <see cref="Palette.OkabeIto"/>.</summary>
    public string? Color { get; init; }

    /// <summary>Optional symmetric error bars: <c>Y[i] ± YError[i]</c> (same length as <see cref="Y"/>).</summary>
    /// <exception cref="ArgumentException">The length differs from that of <see cref="Y"/>.</exception>
    public double[]? YError
    {
        get => _yError;
        init
        {
            if (value != null && value.Length != Y.Length)
                throw new ArgumentException($"YError has {value.Length} values but y has {Y.Length}", nameof(YError));
            _yError = value;
        }
    }
}
