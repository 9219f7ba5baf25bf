using System.Text;

namespace Famfs.Format;

/// <summary>NUL-terminated, NUL-padded byte fields (strncpy semantics) as famfs writes them.</summary>
internal static class CString
{
    /// <summary>
    /// The text before the first NUL. <paramref name="terminated"/> is false when the field has
    /// no NUL at all, which famfs never writes for a path: such an entry is corrupt.
    /// </summary>
    public static string Read(ReadOnlySpan<byte> field, out bool terminated)
    {
        var end = field.IndexOf((byte)0);
        terminated = end >= 0;
        return Encoding.UTF8.GetString(terminated ? field[..end] : field);
    }

    /// <summary>The UTF-8 bytes of <paramref name="text"/>, if they fit with a terminating NUL (one pass: every log append writes a path).</summary>
    public static bool TryWrite(string text, Span<byte> field)
    {
        if (!Encoding.UTF8.TryGetBytes(text, field[..^1], out var written))
        {
            field.Clear();
            return false;
        }

        field[written..].Clear();
        return true;
    }
}
