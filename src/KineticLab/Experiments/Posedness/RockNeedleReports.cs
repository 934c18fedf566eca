using System.Text;
using System.Text.Json.Nodes;
using KineticLab.Output;
using KineticLab.Output.Hdf5;
using KineticLab.Posedness.RockAndNeedles;

namespace KineticLab.Experiments.Posedness;

/// <summary>JSON, tables, plots and summaries of the rock-and-needles experiments (docs/rock-and-needles.md).</summary>
public static class RockNeedleReports
{
    private static JsonObject Derived(NeedleParameters p) => new()
    {
        ["s"] = p.S,
        ["r0"] = p.R0Weight,
        ["Lambda"] = Json.Number(p.Lambda),
        ["T_star"] = Json.Number(p.TStar),
        ["J"] = p.J,
        ["log_beam_amplitude"] = p.LogBeamAmplitude,
    };

    private static string Fmt(double v, int digits = 4) => Markdown.Number(v, digits);

    /// <summary>The record with the data and the run's warnings, and the HDF5 document of the run.</summary>
    private static Hdf5Document Start(ResultRecord rec, IEnumerable<string> warnings, JsonObject data)
    {
        rec.Data = data;
        rec.Warnings.Clear();
        rec.Warnings.AddRange(warnings);
        return ResultsFile.Create(rec.Kind, rec.Parameters);
    }

    private static void Finish(ResultFolder folder, ResultRecord rec, Hdf5Document h5, StringBuilder summary, IReadOnlyList<string> warnings, double elapsed)
    {
        folder.WriteHdf5(ResultsFile.FileName, h5);
        var groups = string.Join(", ", rec.Tables.Keys.Where(k => k.EndsWith(".csv", StringComparison.Ordinal)).Select(k => $"/{Path.GetFileNameWithoutExtension(k)}"));
        rec.Tables[ResultsFile.FileName] = $"HDF5: parameters and the tables as columns ({groups})";
        summary.AppendLine();
        summary.AppendLine($"HDF5: `{ResultsFile.FileName}` (the tables column by column: {groups}).");
        if (warnings.Count > 0)
        {
            summary.AppendLine();
            summary.AppendLine("Warnings:");
            foreach (var w in warnings) summary.AppendLine($"- {w}");
        }
        summary.AppendLine();
        summary.AppendLine($"Run time {elapsed:F1} s. Method and limits: docs/rock-and-needles.md.");
        folder.WriteSummary(summary.ToString());
        rec.Figures.TryAdd("summary.md", "human-readable summary");
        folder.WriteResult(rec);
    }

    // ---------------------------------------------------------------- needles-rate

    public static JsonObject ToJson(NeedlesRateResult r) => new()
    {
        ["experiment"] = "needles-rate",
        ["d"] = r.Spec.Base.D,
        ["kernel"] = r.Spec.Base.KernelName,
        ["derived"] = Derived(r.Spec.Base),
        ["J"] = r.FieldJ,
        ["R0"] = r.FieldR0,
        ["continuum_constant"] = r.ContinuumConstant,
        ["minimum_angle"] = r.MinimumAngle,
        ["disjoint_angle"] = r.DisjointAngle,
        ["times"] = Json.Array(r.Spec.Times),
        ["max_relative_difference_by_time"] = Json.Array(r.MaxDiffByTime),
        ["agree_time"] = r.Spec.AgreeTime,
        ["max_relative_difference"] = r.MaxDiffAgree,
        ["M"] = Json.Array(r.Focus.Select(f => f.M).ToArray()),
        ["R0_needles"] = Json.Array(r.Focus.Select(f => f.PerNeedle).ToArray()),
        ["R0_continuum"] = Json.Array(r.Focus.Select(f => f.Continuum).ToArray()),
        ["slope"] = Json.Number(r.FocusSlope.Value),
        ["slope_stderr"] = Json.Number(r.FocusSlope.StdErr),
        ["predicted_slope"] = r.PredictedSlope,
        ["gradient_slope"] = Json.Number(r.GradientSlope.Value),
        ["hessian_slope"] = Json.Number(r.HessianSlope.Value),
        ["predicted_gradient_slope"] = r.PredictedSlope + 1,
        ["predicted_hessian_slope"] = r.PredictedSlope + 2,
        ["beta"] = new JsonArray(r.Betas.Select(b => (JsonNode?)new JsonObject { ["t"] = b.T, ["M_abs_x"] = b.RadiusM, ["needles"] = b.PerNeedle, ["continuum"] = b.Continuum }).ToArray()),
        ["warnings"] = new JsonArray(r.Warnings.Select(w => (JsonNode?)w).ToArray()),
    };

