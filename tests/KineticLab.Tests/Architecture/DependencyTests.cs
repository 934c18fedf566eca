using System.Text.RegularExpressions;
using Xunit;

namespace KineticLab.Tests.Architecture;

/// <summary>
/// The layering of ARCHITECTURE.md: Numerics ← Boltzmann, WaveKinetic ← Posedness ← Output ← Cli; Boltzmann and
/// WaveKinetic never reference each other; nothing in the library writes to the console.
/// </summary>
public class DependencyTests
{
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Numerics"] = ["Numerics"],
        ["Boltzmann"] = ["Numerics", "Boltzmann"],
        ["WaveKinetic"] = ["Numerics", "WaveKinetic"],
        ["Posedness"] = ["Numerics", "Boltzmann", "WaveKinetic", "Posedness"],
        ["Output"] = ["Numerics", "Boltzmann", "WaveKinetic", "Posedness", "Output"],
    };

    private static string ThisFile([System.Runtime.CompilerServices.CallerFilePath] string path = "") => path;

    private static string SourceRoot()
    {
        var fromSource = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(ThisFile())!, "..", "..", "..", "src", "KineticLab"));
        if (Directory.Exists(fromSource)) return fromSource;
        for (var d = new DirectoryInfo(AppContext.BaseDirectory); d is not null; d = d.Parent)
        {
            var p = Path.Combine(d.FullName, "src", "KineticLab");
            if (Directory.Exists(p)) return p;
        }
        throw new DirectoryNotFoundException("src/KineticLab not found above the test binaries");
    }

    [Fact]
    public void LibraryFoldersReferenceOnlyTheLayersBelowThem()
    {
        var root = SourceRoot();
        var reference = new Regex(@"\bKineticLab\.(Numerics|Boltzmann|WaveKinetic|Posedness|Output|Cli)\b");
        var problems = new List<string>();
        foreach (var (folder, allowed) in Allowed)
        {
            var dir = Path.Combine(root, folder);
            Assert.True(Directory.Exists(dir), folder);
            foreach (var file in Directory.EnumerateFiles(dir, "*.cs", SearchOption.AllDirectories))
            {
                var text = File.ReadAllText(file);
                foreach (Match m in reference.Matches(text))
                    if (!allowed.Contains(m.Groups[1].Value))
                        problems.Add($"{Path.GetRelativePath(root, file)} references KineticLab.{m.Groups[1].Value}");
            }
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems.Distinct()));
    }

    [Fact]
    public void TheLibraryNeverWritesToTheConsole()
    {
        var root = SourceRoot();
        var console = new Regex(@"\bConsole\s*\.\s*(Write|WriteLine|Out|Error|Read)");
        var offenders = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}"))
            .Where(f => console.IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(root, f))
            .ToList();
        Assert.True(offenders.Count == 0, string.Join(", ", offenders));
    }
}
