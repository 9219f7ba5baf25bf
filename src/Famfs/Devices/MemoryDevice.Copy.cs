using Famfs.Errors;
using Famfs.Interop;
using Microsoft.Win32.SafeHandles;

namespace Famfs.Devices;

/// <summary>
/// Writing device memory through the device's descriptor (regular-file devices only): the
/// primitives of <see cref="Files.FamfsFileBulk.CopyFrom"/>, which calls them inside a read
/// section of the file being filled, so claims and memory failures still stop it.
/// </summary>
public sealed partial class MemoryDevice
{
    /// <summary>
    /// Whether the device can be written through its descriptor: it is a regular file opened
    /// writable, so a write lands in the same page cache every shared mapping of it sees. A dax
    /// device has no such path (its memory is reached only by mapping it).
    /// </summary>
    public bool CanWriteThroughDescriptor => Kind == DeviceKind.RegularFile && Writable;

    /// <summary>
    /// Copies up to <paramref name="length"/> bytes of <paramref name="source"/> at
    /// <paramref name="sourceOffset"/> to <paramref name="deviceOffset"/> in the kernel
    /// (copy_file_range(2): one copy, no page faults here). Returns how many were copied (0 at the
    /// source's end), or −1, having copied nothing, when the kernel cannot copy between these
    /// two files (different file systems): write through a buffer then.
    /// </summary>
    /// <param name="what">What is being copied, for errors (source and destination names).</param>
    internal unsafe int CopyFileRange(SafeFileHandle source, long sourceOffset, ulong deviceOffset, int length, string what)
    {
        CheckDescriptorWrite(deviceOffset, length);
        long inOffset = sourceOffset, outOffset = (long)deviceOffset;
        while (true)
        {
            var n = Libc.CopyFileRange(source, &inOffset, Descriptor, &outOffset, (nuint)length, 0);
            if (n >= 0)
            {
                return (int)n;
            }

            var errno = Libc.LastErrno;
            switch (errno)
            {
                case Errno.EINTR:
                    continue;
                // EXDEV: different file systems; EINVAL/ENOTSUP/ENOSYS: a file system or kernel
                // that cannot. All are reported before anything is copied.
                case Errno.EXDEV or Errno.EINVAL or Errno.ENOTSUP or Errno.ENOSYS:
                    return -1;
                default:
                    throw NativeErrors.ForErrno(errno, what);
            }
        }
    }

    /// <summary>Writes all of <paramref name="data"/> at <paramref name="deviceOffset"/> with pwrite(2).</summary>
    /// <param name="what">What is being written, for errors.</param>
    internal unsafe void WriteAt(ulong deviceOffset, ReadOnlySpan<byte> data, string what)
    {
        CheckDescriptorWrite(deviceOffset, data.Length);
        fixed (byte* p = data)
        {
            for (var done = 0; done < data.Length;)
            {
                var n = Libc.Pwrite(Descriptor, p + done, (nuint)(data.Length - done), (long)deviceOffset + done);
                if (n > 0)
                {
                    done += (int)n;
                }
                else if (Libc.LastErrno != Errno.EINTR)
                {
                    throw NativeErrors.ForLastError(what);
                }
            }
        }
    }

    /// <summary>A descriptor write must stay inside the device: past its end it would grow the file.</summary>
    private void CheckDescriptorWrite(ulong deviceOffset, int length)
    {
        if (!CanWriteThroughDescriptor)
        {
            throw new FamfsException(Errno.ENOTSUP,
                $"{Path} is a {Kind.Describe()}{(Writable ? "" : " opened read-only")}: it cannot be written through its descriptor",
                "write it through a mapping (FamfsFile.Write or a span)");
        }

        if (length < 0 || deviceOffset > SizeBytes || (ulong)length > SizeBytes - deviceOffset)
        {
            throw new FamfsException(Errno.EINVAL, $"range [{deviceOffset}, {deviceOffset + (ulong)length}) is outside memory device {Path} ({SizeBytes} bytes)");
        }
    }
}
