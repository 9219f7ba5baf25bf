using Famfs.Errors;

namespace Famfs.Identity;

/// <summary>
/// This host's system UUID, as famfs determines it: the text file /opt/famfs/system_uuid,
/// created with a random UUID (mode 0444) when missing. A host may give another identity in
/// <see cref="Files.FileSystemOptions.SystemUuid"/>: the CLI and the daemon take it from
/// FAMFS_SYSTEM_UUID (<see cref="Hosting.HostEnvironment"/>), which is how tests run several
/// "hosts" over one shared memory device on one machine.
/// </summary>
internal static class SystemIdentity
{
    public const string UuidFile = "/opt/famfs/system_uuid";

    public static Guid Current() => File.Exists(UuidFile) ? ReadFile() : CreateFile();

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
                "run once as root, or set FAMFS_SYSTEM_UUID");
        }

        return uuid;
    }
}
