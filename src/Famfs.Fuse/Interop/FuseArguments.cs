using System.Runtime.InteropServices;

namespace Famfs.Fuse.Interop;

/// <summary>
/// The argv fuse_session_new parses: a program name and one -o list with the mount options
/// (fsname, subtype, default_permissions, allow_other, ro), plus -d for libfuse's request log.
/// Owns the native strings; libfuse may swap in an argv of its own, which <see cref="Dispose"/>
/// frees with fuse_opt_free_args.
/// </summary>
internal sealed unsafe class FuseArguments : IDisposable
{
    private readonly nint[] _strings;
    private readonly byte** _argv;
    private readonly fuse_args* _args;

    public FuseArguments(FuseMountOptions options)
    {
        var list = ToArgv(options);
        _strings = [.. list.Select(Marshal.StringToCoTaskMemUTF8)];
        _argv = (byte**)NativeMemory.AllocZeroed((nuint)(_strings.Length + 1), (nuint)sizeof(nint));
        for (var i = 0; i < _strings.Length; i++)
        {
            _argv[i] = (byte*)_strings[i];
        }

        // Native memory, not a field: libfuse writes through the pointer and the GC must not move it.
        _args = (fuse_args*)NativeMemory.AllocZeroed((nuint)sizeof(fuse_args));
        *_args = new fuse_args { argc = _strings.Length, argv = _argv, allocated = 0 };
    }

    /// <summary>Valid until <see cref="Dispose"/>.</summary>
    public fuse_args* Native => _args;

    public static List<string> ToArgv(FuseMountOptions options)
    {
        var mountOptions = new List<string>
        {
            $"fsname={Escape(options.FileSystemName)}",
            $"subtype={Escape(options.Subtype)}",
        };
        if (options.DefaultPermissions)
        {
            mountOptions.Add("default_permissions");
        }

        if (options.AllowOther)
        {
            mountOptions.Add("allow_other");
        }

        if (options.ReadOnly)
        {
            mountOptions.Add("ro");
        }

        // argv[0] is a program name, which libfuse skips when it parses the options.
        List<string> argv = [options.Subtype, "-o", string.Join(',', mountOptions)];
        if (options.Debug)
        {
            argv.Add("-d");
        }

        return argv;
    }

    public void Dispose()
    {
        Libfuse.OptFreeArgs(_args);
        NativeMemory.Free(_args);
        NativeMemory.Free(_argv);
        foreach (var s in _strings)
        {
            Marshal.FreeCoTaskMem(s);
        }
    }

    /// <summary>
    /// fuse_opt splits the -o list on ',' and takes the character after a backslash literally: both
    /// are escaped, so a value (the device path as fsname) stays one option, whatever it holds.
    /// </summary>
    private static string Escape(string value)
    {
        if (value.Length == 0)
        {
            throw new ArgumentException("a FUSE option value cannot be empty", nameof(value));
        }

        return value.IndexOfAny([',', '\\']) < 0 ? value : value.Replace("\\", "\\\\", StringComparison.Ordinal).Replace(",", "\\,", StringComparison.Ordinal);
    }
}
