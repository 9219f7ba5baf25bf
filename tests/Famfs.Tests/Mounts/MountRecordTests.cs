using Famfs.Mounts;

namespace Famfs.Tests.Mounts;

/// <summary>
/// The claim file's JSON is read by every other famfs process on the host (mount listings,
/// umount, the CLI finding a mount's control socket): its names and shape are a format.
/// </summary>
public sealed class MountRecordTests
{
    private static readonly MountRecord Record = new(
        "/dev/shm/fs \"0\"",
        "/mnt/famfs",
        4242,
        Guid.Parse("11111111-2222-3333-4444-555555555555"),
        Guid.Parse("66666666-7777-8888-9999-aaaaaaaaaaaa"),
        "master",
        "/run/famfs/control.sock");

    [Fact]
    public void Json_has_snake_case_names_in_declaration_order()
    {
        const string expected = """
            {"device_path":"/dev/shm/fs \u00220\u0022","mount_point":"/mnt/famfs","daemon_pid":4242,
            "system_uuid":"11111111-2222-3333-4444-555555555555","fs_uuid":"66666666-7777-8888-9999-aaaaaaaaaaaa",
            "role":"master","control_socket":"/run/famfs/control.sock"}
            """;
        Assert.Equal(expected.Replace("\n", string.Empty, StringComparison.Ordinal), Record.ToJson());
    }

    [Fact]
    public void Json_round_trips()
    {
        Assert.Equal(Record, MountRecord.FromJson(Record.ToJson()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n")]
    [InlineData("{\"device_path\":")]
    [InlineData("not json")]
    public void Empty_or_malformed_text_is_no_record(string text)
    {
        Assert.Null(MountRecord.FromJson(text));
    }
}
