using System.Buffers.Binary;
using System.Security.Cryptography;
using CsCheck;
using Famfs.Admin;
using Famfs.Allocation;
using Famfs.Devices;
using Famfs.Errors;
using Famfs.Files;
using Famfs.Format;

namespace Famfs.TestSupport;

/// <summary>
/// Damages a famfs image one <see cref="ImageMutation"/> at a time and checks what every reader
/// and writer does with it: fsck, read-only and read-write opens, reading every served file,
/// and a create. The promises checked (docs/RELIABILITY.md): no exception but a FamfsException,
/// no hang, every served file lies inside the device and outside the metadata without sharing
/// space, a damaged image (fsck not clean) is refused read-write with nothing written, and a
/// create on a clean image leaves it clean. The image is restored before each case.
/// </summary>
internal sealed class ImageFuzzer : IDisposable
{
    private const ulong DeviceSize = 4 * Units.GiB;
    private static readonly TimeSpan HangLimit = TimeSpan.FromSeconds(20);

    private static readonly ulong[] Boundaries =
    [
        0, 1, 2, 7, 0x7fff_ffff, 0xffff_ffff, 1UL << 32, 1UL << 63, ulong.MaxValue, ulong.MaxValue - 1,
        4096, FormatConstants.AllocationUnit - 1, FormatConstants.AllocationUnit, FormatConstants.LogOffset,
        FormatConstants.MetadataLength(FormatConstants.DefaultLogLength), DeviceSize - 1, DeviceSize, DeviceSize + FormatConstants.AllocationUnit,
    ];

    private readonly TempDevice _device;
    private readonly byte[] _hot;
    private readonly Guid _master = Guid.NewGuid();

    /// <param name="tag">Names the device file.</param>
    /// <param name="sharedArea">Whether the image also holds the shared host area (.famfs/, three files).</param>
    public ImageFuzzer(string tag, bool sharedArea = false)
    {
        _device = TempDevice.CreateSparse(tag, DeviceSize);
        using (var device = _device.Open(writable: true))
        {
            Mkfs.Format(device, FormatConstants.DefaultLogLength, force: false, _master);
        }

        using (var fs = Open(readOnly: false))
        {
            fs.CreateDirectory("d");
            fs.CreateDirectory("d/e");
            fs.CreateFile("a", 4096);
            fs.CreateFile("d/b", 3 << 20);
            fs.CreateFile("d/e/c", 5 << 20, new CreateOptions { Mode = UnixFileMode.UserRead | UnixFileMode.UserWrite });
            fs.CreateFile("striped", 8 << 20, new CreateOptions { Interleave = new InterleaveParameters(2, 2, (long)FormatConstants.AllocationUnit) });
            fs.CreateFiles([.. Enumerable.Range(0, 8).Select(i => ($"many{i}", (long)(i + 1) << 20))]);
            if (sharedArea)
            {
                fs.CreateSharedArea();
            }

            Entries = (int)fs.Tree.NextIndex;
        }

        _hot = _device.ReadAt(0, HotLength);
    }

    /// <summary>Every kind of mutation, anywhere, with any value (CsCheck shrinks a failing one).</summary>
    public static Gen<ImageMutation> Mutations { get; } =
        Gen.Select(Gen.Int[0, 5], Gen.Int, Gen.ULong, Gen.Int[0, 7], (kind, where, value, bit) => new ImageMutation((MutationKind)kind, where, value, bit));

    /// <summary>How many entries the undamaged image logs.</summary>
    public int Entries { get; }

    public string DevicePath => _device.Path;

    /// <summary>The superblock area's first page and the log's header and slots in use, and a few after.</summary>
    private int HotLength => checked((int)(FormatConstants.LogOffset + FormatConstants.LogHeaderSize + ((ulong)(Entries + 4) * FormatConstants.LogEntrySize)));

    /// <summary>The identity that made the image: its master.</summary>
    public Guid Master => _master;

    /// <summary>Applies <paramref name="mutation"/> to the restored image and checks every promise; throws describing the first broken one.</summary>
    public void Check(ImageMutation mutation)
    {
        Damage(mutation);
        CheckWithinLimit(mutation.ToString());
    }

