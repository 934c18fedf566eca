using KineticLab.WaveKinetic.Spectral;
using Xunit;

namespace KineticLab.Tests.WaveKinetic;

/// <summary>The fast spectral KWE operator's validations (minutes each); excluded from ./test.sh.</summary>
[Trait("Category", "Slow")]
public class SpectralValidationSlowTests
{
    public static TheoryData<string> Names()
    {
        var d = new TheoryData<string>();
        foreach (var c in SpectralValidation.Cases()) d.Add(c.Name);
        return d;
    }

    [Theory]
    [MemberData(nameof(Names))]
    public void ValidationCasePasses(string name)
    {
        var c = SpectralValidation.Cases().Single(x => x.Name == name);
        var o = c.Run(null, CancellationToken.None);
        Assert.True(o.Passed, $"{name}: measured {o.Measured} (tolerance {o.Tolerance}): {o.Detail}");
    }
}
