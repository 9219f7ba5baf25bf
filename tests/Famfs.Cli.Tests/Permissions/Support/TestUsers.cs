
namespace Famfs.Cli.Tests.Permissions.Support;

/// <summary>A real local account (or group) the permission tests run commands as.</summary>
internal sealed record TestAccount(string Name, uint Uid, uint Gid);

/// <summary>
/// The unprivileged users and the group of the permission tests, created on first use if
/// scripts/setup.sh has not made them yet (idempotent; a concurrent creator is tolerated):
/// famfs-test-a owns the files, famfs-test-b is another user, and famfs-test-g is a group
/// nobody belongs to by default — a caller gets it only when a test hands it over explicitly.
/// </summary>
internal static class TestUsers
{
    public const string OwnerName = "famfs-test-a";
    public const string OtherName = "famfs-test-b";
    public const string GroupName = "famfs-test-g";

    private static readonly Lazy<(TestAccount Owner, TestAccount Other, uint Group)> Accounts = new(Create);

    public static TestAccount Owner => Accounts.Value.Owner;

    public static TestAccount Other => Accounts.Value.Other;

    /// <summary>The gid of famfs-test-g.</summary>
    public static uint Group => Accounts.Value.Group;

    private static (TestAccount, TestAccount, uint) Create()
    {
        Assert.True(Environment.IsPrivilegedProcess, "the permission tests run as root: they create users and switch to them with setpriv");
        return (User(OwnerName), User(OtherName), GroupId());
    }

    private static TestAccount User(string name)
    {
        if (Id(name, "-u") is null)
        {
            Shell.Run("useradd", ["--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", name]);
        }

        var uid = Id(name, "-u") ?? throw new InvalidOperationException($"could not create user {name} (useradd, from the passwd package)");
        return new TestAccount(name, uid, Id(name, "-g")!.Value);
    }

    private static uint GroupId()
    {
        if (Gid() is null)
        {
            Shell.Run("groupadd", ["--system", GroupName]);
        }

        return Gid() ?? throw new InvalidOperationException($"could not create group {GroupName} (groupadd)");

        static uint? Gid()
        {
            var entry = Shell.Run("getent", ["group", GroupName]);
            return entry.ExitCode == 0 ? uint.Parse(entry.StdOut.Split(':')[2], System.Globalization.CultureInfo.InvariantCulture) : null;
        }
    }

    private static uint? Id(string name, string which)
    {
        var id = Shell.Run("id", [which, name]);
        return id.ExitCode == 0 ? uint.Parse(id.StdOut.Trim(), System.Globalization.CultureInfo.InvariantCulture) : null;
    }
}
