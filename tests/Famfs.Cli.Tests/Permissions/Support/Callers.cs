namespace Famfs.Cli.Tests.Permissions.Support;

/// <summary>Who runs a probe.</summary>
public enum Who
{
    /// <summary>uid 0: passes every read and write check, as CAP_DAC_OVERRIDE does.</summary>
    Root,

    /// <summary>famfs-test-a, the owner of every probed file.</summary>
    Owner,

    /// <summary>famfs-test-b with no supplementary groups.</summary>
    Other,

    /// <summary>famfs-test-b with famfs-test-g as a supplementary group (the group of the 0640 file).</summary>
    GroupMember,
}

/// <summary>Runs programs as a <see cref="Who"/>: root directly, the others through setpriv (util-linux), as real processes.</summary>
internal static class Callers
{
    public static readonly Who[] All = [Who.Root, Who.Owner, Who.Other, Who.GroupMember];

    public static (int ExitCode, string StdOut, string StdErr) Run(Who who, string program, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var result = who == Who.Root
            ? Shell.Run(program, args, timeout: TimeSpan.FromSeconds(60), environment: environment)
            : Shell.Run("setpriv", [.. Identity(who), program, .. args], timeout: TimeSpan.FromSeconds(60), environment: environment);
        return (result.ExitCode, result.StdOut, result.StdErr);
    }

    /// <summary>setpriv's arguments that become <paramref name="who"/>.</summary>
    private static string[] Identity(Who who)
    {
        var account = who == Who.Owner ? TestUsers.Owner : TestUsers.Other;
        return [$"--reuid={account.Uid}", $"--regid={account.Gid}", who == Who.GroupMember ? $"--groups={TestUsers.Group}" : "--clear-groups"];
    }
}
