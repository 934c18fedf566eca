namespace KineticLab.WaveKinetic.Isotropic;

/// <summary>
/// Reading a solve from an experiment file (kind "kwe.solve"):
/// <code>
/// { "kind": "kwe.solve", "beta": 0.2, "equation": "full" | "gain",
///   "initial": { "type": "smooth", "M": 12 }                         // ⟨ω⟩^(-M/2)
///            | { "type": "oscillating", "M": 12, "A": 2, "N": 10 }  // (A + cos Nω)⟨ω⟩^(-M/2)
///            | { "type": "exponential", "amplitude": 1, "theta": 1 } // a·e^(-ω/θ)
///            | { "type": "rayleigh-jeans", "T": 1, "mu": 0.5 }       // T/(ω + μ)
///            | { "type": "bump", "amplitude": 1, "center": 1, "width": 0.3, "background_M": 12 },
///   "grid": { "omega_min": 1e-3, "omega_max": 100, "points_per_octave": 3, "degree": 5,
///             "weight_exponent": 6, "tail": "truncated" | "power-law", "points_per_cell": 3 },
///   "conservative_projection": true, "t_end": 1, "outputs": 10,
///   "rtol": 1e-6, "atol": 1e-9, "method": "dopri5" | "bs23", "max_steps": 1000000, "checkpoint_every": 20 }
/// </code>
/// </summary>
public static class IsotropicSolveJson
{
    public sealed record Parsed(IsotropicSolveSpec Spec, Spectrum Initial, int CheckpointEvery);

    public static Parsed Read(JsonFields f)
    {
        double beta = f.Number("beta");
        var eq = f.Choice("equation", ["full", "gain"], "full") == "gain" ? CollisionPart.Gain : CollisionPart.Full;
        var init = f.Object("initial");
        var type = init.Choice("type", ["smooth", "oscillating", "exponential", "rayleigh-jeans", "bump"]);
        Spectrum initial;
        double defaultWeight = 6;
        switch (type)
        {
            case "smooth":
            {
                double m = init.Number("M", 12);
                initial = new SmoothDatum(Require.Positive("initial.M", m), init.Number("amplitude", 1));
                defaultWeight = m / 2;
                break;
            }
            case "oscillating":
            {
                double m = init.Number("M", 12);
                Require.Positive("initial.M", m);
                initial = new OscillatingDatum(m, init.Number("A", 2), Require.Positive("initial.N", init.Number("N", 10)));
                defaultWeight = m / 2;
                break;
            }
            case "exponential":
                initial = new ExponentialSpectrum(init.Number("amplitude", 1), Require.Positive("initial.theta", init.Number("theta", 1)));
                break;
            case "rayleigh-jeans":
                initial = new RayleighJeans(init.Number("T", 1), init.Number("mu", 1));
                defaultWeight = 1;
                break;
            default:
            {
                double a = init.Number("amplitude", 1), c = Require.NonNegative("initial.center", init.Number("center", 1));
                double w = Require.Positive("initial.width", init.Number("width", 0.3));
                double m = Require.Positive("initial.background_M", init.Number("background_M", 12));
                var bg = new SmoothDatum(m);
                initial = Spectrum.FromFunction(x => bg.Value(x) + a * Math.Exp(-0.5 * ((x - c) / w) * ((x - c) / w)),
                    $"⟨ω⟩^(-{m}/2) + {a}·exp(-(ω-{c})²/(2·{w}²))");
                defaultWeight = m / 2;
                break;
            }
        }
        init.EnsureNoUnknownKeys();

        var g = f.Has("grid") ? f.Object("grid") : new JsonFields(new System.Text.Json.Nodes.JsonObject(), "grid");
        var spec = new IsotropicSolveSpec
        {
            Beta = beta,
            Equation = eq,
            OmegaMin = g.Number("omega_min", 1e-3),
            OmegaMax = g.Number("omega_max", 1e2),
            PointsPerOctave = g.Integer("points_per_octave", 3),
            Degree = g.Integer("degree", 5),
            WeightExponent = g.Number("weight_exponent", defaultWeight),
            Tail = g.Choice("tail", ["truncated", "power-law"], "truncated") == "truncated" ? GridTail.Truncated : GridTail.PowerLaw,
            PointsPerCell = g.Integer("points_per_cell", 3),
            ConservativeProjection = f.Boolean("conservative_projection", true),
            TEnd = f.Number("t_end", 1),
            Outputs = f.Integer("outputs", 10),
            RelTol = f.Number("rtol", 1e-6),
            AbsTol = f.Number("atol", 1e-9),
            Method = f.Choice("method", ["dopri5", "bs23"], "dopri5"),
            MaxSteps = f.Integer("max_steps", 1_000_000),
        };
        g.EnsureNoUnknownKeys();
        int every = f.Integer("checkpoint_every", 20);
        if (every < 0) throw new InvalidInputException("checkpoint_every", every.ToString(System.Globalization.CultureInfo.InvariantCulture), "must be >= 0 (0: only at output times)");
        spec.Validate();
        // the degree/grid checks happen when the grid is built
        spec.CreateGrid();
        return new Parsed(spec, initial, every);
    }
}
