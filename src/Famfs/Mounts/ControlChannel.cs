using System.Net.Sockets;
using System.Text;
using Famfs.Errors;

namespace Famfs.Mounts;

/// <summary>
/// How the CLI talks to a running mount daemon: a Unix stream socket next to the claim file.
/// One request per connection: a single line (a command and its arguments, separated by
/// spaces), answered with text until the daemon closes the connection. A failed request is
/// answered with one line "error: ERRNO: message" (e.g. "error: EINVAL: unknown control
/// request 'x'"), which <see cref="Request"/> turns back into a <see cref="FamfsException"/>.
/// The socket is root-only (0600), like the claim directory.
/// </summary>
internal static class ControlChannel
{
    /// <summary>How an answer reporting a failure starts.</summary>
    public const string ErrorPrefix = "error: ";

    /// <summary>How long the daemon waits for a client's request line before dropping the connection.</summary>
    private static readonly TimeSpan RequestReadTimeout = TimeSpan.FromSeconds(10);

    /// <summary>How long disposing the server waits for a request being answered.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Sends <paramref name="command"/> to the daemon listening on <paramref name="socketPath"/> and returns its answer.
    /// </summary>
    /// <exception cref="FamfsException">
    /// the daemon answered with an error (its errno, EIO if it gave none), closed the connection
    /// without answering (ENOTCONN), or could not be reached (ENOTCONN, ETIMEDOUT).
    /// </exception>
    public static string Request(string socketPath, string command, TimeSpan timeout)
    {
        string answer;
        using (var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified))
        {
            socket.SendTimeout = socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
            try
            {
                socket.Connect(new UnixDomainSocketEndPoint(socketPath));
                using var stream = new NetworkStream(socket);
                stream.Write(Encoding.UTF8.GetBytes(command + "\n"));
                using var reader = new StreamReader(stream, Encoding.UTF8);
                answer = reader.ReadToEnd();
            }
            catch (SocketException e)
            {
                throw Unreachable(socketPath, command, e);
            }
            catch (IOException e) when (e.InnerException is SocketException inner)
            {
                throw Unreachable(socketPath, command, inner);
            }
        }

        if (answer.Length == 0)
        {
            throw new FamfsException(Errno.ENOTCONN, $"the famfs daemon at {socketPath} closed the connection without answering '{command}'",
                "look at the daemon's log; if the mount is dead, famfs umount it and mount again");
        }

        return answer.StartsWith(ErrorPrefix, StringComparison.Ordinal) ? throw ParseError(socketPath, command, answer) : answer;
    }

    /// <summary>
    /// Serves requests on <paramref name="socketPath"/> on a background thread until disposed.
    /// <paramref name="handle"/> gets the request line and returns the answer; whatever it throws
    /// is answered as one "error: ERRNO: …" line (exceptions other than FamfsException as EIO
    /// "internal error: …"), and the server keeps serving. Disposing stops the accept thread and
    /// waits (bounded) for a request being answered; one that outlives the bound is reported to
    /// <paramref name="warn"/> (the engine writes to no console: the host decides where it goes).
    /// </summary>
    public static IDisposable Serve(string socketPath, Func<string, string> handle, Action<string>? warn = null) =>
        ServeConnections(socketPath, (_, stream) => AnswerLine(stream, handle), warn);

    /// <summary>
    /// The server under <see cref="Serve"/>, for other protocols on a root-only (0600) socket (the
    /// daemon's HTTP administration interface): <paramref name="handle"/> gets each connection, one
    /// at a time, with send and receive timeouts set, and the connection is closed after it. A
    /// client that goes away (IOException, SocketException) is dropped; the server keeps serving.
    /// </summary>
    public static IDisposable ServeConnections(string socketPath, Action<Socket, NetworkStream> handle, Action<string>? warn = null)
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

        var thread = new Thread(() => AcceptLoop(listener, handle)) { IsBackground = true, Name = "famfs-control" };
        thread.Start();
        return new Server(listener, socketPath, thread, warn);
    }

    /// <summary>The one-line error answer for <paramref name="error"/> thrown by a request handler.</summary>
    internal static string ErrorAnswer(Exception error)
    {
        var (errno, text) = error is FamfsException famfs
            ? (famfs.Errno, famfs.OneLine)
            : (Errno.EIO, $"internal error: {error.GetType().Name}: {error.Message}");
        return $"{ErrorPrefix}{errno}: {OneLine(text)}\n";
    }

    private static FamfsException ParseError(string socketPath, string command, string answer)
    {
        var text = OneLine(answer[ErrorPrefix.Length..]);
        var errno = Errno.EIO;
        var colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon > 1 && text[0] == 'E' && Enum.TryParse<Errno>(text[..colon], ignoreCase: false, out var parsed) && Enum.IsDefined(parsed))
        {
            errno = parsed;
            text = text[(colon + 1)..].TrimStart();
        }

        return new FamfsException(errno, $"the famfs daemon at {socketPath} failed '{command}': {text}");
    }

    private static FamfsException Unreachable(string socketPath, string command, SocketException e) =>
        new(e.SocketErrorCode == SocketError.TimedOut ? Errno.ETIMEDOUT : Errno.ENOTCONN,
            $"the famfs daemon at {socketPath} did not answer '{command}': {e.Message}",
            "check that the mount is alive (famfs umount and mount again if not)");

    private static string OneLine(string text) => text.ReplaceLineEndings(" ").Trim();

    private static void AnswerLine(NetworkStream stream, Func<string, string> handle)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, leaveOpen: true);
        var line = reader.ReadLine() ?? string.Empty;
        string answer;
        try
        {
            answer = handle(line.Trim());
        }
        catch (Exception e)
        {
            // Nothing may escape this thread: it would take the daemon down.
            answer = ErrorAnswer(e);
        }

        stream.Write(Encoding.UTF8.GetBytes(answer));
    }

    private static void AcceptLoop(Socket listener, Action<Socket, NetworkStream> handle)
    {
        while (true)
        {
            Socket client;
            try
            {
                client = listener.Accept();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return; // the listener was closed: the daemon is shutting down
            }

            using (client)
            {
                try
                {
                    client.ReceiveTimeout = client.SendTimeout = (int)RequestReadTimeout.TotalMilliseconds;
                    using var stream = new NetworkStream(client);
                    handle(client, stream);
                }
                catch (Exception e) when (e is IOException or SocketException or ObjectDisposedException)
                {
                    // The client went away (or never sent its request): nothing to answer.
                }
            }
        }
    }

    private sealed class Server(Socket listener, string path, Thread thread, Action<string>? warn) : IDisposable
    {
        public void Dispose()
        {
            listener.Dispose(); // wakes Accept, which ends the loop
            if (thread != Thread.CurrentThread && !thread.Join(StopTimeout))
            {
                warn?.Invoke($"famfs: the control request being answered on {path} did not finish within {StopTimeout.TotalSeconds:0} s");
            }

            File.Delete(path);
        }
    }
}
