using Famfs.Admin;
using Famfs.Devices;
using Famfs.Files;
using Famfs.Tests.Files.Support;

namespace Famfs.Tests.Wiring;

/// <summary>The host's run-time records go where the options say, never where an environment variable says: a library user configures the engine through options alone.</summary>
public sealed class RunDirectoryTests : IDisposable
{
    private readonly ShmFileSystem _shm = new();
    private readonly TempDirectory _run = new("famfs-run");

    [Fact]
    public void A_memory_failure_is_recorded_under_the_run_directory_of_the_options_and_fsck_given_it_reports_it()
    {
        using (var fs = FamfsFileSystem.Open(_shm.Path, new FileSystemOptions { SystemUuid = _shm.Master, Cache = CacheMode.None, RunDirectory = _run.Path }))
        {
            var bad = fs.CreateFile("bad", 4096);
            fs.ReportMemoryFailure((long)bad.Map.DeviceExtents[0].Offset, 4096);
            Assert.StartsWith(_run.Path + "/", fs.PoisonLedgerPath, StringComparison.Ordinal);
            Assert.True(File.Exists(fs.PoisonLedgerPath));
        }

        using var device = MemoryDevice.Open(_shm.Path, FileAccess.Read);
        Assert.Equal(["bad"], Assert.Single(Fsck.Run(device, _run.Path).Poisoned).Files);
    }

    public void Dispose()
    {
        _run.Dispose();
        _shm.Dispose();
    }
}
