namespace KineticLab.Experiments;

/// <summary>The list of registered experiment kinds (one line per kind).</summary>
internal static class Kinds
{
    public static IEnumerable<IExperimentKind> All() =>
    [
        new Kwe.KweSolveKind(),
        new Boltzmann.BoltzmannSolveKind(),
        new Boltzmann.BoltzmannInhomogeneousKind(),
        new Boltzmann.BoltzmannOperatorKind(),
        new Bench.BenchCollisionKind(),
        new Bench.BenchInhomogeneousKind(),
    ];
}
