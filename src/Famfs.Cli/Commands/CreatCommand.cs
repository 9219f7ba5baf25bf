using System.CommandLine;
using Famfs.Cli.Output;
using Famfs.Errors;
using Famfs.Files;

namespace Famfs.Cli.Commands;

/// <summary>famfs creat: create and allocate files, optionally filled with seeded content (master only).</summary>
internal static class CreatCommand
{
    public static Command Create()
    {
        var files = new FileOptions();
        var size = new Option<string>("--size", "-s") { Description = "File size (k/m/g suffixes)" };
        var randomize = new Option<bool>("--randomize", "-r") { Description = "Fill with seeded pseudo-random content (see --seed)" };
        var seed = new Option<ulong?>("--seed", "-S") { Description = "Seed for --randomize (implies it; default 0)" };
        var multi = new Option<string[]>("--multi", "-M") { Description = "NAME,SIZE[,SEED]: create several files (repeatable)", AllowMultipleArgumentsPerToken = false };
        var threads = CommonOptions.Threads("Threads filling content (--multi)");
        var verbose = CommonOptions.Verbose();
        var file = new Argument<string?>("FILE") { Description = "File to create", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("creat", "Create files of a fixed size in a famfs file system (master only)")
        {
            files.Device, size, randomize, seed, multi, threads, verbose, file,
        };
        files.AddOwnership(command);
        files.AddInterleave(command);
        command.SetHandler(result =>
        {
            var threadCount = CommonOptions.ThreadCount(result, threads);
            var requests = Requests(result.GetValue(file), result.GetValue(size), result.GetValue(multi) ?? [],
                result.GetValue(randomize) || result.GetValue(seed) is not null ? result.GetValue(seed) ?? 0 : null);
            using var target = files.Open(result, requests[0].Path, readOnly: false);
            var fs = target.FileSystem;
            var options = files.CreateOptions(result);
            requests.ForEach(r => target.DemandCreate(target.Relative(r.Path)));
            var nodes = fs.CreateFiles([.. requests.Select(r => (target.Relative(r.Path), r.Size))], options);
            var created = requests.Zip(nodes, (r, n) => (Request: r, Node: n)).ToList();
            var toFill = created.Where(c => c.Request.Seed is not null).ToList();
            Progress.Run("filling", toFill.Sum(c => (long)c.Request.Size), progress =>
                Parallel.ForEach(toFill, new ParallelOptions { MaxDegreeOfParallelism = threadCount }, c =>
                {
                    // The creator fills what it just made whatever its mode, as open(O_CREAT) lets it.
                    using var open = fs.OpenFile(c.Node.Path, writable: true);
                    ContentWriter.FillSeeded(open, c.Request.Seed!.Value, progress);
                }));
            target.NotifyMount();
            if (result.GetValue(verbose))
            {
                foreach (var c in created)
                {
                    Console.WriteLine($"famfs creat: '{c.Node.Path}' {c.Node.Size} bytes{(c.Request.Seed is { } s ? $", seed {s}" : string.Empty)}");
                }
            }

            return ExitCodes.Success;
        });
        return command;
    }

    private sealed record Request(string Path, ulong Size, ulong? Seed);

    private static List<Request> Requests(string? file, string? size, string[] multi, ulong? seed)
    {
        if (multi.Length > 0)
        {
            if (file is not null || size is not null)
            {
                throw new FamfsException(Errno.EINVAL, "--multi cannot be combined with FILE or --size", "use either FILE -s SIZE or -M NAME,SIZE[,SEED] ...");
            }

            return [.. multi.Select(ParseMulti)];
        }

        if (file is null || size is null)
        {
            throw new FamfsException(Errno.EINVAL, "creat needs FILE and -s/--size (or -M NAME,SIZE[,SEED])", "e.g. famfs creat -D /dev/shm/fs -s 10m data/x.bin");
        }

        return [new Request(file, Units.ParseSize(size), seed)];
    }

    private static Request ParseMulti(string text)
    {
        var parts = text.Split(',');
        if (parts.Length is < 2 or > 3)
        {
            throw new FamfsException(Errno.EINVAL, $"--multi '{text}' is not NAME,SIZE[,SEED]");
        }

        ulong? seed = parts.Length == 3
            ? ulong.TryParse(parts[2], out var s) ? s : throw new FamfsException(Errno.EINVAL, $"seed '{parts[2]}' in --multi '{text}' is not a number")
            : null;
        return new Request(parts[0], Units.ParseSize(parts[1]), seed);
    }
}
