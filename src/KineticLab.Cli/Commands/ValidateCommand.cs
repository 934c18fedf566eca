using System.CommandLine;

namespace KineticLab.Cli.Commands;

internal static class ValidateCommand
{
    public static Command Build(CommandContextFactory f)
    {
        var cmd = new Command("validate", "(under construction)");
        return cmd;
    }
}
