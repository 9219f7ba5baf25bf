using System.Diagnostics;

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
        var start = new ProcessStartInfo(who == Who.Root ? program : "setpriv")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/",
        };
        if (who != Who.Root)
        {
            var account = who == Who.Owner ? TestUsers.Owner : TestUsers.Other;
            start.ArgumentList.Add($"--reuid={account.Uid}");
            start.ArgumentList.Add($"--regid={account.Gid}");
            start.ArgumentList.Add(who == Who.GroupMember ? $"--groups={TestUsers.Group}" : "--clear-groups");
            start.ArgumentList.Add(program);
        }

        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"could not start {start.FileName}");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{program} {string.Join(' ', args)} as {who} did not finish within 60 s");
        }

        process.WaitForExit();
        return (process.ExitCode, stdout.Result, stderr.Result);
    }
}
