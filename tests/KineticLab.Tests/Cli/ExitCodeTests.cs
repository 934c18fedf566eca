using KineticLab.Cli;
using Xunit;

namespace KineticLab.Tests.Cli;

public class ExitCodeTests
{
    internal static (int code, string stdout, string stderr) Run(params string[] args)
    {
        var o = new StringWriter();
        var e = new StringWriter();
        int code = App.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    [Fact]
    public void UnknownOptionIsInvalidInputWithOneLine()
    {
        var (code, _, err) = Run("--no-such-option");
        Assert.Equal(2, code);
        Assert.Single(err.Trim().Split('\n'));
    }

    [Fact]
    public void HelpSucceeds()
    {
        var (code, outText, _) = Run("--help");
        Assert.Equal(0, code);
        Assert.Contains("kineticlab", outText);
    }
}
