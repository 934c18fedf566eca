using System.Text.Json.Nodes;
using PureHDF;

namespace KineticLab.Output.Hdf5;

/// <summary>
/// An HDF5 group of an <see cref="Hdf5Document"/>: named subgroups and datasets, plus attributes.
/// </summary>
/// <remarks>
/// Names of groups and datasets must be non-empty, must not be <c>.</c> or <c>..</c> and must not contain
/// <c>/</c> or NUL; methods that take a <em>path</em> accept several names joined by <c>/</c>
/// (<c>"fields/slices"</c>), relative to this group. A name holds either a group or a dataset, and a dataset
/// cannot be replaced once added.
/// </remarks>
public class Hdf5Group
{
    private readonly List<string> _order = new();
    private readonly Dictionary<string, object> _children = new(StringComparer.Ordinal);

    internal Hdf5Group(string path)
    {
        Path = path;
        Attributes = new Hdf5Attributes(path);
    }

    /// <summary>Absolute path in the file: <c>/</c> for the root, otherwise e.g. <c>/timeseries</c>.</summary>
    public string Path { get; }

    /// <summary>The group's attributes (see <see cref="Hdf5Attributes"/> for the accepted values).</summary>
    public Hdf5Attributes Attributes { get; }

    /// <summary>Names of the subgroups and datasets, in the order they were added.</summary>
    public IReadOnlyList<string> Names => _order;

    /// <summary>
    /// The subgroup at <paramref name="path"/> (<c>"a"</c> or <c>"a/b"</c>), created with any missing
    /// intermediate groups if it does not exist yet.
    /// </summary>
    /// <exception cref="ArgumentException">A name is invalid, or a part of the path is a dataset.</exception>
    public Hdf5Group Group(string path)
    {
        var g = this;
        foreach (var name in SplitPath(path)) g = g.ChildGroup(name);
        return g;
    }

    /// <summary>True if this group has a subgroup or dataset at <paramref name="path"/>.</summary>
    public bool Contains(string path)
    {
        object? node = this;
        foreach (var name in SplitPath(path))
            if (node is not Hdf5Group g || !g._children.TryGetValue(name, out node)) return false;
        return true;
    }

    /// <summary>A one-dimensional dataset of doubles (NaN and ±∞ are kept bit for bit).</summary>
    /// <param name="path">Name, or a path whose missing groups are created.</param>
    /// <param name="data">The values (copied).</param>
    /// <exception cref="ArgumentException">The name is invalid or already used.</exception>
    public Hdf5Dataset Dataset(string path, double[] data) => Add(path, Copy(data), [NotNull(data).Length]);

    /// <summary>A two-dimensional dataset of doubles (shape <c>[GetLength(0), GetLength(1)]</c>, row-major).</summary>
    /// <inheritdoc cref="Dataset(string, double[])"/>
    public Hdf5Dataset Dataset(string path, double[,] data) => Add(path, Flatten<double>(data), Dims(data));

    /// <summary>A three-dimensional dataset of doubles (row-major: the last index varies fastest).</summary>
    /// <inheritdoc cref="Dataset(string, double[])"/>
    public Hdf5Dataset Dataset(string path, double[,,] data) => Add(path, Flatten<double>(data), Dims(data));

    /// <summary>A four-dimensional dataset of doubles (row-major: the last index varies fastest).</summary>
    /// <inheritdoc cref="Dataset(string, double[])"/>
    public Hdf5Dataset Dataset(string path, double[,,,] data) => Add(path, Flatten<double>(data), Dims(data));

