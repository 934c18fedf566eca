using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using KineticLab.Output;
using Xunit;

namespace KineticLab.Tests.Output;

public class CheckpointTests
{
    private static JsonObject State() => new()
    {
        ["t"] = 0.1 + 0.2,
        ["step"] = 42,
        ["f"] = Json.Array([1.0 / 3, 1e-300, -2.5]),
        ["method"] = "dopri5",
        ["nested"] = new JsonObject { ["h"] = 1e-3, ["σ"] = "β ≤ 1" },
    };

    [Fact]
    public void SaveLoadRoundTrip()
    {
        using var dir = new TempDir();
        string path = dir.File("run.ckpt");
        Checkpoint.Save(path, State());
        var back = Checkpoint.Load(path);
        Assert.True(JsonNode.DeepEquals(State(), back));
        Assert.Equal(BitConverter.DoubleToInt64Bits(0.1 + 0.2), BitConverter.DoubleToInt64Bits(back["t"]!.GetValue<double>()));
        Assert.Equal(["run.ckpt"], dir.Entries());
    }

    [Fact]
    public void FileHasFormatVersionAndChecksumOfPayload()
    {
        using var dir = new TempDir();
        string path = dir.File("c.json");
        Checkpoint.Save(path, State());
        var doc = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        Assert.Equal("kineticlab-checkpoint", doc["format"]!.GetValue<string>());
        Assert.Equal(1, doc["version"]!.GetValue<int>());
        string sha = doc["sha256"]!.GetValue<string>();
        Assert.Matches("^[0-9a-f]{64}$", sha);
        string payload = Json.Serialize(doc["payload"], indented: false);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(payload))), sha);
    }

    [Fact]
    public void TamperedPayloadIsDetected()
    {
        using var dir = new TempDir();
        string path = dir.File("c.json");
        Checkpoint.Save(path, State());
        string text = File.ReadAllText(path);
        Assert.Contains("\"step\":42", text);
        File.WriteAllText(path, text.Replace("\"step\":42", "\"step\":43"));
        var ex = Assert.Throws<InvalidInputException>(() => Checkpoint.Load(path));
        Assert.Equal("--resume", ex.Field);
        Assert.Equal(path, ex.Value);
        Assert.Equal("corrupt checkpoint: checksum mismatch", ex.Reason);
        Assert.StartsWith("--resume: ", ex.Message);
    }

    [Fact]
    public void TamperedChecksumIsDetected()
    {
        using var dir = new TempDir();
        string path = dir.File("c.json");
        Checkpoint.Save(path, State());
        var doc = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        string sha = doc["sha256"]!.GetValue<string>();
        string flipped = (sha[0] == '0' ? '1' : '0') + sha[1..];
        File.WriteAllText(path, File.ReadAllText(path).Replace(sha, flipped));
        Assert.Contains("checksum mismatch", Assert.Throws<InvalidInputException>(() => Checkpoint.Load(path)).Message);
    }

    [Fact]
    public void ReformattedButUnchangedCheckpointStillLoads()
    {
        using var dir = new TempDir();
        string path = dir.File("c.json");
        Checkpoint.Save(path, State());
        File.WriteAllText(path, Json.Serialize(JsonNode.Parse(File.ReadAllText(path)), indented: true));
        Assert.True(JsonNode.DeepEquals(State(), Checkpoint.Load(path)));
    }

    [Fact]
    public void MissingFileIsInvalidInput()
    {
        using var dir = new TempDir();
        var ex = Assert.Throws<InvalidInputException>(() => Checkpoint.Load(dir.File("nope.ckpt")));
        Assert.Equal("--resume", ex.Field);
        Assert.Contains("not found", ex.Reason);
    }

    [Fact]
    public void FolderIsInvalidInput() =>
        Assert.Equal("--resume", Assert.Throws<InvalidInputException>(() => Checkpoint.Load(Path.GetTempPath())).Field);

    [Theory]
    [InlineData("{\"a\":1}", "not a KineticLab checkpoint")]
    [InlineData("[1,2,3]", "not a KineticLab checkpoint")]
    [InlineData("this is not json", "not valid JSON")]
    [InlineData("{\"format\":\"kineticlab-checkpoint\",\"version\":1,\"sha256\":\"00\",\"payl", "not valid JSON")]
    [InlineData("{\"format\":\"kineticlab-checkpoint\",\"version\":2,\"sha256\":\"00\",\"payload\":{}}", "unsupported checkpoint version 2")]
    [InlineData("{\"format\":\"kineticlab-checkpoint\",\"version\":1,\"payload\":{}}", "missing checksum")]
    [InlineData("{\"format\":\"kineticlab-checkpoint\",\"version\":1,\"sha256\":\"00\"}", "missing payload")]
    public void WrongContentIsInvalidInput(string content, string reasonPart)
    {
        using var dir = new TempDir();
        string path = dir.File("bad.ckpt");
        File.WriteAllText(path, content);
        var ex = Assert.Throws<InvalidInputException>(() => Checkpoint.Load(path));
        Assert.Equal("--resume", ex.Field);
        Assert.Contains(reasonPart, ex.Reason);
    }

    [Fact]
    public void SaveReplacesAnOlderCheckpoint()
    {
        using var dir = new TempDir();
        string path = dir.File("c.json");
        Checkpoint.Save(path, new JsonObject { ["step"] = 1 });
        Checkpoint.Save(path, new JsonObject { ["step"] = 2 });
        Assert.Equal(2, Checkpoint.Load(path)["step"]!.GetValue<int>());
        Assert.Equal(["c.json"], dir.Entries());
    }
}
