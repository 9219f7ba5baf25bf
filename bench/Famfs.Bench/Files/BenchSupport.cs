using System.Diagnostics;
using System.Numerics;
using System.Runtime.InteropServices;
using Famfs.Admin;
using Famfs.Devices;
using Famfs.Files;
using Famfs.Format;
using Famfs.TestSupport;

namespace Famfs.Bench.Files;

/// <summary>Devices in /dev/shm for the file benchmarks (<see cref="TempDevice"/>s, deleted on dispose) and best-of-N timing.</summary>
internal sealed class ShmScratch : IDisposable
{
    private readonly Dictionary<string, TempDevice> _devices = [];

    public Guid Master { get; } = Guid.NewGuid();

    /// <summary>A new sparse file of <paramref name="size"/> bytes, formatted as famfs with <see cref="Master"/> as master.</summary>
    public string NewFileSystem(ulong size)
    {
        var path = NewPath("fs");
        using var device = MemoryDevice.CreateFile(path, checked((long)size));
        Mkfs.Format(device, FormatConstants.DefaultLogLength, force: false, Master);
        return path;
    }

    public FamfsFileSystem Open(string path, CacheMode cache = CacheMode.None) =>
        FamfsFileSystem.Open(path, new FileSystemOptions { SystemUuid = Master, Cache = cache });

    /// <summary>A fresh path for a device the caller creates.</summary>
    public string NewPath(string what)
    {
        var device = TempDevice.ReservePath($"bench-{what}");
        _devices.Add(device.Path, device);
        return device.Path;
    }

    public void Delete(string path)
    {
        _devices[path].Dispose();
        _devices.Remove(path);
    }

    public void Dispose()
    {
        foreach (var device in _devices.Values)
        {
            device.Dispose();
        }
    }
}

internal static class Timing
{
    /// <summary>Runs <paramref name="warmups"/> untimed rounds, then returns the best of <paramref name="rounds"/> timed ones.</summary>
    public static TimeSpan Best(int warmups, int rounds, Action round, Action? beforeEach = null)
    {
        for (var i = 0; i < warmups; i++)
        {
            beforeEach?.Invoke();
            round();
        }

        var best = TimeSpan.MaxValue;
        for (var i = 0; i < rounds; i++)
        {
            beforeEach?.Invoke();
            var clock = Stopwatch.StartNew();
            round();
            clock.Stop();
            best = clock.Elapsed < best ? clock.Elapsed : best;
        }

        return best;
    }

    /// <summary>
    /// <see cref="Best"/> for several contenders at once, their rounds interleaved (a, b, a, b, …):
    /// a change in the machine's load part-way (other work on a shared host, an emulator's
    /// translation caches) then weighs on every contender alike, not on whichever ran at the time.
    /// Returns each contender's best time, in order.
    /// </summary>
    public static TimeSpan[] BestInterleaved(int warmups, int rounds, params (Action Round, Action? BeforeEach)[] contenders)
    {
        var best = Enumerable.Repeat(TimeSpan.MaxValue, contenders.Length).ToArray();
        for (var i = 0; i < warmups + rounds; i++)
        {
            for (var c = 0; c < contenders.Length; c++)
            {
                contenders[c].BeforeEach?.Invoke();
                var clock = Stopwatch.StartNew();
                contenders[c].Round();
                clock.Stop();
                if (i >= warmups && clock.Elapsed < best[c])
                {
                    best[c] = clock.Elapsed;
                }
            }
        }

        return best;
    }

    public static string GiBps(ulong bytes, TimeSpan time) => $"{bytes / time.TotalSeconds / (1UL << 30):F2} GiB/s";

    public static string Verdict(bool met) => met ? "goal met" : "GOAL MISSED";

    /// <summary>Sum of 64-bit words (vectorised), the same code for every reader so the comparison is fair.</summary>
    public static ulong Sum(ReadOnlySpan<ulong> words)
    {
        var vectors = MemoryMarshal.Cast<ulong, Vector<ulong>>(words);
        var acc = Vector<ulong>.Zero;
        foreach (var v in vectors)
        {
            acc += v;
        }

        var sum = Vector.Sum(acc);
        for (var i = vectors.Length * Vector<ulong>.Count; i < words.Length; i++)
        {
            sum += words[i];
        }

        return sum;
    }
}
