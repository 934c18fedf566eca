namespace KineticLab.Output;

/// <summary>
/// Colours for plot series: the Okabe–Ito palette (distinguishable with the common forms of colour
/// blindness), ordered so that the first colours have good contrast on white (yellow comes last).
/// </summary>
public static class Palette
{
    /// <summary>Blue, vermillion, bluish green, reddish purple, orange, sky blue, black, yellow.</summary>
    public static IReadOnlyList<string> OkabeIto { get; } =
        ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442"];

    /// <summary>The <paramref name="index"/>-th colour, cycling through <see cref="OkabeIto"/>.</summary>
    public static string Color(int index) => OkabeIto[((index % OkabeIto.Count) + OkabeIto.Count) % OkabeIto.Count];
}
