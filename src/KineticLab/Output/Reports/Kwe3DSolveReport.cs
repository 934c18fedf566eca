using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using KineticLab.Numerics.TimeStepping;
using KineticLab.WaveKinetic.Anisotropic;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Output.Reports;

/// <summary>Checkpoint payloads, tables, plots and summaries of the anisotropic KWE solves (homogeneous and inhomogeneous).</summary>
public static class Kwe3DSolveReport
{
    private static double[] Arr(JsonNode? n) => n!.AsArray().Select(x => x!.GetValue<double>()).ToArray();

    // ------------------------------------------------------------------ homogeneous

    public static JsonObject State(IntegratorState s, Solve3DRecord r) => new()
    {
        ["time"] = s.Time,
        ["y"] = Json.Array(s.Y),
        ["next_step"] = s.NextStep,
        ["previous_error"] = s.PreviousError,
        ["accepted"] = s.Accepted,
        ["rejected"] = s.Rejected,
        ["evaluations"] = s.Evaluations,
        ["next_output"] = r.NextOutput,
        ["diagnostics"] = new JsonArray(r.Diagnostics.Select(d => (JsonNode?)Json.Array(d.ToArray())).ToArray()),
        ["snapshots"] = new JsonArray(r.Snapshots.Select(v => (JsonNode?)Json.Array(v)).ToArray()),
    };

    public static (IntegratorState State, Solve3DRecord Record) Restore(JsonNode state, int dimension, string path)
    {
        try
        {
            var s = new IntegratorState
            {
                Time = state["time"]!.GetValue<double>(),
                Y = Arr(state["y"]),
                NextStep = state["next_step"]!.GetValue<double>(),
                PreviousError = state["previous_error"]!.GetValue<double>(),
                Accepted = state["accepted"]!.GetValue<long>(),
                Rejected = state["rejected"]!.GetValue<long>(),
                Evaluations = state["evaluations"]!.GetValue<long>(),
            };
            var r = new Solve3DRecord { NextOutput = state["next_output"]!.GetValue<int>() };
            foreach (var d in state["diagnostics"]!.AsArray()) r.Diagnostics.Add(Diagnostics3D.FromArray(Arr(d)));
            foreach (var v in state["snapshots"]!.AsArray()) r.Snapshots.Add(Arr(v));
            if (s.Y.Length != dimension || r.Snapshots.Any(v => v.Length != dimension) || r.Diagnostics.Count != r.NextOutput)
                throw new FormatException("inconsistent sizes");
            return (s, r);
        }
        catch (Exception e) when (e is not InvalidInputException)
        {
            throw new InvalidInputException("--resume", path, $"malformed checkpoint state ({e.GetType().Name})");
        }
    }

    /// <summary>f along the axis line k = (s, 0, 0) (or the other axes) of the tricubic interpolant.</summary>
    private static (double[] S, double[] F) Slice(CartesianKGrid g, double[] v, int axis, int points = 121)
    {
        var s = new double[points];
        var f = new double[points];
        for (int i = 0; i < points; i++)
        {
            s[i] = -g.L + 2 * g.L * i / (points - 1);
            var k = axis == 0 ? new Vec3(s[i], 0, 0) : axis == 1 ? new Vec3(0, s[i], 0) : new Vec3(0, 0, s[i]);
            f[i] = g.Interpolate(v, k);
        }
        return (s, f);
    }

