using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using KineticLab.Output;
using KineticLab.Posedness.WellPosed;

namespace KineticLab.Experiments.Posedness;

/// <summary>
/// <c>posedness.solution-deflation</c> (<c>examples/posedness-solution-deflation.json</c>): norm deflation measured on solutions of
/// the nonlinear inhomogeneous Boltzmann solver (d = 2, γ = −1/2) from a rock and 8 needles at toy values of M
/// (docs/boltzmann-well-posed.md §4). Members: <c>M</c> (a list in [1, 20]), <c>nx</c> (x points per axis) or
/// <c>nx_per_M</c> (x points per axis growing as nx_per_M·M, the needle width kept at the same number of grid steps),
/// <c>nv</c>, <c>steps</c>, <c>dt</c>, <c>rtol</c>, <c>threads</c> (0: all processors), <c>collisions</c> (false: free
/// transport, where f_a is exact — a check of the pipeline).
/// </summary>
public sealed class SolutionDeflationExperimentSpec : ExperimentSpec
{
    [JsonPropertyName("M"), JsonConverter(typeof(NumberListConverter))] public double[]? M { get; set; }
    public int? Nx { get; set; }
    [JsonPropertyName("nx_per_M")] public double? NxPerM { get; set; }
    public int Nv { get; set; } = 32;
    public int Steps { get; set; } = 16;
    public double Dt { get; set; } = 0.1;
    public double Rtol { get; set; } = 1e-7;
    public int Threads { get; set; }
    public bool Collisions { get; set; } = true;

    /// <summary>Largest number of M values.</summary>
    public const int MaxMs = 12;

    /// <summary>The library study (errors name the field).</summary>
    public SolutionDeflationSpec Resolve()
    {
        double[] ms = M ?? [1, 1.25, 1.5, 1.75];
        if (ms.Length < 1 || ms.Length > MaxMs) throw new InvalidInputException("M", $"[{ms.Length} values]", $"must hold 1 to {MaxMs} values");
        foreach (var m in ms)
            if (!(m >= 1 && m <= 20)) throw new InvalidInputException("M", Require.Fmt(m), "must be in [1, 20]");
        if (ms.Distinct().Count() != ms.Length) throw new InvalidInputException("M", "[" + string.Join(", ", ms.Select(Require.Fmt)) + "]", "values must be distinct");
        if (Nx is not null && NxPerM is not null) throw new InvalidInputException("nx_per_M", Require.Fmt(NxPerM.Value), "give either nx or nx_per_M, not both");
        if (Nx is { } nx && (nx < 8 || nx > 512 || nx % 2 != 0))
            throw new InvalidInputException("nx", nx.ToString(CultureInfo.InvariantCulture), "must be an even number in [8, 512]");
        if (NxPerM is { } q && !(q >= 4 && q <= 100)) throw new InvalidInputException("nx_per_M", Require.Fmt(q), "must be in [4, 100]");
        if (Nv < 8 || Nv > 128 || Nv % 2 != 0) throw new InvalidInputException("nv", Nv.ToString(CultureInfo.InvariantCulture), "must be an even number in [8, 128]");
        Require.IntInRange("steps", Steps, 1, 10_000);
        if (!(Dt > 0 && Dt <= 1)) throw new InvalidInputException("dt", Require.Fmt(Dt), "must be in (0, 1]");
        if (!(Rtol >= 1e-12 && Rtol <= 1e-2)) throw new InvalidInputException("rtol", Require.Fmt(Rtol), "must be in [1e-12, 1e-2]");
        Require.IntInRange("threads", Threads, 0, 1024);
        var spec = new SolutionDeflationSpec
        {
            Ms = ms, Nx = Nx ?? 32, NxPerM = NxPerM ?? 0, Nv = Nv, Steps = Steps, Dt = Dt, RelTol = Rtol, Threads = Threads, Collisions = Collisions,
        };
        foreach (var m in ms)
            if (spec.XPoints(m) > 512)
                throw new InvalidInputException("nx_per_M", Require.Fmt(NxPerM ?? 0), $"gives {spec.XPoints(m)} x points per axis at M = {Require.Fmt(m)}; at most 512");
        return spec;
    }

