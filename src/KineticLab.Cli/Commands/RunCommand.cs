using System.CommandLine;

namespace KineticLab.Cli.Commands;

internal static class RunCommand
{
    public static Command Build(CommandContextFactory f)
    {
        var cmd = new Command("run", "(under construction)");
        return cmd;
    }
}
