namespace KineticLab.Output;

/// <summary>
/// A figure that can be written as SVG and as PNG (<see cref="ResultFolder.WriteFigure"/> writes both):
/// <see cref="Plot"/> (lines and markers) and <see cref="HeatmapPlot"/> (a grid of values with a colour bar,
/// contour lines, or two filled regions, with curves on top).
/// </summary>
public interface IFigure
{
    /// <summary>Width in pixels used when none is given.</summary>
    int DefaultWidth { get; }

    /// <summary>Height in pixels used when none is given.</summary>
    int DefaultHeight { get; }

    /// <summary>The figure as a standalone SVG document (same figure, same bytes; ends with <c>&lt;/svg&gt;</c>).</summary>
    string ToSvg(int width, int height);

    /// <summary>The figure as a PNG image of <paramref name="width"/> × <paramref name="height"/> pixels.</summary>
    byte[] ToPng(int width, int height);
}
