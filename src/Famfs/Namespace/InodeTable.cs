
namespace Famfs.Namespace;

/// <summary>
/// Nodes by the log index of their creating entry (inode − 2). Log indices are dense, so
/// chunks of an array take the place of a hash table: adding a node is a store, not an
/// allocation and a lock (it happens once per file created or played), and finding one takes
/// no lock. One writer at a time (the tree's), any number of concurrent readers.
/// </summary>
internal sealed class InodeTable
{
    private const int ChunkBits = 10; // 1,024 nodes (8 KiB) per chunk: a small log costs one
    private const ulong ChunkMask = (1UL << ChunkBits) - 1;

    private FsNode?[]?[] _chunks = new FsNode?[]?[16];

    public FsNode? Find(ulong index)
    {
        var chunks = Volatile.Read(ref _chunks);
        var chunk = index >> ChunkBits < (ulong)chunks.Length ? Volatile.Read(ref chunks[index >> ChunkBits]) : null;
        return chunk is null ? null : Volatile.Read(ref chunk[index & ChunkMask]);
    }

    /// <summary>Records <paramref name="node"/> at <paramref name="index"/> (null clears it). Callers serialise.</summary>
    public void Set(ulong index, FsNode? node)
    {
        var chunkIndex = checked((int)(index >> ChunkBits));
        var chunks = _chunks;
        if (chunkIndex >= chunks.Length)
        {
            // Readers keep whichever directory they read: both hold the same chunks.
            var grown = new FsNode?[]?[Math.Max(chunks.Length * 2, chunkIndex + 1)];
            chunks.CopyTo(grown, 0);
            Volatile.Write(ref _chunks, grown);
            chunks = grown;
        }

        var chunk = chunks[chunkIndex];
        if (chunk is null)
        {
            chunk = new FsNode?[ChunkMask + 1];
            Volatile.Write(ref chunks[chunkIndex], chunk);
        }

        Volatile.Write(ref chunk[index & ChunkMask], node);
    }
}
