namespace KineticLab.Experiments;

/// <summary>The list of registered experiment kinds (one line per kind).</summary>
internal static class Kinds
{
    public static IEnumerable<IExperimentKind> All() =>
    [
        new Kwe.KweSolveKind(),
        new Posedness.KweThresholdKind(),
        new Posedness.KweOperatorKind(),
        new Posedness.NeedlesRateKind(),
        new Posedness.BeamNormKind(),
        new Posedness.BilinearRatioKind(),
        new Posedness.DeflationKind(),
        new Posedness.ToyNonlinearKind(),
    ];
}
