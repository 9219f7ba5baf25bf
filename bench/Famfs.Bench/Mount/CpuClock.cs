using System.Globalization;

namespace Famfs.Bench.Mount;

/// <summary>
/// CPU time, user and kernel alike, from the kernel's accounting. On a machine other work loads,
/// the CPU a read costs (reader plus daemon) stays put while its wall-clock speed swings, so it
/// tells a slower path from a busier machine.
/// </summary>
internal static class CpuClock
{
    /// <summary>The calling thread's CPU time in seconds (/proc/thread-self/schedstat: nanoseconds).</summary>
    public static double ThisThread() => Seconds("/proc/thread-self/schedstat");

    /// <summary>
    /// Process <paramref name="pid"/>'s CPU time in seconds (utime + stime of /proc/PID/stat),
    /// threads that already ended included: libfuse's loop starts and ends workers as it goes.
    /// In clock ticks (USER_HZ, 100 on Linux): 10 ms steps, against the hundreds a 1 GiB read costs.
    /// </summary>
    public static double Process(int pid)
    {
        const double ticksPerSecond = 100;
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' '); // after "pid (comm) ": field 3 onwards
        return (long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture)) / ticksPerSecond;
    }

    private static double Seconds(string schedstat) => long.Parse(File.ReadAllText(schedstat).Split(' ')[0], CultureInfo.InvariantCulture) / 1e9;
}
