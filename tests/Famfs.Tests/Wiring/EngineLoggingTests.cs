using Famfs.Files;
using Famfs.Lifecycle;
using Famfs.Tests.Files.Support;
using Microsoft.Extensions.Logging;

namespace Famfs.Tests.Wiring;

/// <summary>The engine never prints: what it cannot report to a caller goes to the host's logger.</summary>
public sealed class EngineLoggingTests : IDisposable
{
    private readonly ShmFileSystem _shm = new();

    [Fact]
    public void A_throwing_event_handler_is_logged_as_a_warning_through_the_options_logger_and_the_create_still_succeeds()
    {
        var logger = new CollectingLogger();
        using var fs = FamfsFileSystem.Open(_shm.Path, new FileSystemOptions { SystemUuid = _shm.Master, Cache = CacheMode.None, Logger = logger });
        using (fs.Events.Register(LifecycleToken.ForPath("watched"), _ => throw new InvalidOperationException("handler broke")))
        {
            fs.CreateFile("watched", 4096);
        }

        var (level, message, failure) = Assert.Single(logger.Entries);
        Assert.Equal(LogLevel.Warning, level);
        Assert.Contains("watched", message, StringComparison.Ordinal);
        Assert.Equal("handler broke", failure?.Message);
        Assert.NotNull(fs.Find("watched"));
    }

    public void Dispose() => _shm.Dispose();

    /// <summary>A logger that keeps what it is given.</summary>
    private sealed class CollectingLogger : ILogger
    {
        public List<(LogLevel Level, string Message, Exception? Failure)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            lock (Entries)
            {
                Entries.Add((logLevel, formatter(state, exception), exception));
            }
        }
    }
}
