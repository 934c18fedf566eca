using System.Text.Json.Nodes;
using KineticLab.Experiments;
using KineticLab.Experiments.Posedness;
using Xunit;

namespace KineticLab.Tests.Experiments;

/// <summary>The typed specs of the posedness kinds: errors from files name the JSON field (reading and validation).</summary>
public class PosednessSpecTests
{
    private static InvalidInputException Error(string kind, string json)
    {
        var k = ExperimentRegistry.Find(kind);
        return Assert.Throws<InvalidInputException>(() => k.Validate(k.Read(JsonNode.Parse(json)!.AsObject())));
    }

    [Theory]
    // unknown keys (a typo, a key of another kind, the wrong case)
    [InlineData("posedness.bilinear-ratio", """{"M_scn": [16, 32]}""", "M_scn", "unknown key")]
    [InlineData("posedness.deflation", """{"M": 100}""", "M", "unknown key")]
    [InlineData("posedness.toy-nonlinear", """{"nv": 32}""", "nv", "unknown key")]
    [InlineData("kwe.threshold", """{"betta": [0.5]}""", "betta", "unknown key")]
    [InlineData("kwe.operator", """{"beta": 0.5, "omega": [1], "fit_window": [1, 2]}""", "fit_window", "unknown key")]
    // wrong types
    [InlineData("posedness.needles-rate", """{"radial_points": "many"}""", "radial_points", "must be an integer")]
    [InlineData("posedness.needles-rate", """{"radial_points": 2.5}""", "radial_points", "must be an integer")]
    [InlineData("posedness.beam-norm", """{"unit_rate": "yes"}""", "unit_rate", "must be true or false")]
    [InlineData("posedness.deflation", """{"c_J": "1"}""", "c_J", "must be a finite number")]
    [InlineData("kwe.threshold", """{"M": "twelve"}""", "M", "must be a finite number")]
    [InlineData("posedness.bilinear-ratio", """{"kernels": [-1, true]}""", "kernels", "entry 2")]
    [InlineData("kwe.operator", """{"beta": 0.5, "omega": [1, "x"]}""", "omega", "entry 2 is not a number")]
    // bad range strings and lists in list fields
    [InlineData("posedness.beam-norm", """{"M_scan": "8:0:64"}""", "M_scan", "the step must be > 0")]
    [InlineData("posedness.deflation", """{"M_scan": "100:10:20"}""", "M_scan", "stop must be >= start")]
    [InlineData("posedness.needles-rate", """{"times": "0:-0.01"}""", "times", "start:step:stop")]
    [InlineData("posedness.bilinear-ratio", """{"s0": "0,,1"}""", "s0", "entry 2 is empty")]
    [InlineData("kwe.threshold", """{"beta": "0:0.1"}""", "beta", "start:step:stop")]
    [InlineData("kwe.threshold", """{"beta": []}""", "beta", "must not be empty")]
    // missing required members
    [InlineData("kwe.operator", """{"beta": 0.5}""", "omega", "is required")]
    // validation: the file's names, also where the library's field differs (fit_min → fit_window, inner_rtol → rtol)
    [InlineData("kwe.threshold", """{"fit_window": [1e4, 1e2]}""", "fit_window", "0 < lo < hi")]
    [InlineData("kwe.threshold", """{"fit_window": [1e2, 1e6]}""", "fit_window", "inside [omega_min, omega_max]")]
    [InlineData("kwe.threshold", """{"fit_window": [1e2]}""", "fit_window", "must be [lo, hi]")]
    [InlineData("kwe.threshold", """{"part": "loss"}""", "part", "must be one of gain|full")]
    [InlineData("kwe.threshold", """{"rtol": 1}""", "rtol", "must be in")]
    [InlineData("kwe.threshold", """{"datum": "oscillating", "N": 0}""", "N", "(0, 1e4]")]
    [InlineData("kwe.operator", """{"beta": 0.5, "omega": [1, 0]}""", "omega", "every ω must be > 0")]
    [InlineData("kwe.operator", """{"beta": 3, "omega": [1]}""", "beta", "must be in [0, 2]")]
    [InlineData("posedness.needles-rate", """{"M_scan": [4]}""", "M_scan", "at least 2")]
    [InlineData("posedness.needles-rate", """{"d": 2, "kernel": "mixed"}""", "kernel", "d = 3 only")]
    [InlineData("posedness.bilinear-ratio", """{"gamma": -0.5, "kernels": "-1"}""", "kernels", "not both")]
    [InlineData("posedness.bilinear-ratio", """{"M_scan": [0.5, 4]}""", "M_scan", "must be > 1")]
    [InlineData("posedness.deflation", """{"delta": 0.1}""", "delta", "leave delta out")]
    [InlineData("posedness.deflation", """{"rock_normalization": "pap"}""", "rock_normalization", "unit|paper")]
    [InlineData("posedness.beam-norm", """{"d": 4}""", "d", "must be 2 or 3")]
    [InlineData("posedness.toy-nonlinear", """{"Nv": 33}""", "Nv", "must be even")]
    [InlineData("posedness.toy-nonlinear", """{"needle_std_v": 0.1}""", "needle_std_v", "not resolved")]
    public void FileErrorsNameTheField(string kind, string json, string field, string reason)
    {
        var e = Error(kind, json);
        Assert.Equal(field, e.Field);
        Assert.Contains(reason, e.Reason);
    }