    /// <summary>Writes the results folder; <paramref name="rec"/> is the run's record (kind, parameters).</summary>
    public static ResultRecord Write(ResultFolder folder, NeedlesRateResult r, ResultRecord rec)
    {
        var p = r.Spec.Base;
        var h5 = Start(rec, r.Warnings, ToJson(r));
        var t = new ResultTable("t", "M_abs_x", "R_needles", "R_continuum", "relative_difference");
        foreach (var f in r.Field) t.AddRow(f.T, f.RadiusM, f.PerNeedle, f.Continuum, (f.PerNeedle - f.Continuum) / r.FieldR0);
        PosednessOutput.Write(folder, h5, "rate_field.csv", t);
        rec.Tables["rate_field.csv"] = "R(t,x,0) by per-needle quadrature and by the continuum formula along a ray";
        var fo = new ResultTable("M", "J", "R0_needles", "R0_continuum", "Lambda", "max_dR_dr", "max_d2R_dr2");
        foreach (var f in r.Focus) fo.AddRow(f.M, f.J, f.PerNeedle, f.Continuum, f.Lambda, f.MaxGradient, f.MaxHessian);
        PosednessOutput.Write(folder, h5, "focus_rate.csv", fo);
        rec.Tables["focus_rate.csv"] = "the focus rate R0 = R(0,0,0) against M";
        var be = new ResultTable("t", "M_abs_x", "beta_needles", "beta_continuum");
        foreach (var b in r.Betas) be.AddRow(b.T, b.RadiusM, b.PerNeedle, b.Continuum);
        PosednessOutput.Write(folder, h5, "beta.csv", be);
        rec.Tables["beta.csv"] = "β(t,x,0) = ∫₀^t R dτ both ways";

        var plot = new Plot { Title = $"Damping rate on the rock: {p.Describe()}", XLabel = "M|x|", YLabel = "R(t,x,0)/R0" };
        foreach (var time in r.Spec.Times)
        {
            var rows = r.Field.Where(f => f.T == time).ToList();
            plot.Add(new Series($"needles, t = {time}", rows.Select(f => f.RadiusM).ToArray(), rows.Select(f => f.PerNeedle / r.FieldR0).ToArray()) { Markers = true, Line = false });
        }
        var c0 = r.Field.Where(f => f.T == r.Spec.Times[0]).ToList();
        plot.Add(new Series("continuum Ψ_d(M|x|)", c0.Select(f => f.RadiusM).ToArray(), c0.Select(f => f.Continuum / r.FieldR0).ToArray()) { Dashed = true });
        folder.WriteSvg("rate_field.svg", plot);
        rec.Figures["rate_field.svg"] = "rate field against the continuum profile";
        var fp = new Plot { Title = $"Focus rate R0 against M (slope {r.FocusSlope.Value:F4}, predicted {r.PredictedSlope:F4})", XLabel = "M", YLabel = "R0", XScale = Scale.Log, YScale = Scale.Log, LegendPosition = LegendPosition.TopLeft };
        fp.Add(new Series("per-needle", r.Focus.Select(f => f.M).ToArray(), r.Focus.Select(f => f.PerNeedle).ToArray()) { Markers = true, Line = false });
        fp.Add(new Series("Λ = M^((d−1)/2−s)", r.Focus.Select(f => f.M).ToArray(), r.Focus.Select(f => f.Lambda).ToArray()) { Dashed = true });
        folder.WriteSvg("focus_rate.svg", fp);
        rec.Figures["focus_rate.svg"] = "focus rate against M (log–log)";

        var sb = new StringBuilder();
        sb.AppendLine($"# Needles: damping rate on the rock ({p.Describe()})");
        sb.AppendLine();
        sb.AppendLine($"J = {r.FieldJ} needles at M = {Fmt(p.M)}; minimum angle between directions {Fmt(r.MinimumAngle)} (velocity needles disjoint above {Fmt(r.DisjointAngle)}). " +
                      $"Continuum focus rate R0 = {Fmt(r.FieldR0, 6)}; R0/Λ = b1·c_J·‖χ‖_L¹(R^(d−1))·w_Φ = {Fmt(r.ContinuumConstant, 7)} before the unit-rate scaling.");
        sb.AppendLine();
        sb.AppendLine(Markdown.Table(["t", "max |R_needles − R_continuum|/R0"], r.Spec.Times.Select((tt, i) => (IReadOnlyList<string>)[Fmt(tt), $"{r.MaxDiffByTime[i]:E2}"])));
        sb.AppendLine();
        sb.AppendLine($"Largest difference for |t| ≤ {Fmt(r.Spec.AgreeTime)} (and at the focus over the M scan): **{r.MaxDiffAgree:E2}** (required ≤ 1e-3). " +
                      "Larger |t| shows the transverse drift of the needles, which the time-independent continuum formula ignores.");
        sb.AppendLine();
        sb.AppendLine($"Focus rate against M: fitted slope **{r.FocusSlope.Value:F5}** ± {r.FocusSlope.StdErr:E1}; predicted (d−1)/2 − s = {r.PredictedSlope:F5}.");
        sb.AppendLine();
        sb.AppendLine($"Derivatives (3.15): max |∂_r R| ∝ M^{r.GradientSlope.Value:F4} (bound: M^{r.PredictedSlope + 1:F4}), max |∂²_r R| ∝ M^{r.HessianSlope.Value:F4} (bound: M^{r.PredictedSlope + 2:F4}), on M|x| ∈ [1.1, 2.3].");
        sb.AppendLine();
        sb.AppendLine(Markdown.Table(["M", "J", "R0 (needles)", "R0 (continuum)", "Λ", "max |∂_r R|", "max |∂²_r R|"], r.Focus.Select(f => (IReadOnlyList<string>)[Fmt(f.M), f.J.ToString(), Fmt(f.PerNeedle, 8), Fmt(f.Continuum, 8), Fmt(f.Lambda, 8), Fmt(f.MaxGradient, 6), Fmt(f.MaxHessian, 6)])));
        Finish(folder, rec, h5, sb, r.Warnings, r.ElapsedSeconds);
        return rec;
    }

