using System.CommandLine;

namespace KineticLab.Cli.Commands;

internal static class KweCommands
{
    public static Command Build(CommandContextFactory f)
    {
        var cmd = new Command("kwe", "(under construction)");
        return cmd;
    }
}
