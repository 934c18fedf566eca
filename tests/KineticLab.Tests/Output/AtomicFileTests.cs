using System.Text;
using KineticLab.Output;
using Xunit;

namespace KineticLab.Tests.Output;

public class AtomicFileTests
{
    [Fact]
    public void WritesAndReplacesContentLeavingNoTempFiles()
    {
        using var dir = new TempDir();
        string path = dir.File("data.txt");
        AtomicFile.WriteAllText(path, "first");
        Assert.Equal("first", File.ReadAllText(path));
        AtomicFile.WriteAllText(path, "second, longer content");
        Assert.Equal("second, longer content", File.ReadAllText(path));
        Assert.Equal(["data.txt"], dir.Entries());
    }

    [Fact]
    public void WriteAllBytesWritesExactBytes()
    {
        using var dir = new TempDir();
        string path = dir.File("blob.bin");
        byte[] data = [0, 1, 2, 255, 254, 10, 13];
        AtomicFile.WriteAllBytes(path, data);
        Assert.Equal(data, File.ReadAllBytes(path));
        Assert.Equal(["blob.bin"], dir.Entries());
    }

    [Fact]
    public void TextIsUtf8WithoutBom()
    {
        using var dir = new TempDir();
        string path = dir.File("u.txt");
        AtomicFile.WriteAllText(path, "σ ≤ β*");
        byte[] bytes = File.ReadAllBytes(path);
        Assert.NotEqual(0xEF, bytes[0]);
        Assert.Equal("σ ≤ β*", Encoding.UTF8.GetString(bytes));
    }

    [Fact]
    public void MissingDirectoryThrowsAndCreatesNothing()
    {
        using var dir = new TempDir();
        string missing = dir.File("no-such-folder");
        Assert.ThrowsAny<IOException>(() => AtomicFile.WriteAllText(Path.Combine(missing, "x.txt"), "content"));
        Assert.False(Directory.Exists(missing));
        Assert.Empty(dir.Entries());
    }

    [Fact]
    public void FailureWhileWritingKeepsOldContentAndRemovesTempFile()
    {
        using var dir = new TempDir();
        string path = dir.File("state.json");
        File.WriteAllText(path, "old content");
        var ex = Assert.Throws<InvalidOperationException>(() => AtomicFile.Write(path, stream =>
        {
            stream.Write("partial new con"u8);
            throw new InvalidOperationException("simulated failure");
        }));
        Assert.Equal("simulated failure", ex.Message);
        Assert.Equal("old content", File.ReadAllText(path));
        Assert.Equal(["state.json"], dir.Entries());
    }

    [Fact]
    public void TargetThatIsADirectoryFailsAndLeavesNoTempFile()
    {
        using var dir = new TempDir();
        string target = dir.File("sub");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "inner.txt"), "keep");
        Assert.ThrowsAny<IOException>(() => AtomicFile.WriteAllText(target, "x"));
        Assert.True(Directory.Exists(target));
        Assert.Equal("keep", File.ReadAllText(Path.Combine(target, "inner.txt")));
        Assert.Equal(["sub"], dir.Entries());
    }

    [Fact]
    public void TempFileNamesAreHiddenAndRecognisable()
    {
        string? seen = null;
        using var dir = new TempDir();
        AtomicFile.Write(dir.File("r.csv"), _ => seen = dir.Entries().Single());
        Assert.NotNull(seen);
        Assert.StartsWith(".r.csv.tmp-", seen);
        Assert.True(AtomicFile.IsTempName(seen!));
        Assert.False(AtomicFile.IsTempName("r.csv"));
    }
}
