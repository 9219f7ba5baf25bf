using System.Buffers.Binary;
using System.Numerics;

namespace Famfs.Admin;

/// <summary>
/// The names a log creates, as fsck's scan (<see cref="FsckScan"/>) keeps them, in flat arrays
/// small enough to stay in the processor's cache: 15,420 entries cost a few arrays rather than
/// a node, a string and a child table each. Every name is first reduced to a 64-bit key of
/// (parent directory, name bytes). Directories, which paths are resolved through, are kept
/// exactly: key and bytes, compared byte for byte. Files are kept as their key alone, which is
/// all a duplicate check needs when the answer may err only one way: two names with one key are
/// taken for the same name, and the scan then leaves the log to a play, which compares them
/// itself. Names are bytes: the scan only takes paths that are valid UTF-8, where equal bytes
/// and equal decoded names are the same thing.
/// </summary>
internal sealed class ScannedNames
{
    /// <summary>The root directory.</summary>
    public const int Root = 0;

    /// <summary>What <see cref="FindDirectory"/> returns when a directory has no directory of that name.</summary>
    public const int Missing = -1;

    private readonly ulong[] _files;
    private int _fileCount;
    private DirectorySlot[] _directorySlots = new DirectorySlot[64];
    private Directory[] _directories = new Directory[16];
    private int _directoryCount = 1;
    private byte[] _directoryNames = new byte[256];
    private int _directoryNamesLength;

    /// <param name="capacity">How many names to make room for: the log's entry count.</param>
    public ScannedNames(int capacity)
    {
        // At most 80 % full (linear probing stays short), indexed by multiplying rather than
        // masking, so the table need not be a power of two: 15,420 names take 150 KiB.
        _files = new ulong[(capacity * 5 / 4) + 1];
        _directories[Root] = new Directory(Missing, 0, 0, 0);
    }

    /// <summary>The directory called <paramref name="name"/> in directory <paramref name="parent"/>, or <see cref="Missing"/> (none, or a file).</summary>
    public int FindDirectory(int parent, ReadOnlySpan<byte> name)
    {
        var key = Key(parent, name);
        return _directorySlots[DirectorySlotOf(key, parent, name)].Directory - 1;
    }

    /// <summary>
    /// Adds file <paramref name="name"/> to directory <paramref name="parent"/>; false when the
    /// name may be taken already (by a directory, or by a file with the same key).
    /// </summary>
    public bool TryAddFile(int parent, ReadOnlySpan<byte> name)
    {
        var key = Key(parent, name);
        return _directorySlots[DirectorySlotOf(key, parent, name)].Directory == 0 && TryAddFileKey(key);
    }

    /// <summary>
    /// Adds directory <paramref name="name"/> to directory <paramref name="parent"/>, or finds
    /// it there (<paramref name="added"/> false); <see cref="Missing"/> when the name may be a file's.
    /// </summary>
    public int FindOrAddDirectory(int parent, ReadOnlySpan<byte> name, out bool added)
    {
        var key = Key(parent, name);
        var slot = DirectorySlotOf(key, parent, name);
        added = _directorySlots[slot].Directory == 0;
        if (!added)
        {
            return _directorySlots[slot].Directory - 1;
        }

        if (FileSlotOf(key) is var fileSlot && _files[fileSlot] == key)
        {
            return Missing;
        }

        return AddDirectory(slot, key, parent, name);
    }

    /// <summary>
    /// Mixes (parent, name) 8 bytes at a time with multiplies: names are short ("file01234"),
    /// and a general-purpose hash's set-up costs more than the lookup it serves. Never 0 (the
    /// empty slot); NUL never occurs in a name, so length and tail bytes say which bytes were there.
    /// </summary>
    private static ulong Key(int parent, ReadOnlySpan<byte> name)
    {
        const ulong Multiplier = 0x9E3779B97F4A7C15;
        var hash = ((ulong)(uint)parent * Multiplier) + (uint)name.Length;
        while (name.Length >= sizeof(ulong))
        {
            hash = BitOperations.RotateLeft((hash ^ BinaryPrimitives.ReadUInt64LittleEndian(name)) * Multiplier, 29);
            name = name[sizeof(ulong)..];
        }

        ulong tail = 0;
        for (var i = 0; i < name.Length; i++)
        {
            tail |= (ulong)name[i] << (8 * i);
        }

        var key = (hash ^ tail) * Multiplier;
        return key == 0 ? 1 : key;
    }

    /// <summary>The slot of <paramref name="key"/> in the file table, or the empty slot where it would go.</summary>
    private int FileSlotOf(ulong key)
    {
        var i = (int)(((key >> 32) * (ulong)_files.Length) >> 32);
        while (_files[i] != 0 && _files[i] != key)
        {
            i = i + 1 == _files.Length ? 0 : i + 1;
        }

        return i;
    }

    private bool TryAddFileKey(ulong key)
    {
        var slot = FileSlotOf(key);
        if (_files[slot] != 0 || (_fileCount + 1) * 5 > _files.Length * 4)
        {
            return false; // taken; or more files than the log has entries, which cannot be
        }

        _files[slot] = key;
        _fileCount++;
        return true;
    }

    /// <summary>The directory slot holding (parent, name), or the empty slot where it would go.</summary>
    private int DirectorySlotOf(ulong key, int parent, ReadOnlySpan<byte> name)
    {
        var mask = _directorySlots.Length - 1;
        for (var i = (int)(key >> 32) & mask; ; i = (i + 1) & mask)
        {
            var slot = _directorySlots[i];
            if (slot.Directory == 0 || (slot.Key == key && Names(slot.Directory - 1, parent, name)))
            {
                return i;
            }
        }
    }

    private bool Names(int directory, int parent, ReadOnlySpan<byte> name)
    {
        var d = _directories[directory];
        return d.Parent == parent && _directoryNames.AsSpan(d.NameStart, d.NameLength).SequenceEqual(name);
    }

    private int AddDirectory(int slot, ulong key, int parent, ReadOnlySpan<byte> name)
    {
        if (_directoryCount == _directories.Length)
        {
            Array.Resize(ref _directories, _directoryCount * 2);
        }

        if (_directoryNamesLength + name.Length > _directoryNames.Length)
        {
            Array.Resize(ref _directoryNames, Math.Max(_directoryNames.Length * 2, _directoryNamesLength + name.Length));
        }

        name.CopyTo(_directoryNames.AsSpan(_directoryNamesLength));
        var directory = _directoryCount++;
        _directories[directory] = new Directory(parent, _directoryNamesLength, (byte)name.Length, key);
        _directoryNamesLength += name.Length;
        _directorySlots[slot] = new DirectorySlot(directory + 1, key);
        if (_directoryCount * 2 > _directorySlots.Length)
        {
            GrowDirectorySlots();
        }

        return directory;
    }

    private void GrowDirectorySlots()
    {
        _directorySlots = new DirectorySlot[_directorySlots.Length * 2];
        var mask = _directorySlots.Length - 1;
        for (var directory = 1; directory < _directoryCount; directory++)
        {
            var key = _directories[directory].Key;
            var i = (int)(key >> 32) & mask;
            while (_directorySlots[i].Directory != 0)
            {
                i = (i + 1) & mask;
            }

            _directorySlots[i] = new DirectorySlot(directory + 1, key);
        }
    }

    /// <summary>A directory: its parent, its name's bytes in the name buffer, and its key.</summary>
    private readonly record struct Directory(int Parent, int NameStart, byte NameLength, ulong Key);

    /// <summary>Directory number + 1 (0: empty) and its key.</summary>
    private readonly record struct DirectorySlot(int Directory, ulong Key);
}
