using KineticLab.WaveKinetic.Anisotropic;
using Xunit;

namespace KineticLab.Tests.WaveKinetic;

/// <summary>The anisotropic KWE validations (minutes); excluded from ./test.sh, run by `kineticlab validate kwe --case aniso-*`.</summary>
[Trait("Category", "Slow")]
public class AnisotropicValidationSlowTests
{
    public static TheoryData<string> Names()
    {
        var d = new TheoryData<string>();
        foreach (var c in AnisotropicValidation.Cases()) d.Add(c.Name);
        return d;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ValidationCasePasses(string name)
    {
        var c = AnisotropicValidation.Cases().Single(x => x.Name == name);
        var o = c.Run(null, CancellationToken.None);
        Assert.True(o.Passed, $"{name}: measured {o.Measured} (tolerance {o.Tolerance}): {o.Detail}");
    }
}
