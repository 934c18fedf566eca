using KineticLab.Numerics.Validation;

namespace KineticLab.Experiments.Validation;

/// <summary>
/// Every slow validation case (exact solutions, independent references, the seeds' claims), by area. The library's
/// cases are listed here; a front door may add its own (the CLI adds the cases that exercise the command line itself:
/// fuzzing and kill-and-resume trials of its processes).
/// </summary>
public static class ValidationCatalog
{
    private static readonly List<Func<IEnumerable<ValidationCase>>> _extra = new();
    private static readonly object _gate = new();

    /// <summary>Adds cases supplied by a front door (evaluated lazily, each time the catalog is listed).</summary>
    public static void Register(Func<IEnumerable<ValidationCase>> cases)
    {
        lock (_gate) if (!_extra.Contains(cases)) _extra.Add(cases);
    }

    /// <summary>The library's cases and the registered ones.</summary>
    public static IReadOnlyList<ValidationCase> All()
    {
        List<Func<IEnumerable<ValidationCase>>> extra;
        lock (_gate) extra = [.. _extra];
        return
        [
            .. KineticLab.Posedness.KweValidation.Cases(),
            .. KineticLab.Posedness.KwePosednessValidation.Cases(),
            .. KineticLab.WaveKinetic.Anisotropic.AnisotropicValidation.Cases(),
            .. KineticLab.WaveKinetic.Spectral.SpectralValidation.Cases(),
            .. KineticLab.Boltzmann.BoltzmannValidation.Cases(),
            .. KineticLab.Boltzmann.Spectral.SpectralOperatorValidation.Cases(),
            .. KineticLab.Posedness.RockAndNeedles.RockNeedleValidation.Cases(),
            .. KineticLab.Posedness.WellPosed.WellPosedValidation.Cases(),
            .. extra.SelectMany(f => f()),
        ];
    }
}
