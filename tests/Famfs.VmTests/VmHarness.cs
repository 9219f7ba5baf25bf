using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Famfs.VmTests;

/// <summary>
/// The tests' side of scripts/vm: builds the guest image once per test run
/// (scripts/vm/build-initramfs.sh) and boots guests with scripts/vm/run-guest.sh as real
/// processes. A test that cannot run — qemu, the kernel or the payload missing — fails with the
/// reason the scripts gave; it never skips.
/// </summary>
internal static class VmHarness
{
    /// <summary>
    /// Per-guest limit, boot to result (FAMFS_VM_GUEST_TIMEOUT seconds): a guest takes 5-15 s with
    /// the native AOT payload; the margin is for a loaded runner, not for slow code.
    /// </summary>
    public static readonly TimeSpan GuestTimeout = Seconds("FAMFS_VM_GUEST_TIMEOUT", 90);

    /// <summary>
    /// All guests of the run together (FAMFS_VM_SUITE_BUDGET seconds, counted from the first boot):
    /// once spent, the remaining tests fail at once instead of stretching the run.
    /// </summary>
    public static readonly TimeSpan SuiteBudget = Seconds("FAMFS_VM_SUITE_BUDGET", 480);

    private static readonly Lazy<Stopwatch> SuiteClock = new(Stopwatch.StartNew, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<string?> ImageProblem = new(BuildImage, LazyThreadSafetyMode.ExecutionAndPublication);

    public static string RepoRoot => RepositoryRoot.Path;

    /// <summary>Console logs of every guest are kept here for a look after the run.</summary>
    public static string LogDirectory { get; } = Path.Combine(RepoRoot, "artifacts", "vm", "logs");

    private static string Script(string name) => Path.Combine(RepoRoot, "scripts", "vm", name);

    /// <summary>Fails the calling test when the guest image cannot be built, naming why.</summary>
    public static void EnsureImage()
    {
        if (ImageProblem.Value is { } problem)
        {
            Assert.Fail(problem);
        }
    }

    /// <summary>Starts a guest; <see cref="RunningGuest.Wait"/> collects its result.</summary>
    public static RunningGuest Start(GuestSpec spec)
    {
        EnsureImage();
        var left = SuiteBudget - SuiteClock.Value.Elapsed;
        Assert.True(left > TimeSpan.FromSeconds(15),
            $"the VM tests' time budget ({SuiteBudget.TotalSeconds:F0} s, FAMFS_VM_SUITE_BUDGET) is used up: guest {spec.Name} not started");
        var timeout = new[] { spec.Timeout ?? GuestTimeout, GuestTimeout, left }.Min();
        var scriptPath = Path.Combine(AppContext.BaseDirectory, "Guest", spec.Script);
        Assert.True(File.Exists(scriptPath), $"guest script {scriptPath} is missing from the test output");
        Directory.CreateDirectory(LogDirectory);
        var console = Path.Combine(LogDirectory, $"{spec.Name}.log");
        string[] args =
        [
            Script("run-guest.sh"), "--no-build", "--quiet", "--name", spec.Name, "--shm", spec.SharedMemory,
            "--script", scriptPath, "--console", console,
            "--timeout", ((int)timeout.TotalSeconds).ToString(CultureInfo.InvariantCulture),
            "--cpus", spec.Cpus.ToString(CultureInfo.InvariantCulture),
            .. spec.Environment.SelectMany(variable => new[] { "--env", $"{variable.Key}={variable.Value}" }),
            .. spec.Files.SelectMany(file => new[] { "--file", file }),
        ];
        var guest = new RunningGuest(spec, console, timeout, Shell.Start("bash", args, RepoRoot));
        guest.StopClockOnExit();
        return guest;
    }

    /// <summary>Boots a guest and waits for its result.</summary>
    public static GuestResult Run(GuestSpec spec, ITestOutputHelper output)
    {
        using var guest = Start(spec);
        return guest.Wait(output);
    }

    /// <summary>Runs a build script of scripts/vm that prints a path on its last line; fails the test with its output otherwise.</summary>
    public static string BuildWith(string script)
    {
        var result = Shell.Run("bash", [Script(script)], RepoRoot, TimeSpan.FromMinutes(15));
        Assert.True(result.ExitCode == 0, $"scripts/vm/{script} exited {result.ExitCode}:\n{result.StdErr.Trim()}\n{result.StdOut.Trim()}");
        return result.StdOut.Trim().Split('\n')[^1];
    }

    private static string? BuildImage()
    {
        var result = Shell.Run("bash", [Script("build-initramfs.sh")], RepoRoot, TimeSpan.FromMinutes(15));
        return result.ExitCode == 0
            ? null
            : $"the VM harness cannot run: scripts/vm/build-initramfs.sh exited {result.ExitCode}" +
              $" (install what it names, e.g. with scripts/setup.sh):\n{result.StdErr.Trim()}\n{result.StdOut.Trim()}";
    }

    private static TimeSpan Seconds(string variable, int fallback) =>
        TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable(variable), CultureInfo.InvariantCulture, out var s) ? s : fallback);
}

