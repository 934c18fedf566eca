using System.Text.Json.Nodes;
using KineticLab.Output;
using Xunit;

namespace KineticLab.Tests.Output;

/// <summary>The one checkpoint format (<see cref="CheckpointFile"/>): bit-exact round trip, integrity checks, clear refusals.</summary>
public class CheckpointTests
{
    private static (JsonObject, List<(string, double[])>) Sample()
    {
        var header = new JsonObject { ["kind"] = "test", ["time_readable"] = "0.5" };
        var a = new double[1000];
        for (int i = 0; i < a.Length; i++) a[i] = Math.Sin(i) * Math.Exp(-i / 100.0);
        a[3] = double.NaN; a[4] = double.PositiveInfinity; a[5] = -0.0; a[6] = double.Epsilon;
        return (header, [("f", a), ("empty", []), ("ctl", [1.0 / 3, 2e-300])]);
    }

    [Fact]
    public void RoundTripIsBitExactIncludingNonFiniteValues()
    {
        using var dir = new TempDir();
        var path = dir.File(CheckpointFile.FileName);
        var (h, arrays) = Sample();
        CheckpointFile.Write(path, h, arrays);
        var (h2, back) = CheckpointFile.Read(path);
        Assert.Equal("test", (string?)h2["kind"]);
        Assert.Equal(CheckpointFile.Version, (int)h2["version"]!);
        Assert.Equal(arrays.Count, back.Count);
        for (int k = 0; k < arrays.Count; k++)
        {
            Assert.Equal(arrays[k].Item1, back[k].Name);
            Assert.Equal(arrays[k].Item2.Length, back[k].Values.Length);
            for (int i = 0; i < arrays[k].Item2.Length; i++)
                Assert.Equal(BitConverter.DoubleToInt64Bits(arrays[k].Item2[i]), BitConverter.DoubleToInt64Bits(back[k].Values[i]));
        }
    }

    [Fact]
    public void AFlippedByteIsACorruptCheckpoint()
    {
        using var dir = new TempDir();
        var path = dir.File("c.kcp");
        var (h, arrays) = Sample();
        CheckpointFile.Write(path, h, arrays);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x10; // inside the array data
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<InvalidInputException>(() => CheckpointFile.Read(path));
        Assert.Equal("checkpoint", e.Field);
        Assert.Contains("checksum mismatch", e.Reason);
    }

    [Theory]
    [InlineData(10)]
    [InlineData(200)]
    [InlineData(-5)]
    public void ATruncatedCheckpointIsRefused(int keep)
    {
        using var dir = new TempDir();
        var path = dir.File("c.kcp");
        var (h, arrays) = Sample();
        CheckpointFile.Write(path, h, arrays);
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(keep >= 0 ? keep : bytes.Length + keep)]);
        var e = Assert.Throws<InvalidInputException>(() => CheckpointFile.Read(path));
        Assert.Contains("corrupt checkpoint", e.Reason);
    }

    [Fact]
    public void ForeignOldAndMissingFilesAreRefusedWithOneLine()
    {
        using var dir = new TempDir();
        var foreign = dir.File("foreign.kcp");
        File.WriteAllText(foreign, "hello world, not a checkpoint");
        Assert.Equal("not a KineticLab checkpoint", Assert.Throws<InvalidInputException>(() => CheckpointFile.Read(foreign)).Reason);
        var old = dir.File("checkpoint.json");
        File.WriteAllText(old, """{"format":"kineticlab-checkpoint","version":1,"sha256":"00","payload":{}}""");
        Assert.Contains("version-1 checkpoint", Assert.Throws<InvalidInputException>(() => CheckpointFile.Read(old)).Reason);
        var future = dir.File("future.kcp");
        File.WriteAllBytes(future, "KLCKPT09"u8.ToArray().Concat(new byte[64]).ToArray());
        Assert.Contains("unsupported checkpoint version 09", Assert.Throws<InvalidInputException>(() => CheckpointFile.Read(future)).Reason);
        Assert.Equal("checkpoint not found", Assert.Throws<InvalidInputException>(() => CheckpointFile.Read(dir.File("none.kcp"))).Reason);
        Assert.Contains("is a folder", Assert.Throws<InvalidInputException>(() => CheckpointFile.Read(dir.Path)).Reason);
        foreach (var p in new[] { foreign, old, future })
            Assert.DoesNotContain('\n', Assert.Throws<InvalidInputException>(() => CheckpointFile.Read(p)).Message);
    }

    [Fact]
    public void RewritingReplacesTheFileAtomically()
    {
        using var dir = new TempDir();
        var path = dir.File("c.kcp");
        CheckpointFile.Write(path, new JsonObject { ["step"] = 1 }, [("y", [1.0])]);
        CheckpointFile.Write(path, new JsonObject { ["step"] = 2 }, [("y", [2.0])]);
        var (h, a) = CheckpointFile.Read(path);
        Assert.Equal(2, (int)h["step"]!);
        Assert.Equal(2.0, a[0].Values[0]);
        Assert.Equal(["c.kcp"], dir.Entries()); // no temporary file left
    }
}
