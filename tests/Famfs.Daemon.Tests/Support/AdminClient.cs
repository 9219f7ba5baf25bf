using System.Net.Sockets;

namespace Famfs.Daemon.Tests;

/// <summary>.NET's HttpClient over the administration interface's Unix socket, and a bare request written by hand.</summary>
internal static class AdminClient
{
    /// <summary>
    /// GET <paramref name="path"/> written on a synchronous socket, and the whole answer as it
    /// came (status line, headers, body): no connection pool or async engine stays behind, so a
    /// test counting this process's descriptors can use it.
    /// </summary>
    public static string RawGet(string socketPath, string path)
    {
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        socket.Connect(new UnixDomainSocketEndPoint(socketPath));
        using var stream = new NetworkStream(socket);
        stream.Write(System.Text.Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n"));
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public sealed record Answer(int Status, string Body, string? ContentType);

    public static Answer Get(string socketPath, string path) => Send(socketPath, HttpMethod.Get, path, null);

    public static Answer Send(string socketPath, HttpMethod method, string path, string? body)
    {
        using var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (_, cancel) =>
            {
                var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
                await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), cancel);
                return new NetworkStream(socket, ownsSocket: true);
            },
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        using var request = new HttpRequestMessage(method, new Uri("http://localhost" + path));
        if (body is not null)
        {
            request.Content = new StringContent(body);
        }

        using var response = client.Send(request);
        using var reader = new StreamReader(response.Content.ReadAsStream());
        return new Answer((int)response.StatusCode, reader.ReadToEnd(), response.Content.Headers.ContentType?.MediaType);
    }
}
