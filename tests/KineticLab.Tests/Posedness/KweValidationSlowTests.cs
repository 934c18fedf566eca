using KineticLab.Posedness;
using Xunit;

namespace KineticLab.Tests.Posedness;

/// <summary>The KWE validation suite (minutes); excluded from ./test.sh, run by `kineticlab validate kwe`.</summary>
[Trait("Category", "Slow")]
public class KweValidationSlowTests
{
    public static TheoryData<string> Names()
    {
        var d = new TheoryData<string>();
        foreach (var c in KweValidation.Cases().Concat(KwePosednessValidation.Cases())) d.Add(c.Name);
        return d;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ValidationCasePasses(string name)
    {
        var c = KweValidation.Cases().Concat(KwePosednessValidation.Cases()).Single(x => x.Name == name);
        var o = c.Run(null, CancellationToken.None);
        Assert.True(o.Passed, $"{name}: measured {o.Measured} (tolerance {o.Tolerance}): {o.Detail}");
    }
}
