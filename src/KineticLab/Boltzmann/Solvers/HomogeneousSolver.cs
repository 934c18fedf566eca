using System.Globalization;
using System.Text.Json.Nodes;
using KineticLab.Boltzmann.Spectral;
using KineticLab.Numerics.TimeStepping;

namespace KineticLab.Boltzmann.Solvers;

/// <summary>The right-hand side <c>∂t f = Q(f, f)</c> on the grid, optionally with the conservative projection.</summary>
public sealed class HomogeneousBoltzmannSystem(ICollisionOperator op, bool conservative) : IOdeSystem
{
    private readonly ConservativeProjection? _proj = conservative ? new ConservativeProjection(op.Grid) : null;

    public int Dimension => op.Grid.Total;
    public ICollisionOperator Operator => op;
    public bool Conservative => _proj is not null;

    public void Evaluate(double t, ReadOnlySpan<double> y, Span<double> dydt)
    {
        op.Collision(y, dydt);
        _proj?.Apply(dydt);
    }
}

/// <summary>Diagnostics of the solution at one accepted step or output time.</summary>
public sealed record HomogeneousSample(double Time, long Step, double Mass, double[] Momentum, double Energy,
    double FourthMoment, double Entropy, double NegativeMass);

/// <summary>Settings of a homogeneous run.</summary>
public sealed record HomogeneousRunSettings
{
    public required double T0 { get; init; }
    public required double TEnd { get; init; }
    /// <summary>Times at which snapshots are kept (each in (T0, TEnd]; TEnd is always one).</summary>
    public double[] OutputTimes { get; init; } = [];
    public StepControl Control { get; init; } = new(RelTol: 1e-6, AbsTol: 1e-10);
    /// <summary>"bs23" (order 3) or "dopri5" (order 5).</summary>
    public string Method { get; init; } = "dopri5";

    public void Validate()
    {
        Require.NonNegative("t0", T0);
        Require.Finite("t_end", TEnd);
        if (TEnd <= T0) throw new InvalidInputException("t_end", Require.Fmt(TEnd), $"must be > t0 = {Require.Fmt(T0)}");
        foreach (var t in OutputTimes)
            if (!(t > T0 && t <= TEnd)) throw new InvalidInputException("output_times", Require.Fmt(t), $"must lie in (t0, t_end] = ({Require.Fmt(T0)}, {Require.Fmt(TEnd)}]");
        Control.Validate();
        _ = ButcherTableau.ByName(Method);
    }
}

/// <summary>Result of a homogeneous run.</summary>
public sealed class HomogeneousResult
{
    public List<HomogeneousSample> Steps { get; } = new();
    public List<(double Time, double[] F)> Snapshots { get; } = new();
    /// <summary>Accepted steps at which the entropy increased (time, increase).</summary>
    public List<(double Time, double Increase)> EntropyViolations { get; } = new();
    public IntegratorState State { get; set; } = new();
    public string Method { get; set; } = "";
}

/// <summary>
/// Solves the spatially homogeneous Boltzmann equation <c>∂t f = Q(f, f)</c> with an embedded explicit
/// Runge–Kutta pair (order 3 or 5, PI step control) on the operator's grid, recording moments, entropy and
/// conservation drift at every accepted step, keeping snapshots at output times, and handing a resumable
/// checkpoint (JSON) to the caller. Resuming from a checkpoint continues bit for bit.
/// </summary>
public sealed class HomogeneousSolver
{
    private readonly HomogeneousBoltzmannSystem _sys;

    public HomogeneousSolver(ICollisionOperator op, bool conservative = true)
    {
        _sys = new HomogeneousBoltzmannSystem(op, conservative);
    }

    public VelocityGrid Grid => _sys.Operator.Grid;

