namespace Famfs.Fuse.Demo;

/// <summary>
/// fuse-hello MOUNTPOINT: serves <see cref="HelloFileSystem"/> in the foreground until
/// SIGTERM/SIGINT or an unmount. Exit 0 after a clean unmount, 1 on failure, 2 on bad arguments.
/// </summary>
internal static class Program
{
    private static int Main(string[] args)
    {
        if (args is not [var mountPoint])
        {
            Console.Error.WriteLine("fuse-hello: usage: fuse-hello MOUNTPOINT");
            return 2;
        }

        try
        {
            var clean = FuseDaemon.Run(new HelloFileSystem(), mountPoint, new FuseMountOptions { FileSystemName = "hello", Subtype = "hello" },
                mount => Console.Error.WriteLine($"fuse-hello: serving {mount.MountPoint}"));
            Console.Error.WriteLine($"fuse-hello: unmounted {mountPoint}");
            return clean ? 0 : 1;
        }
        catch (FuseException e)
        {
            Console.Error.WriteLine($"fuse-hello: {e.OneLine}");
            return 1;
        }
    }
}
