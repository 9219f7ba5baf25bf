using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace Famfs.Interop;

/// <summary>
/// Processor cache maintenance for memory that is not cache-coherent across hosts: after
/// writing, push the written lines out to memory; before reading what another host wrote,
/// drop stale lines. CLFLUSH does both (write back, then invalidate).
/// .NET has no CLFLUSH intrinsic and a native shim library would be one more thing to build
/// and ship, so on x86-64 we place a 15-byte loop in one executable page at first use:
///   loop: cmp rdi, rsi; jae done; clflush [rdi]; add rdi, 64; jmp loop; done: ret
/// On other processors flushing is a documented no-op (CacheMode.Auto never asks for it there).
/// </summary>
internal static unsafe class CpuCache
{
    public const int LineSize = 64;

    private static readonly byte[] FlushLoop =
    [
        0x48, 0x39, 0xF7,       // cmp rdi, rsi
        0x73, 0x09,             // jae done
        0x0F, 0xAE, 0x3F,       // clflush [rdi]
        0x48, 0x83, 0xC7, 0x40, // add rdi, 64
        0xEB, 0xF2,             // jmp loop
        0xC3,                   // done: ret
    ];

    private static readonly Lazy<nint> Stub = new(CreateStub);

    public static bool Supported => Sse2.IsSupported && RuntimeInformation.ProcessArchitecture == Architecture.X64;

    /// <summary>Writes back and invalidates every cache line overlapping <paramref name="bytes"/>.</summary>
    public static void FlushRange(ReadOnlySpan<byte> bytes)
    {
        fixed (byte* p = bytes)
        {
            FlushRange((nint)p, (nuint)bytes.Length);
        }
    }

    /// <summary>Writes back and invalidates every cache line overlapping [address, address + length).</summary>
    public static void FlushRange(nint address, nuint length)
    {
        if (!Supported || length == 0)
        {
            return;
        }

        var start = (nuint)address & ~(nuint)(LineSize - 1);
        var end = (nuint)address + length;
        var flush = (delegate* unmanaged<nuint, nuint, void>)Stub.Value;
        Sse2.MemoryFence(); // earlier stores are in the cache before their lines are flushed
        flush(start, end);
        Sse2.MemoryFence(); // the flushes complete before anything that depends on them
    }

    private static nint CreateStub()
    {
        var page = Libc.Mmap(0, 4096, MmapProtection.PROT_READ | MmapProtection.PROT_WRITE, MmapFlags.MAP_PRIVATE | MmapFlags.MAP_ANONYMOUS, -1, 0);
        if (page == Libc.MAP_FAILED)
        {
            throw NativeErrors.ForLastError("allocate the cache-flush stub");
        }

        FlushLoop.CopyTo(new Span<byte>((void*)page, FlushLoop.Length));
        if (Libc.Mprotect(page, 4096, MmapProtection.PROT_READ | MmapProtection.PROT_EXEC) != 0)
        {
            throw NativeErrors.ForLastError("make the cache-flush stub executable");
        }

        return page;
    }
}