    [Fact]
    public void TheExamplesReadAndValidate()
    {
        var dir = Cli.FuzzTests.ExamplesDir();
        var files = Directory.GetFiles(dir, "posedness-*.json").Concat(Directory.GetFiles(dir, "kwe-threshold-*.json")).ToList();
        Assert.True(files.Count >= 10, string.Join(", ", files));
        foreach (var file in files)
        {
            var (kind, spec) = ExperimentRegistry.Read(SpecReader.LoadObject(file));
            Assert.StartsWith(kind.Name.Split('.')[0], Path.GetFileName(file));
            kind.Validate(spec);
        }
    }

    [Fact]
    public void DefaultsAndResolvedParameters()
    {
        // The dimension chooses the defaults of the members left out, as the file readers did.
        var rate = new NeedlesRateExperimentSpec { D = 2 }.ToLibrary();
        Assert.Equal(KineticLab.Posedness.RockAndNeedles.NeedlesRate.Defaults(2), rate.Base);
        Assert.Equal(KineticLab.Posedness.RockAndNeedles.NeedlesRate.DefaultScan(2), rate.Ms);
        var deflation = new DeflationExperimentSpec().ToLibrary();
        Assert.Equal(2, deflation.Base.D);
        Assert.True(deflation.UnitRock);
        var threshold = new KweThresholdExperimentSpec().ToThresholdSpec();
        Assert.Equal(21, threshold.Betas.Length);
        Assert.Equal(1e-9 / 10, threshold.InnerRelTol);
        Assert.Equal(KineticLab.WaveKinetic.Isotropic.CollisionPart.Gain, threshold.Part);
    }
}

/// <summary>The parameters of result.json (the spec as read, with its defaults) read back as the same spec.</summary>
public class PosednessParametersTests
{
    private static void RoundTrip<TSpec>(ExperimentKind<TSpec> kind, TSpec spec) where TSpec : ExperimentSpec
    {
        var p = kind.Parameters(spec);
        var back = (TSpec)kind.Read(p);
        var q = kind.Parameters(back);
        Assert.Equal(kind.Name, q["kind"]!.GetValue<string>());
        p.Remove("kind");
        q.Remove("kind");
        Assert.Equal(p.ToJsonString(), q.ToJsonString());
        kind.Validate(back);
        // Every member written is one a file can set (no computed member in the parameters).
        var info = PosednessJsonContext.Default.GetTypeInfo(typeof(TSpec))!;
        Assert.Empty(info.Properties.Where(m => m.Set is null).Select(m => m.Name));
    }

    [Fact]
    public void EveryPosednessSpecReadsBackItsParameters()
    {
        RoundTrip(new KweOperatorKind(), new KweOperatorSpec { Beta = 0.5, Omega = [1, 10], Part = "gain", Datum = "oscillating" });
        RoundTrip(new KweThresholdKind(), new KweThresholdExperimentSpec { Beta = [0.25, 0.5], Part = "full" });
        RoundTrip(new NeedlesRateKind(), new NeedlesRateExperimentSpec { D = 2, MScan = [8, 16] });
        RoundTrip(new BeamNormKind(), new BeamNormExperimentSpec { Gamma = -0.5 });
        RoundTrip(new BilinearRatioKind(), new BilinearRatioExperimentSpec { D = 3, Kernels = "-1,mixed", S0 = [0.5, 1] });
        RoundTrip(new DeflationKind(), new DeflationExperimentSpec { RockNormalization = "paper" });
        RoundTrip(new ToyNonlinearKind(), new ToyNonlinearSpec { Steps = 3 });
    }
}
