using Famfs.Cli.Tests.FileCommands.Support;
using Famfs.Cli.Tests.Permissions.Support;
using Famfs.Errors;
using Famfs.Files;
using Famfs.Namespace;

namespace Famfs.Cli.Tests.Permissions;

/// <summary>
/// Every caller (root, the owner, another user, a member of the file's group) against every
/// protected thing (files 0600, 0640, 0644, a file in a 0700 directory, the .meta files), through
/// each way in: a mount with the kernel's checks, a mount with -p (the daemon's checks only),
/// device (-D) commands, and the library's caller-checked opens. Each case runs real processes
/// as the caller and compares every row of <see cref="PermissionRig.Rows"/>; the mounts and
/// files are made once for the class.
/// </summary>
[Collection(CliCollection.Name)]
[RequiresRoot]
public sealed class PermissionMatrixTests(PermissionRig rig) : IClassFixture<PermissionRig>
{
    // Runs each (probe, path) pair given as arguments and prints one line per pair: "ok", or "denied: " and the error.
    private const string MountProbeScript = """
        while [ $# -gt 1 ]; do
          probe=$1; path=$2; shift 2
          case $probe in
            Read) out=$(cat -- "$path" 2>&1 >/dev/null) ;;
            Write) out=$( (printf x 1<>"$path") 2>&1) ;;
            Stat) out=$(stat -- "$path" 2>&1 >/dev/null) ;;
            List) out=$(ls -- "$path" 2>&1 >/dev/null) ;;
          esac
          if [ $? -eq 0 ]; then echo ok; else echo "denied: $out" | tr '\n' ' '; echo; fi
        done
        """;

    public static TheoryData<bool, Who> MountCases()
    {
        var cases = new TheoryData<bool, Who>();
        foreach (var kernelChecks in new[] { true, false })
        {
            foreach (var who in Callers.All)
            {
                cases.Add(kernelChecks, who);
            }
        }

        return cases;
    }

    public static TheoryData<Who> AllCallers() => [.. Callers.All];

