using System.Text.RegularExpressions;
using Xunit;

namespace KineticLab.Tests.Architecture;

/// <summary>
/// The layering of docs/ARCHITECTURE.md: root ← Numerics ← Output ← Simulations ← {Boltzmann, WaveKinetic} ←
/// Posedness ← Experiments ← Cli; Boltzmann and WaveKinetic never reference each other; the root namespace
/// (the files directly in src/KineticLab) references no folder; nothing in the library writes to the console or
/// names a command-line flag.
/// </summary>
public class DependencyTests
{
    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        [""] = [],
        ["Numerics"] = ["Numerics"],
        ["Output"] = ["Numerics", "Output"],
        ["Simulations"] = ["Numerics", "Output", "Simulations"],
        ["Boltzmann"] = ["Numerics", "Simulations", "Boltzmann"],
        ["WaveKinetic"] = ["Numerics", "Simulations", "WaveKinetic"],
        ["Posedness"] = ["Numerics", "Simulations", "Boltzmann", "WaveKinetic", "Posedness"],
        ["Experiments"] = ["Numerics", "Output", "Simulations", "Boltzmann", "WaveKinetic", "Posedness", "Experiments"],
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

    private static IEnumerable<string> SourceFiles(string dir, bool recursive) =>
        Directory.EnumerateFiles(dir, "*.cs", recursive ? SearchOption.AllDirectories : SearchOption.TopDirectoryOnly)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")
                     && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}"));

    [Fact]
    public void LibraryFoldersReferenceOnlyTheLayersBelowThem()
    {
        var root = SourceRoot();
        var reference = new Regex(@"\bKineticLab\.(Numerics|Boltzmann|WaveKinetic|Posedness|Output|Simulations|Experiments|Cli)\b");
        var problems = new List<string>();
        // Every folder of the library is one of the layers.
        foreach (var dir in Directory.EnumerateDirectories(root))
        {
            var name = Path.GetFileName(dir);
            if (name is "obj" or "bin") continue;
            Assert.True(Allowed.ContainsKey(name), $"folder {name} is not a layer of the architecture");
        }
        foreach (var (folder, allowed) in Allowed)
        {
            var dir = folder.Length == 0 ? root : Path.Combine(root, folder);
            Assert.True(Directory.Exists(dir), folder);
            foreach (var file in SourceFiles(dir, recursive: folder.Length > 0))
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
    public void TheCheckIsAbleToFail()
    {
        // The pattern the test above relies on finds a forbidden reference in a sample text.
        var reference = new Regex(@"\bKineticLab\.(Numerics|Boltzmann|WaveKinetic|Posedness|Output|Simulations|Experiments|Cli)\b");
        var m = reference.Match("using KineticLab.Boltzmann.Kernels;");
        Assert.True(m.Success);
        Assert.DoesNotContain(m.Groups[1].Value, Allowed["WaveKinetic"]);
    }

    [Fact]
    public void TheLibraryNeverWritesToTheConsole()
    {
        var root = SourceRoot();
        var console = new Regex(@"\bConsole\s*\.\s*(Write|WriteLine|Out|Error|Read)");
        var offenders = SourceFiles(root, recursive: true)
            .Where(f => console.IsMatch(File.ReadAllText(f)))
            .Select(f => Path.GetRelativePath(root, f))
            .ToList();
        Assert.True(offenders.Count == 0, string.Join(", ", offenders));
    }

    [Fact]
    public void TheLibraryNamesNoCommandLineFlag()
    {
        // A string literal starting with "--" is a CLI flag; the library speaks of fields, the CLI maps them to flags.
        var root = SourceRoot();
        var flag = new Regex("\"--[A-Za-z]");
        var offenders = SourceFiles(root, recursive: true)
            .SelectMany(f => File.ReadAllLines(f).Select((line, i) => (f, line, i)))
            .Where(x => flag.IsMatch(x.line))
            .Select(x => $"{Path.GetRelativePath(root, x.f)}:{x.i + 1}")
            .ToList();
        Assert.True(offenders.Count == 0, string.Join(", ", offenders));
    }
}
