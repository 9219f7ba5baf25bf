using Famfs.Errors;

namespace Famfs.Files;

/// <summary>
/// The public API takes sizes as <see cref="long"/>, as .NET streams do; the engine's extent
/// arithmetic is unsigned. This is the one place a public size crosses over.
/// </summary>
internal static class FileSize
{
    public static ulong Validate(string path, long size) => size >= 0
        ? (ulong)size
        : throw new FamfsException(Errno.EINVAL, $"cannot create {path} with a negative size ({size} bytes)");
}
