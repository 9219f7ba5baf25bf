namespace Famfs.Daemon.Tests;

/// <summary>
/// famfs-fuse --cache strict: reads bypass the page cache (direct I/O) and each read(2) of up to
/// 1 MiB reaches the daemon as one READ request, answered zero-copy from device memory. The
/// request size is what libfuse negotiates as max_pages at INIT (256 pages from its 1 MiB
/// buffer); were it the kernel's default 32, a 1 MiB read would cost eight round trips.
/// </summary>
public sealed class StrictReadTests
{
    private const int MiB = 1 << 20;
    private const int Reads = 8;

    [Fact]
    public void A_strict_mount_serves_each_1_MiB_read_in_one_request_from_device_memory_every_time()
    {
        using var daemon = new RunningDaemon("strict-read", [TestLog.File("f", 64UL << 20, Reads * MiB)], "--cache", "strict");
        using var handle = File.OpenHandle(daemon.MountPoint["f"]);
        using var buffer = new AlignedBuffer(MiB); // page-aligned, as dd and cp read

        for (var pass = 0; pass < 2; pass++)
        {
            var before = daemon.Statistics();
            for (var i = 0; i < Reads; i++)
            {
                Assert.Equal(MiB, RandomAccess.Read(handle, buffer.Span, (long)i * MiB));
            }

            // The second pass asks the daemon again: strict mode keeps no page cache.
            var after = daemon.Statistics();
            Assert.Equal((Reads, (long)Reads * MiB, 0L), (after["reads"] - before["reads"], after["read_bytes"] - before["read_bytes"],
                after["gathered_reads"] - before["gathered_reads"]));
        }
    }
}
