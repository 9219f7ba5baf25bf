namespace Famfs.VmTests;

/// <summary>
/// One file system, three hosts in turn: guest A (master) makes and fills it on /dev/dax0.0, the
/// host reads it from the backing file, guest B (a client) reads it and is refused a create.
/// </summary>
[RequiresRoot]
public sealed class MasterClientTests(ITestOutputHelper output)
{
    [Fact]
    public void The_master_guest_writes_and_the_host_and_a_client_guest_read()
    {
        using var shm = new SharedMemoryFile();

        var a = VmHarness.Run(new GuestSpec("master-A", "master.sh", shm.Path, Identities.As(Identities.GuestA)), output);
        a.AssertPassed();

        // The host, from the backing file: the same metadata and bytes guest A wrote.
        HostFamfs.RunChecked("fsck", shm.Path);
        HostFamfs.RunChecked("verify", "-D", shm.Path,
            "-m", "data/plain.bin,11", "-m", "data/striped.bin,12", "-m", "data/sub/m1.bin,21", "-m", "data/sub/m2.bin,22");
        var busybox = HostFamfs.RunChecked("getmap", "-D", shm.Path, "--json", "data/busybox");
        Assert.Contains($"\"size\": {new FileInfo("/bin/busybox").Length}", busybox.StdOut, StringComparison.Ordinal);
        var listed = HostFamfs.RunChecked("logplay", "-n", shm.Path);
        Assert.Contains("data/striped.bin", listed.StdOut, StringComparison.Ordinal);
        HostCatEquals(shm.Path, "data/busybox", "/bin/busybox");

        var b = VmHarness.Run(new GuestSpec("client-B", "client.sh", shm.Path, Identities.As(Identities.GuestB)), output);
        b.AssertPassed();
        HostFamfs.RunChecked("fsck", shm.Path); // B's refused creates left nothing behind
    }

    /// <summary>famfs cat on the host gives exactly the bytes of <paramref name="original"/> (the file the guest copied in).</summary>
    internal static void HostCatEquals(string device, string path, string original)
    {
        using var directory = TempDirectory.InShm("vm-cat");
        var copy = directory["copy"];
        var cat = Shell.Run("bash", ["-c", $"\"$0\" cat -D \"$1\" \"$2\" > \"$3\"",
            Path.Combine(VmHarness.RepoRoot, "artifacts", "bin", "famfs"), device, path, copy]);
        Assert.True(cat.ExitCode == 0, $"host: famfs cat -D {device} {path} → {cat}");
        Assert.True(File.ReadAllBytes(original).AsSpan().SequenceEqual(File.ReadAllBytes(copy)),
            $"host: famfs cat of {path} differs from {original}");
    }
}
