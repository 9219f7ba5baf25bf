using Famfs.Errors;

namespace Famfs.Identity;

/// <summary>
/// This host's system UUID, as famfs determines it: the text file /opt/famfs/system_uuid,
/// created with a random UUID (mode 0444) when missing. The environment variable
/// FAMFS_SYSTEM_UUID, when set, overrides it for the process: that is how tests run several
/// "hosts" over one shared memory device on one machine.
/// </summary>
internal static class SystemIdentity
{
    public const string UuidFile = "/opt/famfs/system_uuid";
    public const string OverrideVariable = "FAMFS_SYSTEM_UUID";

    public static Guid Current()
    {
        var overridden = Environment.GetEnvironmentVariable(OverrideVariable);
        if (!string.IsNullOrWhiteSpace(overridden))
        {
            return Guid.TryParse(overridden.Trim(), out var uuid)
                ? uuid
                : throw new FamfsException(Errno.EINVAL, $"{OverrideVariable}='{overridden}' is not a UUID",
                    "set it to a UUID such as 0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0, or unset it");
        }

        return File.Exists(UuidFile) ? ReadFile() : CreateFile();
    }

    private static Guid ReadFile()
    {
        var text = File.ReadAllText(UuidFile).Trim();
        return Guid.TryParse(text.Length > 36 ? text[..36] : text, out var uuid)
            ? uuid
            : throw new FamfsException(Errno.EINVAL, $"{UuidFile} holds '{text}', not a UUID",
                "fix or remove the file (famfs creates a new one)");
    }

    private static Guid CreateFile()
    {
        var uuid = Guid.NewGuid();
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(UuidFile)!);
            File.WriteAllText(UuidFile, uuid.ToString() + "\n");
            File.SetUnixFileMode(UuidFile, UnixFileMode.UserRead | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        }
        catch (UnauthorizedAccessException)
        {
            throw new FamfsException(Errno.EACCES, $"cannot create {UuidFile} to record this host's system UUID",
                $"run once as root, or set {OverrideVariable}");
        }

        return uuid;
    }
}
