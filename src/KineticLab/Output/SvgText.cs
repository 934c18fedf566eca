using System.Globalization;
using System.Text;

namespace KineticLab.Output;

/// <summary>Formatting helpers for hand-written SVG: escaping, coordinates, text width estimates.</summary>
internal static class SvgText
{
    /// <summary>
    /// Escapes text for XML content and attribute values; characters that XML 1.0 does not allow
    /// (control characters, lone surrogates) are replaced by U+FFFD.
    /// </summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text)) return "";
        var sb = new StringBuilder(text.Length + 8);
        for (int i = 0; i < text.Length; i++)
        {
            char c = text[i];
            switch (c)
            {
                case '&': sb.Append("&amp;"); break;
                case '<': sb.Append("&lt;"); break;
                case '>': sb.Append("&gt;"); break;
                case '"': sb.Append("&quot;"); break;
                case '\'': sb.Append("&apos;"); break;
                case '\t': sb.Append(' '); break;
                case '\n': case '\r': sb.Append(' '); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        sb.Append(c).Append(text[++i]);
                    }
                    else if (c < 0x20 || char.IsSurrogate(c) || c == '\uFFFE' || c == '\uFFFF')
                    {
                        sb.Append('\uFFFD');
                    }
                    else sb.Append(c);
                    break;
            }
        }
        return sb.ToString();
    }

    /// <summary>A coordinate with at most two decimals, invariant culture, never <c>-0</c>.</summary>
    public static string N(double v)
    {
        double r = Math.Round(v, 2, MidpointRounding.AwayFromZero);
        if (r == 0) return "0";
        return r.ToString("0.##", CultureInfo.InvariantCulture);
    }

    /// <summary>Rough rendered width of <paramref name="text"/> in a sans-serif font of size <paramref name="fontSize"/>.</summary>
    public static double Width(string text, double fontSize) => text.Length * fontSize * 0.6;
}
