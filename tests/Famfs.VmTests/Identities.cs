namespace Famfs.VmTests;

/// <summary>System identities of the guests (FAMFS_SYSTEM_UUID): A makes file systems, B is a client.</summary>
internal static class Identities
{
    public const string GuestA = "a0a0a0a0-0000-4000-8000-00000000000a";
    public const string GuestB = "b0b0b0b0-0000-4000-8000-00000000000b";

    public static Dictionary<string, string> As(string uuid) => new() { ["FAMFS_SYSTEM_UUID"] = uuid };
}
