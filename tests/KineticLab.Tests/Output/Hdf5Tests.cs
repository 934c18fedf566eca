using System.Diagnostics;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using KineticLab.Output;
using KineticLab.Output.Hdf5;
using Xunit;

namespace KineticLab.Tests.Output;

/// <summary>
/// Runs the independent HDF5 readers: Debian's h5py (through <c>/usr/bin/python3</c>, not a pyenv python) and
/// <c>h5dump</c> from hdf5-tools. Both are installed by ./test.sh when run as root; if one is missing the tests
/// fail with a message saying what to install.
/// </summary>
internal static class Hdf5Readers
{
    public const string Python = "/usr/bin/python3";

    private static readonly Lazy<string?> Missing = new(() =>
    {
        var problems = new List<string>();
        try
        {
            var (code, _, err) = Run(Python, ["-c", "import h5py"]);
            if (code != 0) problems.Add($"h5py cannot be imported by {Python} ({err.Trim()}): apt-get install python3-h5py");
        }
        catch (Exception e) { problems.Add($"{Python} cannot be run ({e.Message}): apt-get install python3-h5py"); }
        try
        {
            var (code, _, _) = Run("h5dump", ["--version"]);
            if (code != 0) problems.Add("h5dump --version failed: apt-get install hdf5-tools");
        }
        catch (Exception e) { problems.Add($"h5dump not found ({e.Message}): apt-get install hdf5-tools"); }
        return problems.Count == 0 ? null : "independent HDF5 reader missing (./test.sh installs them as root): " + string.Join("; ", problems);
    });

    /// <summary>Fails the calling test with a clear message if h5py or h5dump is not available.</summary>
    public static void Require()
    {
        if (Missing.Value is { } message) Assert.Fail(message);
    }

    public static (int Code, string Out, string Err) Run(string program, IEnumerable<string> args)
    {
        var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var a in args) psi.ArgumentList.Add(a);
        psi.Environment["PYTHONDONTWRITEBYTECODE"] = "1";
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        if (!p.WaitForExit(120_000))
        {
            p.Kill(entireProcessTree: true);
            throw new TimeoutException($"{program} did not finish in 120 s");
        }
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    /// <summary>
    /// Every object of the file as JSON, read by h5py: path → {kind, attrs, and for datasets shape/class/dtype/
    /// values}. Doubles are given as the hex of their IEEE bits (and <c>repr</c>), arrays above 4096 elements as
    /// the SHA-256 of their little-endian bytes.
    /// </summary>
    public static JsonObject DumpWithH5py(string file)
    {
        Require();
        string script = Path.Combine(Path.GetDirectoryName(file)!, "dump_h5.py");
        File.WriteAllText(script, DumpScript);
        var (code, stdout, stderr) = Run(Python, [script, file]);
        Assert.True(code == 0, $"h5py could not read {file}:\n{stderr}");
        return JsonNode.Parse(stdout)!.AsObject();
    }

    private const string DumpScript = """
        import sys, json, hashlib
        import numpy as np
        import h5py
        from h5py import h5t

        CLASSES = {h5t.INTEGER: "INTEGER", h5t.FLOAT: "FLOAT", h5t.STRING: "STRING", h5t.ENUM: "ENUM",
                   h5t.COMPOUND: "COMPOUND", h5t.VLEN: "VLEN", h5t.ARRAY: "ARRAY", h5t.OPAQUE: "OPAQUE"}

        def describe(tid, dtype, value):
            a = np.asarray(value)
            info = {"class": CLASSES.get(tid.get_class(), str(tid.get_class())), "shape": list(a.shape), "dtype": np.dtype(dtype).str}
            s = h5py.check_string_dtype(dtype)
            if s is not None:
                info["dtype"] = "str:%s:%s" % (s.encoding, "variable" if s.length is None else s.length)
                info["values"] = [x.decode(s.encoding) if isinstance(x, bytes) else str(x) for x in a.ravel().tolist()]
                return info
            if tid.get_class() == h5t.ENUM:
                info["members"] = {tid.get_member_name(i).decode(): int(tid.get_member_value(i)) for i in range(tid.get_nmembers())}
            info["pytype"] = type(value).__name__
            if a.size > 4096:
                info["sha256"] = hashlib.sha256(a.astype(a.dtype.newbyteorder("<"), copy=False).tobytes()).hexdigest()
            elif a.dtype.kind == "f":
                info["bits"] = ["%016x" % u for u in a.astype("<f8").view("<u8").ravel().tolist()]
                info["repr"] = [repr(float(x)) for x in a.ravel().tolist()]
            elif a.dtype.kind == "b":
                info["values"] = [bool(x) for x in a.ravel().tolist()]
            else:
                info["values"] = [int(x) for x in a.ravel().tolist()]
            return info

        def attrs(obj):
            out = {}
            for name in obj.attrs:
                aid = obj.attrs.get_id(name)
                out[name] = describe(aid.get_type(), aid.dtype, obj.attrs[name])
            return out

        f = h5py.File(sys.argv[1], "r")
        result = {"/": {"kind": "group", "attrs": attrs(f), "members": list(f.keys())}}
        def visit(name, obj):
            path = "/" + name
            if isinstance(obj, h5py.Group):
                result[path] = {"kind": "group", "attrs": attrs(obj), "members": list(obj.keys())}
            else:
                entry = describe(obj.id.get_type(), obj.dtype, obj[()])
                entry["kind"] = "dataset"
                entry["attrs"] = attrs(obj)
                result[path] = entry
        f.visititems(visit)
        print(json.dumps(result))
        """;
}

