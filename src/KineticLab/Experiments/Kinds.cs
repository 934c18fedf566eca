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
        new Boltzmann.BoltzmannSolveKind(),
        new Boltzmann.BoltzmannInhomogeneousKind(),
        new Boltzmann.BoltzmannOperatorKind(),
        new Bench.BenchCollisionKind(),
        new Bench.BenchInhomogeneousKind(),
        new Bench.BenchKwe3DKind(),
        new Posedness.KweThresholdKind(),
        new Posedness.KweOperatorKind(),
        new Posedness.KwePhaseDiagramKind(),
        new Posedness.KweInflationKind(),
        new Posedness.KweWellPosednessKind(),
        new Posedness.NeedlesRateKind(),
        new Posedness.BeamNormKind(),
        new Posedness.BilinearRatioKind(),
        new Posedness.DeflationKind(),
        new Posedness.ToyNonlinearKind(),
        new Posedness.SpaceTimeRatioKind(),
        new Posedness.SolutionDeflationKind(),
    ];
}
