using Famfs.Lifecycle;
using Microsoft.Extensions.Logging;

namespace Famfs.Files;

/// <summary>What the engine logs through the host's <see cref="FileSystemOptions.Logger"/>: only what it cannot report to a caller.</summary>
internal static partial class EngineLog
{
    /// <summary>A subscriber's handler threw: the event was still delivered to the other subscribers, and nobody else would hear of it.</summary>
    [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "a lifecycle event handler failed on {TokenEvent}")]
    public static partial void HandlerFailed(ILogger logger, Exception failure, TokenEvent tokenEvent);
}
