using System.Net.Sockets;
using System.Text;
using Famfs.Errors;

namespace Famfs.Mounts;

/// <summary>
/// How the CLI talks to a running mount daemon: a Unix stream socket next to the claim file.
/// One request per connection: a single line (a command and its arguments, separated by
/// spaces), answered with text until the daemon closes the connection. The socket is
/// root-only (0600), like the claim directory.
/// </summary>
public static class ControlChannel
{
    /// <summary>Sends <paramref name="command"/> to the daemon listening on <paramref name="socketPath"/> and returns its answer.</summary>
    public static string Request(string socketPath, string command, TimeSpan timeout)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.SendTimeout = socket.ReceiveTimeout = (int)timeout.TotalMilliseconds;
        try
        {
            socket.Connect(new UnixDomainSocketEndPoint(socketPath));
            using var stream = new NetworkStream(socket);
            stream.Write(Encoding.UTF8.GetBytes(command + "\n"));
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd();
        }
        catch (SocketException e)
        {
            throw new FamfsException(e.SocketErrorCode == SocketError.TimedOut ? Errno.ETIMEDOUT : Errno.ENOTCONN,
                $"the famfs daemon at {socketPath} did not answer '{command}': {e.Message}",
                "check that the mount is alive (famfs umount and mount again if not)");
        }
    }

    /// <summary>
    /// Serves requests on <paramref name="socketPath"/> on a background thread until disposed.
    /// <paramref name="handle"/> gets the request line and returns the answer; a FamfsException
    /// it throws is answered as "error: …".
    /// </summary>
    public static IDisposable Serve(string socketPath, Func<string, string> handle)
    {
        File.Delete(socketPath);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        File.SetUnixFileMode(socketPath, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        listener.Listen(16);
        var thread = new Thread(() => AcceptLoop(listener, handle)) { IsBackground = true, Name = "famfs-control" };
        thread.Start();
        return new Server(listener, socketPath);
    }

    private static void AcceptLoop(Socket listener, Func<string, string> handle)
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
                    using var stream = new NetworkStream(client);
                    using var reader = new StreamReader(stream, Encoding.UTF8);
                    var line = reader.ReadLine() ?? string.Empty;
                    string answer;
                    try
                    {
                        answer = handle(line.Trim());
                    }
                    catch (FamfsException e)
                    {
                        answer = $"error: {e.OneLine}\n";
                    }

                    stream.Write(Encoding.UTF8.GetBytes(answer));
                }
                catch (IOException)
                {
                    // The client went away: nothing to answer.
                }
            }
        }
    }

    private sealed class Server(Socket listener, string path) : IDisposable
    {
        public void Dispose()
        {
            listener.Dispose();
            File.Delete(path);
        }
    }
}
