using System.Text.Json.Nodes;

namespace KineticLab.Boltzmann;

/// <summary>Exact (round-trip) double arrays in solver checkpoints, shared by the homogeneous and inhomogeneous solvers.</summary>
internal static class StateJson
{
    public static JsonArray Doubles(double[] x)
    {
        var a = new JsonArray();
        foreach (var v in x) a.Add(v);
        return a;
    }

    public static double[] ReadDoubles(JsonNode n)
    {
        var a = n.AsArray();
        var r = new double[a.Count];
        for (int i = 0; i < r.Length; i++) r[i] = (double)a[i]!;
        return r;
    }
}
