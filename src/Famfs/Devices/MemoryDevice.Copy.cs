using System.Buffers;
using Famfs.Errors;
using Famfs.Interop;
using Microsoft.Win32.SafeHandles;

namespace Famfs.Devices;

/// <summary>Filling device memory from a file through the device's descriptor (regular-file devices).</summary>
public sealed partial class MemoryDevice
{
    private const int BounceSize = 1024 * 1024;

    /// <summary>
    /// Whether <see cref="CopyFromFile"/> may be used: the device is a regular file, so writing
    /// through its descriptor lands in the same page cache every shared mapping of it sees.
    /// A dax device has no such path (its memory is reached only by mapping it).
    /// </summary>
    public bool CanCopyFromFile => Kind == DeviceKind.RegularFile && Writable;

    /// <summary>
    /// Copies up to <paramref name="length"/> bytes of <paramref name="source"/> from
    /// <paramref name="sourceOffset"/> into the device at <paramref name="deviceOffset"/>, without
    /// mapping either: copy_file_range(2) where the kernel can copy between the two files (same
    /// file system: one copy, no page faults), else pread/pwrite through a 1 MiB buffer. Mapping
    /// a fresh destination instead costs a page fault per 4 KiB page, far more than the copy.
    /// Returns how many bytes were copied: fewer only when the source ended.
    /// </summary>
    public long CopyFromFile(SafeFileHandle source, long sourceOffset, ulong deviceOffset, long length)
    {
        if (!CanCopyFromFile)
        {
            throw new InvalidOperationException($"{Path} is not a writable regular-file device; map it to write it");
        }

        var copied = KernelCopy(source, sourceOffset, deviceOffset, length);
        return copied >= 0 ? copied : BounceCopy(source, sourceOffset, deviceOffset, length);
    }

    /// <summary>copy_file_range until done or the source ends; −1 if the kernel cannot copy between these files.</summary>
    private unsafe long KernelCopy(SafeFileHandle source, long sourceOffset, ulong deviceOffset, long length)
    {
        long inOffset = sourceOffset, outOffset = (long)deviceOffset, done = 0;
        while (done < length)
        {
            var n = Libc.CopyFileRange(source, &inOffset, Descriptor, &outOffset, (nuint)(length - done), 0);
            if (n > 0)
            {
                done += n;
                continue;
            }

            if (n == 0)
            {
                break;
            }

            var errno = Libc.LastErrno;
            // EXDEV: different file systems; EINVAL/ENOTSUP/ENOSYS: a file system or kernel that
            // cannot. All are reported before anything is copied, so falling back is safe.
            if (done == 0 && errno is Errno.EXDEV or Errno.EINVAL or Errno.ENOTSUP or Errno.ENOSYS)
            {
                return -1;
            }

            throw NativeErrors.ForErrno(errno, $"copy into {Path} at offset {outOffset}");
        }

        return done;
    }

    private unsafe long BounceCopy(SafeFileHandle source, long sourceOffset, ulong deviceOffset, long length)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BounceSize);
        try
        {
            long done = 0;
            while (done < length)
            {
                var read = RandomAccess.Read(source, buffer.AsSpan(0, (int)Math.Min(BounceSize, length - done)), sourceOffset + done);
                if (read == 0)
                {
                    break;
                }

                fixed (byte* p = buffer)
                {
                    for (var written = 0; written < read;)
                    {
                        var n = Libc.Pwrite(Descriptor, p + written, (nuint)(read - written), (long)deviceOffset + done + written);
                        written += n > 0 ? (int)n : throw NativeErrors.ForLastError($"write {Path} at offset {(long)deviceOffset + done + written}");
                    }
                }

                done += read;
            }

            return done;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