    /// <summary>
    /// A dataset of doubles of any rank from a flat row-major array, e.g. <c>f[ix * nv + iv]</c> with
    /// <c>shape: [nx, nv]</c>. The product of <paramref name="shape"/> must equal the length of
    /// <paramref name="data"/>.
    /// </summary>
    /// <param name="path">Name, or a path whose missing groups are created.</param>
    /// <param name="data">The values in row-major order (copied).</param>
    /// <param name="shape">Dimensions, slowest-varying first; at least one, none negative.</param>
    /// <exception cref="ArgumentException">Invalid or used name, or a shape that does not match the data.</exception>
    public Hdf5Dataset Dataset(string path, double[] data, int[] shape) => Add(path, Copy(data), Shape(shape, NotNull(data).Length));

    /// <summary>A one-dimensional dataset of 64-bit integers.</summary>
    /// <inheritdoc cref="Dataset(string, double[])"/>
    public Hdf5Dataset Dataset(string path, long[] data) => Add(path, Copy(data), [NotNull(data).Length]);

    /// <summary>A dataset of 64-bit integers of any rank from a flat row-major array.</summary>
    /// <inheritdoc cref="Dataset(string, double[], int[])"/>
    public Hdf5Dataset Dataset(string path, long[] data, int[] shape) => Add(path, Copy(data), Shape(shape, NotNull(data).Length));

    /// <summary>A one-dimensional dataset of 32-bit integers.</summary>
    /// <inheritdoc cref="Dataset(string, double[])"/>
    public Hdf5Dataset Dataset(string path, int[] data) => Add(path, Copy(data), [NotNull(data).Length]);

    /// <summary>A dataset of 32-bit integers of any rank from a flat row-major array.</summary>
    /// <inheritdoc cref="Dataset(string, double[], int[])"/>
    public Hdf5Dataset Dataset(string path, int[] data, int[] shape) => Add(path, Copy(data), Shape(shape, NotNull(data).Length));

    /// <summary>
    /// A one-dimensional dataset of variable-length UTF-8 strings (h5py 3 reads them as <c>bytes</c>; use
    /// <c>ds.asstr()[...]</c> for <c>str</c>). Elements must not be null or contain NUL.
    /// </summary>
    /// <inheritdoc cref="Dataset(string, double[])"/>
    public Hdf5Dataset Dataset(string path, string[] data)
    {
        var copy = Copy(data);
        foreach (var s in copy)
        {
            if (s is null) throw new ArgumentException($"{Join(path)}: null string element", nameof(data));
            if (s.Contains('\0')) throw new ArgumentException($"{Join(path)}: strings must not contain NUL", nameof(data));
        }
        return Add(path, copy, [copy.Length]);
    }

