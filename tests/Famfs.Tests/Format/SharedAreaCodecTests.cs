using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using CsCheck;
using Famfs.Format;
using Famfs.Format.Raw;

namespace Famfs.Tests.Format;

/// <summary>
/// The shared host area's codec (docs/SHARED-STATE.md) over generated records: what is encoded
/// decodes the same, each stored CRC is the CRC-32 of exactly the bytes the page names, and any
/// flipped bit of a CRC-protected line makes it unreadable rather than silently different.
/// </summary>
public sealed class SharedAreaCodecTests
{
    private static readonly Gen<SharedAreaHeader> Headers = Gen.Select(Gen.Int[1, 3], Gen.UInt, Gen.UInt, Gen.Guid,
        (kind, size, count, uuid) => new SharedAreaHeader((SharedAreaKind)kind, size, count, uuid));

    private static readonly Gen<HostIdentity> Identities = Gen.Select(Gen.Int[1, 2], Gen.Guid, Gen.ULong, Gen.UInt, Gen.UInt, Gen.ULong,
        (role, uuid, incarnation, pid, interval, time) => new HostIdentity((SharedHostRole)role, uuid, incarnation, pid, interval, time));

    private static readonly Gen<SharedPoisonRecord> PoisonRecords = Gen.Select(Gen.ULong[0, ulong.MaxValue / 2], Gen.ULong[1, ulong.MaxValue / 2], Gen.ULong, Gen.Int[1, 2],
        (offset, length, time, kind) => new SharedPoisonRecord(offset, length, time, (SharedPoisonKind)kind));

    [Theory]
    [InlineData(typeof(shared_area_header), 64)]
    [InlineData(typeof(shared_host_identity), 64)]
    [InlineData(typeof(shared_host_progress), 64)]
    [InlineData(typeof(shared_poison_record), 32)]
    [InlineData(typeof(shared_change_entry), 8)]
    public void Shared_area_structs_have_the_sizes_of_the_page(Type type, int size) =>
        Assert.Equal(size, (int)typeof(Unsafe).GetMethod(nameof(Unsafe.SizeOf))!.MakeGenericMethod(type).Invoke(null, null)!);

