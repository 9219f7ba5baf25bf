using System.Globalization;
using Famfs.Errors;
using Famfs.Interop;

namespace Famfs.VmProbe;

/// <summary>
/// famfs-vmprobe map-fixed-refill DEVICE: exercises the engine's recovery from a failed
/// MAP_FIXED (Mmap.TryRestoreReservation) against a real device-dax on the guest's kernel.
/// Linux before 6.12 (the guests run Debian 12's 6.1) unmaps the target range before the
/// driver's mmap handler can refuse it, leaving a hole where the caller's reservation was; later
/// kernels keep the old mapping. Device-dax refuses a mapping whose length is not a multiple
/// of its alignment (2 MiB here), which makes such a failure on demand.
/// Prints one line per check; exit 0 when all hold, 1 at the first that does not.
/// </summary>
internal static class Program
{
    private const ulong MiB = 1 << 20;
    private const ulong Align = 2 * MiB;
    private const ulong Page = 4096;

    private static int Main(string[] args)
    {
        if (args is not ["map-fixed-refill", var device])
        {
            Console.Error.WriteLine("usage: famfs-vmprobe map-fixed-refill DEVICE");
            return 2;
        }

        try
        {
            using var fd = OpenDevice(device);
            KernelLeavesAHole(fd);
            RefillAfterFailureInAWindow(fd);
            RefillWhenAHoleIsLeft(fd);
            Console.WriteLine("map-fixed-refill: all checks passed");
            return 0;
        }
        catch (Exception e)
        {
            // One report either way: a failed check, or an engine call that threw.
            Console.WriteLine($"map-fixed-refill: CHECK FAILED: {(e is CheckFailed ? e.Message : e.ToString())}");
            Console.WriteLine(File.ReadAllText("/proc/self/maps"));
            return 1;
        }
    }

    /// <summary>
    /// The kernel itself, no engine code: after a failed MAP_FIXED over a reservation, is the
    /// range still reserved? On 6.1 it is not, which is what the checks below need to mean anything.
    /// </summary>
    private static void KernelLeavesAHole(SafeFileDescriptor fd)
    {
        var reserved = Mmap.ReserveAligned(8 * MiB, Align, "probe reservation");
        var target = reserved + (nint)Align;
        var placed = Libc.Mmap(target, (nuint)(Align + Page), MmapProtection.PROT_READ, MmapFlags.MAP_SHARED | MmapFlags.MAP_FIXED, fd.Fd, 0);
        Check(placed == Libc.MAP_FAILED, "device-dax accepted a mapping of 2 MiB + 4 KiB (it must refuse lengths that are not multiples of its 2 MiB alignment)");
        var hole = !Covered(target, Align + Page, anonymousNoAccess: true);
        Console.WriteLine($"kernel {Environment.OSVersion.Version}: a failed MAP_FIXED over a reservation {(hole ? "left a hole (Linux before 6.12)" : "kept the reservation")}");
        Check(hole || KernelAtLeast(6, 12), "Linux before 6.12 was expected to leave a hole after a failed MAP_FIXED");
        Libc.Munmap(reserved, (nuint)(8 * MiB));
    }

    /// <summary>
    /// The engine's window path: a refused mapping inside a mapping window leaves the window's
    /// pages reserved (PROT_NONE) again, with no hole, and free for the next mapping there.
    /// </summary>
    private static void RefillAfterFailureInAWindow(SafeFileDescriptor fd)
    {
        using var keep = Mmap.MapShared(fd, 0, Align, writable: false, Align, "first mapping");
        var windowBase = keep.Address; // device offset 0 lands at the window's base
        var refused = windowBase + (nint)(4 * MiB);
        try
        {
            using var bad = Mmap.MapShared(fd, (long)(4 * MiB), Align + Page, writable: false, Align, "refused mapping");
            throw new CheckFailed("mapping 2 MiB + 4 KiB of device-dax in a window succeeded; it must fail");
        }
        catch (FamfsException e)
        {
            Console.WriteLine($"window: the refused mapping failed as expected: {e.Message}");
        }

        Check(Covered(refused, Align + Page, anonymousNoAccess: true),
            $"window pages [0x{refused:x}, 0x{refused + (nint)(Align + Page):x}) are not PROT_NONE-reserved again after the failed MAP_FIXED");
        Console.WriteLine("window: the refused range is PROT_NONE-reserved again (no hole)");

        using var again = Mmap.MapShared(fd, (long)(4 * MiB), Align, writable: false, Align, "mapping after the refusal");
        Check(again.Address == refused, $"the next mapping of the same device range went to 0x{again.Address:x}, not its window slot 0x{refused:x}");
        Console.WriteLine("window: the slot was given back and maps again");
    }

