using Famfs.Diagnostics;
using Famfs.Errors;
using Famfs.Files;
using Famfs.Identity;

namespace Famfs.Hosting;

/// <summary>
/// The environment variables the famfs CLI and daemon honour, turned into options at their
/// start: the engine below reads none, so a library user configures it through options alone.
/// FAMFS_SYSTEM_UUID acts as another host (tests run several "hosts" over one device),
/// FAMFS_RUN_DIR moves /run/famfs (the poison ledger), FAMFS_CRASH_AT=STEP kills the process at
/// a crash point (the crash-matrix tests).
/// </summary>
internal static class HostEnvironment
{
    public const string SystemUuidVariable = "FAMFS_SYSTEM_UUID";
    public const string RunDirectoryVariable = "FAMFS_RUN_DIR";
    public const string CrashAtVariable = "FAMFS_CRASH_AT";

    /// <summary>Process-wide settings: arms the crash point named by FAMFS_CRASH_AT. Called first thing in Main.</summary>
    public static void Apply() => CrashPoint.Arm(Environment.GetEnvironmentVariable(CrashAtVariable));

    /// <summary>This host's identity: FAMFS_SYSTEM_UUID when set, else the recorded system UUID (<see cref="SystemIdentity"/>).</summary>
    public static Guid SystemUuid()
    {
        var overridden = Environment.GetEnvironmentVariable(SystemUuidVariable);
        if (string.IsNullOrWhiteSpace(overridden))
        {
            return SystemIdentity.Current();
        }

        return Guid.TryParse(overridden.Trim(), out var uuid)
            ? uuid
            : throw new FamfsException(Errno.EINVAL, $"{SystemUuidVariable}='{overridden}' is not a UUID",
                "set it to a UUID such as 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0, or unset it");
    }

    /// <summary>FAMFS_RUN_DIR when set, else /run/famfs.</summary>
    public static string RunDirectory =>
        Environment.GetEnvironmentVariable(RunDirectoryVariable) is { Length: > 0 } dir ? dir : new FileSystemOptions().RunDirectory;

    /// <summary>The options a host opens a file system with: its identity and run directory from the environment.</summary>
    public static FileSystemOptions FileSystemOptions(bool readOnly = false) =>
        new() { ReadOnly = readOnly, SystemUuid = SystemUuid(), RunDirectory = RunDirectory };
}
