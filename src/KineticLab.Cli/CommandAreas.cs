using System.CommandLine;
using KineticLab.Cli.Commands;

namespace KineticLab.Cli;

/// <summary>The areas of the CLI, each built in its own file under Commands/.</summary>
internal static class CommandAreas
{
    public static IEnumerable<Command> All(CommandContextFactory f)
    {
        yield return KweCommands.Build(f);
        yield return BoltzmannCommands.Build(f);
        yield return PosednessCommands.Build(f);
        yield return RunCommand.Build(f);
        yield return ValidateCommand.Build(f);
        yield return BenchCommand.Build(f);
    }
}