    /// <summary>Bytes a run holds at its largest grid: the solver's state and work arrays, f_a, the difference and the norms' copy (about 9 phase-space arrays).</summary>
    public static long MemoryBytes(SolutionDeflationSpec s) =>
        s.Ms.Max(m => 9L * 8 * s.XPoints(m) * s.XPoints(m) * s.Nv * s.Nv);
}

/// <summary><c>posedness.solution-deflation</c>: norm deflation and the distance to f_a on solutions of the nonlinear solver (<see cref="SolutionDeflationStudy"/>).</summary>
public sealed class SolutionDeflationKind : ExperimentKind<SolutionDeflationExperimentSpec>
{
    public override string Name => "posedness.solution-deflation";
    public override string Summary => "norm deflation from solutions: the nonlinear inhomogeneous Boltzmann solver (d = 2) from rock + needles at toy M; ‖f(t)‖, ‖f − f_a‖ against M^{−1/2}, the deflation factor against ln ln M";
    protected override JsonTypeInfo<SolutionDeflationExperimentSpec> TypeInfo => PosednessJsonContext.Default.SolutionDeflationExperimentSpec;

    public override IReadOnlyList<string> Validate(SolutionDeflationExperimentSpec spec)
    {
        var s = spec.Resolve();
        var w = new List<string>();
        foreach (var m in s.Ms)
        {
            double steps = s.Datum.NeedleWidth / m / (s.Datum.Lx / s.XPoints(m));
            if (steps < 1) w.Add($"M = {Require.Fmt(m)}: the needle width 0.6/M is {steps:F2} x grid steps (< 1): the datum is not resolved");
        }
        if (s.Ms.Count(m => m > 1) < 2) w.Add("fewer than two values of M > 1: no fit of the deflation factor against ln ln M");
        return w;
    }

    public override string Describe(SolutionDeflationExperimentSpec spec)
    {
        var s = spec.Resolve();
        return $"posedness solution-deflation: d = 2, γ = {Require.Fmt(s.Datum.Gamma)}, M = {string.Join(", ", s.Ms.Select(Require.Fmt))}, " +
               $"x points {string.Join(", ", s.Ms.Select(m => s.XPoints(m) + "²"))}, {s.Nv}² velocities, {s.Steps} steps of {Require.Fmt(s.Dt)}" +
               (s.Collisions ? "" : ", free transport only");
    }

    public override JsonObject? Plan(SolutionDeflationExperimentSpec spec, RunContext context)
    {
        var s = spec.Resolve();
        long bytes = SolutionDeflationExperimentSpec.MemoryBytes(s);
        if (bytes > context.MachineMemoryBytes)
            throw new InvalidInputException("nx_per_M", Require.Fmt(spec.NxPerM ?? spec.Nx ?? 32),
                $"the largest grid would need {bytes} bytes, more than this machine's {context.MachineMemoryBytes}");
        return new JsonObject
        {
            ["nx"] = new JsonArray(s.Ms.Select(m => (JsonNode?)s.XPoints(m)).ToArray()),
            ["unknowns"] = new JsonArray(s.Ms.Select(m => (JsonNode?)((long)s.XPoints(m) * s.XPoints(m) * s.Nv * s.Nv)).ToArray()),
            ["memory_bytes"] = bytes,
        };
    }

    protected override ExperimentOutcome Execute(ExperimentRun<SolutionDeflationExperimentSpec> run)
    {
        var s = run.Spec.Resolve();
        Plan(run.Spec, run.Context);
        var folder = run.Folder!;
        var progress = run.Progress("posedness solution-deflation");
        var done = new List<SolutionDeflationRow>();
        var series = new List<SolutionDeflationSample>();
        // partial results after every M: an interrupted run keeps the rows it finished
        var r = SolutionDeflationStudy.Run(s, progress, run.Context.Cancel, (row, samples) =>
        {
            done.Add(row);
            series.AddRange(samples);
            folder.WriteCsv("rows.csv", RowTable(done).Csv);
            folder.WriteCsv("samples.csv", SampleTable(series).Csv);
        });
        var json = ToJson(r);
        Write(folder, r, run.Record(json.DeepClone(), Parameters(run.Spec)), run.Warnings);
        json["results"] = folder.Path;
        // a solver failure at some M keeps the report of the values before it and exits with code 1
        return new ExperimentOutcome { Data = json, Lines = [.. Lines(r), $"results: {folder.Path}"], Folder = folder.Path, Failed = r.Failure is not null };
    }