    [Fact]
    public void Every_header_decodes_as_encoded_validates_and_stores_the_crc_of_bytes_0_to_59()
    {
        Headers.Sample(header =>
        {
            var bytes = new byte[64];
            SharedAreaCodec.EncodeHeader(header, bytes);
            Assert.Equal(header, SharedAreaCodec.DecodeHeader(bytes));
            Assert.Null(SharedAreaCodec.ValidateHeader(bytes, header));
            Assert.Equal(ReferenceCrc32.Compute(bytes.AsSpan(0, 60)), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(60)));
            Assert.Equal(0x53534D46u, BinaryPrimitives.ReadUInt32LittleEndian(bytes));
        });
    }

    [Fact]
    public void A_header_with_any_bit_flipped_or_of_another_file_system_is_refused()
    {
        Gen.Select(Headers, Gen.Int[0, (64 * 8) - 1], Gen.Guid).Sample((header, bit, other) =>
        {
            var bytes = new byte[64];
            SharedAreaCodec.EncodeHeader(header, bytes);
            Assert.NotNull(SharedAreaCodec.ValidateHeader(bytes, header with { FsUuid = other }));
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.NotNull(SharedAreaCodec.ValidateHeader(bytes, header));
        });
    }

    [Fact]
    public void Every_host_identity_decodes_as_encoded_with_the_crc_of_bytes_0_to_59()
    {
        Identities.Sample(identity =>
        {
            var line = new byte[64];
            SharedAreaCodec.EncodeIdentity(identity, line);
            Assert.Equal((HostLineState.Valid, identity), SharedAreaCodec.DecodeIdentity(line));
            Assert.Equal(ReferenceCrc32.Compute(line.AsSpan(0, 60)), BinaryPrimitives.ReadUInt32LittleEndian(line.AsSpan(60)));
        });
    }

    [Fact]
    public void A_host_line_with_any_bit_flipped_is_unreadable_and_a_zero_line_is_unused()
    {
        Assert.Equal((HostLineState.Unused, null), SharedAreaCodec.DecodeIdentity(new byte[64]));
        Gen.Select(Identities, Gen.Int[0, (64 * 8) - 1]).Sample((identity, bit) =>
        {
            var line = new byte[64];
            SharedAreaCodec.EncodeIdentity(identity, line);
            line[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Equal(HostLineState.Unreadable, SharedAreaCodec.DecodeIdentity(line).State);
        });
    }

    [Fact]
    public void Progress_fields_are_the_four_words_of_line_B()
    {
        Gen.Select(Gen.ULong, Gen.ULong, Gen.ULong, Gen.ULong).Sample((heartbeat, played, sequence, count) =>
        {
            var slot = new byte[SharedAreaLayout.HostSlotSize];
            BinaryPrimitives.WriteUInt64LittleEndian(slot.AsSpan(SharedAreaLayout.HeartbeatOffset), heartbeat);
            BinaryPrimitives.WriteUInt64LittleEndian(slot.AsSpan(SharedAreaLayout.PlayedOffset), played);
            BinaryPrimitives.WriteUInt64LittleEndian(slot.AsSpan(SharedAreaLayout.WriteSequenceOffset), sequence);
            BinaryPrimitives.WriteUInt64LittleEndian(slot.AsSpan(SharedAreaLayout.PoisonCountOffset), count);
            Assert.Equal(new HostProgress(heartbeat, played, sequence, count), SharedAreaCodec.DecodeProgress(slot.AsSpan(SharedAreaLayout.ProgressOffset)));
        });
    }

    [Fact]
    public void Every_poison_record_decodes_as_encoded_and_any_flipped_bit_voids_it()
    {
        Gen.Select(PoisonRecords, Gen.Int[0, (32 * 8) - 1]).Sample((record, bit) =>
        {
            var bytes = new byte[32];
            SharedAreaCodec.EncodePoison(record, bytes);
            Assert.Equal(record, SharedAreaCodec.DecodePoison(bytes));
            Assert.Equal(ReferenceCrc32.Compute(bytes.AsSpan(0, 28)), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(28)));
            bytes[bit / 8] ^= (byte)(1 << (bit % 8));
            Assert.Null(SharedAreaCodec.DecodePoison(bytes));
        });
    }

    [Fact]
    public void A_bump_adds_one_to_the_counter_and_writes_the_slot_so_two_hosts_never_write_the_same_value()
    {
        Gen.Select(Gen.ULong[0, ulong.MaxValue >> 9], Gen.Int[0, 255], Gen.Int[0, 255]).Sample((generation, a, b) =>
        {
            var bumped = SharedAreaLayout.NextGeneration(generation, a);
            Assert.Equal((generation >> 8) + 1, bumped >> 8);
            Assert.Equal(a, (int)(bumped & 0xFF));
            Assert.Equal(a == b, bumped == SharedAreaLayout.NextGeneration(generation, b));
        });
    }

    [Fact]
    public void The_default_log_needs_one_unit_of_generations_and_hosts_and_poison_fit_one_unit()
    {
        var capacity = FormatConstants.LastIndexFor(FormatConstants.DefaultLogLength) + 1;
        foreach (var kind in new[] { SharedAreaKind.Hosts, SharedAreaKind.Generations, SharedAreaKind.Poison })
        {
            Assert.Equal(FormatConstants.AllocationUnit, SharedAreaLayout.FileSize(kind, capacity, FormatConstants.AllocationUnit));
        }
    }

    [Fact]
    public void A_change_entry_names_its_log_index_under_its_own_sequence_and_nothing_under_any_other()
    {
        // Sequences whose low 32 bits are 0 write tag 0, which with log index 0 is the never-written entry (below).
        Gen.Select(Gen.ULong.Where(s => (uint)s != 0), Gen.ULong[0, uint.MaxValue], Gen.ULong[1, uint.MaxValue]).Sample((sequence, logIndex, offset) =>
        {
            var entry = SharedAreaCodec.EncodeChange(sequence, logIndex);
            Assert.Equal(logIndex, SharedAreaCodec.DecodeChange(entry, sequence));
            Assert.Null(SharedAreaCodec.DecodeChange(entry, sequence + offset)); // a later bump's slot in the ring, or an earlier one's
            var bytes = BitConverter.GetBytes(entry); // as stored: one little-endian 64-bit word
            Assert.Equal(((uint)logIndex, (uint)sequence), (BinaryPrimitives.ReadUInt32LittleEndian(bytes), BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4))));
        });
    }

    [Fact]
    public void A_never_written_change_entry_names_no_file_under_any_sequence()
    {
        Gen.ULong.Sample(sequence => Assert.Null(SharedAreaCodec.DecodeChange(0, sequence)));
    }

    [Fact]
    public void The_change_rings_fill_the_second_mebibyte_of_a_2_MiB_hosts_file_and_4_KiB_units_have_none()
    {
        var capacity = FormatConstants.LastIndexFor(FormatConstants.DefaultLogLength) + 1;
        Assert.True(SharedAreaLayout.HasChangeRings(SharedAreaLayout.FileSize(SharedAreaKind.Hosts, capacity, FormatConstants.AllocationUnit)));
        Assert.False(SharedAreaLayout.HasChangeRings(SharedAreaLayout.FileSize(SharedAreaKind.Hosts, capacity, FormatConstants.SmallAllocationUnit)));
        Assert.True(SharedAreaLayout.HostSlotOffset(SharedAreaLayout.HostSlotCount) <= SharedAreaLayout.ChangeEntryOffset(0, 0));
        Assert.Equal(FormatConstants.AllocationUnit - SharedAreaLayout.ChangeEntrySize,
            SharedAreaLayout.ChangeEntryOffset(SharedAreaLayout.HostSlotCount - 1, SharedAreaLayout.ChangeRingEntries - 1));
        Gen.Select(Gen.Int[0, 255], Gen.ULong).Sample((slot, sequence) =>
            Assert.Equal(SharedAreaLayout.ChangeEntryOffset(slot, sequence), SharedAreaLayout.ChangeEntryOffset(slot, sequence + SharedAreaLayout.ChangeRingEntries)));
    }
}
