using System.Security.Cryptography;
using System.Text.Json.Nodes;

namespace KineticLab.Output;

/// <summary>
/// The folder a run writes its results into: <c>result.json</c>, CSV tables, figures (SVG with a PNG beside each),
/// HDF5 files and <c>summary.md</c>. Every file is written atomically. When reuse is allowed (force) an existing folder is reused:
/// files already there are kept until each is replaced; the folder itself is never deleted.
/// </summary>
public sealed class ResultFolder
{
    private const string Field = "output";

    /// <summary>The reason given when the folder exists, is not empty and reuse was not allowed.</summary>
    public const string NotEmptyReason = "exists and is not empty";
    private readonly List<string> _files = new();
    private readonly HashSet<string> _written = new(StringComparer.Ordinal);

    private ResultFolder(string path) => Path = path;

    /// <summary>Full path of the folder.</summary>
    public string Path { get; }

    /// <summary>Names of the files written so far, in the order they were first written.</summary>
    public IReadOnlyList<string> Files => _files;

    /// <summary>Validates <paramref name="path"/>, creates the folder if needed and checks that it is writable.</summary>
    /// <param name="path">The folder (relative paths are resolved against the current directory).</param>
    /// <param name="force">Allow an existing non-empty folder.</param>
    /// <exception cref="InvalidInputException">
    /// (field <c>output</c>) The path is a file, the folder is not empty and <paramref name="force"/> is false,
    /// or the folder cannot be created or written to.
    /// </exception>
    public static ResultFolder Create(string path, bool force)
    {
        string full = Check(path, force);
        if (Directory.Exists(full))
        {
            // Temporary files of atomic writes that a killed run left behind are never results: remove them.
            try
            {
                foreach (var f in Directory.EnumerateFiles(full))
                    if (AtomicFile.IsTempName(System.IO.Path.GetFileName(f))) File.Delete(f);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Error(path, "not writable: " + ShortReason(e, full));
            }
        }
        else
        {
            try { Directory.CreateDirectory(full); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException)
            {
                throw Error(path, "not writable: " + ShortReason(e, full));
            }
        }

        string probe = System.IO.Path.Combine(full, $".kineticlab-probe-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None)) { }
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            try { File.Delete(probe); } catch (Exception) { /* best effort */ }
            throw Error(path, "not writable: " + ShortReason(e, full));
        }
        return new ResultFolder(full);
    }

    /// <summary>
    /// Validates <paramref name="path"/> as <see cref="Create"/> would, without creating or writing anything
    /// (used by <c>--check</c>); returns the full path.
    /// </summary>
    /// <exception cref="InvalidInputException">(field <c>--out</c>) As for <see cref="Create"/>.</exception>
    public static string Check(string path, bool force)
    {
        if (string.IsNullOrWhiteSpace(path)) throw Error(path ?? "", "must not be empty");
        string full;
        try { full = System.IO.Path.GetFullPath(path); }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Error(path, "not a valid path");
        }
        if (path.IndexOf('\0') >= 0) throw Error(path, "not a valid path");

        if (File.Exists(full)) throw Error(path, "is a file, not a folder");
        if (Directory.Exists(full))
        {
            bool empty;
            try { empty = !Directory.EnumerateFileSystemEntries(full).Any(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Error(path, "not writable: " + ShortReason(e, full));
            }
            if (!empty && !force)
                throw Error(path, NotEmptyReason);
        }
        else
        {
            for (string? p = System.IO.Path.GetDirectoryName(full); p != null; p = System.IO.Path.GetDirectoryName(p))
            {
                if (File.Exists(p)) throw Error(path, $"not writable: '{p}' is a file");
                if (Directory.Exists(p)) break;
            }
        }
        return full;
    }

    /// <summary>Full path of the file <paramref name="name"/> inside the folder (the name is validated).</summary>
    public string PathOf(string name)
    {
        ValidateName(name);
        return System.IO.Path.Combine(Path, name);
    }

    /// <summary>Writes a text file atomically (UTF-8, no BOM).</summary>
    /// <param name="name">A plain file name: no folder parts, not <c>.</c> or <c>..</c>.</param>
    /// <param name="content">The text to write.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a plain file name.</exception>
    public void WriteText(string name, string content)
    {
        ArgumentNullException.ThrowIfNull(content);
        AtomicFile.WriteAllText(PathOf(name), content);
        if (_written.Add(name)) _files.Add(name);
    }

