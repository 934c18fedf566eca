using KineticLab.Boltzmann.Spectral;
using Xunit;

namespace KineticLab.Tests.Boltzmann;

/// <summary>kipack's published BKW configurations (minutes); excluded from ./test.sh.</summary>
[Trait("Category", "Slow")]
public class SpectralOperatorValidationSlowTests
{
    [Fact]
    public void KipackConfigurations()
    {
        var c = SpectralOperatorValidation.Cases().Single();
        var o = c.Run(null, CancellationToken.None);
        Assert.True(o.Passed, $"measured {o.Measured} (tolerance {o.Tolerance}): {o.Detail}");
    }
}
