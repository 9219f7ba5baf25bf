using Famfs.Devices;
using Famfs.Interop;
using Famfs.Lifecycle;

namespace Famfs.Tests.Lifecycle;

/// <summary>
/// What the child process of <see cref="StalePointerProcessTests"/> does: map a file, keep a raw
/// pointer, revoke, then read through the pointer from native code. A correct revocation kills
/// it with SIGSEGV before "READ" can be printed.
/// </summary>
internal static unsafe class StalePointerChild
{
    public const string DeviceVariable = "FAMFS_LIFECYCLE_STALE_POINTER_DEVICE";

    /// <summary>Set to "managed" to read through a span in managed code instead of from native code.</summary>
    public const string ManagedVariable = "FAMFS_LIFECYCLE_STALE_POINTER_MANAGED";

    public static void Run(string devicePath)
    {
        using var device = MemoryDevice.Open(devicePath, writable: false);
        using var space = AddressSpace.Create("/stale-pointer", [new DeviceExtent(device.Identity, new DeviceRange(0, 4096))]);
        var mapping = space.Map(device, 0, 4096, writable: false);
        var stale = (byte*)mapping.Address;
        Console.WriteLine($"MAPPED {(char)stale[0]}");
        space.Revoke("stale pointer test");
        Console.WriteLine("REVOKED");
        Console.Out.Flush();
        if (Environment.GetEnvironmentVariable(ManagedVariable) == "managed")
        {
            var span = new ReadOnlySpan<byte>(stale, 1);
            Console.WriteLine($"READ {(char)span[0]}");
        }
        else
        {
            var length = Libc.Strnlen(stale, 1);
            Console.WriteLine($"READ {length} {(char)stale[0]}");
        }

        Environment.Exit(0);
    }
}