/// <summary>One document with every kind of content, written once and read back by h5py and h5dump.</summary>
public sealed class Hdf5SampleFile : IDisposable
{
    public static readonly double[] Special =
    [
        double.NaN, BitConverter.Int64BitsToDouble(0x7FF8000000000001), double.PositiveInfinity, double.NegativeInfinity,
        -0.0, double.Epsilon, double.MaxValue, 0.1 + 0.2, 1e-300, -2.5,
    ];

    public const string Parameters = """
        {
          "kind": "boltzmann-inhomogeneous",
          "d": 2,
          "R": 5.5,
          "sphere": "8",
          "big": 12345678901234567890,
          "x": { "dims": 1, "N": 16, "length": 6.283185307179586 },
          "kernel": { "potential": "power", "gamma": -0.5, "angular": { "type": "sigma-const" } },
          "initial": { "components": [ { "weight": 0.6, "mean": [0.8, 0] }, { "weight": 0.4, "mode": [2] } ] },
          "rtol": 1e-8,
          "projection": true,
          "omegas": [1, null, 1e4],
          "modes": [1, 2, 3],
          "labels": ["a", "β"],
          "switches": [true, false],
          "empty": [],
          "mixed": [1, "two", { "three": 3 }],
          "nothing": null,
          "void": {}
        }
        """;

    public Hdf5SampleFile()
    {
        Dir = new TempDir();
        Two = new double[3, 5];
        for (int i = 0; i < 3; i++) for (int j = 0; j < 5; j++) Two[i, j] = 10 * i + j + 0.25;
        Three = new double[2, 3, 4];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 4; k++) Three[i, j, k] = 100 * i + 10 * j + k + 0.5;
        Four = new double[2, 3, 2, 5];
        for (int i = 0; i < 2; i++) for (int j = 0; j < 3; j++) for (int k = 0; k < 2; k++) for (int l = 0; l < 5; l++)
            Four[i, j, k, l] = 1000 * i + 100 * j + 10 * k + l + 0.125;
        Big = new double[64, 64, 64];
        for (int i = 0; i < 64; i++) for (int j = 0; j < 64; j++) for (int k = 0; k < 64; k++)
            Big[i, j, k] = Math.Sin(0.1 * i) * Math.Cos(0.2 * j) + k / 7.0;
        Big[1, 2, 3] = double.NaN;

        var doc = new Hdf5Document();
        doc.Attributes["kind"] = "kwe.solve";
        doc.Attributes["pi"] = Math.PI;
        doc.Attributes["count"] = 42L;
        doc.Attributes["small"] = 7;
        doc.Attributes["flag"] = true;
        doc.Attributes["off"] = false;
        doc.Attributes["edges"] = Special;
        doc.Attributes["ids"] = new[] { long.MinValue, 0, long.MaxValue };
        doc.Attributes["flags"] = new[] { true, false, true };
        doc.Attributes["names"] = new[] { "a", "σ ≤ β*", "" };
        doc.Attributes["text"] = "σ ≤ β*";
        doc.Group("parameters").AddAttributesFrom(JsonNode.Parse(Parameters)!.AsObject());

        var ts = doc.Group("timeseries");
        ts.Dataset("t", [0.0, 0.5, 1.0]).Describe("time");
        ts.Dataset("waveaction", [1.0, 0.9999999999999998, double.NaN]).Describe("∫ n dω", units: "1");

        var fields = doc.Group("fields");
        fields.Dataset("special", Special);
        fields.Dataset("n2", Two);
        fields.Dataset("n3", Three).Attributes["axes"] = new[] { "t", "x", "v" };
        fields.Dataset("n4", Four);
        fields.Dataset("flat", [1.0, 2, 3, 4, 5, 6], [2, 3]);
        fields.Dataset("big", Big);
        fields.Dataset("counts", [long.MinValue, -1L, 0L, long.MaxValue]);
        fields.Dataset("ints", [int.MinValue, 0, int.MaxValue]);
        fields.Dataset("labels", ["x", "ω ∈ [0, ∞)", ""]);
        fields.Dataset("empty", Array.Empty<double>());
        fields.Dataset("empty2d", new double[0, 3]);
        doc.Dataset("profiles/density", [1.0, 2.0, 3.0], [3, 1]);
        doc.Group("profiles/x/deep").Attributes["note"] = "nested";