/// <summary>
/// One guest boot: which scenario script, on which shared file, with what environment, and
/// host files to add to the guest (SOURCE:GUEST-PATH, see run-guest.sh --file).
/// </summary>
internal sealed record GuestSpec(string Name, string Script, string SharedMemory, IReadOnlyDictionary<string, string> Environment)
{
    public IReadOnlyList<string> Files { get; init; } = [];

    /// <summary>A shorter limit than <see cref="VmHarness.GuestTimeout"/> (never a longer one).</summary>
    public TimeSpan? Timeout { get; init; }

    /// <summary>The guest's processors: one unless a scenario needs threads to run side by side.</summary>
    public int Cpus { get; init; } = 1;
}

/// <summary>A guest being run by run-guest.sh; disposing kills it (and qemu) if still running.</summary>
internal sealed class RunningGuest(GuestSpec spec, string consolePath, TimeSpan timeout, Process process) : IDisposable
{
    private readonly Task<string> _stdout = process.StandardOutput.ReadToEndAsync();
    private readonly Task<string> _stderr = process.StandardError.ReadToEndAsync();
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>Stops the clock when the guest ends, not when someone waits for it (after another guest, say).</summary>
    private Task? _stopped;

    public GuestResult Wait(ITestOutputHelper output)
    {
        StopClockOnExit();
        // run-guest.sh enforces the guest timeout itself; this margin only catches a stuck script.
        var killed = !process.WaitForExit(timeout + TimeSpan.FromSeconds(30));
        if (killed)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        var console = File.Exists(consolePath) ? File.ReadAllText(consolePath).Replace("\r", string.Empty, StringComparison.Ordinal) : string.Empty;
        var harness = (_stderr.Result + _stdout.Result).Trim();
        if (killed)
        {
            harness += "\nrun-guest.sh did not return in time and was killed with qemu";
        }

        _stopped!.Wait();
        var result = new GuestResult(spec, killed ? -1 : process.ExitCode, console, consolePath, harness, _clock.Elapsed);
        output.WriteLine(result.Summary);
        File.AppendAllText(Path.Combine(VmHarness.LogDirectory, "timings.txt"), result.Summary + "\n");
        return result;
    }

    /// <summary>Called right after start (and again, harmlessly, on Wait).</summary>
    public void StopClockOnExit() => _stopped ??= process.WaitForExitAsync().ContinueWith(_ => _clock.Stop(), TaskScheduler.Default);

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }

        process.Dispose();
    }
}

/// <summary>What a guest did: exit status, console, and the timings the console shows.</summary>
internal sealed record GuestResult(GuestSpec Spec, int ExitCode, string Console, string ConsolePath, string Harness, TimeSpan Elapsed)
{
    private const int TailLines = 60;

    public bool Passed => ExitCode == 0;

    /// <summary>Guest uptime when init started (kernel boot and initramfs unpack).</summary>
    public string BootUptime => Marker("FAMFS-VM-BOOTED uptime=");

    /// <summary>Guest uptime at the result line.</summary>
    public string ResultUptime => Marker("FAMFS-VM-RESULT rc=", "uptime=");

    public string? FailedStep => Lines.LastOrDefault(l => l.StartsWith("FAMFS-VM-STEP-FAILED", StringComparison.Ordinal)
                                                          || l.StartsWith("FAMFS-VM-ERROR", StringComparison.Ordinal));

    public string[] Lines => Console.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    public string Summary => string.Create(CultureInfo.InvariantCulture,
        $"guest {Spec.Name} ({Spec.Script}): exit {ExitCode}, init at {BootUptime} s, result at {ResultUptime} s guest uptime, {Elapsed.TotalSeconds:F1} s wall");

    public void AssertPassed()
    {
        if (!Passed)
        {
            Assert.Fail(Describe("failed"));
        }
    }

    /// <summary>A failure message with the failing step and the console's tail, never just "failed".</summary>
    public string Describe(string what)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"guest {Spec.Name} ({Spec.Script}) {what}: exit {ExitCode}");
        text.AppendLine(CultureInfo.InvariantCulture, $"failing step: {FailedStep ?? "(none reported)"}");
        var verdict = Harness.Split('\n').FirstOrDefault(l => l.StartsWith("run-guest:", StringComparison.Ordinal)) ?? Harness;
        text.AppendLine(CultureInfo.InvariantCulture, $"harness: {verdict}");
        text.AppendLine(CultureInfo.InvariantCulture, $"console tail ({ConsolePath}):");
        foreach (var line in Lines.TakeLast(TailLines))
        {
            text.Append("  | ").AppendLine(line);
        }

        return text.ToString();
    }

    /// <summary>Asserts <paramref name="text"/> is in the console, quoting the tail if not.</summary>
    public void AssertConsoleContains(string text)
    {
        if (!Console.Contains(text, StringComparison.Ordinal))
        {
            Assert.Fail(Describe($"console does not contain '{text}'"));
        }
    }

    private string Marker(string prefix, string? field = null)
    {
        var line = Lines.LastOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        if (line is null)
        {
            return "?";
        }

        var rest = field is null ? line[prefix.Length..] : line[(line.IndexOf(field, StringComparison.Ordinal) + field.Length)..];
        return rest.Split(' ')[0];
    }
}