    // ---------------------------------------------------------------- beam-norm

    public static JsonObject ToJson(BeamNormResult r) => new()
    {
        ["experiment"] = "beam-norm",
        ["d"] = r.Spec.Base.D,
        ["kernel"] = r.Spec.Base.KernelName,
        ["s0"] = r.Spec.Base.S0,
        ["r0"] = r.Spec.Base.R0Weight,
        ["M"] = Json.Array(r.Rows.Where(x => x.Scan == "M").Select(x => x.M).ToArray()),
        ["norm_vs_M"] = Json.Array(r.Rows.Where(x => x.Scan == "M").Select(x => Math.Exp(x.LogNorm)).ToArray()),
        ["N2"] = Json.Array(r.Rows.Where(x => x.Scan == "N2").Select(x => x.N2).ToArray()),
        ["norm_vs_N2"] = Json.Array(r.Rows.Where(x => x.Scan == "N2").Select(x => Math.Exp(x.LogNorm)).ToArray()),
        ["M_slope"] = Json.Number(r.MSlope.Value),
        ["M_slope_predicted"] = r.PredictedM,
        ["N2_slope"] = Json.Number(r.N2Slope.Value),
        ["N2_slope_predicted"] = r.PredictedN2,
        ["warnings"] = new JsonArray(r.Warnings.Select(w => (JsonNode?)w).ToArray()),
    };