    /// <summary>Applies <paramref name="mutation"/> to the restored image, for checks made by other means (the real CLI and mounts).</summary>
    public void Damage(ImageMutation mutation)
    {
        Restore();
        Apply(mutation);
    }

    /// <summary>A hash of the metadata the image holds (superblock, log header, the slots in use and a few after): equal means nothing was written there.</summary>
    public byte[] MetadataHash() => SHA256.HashData(_device.ReadAt(0, HotLength));

    /// <summary>The same checks on the undamaged image (the soak benchmark's baseline).</summary>
    public void CheckUndamaged()
    {
        Restore();
        CheckWithinLimit("undamaged image");
    }

    private void CheckWithinLimit(string what)
    {
        var work = Task.Run(() => CheckReaders(what));
        if (!work.Wait(HangLimit))
        {
            throw new InvalidOperationException($"{what}: no answer within {HangLimit.TotalSeconds} s (a hang)");
        }
    }

    public void Dispose() => _device.Dispose();

    private void CheckReaders(string mutation)
    {
        FsckReport report;
        using (var device = MemoryDevice.Open(_device.Path, writable: false))
        {
            report = Fsck.Run(device);
        }

        CheckReadOnly(mutation);
        CheckReadWrite(mutation, report);
    }

    private void CheckReadOnly(string mutation)
    {
        FamfsFileSystem fs;
        try
        {
            fs = Open(readOnly: true);
        }
        catch (FamfsException)
        {
            return; // refused, with a message: fine
        }

        using (fs)
        {
            var metadata = FormatConstants.MetadataLength(fs.Superblock.LogBytes);
            var size = fs.Device.SizeBytes;
            var taken = new List<(ulong Offset, ulong End, string Path)>();
            foreach (var file in fs.Tree.Files())
            {
                foreach (var extent in file.Map.DeviceExtents.Where(e => e.Length > 0))
                {
                    if (extent.Offset < metadata || extent.Offset > size || extent.Length > size - extent.Offset || extent.Offset % FormatConstants.AllocationUnit != 0)
                    {
                        throw new InvalidOperationException($"{mutation}: '{file.Path}' is served with extent [{extent.Offset}, +{extent.Length}) outside the data area of a {size}-byte device");
                    }

                    var end = extent.Offset + extent.Length;
                    if (taken.FirstOrDefault(t => extent.Offset < t.End && t.Offset < end) is { Path: not null } other && other.Path != file.Path)
                    {
                        throw new InvalidOperationException($"{mutation}: '{file.Path}' and '{other.Path}' are both served over [{extent.Offset}, {end})");
                    }

                    taken.Add((extent.Offset, end, file.Path));
                }

                ReadEnds(fs, file.Path);
            }
        }
    }

    private static void ReadEnds(FamfsFileSystem fs, string path)
    {
        try
        {
            using var file = fs.OpenFile(path);
            if (file.Length == 0)
            {
                return;
            }

            Span<byte> one = stackalloc byte[1];
            file.Read(0, one);
            file.Read(file.Length - 1, one);
        }
        catch (FamfsException)
        {
            // refused with a message (e.g. a defect found on open): fine
        }
    }

    private void CheckReadWrite(string mutation, FsckReport report)
    {
        var before = MetadataHash();
        FamfsFileSystem fs;
        try
        {
            fs = Open(readOnly: false);
        }
        catch (FamfsException)
        {
            Unchanged(mutation, before, "a refused read-write open");
            return;
        }

        using (fs)
        {
            if (!report.Clean)
            {
                throw new InvalidOperationException($"{mutation}: opened read-write although fsck finds: {report.Errors[0]}");
            }

            try
            {
                fs.CreateFile("fuzz-new", 4096);
            }
            catch (FamfsException)
            {
                Unchanged(mutation, before, "a refused create");
                return;
            }
        }

        using var device = MemoryDevice.Open(_device.Path, writable: false);
        var after = Fsck.Run(device);
        if (!after.Clean)
        {
            throw new InvalidOperationException($"{mutation}: a create on a clean image left it damaged: {after.Errors[0]}");
        }
    }