    public static ResultRecord Write(ResultFolder folder, AnisotropicSolver solver, Solve3DRecord rec, JsonObject parameters,
        string initialDescription, DateTimeOffset started, double seconds, IEnumerable<string> warnings)
    {
        var g = solver.Grid;
        var spec = solver.Spec;
        var d = rec.Diagnostics;
        var first = d[0];
        var diag = new CsvTable("t", "waveaction", "momentum_x", "momentum_y", "momentum_z", "energy", "waveaction_drift", "momentum_drift", "energy_drift",
            "weighted_sup_norm", "min_f", "steps", "rejected", "evaluations");
        foreach (var x in d)
            diag.AddRow(x.Time, x.Waveaction, x.Momentum.X, x.Momentum.Y, x.Momentum.Z, x.Energy, Rel(x.Waveaction, first.Waveaction),
                MomDrift(x, first), Rel(x.Energy, first.Energy), x.WeightedSupNorm, x.MinValue, x.Steps, x.Rejected, x.Evaluations);
        folder.WriteCsv("diagnostics.csv", diag);

        var slices = new CsvTable("t", "axis", "s", "f");
        string[] axes = ["kx", "ky", "kz"];
        for (int k = 0; k < rec.Snapshots.Count; k++)
            for (int a = 0; a < 3; a++)
            {
                var (s, f) = Slice(g, rec.Snapshots[k], a);
                for (int i = 0; i < s.Length; i++) slices.AddRow(d[k].Time, axes[a], s[i], f[i]);
            }
        folder.WriteCsv("slices.csv", slices);

        string eq = spec.Equation == CollisionPart.Gain ? "gain-only" : "full";
        for (int a = 0; a < 2; a++)
        {
            var sp = new Plot { Title = $"f(t) along the {axes[a]} axis (other components 0), {eq} equation, β = {spec.Beta}", XLabel = axes[a], YLabel = "f" };
            foreach (int k in Pick(rec.Snapshots.Count, 6))
            {
                var (s, f) = Slice(g, rec.Snapshots[k], a);
                sp.Add(new Series($"t = {d[k].Time.ToString("G4", CultureInfo.InvariantCulture)}", s, f));
            }
            folder.WriteSvg($"slice-{axes[a]}.svg", sp);
        }
        var t = d.Select(x => x.Time).ToArray();
        var nrm = new Plot { Title = $"Weighted sup norm max ⟨k⟩^{spec.NormM} |f|, {eq} equation", XLabel = "t", YLabel = "norm" };
        nrm.Add(new Series("weighted sup norm", t, d.Select(x => x.WeightedSupNorm).ToArray()) { Markers = true });
        folder.WriteSvg("norm.svg", nrm);
        var dr = new Plot
        {
            Title = spec.Equation == CollisionPart.Full ? "Conservation drift |Q(t) − Q(0)|/|Q(0)|" : "Relative change |Q(t) − Q(0)|/|Q(0)| (not conserved)",
            XLabel = "t", YLabel = "relative change", YScale = Scale.Log,
        };
        dr.Add(new Series("waveaction", t, d.Select(x => Math.Max(Rel(x.Waveaction, first.Waveaction), 1e-17)).ToArray()) { Markers = true });
        dr.Add(new Series("momentum |P − P0|/N0", t, d.Select(x => Math.Max(MomDrift(x, first), 1e-17)).ToArray()) { Markers = true });
        dr.Add(new Series("energy", t, d.Select(x => Math.Max(Rel(x.Energy, first.Energy), 1e-17)).ToArray()) { Dashed = true, Markers = true });
        folder.WriteSvg("drift.svg", dr);

        var last = d[^1];
        var data = new JsonObject
        {
            ["final_time"] = last.Time,
            ["steps"] = last.Steps,
            ["rejected"] = last.Rejected,
            ["evaluations"] = last.Evaluations,
            ["grid_nodes"] = g.Count,
            ["times"] = Json.Array(t),
            ["waveaction"] = Json.Array(d.Select(x => x.Waveaction).ToArray()),
            ["momentum"] = new JsonArray(d.Select(x => (JsonNode?)Json.Array([x.Momentum.X, x.Momentum.Y, x.Momentum.Z])).ToArray()),
            ["energy"] = Json.Array(d.Select(x => x.Energy).ToArray()),
            ["weighted_sup_norm"] = Json.Array(d.Select(x => x.WeightedSupNorm).ToArray()),
            ["max_waveaction_drift"] = d.Max(x => Rel(x.Waveaction, first.Waveaction)),
            ["max_momentum_drift"] = d.Max(x => MomDrift(x, first)),
            ["max_energy_drift"] = d.Max(x => Rel(x.Energy, first.Energy)),
            ["min_f"] = d.Min(x => x.MinValue),
        };
        var record = new ResultRecord { Kind = "kwe.solve3d", Parameters = parameters, Started = started, Data = data, ElapsedSeconds = seconds };
        record.Warnings.AddRange(warnings);
        record.Tables["diagnostics.csv"] = "waveaction, momentum, energy, their drift, weighted sup norm, min f at the output times";
        record.Tables["slices.csv"] = "f along the three k axes at the output times (tricubic interpolant)";
        record.Figures["slice-kx.svg"] = "f along the kx axis at selected times";
        record.Figures["slice-ky.svg"] = "f along the ky axis at selected times";
        record.Figures["norm.svg"] = "weighted sup norm against time";
        record.Figures["drift.svg"] = "relative change of waveaction, momentum and energy";

        var sb = new StringBuilder();
        sb.AppendLine($"# Anisotropic KWE solve: {eq} equation, β = {spec.Beta}");
        sb.AppendLine();
        sb.AppendLine($"Initial datum: {initialDescription}. Grid: {g.N}³ nodes on [−{g.L}, {g.L}]³ (h = {g.H:G4}), hemisphere rule " +
                      $"{spec.SigmaPolarOrder}×{spec.SigmaAzimuthPoints}, tricubic interpolation, " +
                      (spec.TruncatedManifold ? $"truncated manifold |k| ≤ {solver.Operator.Truncation:G4}" : "zero extension outside the box") +
                      (spec.Equation == CollisionPart.Full && spec.ConservativeProjection ? ", conservative projection" : ", no projection") + ".");
        sb.AppendLine($"Time integration: {spec.Method}, rtol = {spec.RelTol}, atol = {spec.AbsTol}·⟨k⟩^(-{spec.NormM}); {last.Steps} steps ({last.Rejected} rejected), " +
                      $"{last.Evaluations} operator evaluations, {seconds:F1} s.");
        sb.AppendLine();
        sb.AppendLine(Markdown.Table(["t", "waveaction", "drift", "momentum drift", "energy", "drift", "weighted sup norm", "min f"],
            d.Select(x => (IReadOnlyList<string>)new[]
            {
                Markdown.Number(x.Time), Markdown.Number(x.Waveaction, 10), Markdown.Number(Rel(x.Waveaction, first.Waveaction), 3),
                Markdown.Number(MomDrift(x, first), 3), Markdown.Number(x.Energy, 10), Markdown.Number(Rel(x.Energy, first.Energy), 3),
                Markdown.Number(x.WeightedSupNorm), Markdown.Number(x.MinValue),
            })));
        sb.AppendLine();
        sb.AppendLine("Momentum drift is |P(t) − P(0)|/N(0) (a drift of the mean wave vector).");
        sb.AppendLine(spec.Equation == CollisionPart.Full
            ? "The full equation conserves waveaction, momentum and energy; the drift measures the grid operator's conservation defect (truncation to the box, interpolation, midpoint rule) plus time-integration error — round-off with the projection."
            : "The gain-only equation conserves none of them: the columns show their growth.");
        sb.AppendLine();
        sb.AppendLine("Figures: `slice-kx.svg`, `slice-ky.svg`, `norm.svg`, `drift.svg`. Tables: `diagnostics.csv`, `slices.csv`.");
        foreach (var w in record.Warnings) sb.AppendLine($"- warning: {w}");
        folder.WriteSummary(sb.ToString());
        folder.WriteResult(record);
        return record;
    }

