namespace KineticLab.Experiments;

/// <summary>The list of registered experiment kinds (one line per kind).</summary>
internal static class Kinds
{
    public static IEnumerable<IExperimentKind> All() =>
    [
        new Kwe.KweSolveKind(),
        new Validation.ValidateKind(),
        new Bench.BenchKweKind(),
    ];
}
