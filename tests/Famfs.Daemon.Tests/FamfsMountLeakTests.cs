using Famfs.Files;
using Famfs.Fuse;
using Famfs.Mounts;

namespace Famfs.Daemon.Tests;

/// <summary>
/// The famfs daemon's whole set of resources (file system, host claim, control socket,
/// administration socket, log poller, FUSE mount), set up and torn down in this process as
/// MountDaemon does it, 100 times.
/// </summary>
[RequiresRoot]
public sealed class FamfsMountLeakTests
{
    private const int Rounds = 100;
    private const int FileLength = 300_000;

    /// <summary>Descriptors the runtime may open once, at a moment of its choosing: far fewer than <see cref="Rounds"/>.</summary>
    private const int RuntimeSlack = 4;

    public FamfsMountLeakTests() => FuseEnvironment.Require();

    [Fact]
    public void A_hundred_famfs_mount_rounds_leak_no_descriptors_or_threads_and_release_the_claim_each_time()
    {
        using var device = TestLog.CreateFormatted("fuse-leak", [TestLog.File("f", 64UL << 20, FileLength)]);
        var content = new byte[FileLength];
        new Random(5).NextBytes(content);
        using (var fs = FamfsFileSystem.Open(device.Path))
        using (var file = fs.OpenFile("f", writable: true))
        {
            file.Write(0, content);
        }

        using var mount = new DaemonMountPoint();
        Round(device.Path, mount, content); // the first round loads libfuse and warms the runtime up
        var fdsBefore = OpenDescriptorCount();
        var threadsBefore = ThreadCount();

        for (var i = 0; i < Rounds; i++)
        {
            Round(device.Path, mount, content);
        }

        // Pipes of other tests' child processes may close meanwhile, so the total may shrink; the
        // runtime may open a few descriptors of its own once (its socket engine's epoll and pipe),
        // while a leak would add at least one per round.
        Assert.InRange(OpenDescriptorCount(), 0, fdsBefore + RuntimeSlack);
        Assert.Equal(0, Descriptors().Count(target => target == "/dev/fuse" || target == device.Path));
        Assert.InRange(ThreadCount(), 1, threadsBefore + 4);
        Assert.DoesNotContain(File.ReadLines("/proc/self/maps"), line => line.EndsWith(device.Path, StringComparison.Ordinal)); // no mapping left
    }

    private static void Round(string devicePath, DaemonMountPoint mount, byte[] content)
    {
        string claimPath, socket, adminSocket;
        using (var fs = FamfsFileSystem.Open(devicePath))
        {
            using var claim = HostClaim.Acquire(fs.Device.Identity, fs.SystemUuid, devicePath);
            claimPath = claim.FilePath;
            socket = Path.ChangeExtension(claimPath, ".sock");
            var adminFolder = Directory.CreateTempSubdirectory("famfs-admin-").FullName;
            adminSocket = Path.Combine(adminFolder, "sock");
            var log = new DaemonLog();
            using var served = new FamfsFuseFileSystem(fs, adminFolder);
            var poison = new PoisonInvalidator(fs);
            using var control = ControlChannel.Serve(socket, request => ControlRequests.Handle(served, poison, request));
            using var admin = Admin.AdminServer.Serve(adminSocket, new Admin.AdminRoutes(served, log).Handle, log);
            using var poller = new LogPoller(served, poison, TimeSpan.FromMilliseconds(20), log);
            var fuse = FuseMount.Mount(served, mount.Path, new FuseMountOptions { Subtype = "famfs", ReadDirPlus = true });
            poison.Mount = fuse;
            try
            {
                Assert.Equal(content, File.ReadAllBytes(mount["f"]));
                Assert.Contains("files=1", ControlChannel.Request(socket, "status", TimeSpan.FromSeconds(5)), StringComparison.Ordinal);
                Assert.EndsWith($"\r\n\r\npid: {Environment.ProcessId}\n", AdminClient.RawGet(adminSocket, "/pid"), StringComparison.Ordinal);
                Assert.True(HostClaim.IsHeld(claimPath));
            }
            finally
            {
                Assert.True(fuse.Unmount(TimeSpan.FromSeconds(5)), "the unmount did not finish in time");
            }
        }

        Assert.False(mount.IsMounted);
        Assert.False(HostClaim.IsHeld(claimPath), "the device's claim outlived the round");
        Assert.False(File.Exists(socket), "the control socket outlived the round");
        Assert.False(File.Exists(adminSocket), "the administration socket outlived the round");
        Directory.Delete(Path.GetDirectoryName(adminSocket)!);
    }

    private static List<string?> Descriptors() =>
        Directory.GetFiles("/proc/self/fd").Select(fd =>
        {
            try
            {
                return new FileInfo(fd).LinkTarget;
            }
            catch (IOException)
            {
                return null; // closed while we looked
            }
        }).ToList();

    private static int OpenDescriptorCount()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        return Directory.GetFiles("/proc/self/fd").Length;
    }

    private static int ThreadCount() =>
        int.Parse(File.ReadLines("/proc/self/status").First(l => l.StartsWith("Threads:", StringComparison.Ordinal))[8..].Trim(),
            System.Globalization.CultureInfo.InvariantCulture);
}
