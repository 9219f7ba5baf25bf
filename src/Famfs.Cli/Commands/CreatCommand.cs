using System.CommandLine;
using Famfs.Cli.Output;
using Famfs.Errors;
using Famfs.Files;
using Famfs.Namespace;

namespace Famfs.Cli.Commands;

/// <summary>famfs creat: create and allocate files, optionally filled with seeded content (master only).</summary>
internal static class CreatCommand
{
    public static Command Create()
    {
        var files = new FileOptions();
        var size = new Option<string>("--size", "-s") { Description = "File size (k/m/g suffixes)" };
        var randomize = new Option<bool>("--randomize", "-r") { Description = "Fill with seeded pseudo-random content (see --seed)" };
        var seed = new Option<ulong?>("--seed", "-S") { Description = "Seed for --randomize (needs -r; 0 or none: a random seed, printed)" };
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
                result.GetValue(randomize), result.GetValue(seed));
            using var target = files.Open(result, requests.Select(r => r.Path), readOnly: false);
            var failures = new List<FamfsException>();
            var ready = Prepare(target, requests, failures);
            var created = Create(target, ready, files.CreateOptions(result), failures);
            var toFill = created.Where(c => c.Request.Seed is not null).ToList();
            Progress.Run("filling", toFill.Sum(c => c.Request.Size), progress =>
                Parallel.ForEach(toFill, new ParallelOptions { MaxDegreeOfParallelism = threadCount }, c =>
                {
                    // The creator fills what it just made whatever its mode, as open(O_CREAT) lets it;
                    // an existing file is refilled only if the caller may write it.
                    using var open = c.Existed ? target.OpenFile(c.Node.Path, writable: true) : target.FileSystem.OpenFile(c.Node.Path, writable: true);
                    ContentWriter.FillSeeded(open, c.Request.Seed!.Value, progress);
                }));
            target.NotifyMount();
            foreach (var c in created.Where(c => result.GetValue(verbose) || c.Request.RandomSeed))
            {
                var what = c.Existed ? "exists" : "created";
                Console.WriteLine($"famfs creat: '{c.Node.Path}' {c.Node.Size} bytes {what}{(c.Request.Seed is { } s ? $", filled from seed {s}" : string.Empty)}");
            }

            foreach (var failure in failures)
            {
                Console.Error.WriteLine($"famfs creat: {failure.OneLine}");
            }

            return failures.Count == 0 ? ExitCodes.Success : ExitCodes.For(failures[0].Errno);
        });
        return command;
    }

    private sealed record Made(Request Request, FsFile Node, bool Existed);

    /// <summary>
    /// Each request checked on its own, as the reference creates each file on its own: one that
    /// cannot be made is reported and the others still are. An existing file of the requested
    /// size is kept (and refilled with a seed); of another size, it is an error.
    /// </summary>
    private static List<(Request Request, string Path, FsFile? Existing)> Prepare(FamfsTarget target, List<Request> requests, List<FamfsException> failures)
    {
        var ready = new List<(Request, string, FsFile?)>();
        foreach (var request in requests)
        {
            try
            {
                var path = target.Relative(request.Path);
                switch (target.Find(path))
                {
                    case FsFile existing when existing.Size == request.Size:
                        ready.Add((request, path, existing));
                        break;
                    case FsFile existing:
                        throw new FamfsException(Errno.EEXIST, $"'{existing.Path}' exists with size {existing.Size}, not {request.Size}",
                            "famfs files cannot be resized; give its size, or another name");
                    case FsDirectory directory:
                        throw new FamfsException(Errno.EISDIR, $"'{directory.Path}' exists and is a directory");
                    default:
                        target.DemandCreate(path);
                        ready.Add((request, path, null));
                        break;
                }
            }
            catch (FamfsException e) when (requests.Count > 1)
            {
                failures.Add(e);
            }
        }

        return ready;
    }

    /// <summary>Creates the new files in one hold of the log lock; one that fails there leaves those before it made.</summary>
    private static List<Made> Create(FamfsTarget target, List<(Request Request, string Path, FsFile? Existing)> ready, CreateOptions options, List<FamfsException> failures)
    {
        var made = ready.Where(r => r.Existing is not null).Select(r => new Made(r.Request, r.Existing!, Existed: true)).ToList();
        var fresh = ready.Where(r => r.Existing is null).ToList();
        try
        {
            var nodes = target.FileSystem.CreateFiles([.. fresh.Select(r => (r.Path, r.Request.Size))], options);
            made.AddRange(fresh.Zip(nodes, (r, n) => new Made(r.Request, n, Existed: false)));
        }
        catch (FamfsException e) when (ready.Count > 1)
        {
            failures.Add(e);
            made.AddRange(fresh.Select(r => (r.Request, Node: target.FileSystem.Find(r.Path) as FsFile))
                .Where(r => r.Node is not null).Select(r => new Made(r.Request, r.Node!, Existed: false)));
        }

        return made;
    }

    /// <param name="RandomSeed">The seed was drawn at random (seed 0 or none with -r): it is printed, so verify can use it.</param>
    private sealed record Request(string Path, long Size, ulong? Seed, bool RandomSeed = false);

    private static List<Request> Requests(string? file, string? size, string[] multi, bool randomize, ulong? seed)
    {
        if (multi.Length > 0)
        {
            if (file is not null || size is not null || seed is not null)
            {
                throw new FamfsException(Errno.EINVAL, "--multi cannot be combined with FILE, -s/--size or -S/--seed",
                    "use either FILE -s SIZE [-r -S SEED] or -M NAME,SIZE[,SEED] ... (each file's seed in -M)");
            }

            return [.. multi.Select(ParseMulti)];
        }

        if (file is null || size is null)
        {
            throw new FamfsException(Errno.EINVAL, "creat needs FILE and -s/--size (or -M NAME,SIZE[,SEED])", "e.g. famfs creat -D /dev/shm/fs -s 10m data/x.bin");
        }

        if (seed is not null and not 0 && !randomize)
        {
            throw new FamfsException(Errno.EINVAL, "-S/--seed without -r/--randomize", "add -r to fill the file from the seed");
        }

        if (!randomize)
        {
            return [new Request(file, Units.ParseLength(size), null)];
        }

        return seed is null or 0
            ? [new Request(file, Units.ParseLength(size), RandomSeed(), RandomSeed: true)]
            : [new Request(file, Units.ParseLength(size), seed)];
    }

    /// <summary>A seed for -r without one: never 0, which means "no seed" to verify and -M.</summary>
    private static ulong RandomSeed() => (ulong)Random.Shared.NextInt64(1, long.MaxValue);

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

        // As in the reference, a file of -M is filled only with a non-zero seed.
        return new Request(parts[0], Units.ParseLength(parts[1]), seed is 0 ? null : seed);
    }
}
