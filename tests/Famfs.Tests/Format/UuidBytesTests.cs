using Famfs.Format;

namespace Famfs.Tests.Format;

public class UuidBytesTests
{
    [Fact]
    public void Uuid_bytes_are_stored_in_text_order()
    {
        var uuid = Guid.Parse("91eea6cb-d42b-41e1-a7e3-3d15d79f9ea0");
        var bytes = new byte[16];
        UuidBytes.Write(uuid, bytes);
        Assert.Equal(Convert.FromHexString("91eea6cbd42b41e1a7e33d15d79f9ea0"), bytes);
        Assert.Equal(uuid, UuidBytes.Read(bytes));
    }

    [Fact]
    public void Uuid_bytes_are_not_the_guid_byte_array_order()
    {
        var uuid = Guid.Parse("91eea6cb-d42b-41e1-a7e3-3d15d79f9ea0");
        var bytes = new byte[16];
        UuidBytes.Write(uuid, bytes);
        Assert.NotEqual(uuid.ToByteArray(), bytes);
    }

    [Fact]
    public void Writing_into_a_short_field_throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => UuidBytes.Write(Guid.NewGuid(), new byte[15]));
        Assert.Contains("16 bytes", ex.Message, StringComparison.Ordinal);
    }
}