    private static JsonArray Array(IEnumerable<double> v) => PosednessOutput.Numbers(v);

    /// <summary>The printed object: per M the grid, norms, factor and distances; the fitted error exponent and the factor against ln ln M.</summary>
    public static JsonObject ToJson(SolutionDeflationResult r)
    {
        var rows = r.Rows;
        var f = r.Fit;
        return new JsonObject
        {
            ["M"] = Array(rows.Select(x => x.M)),
            ["nx"] = new JsonArray(rows.Select(x => (JsonNode?)x.Nx).ToArray()),
            ["nv"] = r.Spec.Nv,
            ["norm_start"] = Array(rows.Select(x => x.NormSolutionStart)),
            ["norm_end"] = Array(rows.Select(x => x.NormSolutionEnd)),
            ["factor"] = Array(rows.Select(x => x.Factor)),
            ["approx_norm_end"] = Array(rows.Select(x => x.NormApproxEnd)),
            ["approx_factor"] = Array(rows.Select(x => x.NormApproxStart / x.NormApproxEnd)),
            ["start_error"] = Array(rows.Select(x => x.StartError)),
            ["max_error"] = Array(rows.Select(x => x.MaxError)),
            ["ln_ln_M"] = Array(rows.Select(x => x.M > 1 ? Math.Log(Math.Log(x.M)) : double.NaN)),
            ["error_exponent"] = Json.Number(f.ErrorExponent.Value),
            ["error_exponent_stderr"] = Json.Number(f.ErrorExponent.StdErr),
            ["error_bound_violations"] = f.ErrorBoundViolations,
            ["factor_vs_lnlnM_slope"] = Json.Number(f.FactorVsLnLnM.Value),
            ["factor_vs_lnlnM_stderr"] = Json.Number(f.FactorVsLnLnM.StdErr),
            ["factor_vs_lnlnM_intercept"] = Json.Number(f.FactorIntercept),
            ["factor_vs_lnlnM_max_residual"] = Json.Number(f.FactorVsLnLnM.MaxResidual),
            ["s0"] = r.Spec.Datum.S0,
            ["r0"] = r.R0,
            ["gamma"] = r.Spec.Datum.Gamma,
            ["T"] = r.Spec.Steps * r.Spec.Dt,
            ["collisions"] = r.Spec.Collisions,
            ["unknowns_largest"] = r.Unknowns,
            ["seconds"] = Array(rows.Select(x => Math.Round(x.Seconds, 1))),
            ["stopped_at_M"] = r.Failure is { } fm ? fm.M : null,
            ["stopped_at_t"] = r.Failure is { } ft ? ft.Time : null,
            ["stopped_reason"] = r.Failure?.Message,
        };
    }

    private static ResultTable RowTable(IReadOnlyList<SolutionDeflationRow> rows)
    {
        var t = new ResultTable("M", "nx", "ln_ln_M", "norm_start", "norm_end", "factor", "approx_norm_start", "approx_norm_end", "approx_factor", "start_error", "max_error", "seconds");
        foreach (var x in rows)
            t.AddRow(x.M, x.Nx, x.M > 1 ? Math.Log(Math.Log(x.M)) : double.NaN, x.NormSolutionStart, x.NormSolutionEnd, x.Factor, x.NormApproxStart, x.NormApproxEnd,
                x.NormApproxStart / x.NormApproxEnd, x.StartError, x.MaxError, x.Seconds);
        return t;
    }

