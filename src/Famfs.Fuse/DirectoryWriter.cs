using System.Text;
using Famfs.Fuse.Interop;

namespace Famfs.Fuse;

/// <summary>
/// Fills one ReadDir reply buffer with fuse_add_direntry / fuse_add_direntry_plus.
/// Each entry carries the offset of the entry after it: the kernel passes that offset back
/// to continue the listing, so offsets must be non-zero and stable for the open directory
/// (0 means "from the start"). A TryAdd that returns false added nothing: stop there.
/// </summary>
public ref struct DirectoryWriter
{
    private readonly nint _req;
    private readonly nint _buffer;
    private readonly nuint _capacity;
    private readonly double _attrTimeout;
    private readonly double _entryTimeout;
    private ref nuint _used;

    internal DirectoryWriter(nint req, nint buffer, nuint capacity, bool plus, double attrTimeout, double entryTimeout, ref nuint used)
    {
        _req = req;
        _buffer = buffer;
        _capacity = capacity;
        IsPlus = plus;
        _attrTimeout = attrTimeout;
        _entryTimeout = entryTimeout;
        _used = ref used;
    }

    /// <summary>
    /// True for READDIRPLUS (see <see cref="FuseMountOptions.ReadDirPlus"/>): the kernel wants
    /// full attributes, so prefer <see cref="TryAdd(string, FuseEntry, long)"/>.
    /// </summary>
    public bool IsPlus { get; }

    /// <summary>
    /// Adds an entry with only its inode number and type. In a plus listing the kernel gets
    /// no attributes for it and counts no lookup; it will Lookup the name when it needs it.
    /// </summary>
    public readonly bool TryAdd(string name, ulong inode, FileType type, long nextOffset)
    {
        var attr = new stat { st_ino = inode, st_mode = (uint)type };
        return IsPlus ? Add(name, new fuse_entry_param { attr = attr }, nextOffset) : Add(name, attr, nextOffset);
    }

    /// <summary>
    /// Adds an entry with full attributes. In a plus listing an added entry counts one lookup
    /// of <see cref="FuseEntry.Inode"/> (a later Forget returns it), except "." and "..",
    /// which are sent without attributes because the kernel does not count them.
    /// </summary>
    public readonly bool TryAdd(string name, FuseEntry entry, long nextOffset)
    {
        var attr = NativeConversions.ToStat(entry.Attributes);
        if (!IsPlus)
        {
            return Add(name, attr, nextOffset);
        }

        return Add(name, name is "." or ".." ? new fuse_entry_param { attr = attr } : NativeConversions.ToEntryParam(entry, _attrTimeout, _entryTimeout), nextOffset);
    }

    private readonly bool Add(string name, in stat attr, long nextOffset)
    {
        Span<byte> cName = stackalloc byte[NameCapacity(name, nextOffset)];
        var remaining = _capacity - _used;
        return Used(Libfuse.AddDirentry(_req, _buffer + (nint)_used, remaining, Terminated(name, cName), attr, nextOffset), remaining);
    }

    private readonly bool Add(string name, in fuse_entry_param entry, long nextOffset)
    {
        Span<byte> cName = stackalloc byte[NameCapacity(name, nextOffset)];
        var remaining = _capacity - _used;
        return Used(Libfuse.AddDirentryPlus(_req, _buffer + (nint)_used, remaining, Terminated(name, cName), entry, nextOffset), remaining);
    }

    /// <summary>Bytes for the name and its NUL, on the stack: the kernel's names are at most 255 bytes, so 4 KiB is plenty.</summary>
    private static int NameCapacity(string name, long nextOffset)
    {
        if (nextOffset == 0)
        {
            throw new ArgumentOutOfRangeException(nameof(nextOffset), "directory offset 0 means 'from the start'");
        }

        var length = Encoding.UTF8.GetByteCount(name);
        return length < 4096 ? length + 1 : throw new FuseException(Errno.ENAMETOOLONG, $"a directory entry name of {length} bytes is too long");
    }

    private static ReadOnlySpan<byte> Terminated(string name, Span<byte> buffer)
    {
        var length = Encoding.UTF8.GetBytes(name, buffer);
        buffer[length] = 0;
        return buffer[..(length + 1)];
    }

    private readonly bool Used(nuint needed, nuint remaining)
    {
        if (needed > remaining)
        {
            return false;
        }

        _used += needed;
        return true;
    }
}
