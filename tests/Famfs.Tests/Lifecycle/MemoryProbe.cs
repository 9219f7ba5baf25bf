using System.Globalization;
using Famfs.Errors;
using Famfs.Interop;

namespace Famfs.Tests.Lifecycle;

/// <summary>Looks at this process's own address space from the outside: /proc/self/maps and process_vm_readv.</summary>
internal static unsafe class MemoryProbe
{
    /// <summary>"Bad address": what the kernel reports when it cannot read the memory.</summary>
    public const Errno EFAULT = (Errno)14;

    /// <summary>The permissions ("rw-s", "---p", ...) and path column of the /proc/self/maps line containing <paramref name="address"/>.</summary>
    public static (string Permissions, string Path) Describe(nint address)
    {
        var region = Region(address);
        return (region.Permissions, region.Path);
    }

    /// <summary>The /proc/self/maps line (one VMA) containing <paramref name="address"/>; "unmapped" and empty bounds if none.</summary>
    public static (ulong Start, ulong End, string Permissions, string Path) Region(nint address)
    {
        foreach (var line in File.ReadLines("/proc/self/maps"))
        {
            var columns = line.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries);
            var bounds = columns[0].Split('-');
            var start = ulong.Parse(bounds[0], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            var end = ulong.Parse(bounds[1], NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if ((ulong)address >= start && (ulong)address < end)
            {
                return (start, end, columns[1], columns.Length > 5 ? columns[5].Trim() : string.Empty);
            }
        }

        return (0, 0, "unmapped", string.Empty);
    }

    /// <summary>Asks the kernel to copy one byte from <paramref name="address"/>; returns the errno (None when it could read it).</summary>
    public static Errno TryKernelRead(nint address)
    {
        byte target;
        var local = stackalloc nint[2] { (nint)(&target), 1 };
        var remote = stackalloc nint[2] { address, 1 };
        return Libc.ProcessVmReadv(Environment.ProcessId, local, 1, remote, 1, 0) == 1 ? Errno.None : Libc.LastErrno;
    }
}