    private static ResultTable SampleTable(IReadOnlyList<SolutionDeflationSample> samples)
    {
        var t = new ResultTable("M", "t", "norm", "approx_norm", "error");
        foreach (var x in samples) t.AddRow(x.M, x.T, x.NormSolution, x.NormApprox, x.Error);
        return t;
    }

    private static IEnumerable<string> Lines(SolutionDeflationResult r)
    {
        yield return $"norm deflation from solutions, d = 2, γ = {Require.Fmt(r.Spec.Datum.Gamma)}, L^{{2,{Require.Fmt(r.R0)}}}_v H^{Require.Fmt(r.Spec.Datum.S0)}_x, T = {Require.Fmt(r.Spec.Steps * r.Spec.Dt)}";
        yield return $"{"M",6} {"nx",5} {"‖f(0)‖",10} {"‖f(T)‖",10} {"factor",9} {"start dist",11} {"max ‖f−f_a‖",12} {"s",7}";
        foreach (var x in r.Rows)
            yield return $"{x.M,6:G4} {x.Nx,5} {x.NormSolutionStart,10:F5} {x.NormSolutionEnd,10:F5} {x.Factor,9:F5} {x.StartError,11:E2} {x.MaxError,12:E4} {x.Seconds,7:F0}";
        var f = r.Fit;
        yield return $"max ‖f − f_a‖ ∝ M^{f.ErrorExponent.Value:F3} ± {f.ErrorExponent.StdErr:F3} (Prop. 3.14: M^−0.5); rows above C·M^−1/2 (C from the first): {f.ErrorBoundViolations}";
        if (r.Failure is { } fail)
            yield return $"stopped at M = {fail.M:G4} after t = {fail.Time:G4} (its rows are not in the table): {fail.Message}";
        if (double.IsFinite(f.FactorVsLnLnM.Value))
            yield return $"deflation factor = {f.FactorIntercept:F4} + {f.FactorVsLnLnM.Value:F4} (± {f.FactorVsLnLnM.StdErr:F4}) · ln ln M over M > 1 (largest residual {f.FactorVsLnLnM.MaxResidual:E2})";
    }

