using System.Security.Cryptography;
using System.Text;

namespace KineticLab.Output;

/// <summary>
/// Atomic file replacement: the content is written to a temporary file in the target's folder
/// (named <c>.&lt;name&gt;.tmp-&lt;random&gt;</c>), flushed to disk and then renamed over the target.
/// A reader sees either the old file or the complete new one, never a partial write; if anything fails
/// the temporary file is deleted, the exception is rethrown and the old file is left untouched.
/// </summary>
public static class AtomicFile
{
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false);

    /// <summary>Atomically replaces <paramref name="path"/> with <paramref name="text"/> encoded as UTF-8 (no BOM).</summary>
    public static void WriteAllText(string path, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        WriteAllBytes(path, Utf8NoBom.GetBytes(text));
    }

    /// <summary>Atomically replaces <paramref name="path"/> with <paramref name="data"/>.</summary>
    public static void WriteAllBytes(string path, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Write(path, stream => stream.Write(data));
    }

    /// <summary>
    /// Atomically replaces <paramref name="path"/> with whatever <paramref name="writeContent"/> writes to the
    /// stream it is given (useful for large outputs produced piecewise). The stream is a fresh, empty file that
    /// is readable, writable and seekable (HDF5 writers need to seek back). If the callback throws, the
    /// temporary file is deleted and the old file is kept.
    /// </summary>
    public static void Write(string path, Action<Stream> writeContent)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(writeContent);
        string full = System.IO.Path.GetFullPath(path);
        string name = System.IO.Path.GetFileName(full);
        if (name.Length == 0) throw new ArgumentException($"not a file path: '{path}'", nameof(path));
        string dir = System.IO.Path.GetDirectoryName(full) ?? throw new ArgumentException($"not a file path: '{path}'", nameof(path));
        string tmp = System.IO.Path.Combine(dir, TempName(name));
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, bufferSize: 64 * 1024))
            {
                writeContent(fs);
                fs.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    /// <summary>True if <paramref name="fileName"/> looks like a temporary file left by <see cref="Write"/>.</summary>
    public static bool IsTempName(string fileName) =>
        fileName.StartsWith('.') && fileName.Contains(".tmp-", StringComparison.Ordinal);

    private static string TempName(string name) =>
        $".{name}.tmp-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}";

    private static void TryDelete(string file)
    {
        try { File.Delete(file); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }
}
