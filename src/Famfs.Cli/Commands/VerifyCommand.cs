using System.CommandLine;
using Famfs.Cli.Output;
using Famfs.Errors;

namespace Famfs.Cli.Commands;

/// <summary>famfs verify: check content written by creat --randomize with the same seed.</summary>
internal static class VerifyCommand
{
    public static Command Create()
    {
        var files = new FileOptions();
        var seed = new Option<ulong?>("--seed", "-S") { Description = "Seed the file was created with" };
        var file = new Option<string>("--filename", "-f") { Description = "File to verify" };
        var multi = new Option<string[]>("--multi", "-m") { Description = "FILE,SEED (repeatable)" };
        var threads = CommonOptions.Threads("Threads reading");
        var quiet = CommonOptions.Quiet("Print only mismatches and errors");
        var command = new Command("verify", "Verify seeded content. Exit 0: all match; 1: a mismatch") { files.Device, seed, file, multi, threads, quiet };
        command.SetHandler(result =>
        {
            var threadCount = CommonOptions.ThreadCount(result, threads);
            var checks = Checks(result.GetValue(file), result.GetValue(seed), result.GetValue(multi) ?? []);
            using var target = files.Open(result, checks[0].Path, readOnly: true);
            var opened = checks.Select(c => (c.Path, c.Seed, File: target.OpenFile(target.Relative(c.Path)))).ToList();
            var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
            try
            {
                Progress.Run("verifying", opened.Sum(o => o.File.Length), progress =>
                    Parallel.ForEach(opened, new ParallelOptions { MaxDegreeOfParallelism = threadCount }, o =>
                    {
                        var at = ContentWriter.FindMismatch(o.File, o.Seed, progress);
                        if (at >= 0)
                        {
                            failures.Add($"famfs verify: '{o.Path}' differs from seed {o.Seed} content at offset {at}");
                        }
                    }));
            }
            finally
            {
                opened.ForEach(o => o.File.Dispose());
            }

            foreach (var failure in failures)
            {
                Console.Error.WriteLine(failure);
            }

            if (failures.IsEmpty)
            {
                if (!result.GetValue(quiet))
                {
                    Console.WriteLine($"famfs verify: {opened.Count} file(s), {opened.Sum(o => o.File.Length)} bytes: content matches");
                }

                return ExitCodes.Success;
            }

            return ExitCodes.CheckFailed;
        });
        return command;
    }

    private static List<(string Path, ulong Seed)> Checks(string? file, ulong? seed, string[] multi)
    {
        var checks = multi.Select(m =>
        {
            var parts = m.Split(',');
            return parts.Length == 2 && ulong.TryParse(parts[1], out var s)
                ? (parts[0], s)
                : throw new FamfsException(Errno.EINVAL, $"--multi '{m}' is not FILE,SEED");
        }).ToList();
        if (file is not null)
        {
            checks.Add((file, seed ?? throw new FamfsException(Errno.EINVAL, "-f/--filename needs -S/--seed")));
        }

        return checks.Count > 0 ? checks
            : throw new FamfsException(Errno.EINVAL, "nothing to verify", "give -f FILE -S SEED or -m FILE,SEED");
    }
}
