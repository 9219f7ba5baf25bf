using Famfs.Fuse.Interop;

namespace Famfs.Fuse.Tests;

/// <summary>The pure pieces of the binding: argv, timestamps, attribute and setattr decoding.</summary>
public sealed unsafe class ConversionTests
{
    [Fact]
    public void Mount_options_become_one_dash_o_list()
    {
        var argv = FuseArguments.ToArgv(new FuseMountOptions { FileSystemName = "fs0", AllowOther = true, ReadOnly = true, Debug = true });

        Assert.Equal(["fuse", "-o", "fsname=fs0,subtype=fuse,default_permissions,allow_other,ro", "-d"], argv);
    }

    [Theory]
    [InlineData("/dev/shm/a,b", "/dev/shm/a\\,b")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("a\\,b,", "a\\\\\\,b\\,")]
    [InlineData("a=b", "a=b")]
    public void Option_values_are_escaped_so_they_stay_one_option(string name, string escaped)
    {
        var argv = FuseArguments.ToArgv(new FuseMountOptions { FileSystemName = name });

        Assert.Equal($"fsname={escaped},subtype=fuse,default_permissions", argv[2]);
    }

    [Fact]
    public void An_empty_option_value_is_rejected() =>
        Assert.Throws<ArgumentException>(() => FuseArguments.ToArgv(new FuseMountOptions { FileSystemName = string.Empty }));

    [Theory]
    [InlineData(0L, 0L)]
    [InlineData(1_700_000_000L, 123_456_700L)]
    [InlineData(-2L, 999_999_900L)]
    public void Timestamps_round_trip_through_timespec(long seconds, long nanoseconds)
    {
        var time = NativeConversions.FromTimespec(seconds, nanoseconds);

        Assert.Equal((seconds, nanoseconds), NativeConversions.ToTimespec(time));
    }

    [Fact]
    public void Attributes_fill_struct_stat()
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_250);
        var st = NativeConversions.ToStat(new FileAttributes
        {
            Inode = 42, Type = FileType.RegularFile, Permissions = UnixFileMode.UserRead | UnixFileMode.SetUser,
            Size = 1000, Uid = 7, Gid = 8, ModifyTime = time,
        });

        Assert.Equal(42UL, st.st_ino);
        Assert.Equal(0x8000u | 0x100u | 0x800u, st.st_mode);
        Assert.Equal(2, st.st_blocks);   // 1000 bytes round up to two 512-byte blocks
        Assert.Equal((7u, 8u, 1UL), (st.st_uid, st.st_gid, st.st_nlink));
        Assert.Equal((1_700_000_000L, 250_000_000L), (st.st_mtim_tv_sec, st.st_mtim_tv_nsec));
    }

    [Fact]
    public void SetAttr_decodes_only_the_fields_to_set()
    {
        var attr = new stat { st_mode = 0x8000 | 0x1ED, st_size = 77, st_uid = 5, st_mtim_tv_sec = 10 };

        var changes = SetAttrDecoding.ToChanges(attr, SetAttrFields.Mode | SetAttrFields.Size | SetAttrFields.ModifyTime);

        Assert.Equal((UnixFileMode)0x1ED, changes.Permissions);
        Assert.Equal(77, changes.Size);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(10), changes.ModifyTime);
        Assert.Null(changes.Uid);
        Assert.Null(changes.AccessTime);
    }

    [Fact]
    public void SetAttr_now_means_the_daemons_clock()
    {
        var attr = new stat { st_atim_tv_sec = 10 };
        var before = DateTimeOffset.UtcNow;

        var changes = SetAttrDecoding.ToChanges(attr, SetAttrFields.AccessTime | SetAttrFields.AccessTimeNow);

        Assert.InRange(changes.AccessTime!.Value, before, DateTimeOffset.UtcNow);
    }

    [Fact]
    public void Names_must_be_valid_UTF8()
    {
        Assert.Equal("hé", Decode([(byte)'h', 0xC3, 0xA9, 0]));
        var error = Assert.Throws<FuseException>(() => Decode([(byte)'h', 0xFF, 0]));
        Assert.Equal(Errno.EINVAL, error.Errno);

        static string Decode(byte[] name)
        {
            fixed (byte* p = name)
            {
                return NativeConversions.DecodeName(p);
            }
        }
    }
}
