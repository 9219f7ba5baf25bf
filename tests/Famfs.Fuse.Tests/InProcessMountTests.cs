using System.Diagnostics;

namespace Famfs.Fuse.Tests;

/// <summary>FuseMount inside the test process, with <see cref="TestFileSystem"/>.</summary>
[RequiresRoot]
public sealed class InProcessMountTests
{
    private static readonly TimeSpan UnmountBound = TimeSpan.FromSeconds(5);

    public InProcessMountTests() => FuseEnvironment.Require();

    [Fact]
    public void A_large_file_served_zero_copy_from_native_memory_reads_back()
    {
        using var fs = new TestFileSystem();
        using var mount = new MountPoint();
        using var fuse = FuseMount.Mount(fs, mount.Path);

        var bytes = File.ReadAllBytes(mount["data"]);

        Assert.Equal(TestFileSystem.DataLength, bytes.Length);
        var firstWrong = Enumerable.Range(0, bytes.Length).FirstOrDefault(i => bytes[i] != TestFileSystem.Pattern(i), -1);
        Assert.Equal(-1, firstWrong);
    }

    [Fact]
    public void A_FuseException_is_answered_with_its_errno_translated_exceptions_with_theirs_and_others_with_EIO_and_a_log_line()
    {
        using var fs = new TestFileSystem();
        using var mount = new MountPoint();
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        using var fuse = FuseMount.Mount(fs, mount.Path, new FuseMountOptions { Log = log.Enqueue });

        Assert.Contains("Input/output error", Shell.Run("cat", [mount["broken"]]).StdErr);
        Assert.Contains("Permission denied", Shell.Run("cat", [mount["denied"]]).StdErr);
        Assert.Contains("Connection timed out", Shell.Run("cat", [mount["timeout"]]).StdErr);
        Assert.Contains("No such file or directory", Shell.Run("cat", [mount["absent"]]).StdErr);
        Assert.Equal(95, TestLibc.GetXattrErrno(mount["data"], "user.x"));   // ENOTSUP, the default

        // Only the unexpected exception is logged (the kernel may retry the read, so once or more).
        Assert.NotEmpty(log);
        Assert.All(log, line => Assert.StartsWith("read failed unexpectedly, answering EIO: System.InvalidOperationException: broken on purpose", line));
    }

    [Fact]
    public void With_stateless_directories_listings_work_without_the_file_system_ever_opening_a_directory()
    {
        using var fs = new TestFileSystem();
        using var mount = new MountPoint();
        using var fuse = FuseMount.Mount(fs, mount.Path, new FuseMountOptions { ReadDirPlus = true, StatelessDirectories = true });

        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(TestFileSystem.ManyCount, Directory.GetFiles(mount["many"]).Length);
            Assert.Equal(6, Directory.GetFileSystemEntries(mount.Path).Length);
        }

        Assert.Equal(0, fs.DirectoryOpens);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void A_large_directory_is_listed_over_many_readdir_calls(bool readDirPlus)
    {
        using var fs = new TestFileSystem();
        using var mount = new MountPoint();
        using var fuse = FuseMount.Mount(fs, mount.Path, new FuseMountOptions { ReadDirPlus = readDirPlus });

        var names = Directory.GetFiles(mount["many"]).Select(f => Path.GetFileName(f)).Order().ToList();

        Assert.Equal(Enumerable.Range(0, TestFileSystem.ManyCount).Select(i => $"f{i}").Order().ToList(), names);
        Assert.Equal(["broken", "data", "denied", "hang", "many", "timeout"], Directory.GetFileSystemEntries(mount.Path).Select(Path.GetFileName).Order());
        Assert.True(fs.DirectoryOpens >= 2, "without stateless directories the file system opens each directory listed");
    }

    [Fact]
    public void Lookup_counts_return_to_zero_when_the_kernel_forgets()
    {
        using var fs = new TestFileSystem();
        using var mount = new MountPoint();
        using var fuse = FuseMount.Mount(fs, mount.Path, new FuseMountOptions { ReadDirPlus = true });
        foreach (var file in Directory.GetFiles(mount["many"]).Take(50))
        {
            _ = new FileInfo(file).Length;
        }

        Assert.Contains(fs.LookupCounts, kv => kv.Value > 0);
        File.WriteAllText("/proc/sys/vm/drop_caches", "2");

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (fs.LookupCounts.Any(kv => kv.Value != 0) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(50);
        }

        Assert.All(fs.LookupCounts, kv => Assert.True(kv.Value == 0, $"inode {kv.Key} has lookup count {kv.Value}"));
    }

    [Fact]
    public void Twenty_mounts_and_unmounts_leak_no_descriptors()
    {
        using var fs = new TestFileSystem();
        using var mount = new MountPoint();
        MountReadUnmount(fs, mount);   // the first round loads libfuse and warms the runtime up
        var fdsBefore = OpenDescriptorCount();
        var threadsBefore = ThreadCount();

        for (var i = 0; i < 20; i++)
        {
            MountReadUnmount(fs, mount);
        }

        // Pipes of earlier tests' child processes may close meanwhile, so the total may shrink, never grow.
        Assert.InRange(OpenDescriptorCount(), 0, fdsBefore);
        Assert.Equal(0, FuseDescriptorCount());
        // libfuse's workers must be gone; a little slack for the runtime's own pool threads.
        Assert.InRange(ThreadCount(), 1, threadsBefore + 4);
    }

