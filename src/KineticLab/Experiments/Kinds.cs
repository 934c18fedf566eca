namespace KineticLab.Experiments;

/// <summary>The list of registered experiment kinds (one line per kind).</summary>
internal static class Kinds
{
    public static IEnumerable<IExperimentKind> All() =>
    [
        new Kwe.KweSolveKind(),
        new Validation.ValidateKind(),
        new Bench.BenchKweKind(),
        new Kwe.Kwe3DSolveKind(),
        new Kwe.Kwe3DInhomogeneousKind(),
        new Kwe.KweOperator3DKind(),
        new Kwe.KweLemma21Kind(),
    ];
}