    /// <summary>Writes the results folder; <paramref name="rec"/> is the run's record (kind, parameters).</summary>
    public static ResultRecord Write(ResultFolder folder, BeamNormResult r, ResultRecord rec)
    {
        var p = r.Spec.Base;
        var h5 = Start(rec, r.Warnings, ToJson(r));
        var t = new ResultTable("scan", "M", "N2", "norm", "log_norm", "log_space_needle_sq", "log_velocity_needle_sq", "log_amplitude", "log_J");
        foreach (var x in r.Rows) t.AddRow(x.Scan, x.M, x.N2, Math.Exp(x.LogNorm), x.LogNorm, x.LogSpaceNeedle, x.LogVelocityNeedle, x.LogAmplitude, x.LogJ);
        PosednessOutput.Write(folder, h5, "beam_norm.csv", t);
        rec.Tables["beam_norm.csv"] = "‖f_b‖ in L^{2,r0}_v H^{s0}_x and its factors (natural logarithms)";
        foreach (var (scan, name, slope, pred) in new[] { ("M", "M", r.MSlope, r.PredictedM), ("N2", "N2", r.N2Slope, r.PredictedN2) })
        {
            var rows = r.Rows.Where(x => x.Scan == scan).ToList();
            var xs = rows.Select(x => scan == "M" ? x.M : x.N2).ToArray();
            var plot = new Plot { Title = $"Beam norm against {name}: slope {slope.Value:F4} (Lemma 3.1: {pred:F4})", XLabel = name, YLabel = "‖f_b‖", XScale = Scale.Log, YScale = Scale.Log };
            plot.Add(new Series("measured", xs, rows.Select(x => Math.Exp(x.LogNorm)).ToArray()) { Markers = true });
            double a = rows[0].LogNorm - pred * Math.Log(xs[0]);
            plot.Add(new Series($"{name}^{pred:G3}", xs, xs.Select(x => Math.Exp(a + pred * Math.Log(x))).ToArray()) { Dashed = true });
            folder.WriteSvg($"beam_norm_{scan}.svg", plot);
            rec.Figures[$"beam_norm_{scan}.svg"] = $"beam norm against {name}";
        }
        var sb = new StringBuilder();
        sb.AppendLine($"# Beam norm ({p.Describe()}, r0 = {Fmt(p.R0Weight)})");
        sb.AppendLine();
        sb.AppendLine("‖f_b‖ = a_b √J ‖⟨∇⟩^{s0}K‖ ‖⟨v⟩^{r0}I‖ (disjoint velocity needles), the needle norms by radial transforms of χ.");
        sb.AppendLine();
        sb.AppendLine(Markdown.Table(["scan", "fitted slope", "Lemma 3.1", "difference", "max residual"],
        [
            ["M (N2 = " + Fmt(p.N2) + ")", $"{r.MSlope.Value:F5}", $"{r.PredictedM:F5}", $"{r.MSlope.Value - r.PredictedM:+0.00000;-0.00000}", $"{r.MSlope.MaxResidual:E1}"],
            ["N2 (M = " + Fmt(p.M) + ")", $"{r.N2Slope.Value:F5}", $"{r.PredictedN2:F5}", $"{r.N2Slope.Value - r.PredictedN2:+0.00000;-0.00000}", $"{r.N2Slope.MaxResidual:E1}"],
        ]));
        sb.AppendLine();
        sb.AppendLine(Markdown.Table(["scan", "M", "N2", "‖f_b‖"], r.Rows.Select(x => (IReadOnlyList<string>)[x.Scan, Fmt(x.M), Fmt(x.N2), Fmt(Math.Exp(x.LogNorm), 6)])));
        Finish(folder, rec, h5, sb, r.Warnings, r.ElapsedSeconds);
        return rec;
    }

