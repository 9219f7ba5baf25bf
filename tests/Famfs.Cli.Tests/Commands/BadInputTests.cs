using Famfs.Cli.Tests.TestSupport;
using Famfs.Log;

namespace Famfs.Cli.Tests.Commands;

/// <summary>
/// Issue item 10: every damaged field of superblock and log header, random bytes in entries and
/// truncated devices are reported by fsck and logplay --dryrun — one stderr line or a report naming
/// the problem, a documented non-zero exit code — and the device is never written.
/// </summary>
public class BadInputTests
{
    private const long Mi = 1L << 20;

    public static TheoryData<string, string> SuperblockDamage => new()
    {
        { "magic", "superblock magic" },
        { "version", "superblock version" },
        { "version-unsealed", "superblock version" },
        { "log_offset", "superblock log offset" },
        { "log_len-not-pow2", "superblock log length" },
        { "log_len-too-small", "superblock log length" },
        { "log_len-16m", "log header length" },
        { "alloc_unit", "superblock allocation unit" },
        { "omf_ver_major", "superblock on-media format version" },
        { "omf_ver_minor", "superblock on-media format version" },
        { "omf_ver_major-unsealed", "superblock CRC" },
        { "uuid", "superblock CRC" },
        { "dev_uuid", "superblock CRC" },
        { "system_uuid", "superblock CRC" },
        { "crc", "superblock CRC" },
    };

    public static TheoryData<string, string> LogHeaderDamage => new()
    {
        { "magic", "log header magic" },
        { "len", "log header CRC" },
        { "len-sealed", "log header length" },
        { "last_index", "log header CRC" },
        { "last_index-sealed", "log header last index" },
        { "crc", "log header CRC" },
        { "next_index-past-end", "past the end" },
        { "next_seqnum", "next seqnum" },
    };

    [Theory]
    [MemberData(nameof(SuperblockDamage))]
    public void Damaged_superblock_field_is_reported(string field, string expected)
    {
        using var device = ConformanceImages.Materialize("nested");
        DamageSuperblock(device, field);
        AssertReportedWithoutWrites(device, [expected], [expected]);
    }

    [Theory]
    [MemberData(nameof(LogHeaderDamage))]
    public void Damaged_log_header_field_is_reported(string field, string expected)
    {
        using var device = ConformanceImages.Materialize("nested");
        DamageLogHeader(device, field);
        AssertReportedWithoutWrites(device, [expected], [expected]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Random_bytes_in_an_entry_are_reported_with_its_index(int seed)
    {
        using var device = ConformanceImages.Materialize("nested");
        var random = new Random(seed);
        var index = random.Next(0, 31);
        var count = random.Next(1, 9);
        for (var i = 0; i < count; i++)
        {
            Corruption.XorByte(device, (long)FamfsMetadata.EntryOffset((ulong)index) + random.Next(0, 544), (byte)random.Next(1, 256));
        }

        AssertReportedWithoutWrites(device, [$"log entry {index} ", "CRC"], ["CRC", $"{index,6}  "]);
    }

    [Theory]
    [InlineData(0L, "too small to hold a famfs superblock")]
    [InlineData(100L, "too small to hold a famfs superblock")]
    [InlineData(3 * Mi, "truncated")]
    [InlineData(9 * Mi, "truncated")]
    public void A_truncated_device_is_reported(long length, string expected)
    {
        using var device = ConformanceImages.Materialize("nested");
        device.Truncate(length);
        AssertReportedWithoutWrites(device, [expected], [expected]);
        Assert.Equal(length, device.Length);
    }

    private static void AssertReportedWithoutWrites(TempDevice device, string[] fsckWords, string[] logplayWords)
    {
        var before = SparseFile.Fingerprint(device.Path);
        CliRunner.Run("fsck", device.Path).AssertReportedFailure(fsckWords);
        Assert.Equal(before, SparseFile.Fingerprint(device.Path));
        CliRunner.Run("logplay", "--dryrun", device.Path).AssertReportedFailure(logplayWords);
        Assert.Equal(before, SparseFile.Fingerprint(device.Path));
    }

    private static void DamageSuperblock(TempDevice device, string field)
    {
        switch (field)
        {
            case "magic": Corruption.XorByte(device, 0, 0x01); break;
            case "version": Corruption.WriteU64(device, 8, 47); Corruption.ResealSuperblock(device); break;
            case "version-unsealed": Corruption.WriteU64(device, 8, 49); break;
            case "log_offset": Corruption.WriteU64(device, 16, 4 * (ulong)Mi); Corruption.ResealSuperblock(device); break;
            case "log_len-not-pow2": Corruption.WriteU64(device, 24, 12 * (ulong)Mi); Corruption.ResealSuperblock(device); break;
            case "log_len-too-small": Corruption.WriteU64(device, 24, 4 * (ulong)Mi); Corruption.ResealSuperblock(device); break;
            case "log_len-16m": Corruption.WriteU64(device, 24, 16 * (ulong)Mi); Corruption.ResealSuperblock(device); break;
            case "alloc_unit": Corruption.WriteU64(device, 32, 1 * (ulong)Mi); Corruption.ResealSuperblock(device); break;
            case "omf_ver_major": Corruption.WriteU32(device, 40, 3); Corruption.ResealSuperblock(device); break;
            case "omf_ver_minor": Corruption.WriteU32(device, 44, 9); Corruption.ResealSuperblock(device); break;
            case "omf_ver_major-unsealed": Corruption.WriteU32(device, 40, 1); break;
            case "uuid": Corruption.XorByte(device, 48, 0xff); break;
            case "dev_uuid": Corruption.XorByte(device, 70, 0x10); break;
            case "system_uuid": Corruption.XorByte(device, 95, 0x80); break;
            case "crc": Corruption.XorByte(device, 97, 0x04); break;
            default: throw new ArgumentOutOfRangeException(nameof(field), field, null);
        }
    }

    private static void DamageLogHeader(TempDevice device, string field)
    {
        const long h = Corruption.LogOffset;
        switch (field)
        {
            case "magic": Corruption.XorByte(device, h + 1, 0x20); break;
            case "len": Corruption.WriteU64(device, h + 8, 16 * (ulong)Mi); break;
            case "len-sealed": Corruption.WriteU64(device, h + 8, 16 * (ulong)Mi); Corruption.ResealLogHeader(device); break;
            case "last_index": Corruption.WriteU64(device, h + 16, 15418); break;
            case "last_index-sealed": Corruption.WriteU64(device, h + 16, 15418); Corruption.ResealLogHeader(device); break;
            case "crc": Corruption.XorByte(device, h + 24, 0x01); break;
            case "next_index-past-end": Corruption.WriteU64(device, h + 32, 15421); Corruption.WriteU64(device, h + 40, 15421); break;
            case "next_seqnum": Corruption.WriteU64(device, h + 32, 40); break;
            default: throw new ArgumentOutOfRangeException(nameof(field), field, null);
        }
    }
}
