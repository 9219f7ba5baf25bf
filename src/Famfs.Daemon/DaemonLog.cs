using System.Globalization;

namespace Famfs.Daemon;

/// <summary>syslog's severities, the numbers the administration interface's /log_level takes.</summary>
internal enum LogLevel
{
    Emergency = 0,
    Alert = 1,
    Critical = 2,
    Error = 3,
    Warning = 4,
    Notice = 5,
    Info = 6,
    Debug = 7,
}

/// <summary>
/// The daemon's log: "famfs-fuse: " lines on standard error (which famfs mount points at the
/// log file), written when their level is at or below <see cref="Level"/>. famfs mount reports
/// the last such line when the daemon fails to start, so errors are always one line.
/// </summary>
internal sealed class DaemonLog
{
    public const string Prefix = "famfs-fuse: ";

    private volatile LogLevel _level = LogLevel.Notice;

    public LogLevel Level
    {
        get => _level;
        set => _level = Enum.IsDefined(value) ? value : throw new ArgumentOutOfRangeException(nameof(value), value, "log levels are 0 (emergency) to 7 (debug)");
    }

    public bool Enabled(LogLevel level) => level <= _level;

    public void Write(LogLevel level, string message)
    {
        if (!Enabled(level))
        {
            return;
        }

        try
        {
            Console.Error.WriteLine(Prefix + message.ReplaceLineEndings(" "));
        }
        catch (IOException)
        {
            // The log file is gone (its disk full or removed): the daemon keeps serving.
        }
    }

    public void Error(string message) => Write(LogLevel.Error, message);

    public void Warning(string message) => Write(LogLevel.Warning, message);

    public void Notice(string message) => Write(LogLevel.Notice, message);

    public void Info(string message) => Write(LogLevel.Info, message);

    public void Debug(string message) => Write(LogLevel.Debug, message);

    /// <summary>"7" or "level=7" (what the reference's /log_level takes), or null if it is neither.</summary>
    public static LogLevel? ParseLevel(string text)
    {
        var value = text.Trim();
        if (value.StartsWith("level=", StringComparison.Ordinal))
        {
            value = value["level=".Length..];
        }

        return int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && Enum.IsDefined((LogLevel)number)
            ? (LogLevel)number
            : null;
    }
}