    // ---------------------------------------------------------------- bilinear-ratio

    public static JsonObject ToJson(BilinearRatioResult r)
    {
        var curves = new JsonArray();
        foreach (var c in r.Curves)
            curves.Add(new JsonObject
            {
                ["kernel"] = BilinearRatioSpec.KernelName(c.Kernel),
                ["s0"] = Json.Array(c.S0),
                ["exponent"] = Json.Array(c.Exponent),
                ["exponent_stderr"] = Json.Array(c.StdErr),
                ["sign_change"] = Json.Number(c.SignChange),
                ["N2_exponent"] = Json.Array(c.N2Exponent),
                ["N2_exponent_predicted"] = Json.Array(c.PredictedN2Exponent),
            });
        var first = r.Curves[0];
        return new JsonObject
        {
            ["experiment"] = "bilinear-ratio",
            ["d"] = r.Spec.Base.D,
            ["s0"] = Json.Array(first.S0),
            ["exponent"] = Json.Array(first.Exponent),
            ["sign_change"] = Json.Number(first.SignChange),
            ["predicted_exponent"] = Json.Array(first.S0.Select(s => r.Threshold - s).ToArray()),
            ["threshold"] = r.Threshold,
            ["scaling_index"] = r.ScalingIndex,
            ["worst_exponent_deviation"] = r.WorstDeviation,
            ["worst_N2_exponent_deviation"] = r.Spec.N2s.Length >= 2 ? r.WorstN2Deviation : null,
            ["M_scan"] = Json.Array(r.Spec.Ms),
            ["N2_scan"] = Json.Array(r.Spec.N2s),
            ["kernels"] = curves,
            ["warnings"] = new JsonArray(r.Warnings.Select(w => (JsonNode?)w).ToArray()),
        };
    }

