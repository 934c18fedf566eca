using System.CommandLine;

namespace KineticLab.Cli.Commands;

internal static class BenchCommand
{
    public static Command Build(CommandContextFactory f)
    {
        var cmd = new Command("bench", "(under construction)");
        return cmd;
    }
}
