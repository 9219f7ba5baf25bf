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
/// <para>
/// Files' keys are only listed as the log is read, and checked in one pass at its end
/// (<see cref="NoFileNameTaken"/>): a name taken twice is refused whichever entry came first,
/// and a table probed at random while 8 MiB of log streams through the cache missed on almost
/// every probe.
/// </para>
/// </summary>
internal sealed class ScannedNames
{
    /// <summary>The root directory.</summary>
    public const int Root = 0;

    /// <summary>What <see cref="FindDirectory"/> returns when a directory has no directory of that name.</summary>
    public const int Missing = -1;

    private readonly ulong[] _fileKeys;
    private int _fileCount;
    private DirectorySlot[] _directorySlots = new DirectorySlot[64];
    private Directory[] _directories = new Directory[16];
    private int _directoryCount = 1;
    private byte[] _directoryNames = new byte[256];
    private int _directoryNamesLength;

    /// <param name="capacity">How many names to make room for: the log's entry count.</param>
    public ScannedNames(int capacity)
    {
        _fileKeys = new ulong[capacity];
        _directories[Root] = new Directory(Missing, 0, 0, 0);
    }

    /// <summary>The directory called <paramref name="name"/> in directory <paramref name="parent"/>, or <see cref="Missing"/> (none, or a file).</summary>
    public int FindDirectory(int parent, ReadOnlySpan<byte> name)
    {
        var key = Key(parent, name);
        return _directorySlots[DirectorySlotOf(key, parent, name)].Directory - 1;
    }

    /// <summary>
    /// Adds file <paramref name="name"/> to directory <paramref name="parent"/>; false when a
    /// directory has the name (a file that has it is found by <see cref="NoFileNameTaken"/>).
    /// </summary>
    public bool TryAddFile(int parent, ReadOnlySpan<byte> name)
    {
        var key = Key(parent, name);
        if (_directorySlots[DirectorySlotOf(key, parent, name)].Directory != 0 || _fileCount == _fileKeys.Length)
        {
            return false; // a directory's; or more files than the log has entries, which cannot be
        }

        _fileKeys[_fileCount++] = key;
        return true;
    }

    /// <summary>
    /// Adds directory <paramref name="name"/> to directory <paramref name="parent"/>; false when
    /// it is there already (a file that has the name is found by <see cref="NoFileNameTaken"/>).
    /// </summary>
    public bool TryAddDirectory(int parent, ReadOnlySpan<byte> name)
    {
        var key = Key(parent, name);
        var slot = DirectorySlotOf(key, parent, name);
        if (_directorySlots[slot].Directory != 0)
        {
            return false;
        }

        AddDirectory(slot, key, parent, name);
        return true;
    }

    /// <summary>
    /// Whether no two files, and no file and directory, may have the same name: every file key
    /// goes into a table at most 80 % full (linear probing stays short), indexed by multiplying
    /// rather than masking, so it need not be a power of two: 15,420 names take 150 KiB.
    /// </summary>
    public bool NoFileNameTaken()
    {
        var table = new ulong[(_fileCount * 5 / 4) + 1];
        foreach (var key in _fileKeys.AsSpan(0, _fileCount))
        {
            var slot = SlotOf(table, key);
            if (table[slot] != 0)
            {
                return false;
            }

            table[slot] = key;
        }

        for (var directory = 1; directory < _directoryCount; directory++)
        {
            if (table[SlotOf(table, _directories[directory].Key)] != 0)
            {
                return false;
            }
        }

        return true;
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

    /// <summary>The slot of <paramref name="key"/> in a file table, or the empty slot where it would go.</summary>
    private static int SlotOf(ulong[] table, ulong key)
    {
        var i = (int)(((key >> 32) * (ulong)table.Length) >> 32);
        while (table[i] != 0 && table[i] != key)
        {
            i = i + 1 == table.Length ? 0 : i + 1;
        }

        return i;
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

    private void AddDirectory(int slot, ulong key, int parent, ReadOnlySpan<byte> name)
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