    /// <param name="f0">Initial grid values (ignored when resuming).</param>
    /// <param name="settings">Times, tolerances, method.</param>
    /// <param name="resume">A checkpoint written by an earlier run with the same settings, or null.</param>
    /// <param name="checkpoint">Receives a checkpoint at every output time.</param>
    /// <param name="progress">Progress sink (time reached).</param>
    /// <param name="cancel">Cancellation; the last checkpoint stays valid.</param>
    public HomogeneousResult Run(ReadOnlySpan<double> f0, HomogeneousRunSettings settings, JsonNode? resume = null,
        Action<JsonNode>? checkpoint = null, IProgress<ProgressInfo>? progress = null, CancellationToken cancel = default)
    {
        settings.Validate();
        var grid = Grid;
        var tab = ButcherTableau.ByName(settings.Method);
        var rk = new AdaptiveRungeKutta(tab, _sys, settings.Control);
        var result = new HomogeneousResult { Method = tab.Name };
        var outputs = settings.OutputTimes.Append(settings.TEnd).Distinct().Order().ToArray();
        int nextOutput = 0;
        IntegratorState s;
        if (resume is not null)
        {
            s = Restore(resume, result, settings, grid, out nextOutput);
        }
        else
        {
            if (f0.Length != grid.Total) throw new ArgumentException("f0 length must equal the grid size");
            s = new IntegratorState { Time = settings.T0, Y = f0.ToArray() };
            result.Steps.Add(Sample(grid, s));
            result.Snapshots.Add((s.Time, (double[])s.Y.Clone()));
        }
        result.State = s;
        // The last state that passed every guard, with the number of samples recorded up to it: a guard that
        // fails after a step was accepted restores it, so the checkpoint written on failure holds a good state.
        var lastGood = s.Clone();
        int lastGoodSteps = result.Steps.Count;
        rk.StepAccepted += st =>
        {
            var sample = Sample(grid, st);
            if (!double.IsFinite(sample.Mass) || !double.IsFinite(sample.Energy))
                throw new NumericalFailureException("mass", st.Time, st.Accepted, $"mass {sample.Mass:E3} or energy {sample.Energy:E3} is not finite");
            if (!(sample.Mass > 0))
                throw new NumericalFailureException("mass", st.Time, st.Accepted, $"total mass {sample.Mass:E3} is not positive");
            var prev = result.Steps[^1];
            if (sample.Entropy > prev.Entropy) result.EntropyViolations.Add((st.Time, sample.Entropy - prev.Entropy));
            result.Steps.Add(sample);
            lastGood.CopyFrom(st);
            lastGoodSteps = result.Steps.Count;
            progress?.Report(new ProgressInfo("integrating", st.Time - settings.T0, settings.TEnd - settings.T0,
                $"t = {st.Time:G6}, step {st.Accepted}"));
        };
        try
        {
            while (nextOutput < outputs.Length)
            {
                cancel.ThrowIfCancellationRequested();
                double target = outputs[nextOutput];
                if (s.Time < target) rk.Integrate(s, target, cancel);
                result.Snapshots.Add((s.Time, (double[])s.Y.Clone()));
                nextOutput++;
                checkpoint?.Invoke(Save(s, result, nextOutput, settings));
                lastGood.CopyFrom(s);
                lastGoodSteps = result.Steps.Count;
            }
        }
        catch (Exception e) when (e is OperationCanceledException or NumericalFailureException)
        {
            // Interrupted or failed between outputs: checkpoint the last good state, from which a resumed run
            // continues exactly as an uninterrupted one would have.
            s.CopyFrom(lastGood);
            if (result.Steps.Count > lastGoodSteps) result.Steps.RemoveRange(lastGoodSteps, result.Steps.Count - lastGoodSteps);
            checkpoint?.Invoke(Save(s, result, nextOutput, settings));
            throw;
        }
        return result;
    }

    private static HomogeneousSample Sample(VelocityGrid grid, IntegratorState s)
    {
        var m = grid.Moments(s.Y);
        var (h, neg) = grid.Entropy(s.Y);
        int d = grid.Dimension;
        return new HomogeneousSample(s.Time, s.Accepted, m[0], m[1..(d + 1)], m[d + 1], grid.RadialMoment(s.Y, 2), h, neg);
    }

