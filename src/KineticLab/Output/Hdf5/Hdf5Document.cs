using System.Reflection;
using System.Runtime.ExceptionServices;
using System.Text.Json.Nodes;
using PureHDF;

namespace KineticLab.Output.Hdf5;

/// <summary>
/// An HDF5 file being assembled in memory: the root group with its subgroups, datasets and attributes, written
/// in one go by <see cref="Write(string)"/> (atomically) or <see cref="WriteTo"/>. Encoding is done by PureHDF
/// (managed, no native HDF5 library); the files are HDF5 1.10-compatible (superblock version 3) and read by
/// h5py, HDF5.jl, <c>h5dump</c> and anything else built on libhdf5 1.10 or later.
/// </summary>
/// <remarks>
/// <para>Results-folder convention (docs/output.md, section HDF5):</para>
/// <list type="bullet">
/// <item>root attributes <c>kind</c> (as in <c>result.json</c>) and <c>version</c> (the library version);</item>
/// <item><c>/parameters</c>: the run's parameters as attributes (<see cref="Hdf5Group.AddAttributesFrom"/>);</item>
/// <item><c>/timeseries</c>: one-dimensional datasets of equal length, <c>t</c> first;</item>
/// <item><c>/fields</c>: distributions, spectra and slices with their grids; <c>/profiles</c>: spatial profiles.</item>
/// </list>
/// <see cref="ForRun"/> creates a document with the first two filled in.
/// <code>
/// var doc = Hdf5Document.ForRun("kwe.solve", parameters);
/// var ts = doc.Group("timeseries");
/// ts.Dataset("t", t).Describe("time", units: "1");
/// ts.Dataset("waveaction", n1).Describe("∫ n dω");
/// doc.Group("fields").Dataset("n", nOfTOmega);          // double[,]: [time, omega]
/// folder.WriteHdf5("results.h5", doc);
/// </code>
/// A document is not thread-safe. Arrays are copied when added, so the document does not change if the
/// caller's buffers do.
/// </remarks>
public sealed class Hdf5Document : Hdf5Group
{
    /// <summary>An empty document (the root group <c>/</c> without attributes).</summary>
    public Hdf5Document() : base("/") { }

    /// <summary>
    /// A document following the results convention: root attributes <c>kind</c> and <c>version</c>
    /// (<see cref="ResultRecord.LibraryVersion"/>), and the group <c>/parameters</c> with
    /// <paramref name="parameters"/> flattened into its attributes.
    /// </summary>
    /// <param name="kind">Dotted name of the experiment, as <see cref="ResultRecord.Kind"/>.</param>
    /// <param name="parameters">The run's parameters, as <see cref="ResultRecord.Parameters"/> (not modified).</param>
    public static Hdf5Document ForRun(string kind, JsonObject parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(kind);
        ArgumentNullException.ThrowIfNull(parameters);
        var doc = new Hdf5Document();
        doc.Attributes["kind"] = kind;
        doc.Attributes["version"] = ResultRecord.LibraryVersion;
        doc.Group("parameters").AddAttributesFrom(parameters);
        return doc;
    }

    /// <summary>
    /// Writes the file atomically (see <see cref="AtomicFile"/>): to <c>.&lt;name&gt;.tmp-&lt;random&gt;</c> in
    /// the same folder, flushed, then renamed over <paramref name="path"/>. If anything fails (a full disk, an
    /// encoding error), the temporary file is removed, the exception propagates and an existing file at
    /// <paramref name="path"/> is left as it was.
    /// </summary>
    /// <exception cref="IOException">The file cannot be written (the folder does not exist, the disk is full, ...).</exception>
    public void Write(string path) => Write(path, s => s);

    /// <summary>As <see cref="Write(string)"/>, with the temporary file's stream wrapped (tests inject failures).</summary>
    internal void Write(string path, Func<Stream, Stream> wrap)
    {
        ArgumentNullException.ThrowIfNull(wrap);
        var file = Build();
        AtomicFile.Write(path, stream => Unwrapped(() => file.Write(wrap(stream))));
    }

    /// <summary>
    /// Writes the file to <paramref name="stream"/>, which must be readable, writable and seekable and is left
    /// open. Prefer <see cref="Write(string)"/> for files.
    /// </summary>
    public void WriteTo(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (!stream.CanRead || !stream.CanWrite || !stream.CanSeek)
            throw new ArgumentException("the stream must be readable, writable and seekable", nameof(stream));
        var file = Build();
        Unwrapped(() => file.Write(stream));
    }

    /// <summary>
    /// PureHDF calls its encoders through reflection, so an <see cref="IOException"/> (a full disk) arrives wrapped
    /// in <see cref="TargetInvocationException"/>; rethrow the original so callers see the real error.
    /// </summary>
    private static void Unwrapped(Action write)
    {
        try { write(); }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            Exception inner = e.InnerException;
            while (inner is TargetInvocationException { InnerException: { } next }) inner = next;
            ExceptionDispatchInfo.Capture(inner).Throw();
            throw; // unreachable
        }
    }

    private H5File Build() => (H5File)ToPureHdf(new H5File());
}