    [Theory]
    [MemberData(nameof(MountCases))]
    public void Through_a_mount_a_caller_gets_exactly_what_the_logged_mode_uid_and_gid_allow(bool kernelChecks, Who who)
    {
        var mount = kernelChecks ? rig.KernelChecksMount : rig.DaemonChecksMount;
        var args = new List<string> { "-c", MountProbeScript, "probe" };
        foreach (var row in PermissionRig.Rows)
        {
            args.AddRange([row.Probe.ToString(), Path.Combine(mount, row.Path)]);
        }

        var run = Callers.Run(who, "sh", args);
        var lines = run.StdOut.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == PermissionRig.Rows.Length, $"the probe script as {who} printed {lines.Length} lines for {PermissionRig.Rows.Length} probes: {run.StdOut}{run.StdErr}");
        AssertMatrix(who, kernelChecks ? "mount" : "mount -p", PermissionRig.Rows.Select((row, i) => (row, Outcome(lines[i], "Permission denied"))));
    }

    [Theory]
    [MemberData(nameof(AllCallers))]
    public void Through_device_commands_a_caller_gets_exactly_what_the_logged_mode_uid_and_gid_allow(Who who)
    {
        var famfs = Path.Combine(AppContext.BaseDirectory, "famfs.dll");
        var environment = new Dictionary<string, string> { ["FAMFS_SYSTEM_UUID"] = rig.Master.ToString() };
        var outcomes = PermissionRig.Rows.Where(r => r.OnDevice).Select(row =>
        {
            string[] command = row.Probe == Probe.Read
                ? ["cat", "-D", rig.Device, row.Path]
                : ["cp", "-D", rig.Device, rig.CopySource, row.Path];
            var (exit, _, stderr) = Callers.Run(who, "dotnet", [famfs, .. command], environment);
            var outcome = exit == 0 ? "ok" : exit == ExitCodes.NotPermitted ? $"denied: {stderr.Trim()}" : $"failed (exit {exit}): {stderr.Trim()}";
            return (row, Outcome(outcome, "permission"));
        });
        AssertMatrix(who, "famfs -D", outcomes);
    }

    [Theory]
    [MemberData(nameof(AllCallers))]
    public void Through_the_library_a_caller_gets_exactly_what_the_logged_mode_uid_and_gid_allow(Who who)
    {
        var caller = who switch
        {
            Who.Root => new Caller(0, 0),
            Who.Owner => new Caller(TestUsers.Owner.Uid, TestUsers.Owner.Gid),
            Who.Other => new Caller(TestUsers.Other.Uid, TestUsers.Other.Gid),
            _ => new Caller(TestUsers.Other.Uid, TestUsers.Other.Gid, () => [TestUsers.Group]),
        };
        using var fs = FamfsFileSystem.Open(rig.Device, new FileSystemOptions { SystemUuid = rig.Master });
        var outcomes = PermissionRig.Rows.Where(r => r.OnDevice).Select(row =>
        {
            try
            {
                fs.OpenFile(row.Path, writable: row.Probe == Probe.Write, caller).Dispose();
                return (row, "ok");
            }
            catch (FamfsException e) when (e.Errno == Errno.EACCES)
            {
                return (row, "denied");
            }
        });
        AssertMatrix(who, "FamfsFileSystem.OpenFile", outcomes);
    }

    [Fact]
    public void Device_commands_create_only_in_directories_the_caller_may_write_and_the_creator_fills_its_own_read_only_file()
    {
        var famfs = Path.Combine(AppContext.BaseDirectory, "famfs.dll");
        var environment = new Dictionary<string, string> { ["FAMFS_SYSTEM_UUID"] = rig.Master.ToString() };
        (int ExitCode, string StdOut, string StdErr) Famfs(Who who, params string[] args) => Callers.Run(who, "dotnet", [famfs, .. args], environment);

        var intoRoot = Famfs(Who.Other, "mkdir", "-D", rig.Device, "by-other");
        Assert.True(intoRoot.ExitCode == ExitCodes.NotPermitted && intoRoot.StdErr.Contains("create entries in directory '/'", StringComparison.Ordinal),
            $"another user made a directory in the 0755 root's root: exit {intoRoot.ExitCode}: {intoRoot.StdErr}");
        var intoPrivate = Famfs(Who.Other, "creat", "-D", rig.Device, "-s", "4k", "d700/by-other");
        Assert.True(intoPrivate.ExitCode == ExitCodes.NotPermitted && intoPrivate.StdErr.Contains("search directory 'd700'", StringComparison.Ordinal),
            $"another user created a file in the owner's 0700 directory: exit {intoPrivate.ExitCode}: {intoPrivate.StdErr}");

        var own = Famfs(Who.Owner, "creat", "-D", rig.Device, "-s", "4k", "-m", "0444", "-r", "-S", "7", "d700/read-only");
        Assert.True(own.ExitCode == 0, $"the owner could not create and fill a 0444 file in its directory: {own.StdErr}");
        var verify = Famfs(Who.Root, "verify", "-D", rig.Device, "-S", "7", "-f", "d700/read-only");
        Assert.True(verify.ExitCode == 0, $"the creator's fill is not there: {verify.StdOut}{verify.StdErr}");
        var overwrite = Famfs(Who.Owner, "cp", "-D", rig.Device, rig.CopySource, "d700/read-only");
        Assert.True(overwrite.ExitCode == ExitCodes.NotPermitted, $"cp overwrote a 0444 file: exit {overwrite.ExitCode}: {overwrite.StdErr}");
    }

    [Fact]
    public void Mkfs_create_makes_a_device_only_root_can_open_whatever_the_umask()
    {
        using var file = TempDevice.ReservePath("cli-mkfs-umask");
        var device = file.Path;
        var famfs = Path.Combine(AppContext.BaseDirectory, "famfs.dll");
        var mkfs = Callers.Run(Who.Root, "sh", ["-c", "umask 0; exec dotnet \"$0\" mkfs --create 4g \"$1\"", famfs, device]);
        Assert.True(mkfs.ExitCode == 0, $"mkfs --create: {mkfs.StdErr}");
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(device));

        var cat = Callers.Run(Who.Other, "dotnet", [famfs, "cat", "-D", device, "anything"]);
        Assert.True(cat.ExitCode == ExitCodes.NotPermitted && cat.StdErr.Contains("no permission to open memory device", StringComparison.Ordinal),
            $"another user opened the device: exit {cat.ExitCode}: {cat.StdErr}");
    }

    /// <summary>"ok" is allowed; "denied: …" must name <paramref name="denial"/> (EACCES, not some other failure).</summary>
    private static string Outcome(string line, string denial) =>
        line == "ok" ? "ok"
        : line.StartsWith("denied:", StringComparison.Ordinal) && line.Contains(denial, StringComparison.OrdinalIgnoreCase) ? "denied"
        : $"unexpected: {line}";

    private static void AssertMatrix(Who who, string way, IEnumerable<(MatrixRow Row, string Outcome)> outcomes)
    {
        var wrong = outcomes
            .Select(o => (o.Row, o.Outcome, Expected: o.Row.Allowed.Contains(who) ? "ok" : "denied"))
            .Where(o => o.Outcome != o.Expected)
            .Select(o => $"  {o.Row}: expected {o.Expected}, got {o.Outcome}")
            .ToList();
        Assert.True(wrong.Count == 0, $"{who} through {way}:\n{string.Join('\n', wrong)}");
    }
}
