namespace KineticLab.Experiments;

/// <summary>
/// A kind whose runs are distributed over ranks: with <see cref="RunContext.Communicator"/> every rank calls
/// <see cref="IExperimentKind.Run"/> (collectively) and only rank 0 writes the results folder and returns the outcome
/// that counts; without one the kind makes its ranks from <see cref="RunContext.Launch"/> (in-process ranks, or MPI).
/// Front doors that start every rank themselves (mpiexec) print rank 0's outcome only.
/// </summary>
public interface IDistributedKind : IExperimentKind;
