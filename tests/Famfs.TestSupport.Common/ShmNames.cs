namespace Famfs.TestSupport;

/// <summary>
/// Names of the tests' scratch files and directories in /dev/shm: famfs-test-TAG-PID-N-RANDOM.
/// The creating process's id is part of every name, so the leftovers of a killed run can be told
/// from the files of a live one.
/// </summary>
public static class ShmNames
{
    public const string Directory = "/dev/shm";
    public const string Prefix = "famfs-test-";
    private static int s_counter;

    /// <summary>A fresh unique path in /dev/shm; nothing is created.</summary>
    public static string Reserve(string tag) =>
        Path.Combine(Directory, $"{Prefix}{tag}-{Environment.ProcessId}-{Interlocked.Increment(ref s_counter)}-{Guid.NewGuid().ToString("N")[..8]}");
}
