using System.Net.Sockets;

namespace Famfs.Daemon.Tests;

/// <summary>.NET's HttpClient over the administration interface's Unix socket.</summary>
internal static class AdminClient
{
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