    private static JsonNode Save(IntegratorState s, HomogeneousResult r, int nextOutput, HomogeneousRunSettings settings)
    {
        var o = new JsonObject
        {
            ["kind"] = "boltzmann-homogeneous",
            ["settings_key"] = SettingsKey(settings),
            ["time"] = s.Time,
            ["next_step"] = s.NextStep,
            ["previous_error"] = s.PreviousError,
            ["accepted"] = s.Accepted,
            ["rejected"] = s.Rejected,
            ["evaluations"] = s.Evaluations,
            ["next_output"] = nextOutput,
            ["y"] = StateJson.Doubles(s.Y),
        };
        var steps = new JsonArray();
        foreach (var st in r.Steps)
            steps.Add(new JsonArray(st.Time, st.Step, st.Mass, StateJson.Doubles(st.Momentum), st.Energy, st.FourthMoment, st.Entropy, st.NegativeMass));
        o["steps"] = steps;
        var snaps = new JsonArray();
        foreach (var (t, f) in r.Snapshots) snaps.Add(new JsonObject { ["t"] = t, ["f"] = StateJson.Doubles(f) });
        o["snapshots"] = snaps;
        var viol = new JsonArray();
        foreach (var (t, inc) in r.EntropyViolations) viol.Add(new JsonArray(t, inc));
        o["entropy_violations"] = viol;
        return o;
    }

    /// <summary>A string identifying the settings a checkpoint belongs to.</summary>
    public static string SettingsKey(HomogeneousRunSettings s) => string.Create(CultureInfo.InvariantCulture,
        $"{s.T0:R}|{s.TEnd:R}|{string.Join(",", s.OutputTimes.Select(x => x.ToString("R", CultureInfo.InvariantCulture)))}|{s.Method}|{s.Control.RelTol:R}|{s.Control.AbsTol:R}|{s.Control.MaxStep:R}");

    private static IntegratorState Restore(JsonNode node, HomogeneousResult r, HomogeneousRunSettings settings, VelocityGrid grid, out int nextOutput)
    {
        if ((string?)node["kind"] != "boltzmann-homogeneous")
            throw new InvalidInputException("resume", (string?)node["kind"] ?? "?", "is not a homogeneous Boltzmann checkpoint");
        if ((string?)node["settings_key"] != SettingsKey(settings))
            throw new InvalidInputException("resume", "checkpoint", "was written with different time or tolerance settings");
        var y = StateJson.ReadDoubles(node["y"]!);
        if (y.Length != grid.Total) throw new InvalidInputException("resume", "checkpoint", $"holds {y.Length} values, the grid has {grid.Total}");
        var s = new IntegratorState
        {
            Time = (double)node["time"]!, Y = y, NextStep = (double)node["next_step"]!, PreviousError = (double)node["previous_error"]!,
            Accepted = (long)node["accepted"]!, Rejected = (long)node["rejected"]!, Evaluations = (long)node["evaluations"]!,
        };
        nextOutput = (int)node["next_output"]!;
        foreach (var st in node["steps"]!.AsArray())
        {
            var a = st!.AsArray();
            r.Steps.Add(new HomogeneousSample((double)a[0]!, (long)a[1]!, (double)a[2]!, StateJson.ReadDoubles(a[3]!), (double)a[4]!, (double)a[5]!, (double)a[6]!, (double)a[7]!));
        }
        foreach (var sn in node["snapshots"]!.AsArray()) r.Snapshots.Add(((double)sn!["t"]!, StateJson.ReadDoubles(sn["f"]!)));
        foreach (var v in node["entropy_violations"]!.AsArray()) r.EntropyViolations.Add(((double)v![0]!, (double)v[1]!));
        return s;
    }

}