    /// <summary>Writes the results folder; <paramref name="rec"/> is the run's record (kind, parameters).</summary>
    public static ResultRecord Write(ResultFolder folder, BilinearRatioResult r, ResultRecord rec)
    {
        var p = r.Spec.Base;
        var h5 = Start(rec, r.Warnings, ToJson(r));
        var t = new ResultTable("kernel", "s0", "M", "Gamma", "beam_norm", "rate_profile_ratio", "R0");
        foreach (var c in r.Curves) foreach (var x in c.Points) t.AddRow(BilinearRatioSpec.KernelName(c.Kernel), x.S0, x.M, x.Gamma, x.BeamNorm, x.RateProfileRatio, x.R0);
        PosednessOutput.Write(folder, h5, "ratio.csv", t);
        rec.Tables["ratio.csv"] = "Γ(M) = ‖Q⁻(f_r,f_b)‖/(‖f_r‖‖f_b‖) per kernel, s0 and M";
        var e = new ResultTable("kernel", "s0", "exponent", "stderr", "max_residual", "predicted", "N2_exponent", "N2_predicted");
        foreach (var c in r.Curves)
            for (int i = 0; i < c.S0.Length; i++)
                e.AddRow(BilinearRatioSpec.KernelName(c.Kernel), c.S0[i], c.Exponent[i], c.StdErr[i], c.MaxResidual[i], r.Threshold - c.S0[i], c.N2Exponent[i], c.PredictedN2Exponent[i]);
        PosednessOutput.Write(folder, h5, "exponents.csv", e);
        rec.Tables["exponents.csv"] = "fitted exponents of M (and N2) per kernel and s0";

        var plot = new Plot { Title = $"Exponent of M in Γ(M), d = {p.D}: sign change against (d−1)/2 and (d−2)/2", XLabel = "s0", YLabel = "exponent of M", LegendPosition = LegendPosition.TopRight };
        foreach (var c in r.Curves)
            plot.Add(new Series($"kernel {BilinearRatioSpec.KernelName(c.Kernel)} (sign change {c.SignChange:F4})", c.S0, c.Exponent) { Markers = true });
        plot.Add(new Series("(d−1)/2 − s0", r.Curves[0].S0, r.Curves[0].S0.Select(s => r.Threshold - s).ToArray()) { Dashed = true });
        plot.HorizontalLines.Add((0, ""));
        plot.VerticalLines.Add((r.Threshold, "(d−1)/2"));
        plot.VerticalLines.Add((r.ScalingIndex, "scaling (d−2)/2"));
        folder.WriteSvg("exponent.svg", plot);
        rec.Figures["exponent.svg"] = "fitted exponent of M against s0 with the claimed threshold and the scaling index";
        var gp = new Plot { Title = $"Γ(M), kernel {BilinearRatioSpec.KernelName(r.Curves[0].Kernel)}", XLabel = "M", YLabel = "Γ(M)", XScale = Scale.Log, YScale = Scale.Log, LegendPosition = LegendPosition.TopLeft };
        var c0 = r.Curves[0];
        var idx = Enumerable.Range(0, c0.S0.Length).Where(i => i % Math.Max(1, c0.S0.Length / 5) == 0).ToList();
        foreach (var i in idx)
        {
            var pts = c0.Points.Where(x => x.S0 == c0.S0[i]).ToList();
            gp.Add(new Series($"s0 = {c0.S0[i]:G3}", pts.Select(x => x.M).ToArray(), pts.Select(x => x.Gamma).ToArray()) { Markers = true });
        }
        folder.WriteSvg("gamma.svg", gp);
        rec.Figures["gamma.svg"] = "Γ(M) for selected s0 (log–log)";

        var sb = new StringBuilder();
        sb.AppendLine($"# Bilinear ratio Γ(M) = ‖Q⁻(f_r,f_b)‖/(‖f_r‖‖f_b‖), d = {p.D}");
        sb.AppendLine();
        sb.AppendLine($"Norm L^(2,r0)_v H^(s0)_x with r0 = max(0, s0 + γ); N2 = {Fmt(p.N2)}, c_J = {Fmt(p.CJ)}, M ∈ [{Fmt(r.Spec.Ms.Min())}, {Fmt(r.Spec.Ms.Max())}]. " +
                      "The amplitudes of rock and beam cancel in Γ: it measures the needle geometry (√J ∝ (M N2)^((d−1)/2) against the needle norms).");
        sb.AppendLine();
        sb.AppendLine(Markdown.Table(["kernel", "sign change of the M-exponent", "claimed threshold (d−1)/2", "scaling index (d−2)/2"],
            r.Curves.Select(c => (IReadOnlyList<string>)[BilinearRatioSpec.KernelName(c.Kernel), $"**{c.SignChange:F4}**", Fmt(r.Threshold), Fmt(r.ScalingIndex)])));
        sb.AppendLine();
        sb.AppendLine($"Worst |exponent − ((d−1)/2 − s0)| over all kernels and s0: {r.WorstDeviation:F5}" +
                      (r.Spec.N2s.Length >= 2 ? $"; worst |N2-exponent − ((d−1)/2 − max(s0, −γ))|: {r.WorstN2Deviation:F5} (N2 ∈ [{Fmt(r.Spec.N2s.Min())}, {Fmt(r.Spec.N2s.Max())}] at M = {Fmt(p.M)})." : "."));
        sb.AppendLine();
        var head = new List<string> { "s0", "predicted" };
        head.AddRange(r.Curves.Select(c => $"exponent ({BilinearRatioSpec.KernelName(c.Kernel)})"));
        if (r.Spec.N2s.Length >= 2) head.AddRange(r.Curves.Select(c => $"N2-exponent ({BilinearRatioSpec.KernelName(c.Kernel)}) [pred]"));
        sb.AppendLine(Markdown.Table(head, Enumerable.Range(0, c0.S0.Length).Select(i =>
        {
            var row = new List<string> { Fmt(c0.S0[i]), $"{r.Threshold - c0.S0[i]:F4}" };
            row.AddRange(r.Curves.Select(c => $"{c.Exponent[i]:F4}"));
            if (r.Spec.N2s.Length >= 2) row.AddRange(r.Curves.Select(c => $"{c.N2Exponent[i]:F4} [{c.PredictedN2Exponent[i]:F4}]"));
            return (IReadOnlyList<string>)row;
        })));
        Finish(folder, rec, h5, sb, r.Warnings, r.ElapsedSeconds);
        return rec;
    }

