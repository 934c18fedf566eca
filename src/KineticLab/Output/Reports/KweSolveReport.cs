using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using KineticLab.Numerics.TimeStepping;
using KineticLab.WaveKinetic.Isotropic;

namespace KineticLab.Output.Reports;

/// <summary>Checkpoint payloads, tables, plots and summary of an isotropic KWE solve.</summary>
public static class KweSolveReport
{
    /// <summary>The resumable state: integrator state and the outputs recorded so far.</summary>
    public static JsonObject State(IntegratorState s, IsotropicSolveRecord r) => new()
    {
        ["time"] = s.Time,
        ["y"] = Json.Array(s.Y),
        ["next_step"] = s.NextStep,
        ["previous_error"] = s.PreviousError,
        ["accepted"] = s.Accepted,
        ["rejected"] = s.Rejected,
        ["evaluations"] = s.Evaluations,
        ["next_output"] = r.NextOutput,
        ["diagnostics"] = new JsonArray(r.Diagnostics.Select(d => (JsonNode?)Json.Array(
            [d.Time, d.Waveaction, d.Energy, d.WeightedSupNorm, d.MinValue, d.Steps, d.Rejected, d.Evaluations])).ToArray()),
        ["snapshots"] = new JsonArray(r.Snapshots.Select(v => (JsonNode?)Json.Array(v)).ToArray()),
    };

