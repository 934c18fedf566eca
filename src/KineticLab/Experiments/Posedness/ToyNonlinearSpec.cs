using System.Text.Json.Serialization;
using KineticLab.Posedness.RockAndNeedles;

namespace KineticLab.Experiments.Posedness;

/// <summary>
/// The toy nonlinear rock-and-needles check in d = 2 (kind <c>posedness.toy-nonlinear</c>,
/// <c>examples/posedness-toy-nonlinear.json</c>); the members are those of <see cref="ToyNonlinearSettings"/>, with the
/// same defaults: <c>gamma, Nv, L, R, radial_points, sphere_points, Nx, Lx, needles, speed, needle_std_v,
/// needle_length, needle_width, needle_mass, focus_time, rock_std_v, rock_std_x, rock_mass, dt, steps, rtol</c>.
/// </summary>
public sealed class ToyNonlinearSpec : ExperimentSpec
{
    private static readonly ToyNonlinearSettings Defaults = new();

    public double Gamma { get; set; } = Defaults.Gamma;
    [JsonPropertyName("Nv")] public int Nv { get; set; } = Defaults.Nv;
    [JsonPropertyName("L")] public double L { get; set; } = Defaults.L;
    [JsonPropertyName("R")] public double R { get; set; } = Defaults.R;
    public int RadialPoints { get; set; } = Defaults.RadialPoints;
    public int SpherePoints { get; set; } = Defaults.SpherePoints;
    [JsonPropertyName("Nx")] public int Nx { get; set; } = Defaults.Nx;
    [JsonPropertyName("Lx")] public double Lx { get; set; } = Defaults.Lx;
    public int Needles { get; set; } = Defaults.Needles;
    public double Speed { get; set; } = Defaults.Speed;
    public double NeedleStdV { get; set; } = Defaults.NeedleStdV;
    public double NeedleLength { get; set; } = Defaults.NeedleLength;
    public double NeedleWidth { get; set; } = Defaults.NeedleWidth;
    public double NeedleMass { get; set; } = Defaults.NeedleMass;
    public double FocusTime { get; set; } = Defaults.FocusTime;
    public double RockStdV { get; set; } = Defaults.RockStdV;
    public double RockStdX { get; set; } = Defaults.RockStdX;
    public double RockMass { get; set; } = Defaults.RockMass;
    public double Dt { get; set; } = Defaults.Dt;
    public int Steps { get; set; } = Defaults.Steps;
    [JsonPropertyName("rtol")] public double RelTol { get; set; } = Defaults.RelTol;

    /// <summary>The settings (validated: errors name the member).</summary>
    public ToyNonlinearSettings ToSettings()
    {
        var s = new ToyNonlinearSettings
        {
            Gamma = Gamma, Nv = Nv, L = L, R = R, RadialPoints = RadialPoints, SpherePoints = SpherePoints, Nx = Nx, Lx = Lx,
            Needles = Needles, Speed = Speed, NeedleStdV = NeedleStdV, NeedleLength = NeedleLength, NeedleWidth = NeedleWidth,
            NeedleMass = NeedleMass, FocusTime = FocusTime, RockStdV = RockStdV, RockStdX = RockStdX, RockMass = RockMass,
            Dt = Dt, Steps = Steps, RelTol = RelTol,
        };
        s.Validate();
        return s;
    }
}
