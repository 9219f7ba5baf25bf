using System.Globalization;
using System.Text;

namespace Famfs.Daemon.Admin;

/// <summary>One HTTP/1.1 request as the administration interface reads it: method, path (no query) and body.</summary>
internal sealed record HttpRequest(string Method, string Path, string Body);

/// <summary>One answer; every answer closes the connection.</summary>
internal sealed record HttpResponse(int Status, string Body, string ContentType = "text/plain")
{
    public static HttpResponse Yaml(string body) => new(200, body, "text/yaml");

    public static HttpResponse Text(string body) => new(200, body);

    public static HttpResponse NotFound() => new(404, "Not Found\n");

    public byte[] Encode()
    {
        var body = Encoding.UTF8.GetBytes(Body);
        var head = string.Create(CultureInfo.InvariantCulture,
            $"HTTP/1.1 {Status} {Reason(Status)}\r\nContent-Type: {ContentType}\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n");
        return [.. Encoding.ASCII.GetBytes(head), .. body];
    }

    private static string Reason(int status) => status switch
    {
        200 => "OK",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        413 => "Content Too Large",
        _ => "Internal Server Error",
    };
}

/// <summary>
/// Reads one request from a stream: the request line, the headers (only Content-Length
/// matters) and that many bytes of body. Requests are small (a log level at most), so the
/// head and the body are bounded and anything larger is refused rather than buffered.
/// </summary>
internal static class HttpRequestReader
{
    public const int MaxHeadBytes = 16 * 1024;
    public const int MaxBodyBytes = 4 * 1024;

    /// <exception cref="InvalidDataException">Not an HTTP/1.x request, or larger than the bounds.</exception>
    public static HttpRequest Read(Stream stream)
    {
        var head = ReadHead(stream);
        var lines = head.Split("\r\n");
        var requestLine = lines[0].Split(' ');
        if (requestLine.Length != 3 || !requestLine[2].StartsWith("HTTP/1.", StringComparison.Ordinal) || !requestLine[1].StartsWith('/'))
        {
            throw new InvalidDataException($"not an HTTP/1.x request line: '{lines[0]}'");
        }

        var length = 0;
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon > 0 && line[..colon].Trim().Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                && (!int.TryParse(line[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > MaxBodyBytes))
            {
                throw new InvalidDataException($"a body of '{line[(colon + 1)..].Trim()}' bytes (at most {MaxBodyBytes})");
            }
        }

        var body = new byte[length];
        stream.ReadExactly(body);
        var path = requestLine[1].Split('?', 2)[0];
        return new HttpRequest(requestLine[0], path, Encoding.UTF8.GetString(body));
    }

    /// <summary>Up to the blank line; byte by byte, so not one byte of the body is consumed.</summary>
    private static string ReadHead(Stream stream)
    {
        var head = new List<byte>(256);
        while (head.Count < 4 || head[^4] != '\r' || head[^3] != '\n' || head[^2] != '\r' || head[^1] != '\n')
        {
            var next = stream.ReadByte();
            if (next < 0)
            {
                throw new InvalidDataException("the connection closed before the request's head ended");
            }

            if (head.Count == MaxHeadBytes)
            {
                throw new InvalidDataException($"a request head over {MaxHeadBytes} bytes");
            }

            head.Add((byte)next);
        }

        return Encoding.ASCII.GetString([.. head[..^4]]);
    }
}
