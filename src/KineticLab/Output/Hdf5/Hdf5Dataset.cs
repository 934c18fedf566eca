using PureHDF;

namespace KineticLab.Output.Hdf5;

/// <summary>
/// An HDF5 dataset of an <see cref="Hdf5Document"/>: an n-dimensional array (row-major, C order, as .NET
/// multi-dimensional arrays and NumPy) of doubles, 64- or 32-bit integers or UTF-8 strings, with attributes.
/// Created by the <c>Dataset</c> methods of <see cref="Hdf5Group"/>; the data is copied then, so the caller
/// may reuse its buffer.
/// </summary>
public sealed class Hdf5Dataset
{
    private readonly Array _data;
    private readonly ulong[] _dims;

    internal Hdf5Dataset(string path, Array flatData, long[] shape)
    {
        Path = path;
        _data = flatData;
        Shape = shape;
        _dims = Array.ConvertAll(shape, d => (ulong)d);
        Attributes = new Hdf5Attributes(path);
    }

    /// <summary>Absolute path in the file, e.g. <c>/fields/n</c>.</summary>
    public string Path { get; }

    /// <summary>Name (the last part of <see cref="Path"/>).</summary>
    public string Name => Path[(Path.LastIndexOf('/') + 1)..];

    /// <summary>Dimensions, slowest-varying first (NumPy's <c>shape</c>).</summary>
    public IReadOnlyList<long> Shape { get; }

    /// <summary>Element type: <see cref="double"/>, <see cref="long"/>, <see cref="int"/> or <see cref="string"/>.</summary>
    public Type ElementType => _data.GetType().GetElementType()!;

    /// <summary>The dataset's attributes (see <see cref="Hdf5Attributes"/> for the accepted values).</summary>
    public Hdf5Attributes Attributes { get; }

    /// <summary>
    /// Sets the conventional <c>description</c> and <c>units</c> string attributes (those given) and returns the
    /// dataset, e.g. <c>g.Dataset("energy", e).Describe("total energy ∫ω n dω", units: "1")</c>.
    /// </summary>
    public Hdf5Dataset Describe(string? description = null, string? units = null)
    {
        if (description is not null) Attributes["description"] = description;
        if (units is not null) Attributes["units"] = units;
        return this;
    }

    internal H5Dataset ToPureHdf() => new(_data, fileDims: _dims) { Attributes = Attributes.ToPureHdf() };
}
