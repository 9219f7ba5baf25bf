using System.Collections.Concurrent;
using System.Runtime.InteropServices;

namespace Famfs.Fuse.Tests;

/// <summary>
/// An in-process file system with one file per behaviour under test:
/// "data" is served zero-copy from native memory, "broken" throws an unexpected exception,
/// "denied" refuses to open with EACCES, "timeout" fails to open with an exception of its own
/// that <see cref="ErrnoOf"/> translates, "hang" blocks in Read until released, and "many"
/// is a directory of <see cref="ManyCount"/> empty files. It records lookup counts and directory opens.
/// </summary>
internal sealed unsafe class TestFileSystem : IFuseFileSystem, IDisposable
{
    public const int DataLength = 3 * 1024 * 1024 + 123;
    public const int ManyCount = 500;
    public const ulong DataInode = 2, BrokenInode = 3, DeniedInode = 4, HangInode = 5, ManyInode = 6, TimeoutInode = 7, FirstManyChild = 1000;

    /// <summary>ETIMEDOUT, which the binding's <see cref="Errno"/> does not name: any errno goes by its number.</summary>
    public const Errno TimedOut = (Errno)110;

    private static readonly (string Name, ulong Inode, FileType Type)[] RootEntries =
    [
        ("data", DataInode, FileType.RegularFile), ("broken", BrokenInode, FileType.RegularFile),
        ("denied", DeniedInode, FileType.RegularFile), ("hang", HangInode, FileType.RegularFile),
        ("many", ManyInode, FileType.Directory), ("timeout", TimeoutInode, FileType.RegularFile),
    ];

    private readonly byte* _data = (byte*)NativeMemory.Alloc(DataLength);
    private int _directoryOpens;

    public TestFileSystem()
    {
        for (var i = 0; i < DataLength; i++)
        {
            _data[i] = Pattern(i);
        }
    }

    public ConcurrentDictionary<ulong, long> LookupCounts { get; } = new();

    public int DirectoryOpens => _directoryOpens;

    /// <summary>Blocks Read of "hang" until set; <see cref="HangEntered"/> is set when a Read is waiting.</summary>
    public ManualResetEventSlim HangRelease { get; } = new();

    public ManualResetEventSlim HangEntered { get; } = new();

    public static byte Pattern(int offset) => (byte)(offset * 7 + offset / 4096);

    public FuseEntry? Lookup(FuseRequest request, ulong parent, string name)
    {
        ulong? inode = parent switch
        {
            IFuseFileSystem.RootInode => RootEntries.FirstOrDefault(e => e.Name == name).Inode is var i and not 0 ? i : null,
            ManyInode when name.StartsWith("f", StringComparison.Ordinal) && int.TryParse(name[1..], out var n) && n < ManyCount => FirstManyChild + (ulong)n,
            _ => null,
        };
        return inode is { } found ? Counted(new FuseEntry(Attributes(found))) : null;
    }

    public OpenResult OpenDir(FuseRequest request, ulong inode)
    {
        Interlocked.Increment(ref _directoryOpens);
        return new OpenResult();
    }

    public void Forget(ulong inode, ulong lookups) => LookupCounts.AddOrUpdate(inode, -(long)lookups, (_, c) => c - (long)lookups);

    public FileAttributes GetAttr(FuseRequest request, ulong inode, ulong? handle) => Attributes(inode);

    public OpenResult Open(FuseRequest request, ulong inode, OpenFlags flags) =>
        inode switch
        {
            DeniedInode => throw new FuseException(Errno.EACCES, "denied on purpose"),
            TimeoutInode => throw new TimeoutException("a library error with no errno of its own"),
            _ => new OpenResult(Handle: inode * 10),
        };

    public Errno? ErrnoOf(Exception error) => error is TimeoutException ? TimedOut : null;

    public void Read(FuseRequest request, ulong inode, ulong handle, long offset, int size, ReadReply reply)
    {
        Assert.Equal(inode * 10, handle);
        switch (inode)
        {
            case BrokenInode:
                throw new InvalidOperationException("broken on purpose");
            case HangInode:
                HangEntered.Set();
                HangRelease.Wait();
                reply.Send([]);
                return;
            default:
                var start = (int)Math.Min(offset, DataLength);
                reply.Send(new ReadOnlySpan<byte>(_data + start, Math.Min(size, DataLength - start)));
                return;
        }
    }

    public void ReadDir(FuseRequest request, ulong inode, ulong handle, long offset, DirectoryWriter writer)
    {
        var count = inode == ManyInode ? ManyCount : RootEntries.Length;
        for (var i = (int)offset; i < count; i++)
        {
            var (name, child) = inode == ManyInode ? ($"f{i}", FirstManyChild + (ulong)i) : (RootEntries[i].Name, RootEntries[i].Inode);
            if (!writer.TryAdd(name, new FuseEntry(Attributes(child)), i + 1))
            {
                return;
            }

            if (writer.IsPlus)
            {
                Counted(new FuseEntry(Attributes(child)));
            }
        }
    }

    public void Dispose() => NativeMemory.Free(_data);

    private FuseEntry Counted(FuseEntry entry)
    {
        LookupCounts.AddOrUpdate(entry.Inode, 1, (_, c) => c + 1);
        return entry;
    }

    private static FileAttributes Attributes(ulong inode) => inode switch
    {
        IFuseFileSystem.RootInode or ManyInode => new FileAttributes
        {
            Inode = inode, Type = FileType.Directory, Permissions = (UnixFileMode)0b111_101_101, LinkCount = 2,
        },
        DataInode or BrokenInode or DeniedInode or HangInode or TimeoutInode or (>= FirstManyChild and < FirstManyChild + ManyCount) => new FileAttributes
        {
            Inode = inode, Type = FileType.RegularFile, Permissions = (UnixFileMode)0b110_100_100,
            Size = inode == DataInode ? DataLength : inode == BrokenInode || inode == HangInode ? 10 : 0,
        },
        _ => throw new FuseException(Errno.ENOENT, $"no inode {inode}"),
    };
}
