namespace KineticLab.Numerics.Validation;

/// <summary>
/// One slow validation of a numerical claim against an exact solution or an independent reference.
/// Suites of these run from <c>kineticlab validate</c>; the fast test suite runs reduced variants.
/// </summary>
/// <param name="Area">"kwe", "boltzmann", ...</param>
/// <param name="Name">Short identifier, e.g. "bkw-3d-operator".</param>
/// <param name="Claim">What is checked, in one sentence, with the tolerance.</param>
/// <param name="Run">Runs the check; reports progress; honours cancellation.</param>
public sealed record ValidationCase(
    string Area,
    string Name,
    string Claim,
    Func<IProgress<ProgressInfo>?, CancellationToken, ValidationOutcome> Run);

/// <summary>Outcome of a <see cref="ValidationCase"/>.</summary>
/// <param name="Passed">Whether <paramref name="Measured"/> met <paramref name="Tolerance"/>.</param>
/// <param name="Measured">The measured error or quantity.</param>
/// <param name="Tolerance">The stated bound.</param>
/// <param name="Detail">Human-readable detail (parameters, reference values).</param>
public sealed record ValidationOutcome(bool Passed, double Measured, double Tolerance, string Detail)
{
    /// <summary>Passes when <paramref name="measured"/> is finite and at most <paramref name="tolerance"/>.</summary>
    public static ValidationOutcome AtMost(double measured, double tolerance, string detail) =>
        new(double.IsFinite(measured) && measured <= tolerance, measured, tolerance, detail);
}