    /// <summary>
    /// Adds the members of a JSON object as attributes of this group, flattened to dotted names: nested objects
    /// give <c>grid.omega_min</c>, array elements that are objects or mixed give <c>initial.components[0].weight</c>.
    /// Typical use: <c>doc.Group("parameters").AddAttributesFrom(record.Parameters)</c>.
    /// </summary>
    /// <remarks>
    /// Values: a string becomes a string; <c>true</c>/<c>false</c> a boolean; a number written without a decimal
    /// point or exponent (<c>12</c>) a 64-bit integer (if it fits), any other number (<c>0.5</c>, <c>1e-3</c>) a
    /// double (for objects built in C#, the .NET type decides: double/float/decimal → double, integer types →
    /// long). An array of strings, of booleans or of numbers becomes a one-dimensional attribute (numbers: long
    /// if all are integers, otherwise double with <c>null</c> elements as NaN, the inverse of
    /// <see cref="Json.Number"/>); an empty array an empty double array; any other array is flattened element by
    /// element (<c>name[i]</c>). <c>null</c> members and empty objects are left out (HDF5, as written by
    /// PureHDF, has no null attribute).
    /// </remarks>
    /// <param name="values">The object to flatten (not modified).</param>
    /// <param name="prefix">Prepended to every name (e.g. <c>"solver."</c>); empty by default.</param>
    /// <exception cref="ArgumentException">A resulting name already exists on this group, or an array is too
    /// large for an attribute (<see cref="Hdf5Attributes.MaxBytes"/>). Nothing is added in that case.</exception>
    public void AddAttributesFrom(JsonObject values, string prefix = "")
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(prefix);
        var flat = new List<KeyValuePair<string, object>>();
        Hdf5Json.Flatten(values, prefix, flat);
        // Validate everything first so that a failure adds nothing.
        var scratch = new Hdf5Attributes(Path);
        foreach (var (name, value) in flat)
        {
            if (Attributes.ContainsKey(name))
                throw new ArgumentException($"{Path}: attribute '{name}' already exists", nameof(values));
            scratch.Add(name, value);
        }
        foreach (var (name, value) in scratch) Attributes.Add(name, value);
    }

    internal H5Group ToPureHdf(H5Group target)
    {
        target.Attributes = Attributes.ToPureHdf();
        foreach (var name in _order)
        {
            target[name] = _children[name] switch
            {
                Hdf5Group g => g.ToPureHdf(new H5Group()),
                Hdf5Dataset d => d.ToPureHdf(),
                _ => throw new InvalidOperationException("unexpected child"),
            };
        }
        return target;
    }

    private Hdf5Group ChildGroup(string name)
    {
        if (_children.TryGetValue(name, out var existing))
            return existing as Hdf5Group
                ?? throw new ArgumentException($"{Join(name)} is a dataset, not a group", nameof(name));
        var g = new Hdf5Group(Join(name));
        _children[name] = g;
        _order.Add(name);
        return g;
    }

    private Hdf5Dataset Add(string path, Array flat, long[] shape)
    {
        var names = SplitPath(path);
        var parent = this;
        for (int i = 0; i < names.Length - 1; i++) parent = parent.ChildGroup(names[i]);
        string name = names[^1];
        if (parent._children.TryGetValue(name, out var existing))
            throw new ArgumentException(
                $"{parent.Join(name)} already exists (as a {(existing is Hdf5Group ? "group" : "dataset")})", nameof(path));
        var ds = new Hdf5Dataset(parent.Join(name), flat, shape);
        parent._children[name] = ds;
        parent._order.Add(name);
        return ds;
    }

    private string Join(string name) => Path == "/" ? "/" + name : Path + "/" + name;

    private string[] SplitPath(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        var names = path.Split('/');
        foreach (var n in names)
        {
            if (n.Length == 0 || n is "." or ".." || n.Contains('\0'))
                throw new ArgumentException(
                    $"{Path}: '{path}' is not a valid name or relative path (non-empty names joined by '/', no '.', '..' or NUL)",
                    nameof(path));
        }
        return names;
    }

    private static T NotNull<T>(T value) where T : class => value ?? throw new ArgumentNullException(nameof(value));

    private static T[] Copy<T>(T[] data) => (T[])NotNull(data).Clone();

    private static T[] Flatten<T>(Array data) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(data);
        var flat = new T[data.Length];
        Buffer.BlockCopy(data, 0, flat, 0, checked(data.Length * System.Runtime.CompilerServices.Unsafe.SizeOf<T>()));
        return flat;
    }

    private static long[] Dims(Array data)
    {
        ArgumentNullException.ThrowIfNull(data);
        var dims = new long[data.Rank];
        for (int i = 0; i < dims.Length; i++) dims[i] = data.GetLength(i);
        return dims;
    }

    private static long[] Shape(int[] shape, int length)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length == 0) throw new ArgumentException("shape must have at least one dimension", nameof(shape));
        long product = 1;
        foreach (int d in shape)
        {
            if (d < 0) throw new ArgumentException($"shape [{string.Join(", ", shape)}] has a negative dimension", nameof(shape));
            product = checked(product * d);
        }
        if (product != length)
            throw new ArgumentException($"shape [{string.Join(", ", shape)}] holds {product} elements, the data {length}", nameof(shape));
        return Array.ConvertAll(shape, d => (long)d);
    }
}
