namespace Famfs.Lifecycle;

/// <summary>
/// What identifies a set of events (as the kernel's mm token does):
/// subscribers and the set's creator only need to agree on it. A token is a kind and a value,
/// compared together, so no path can ever equal an address space's name or a file system's UUID.
/// </summary>
public readonly record struct LifecycleToken
{
    private LifecycleToken(LifecycleTokenKind kind, string value)
    {
        Kind = kind;
        Value = value;
    }

    public LifecycleTokenKind Kind { get; }

    /// <summary>The path, the UUID ("D" format) or the address space's name.</summary>
    public string Value { get; }

    public static LifecycleToken ForPath(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new LifecycleToken(LifecycleTokenKind.Path, path);
    }

    public static LifecycleToken ForFileSystem(Guid uuid) => new(LifecycleTokenKind.FileSystem, uuid.ToString("D"));

    /// <summary>The token of an address space named <paramref name="name"/> (see <see cref="AddressSpace.Token"/>).</summary>
    public static LifecycleToken ForAddressSpace(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        return new LifecycleToken(LifecycleTokenKind.AddressSpace, name);
    }

    public override string ToString() => Kind switch
    {
        LifecycleTokenKind.Path => $"path:{Value}",
        LifecycleTokenKind.FileSystem => $"fs:{Value}",
        _ => $"space:{Value}",
    };
}