    private void Unchanged(string mutation, byte[] before, string what)
    {
        if (!before.AsSpan().SequenceEqual(MetadataHash()))
        {
            throw new InvalidOperationException($"{mutation}: {what} still wrote to the metadata");
        }
    }

    private FamfsFileSystem Open(bool readOnly) =>
        FamfsFileSystem.Open(_device.Path, new FileSystemOptions { ReadOnly = readOnly, SystemUuid = _master, Cache = CacheMode.None });

    /// <summary>Puts the undamaged image back.</summary>
    public void Restore()
    {
        if ((ulong)_device.Length != DeviceSize)
        {
            _device.Truncate((long)DeviceSize);
        }

        _device.WriteAt(0, _hot);
    }

    private void Apply(ImageMutation m)
    {
        var where = (uint)m.Where;
        var logEntries = FormatConstants.LogOffset + FormatConstants.LogHeaderSize;
        switch (m.Kind)
        {
            case MutationKind.SuperblockBit:
                Flip((long)(where % FormatConstants.SuperblockSize), m.Bit);
                break;
            case MutationKind.HeaderBit:
                Flip((long)(FormatConstants.LogOffset + (where % FormatConstants.LogHeaderSize)), m.Bit);
                break;
            case MutationKind.EntryBit:
                Flip((long)(logEntries + (where % ((ulong)Entries * FormatConstants.LogEntrySize))), m.Bit);
                break;
            case MutationKind.MetadataField:
                WriteMetadataField(where, Pick(m.Value));
                break;
            case MutationKind.EntryField:
                WriteEntryField(where, Pick(m.Value));
                break;
            case MutationKind.Truncation:
                _device.Truncate((long)TruncatedLength(where, m.Value));
                break;
        }
    }

    private void WriteMetadataField(uint where, ulong value)
    {
        if (where % 2 == 0)
        {
            // Superblock fields before the CRC at 96: resealed, so only the value is wrong.
            WriteU64((long)((where / 2) % 12 * 8), value);
            WriteU64(96, SuperblockCodec.ComputeCrc(_device.ReadAt(0, FormatConstants.SuperblockSize)));
        }
        else
        {
            var header = (long)FormatConstants.LogOffset;
            WriteU64(header + (long)((where / 2) % 6 * 8), value);
            if ((where / 2) % 6 != 3)
            {
                WriteU64(header + 24, LogHeaderCodec.ComputeCrc(_device.ReadAt(header, FormatConstants.LogHeaderSize)));
            }
        }
    }

    private void WriteEntryField(uint where, ulong value)
    {
        var entry = (long)(FormatConstants.LogOffset + FormatConstants.LogHeaderSize + ((ulong)(where % (uint)Entries) * FormatConstants.LogEntrySize));
        var field = (long)((where / (uint)Entries) % (LogEntryCodec.CrcOffset / 8)) * 8;
        WriteU64(entry + field, value);
        WriteU64(entry + LogEntryCodec.CrcOffset, LogEntryCodec.ComputeCrc(_device.ReadAt(entry, FormatConstants.LogEntrySize)));
    }

    private ulong TruncatedLength(uint where, ulong value) => (where % 8) switch
    {
        0 => 0,
        1 => (ulong)FormatConstants.SuperblockSize - 1,
        2 => 4096,
        3 => FormatConstants.LogOffset,
        4 => FormatConstants.LogOffset + FormatConstants.LogHeaderSize + (value % ((ulong)Entries * FormatConstants.LogEntrySize)),
        5 => FormatConstants.MetadataLength(FormatConstants.DefaultLogLength) - 1,
        6 => FormatConstants.MetadataLength(FormatConstants.DefaultLogLength) + (value % (64UL << 20)),
        _ => DeviceSize - FormatConstants.AllocationUnit,
    };

    /// <summary>A boundary value most of the time, the raw value otherwise.</summary>
    private static ulong Pick(ulong value) => value % 4 == 0 ? value : Boundaries[(int)(value / 4 % (ulong)Boundaries.Length)];

    private void Flip(long offset, int bit) => _device.WriteAt(offset, [(byte)(_device.ReadAt(offset, 1)[0] ^ (1 << (bit & 7)))]);

    private void WriteU64(long offset, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        _device.WriteAt(offset, bytes);
    }
}