        File = Dir.File("sample.h5");
        doc.Write(File);
        Entries = Dir.Entries();
    }

    internal TempDir Dir { get; }
    public string File { get; }
    public string[] Entries { get; }
    public double[,] Two { get; }
    public double[,,] Three { get; }
    public double[,,,] Four { get; }
    public double[,,] Big { get; }

    private JsonObject? _dump;

    /// <summary>The whole file as read by h5py (computed once).</summary>
    public JsonObject Dump => _dump ??= Hdf5Readers.DumpWithH5py(File);

    public void Dispose() => Dir.Dispose();
}

/// <summary>
/// The HDF5 writer read back by independent readers (h5py, h5dump): exact bits, shapes, types, attributes,
/// nested groups, NaN.
/// </summary>
public class Hdf5ReaderTests(Hdf5SampleFile sample) : IClassFixture<Hdf5SampleFile>
{
    private static string Bits(double d) => BitConverter.DoubleToInt64Bits(d).ToString("x16");

    private static string[] Bits(IEnumerable<double> values) => values.Select(Bits).ToArray();

    private static string[] Strings(JsonNode? array) => array!.AsArray().Select(x => x!.GetValue<string>()).ToArray();

    private static long[] Longs(JsonNode? array) => array!.AsArray().Select(x => x!.GetValue<long>()).ToArray();

    private static bool[] Bools(JsonNode? array) => array!.AsArray().Select(x => x!.GetValue<bool>()).ToArray();

    private JsonObject Entry(string path)
    {
        Assert.True(sample.Dump.ContainsKey(path), $"{path} not in the file; objects: {string.Join(", ", sample.Dump.Select(kv => kv.Key))}");
        return sample.Dump[path]!.AsObject();
    }

    private JsonObject Attr(string path, string name)
    {
        var attrs = Entry(path)["attrs"]!.AsObject();
        Assert.True(attrs.ContainsKey(name), $"{path} has no attribute {name}; it has {string.Join(", ", attrs.Select(kv => kv.Key))}");
        return attrs[name]!.AsObject();
    }

    [Fact]
    public void WritingLeavesOnlyTheFile() => Assert.Equal(["sample.h5"], sample.Entries);

    [Fact]
    public void DoublesIncludingNaNPayloadsInfinitiesAndNegativeZeroRoundTripBitForBit()
    {
        var e = Entry("/fields/special");
        Assert.Equal("dataset", e["kind"]!.GetValue<string>());
        Assert.Equal("FLOAT", e["class"]!.GetValue<string>());
        Assert.Equal("<f8", e["dtype"]!.GetValue<string>());
        Assert.Equal([Hdf5SampleFile.Special.Length], Longs(e["shape"]));
        Assert.Equal(Bits(Hdf5SampleFile.Special), Strings(e["bits"]));
        // The same values as Python sees them.
        Assert.Equal(["nan", "nan", "inf", "-inf", "-0.0", "5e-324", "1.7976931348623157e+308", "0.30000000000000004", "1e-300", "-2.5"],
            Strings(e["repr"]));
        var ws = Entry("/timeseries/waveaction");
        Assert.Equal(Bits([1.0, 0.9999999999999998, double.NaN]), Strings(ws["bits"]));
    }

    [Fact]
    public void MultiDimensionalArraysKeepShapeAndRowMajorOrder()
    {
        var two = Entry("/fields/n2");
        Assert.Equal([3L, 5], Longs(two["shape"]));
        Assert.Equal(Bits(sample.Two.Cast<double>()), Strings(two["bits"])); // Cast enumerates in row-major order
        var three = Entry("/fields/n3");
        Assert.Equal([2L, 3, 4], Longs(three["shape"]));
        Assert.Equal(Bits(sample.Three.Cast<double>()), Strings(three["bits"]));
        Assert.Equal("123.5", Strings(three["repr"])[(1 * 3 + 2) * 4 + 3]); // [1, 2, 3]
        var four = Entry("/fields/n4");
        Assert.Equal([2L, 3, 2, 5], Longs(four["shape"]));
        Assert.Equal(Bits(sample.Four.Cast<double>()), Strings(four["bits"]));
        var flat = Entry("/fields/flat");
        Assert.Equal([2L, 3], Longs(flat["shape"]));
        Assert.Equal(Bits([1.0, 2, 3, 4, 5, 6]), Strings(flat["bits"]));
        var density = Entry("/profiles/density");
        Assert.Equal([3L, 1], Longs(density["shape"]));
        Assert.Equal([0L], Longs(Entry("/fields/empty")["shape"]));
        Assert.Equal([0L, 3], Longs(Entry("/fields/empty2d")["shape"]));
    }

