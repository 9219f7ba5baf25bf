using System.Numerics;
using System.IO.Hashing;

namespace Famfs.Admin;

/// <summary>
/// The names a log creates, as fsck's scan (<see cref="FsckScan"/>) keeps them: node numbers
/// for (parent directory, name bytes), in flat arrays, so 15,420 entries cost a few arrays
/// rather than a node, a string and a child table each. An open-addressing table (linear
/// probing, at most half full) holds each name's hash beside its node number, so a probe reads
/// a node only when the hashes match. Names are compared as bytes: the scan only takes paths
/// that are valid UTF-8, where equal bytes and equal decoded names are the same thing.
/// </summary>
internal sealed class ScannedNames
{
    /// <summary>The root directory's node.</summary>
    public const int Root = 0;

    /// <summary>What <see cref="Find"/> returns for a name its directory lacks.</summary>
    public const int Missing = -1;

    private Slot[] _slots;
    private Node[] _nodes;
    private int _count = 1;
    private byte[] _names;
    private int _namesLength;

    /// <param name="capacity">How many names to make room for before growing: the log's entry count.</param>
    public ScannedNames(int capacity)
    {
        _nodes = new Node[capacity + 1];
        _nodes[Root] = new Node(Missing, 0, 0, Directory: true);
        _slots = new Slot[Math.Max(16, (int)BitOperations.RoundUpToPowerOf2((uint)(capacity + 1) * 2))];
        _names = new byte[Math.Max(64, capacity * 16)];
    }

    public bool IsDirectory(int node) => _nodes[node].Directory;

    /// <summary>The node called <paramref name="name"/> in directory <paramref name="parent"/>, or <see cref="Missing"/>.</summary>
    public int Find(int parent, ReadOnlySpan<byte> name) => _slots[SlotOf(parent, name, Hash(parent, name))].Node - 1;

    /// <summary>
    /// The node called <paramref name="name"/> in directory <paramref name="parent"/>, made (a
    /// directory or a file) when there is none; <paramref name="added"/> says which.
    /// </summary>
    public int FindOrAdd(int parent, ReadOnlySpan<byte> name, bool directory, out bool added)
    {
        var hash = Hash(parent, name);
        var slot = SlotOf(parent, name, hash);
        added = _slots[slot].Node == 0;
        if (!added)
        {
            return _slots[slot].Node - 1;
        }

        if (_count == _nodes.Length)
        {
            Array.Resize(ref _nodes, _count * 2);
        }

        if (_namesLength + name.Length > _names.Length)
        {
            Array.Resize(ref _names, Math.Max(_names.Length * 2, _namesLength + name.Length));
        }

        name.CopyTo(_names.AsSpan(_namesLength));
        var node = _count++;
        _nodes[node] = new Node(parent, _namesLength, (byte)name.Length, directory);
        _namesLength += name.Length;
        _slots[slot] = new Slot(node + 1, hash);
        if (_count * 2 > _slots.Length)
        {
            Grow();
        }

        return node;
    }

    private static uint Hash(int parent, ReadOnlySpan<byte> name) => (uint)XxHash3.HashToUInt64(name, parent);

    /// <summary>The slot holding (parent, name), or the empty slot where it would go.</summary>
    private int SlotOf(int parent, ReadOnlySpan<byte> name, uint hash)
    {
        var mask = _slots.Length - 1;
        for (var i = (int)hash & mask; ; i = (i + 1) & mask)
        {
            var slot = _slots[i];
            if (slot.Node == 0)
            {
                return i;
            }

            if (slot.Hash == hash && Names(slot.Node - 1, parent, name))
            {
                return i;
            }
        }
    }

    private bool Names(int node, int parent, ReadOnlySpan<byte> name)
    {
        var n = _nodes[node];
        return n.Parent == parent && _names.AsSpan(n.NameStart, n.NameLength).SequenceEqual(name);
    }

    private void Grow()
    {
        var old = _slots;
        _slots = new Slot[old.Length * 2];
        var mask = _slots.Length - 1;
        foreach (var slot in old)
        {
            if (slot.Node == 0)
            {
                continue;
            }

            var i = (int)slot.Hash & mask;
            while (_slots[i].Node != 0)
            {
                i = (i + 1) & mask;
            }

            _slots[i] = slot;
        }
    }

    /// <summary>A name: its directory's node, its bytes in the name buffer, and whether it is a directory.</summary>
    private readonly record struct Node(int Parent, int NameStart, byte NameLength, bool Directory);

    /// <summary>Node number + 1 (0: empty) and the hash of its (parent, name).</summary>
    private readonly record struct Slot(int Node, uint Hash);
}
