namespace Famfs.Format;

/// <summary>
/// UUIDs are stored as the 16 bytes of their text form in order ("91eea6cb-…" is 91 ee a6 cb …):
/// big-endian in .NET's terms, not the mixed-endian order of Guid.ToByteArray().
/// </summary>
internal static class UuidBytes
{
    public static Guid Read(ReadOnlySpan<byte> raw) => new(raw[..16], bigEndian: true);

    public static void Write(Guid uuid, Span<byte> destination)
    {
        if (!uuid.TryWriteBytes(destination, bigEndian: true, out _))
        {
            throw new ArgumentException("a UUID field needs 16 bytes", nameof(destination));
        }
    }
}
