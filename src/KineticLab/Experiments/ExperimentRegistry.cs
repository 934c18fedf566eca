using System.Text.Json.Nodes;

namespace KineticLab.Experiments;

/// <summary>
/// Every experiment kind by name (<c>area.verb</c>), with the older names of files written before the names were
/// unified accepted as aliases. A new experiment is one class deriving from <see cref="ExperimentKind{TSpec}"/> and one
/// line here.
/// </summary>
public static class ExperimentRegistry
{
    private static readonly Lazy<IReadOnlyList<IExperimentKind>> _kinds = new(() =>
    [
        new SuiteKind(),
        .. Kinds.All(),
    ]);

    /// <summary>The registered kinds.</summary>
    public static IReadOnlyList<IExperimentKind> All => _kinds.Value;

    /// <summary>The kind named <paramref name="name"/> (or one of its aliases).</summary>
    /// <exception cref="InvalidInputException">(field <c>kind</c>) No such kind, or not one of <paramref name="allowed"/>.</exception>
    public static IExperimentKind Find(string name, IReadOnlyCollection<string>? allowed = null, string field = "kind")
    {
        var k = All.FirstOrDefault(x => x.Name == name || x.Aliases.Contains(name));
        var names = allowed ?? All.Select(x => x.Name).ToList();
        if (k is null || (allowed is not null && !allowed.Contains(k.Name)))
            throw new InvalidInputException(field, name, $"must be one of {string.Join("|", names)}");
        return k;
    }

    /// <summary>Reads an experiment object: its kind (the <c>kind</c> member, or <paramref name="defaultKind"/>) and its typed spec.</summary>
    public static (IExperimentKind Kind, ExperimentSpec Spec) Read(JsonObject node, string? defaultKind = null, IReadOnlyCollection<string>? allowed = null, string prefix = "")
    {
        string field = prefix.Length == 0 ? "kind" : $"{prefix}.kind";
        string name = node["kind"] switch
        {
            null when defaultKind is not null => defaultKind,
            null => throw new InvalidInputException(field, "(missing)", $"is required: one of {string.Join("|", (allowed ?? All.Select(x => x.Name).ToList()))}"),
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            var other => throw new InvalidInputException(field, other.ToJsonString(), "must be a string"),
        };
        var kind = Find(name, allowed, field);
        return (kind, kind.Read(node, prefix));
    }

    /// <summary>Reads and runs an experiment file (what <c>kineticlab run FILE</c> does).</summary>
    public static ExperimentOutcome RunFile(string path, RunContext context, string? defaultKind = null, IReadOnlyCollection<string>? allowed = null)
    {
        var node = SpecReader.LoadObject(path);
        var (kind, spec) = Read(node, defaultKind, allowed);
        if (kind is SuiteKind && spec is SuiteSpec suite) suite.SourcePath = path;
        return kind.Run(spec, context);
    }
}
