using System.Net.Sockets;
using Famfs.Daemon.Interop;

namespace Famfs.Daemon.Admin;

/// <summary>
/// The administration interface's HTTP/1.1 server on a Unix socket (curl --unix-socket): one
/// request per connection, answered and closed, on one background thread. Root only, twice
/// over: the socket is 0600 in a 0700 folder of root's, and a peer whose credentials
/// (SO_PEERCRED) are not uid 0 is answered 403 without its request being looked at.
/// </summary>
internal sealed class AdminServer : IDisposable
{
    /// <summary>How long a client may take to send its request.</summary>
    private static readonly TimeSpan ClientTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long disposing waits for a request being answered.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    private readonly Socket _listener;
    private readonly string _path;
    private readonly Func<HttpRequest, HttpResponse> _handle;
    private readonly DaemonLog _log;
    private readonly Thread _thread;

    private AdminServer(Socket listener, string path, Func<HttpRequest, HttpResponse> handle, DaemonLog log)
    {
        _listener = listener;
        _path = path;
        _handle = handle;
        _log = log;
        _thread = new Thread(AcceptLoop) { IsBackground = true, Name = "famfs-admin" };
    }

    /// <summary>Listens on <paramref name="socketPath"/> (replacing a stale socket there) until disposed.</summary>
    public static AdminServer Serve(string socketPath, Func<HttpRequest, HttpResponse> handle, DaemonLog log)
    {
        File.Delete(socketPath);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(socketPath));
            File.SetUnixFileMode(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            listener.Listen(16);
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        var server = new AdminServer(listener, socketPath, handle, log);
        server._thread.Start();
        return server;
    }

    public void Dispose()
    {
        _listener.Dispose(); // wakes Accept, which ends the loop
        if (_thread != Thread.CurrentThread && !_thread.Join(StopTimeout))
        {
            _log.Warning($"the administration request being answered on {_path} did not finish within {StopTimeout.TotalSeconds:0} s");
        }

        File.Delete(_path);
    }

    private void AcceptLoop()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = _listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return; // the listener was closed: the daemon is shutting down
            }

            using (client)
            {
                Answer(client);
            }
        }
    }

    private void Answer(Socket client)
    {
        try
        {
            client.ReceiveTimeout = client.SendTimeout = (int)ClientTimeout.TotalMilliseconds;
            using var stream = new NetworkStream(client);
            stream.Write(Respond(client, stream).Encode());
        }
        catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
        {
            // The client went away or never finished its request: nothing to answer.
        }
    }

    private HttpResponse Respond(Socket client, NetworkStream stream)
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

        _log.Debug($"administration request {request.Method} {request.Path}");
        try
        {
            return _handle(request);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Nothing may escape this thread: it would take the daemon down.
            _log.Error($"administration request {request.Method} {request.Path} failed: {e}");
            return new HttpResponse(500, $"Internal Server Error: {e.GetType().Name}: {e.Message.ReplaceLineEndings(" ")}\n");
        }
    }
}
