using System.Net.Sockets;
using Famfs.Daemon.Interop;
using Famfs.Mounts;

namespace Famfs.Daemon.Admin;

/// <summary>
/// The administration interface's HTTP/1.1 server on a Unix socket (curl --unix-socket): one
/// request per connection, answered and closed, on the control channel's server thread
/// (<see cref="ControlChannel.ServeConnections"/>). Root only, twice over: the socket is 0600
/// in a 0700 folder of root's, and a peer whose credentials (SO_PEERCRED) are not uid 0 is
/// answered 403 without its request being looked at.
/// </summary>
internal static class AdminServer
{
    /// <summary>Listens on <paramref name="socketPath"/> (replacing a stale socket there) until disposed.</summary>
    public static IDisposable Serve(string socketPath, Func<HttpRequest, HttpResponse> handle, DaemonLog log) =>
        ControlChannel.ServeConnections(socketPath, (client, stream) => stream.Write(Respond(client, stream, handle, log).Encode()), log.Warning);

    private static HttpResponse Respond(Socket client, NetworkStream stream, Func<HttpRequest, HttpResponse> handle, DaemonLog log)
    {
        if (PeerCredentials.Uid(client) is not 0)
        {
            return new HttpResponse(403, "Forbidden: the famfs administration interface is root's\n");
        }

        HttpRequest request;
        try
        {
            request = HttpRequestReader.Read(stream);
        }
        catch (InvalidDataException e)
        {
            return new HttpResponse(400, $"Bad Request: {e.Message}\n");
        }

        log.Debug($"administration request {request.Method} {request.Path}");
        try
        {
            return handle(request);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Nothing may escape the server thread: it would take the daemon down.
            log.Error($"administration request {request.Method} {request.Path} failed: {e}");
            return new HttpResponse(500, $"Internal Server Error: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}\n");
        }
    }
}