    [Fact]
    public void LargeArrayIsExactAccordingToH5pyAndH5dump()
    {
        var big = Entry("/fields/big");
        Assert.Equal([64L, 64, 64], Longs(big["shape"]));
        Assert.Equal("<f8", big["dtype"]!.GetValue<string>());
        byte[] bytes = new byte[sample.Big.Length * sizeof(double)];
        Buffer.BlockCopy(sample.Big, 0, bytes, 0, bytes.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), big["sha256"]!.GetValue<string>());

        // h5dump (the HDF5 C library) writes the raw little-endian data: the same bytes.
        string raw = sample.Dir.File("big.bin");
        var (code, _, err) = Hdf5Readers.Run("h5dump", ["-d", "/fields/big", "-b", "LE", "-o", raw, sample.File]);
        Assert.True(code == 0, err);
        Assert.Equal(bytes, File.ReadAllBytes(raw));
    }

    [Fact]
    public void IntegerAndStringDatasets()
    {
        var counts = Entry("/fields/counts");
        Assert.Equal(("INTEGER", "<i8"), (counts["class"]!.GetValue<string>(), counts["dtype"]!.GetValue<string>()));
        Assert.Equal([long.MinValue, -1, 0, long.MaxValue], Longs(counts["values"]));
        var ints = Entry("/fields/ints");
        Assert.Equal(("INTEGER", "<i4"), (ints["class"]!.GetValue<string>(), ints["dtype"]!.GetValue<string>()));
        Assert.Equal([int.MinValue, 0L, int.MaxValue], Longs(ints["values"]));
        var labels = Entry("/fields/labels");
        Assert.Equal(("STRING", "str:utf-8:variable"), (labels["class"]!.GetValue<string>(), labels["dtype"]!.GetValue<string>()));
        Assert.Equal(["x", "ω ∈ [0, ∞)", ""], Strings(labels["values"]));
    }

    [Fact]
    public void AttributesOfEveryTypeOnTheRoot()
    {
        var kind = Attr("/", "kind");
        Assert.Equal(("STRING", "str:utf-8:variable"), (kind["class"]!.GetValue<string>(), kind["dtype"]!.GetValue<string>()));
        Assert.Equal([], Longs(kind["shape"])); // scalar
        Assert.Equal(["kwe.solve"], Strings(kind["values"]));
        Assert.Equal(["σ ≤ β*"], Strings(Attr("/", "text")["values"]));

        var pi = Attr("/", "pi");
        Assert.Equal([], Longs(pi["shape"]));
        Assert.Equal([Bits(Math.PI)], Strings(pi["bits"]));
        Assert.Equal(["3.141592653589793"], Strings(pi["repr"]));

        foreach (var (name, value) in new[] { ("count", 42L), ("small", 7L) })
        {
            var a = Attr("/", name);
            Assert.Equal(("INTEGER", "<i8"), (a["class"]!.GetValue<string>(), a["dtype"]!.GetValue<string>()));
            Assert.Equal([value], Longs(a["values"]));
        }

        var flag = Attr("/", "flag");
        Assert.Equal("ENUM", flag["class"]!.GetValue<string>());
        Assert.Equal("|b1", flag["dtype"]!.GetValue<string>()); // h5py maps the FALSE/TRUE enum to numpy bool
        Assert.Equal("bool_", flag["pytype"]!.GetValue<string>());
        Assert.Equal([true], Bools(flag["values"]));
        Assert.Equal([false], Bools(Attr("/", "off")["values"]));

        var edges = Attr("/", "edges");
        Assert.Equal([Hdf5SampleFile.Special.Length], Longs(edges["shape"]));
        Assert.Equal(Bits(Hdf5SampleFile.Special), Strings(edges["bits"]));
        Assert.Equal([long.MinValue, 0, long.MaxValue], Longs(Attr("/", "ids")["values"]));
        Assert.Equal([true, false, true], Bools(Attr("/", "flags")["values"]));
        Assert.Equal(["a", "σ ≤ β*", ""], Strings(Attr("/", "names")["values"]));
    }

    [Fact]
    public void NestedGroupsAndDatasetAttributes()
    {
        Assert.Equal(new[] { "kind", "pi", "count", "small", "flag", "off", "edges", "ids", "flags", "names", "text" }.Order(StringComparer.Ordinal),
            Entry("/")["attrs"]!.AsObject().Select(kv => kv.Key).Order(StringComparer.Ordinal));
        Assert.Equal(["fields", "parameters", "profiles", "timeseries"], Strings(Entry("/")["members"]).Order(StringComparer.Ordinal));
        Assert.Equal("group", Entry("/profiles/x/deep")["kind"]!.GetValue<string>());
        Assert.Equal(["nested"], Strings(Attr("/profiles/x/deep", "note")["values"]));
        Assert.Equal(["density", "x"], Strings(Entry("/profiles")["members"]).Order(StringComparer.Ordinal));

        Assert.Equal(["∫ n dω"], Strings(Attr("/timeseries/waveaction", "description")["values"]));
        Assert.Equal(["1"], Strings(Attr("/timeseries/waveaction", "units")["values"]));
        Assert.Equal(["time"], Strings(Attr("/timeseries/t", "description")["values"]));
        Assert.False(Entry("/timeseries/t")["attrs"]!.AsObject().ContainsKey("units"));
        Assert.Equal(["t", "x", "v"], Strings(Attr("/fields/n3", "axes")["values"]));
    }

    [Fact]
    public void JsonParametersBecomeDottedAttributes()
    {
        var attrs = Entry("/parameters")["attrs"]!.AsObject();
        string[] expected =
        [
            "kind", "d", "R", "sphere", "big", "x.dims", "x.N", "x.length", "kernel.potential", "kernel.gamma",
            "kernel.angular.type", "initial.components[0].weight", "initial.components[0].mean",
            "initial.components[1].weight", "initial.components[1].mode", "rtol", "projection", "omegas", "modes",
            "labels", "switches", "empty", "mixed[0]", "mixed[1]", "mixed[2].three",
        ];
        Assert.Equal(expected.Order(StringComparer.Ordinal), attrs.Select(kv => kv.Key).Order(StringComparer.Ordinal));

        void Long(string name, long v)
        {
            Assert.Equal("<i8", attrs[name]!["dtype"]!.GetValue<string>());
            Assert.Equal([v], Longs(attrs[name]!["values"]));
        }
        void Double(string name, params double[] v)
        {
            Assert.Equal("<f8", attrs[name]!["dtype"]!.GetValue<string>());
            Assert.Equal(Bits(v), Strings(attrs[name]!["bits"]));
        }
        Assert.Equal(["boltzmann-inhomogeneous"], Strings(attrs["kind"]!["values"]));
        Long("d", 2);
        Double("R", 5.5);
        Assert.Equal(["8"], Strings(attrs["sphere"]!["values"]));
        Double("big", 12345678901234567890.0);
        Long("x.N", 16);
        Double("x.length", 6.283185307179586);
        Double("kernel.gamma", -0.5);
        Assert.Equal(["sigma-const"], Strings(attrs["kernel.angular.type"]!["values"]));
        Double("initial.components[0].mean", 0.8, 0.0);
        Assert.Equal([2L], Longs(attrs["initial.components[0].mean"]!["shape"]));
        Assert.Equal([2L], Longs(attrs["initial.components[1].mode"]!["values"]));
        Double("rtol", 1e-8);
        Assert.Equal([true], Bools(attrs["projection"]!["values"]));
        Double("omegas", 1, double.NaN, 1e4);
        Assert.Equal([1L, 2, 3], Longs(attrs["modes"]!["values"]));
        Assert.Equal(["a", "β"], Strings(attrs["labels"]!["values"]));
        Assert.Equal([true, false], Bools(attrs["switches"]!["values"]));
        Assert.Equal([0L], Longs(attrs["empty"]!["shape"]));
        Long("mixed[0]", 1);
        Assert.Equal(["two"], Strings(attrs["mixed[1]"]!["values"]));
        Long("mixed[2].three", 3);
    }

    [Fact]
    public void H5dumpReadsEveryObjectAndReportsTheTypes()
    {
        Hdf5Readers.Require();
        var (code, _, err) = Hdf5Readers.Run("h5dump", ["-o", sample.Dir.File("all.txt"), sample.File]);
        Assert.True(code == 0 && err.Length == 0, $"h5dump of the whole file: exit {code}\n{err}");

        var (c1, n3, e1) = Hdf5Readers.Run("h5dump", ["-H", "-d", "/fields/n3", sample.File]);
        Assert.True(c1 == 0, e1);
        Assert.Contains("DATATYPE  H5T_IEEE_F64LE", n3);
        Assert.Contains("DATASPACE  SIMPLE { ( 2, 3, 4 ) / ( 2, 3, 4 ) }", n3);
        Assert.Contains("ATTRIBUTE \"axes\"", n3);

        var (c2, flag, e2) = Hdf5Readers.Run("h5dump", ["-a", "/flag", sample.File]);
        Assert.True(c2 == 0, e2);
        Assert.Contains("H5T_ENUM {", flag);
        Assert.Contains("\"FALSE\"            0;", flag);
        Assert.Contains("\"TRUE\"             1;", flag);
        Assert.Contains("(0): TRUE", flag);

        var (c3, kind, e3) = Hdf5Readers.Run("h5dump", ["-a", "/kind", sample.File]);
        Assert.True(c3 == 0, e3);
        Assert.Contains("STRSIZE H5T_VARIABLE;", kind);
        Assert.Contains("CSET H5T_CSET_UTF8;", kind);
        Assert.Contains("(0): \"kwe.solve\"", kind);

        var (c4, x, e4) = Hdf5Readers.Run("h5dump", ["-m", "%.17g", "-a", "/parameters/x.length", sample.File]);
        Assert.True(c4 == 0, e4);
        Assert.Contains("(0): 6.2831853071795862", x);
    }
}

