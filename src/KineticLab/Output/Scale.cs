namespace KineticLab.Output;

/// <summary>How an axis maps data to position.</summary>
public enum Scale
{
    /// <summary>Evenly spaced values; "nice" ticks at 1, 2 or 5 × 10^k steps.</summary>
    Linear,

    /// <summary>Evenly spaced decades, labelled 10⁻³, 10⁰, 10²; non-positive values are not drawn.</summary>
    Log,
}

/// <summary>
/// Where a plot's legend goes. The legend is drawn outside the data area, to the right of it, so it never
/// covers data; the Top… positions align it with the top of the data area, the Bottom… ones with the bottom.
/// </summary>
public enum LegendPosition
{
    TopRight,
    TopLeft,
    BottomRight,
    BottomLeft,

    /// <summary>No legend.</summary>
    None,
}