    // ---------------------------------------------------------------- deflation

    public static JsonObject ToJson(DeflationResult r) => new()
    {
        ["experiment"] = "deflation",
        ["d"] = r.Spec.Base.D,
        ["kernel"] = r.Spec.Base.KernelName,
        ["s0"] = r.Spec.Base.S0,
        ["rock_normalization"] = r.Spec.UnitRock ? "unit" : "paper",
        ["N2_exponent"] = r.Spec.N2Exponent,
        ["M"] = Json.Array(r.Rows.Select(x => x.M).ToArray()),
        ["T_star"] = Json.Array(r.Rows.Select(x => x.TStar).ToArray()),
        ["lambda_star"] = Json.Array(r.Rows.Select(x => x.LambdaStar).ToArray()),
        ["deflation_factor"] = Json.Array(r.Rows.Select(x => x.Factor).ToArray()),
        ["ln_ln_M"] = Json.Array(r.Rows.Select(x => x.LogLogM).ToArray()),
        ["norm_at_0"] = Json.Array(r.Rows.Select(x => x.NormAt0).ToArray()),
        ["norm_at_T_star"] = Json.Array(r.Rows.Select(x => x.NormAtTStar).ToArray()),
        ["t0"] = new JsonArray(r.Rows.Select(x => Json.Number(x.T0)).ToArray()),
        ["beam_norm"] = Json.Array(r.Rows.Select(x => x.BeamNorm).ToArray()),
        ["distance_at_t0"] = Json.Array(r.Rows.Select(x => x.DistanceAtT0).ToArray()),
        ["distance_at_0"] = new JsonArray(r.Rows.Select(x => Json.Number(x.DistanceAt0)).ToArray()),
        ["hidden_constant"] = Json.Array(r.Rows.Select(x => x.HiddenConstant).ToArray()),
        ["factor_vs_lnlnM_slope"] = Json.Number(r.FactorSlope.Value),
        ["warnings"] = new JsonArray(r.Warnings.Select(w => (JsonNode?)w).ToArray()),
    };

