using KineticLab.Boltzmann;
using Xunit;

namespace KineticLab.Tests.Boltzmann;

/// <summary>The slow validation suite (also run by <c>kineticlab validate boltzmann</c>).</summary>
public class BoltzmannValidationTests
{
    public static IEnumerable<object[]> Names() => BoltzmannValidation.Cases().Select(c => new object[] { c.Name });

    [Theory]
    [Trait("Category", "Slow")]
    [MemberData(nameof(Names))]
    public void ValidationCasePasses(string name)
    {
        var c = BoltzmannValidation.Cases().Single(x => x.Name == name);
        var o = c.Run(null, CancellationToken.None);
        Assert.True(o.Passed, $"{c.Claim}\nmeasured {o.Measured:E3} > {o.Tolerance:E1}\n{o.Detail}");
    }

    [Fact]
    public void CasesAreNamedUniquelyInTheBoltzmannArea()
    {
        var cases = BoltzmannValidation.Cases();
        Assert.True(cases.Count >= 8);
        Assert.All(cases, c => Assert.Equal("boltzmann", c.Area));
        Assert.Equal(cases.Count, cases.Select(c => c.Name).Distinct().Count());
    }
}