    private static double MomDrift(Diagnostics3D x, Diagnostics3D first) =>
        first.Waveaction == 0 ? 0 : (x.Momentum - first.Momentum).Norm / Math.Abs(first.Waveaction);

    // ------------------------------------------------------------------ inhomogeneous

    public static JsonObject State(InhomogeneousState s, InhomogeneousRecord r) => new()
    {
        ["step"] = s.Step,
        ["f"] = Json.Array(s.F),
        ["next_output"] = r.NextOutput,
        ["diagnostics"] = new JsonArray(r.Diagnostics.Select(d => (JsonNode?)Json.Array(d.ToArray())).ToArray()),
        ["density"] = new JsonArray(r.Density.Select(v => (JsonNode?)Json.Array(v)).ToArray()),
    };

    public static (InhomogeneousState State, InhomogeneousRecord Record) RestoreInhomogeneous(JsonNode state, int dimension, string path)
    {
        try
        {
            var s = new InhomogeneousState { Step = state["step"]!.GetValue<int>(), F = Arr(state["f"]) };
            var r = new InhomogeneousRecord { NextOutput = state["next_output"]!.GetValue<int>() };
            foreach (var d in state["diagnostics"]!.AsArray()) r.Diagnostics.Add(InhomogeneousDiagnostics.FromArray(Arr(d)));
            foreach (var v in state["density"]!.AsArray()) r.Density.Add(Arr(v));
            if (s.F.Length != dimension || r.Diagnostics.Count != r.NextOutput || r.Density.Count != r.NextOutput || s.Step < 0)
                throw new FormatException("inconsistent sizes");
            return (s, r);
        }
        catch (Exception e) when (e is not InvalidInputException)
        {
            throw new InvalidInputException("--resume", path, $"malformed checkpoint state ({e.GetType().Name})");
        }
    }

