using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Cli.Tests.Mount.Support;
using Famfs.Files;

namespace Famfs.Cli.Tests.Mount;

/// <summary>Nothing done through the mount changes famfs metadata; writes stay inside a file's size.</summary>
[Collection(CliCollection.Name)]
[RequiresRoot]
public sealed class RefusedChangeTests
{
    [Fact]
    public void Rm_mv_truncate_redirect_mkdir_touch_and_chmod_through_the_mount_fail_and_leave_the_log_byte_identical()
    {
        using var rig = new MountRig();
        var mount = rig.Mount("m");
        CliFixture.Expect(0, rig.Famfs(["creat", "-r", "-r", "-S", "7", "-s", "1m", Path.Combine(mount, "file")]));
        CliFixture.Expect(0, rig.Famfs(["mkdir", Path.Combine(mount, "dir")]));
        var hash = rig.Cli.MetadataHash();
        var content = File.ReadAllBytes(Path.Combine(mount, "file"));

        string[][] commands =
        [
            ["rm", "-f", "file"],
            ["rm", "-rf", "dir"],
            ["mv", "file", "renamed"],
            ["mv", "file", "dir/"],
            ["truncate", "-s", "0", "file"],
            ["truncate", "-s", "4m", "file"],
            ["sh", "-c", "echo replaced > file"],
            ["sh", "-c", "echo new > newfile"],
            ["mkdir", "newdir"],
            ["touch", "newfile"],
            ["chmod", "600", "file"],
            ["ln", "file", "hardlink"],
        ];
        foreach (var command in commands)
        {
            var result = Shell.Run(command[0], command[1..], workingDirectory: mount);
            Assert.True(result.ExitCode != 0, $"{string.Join(' ', command)} through the mount succeeded");
            Assert.True(result.StdErr.Contains("Operation not permitted", StringComparison.Ordinal)
                || result.StdErr.Contains("Permission denied", StringComparison.Ordinal)
                || result.StdErr.Contains("Read-only", StringComparison.Ordinal),
                $"{string.Join(' ', command)}: unexpected error {result.StdErr}");
            Assert.Equal(hash, rig.Cli.MetadataHash());
        }

        Assert.Equal(content, File.ReadAllBytes(Path.Combine(mount, "file")));
        Assert.Equal([".famfs", ".meta", "dir", "file"], Directory.GetFileSystemEntries(mount).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("644 1048576", Shell.RunChecked("stat", ["-c", "%a %s", Path.Combine(mount, "file")], "stat").StdOut.Trim());
    }

    [Fact]
    public void Writes_land_in_device_memory_within_the_size_and_fail_with_EFBIG_past_it()
    {
        using var rig = new MountRig();
        var mount = rig.Mount("m");
        var file = Path.Combine(mount, "file");
        CliFixture.Expect(0, rig.Famfs(["creat", "-s", "1m", file]));
        var hash = rig.Cli.MetadataHash();

        // Inside the size: the bytes are in the file (and on the device), through the mount and the library alike.
        var inside = Shell.Run("dd", ["if=/dev/urandom", $"of={file}", "bs=4096", "count=2", "seek=254", "conv=notrunc"]);
        Assert.True(inside.ExitCode == 0, $"dd inside the file's size failed: {inside.StdErr}");
        var tail = File.ReadAllBytes(file)[^4096..];
        using (var fs = FamfsFileSystem.Open(rig.Device, new FileSystemOptions { ReadOnly = true }))
        using (var onDevice = fs.OpenFile("file"))
        {
            var bytes = new byte[4096];
            onDevice.Read(onDevice.Length - 4096, bytes);
            Assert.Equal(tail, bytes);
        }

        // Starting at the size, and crossing it.
        var past = Shell.Run("dd", ["if=/dev/zero", $"of={file}", "bs=4096", "count=1", "seek=256", "conv=notrunc"]);
        Assert.NotEqual(0, past.ExitCode);
        Assert.Contains("File too large", past.StdErr, StringComparison.Ordinal);
        var append = Shell.Run("bash", ["-c", $"echo more >> {file}"]); // dash reports every write error as "I/O error"
        Assert.NotEqual(0, append.ExitCode);
        Assert.Contains("File too large", append.StdErr, StringComparison.Ordinal);

        Assert.Equal("1048576", Shell.RunChecked("stat", ["-c", "%s", file], "stat").StdOut.Trim());
        Assert.Equal(tail, File.ReadAllBytes(file)[^4096..]);
        Assert.Equal(hash, rig.Cli.MetadataHash());
    }
}
