using System.Globalization;

namespace KineticLab.Simulations;

/// <summary>
/// The restart state of a model as written into a checkpoint: named arrays of doubles and named scalars (doubles,
/// 64-bit integers, short texts), each in insertion order. Doubles are stored bit for bit, so a model restored from it
/// continues exactly as it would have without the interruption.
/// </summary>
public sealed class ModelState
{
    private readonly List<(string Name, double[] Values)> _arrays = new();
    private readonly Dictionary<string, double> _numbers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, long> _integers = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _texts = new(StringComparer.Ordinal);

    /// <summary>Where the state came from (a checkpoint file), for error messages.</summary>
    public string Origin { get; init; } = "checkpoint";

    public IReadOnlyList<(string Name, double[] Values)> Arrays => _arrays;
    public IReadOnlyDictionary<string, double> Numbers => _numbers;
    public IReadOnlyDictionary<string, long> Integers => _integers;
    public IReadOnlyDictionary<string, string> Texts => _texts;

    public void SetArray(string name, double[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        int i = _arrays.FindIndex(a => a.Name == name);
        if (i >= 0) _arrays[i] = (name, values);
        else _arrays.Add((name, values));
    }

    public void SetNumber(string name, double value) => _numbers[name] = value;
    public void SetInteger(string name, long value) => _integers[name] = value;
    public void SetText(string name, string value) => _texts[name] = value;

    /// <summary>The array <paramref name="name"/>; with <paramref name="length"/>, it must have that many values.</summary>
    /// <exception cref="InvalidInputException">Missing, or of another length (the checkpoint belongs to another grid).</exception>
    public double[] Array(string name, long? length = null)
    {
        foreach (var (n, v) in _arrays)
            if (n == name)
            {
                if (length is { } l && v.LongLength != l)
                    throw new InvalidInputException("checkpoint", Origin, $"holds {v.LongLength.ToString(CultureInfo.InvariantCulture)} values of '{name}', the model has {l.ToString(CultureInfo.InvariantCulture)}");
                return v;
            }
        throw Missing(name);
    }

    public bool HasArray(string name) => _arrays.Exists(a => a.Name == name);

    public double Number(string name) => _numbers.TryGetValue(name, out var v) ? v : throw Missing(name);
    public long Integer(string name) => _integers.TryGetValue(name, out var v) ? v : throw Missing(name);
    public string Text(string name) => _texts.TryGetValue(name, out var v) ? v : throw Missing(name);

    private InvalidInputException Missing(string name) => new("checkpoint", Origin, $"holds no '{name}' (written by another model?)");
}
