using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace KineticLab.Output.Hdf5;

/// <summary>
/// The attributes of an HDF5 group or dataset: small named values, kept in insertion order.
/// </summary>
/// <remarks>
/// <para>Accepted values and how they are stored:</para>
/// <list type="table">
/// <listheader><term>.NET value</term><description>HDF5 attribute</description></listheader>
/// <item><term><see cref="string"/></term><description>scalar variable-length UTF-8 string</description></item>
/// <item><term><see cref="double"/></term><description>scalar 64-bit IEEE float (NaN and ±∞ kept bit for bit)</description></item>
/// <item><term><see cref="long"/>, <see cref="int"/></term><description>scalar 64-bit signed integer (an <see cref="int"/> is widened)</description></item>
/// <item><term><see cref="bool"/></term><description>scalar 8-bit enum <c>{FALSE = 0, TRUE = 1}</c>, the h5py convention (h5py reads <c>numpy.bool_</c>)</description></item>
/// <item><term><c>double[]</c>, <c>long[]</c>, <c>int[]</c>, <c>bool[]</c>, <c>string[]</c></term><description>one-dimensional arrays of the above (copied when set)</description></item>
/// </list>
/// <para>
/// Attributes are for parameters and metadata: an attribute may hold at most <see cref="MaxBytes"/> bytes
/// (4096 doubles; 2048 strings, whose text is stored separately and does not count). Store larger arrays as
/// datasets. Names must be non-empty and must not contain a NUL character; strings must not contain NUL either.
/// </para>
/// </remarks>
public sealed class Hdf5Attributes : IReadOnlyDictionary<string, object>
{
    /// <summary>
    /// Largest payload of one attribute, in bytes (element size × count; a string element counts 16 bytes).
    /// The HDF5 format limits an attribute message to 64 KiB including its header, and PureHDF 2.2.0 writes an
    /// unreadable file instead of failing when that is exceeded, so this writer keeps well below it.
    /// </summary>
    public const int MaxBytes = 32 * 1024;

    private readonly List<string> _order = new();
    private readonly Dictionary<string, object> _values = new(StringComparer.Ordinal);
    private readonly string _owner;

    internal Hdf5Attributes(string owner) => _owner = owner;

    /// <summary>
    /// Gets or sets an attribute. Setting validates and normalizes the value (see the remarks of
    /// <see cref="Hdf5Attributes"/>: <see cref="int"/> becomes <see cref="long"/>, arrays are copied) and
    /// replaces an existing attribute of the same name, keeping its position.
    /// </summary>
    /// <exception cref="ArgumentException">The name or the value is not accepted.</exception>
    /// <exception cref="KeyNotFoundException">(get) No attribute has that name.</exception>
    public object this[string name]
    {
        get => _values.TryGetValue(name, out var v) ? v : throw new KeyNotFoundException($"{_owner}: no attribute '{name}'");
        set
        {
            ValidateName(name);
            var normalized = Normalize(name, value);
            if (!_values.ContainsKey(name)) _order.Add(name);
            _values[name] = normalized;
        }
    }

    /// <summary>Adds an attribute; unlike the indexer, fails if the name is already used.</summary>
    /// <exception cref="ArgumentException">The name is already used, or the name or value is not accepted.</exception>
    public void Add(string name, object value)
    {
        ValidateName(name);
        if (_values.ContainsKey(name))
            throw new ArgumentException($"{_owner}: attribute '{name}' already exists", nameof(name));
        this[name] = value;
    }

    /// <summary>Removes an attribute; false if there was none of that name.</summary>
    public bool Remove(string name)
    {
        if (!_values.Remove(name)) return false;
        _order.Remove(name);
        return true;
    }

    /// <summary>Number of attributes.</summary>
    public int Count => _order.Count;

    /// <summary>Attribute names in insertion order.</summary>
    public IEnumerable<string> Keys => _order;

    /// <summary>Attribute values (normalized) in insertion order.</summary>
    public IEnumerable<object> Values => _order.Select(n => _values[n]);

    /// <summary>True if an attribute of that name exists.</summary>
    public bool ContainsKey(string key) => _values.ContainsKey(key);

    /// <summary>Gets the (normalized) value of an attribute.</summary>
    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object value) => _values.TryGetValue(key, out value);

    /// <summary>The attributes in insertion order.</summary>
    public IEnumerator<KeyValuePair<string, object>> GetEnumerator()
    {
        foreach (var n in _order) yield return new KeyValuePair<string, object>(n, _values[n]);
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <summary>The attributes as PureHDF expects them (bools as the FALSE/TRUE enum).</summary>
    internal Dictionary<string, object> ToPureHdf()
    {
        var d = new Dictionary<string, object>(StringComparer.Ordinal);
        foreach (var n in _order)
        {
            d[n] = _values[n] switch
            {
                bool b => Hdf5Bools.From(b),
                bool[] a => Array.ConvertAll(a, Hdf5Bools.From),
                var v => v,
            };
        }
        return d;
    }

    private void ValidateName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length == 0) throw new ArgumentException($"{_owner}: attribute name must not be empty", nameof(name));
        if (name.Contains('\0')) throw new ArgumentException($"{_owner}: attribute name must not contain NUL", nameof(name));
    }

    private object Normalize(string name, object value)
    {
        ArgumentNullException.ThrowIfNull(value, nameof(value));
        object v = value switch
        {
            string s => CheckString(name, s),
            double d => d,
            long l => l,
            int i => (long)i,
            bool b => b,
            double[] a => CheckSize(name, (double[])a.Clone(), a.Length, sizeof(double)),
            long[] a => CheckSize(name, (long[])a.Clone(), a.Length, sizeof(long)),
            int[] a => CheckSize(name, Array.ConvertAll(a, x => (long)x), a.Length, sizeof(long)),
            bool[] a => CheckSize(name, (bool[])a.Clone(), a.Length, 1),
            string[] a => CheckSize(name, CheckStrings(name, a), a.Length, 16),
            _ => throw new ArgumentException(
                $"{_owner}: attribute '{name}': unsupported type {value.GetType().Name} " +
                "(use string, double, long, int, bool or a one-dimensional array of them)", nameof(value)),
        };
        return v;
    }

    private string CheckString(string name, string s)
    {
        if (s.Contains('\0')) throw new ArgumentException($"{_owner}: attribute '{name}': strings must not contain NUL", nameof(name));
        return s;
    }

    private string[] CheckStrings(string name, string[] a)
    {
        var copy = (string[])a.Clone();
        foreach (var s in copy)
        {
            if (s is null) throw new ArgumentException($"{_owner}: attribute '{name}': null string element", nameof(name));
            CheckString(name, s);
        }
        return copy;
    }

    private object CheckSize(string name, object array, int count, int elementBytes)
    {
        long bytes = (long)count * elementBytes;
        if (bytes > MaxBytes)
            throw new ArgumentException(
                $"{_owner}: attribute '{name}' would hold {bytes} bytes (at most {MaxBytes}); store large arrays as datasets", nameof(name));
        return array;
    }
}

/// <summary>HDF5 boolean as h5py writes it: an 8-bit enum whose members are exactly FALSE = 0 and TRUE = 1.</summary>
internal enum Hdf5Bool : byte
{
    // The member names are the file format: h5py recognizes this enum as numpy.bool_.
    FALSE = 0,
    TRUE = 1,
}

internal static class Hdf5Bools
{
    public static Hdf5Bool From(bool b) => b ? Hdf5Bool.TRUE : Hdf5Bool.FALSE;
}