    [Fact]
    public void Unmount_finishes_promptly_while_the_mount_is_busy()
    {
        using var fs = new TestFileSystem();
        using var mount = new MountPoint();
        var fuse = FuseMount.Mount(fs, mount.Path);
        var holder = Shell.Start("sleep", ["60"], workingDirectory: mount.Path);
        using var open = File.OpenRead(mount["data"]);
        try
        {
            var clock = Stopwatch.StartNew();
            Assert.True(fuse.Unmount(UnmountBound));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(4), $"unmount took {clock.Elapsed}");
            Assert.True(fuse.Completion.IsCompleted);
            Assert.False(mount.IsMounted);
        }
        finally
        {
            Shell.Stop(holder);
        }
    }

    [Fact]
    public async Task Unmount_gives_up_in_bounded_time_when_a_handler_never_returns()
    {
        using var fs = new TestFileSystem();
        using var mount = new MountPoint();
        var fuse = FuseMount.Mount(fs, mount.Path);
        using var reader = Shell.Start("cat", [mount["hang"]]);
        try
        {
            Assert.True(fs.HangEntered.Wait(TimeSpan.FromSeconds(10)), "the read never reached the file system");

            var clock = Stopwatch.StartNew();
            Assert.False(fuse.Unmount(TimeSpan.FromSeconds(1)));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"unmount took {clock.Elapsed}");
            Assert.False(mount.IsMounted, "a stuck loop must still leave no mount behind");
        }
        finally
        {
            fs.HangRelease.Set();
            Assert.True(reader.WaitForExit(TimeSpan.FromSeconds(10)), "the reader stayed stuck after the handler returned");
        }

        // The loop ends once the handler returns; WaitAsync throws TimeoutException if not.
        await fuse.Completion.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_mount_completes_when_unmounted_from_outside()
    {
        using var fs = new TestFileSystem();
        using var mount = new MountPoint();
        using var fuse = FuseMount.Mount(fs, mount.Path);
        _ = File.ReadAllBytes(mount["data"]);

        Shell.RunChecked("fusermount3", ["-u", mount.Path], "fusermount3 -u failed");

        // WaitAsync throws TimeoutException if the loop kept running without its mount.
        Assert.Equal(0, await fuse.Completion.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.True(fuse.Unmount(UnmountBound));
    }

    [Fact]
    public void Invalidation_drops_what_the_kernel_knows_and_reports_what_it_does_not()
    {
        using var fs = new TestFileSystem();
        using var mount = new MountPoint();
        using var fuse = FuseMount.Mount(fs, mount.Path, new FuseMountOptions { EntryTimeout = TimeSpan.FromMinutes(5) });
        _ = new FileInfo(mount["data"]).Length;

        Assert.True(fuse.InvalidateInode(TestFileSystem.DataInode));
        Assert.False(fuse.InvalidateInode(987654));
        Assert.True(fuse.InvalidateEntry(IFuseFileSystem.RootInode, "data"));
        Assert.False(fuse.InvalidateEntry(IFuseFileSystem.RootInode, "never-looked-up"));

        fuse.Dispose();
        Assert.Throws<ObjectDisposedException>(() => fuse.InvalidateInode(TestFileSystem.DataInode));
    }

    [Fact]
    public void A_path_that_needs_escaping_in_the_mount_table_is_mounted()
    {
        using var fs = new TestFileSystem();
        using var parent = new TempDirectory("famfs fuse spaced");
        var path = Path.Combine(parent.Path, "mount point");
        Directory.CreateDirectory(path);
        using (var fuse = FuseMount.Mount(fs, path))
        {
            Assert.Equal("fuse.fuse", MountInfo.TypeAt(path));
            Assert.Equal(TestFileSystem.DataLength, new FileInfo(Path.Combine(path, "data")).Length);
        }

        Assert.Null(MountInfo.TypeAt(path));
    }

    [Fact]
    public void Mounting_over_an_existing_mount_is_refused()
    {
        using var fs = new TestFileSystem();
        using var mount = new MountPoint();
        using var fuse = FuseMount.Mount(fs, mount.Path);

        var error = Assert.Throws<FuseException>(() => FuseMount.Mount(fs, mount.Path));

        Assert.Equal(Errno.EBUSY, error.Errno);
        Assert.Contains("fuse.fuse", error.Message);
    }

    private static int OpenDescriptorCount()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return Directory.GetFiles("/proc/self/fd").Length;
    }

    private static int FuseDescriptorCount() =>
        Directory.GetFiles("/proc/self/fd").Count(fd => new FileInfo(fd).LinkTarget == "/dev/fuse");

    private static int ThreadCount() =>
        int.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("Threads:", StringComparison.Ordinal))[8..].Trim(),
            System.Globalization.CultureInfo.InvariantCulture);

    private static void MountReadUnmount(TestFileSystem fs, MountPoint mount)
    {
        var fuse = FuseMount.Mount(fs, mount.Path);
        Assert.Equal(1, FuseDescriptorCount());
        Assert.Equal(TestFileSystem.DataLength, File.ReadAllBytes(mount["data"]).Length);
        Assert.True(fuse.Unmount(UnmountBound));
        Assert.False(mount.IsMounted);
        Assert.Equal(0, FuseDescriptorCount());
    }
}
