using System.Diagnostics;
using Xunit;
using Xunit.Abstractions;

namespace KineticLab.Tests.Cli;

/// <summary>Output problems: existing folders, unwritable paths and a full disk give exit code 2 and lose nothing.</summary>
[Collection(SubprocessCollection.Name)]
public class OutputFailureTests(ITestOutputHelper output)
{
    private static readonly string[] Operator = ["kwe", "operator", "--beta", "0.25", "--omega", "1,10", "--rtol", "1e-6"];

    [Fact]
    public void ExistingResultsFolderIsKeptUnlessForced()
    {
        var dir = Path.Combine(Path.GetTempPath(), $"kineticlab-out-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        try
        {
            var precious = Path.Combine(dir, "result.json");
            File.WriteAllText(precious, "{\"earlier\": true}");
            var (code, _, err) = ExitCodeTests.Run([.. Operator, "--out", dir]);
            Assert.Equal(2, code);
            Assert.Single(err.Trim().Split('\n'));
            Assert.Contains("--force", err);
            Assert.Equal("{\"earlier\": true}", File.ReadAllText(precious));
            var (code2, _, _) = ExitCodeTests.Run([.. Operator, "--out", dir, "--force"]);
            Assert.Equal(0, code2);
            Assert.Contains("\"kind\": \"kwe.operator\"", File.ReadAllText(precious));
        }
        finally { Directory.Delete(dir, recursive: true); }
    }

    [Fact]
    public void FolderBelowAFileIsRejectedWithOneLine()
    {
        var file = Path.GetTempFileName();
        try
        {
            var (code, _, err) = ExitCodeTests.Run([.. Operator, "--out", Path.Combine(file, "sub")]);
            Assert.Equal(2, code);
            Assert.StartsWith("error: --out: ", err.Trim());
            Assert.Single(err.Trim().Split('\n'));
        }
        finally { File.Delete(file); }
    }

    /// <summary>
    /// A real full disk: a 64 KiB tmpfs (needs root, as in CI; reported and skipped otherwise), an earlier result
    /// on it, the rest filled. The run fails with exit code 2 and one line, the earlier file is intact and no
    /// temporary file is left.
    /// </summary>
    [Fact]
    public void FullDiskFailsCleanlyAndKeepsEarlierFiles()
    {
        var mnt = Path.Combine(Path.GetTempPath(), $"kineticlab-full-{Guid.NewGuid():N}");
        Directory.CreateDirectory(mnt);
        if (!Sh("mount", "-t", "tmpfs", "-o", "size=64k", "tmpfs", mnt))
        {
            output.WriteLine("cannot mount a tmpfs here (not root?): the full-disk case is covered by AtomicFileTests only");
            Directory.Delete(mnt);
            return;
        }
        try
        {
            var dir = Path.Combine(mnt, "results");
            Directory.CreateDirectory(dir);
            var precious = Path.Combine(dir, "summary.md");
            File.WriteAllText(precious, "# earlier run\n");
            // Fill the disk.
            try
            {
                using var fs = new FileStream(Path.Combine(mnt, "filler"), FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 1);
                var block = new byte[512];
                while (true) fs.Write(block);
            }
            catch (IOException) { }
            var (code, _, err) = ExitCodeTests.Run([.. Operator, "--out", dir, "--force"]);
            output.WriteLine(err);
            Assert.Equal(2, code);
            var lines = err.Trim().Split('\n');
            Assert.StartsWith("error: output: ", lines[^1]);
            Assert.DoesNotContain("   at ", err);
            Assert.Equal("# earlier run\n", File.ReadAllText(precious));
            Assert.Empty(Directory.GetFiles(dir).Where(f => Path.GetFileName(f).StartsWith('.')));
        }
        finally
        {
            Sh("umount", mnt);
            try { Directory.Delete(mnt, recursive: true); } catch (IOException) { }
        }
    }

    private static bool Sh(string cmd, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(cmd) { RedirectStandardError = true, RedirectStandardOutput = true };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception) { return false; }
    }
}