/// <summary>The writer's API without a reader: validation, atomic replacement, determinism, ResultFolder.</summary>
public class Hdf5DocumentTests
{
    private static Hdf5Document Small(double value)
    {
        var doc = new Hdf5Document();
        doc.Attributes["kind"] = "test";
        doc.Group("fields").Dataset("big", Enumerable.Range(0, 100_000).Select(i => value + i).ToArray());
        return doc;
    }

    /// <summary>A stream that fails like a full disk once more than <c>limit</c> bytes have been written.</summary>
    private sealed class FailingStream(Stream inner, long limit) : Stream
    {
        private long _written;
        public long Written => _written;
        public override bool CanRead => inner.CanRead;
        public override bool CanSeek => inner.CanSeek;
        public override bool CanWrite => inner.CanWrite;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => inner.Position = value; }
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);
        public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
        public override void SetLength(long value) => inner.SetLength(value);
        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _written += buffer.Length;
            if (_written > limit) throw new IOException("No space left on device (simulated)");
            inner.Write(buffer);
        }
    }

    [Fact]
    public void FailedWriteKeepsTheExistingFileAndLeavesNoTemporaryFile()
    {
        using var dir = new TempDir();
        string path = dir.File("results.h5");
        Small(1).Write(path);
        byte[] before = File.ReadAllBytes(path);
        Assert.True(before.Length > 800_000);

        // How many bytes a complete write passes through the stream (the same document into a scratch file).
        FailingStream? counter = null;
        Small(2).Write(dir.File("scratch.h5"), s => counter = new FailingStream(s, long.MaxValue));
        File.Delete(dir.File("scratch.h5"));
        long total = counter!.Written;
        Assert.True(total > 800_000, $"{total}");

        // Fail early (headers), in the middle of the data and at the very end.
        foreach (long limit in new long[] { 100, 5_000, total / 2, total - 1 })
        {
            var ex = Assert.Throws<IOException>(() => Small(2).Write(path, s => new FailingStream(s, limit)));
            Assert.Contains("simulated", ex.Message);
            Assert.Equal(before, File.ReadAllBytes(path));
            Assert.Equal(["results.h5"], dir.Entries());
        }

        // Without the failure the same call replaces the file.
        Small(2).Write(path, s => s);
        Assert.NotEqual(before, File.ReadAllBytes(path));
        Assert.Equal(["results.h5"], dir.Entries());
    }

    /// <summary>
    /// A real full disk: a 512 KiB tmpfs (needs root, as in CI and ./test.sh; reported and skipped otherwise) with
    /// an earlier results.h5 on it; writing a ~1.6 MB document fails with an IOException, the earlier file is intact
    /// and no temporary file is left.
    /// </summary>
    [Fact]
    public void FullDiskFailsAndKeepsTheEarlierFile()
    {
        var mnt = Path.Combine(Path.GetTempPath(), $"kl-hdf5-full-{Guid.NewGuid():N}");
        Directory.CreateDirectory(mnt);
        if (Environment.UserName != "root" || Hdf5Readers.Run("mount", ["-t", "tmpfs", "-o", "size=512k", "tmpfs", mnt]).Code != 0)
        {
            Directory.Delete(mnt);
            return; // not root: the failure path is covered by FailedWriteKeepsTheExistingFileAndLeavesNoTemporaryFile
        }
        try
        {
            string path = Path.Combine(mnt, "results.h5");
            var small = new Hdf5Document();
            small.Dataset("x", [1.0, 2.0]);
            small.Write(path);
            byte[] before = File.ReadAllBytes(path);
            var big = new Hdf5Document();
            big.Dataset("f", new double[200_000]);
            var ex = Assert.ThrowsAny<IOException>(() => big.Write(path));
            Assert.Contains("space", ex.Message);
            Assert.Equal(before, File.ReadAllBytes(path));
            Assert.Equal(["results.h5"], Directory.EnumerateFileSystemEntries(mnt).Select(Path.GetFileName));
        }
        finally
        {
            Hdf5Readers.Run("umount", [mnt]);
            try { Directory.Delete(mnt, recursive: true); } catch (IOException) { }
        }
    }

    [Fact]
    public void SameDocumentGivesTheSameBytes()
    {
        using var dir = new TempDir();
        Small(1).Write(dir.File("a.h5"));
        Small(1).Write(dir.File("b.h5"));
        Small(3).Write(dir.File("c.h5"));
        Assert.Equal(File.ReadAllBytes(dir.File("a.h5")), File.ReadAllBytes(dir.File("b.h5")));
        Assert.NotEqual(File.ReadAllBytes(dir.File("a.h5")), File.ReadAllBytes(dir.File("c.h5")));
        byte[] signature = [0x89, (byte)'H', (byte)'D', (byte)'F', 0x0d, 0x0a, 0x1a, 0x0a];
        Assert.Equal(signature, File.ReadAllBytes(dir.File("a.h5"))[..8]);
    }

    [Fact]
    public void WriteToAStream()
    {
        var ms = new MemoryStream();
        Small(1).WriteTo(ms);
        using var dir = new TempDir();
        Small(1).Write(dir.File("a.h5"));
        Assert.Equal(File.ReadAllBytes(dir.File("a.h5")), ms.ToArray());
        Assert.Throws<ArgumentException>(() => Small(1).WriteTo(new FailingStream(new MemoryStream([], writable: false), 0)));
    }

    [Fact]
    public void ResultFolderWritesHdf5AndListsIt()
    {
        using var dir = new TempDir();
        var folder = ResultFolder.Create(dir.Path, force: false);
        var doc = Hdf5Document.ForRun("kwe.solve", new JsonObject { ["beta"] = 0.2, ["grid"] = new JsonObject { ["N"] = 8 } });
        folder.WriteHdf5("results.h5", doc);
        folder.WriteText("summary.md", "# s\n");
        Assert.Equal(["results.h5", "summary.md"], folder.Files);
        Assert.Equal(["results.h5", "summary.md"], dir.Entries());
        Assert.Equal(0x89, File.ReadAllBytes(dir.File("results.h5"))[0]);
        Assert.Throws<ArgumentException>(() => folder.WriteHdf5("../x.h5", doc));
        Assert.Throws<ArgumentException>(() => folder.WriteHdf5("sub/x.h5", doc));
    }

    [Fact]
    public void ForRunSetsKindVersionAndParameters()
    {
        var doc = Hdf5Document.ForRun("kwe.solve", new JsonObject { ["beta"] = 0.2, ["grid"] = new JsonObject { ["N"] = 8, ["tail"] = "truncated" } });
        Assert.Equal("kwe.solve", doc.Attributes["kind"]);
        Assert.Equal(ResultRecord.LibraryVersion, doc.Attributes["version"]);
        var p = doc.Group("parameters").Attributes;
        Assert.Equal(["beta", "grid.N", "grid.tail"], p.Keys);
        Assert.Equal(0.2, p["beta"]);
        Assert.Equal(8L, p["grid.N"]);     // C# int → long
        Assert.Equal("truncated", p["grid.tail"]);
    }

    [Fact]
    public void JsonNumbersBuiltInCSharpKeepTheirType()
    {
        var g = new Hdf5Document();
        g.AddAttributesFrom(new JsonObject
        {
            ["d"] = 8.0, ["f"] = 0.5f, ["i"] = 3, ["l"] = long.MaxValue, ["nan"] = double.NaN, ["s"] = "x", ["b"] = false,
            ["arr"] = new JsonArray(1.0, 2.0), ["iarr"] = new JsonArray(1, 2),
        }, prefix: "p.");
        Assert.Equal(8.0, Assert.IsType<double>(g.Attributes["p.d"]));
        Assert.Equal(0.5, Assert.IsType<double>(g.Attributes["p.f"]));
        Assert.Equal(3L, Assert.IsType<long>(g.Attributes["p.i"]));
        Assert.Equal(long.MaxValue, g.Attributes["p.l"]);
        Assert.True(double.IsNaN((double)g.Attributes["p.nan"]));
        Assert.Equal("x", g.Attributes["p.s"]);
        Assert.Equal(false, g.Attributes["p.b"]);
        Assert.Equal([1.0, 2.0], Assert.IsType<double[]>(g.Attributes["p.arr"]));
        Assert.Equal([1L, 2L], Assert.IsType<long[]>(g.Attributes["p.iarr"]));
    }

    [Fact]
    public void AddAttributesFromRejectsCollisionsAndAddsNothing()
    {
        var doc = new Hdf5Document();
        doc.Attributes["kind"] = "kwe.solve";
        var ex = Assert.Throws<ArgumentException>(() => doc.AddAttributesFrom(new JsonObject { ["beta"] = 0.5, ["kind"] = "other" }));
        Assert.Contains("'kind' already exists", ex.Message);
        Assert.Equal(["kind"], doc.Attributes.Keys);
        Assert.Equal("kwe.solve", doc.Attributes["kind"]);
        // A nested name that collides with a dotted one.
        Assert.Throws<ArgumentException>(() => doc.AddAttributesFrom(new JsonObject { ["a.b"] = 1, ["a"] = new JsonObject { ["b"] = 2 } }));
        Assert.Equal(["kind"], doc.Attributes.Keys);
    }

    [Fact]
    public void NamesAndShapesAreValidated()
    {
        var doc = new Hdf5Document();
        doc.Dataset("fields/n", [1.0]);
        Assert.Throws<ArgumentException>(() => doc.Dataset("fields/n", [2.0]));          // already a dataset
        Assert.Throws<ArgumentException>(() => doc.Dataset("fields", [2.0]));            // already a group
        Assert.Throws<ArgumentException>(() => doc.Group("fields/n"));                   // a dataset, not a group
        Assert.Throws<ArgumentException>(() => doc.Group("fields/n/x"));
        foreach (var bad in new[] { "", "/fields", "a//b", ".", "..", "a/./b", "x\0y", "fields/" })
            Assert.Throws<ArgumentException>(() => doc.Group(bad));
        Assert.Throws<ArgumentException>(() => doc.Dataset("m", [1.0, 2, 3], [2, 2]));
        Assert.Throws<ArgumentException>(() => doc.Dataset("m", [1.0, 2], [-1, -2]));
        Assert.Throws<ArgumentException>(() => doc.Dataset("m", [1.0], []));
        Assert.Throws<ArgumentException>(() => doc.Dataset("s", ["a", null!]));
        Assert.Throws<ArgumentException>(() => doc.Dataset("s", ["a\0b"]));
        Assert.False(doc.Contains("m"));
        Assert.False(doc.Contains("s"));
        Assert.True(doc.Contains("fields/n"));
        Assert.Equal(["fields"], doc.Names);
        Assert.Equal("/fields", doc.Group("fields").Path);
        var n = doc.Group("fields/sub/deeper").Dataset("f", new double[2, 3, 4]);
        Assert.Equal("/fields/sub/deeper/f", n.Path);
        Assert.Equal("f", n.Name);
        Assert.Equal([2L, 3, 4], n.Shape);
        Assert.Equal(typeof(double), n.ElementType);
    }

    [Fact]
    public void AttributesAreValidatedNormalizedAndCopied()
    {
        var doc = new Hdf5Document();
        var a = doc.Attributes;
        Assert.Throws<ArgumentException>(() => a["x"] = 1.5f);              // float: not accepted
        Assert.Throws<ArgumentException>(() => a["x"] = new double[2, 2]);  // only one-dimensional arrays
        Assert.Throws<ArgumentException>(() => a["x"] = DateTime.Now);
        Assert.Throws<ArgumentException>(() => a[""] = 1.0);
        Assert.Throws<ArgumentException>(() => a["x\0"] = 1.0);
        Assert.Throws<ArgumentException>(() => a["x"] = "a\0b");
        Assert.Throws<ArgumentNullException>(() => a["x"] = null!);
        Assert.Throws<ArgumentException>(() => a["x"] = new double[Hdf5Attributes.MaxBytes / 8 + 1]);
        Assert.Throws<ArgumentException>(() => a["x"] = new string[Hdf5Attributes.MaxBytes / 16 + 1]);
        Assert.Empty(a);
        a["x"] = new double[Hdf5Attributes.MaxBytes / 8];
        Assert.Equal(Hdf5Attributes.MaxBytes / 8, ((double[])a["x"]).Length);

        var values = new[] { 1.0, 2.0 };
        a["v"] = values;
        values[0] = 99;
        Assert.Equal([1.0, 2.0], (double[])a["v"]);
        a["i"] = new[] { 1, 2 };
        Assert.IsType<long[]>(a["i"]);
        a["x"] = 3;  // replaces, keeps position
        Assert.Equal(["x", "v", "i"], a.Keys);
        Assert.Equal(3L, a["x"]);
        Assert.Throws<ArgumentException>(() => a.Add("x", 4.0));
        Assert.True(a.Remove("x"));
        Assert.Equal(["v", "i"], a.Keys);
        Assert.Throws<KeyNotFoundException>(() => a["x"]);

        var data = new double[] { 1, 2, 3 };
        var ds = doc.Dataset("d", data).Describe("desc", units: "m");
        data[0] = 42;   // the document keeps its copy
        Assert.Equal("desc", ds.Attributes["description"]);
        Assert.Equal("m", ds.Attributes["units"]);
        var same = new Hdf5Document();
        same.Attributes["v"] = new[] { 1.0, 2.0 };
        same.Attributes["i"] = new long[] { 1, 2 };
        same.Dataset("d", [1.0, 2, 3]).Describe("desc", units: "m");
        var m1 = new MemoryStream(); doc.WriteTo(m1);
        var m2 = new MemoryStream(); same.WriteTo(m2);
        Assert.Equal(m2.ToArray(), m1.ToArray());
    }
}