    public static ResultRecord WriteInhomogeneous(ResultFolder folder, InhomogeneousSolver solver, InhomogeneousRecord rec, JsonObject parameters,
        string initialDescription, DateTimeOffset started, double seconds, IEnumerable<string> warnings)
    {
        var spec = solver.Spec;
        var d = rec.Diagnostics;
        var first = d[0];
        var diag = new CsvTable("t", "step", "waveaction", "momentum_x", "momentum_y", "momentum_z", "energy", "waveaction_drift", "energy_drift", "weighted_sup_norm", "min_f");
        foreach (var x in d)
            diag.AddRow(x.Time, x.Step, x.Waveaction, x.Momentum.X, x.Momentum.Y, x.Momentum.Z, x.Energy, Rel(x.Waveaction, first.Waveaction),
                Rel(x.Energy, first.Energy), x.WeightedSupNorm, x.MinValue);
        folder.WriteCsv("diagnostics.csv", diag);
        int c0 = spec.Cells[0];
        var xs = Enumerable.Range(0, c0).Select(i => i * spec.Length[0] / c0).ToArray();
        var dens = new CsvTable("t", "x", "density");
        for (int k = 0; k < rec.Density.Count; k++)
            for (int i = 0; i < c0; i++) dens.AddRow(d[k].Time, xs[i], rec.Density[k][i]);
        folder.WriteCsv("density.csv", dens);
        string eq = spec.K.Equation == CollisionPart.Gain ? "gain-only" : "full";
        var dp = new Plot { Title = $"Density ρ(t, x) = ∫f dk along x (y = z = 0), {eq} equation, v = {(spec.Velocity == TransportVelocity.TwoK ? "2k" : "k")}", XLabel = "x", YLabel = "ρ" };
        foreach (int k in Pick(rec.Density.Count, 6))
            dp.Add(new Series($"t = {d[k].Time.ToString("G4", CultureInfo.InvariantCulture)}", xs, rec.Density[k]) { Markers = true });
        folder.WriteSvg("density.svg", dp);
        var t = d.Select(x => x.Time).ToArray();
        var nrm = new Plot { Title = $"Weighted sup norm max_x,k ⟨k⟩^{spec.K.NormM} |f|", XLabel = "t", YLabel = "norm" };
        nrm.Add(new Series("weighted sup norm", t, d.Select(x => x.WeightedSupNorm).ToArray()) { Markers = true });
        folder.WriteSvg("norm.svg", nrm);
        var dr = new Plot { Title = "Relative change |Q(t) − Q(0)|/|Q(0)| of ∫∫f, ∫∫|k|²f", XLabel = "t", YLabel = "relative change", YScale = Scale.Log };
        dr.Add(new Series("waveaction", t, d.Select(x => Math.Max(Rel(x.Waveaction, first.Waveaction), 1e-17)).ToArray()) { Markers = true });
        dr.Add(new Series("energy", t, d.Select(x => Math.Max(Rel(x.Energy, first.Energy), 1e-17)).ToArray()) { Dashed = true, Markers = true });
        folder.WriteSvg("drift.svg", dr);

        var last = d[^1];
        var data = new JsonObject
        {
            ["final_time"] = last.Time,
            ["steps"] = last.Step,
            ["x_cells"] = solver.XCount,
            ["k_nodes"] = solver.Grid.Count,
            ["times"] = Json.Array(t),
            ["waveaction"] = Json.Array(d.Select(x => x.Waveaction).ToArray()),
            ["energy"] = Json.Array(d.Select(x => x.Energy).ToArray()),
            ["weighted_sup_norm"] = Json.Array(d.Select(x => x.WeightedSupNorm).ToArray()),
            ["max_waveaction_drift"] = d.Max(x => Rel(x.Waveaction, first.Waveaction)),
            ["max_energy_drift"] = d.Max(x => Rel(x.Energy, first.Energy)),
            ["min_f"] = d.Min(x => x.MinValue),
        };
        var record = new ResultRecord { Kind = "kwe.solve3d-inhomogeneous", Parameters = parameters, Started = started, Data = data, ElapsedSeconds = seconds };
        record.Warnings.AddRange(warnings);
        record.Tables["diagnostics.csv"] = "moments over x and k, drift, weighted sup norm, min f at the output times";
        record.Tables["density.csv"] = "ρ(t, x) along the first axis";
        record.Figures["density.svg"] = "density profiles at selected times";
        record.Figures["norm.svg"] = "weighted sup norm against time";
        record.Figures["drift.svg"] = "relative change of waveaction and energy";
        var sb = new StringBuilder();
        sb.AppendLine($"# Inhomogeneous anisotropic KWE: {eq} equation, β = {spec.K.Beta}");
        sb.AppendLine();
        sb.AppendLine($"Initial datum: (1 + {spec.ModulationAmplitude}·cos(2π m·x/L))·[{initialDescription}], m = ({string.Join(", ", spec.ModulationMode)}). " +
                      $"x box: {string.Join("×", spec.Cells)} cells, lengths {string.Join("×", spec.Length.Select(x => x.ToString("G6", CultureInfo.InvariantCulture)))}, periodic. " +
                      $"k grid: {solver.Grid.N}³ on [−{solver.Grid.L}, {solver.Grid.L}]³. Transport velocity v = {(spec.Velocity == TransportVelocity.TwoK ? "2k (group velocity of ω = |k|²)" : "k")}, exact in Fourier x. " +
                      $"Strang splitting, dt = {spec.K.TEnd / spec.Steps:G6} ({spec.Steps} steps), collision by RK4 with {spec.CollisionSubsteps} substep(s) per half step; {seconds:F1} s.");
        sb.AppendLine();
        sb.AppendLine(Markdown.Table(["t", "waveaction", "drift", "energy", "drift", "weighted sup norm", "min f"],
            d.Select(x => (IReadOnlyList<string>)new[]
            {
                Markdown.Number(x.Time), Markdown.Number(x.Waveaction, 10), Markdown.Number(Rel(x.Waveaction, first.Waveaction), 3),
                Markdown.Number(x.Energy, 10), Markdown.Number(Rel(x.Energy, first.Energy), 3), Markdown.Number(x.WeightedSupNorm), Markdown.Number(x.MinValue),
            })));
        sb.AppendLine();
        sb.AppendLine("Figures: `density.svg`, `norm.svg`, `drift.svg`. Tables: `diagnostics.csv`, `density.csv`.");
        foreach (var w in record.Warnings) sb.AppendLine($"- warning: {w}");
        folder.WriteSummary(sb.ToString());
        folder.WriteResult(record);
        return record;
    }

    private static double Rel(double x, double x0) => x0 == 0 ? Math.Abs(x) : Math.Abs(x - x0) / Math.Abs(x0);

    private static IEnumerable<int> Pick(int n, int k)
    {
        if (n <= k) return Enumerable.Range(0, n);
        var s = new SortedSet<int>();
        for (int i = 0; i < k; i++) s.Add((int)Math.Round(i * (n - 1.0) / (k - 1)));
        return s;
    }
}
