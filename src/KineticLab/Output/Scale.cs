namespace KineticLab.Output;

/// <summary>How an axis maps data to position.</summary>
public enum Scale
{
    /// <summary>Evenly spaced values; "nice" ticks at 1, 2 or 5 × 10^k steps.</summary>
    Linear,

    /// <summary>Evenly spaced decades; non-positive values are not drawn.</summary>
    Log,
}

/// <summary>Where a plot's legend box goes (inside the plot area).</summary>
public enum LegendPosition
{
    TopRight,
    TopLeft,
    BottomRight,
    BottomLeft,

    /// <summary>No legend.</summary>
    None,
}