    private static void Write(ResultFolder folder, SolutionDeflationResult r, ResultRecord rec, IReadOnlyList<string> warnings)
    {
        var h5 = ResultsFile.Create(rec.Kind, rec.Parameters);
        PosednessOutput.Write(folder, h5, "rows.csv", RowTable(r.Rows));
        rec.Tables["rows.csv"] = "per M: x points, ln ln M, ‖f‖ at the ends, the deflation factor, ‖f_a‖, the distance at the start and its largest value, wall seconds";
        PosednessOutput.Write(folder, h5, "samples.csv", SampleTable(r.Samples));
        rec.Tables["samples.csv"] = "per M and step: ‖f(t)‖, ‖f_a(t)‖, ‖f(t) − f_a(t)‖ in L^{2,r0}_v H^{s0}_x";

        var norms = new Plot { Title = "‖f(t)‖ (solid) and ‖f_a(t)‖ (dashed)", XLabel = "t", YLabel = "norm", LegendPosition = LegendPosition.TopRight };
        foreach (var m in r.Rows.Select(x => x.M))
        {
            var ss = r.Samples.Where(x => x.M == m).ToList();
            norms.Add(new Series($"M = {m:G4}", ss.Select(x => x.T).ToArray(), ss.Select(x => x.NormSolution).ToArray()));
            norms.Add(new Series($"f_a, M = {m:G4}", ss.Select(x => x.T).ToArray(), ss.Select(x => x.NormApprox).ToArray()) { Dashed = true });
        }
        folder.WriteSvg("norms.svg", norms);
        rec.Figures["norms.svg"] = "‖f(t)‖ and ‖f_a(t)‖ in time, one pair of curves per M";

        var err = new Plot { Title = "largest ‖f − f_a‖ against M", XLabel = "M", YLabel = "max_t ‖f − f_a‖", XScale = Scale.Log, YScale = Scale.Log };
        var ms = r.Rows.Select(x => x.M).ToArray();
        err.Add(new Series($"measured (exponent {r.Fit.ErrorExponent.Value:F3})", ms, r.Rows.Select(x => x.MaxError).ToArray()) { Markers = true });
        double c = r.Rows[0].MaxError * Math.Sqrt(r.Rows[0].M);
        err.Add(new Series("C·M^−1/2 (Prop. 3.14), C from the first M", ms, ms.Select(m => c / Math.Sqrt(m)).ToArray()) { Dashed = true });
        folder.WriteSvg("error.svg", err);
        rec.Figures["error.svg"] = "the largest distance to f_a against M, log–log, with the M^{−1/2} of Prop. 3.14";

        var above = r.Rows.Where(x => x.M > 1).ToList();
        if (above.Count >= 2)
        {
            var fac = new Plot { Title = "deflation factor ‖f(0)‖/‖f(T)‖ against ln ln M", XLabel = "ln ln M", YLabel = "factor", LegendPosition = LegendPosition.TopLeft };
            var x = above.Select(v => Math.Log(Math.Log(v.M))).ToArray();
            fac.Add(new Series("measured", x, above.Select(v => v.Factor).ToArray()) { Markers = true });
            fac.Add(new Series($"fit {r.Fit.FactorIntercept:F3} + {r.Fit.FactorVsLnLnM.Value:F3}·ln ln M", x, x.Select(v => r.Fit.FactorIntercept + r.Fit.FactorVsLnLnM.Value * v).ToArray()) { Dashed = true });
            folder.WriteSvg("factor.svg", fac);
            rec.Figures["factor.svg"] = "the deflation factor against ln ln M with the fitted line";
        }

        rec.Data = ToJson(r);
        var sb = new StringBuilder();
        sb.AppendLine("# Norm deflation from solutions");
        sb.AppendLine();
        sb.AppendLine($"The nonlinear inhomogeneous solver (d = 2, γ = {Require.Fmt(r.Spec.Datum.Gamma)}, {r.Spec.Nv}² velocities on [−{Require.Fmt(r.Spec.L)}, {Require.Fmt(r.Spec.L)})², " +
                      $"{r.Spec.Steps} Strang steps of {Require.Fmt(r.Spec.Dt)}{(r.Spec.Collisions ? "" : ", free transport only")}) from the rock and {r.Spec.Datum.Needles} needles of " +
                      $"docs/boltzmann-well-posed.md §4; norms in L^{{2,{Require.Fmt(r.R0)}}}_v H^{Require.Fmt(r.Spec.Datum.S0)}_x.");
        sb.AppendLine();
        sb.AppendLine(Markdown.Table(["M", "x points", "ln ln M", "‖f(0)‖", "‖f(T)‖", "factor", "‖f_a(T)‖", "f_a's factor", "start distance", "max ‖f − f_a‖", "seconds"],
            r.Rows.Select(x => (IReadOnlyList<string>)[Markdown.Number(x.M, 4), $"{x.Nx}²", x.M > 1 ? $"{Math.Log(Math.Log(x.M)):F4}" : "—",
                Markdown.Number(x.NormSolutionStart, 6), Markdown.Number(x.NormSolutionEnd, 6), Markdown.Number(x.Factor, 6), Markdown.Number(x.NormApproxEnd, 6),
                Markdown.Number(x.NormApproxStart / x.NormApproxEnd, 6),
                $"{x.StartError:E2}", $"{x.MaxError:E4}", $"{x.Seconds:F0}"])));
        sb.AppendLine();
        foreach (var line in Lines(r).Skip(2 + r.Rows.Count)) sb.AppendLine(line).AppendLine();
        sb.AppendLine("The seed's construction deflates by ≈ ln ln M only in its own limits (N₁ → ∞, N₂ = M^q, M > e^e); at toy M the line above " +
                      "is a description of the measured factors, not a test of the seed's rate.");
        PosednessOutput.Finish(folder, h5, "HDF5: parameters and the tables as columns (/rows, /samples)", rec, sb, warnings);
    }
}
