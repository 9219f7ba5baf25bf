namespace Famfs.Lifecycle;

/// <summary>
/// What identifies a set of events (as the kernel's mm token does): a file path, or a whole file system
/// by its UUID. Subscribers and the set's creator only need to agree on the token.
/// </summary>
public readonly record struct LifecycleToken
{
    private LifecycleToken(string value) => Value = value;

    /// <summary>"path:/a/b" or "fs:uuid".</summary>
    public string Value { get; }

    public static LifecycleToken ForPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new LifecycleToken($"path:{path}");
    }

    public static LifecycleToken ForFileSystem(Guid uuid) => new($"fs:{uuid:D}");

    public override string ToString() => Value;
}
