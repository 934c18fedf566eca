using System.Text.Json.Nodes;
using KineticLab.Output;
using Xunit;

namespace KineticLab.Tests.Output;

public class ResultFolderTests
{
    [Fact]
    public void CreatesMissingFoldersAndStartsEmpty()
    {
        using var dir = new TempDir();
        string path = Path.Combine(dir.Path, "a", "b", "results");
        var f = ResultFolder.Create(path, force: false);
        Assert.True(Directory.Exists(path));
        Assert.Equal(Path.GetFullPath(path), f.Path);
        Assert.Empty(f.Files);
        Assert.Empty(Directory.EnumerateFileSystemEntries(path)); // the write probe is gone
    }

    [Fact]
    public void ExistingEmptyFolderIsAccepted()
    {
        using var dir = new TempDir();
        var f = ResultFolder.Create(dir.Path, force: false);
        Assert.Equal(Path.GetFullPath(dir.Path), f.Path);
    }

    [Fact]
    public void NonEmptyFolderWithoutForceIsRejected()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("old.txt"), "old");
        var ex = Assert.Throws<InvalidInputException>(() => ResultFolder.Create(dir.Path, force: false));
        Assert.StartsWith("output: ", ex.Message);
        Assert.Equal("output", ex.Field);
        Assert.Equal(dir.Path, ex.Value);
        Assert.Equal(ResultFolder.NotEmptyReason, ex.Reason);
        Assert.Single(ex.Message.Split('\n'));
        Assert.Equal("old", File.ReadAllText(dir.File("old.txt")));
    }

    [Fact]
    public void ForceKeepsExistingFilesUntilReplaced()
    {
        using var dir = new TempDir();
        File.WriteAllText(dir.File("other.txt"), "untouched");
        File.WriteAllText(dir.File("summary.md"), "old summary");
        var f = ResultFolder.Create(dir.Path, force: true);
        Assert.Equal("old summary", File.ReadAllText(dir.File("summary.md")));
        f.WriteSummary("# new");
        Assert.Equal("# new", File.ReadAllText(dir.File("summary.md")));
        Assert.Equal("untouched", File.ReadAllText(dir.File("other.txt")));
        Assert.Equal(["other.txt", "summary.md"], dir.Entries());
    }

    [Fact]
    public void PathThatIsAFileIsRejected()
    {
        using var dir = new TempDir();
        string file = dir.File("plain.txt");
        File.WriteAllText(file, "x");
        var ex = Assert.Throws<InvalidInputException>(() => ResultFolder.Create(file, force: true));
        Assert.Equal("is a file, not a folder", ex.Reason);
        Assert.StartsWith("output: ", ex.Message);
        Assert.Equal("x", File.ReadAllText(file));
    }

    [Fact]
    public void FolderBelowAFileCannotBeCreated()
    {
        using var dir = new TempDir();
        string file = dir.File("plain.txt");
        File.WriteAllText(file, "x");
        string path = Path.Combine(file, "results");
        var ex = Assert.Throws<InvalidInputException>(() => ResultFolder.Create(path, force: false));
        Assert.Equal("output", ex.Field);
        Assert.StartsWith("not writable: ", ex.Reason);
        Assert.Contains("plain.txt", ex.Reason);
        Assert.Single(ex.Message.Split('\n'));
    }

    [Fact]
    public void EmptyPathIsRejected() =>
        Assert.Equal("output", Assert.Throws<InvalidInputException>(() => ResultFolder.Create("  ", false)).Field);

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("..")]
    [InlineData(".")]
    [InlineData("")]
    [InlineData("sub/file.txt")]
    [InlineData("sub\\file.txt")]
    [InlineData("/etc/passwd")]
    public void NamesWithFolderPartsAreRejected(string name)
    {
        using var dir = new TempDir();
        string inner = Path.Combine(dir.Path, "out");
        var f = ResultFolder.Create(inner, false);
        Assert.Throws<ArgumentException>(() => f.WriteText(name, "x"));
        Assert.Empty(Directory.EnumerateFileSystemEntries(inner));
        Assert.Equal(["out"], dir.Entries());
        Assert.Empty(f.Files);
    }

    [Fact]
    public void WritesAllKindsAndRecordsNamesInOrder()
    {
        using var dir = new TempDir();
        var f = ResultFolder.Create(dir.File("run"), false);
        var table = new CsvTable("x", "y");
        table.AddRow(1, 2.5);
        var plot = new Plot { Title = "t" }.Add(new Series("s", [1, 2], [3, 4]));
        var record = new ResultRecord { Kind = "test.kind" };
        record.Figures["p.svg"] = "a plot";

        f.WriteCsv("t.csv", table);
        f.WriteSvg("p.svg", plot);
        f.WriteJson("extra.json", new JsonObject { ["nan"] = JsonValue.Create(double.NaN) });
        f.WriteResult(record);
        f.WriteSummary("# summary\n");
        f.WriteText("t.csv", table.ToCsv()); // rewriting keeps the first position

        Assert.Equal(["t.csv", "p.svg", "p.png", "extra.json", "result.json", "summary.md"], f.Files);
        Assert.Equal("x,y\n1,2.5\n", File.ReadAllText(Path.Combine(f.Path, "t.csv")));
        Assert.Equal(plot.ToSvg(), File.ReadAllText(Path.Combine(f.Path, "p.svg")));
        Assert.Equal(plot.ToPng(), File.ReadAllBytes(Path.Combine(f.Path, "p.png")));
        Assert.Equal("{\n  \"nan\": null\n}\n", File.ReadAllText(Path.Combine(f.Path, "extra.json")));
        var result = JsonNode.Parse(File.ReadAllText(Path.Combine(f.Path, "result.json")))!;
        Assert.Equal("test.kind", result["kind"]!.GetValue<string>());
        Assert.Equal("a plot", result["figures"]!["p.svg"]!.GetValue<string>());
        Assert.Equal(f.Files.Order(StringComparer.Ordinal).ToArray(),
            Directory.EnumerateFiles(f.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray());
    }

    [Fact]
    public void PathOfValidatesAndCombines()
    {
        using var dir = new TempDir();
        var f = ResultFolder.Create(dir.Path, false);
        Assert.Equal(Path.Combine(f.Path, "a.csv"), f.PathOf("a.csv"));
        Assert.Throws<ArgumentException>(() => f.PathOf("../a.csv"));
    }
}