    /// <summary>Writes indented JSON (see <see cref="Json.Serialize"/>), ending with a newline.</summary>
    public void WriteJson(string name, JsonNode node) => WriteText(name, Json.Serialize(node, indented: true) + "\n");

    /// <summary>Writes a CSV table.</summary>
    public void WriteCsv(string name, CsvTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        WriteText(name, table.ToCsv());
    }

    /// <summary>
    /// Writes a figure at its default size as SVG (<paramref name="name"/>, e.g. <c>drift.svg</c>) and as PNG
    /// beside it (<c>drift.png</c>), each atomically. A name without the <c>.svg</c> ending gets it.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a plain file name.</exception>
    public void WriteSvg(string name, IFigure plot)
    {
        ArgumentNullException.ThrowIfNull(name);
        WriteFigure(name.EndsWith(".svg", StringComparison.OrdinalIgnoreCase) ? name[..^4] : name, plot);
    }

    /// <summary>
    /// Writes a figure at its default size as <c><paramref name="stem"/>.svg</c> and <c><paramref name="stem"/>.png</c>,
    /// each atomically (the SVG first; a run stopped in between leaves the new SVG and the old PNG, or none).
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="stem"/> does not give plain file names.</exception>
    public void WriteFigure(string stem, IFigure figure)
    {
        ArgumentNullException.ThrowIfNull(stem);
        ArgumentNullException.ThrowIfNull(figure);
        string svgName = stem + ".svg", pngName = stem + ".png";
        ValidateName(svgName);
        ValidateName(pngName);
        string svg = figure.ToSvg(figure.DefaultWidth, figure.DefaultHeight);
        byte[] png = figure.ToPng(figure.DefaultWidth, figure.DefaultHeight);
        WriteText(svgName, svg);
        AtomicFile.WriteAllBytes(PathOf(pngName), png);
        if (_written.Add(pngName)) _files.Add(pngName);
    }

    /// <summary>
    /// Writes an HDF5 file atomically (see <see cref="Hdf5.Hdf5Document.Write(string)"/>), e.g. <c>results.h5</c>
    /// with the layout of docs/output.md (section HDF5).
    /// </summary>
    /// <param name="name">A plain file name: no folder parts, not <c>.</c> or <c>..</c>.</param>
    /// <param name="document">The document to write.</param>
    /// <exception cref="ArgumentException"><paramref name="name"/> is not a plain file name.</exception>
    public void WriteHdf5(string name, Hdf5.Hdf5Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        document.Write(PathOf(name));
        if (_written.Add(name)) _files.Add(name);
    }

    /// <summary>Writes <c>result.json</c>.</summary>
    public void WriteResult(ResultRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        WriteJson("result.json", record.ToJson());
    }

    /// <summary>Writes <c>summary.md</c>.</summary>
    public void WriteSummary(string markdown) => WriteText("summary.md", markdown);

    /// <summary>Throws <see cref="ArgumentException"/> unless <paramref name="name"/> is a plain file name.</summary>
    public static void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0 || string.IsNullOrWhiteSpace(name))
            throw new ArgumentException("file name must not be empty", nameof(name));
        if (name is "." or ".."
            || name.IndexOfAny(['/', '\\']) >= 0
            || name.IndexOfAny(System.IO.Path.GetInvalidFileNameChars()) >= 0
            || name.Contains(':')
            || System.IO.Path.GetFileName(name) != name)
            throw new ArgumentException($"'{name}' is not a plain file name (no folders, no '..')", nameof(name));
    }

    private static InvalidInputException Error(string path, string reason) => new(Field, path, reason);

    private static string ShortReason(Exception e, string full)
    {
        switch (e)
        {
            case UnauthorizedAccessException:
                return "permission denied";
            case DirectoryNotFoundException:
                // Find the nearest existing ancestor: a file there is the usual cause.
                for (string? p = System.IO.Path.GetDirectoryName(full); p != null; p = System.IO.Path.GetDirectoryName(p))
                {
                    if (File.Exists(p)) return $"'{p}' is a file";
                    if (Directory.Exists(p)) break;
                }
                return "parent folder cannot be created";
            default:
                string m = e.Message;
                int i = m.IndexOfAny(['\r', '\n']);
                return i < 0 ? m : m[..i];
        }
    }
}
