using System.Text;
using KineticLab.Output.History;
using Xunit;

namespace KineticLab.Tests.Output;

public class FieldLogTests
{
    /// <summary>Writes a log in the documented layout with an independent writer (BinaryWriter is little-endian).</summary>
    private static long WriteLog(string path, int records, Func<int, (string Name, double[] Values)> record)
    {
        using var fs = new FileStream(path, FileMode.Create);
        using var w = new BinaryWriter(fs);
        w.Write("KLFLDS01"u8.ToArray());
        for (int r = 0; r < records; r++)
        {
            var (name, values) = record(r);
            var nb = Encoding.UTF8.GetBytes(name);
            w.Write((long)r); w.Write(0.5 * r); w.Write(nb.Length); w.Write(nb); w.Write((long)values.Length);
            foreach (var v in values) w.Write(v);
        }
        w.Flush();
        return fs.Length;
    }

    [Fact]
    public void ReadsTheDocumentedLayoutAndCutsBackToThePosition()
    {
        using var dir = new TempDir();
        string path = dir.File("fields.bin");
        long full = WriteLog(path, 3, r => ($"n{r}", Enumerable.Range(0, r + 1).Select(i => Math.PI * (i + 1) / (r + 2)).ToArray()));
        // the first two records: 8 magic bytes, then 20 + 2 + 8 + 8·1 and 20 + 2 + 8 + 8·2 bytes
        long twoRecords = 8 + (20 + 2 + 8 + 8) + (20 + 2 + 8 + 16);
        using (var log = FieldLog.Open(path, twoRecords))
        {
            Assert.Equal(2, log.Records.Count);
            Assert.Equal(["n0", "n1"], log.Records.Select(r => r.Name));
            Assert.Equal(0.5, log.Records[1].Time);
            Assert.Equal(1, log.Records[1].Iteration);
            Assert.Equal([Math.PI / 3, 2 * Math.PI / 3], log.Records[1].Values);
            log.Append("n9", 7, 3.25, [1.5, -2]);
        }
        Assert.True(new FileInfo(path).Length < full + 100);
        using var again = FieldLog.Open(path, new FileInfo(path).Length);
        Assert.Equal(["n0", "n1", "n9"], again.Records.Select(r => r.Name));
        Assert.Equal([1.5, -2.0], again.Records[2].Values);
        Assert.Equal(7, again.Records[2].Iteration);
    }

    [Fact]
    public void ALongLogReadsOnASmallStack()
    {
        // 100 000 records: a per-record stack buffer inside the read loop would take 800 kB of a 256 kB stack
        using var dir = new TempDir();
        string path = dir.File("fields.bin");
        long length = WriteLog(path, 100_000, r => ("x", [r]));
        int count = -1; double last = double.NaN; Exception? error = null;
        var t = new Thread(() =>
        {
            try
            {
                using var log = FieldLog.Open(path, length);
                count = log.Records.Count;
                last = log.Records[^1].Values[0];
            }
            catch (Exception e) { error = e; }
        }, maxStackSize: 256 * 1024);
        t.Start();
        t.Join();
        Assert.Null(error);
        Assert.Equal(100_000, count);
        Assert.Equal(99_999, last);
    }

    [Fact]
    public void AShorterFileThanTheCheckpointSaysIsRefused()
    {
        using var dir = new TempDir();
        string path = dir.File("fields.bin");
        long length = WriteLog(path, 2, r => ("x", [r]));
        var e = Assert.Throws<InvalidInputException>(() => FieldLog.Open(path, length + 1));
        Assert.Contains("checkpoint expects", e.Message);
    }
}