    /// <summary>Inverse of <see cref="State"/>; a malformed payload is invalid input (field --resume).</summary>
    public static (IntegratorState State, IsotropicSolveRecord Record) Restore(JsonNode state, int dimension, string path)
    {
        try
        {
            double[] Arr(JsonNode? n) => n!.AsArray().Select(x => x!.GetValue<double>()).ToArray();
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
            var r = new IsotropicSolveRecord { NextOutput = state["next_output"]!.GetValue<int>() };
            foreach (var d in state["diagnostics"]!.AsArray())
            {
                var a = Arr(d);
                r.Diagnostics.Add(new SolveDiagnostics(a[0], a[1], a[2], a[3], a[4], (long)a[5], (long)a[6], (long)a[7]));
            }
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

    public static ResultRecord Write(ResultFolder folder, IsotropicSolver solver, IsotropicSolveRecord rec, JsonObject parameters,
        string initialDescription, DateTimeOffset started, double seconds, IEnumerable<string> warnings)
    {
        var g = solver.Grid;
        var spec = solver.Spec;
        var d = rec.Diagnostics;
        var first = d[0];
        var diag = new CsvTable("t", "waveaction", "energy", "waveaction_drift", "energy_drift", "weighted_sup_norm", "min_n", "steps", "rejected", "evaluations");
        foreach (var x in d)
            diag.AddRow(x.Time, x.Waveaction, x.Energy, Rel(x.Waveaction, first.Waveaction), Rel(x.Energy, first.Energy),
                x.WeightedSupNorm, x.MinValue, x.Steps, x.Rejected, x.Evaluations);
        folder.WriteCsv("diagnostics.csv", diag);

        var spectra = new CsvTable("t", "omega", "n", "weighted_n");
        for (int k = 0; k < rec.Snapshots.Count; k++)
            for (int j = 0; j < g.N; j++)
                spectra.AddRow(d[k].Time, g.Omega[j], rec.Snapshots[k][j], g.Rho[j] * rec.Snapshots[k][j]);
        folder.WriteCsv("spectra.csv", spectra);

        string eq = spec.Equation == CollisionPart.Gain ? "gain-only" : "full";
        var sp = new Plot
        {
            Title = $"Weighted spectrum (1+ω)^α n(t, ω), {eq} equation, β = {spec.Beta}",
            XLabel = "ω", YLabel = $"(1+ω)^{spec.WeightExponent} n", XScale = Scale.Log, YScale = Scale.Log,
            LegendPosition = LegendPosition.BottomLeft,
        };
        foreach (int k in Pick(rec.Snapshots.Count, 6))
            sp.Add(new Series($"t = {d[k].Time.ToString("G4", CultureInfo.InvariantCulture)}", g.Omega,
                g.Omega.Select((_, j) => g.Rho[j] * rec.Snapshots[k][j]).ToArray()));
        folder.WriteSvg("spectra.svg", sp);

        var t = d.Select(x => x.Time).ToArray();
        var nrm = new Plot { Title = $"Weighted sup norm max (1+ω)^α |n|, {eq} equation", XLabel = "t", YLabel = "norm" };
        nrm.Add(new Series("weighted sup norm", t, d.Select(x => x.WeightedSupNorm).ToArray()) { Markers = true });
        folder.WriteSvg("norm.svg", nrm);

        var dr = new Plot
        {
            Title = spec.Equation == CollisionPart.Full ? "Conservation drift |Q(t) − Q(0)|/|Q(0)|" : "Relative change |Q(t) − Q(0)|/|Q(0)| (not conserved)",
            XLabel = "t", YLabel = "relative change", YScale = Scale.Log,
        };
        dr.Add(new Series("waveaction ∫n√ω dω", t, d.Select(x => Math.Max(Rel(x.Waveaction, first.Waveaction), 1e-17)).ToArray()) { Markers = true });
        dr.Add(new Series("energy ∫n ω^(3/2) dω", t, d.Select(x => Math.Max(Rel(x.Energy, first.Energy), 1e-17)).ToArray()) { Dashed = true, Markers = true });
        folder.WriteSvg("drift.svg", dr);

        var last = d[^1];
        var data = new JsonObject
        {
            ["final_time"] = last.Time,
            ["steps"] = last.Steps,
            ["rejected"] = last.Rejected,
            ["evaluations"] = last.Evaluations,
            ["grid_nodes"] = g.N,
            ["waveaction"] = Json.Array(d.Select(x => x.Waveaction).ToArray()),
            ["energy"] = Json.Array(d.Select(x => x.Energy).ToArray()),
            ["times"] = Json.Array(t),
            ["weighted_sup_norm"] = Json.Array(d.Select(x => x.WeightedSupNorm).ToArray()),
            ["max_waveaction_drift"] = d.Max(x => Rel(x.Waveaction, first.Waveaction)),
            ["max_energy_drift"] = d.Max(x => Rel(x.Energy, first.Energy)),
            ["min_n"] = d.Min(x => x.MinValue),
        };
        var record = new ResultRecord { Kind = "kwe.solve", Parameters = parameters, Started = started, Data = data, ElapsedSeconds = seconds };
        record.Warnings.AddRange(warnings);
        record.Tables["diagnostics.csv"] = "waveaction, energy, their drift, weighted sup norm, min n at the output times";
        record.Tables["spectra.csv"] = "n(t, ω) at the grid nodes and output times";
        record.Figures["spectra.svg"] = "weighted spectra at selected times";
        record.Figures["norm.svg"] = "weighted sup norm against time";
        record.Figures["drift.svg"] = "relative change of waveaction and energy";

        var sb = new StringBuilder();
        sb.AppendLine($"# KWE solve: {eq} equation, β = {spec.Beta}");
        sb.AppendLine();
        sb.AppendLine($"Initial datum: {initialDescription}. Grid: {g.N} nodes, ω ∈ [{Markdown.Number(g.OmegaMin)}, {Markdown.Number(g.OmegaMax)}], " +
                      $"{spec.PointsPerOctave} per octave, degree-{spec.Degree} interpolant of n(1+ω)^{spec.WeightExponent}, tail: {spec.Tail.ToString().ToLowerInvariant()}" +
                      (spec.Equation == CollisionPart.Full && spec.ConservativeProjection && spec.Tail == GridTail.Truncated ? ", conservative projection" : "") + ".");
        sb.AppendLine($"Time integration: {spec.Method}, rtol = {spec.RelTol}, atol = {spec.AbsTol}·(1+ω)^(-{spec.WeightExponent}); " +
                      $"{last.Steps} steps ({last.Rejected} rejected), {last.Evaluations} operator evaluations, {seconds:F1} s.");
        sb.AppendLine();
        var rows = d.Select(x => (IReadOnlyList<string>)new[]
        {
            Markdown.Number(x.Time), Markdown.Number(x.Waveaction, 10), Markdown.Number(Rel(x.Waveaction, first.Waveaction), 3),
            Markdown.Number(x.Energy, 10), Markdown.Number(Rel(x.Energy, first.Energy), 3), Markdown.Number(x.WeightedSupNorm), Markdown.Number(x.MinValue),
        });
        sb.AppendLine(Markdown.Table(["t", "waveaction", "drift", "energy", "drift", "weighted sup norm", "min n"], rows));
        sb.AppendLine();
        sb.AppendLine(spec.Equation == CollisionPart.Full
            ? "The full equation conserves waveaction and energy; the drift columns measure the discrete operator's conservation defect " +
              "(round-off with the conservative projection) plus time-integration error."
            : "The gain-only equation conserves neither waveaction nor energy: the columns show their growth.");
        sb.AppendLine();
        sb.AppendLine("Figures: `spectra.svg`, `norm.svg`, `drift.svg`. Tables: `diagnostics.csv`, `spectra.csv`.");
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
