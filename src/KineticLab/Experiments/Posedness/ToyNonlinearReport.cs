using System.Text;
using System.Text.Json.Nodes;
using KineticLab.Output;
using KineticLab.Posedness.RockAndNeedles;

namespace KineticLab.Experiments.Posedness;

/// <summary>JSON, table, plots and summary of the toy nonlinear rock-and-needles check (docs/rock-and-needles.md).</summary>
public static class ToyNonlinearReport
{
    public static JsonObject ToJson(ToyNonlinearResult r) => new()
    {
        ["experiment"] = "toy-nonlinear",
        ["time"] = Json.Array(r.Samples.Select(x => x.Time).ToArray()),
        ["rock_fraction_numerical"] = Json.Array(r.Samples.Select(x => x.RockNumerical / x.RockFree).ToArray()),
        ["rock_fraction_predicted"] = Json.Array(r.Samples.Select(x => x.RockPredicted / x.RockFree).ToArray()),
        ["rock_fraction_corrected"] = Json.Array(r.Samples.Select(x => x.RockCorrected / x.RockFree).ToArray()),
        ["beam_deviation"] = Json.Array(r.Samples.Select(x => x.BeamDeviation).ToArray()),
        ["max_fraction_error"] = Json.Number(r.MaxFractionError),
        ["max_corrected_error"] = Json.Number(r.MaxCorrectedError),
        ["gain_return"] = Json.Number(r.GainReturn),
        ["grid_loss_rate"] = Json.Number(r.GridLossRate),
        ["closed_form_loss_rate"] = Json.Number(r.ClosedFormLossRate),
        ["max_beam_deviation"] = Json.Number(r.MaxBeamDeviation),
        ["mass_drift"] = Json.Number(r.MassDrift),
        ["unknowns"] = r.Unknowns,
    };

    /// <summary>Writes the results folder; <paramref name="rec"/> is the run's record (kind, parameters).</summary>
    public static ResultRecord Write(ResultFolder folder, ToyNonlinearSettings s, ToyNonlinearResult r, ResultRecord rec, double elapsed)
    {
        rec.Data = ToJson(r);
        var h5 = ResultsFile.Create(rec.Kind, rec.Parameters);
        var t = new ResultTable("t", "rock_at_v0_free", "rock_at_v0_loss_prediction", "rock_at_v0_with_gain_return", "rock_at_v0_numerical", "beam_deviation_from_free_transport", "beam_norm");
        foreach (var x in r.Samples) t.AddRow(x.Time, x.RockFree, x.RockPredicted, x.RockCorrected, x.RockNumerical, x.BeamDeviation, x.BeamNorm);
        PosednessOutput.Write(folder, h5, "toy_nonlinear.csv", t);
        rec.Tables["toy_nonlinear.csv"] = "rock at v = 0 (∫ dx) numerical and predicted; needles-alone run against free transport";

        var ts = r.Samples.Select(x => x.Time).ToArray();
        var plot = new Plot { Title = "Rock at v = 0: remaining fraction", XLabel = "t", YLabel = "∫ f_r(t, x, 0) dx / ∫ f_r(0, x, 0) dx" };
        plot.Add(new Series("nonlinear run (rock + needles − needles)", ts, r.Samples.Select(x => x.RockNumerical / x.RockFree).ToArray()) { Markers = true });
        plot.Add(new Series("loss term, closed form e^{−β}", ts, r.Samples.Select(x => x.RockPredicted / x.RockFree).ToArray()) { Dashed = true });
        plot.Add(new Series($"with gain return r = {r.GainReturn:F3}: e^{{−(1−r)β}}", ts, r.Samples.Select(x => x.RockCorrected / x.RockFree).ToArray()) { Dashed = true });
        folder.WriteSvg("rock_decay.svg", plot);
        rec.Figures["rock_decay.svg"] = "the rock's remaining fraction at v = 0, nonlinear run against the predictions";
        var dev = new Plot { Title = "Needles alone: relative L² distance from free transport", XLabel = "t", YLabel = "‖f_B − f_free‖ / ‖f_free‖" };
        dev.Add(new Series("needles alone", ts, r.Samples.Select(x => x.BeamDeviation).ToArray()) { Markers = true });
        folder.WriteSvg("beam_deviation.svg", dev);
        rec.Figures["beam_deviation.svg"] = "needles-alone run against free transport";

        var sb = new StringBuilder();
        sb.AppendLine($"# Toy nonlinear rock and needles ({s.Describe()})");
        sb.AppendLine();
        sb.AppendLine("Run A: rock + needles; run B: needles alone (inhomogeneous solver, exact free transport in Fourier x, Strang splitting, " +
                      "fast spectral collisions); run C: free transport. The rock at v = 0 is ∫ (f_A − f_B)(t, x, 0) dx.");
        sb.AppendLine();
        sb.AppendLine(Markdown.Table(["quantity", "value"],
        [
            ["loss rate at the focus, grid operator / closed form", $"{Markdown.Number(r.GridLossRate, 6)} / {Markdown.Number(r.ClosedFormLossRate, 6)}"],
            ["gain return r at the focus", Markdown.Number(r.GainReturn, 4)],
            ["final fraction: numerical", Markdown.Number(r.FinalNumericalFraction, 5)],
            ["final fraction: loss term e^{−β}", Markdown.Number(r.FinalPredictedFraction, 5)],
            ["final fraction: with gain return e^{−(1−r)β}", Markdown.Number(r.FinalCorrectedFraction, 5)],
            ["max |numerical − e^{−β}|", $"{r.MaxFractionError:E2}"],
            ["max |numerical − e^{−(1−r)β}|", $"{r.MaxCorrectedError:E2}"],
            ["max needles-alone distance from free transport", $"{r.MaxBeamDeviation:E2}"],
            ["relative mass drift (runs A and B)", $"{r.MassDrift:E1}"],
            ["unknowns per run", r.Unknowns.ToString(System.Globalization.CultureInfo.InvariantCulture)],
        ]));
        sb.AppendLine();
        sb.AppendLine($"HDF5: `{ResultsFile.FileName}` (`/toy_nonlinear`: the columns of toy_nonlinear.csv).");
        sb.AppendLine();
        sb.AppendLine($"Run time {elapsed:F1} s. Method and limits: docs/rock-and-needles.md (toy nonlinear check).");
        folder.WriteHdf5(ResultsFile.FileName, h5);
        rec.Tables[ResultsFile.FileName] = "HDF5: parameters, /toy_nonlinear (the columns of toy_nonlinear.csv)";
        folder.WriteSummary(sb.ToString());
        rec.Figures.TryAdd("summary.md", "human-readable summary");
        folder.WriteResult(rec);
        return rec;
    }
}
