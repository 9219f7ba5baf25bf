using System.Globalization;

namespace Famfs.Bench.Mount;

/// <summary>
/// CPU time from the scheduler's own accounting (/proc/.../schedstat: nanoseconds on a CPU, user
/// and kernel alike). On a machine other work loads, the CPU a read costs (reader plus daemon)
/// stays put while its wall-clock speed swings, so it tells a slower path from a busier machine.
/// </summary>
internal static class CpuClock
{
    /// <summary>The calling thread's CPU time in seconds.</summary>
    public static double ThisThread() => Seconds("/proc/thread-self/schedstat");

    /// <summary>All of process <paramref name="pid"/>'s threads' CPU time in seconds.</summary>
    public static double Process(int pid) =>
        Directory.EnumerateDirectories($"/proc/{pid}/task").Sum(task => Seconds(Path.Combine(task, "schedstat")));

    private static double Seconds(string schedstat)
    {
        try
        {
            return long.Parse(File.ReadAllText(schedstat).Split(' ')[0], CultureInfo.InvariantCulture) / 1e9;
        }
        catch (IOException)
        {
            return 0; // a thread that ended between the listing and the read
        }
    }
}