    /// <summary>Writes the results folder; <paramref name="rec"/> is the run's record (kind, parameters).</summary>
    public static ResultRecord Write(ResultFolder folder, DeflationResult r, ResultRecord rec)
    {
        var p = r.Spec.Base;
        var h5 = Start(rec, r.Warnings, ToJson(r));
        var t = new ResultTable("M", "s", "T_star", "lambda_star", "ln_ln_M", "deflation_factor", "norm_at_0", "norm_at_T_star", "t0", "t0_over_T_star", "beam_norm", "distance_at_t0", "distance_at_0", "hidden_constant");
        foreach (var x in r.Rows) t.AddRow(x.M, x.S, x.TStar, x.LambdaStar, x.LogLogM, x.Factor, x.NormAt0, x.NormAtTStar, x.T0, x.T0 / x.TStar, x.BeamNorm, x.DistanceAtT0, x.DistanceAt0, x.HiddenConstant);
        PosednessOutput.Write(folder, h5, "deflation.csv", t);
        rec.Tables["deflation.csv"] = "per M: deflation factor, norms, t0 and the two-solution distances";
        var c = new ResultTable("M", "t", "t_over_abs_T_star", "rock_norm");
        foreach (var x in r.Rows) for (int i = 0; i < x.CurveT.Length; i++) c.AddRow(x.M, x.CurveT[i], x.CurveT[i] / Math.Abs(x.TStar), x.CurveNorm[i]);
        PosednessOutput.Write(folder, h5, "rock_norm.csv", c);
        rec.Tables["rock_norm.csv"] = "‖f_r(t)‖ from t = 0 to T_* (or t0 if earlier)";
        var plot = new Plot { Title = $"Rock norm ‖f_r(t)‖, d = {p.D}, {p.KernelName}, s0 = {Fmt(p.S0)}", XLabel = "t/|T*|", YLabel = "‖f_r(t)‖", LegendPosition = LegendPosition.TopLeft };
        foreach (var x in r.Rows.Where((_, i) => i % Math.Max(1, r.Rows.Count / 5) == 0))
            plot.Add(new Series($"M = {Fmt(x.M)}", x.CurveT.Select(v => v / Math.Abs(x.TStar)).ToArray(), x.CurveNorm));
        plot.HorizontalLines.Add((1, "norm 1"));
        folder.WriteSvg("rock_norm.svg", plot);
        rec.Figures["rock_norm.svg"] = "rock norm against t/|T*| for selected M";
        var fp = new Plot { Title = "Deflation factor ‖f_r(T*)‖/‖f_r(0)‖ against ln ln M", XLabel = "M", YLabel = "factor", XScale = Scale.Log, LegendPosition = LegendPosition.TopLeft };
        fp.Add(new Series("measured", r.Rows.Select(x => x.M).ToArray(), r.Rows.Select(x => x.Factor).ToArray()) { Markers = true });
        fp.Add(new Series("ln ln M", r.Rows.Select(x => x.M).ToArray(), r.Rows.Select(x => x.LogLogM).ToArray()) { Dashed = true });
        folder.WriteSvg("deflation.svg", fp);
        rec.Figures["deflation.svg"] = "deflation factor against ln ln M";

        var sb = new StringBuilder();
        sb.AppendLine($"# Norm deflation of the rock (d = {p.D}, {p.KernelName}, s0 = {Fmt(p.S0)})");
        sb.AppendLine();
        sb.AppendLine($"s − s0 = lnlnln M/ln M, T* = −M^(s−(d−1)/2) lnlnln M, N2 = M^{Fmt(r.Spec.N2Exponent)}, N1 → ∞, continuum rate " +
                      $"(unit-rate beam: {p.UnitRate}); rock normalization {(r.Spec.UnitRock ? "unit (‖f_r(0)‖ = 1/ln ln M exactly)" : "the paper's amplitude")}.");
        sb.AppendLine();
        sb.AppendLine(Markdown.Table(["M", "λ* = |T*|R0", "factor", "ln ln M", "‖f_r(0)‖", "‖f_r(T*)‖", "t0", "t0/T*", "‖f(t0)−g(t0)‖", "‖f(0)−g(0)‖", "‖χ‖G(0)"],
            r.Rows.Select(x => (IReadOnlyList<string>)[Fmt(x.M), Fmt(x.LambdaStar), $"{x.Factor:F4}", $"{x.LogLogM:F4}", Fmt(x.NormAt0), Fmt(x.NormAtTStar), Fmt(x.T0), Fmt(x.T0 / x.TStar), Fmt(x.DistanceAtT0), Fmt(x.DistanceAt0), Fmt(x.HiddenConstant)])));
        sb.AppendLine();
        sb.AppendLine($"Slope of the factor against ln ln M (log–log): {r.FactorSlope.Value:F4} (the construction aims at 1). " +
                      "‖f(t0)−g(t0)‖ = ‖f_b‖ is the initial closeness, ‖f(0)−g(0)‖ the final separation, at the level of the approximate solutions.");
        Finish(folder, rec, h5, sb, r.Warnings, r.ElapsedSeconds);
        return rec;
    }
}
