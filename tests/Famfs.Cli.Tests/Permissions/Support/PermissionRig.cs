using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Cli.Tests.Mount.Support;
using Famfs.Files;

namespace Famfs.Cli.Tests.Permissions.Support;

/// <summary>What a probe does to a path.</summary>
public enum Probe
{
    /// <summary>Read the file's data (cat).</summary>
    Read,

    /// <summary>Write the file's data in place (open O_RDWR through a mount; famfs cp over it with -D).</summary>
    Write,

    /// <summary>stat the path (mount only): a name inside a directory the caller cannot search stays hidden.</summary>
    Stat,

    /// <summary>List the directory (mount only).</summary>
    List,
}

/// <summary>One line of the permission matrix: who may do <see cref="Probe"/> to <see cref="Path"/>.</summary>
public sealed record MatrixRow(string Path, Probe Probe, Who[] Allowed)
{
    /// <summary>Whether the row exists through device (-D) commands too, not only through a mount.</summary>
    public bool OnDevice => Probe is Probe.Read or Probe.Write && !Path.StartsWith(".meta", StringComparison.Ordinal);

    public override string ToString() => $"{Probe} {Path}";
}

/// <summary>
/// Two formatted devices with the same files — owned by famfs-test-a, modes 0600, 0640 (group
/// famfs-test-g), 0644 and a 0644 file inside a 0700 directory — one mounted with the kernel's
/// default_permissions and one with -p, both with allow_other, as the master. The first device
/// is also opened to every local user (0666), as an administrator granting device access would,
/// so device (-D) commands reach the CLI's own per-file judgement.
/// </summary>
public sealed class PermissionRig : IDisposable
{
    public const int FileSize = 4096;

    public static readonly MatrixRow[] Rows =
    [
        new("f600", Probe.Read, [Who.Root, Who.Owner]),
        new("f600", Probe.Write, [Who.Root, Who.Owner]),
        new("f640", Probe.Read, [Who.Root, Who.Owner, Who.GroupMember]),
        new("f640", Probe.Write, [Who.Root, Who.Owner]),
        new("f644", Probe.Read, [Who.Root, Who.Owner, Who.Other, Who.GroupMember]),
        new("f644", Probe.Write, [Who.Root, Who.Owner]),
        new("d700/in700", Probe.Read, [Who.Root, Who.Owner]),
        new("d700/in700", Probe.Write, [Who.Root, Who.Owner]),
        new("d700/in700", Probe.Stat, [Who.Root, Who.Owner]),
        new("d700", Probe.List, [Who.Root, Who.Owner]),
        new(".meta", Probe.List, [Who.Root]),
        new(".meta/.log", Probe.Read, [Who.Root]),
        new(".meta/.superblock", Probe.Read, [Who.Root]),
    ];

    private readonly MountRig _withKernelChecks = new();
    private readonly MountRig _withoutKernelChecks = new();

    public PermissionRig()
    {
        try
        {
            Populate(_withKernelChecks);
            Populate(_withoutKernelChecks);
            KernelChecksMount = MountShared(_withKernelChecks, []);
            DaemonChecksMount = MountShared(_withoutKernelChecks, ["-p"]);
            File.SetUnixFileMode(Device, (UnixFileMode)0x1B6); // 0666
            CopySource = Path.Combine(_withKernelChecks.Cli.ScratchDirectory(), "source");
            File.WriteAllBytes(CopySource, new byte[FileSize]);
            File.SetUnixFileMode(CopySource, (UnixFileMode)0x1A4); // 0644
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The default mount: the kernel checks modes (default_permissions) and so does the daemon.</summary>
    public string KernelChecksMount { get; }

    /// <summary>The -p mount: only the daemon checks.</summary>
    public string DaemonChecksMount { get; }

    /// <summary>The first device (0666) for device commands.</summary>
    public string Device => _withKernelChecks.Device;

    /// <summary>The master's system UUID for processes working on <see cref="Device"/>.</summary>
    public Guid Master => _withKernelChecks.Master;

    /// <summary>A local 4 KiB file everybody may read: the source of famfs cp write probes.</summary>
    public string CopySource { get; }

    public void Dispose()
    {
        _withKernelChecks.Dispose();
        _withoutKernelChecks.Dispose();
    }

    private static void Populate(MountRig rig)
    {
        var owner = TestUsers.Owner;
        using var fs = FamfsFileSystem.Open(rig.Device, new FileSystemOptions { SystemUuid = rig.Master });
        CreateOptions Owned(uint mode, uint? gid = null) => new() { Mode = (UnixFileMode)mode, Uid = owner.Uid, Gid = gid ?? owner.Gid };
        fs.CreateDirectory("d700", Owned(0x1C0));
        fs.CreateFile("f600", FileSize, Owned(0x180));
        fs.CreateFile("f640", FileSize, Owned(0x1A0, TestUsers.Group));
        fs.CreateFile("f644", FileSize, Owned(0x1A4));
        fs.CreateFile("d700/in700", FileSize, Owned(0x1A4));
    }

    /// <summary>Mounts where every user can reach the mount point (the rig's own directory is 0700).</summary>
    private static string MountShared(MountRig rig, string[] options)
    {
        var mountPoint = rig.NewMountPoint("m");
        File.SetUnixFileMode(Path.GetDirectoryName(mountPoint)!, (UnixFileMode)0x1ED); // 0755
        CliFixture.Expect(0, rig.Famfs(["mount", .. options, rig.Device, mountPoint]));
        return mountPoint;
    }
}