    /// <summary>
    /// TryRestoreReservation itself: refills the hole a failed MAP_FIXED left (true), and leaves
    /// a range that is mapped alone (false), whoever mapped it.
    /// </summary>
    private static void RefillWhenAHoleIsLeft(SafeFileDescriptor fd)
    {
        var reserved = Mmap.ReserveAligned(8 * MiB, Align, "probe reservation");
        var target = reserved + (nint)Align;
        Libc.Mmap(target, (nuint)(Align + Page), MmapProtection.PROT_READ, MmapFlags.MAP_SHARED | MmapFlags.MAP_FIXED, fd.Fd, 0);
        var hole = !Covered(target, Align + Page, anonymousNoAccess: true);
        var restored = Mmap.TryRestoreReservation(target, Align + Page);
        Check(restored == hole, hole
            ? "TryRestoreReservation did not refill the hole a failed MAP_FIXED left"
            : "TryRestoreReservation claimed a range the kernel had kept reserved");
        Check(Covered(target, Align + Page, anonymousNoAccess: true), "after TryRestoreReservation the range is not PROT_NONE-reserved");

        var live = Libc.Mmap(target, (nuint)Align, MmapProtection.PROT_READ, MmapFlags.MAP_SHARED | MmapFlags.MAP_FIXED, fd.Fd, 0);
        Check(live == target, "a valid 2 MiB MAP_FIXED mapping of the device failed");
        Check(!Mmap.TryRestoreReservation(target, Align), "TryRestoreReservation replaced a live device mapping");
        Check(!Covered(target, Align, anonymousNoAccess: true) && Covered(target, Align, anonymousNoAccess: false),
            "the live device mapping is gone after TryRestoreReservation refused it");
        Console.WriteLine("TryRestoreReservation: refills the hole, leaves a live mapping alone");
        Libc.Munmap(reserved, (nuint)(8 * MiB));
    }

    /// <summary>Whether /proc/self/maps shows [start, start + length) wholly mapped (by PROT_NONE anonymous mappings if asked).</summary>
    private static bool Covered(nint start, ulong length, bool anonymousNoAccess)
    {
        var at = (ulong)start;
        var end = at + length;
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            var range = fields[0].Split('-');
            var from = ulong.Parse(range[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var to = ulong.Parse(range[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (from <= at && at < to)
            {
                if (anonymousNoAccess && (fields[1] != "---p" || fields.Length > 5))
                {
                    return false;
                }

                at = to;
                if (at >= end)
                {
                    return true;
                }
            }
        }

        return false;
    }

    private static bool KernelAtLeast(int major, int minor) => Environment.OSVersion.Version >= new Version(major, minor);

    private static SafeFileDescriptor OpenDevice(string path)
    {
        var fd = Libc.Open(path, OpenFlags.O_RDWR | OpenFlags.O_CLOEXEC, 0);
        return fd >= 0 ? new SafeFileDescriptor(fd) : throw new CheckFailed($"cannot open {path}: errno {System.Runtime.InteropServices.Marshal.GetLastPInvokeError()}");
    }

    private static void Check(bool condition, string what)
    {
        if (!condition)
        {
            throw new CheckFailed(what);
        }
    }

    private sealed class CheckFailed(string message) : Exception(message);
}
