using System.Diagnostics;
using System.Net.Sockets;
using Famfs.Errors;
using Famfs.Mounts;

namespace Famfs.Tests.Mounts;

public sealed class ControlChannelTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);
    private readonly string _socket = $"/tmp/famfs-control-test-{Guid.NewGuid():N}.sock";

    public void Dispose() => File.Delete(_socket);

    [Fact]
    public void Answer_is_returned_as_is()
    {
        using var server = ControlChannel.Serve(_socket, request => $"you said {request}\n");

        Assert.Equal("you said status\n", ControlChannel.Request(_socket, "status", Timeout));
    }

    [Fact]
    public void Unexpected_handler_exception_is_answered_as_internal_error_and_the_server_keeps_serving()
    {
        using var server = ControlChannel.Serve(_socket, request => request == "poison x y"
            ? throw new FormatException("The input string 'x' was not in a correct format.")
            : "ok\n");

        var error = Assert.Throws<FamfsException>(() => ControlChannel.Request(_socket, "poison x y", Timeout));
        Assert.Equal(Errno.EIO, error.Errno);
        Assert.Contains("internal error", error.Message, StringComparison.Ordinal);
        Assert.Contains("not in a correct format", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);

        Assert.Equal("ok\n", ControlChannel.Request(_socket, "status", Timeout));
    }

    [Fact]
    public void FamfsException_from_the_handler_reaches_the_client_with_its_errno()
    {
        using var server = ControlChannel.Serve(_socket,
            request => throw new FamfsException(Errno.EINVAL, $"unknown control request '{request}'", "try status"));

        var error = Assert.Throws<FamfsException>(() => ControlChannel.Request(_socket, "frobnicate", Timeout));
        Assert.Equal(Errno.EINVAL, error.Errno);
        Assert.Contains("unknown control request 'frobnicate'; try status", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("EINVAL:", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Error_answer_without_errno_is_EIO()
    {
        using var server = ControlChannel.Serve(_socket, _ => "error: something broke\n");

        var error = Assert.Throws<FamfsException>(() => ControlChannel.Request(_socket, "logplay", Timeout));
        Assert.Equal(Errno.EIO, error.Errno);
        Assert.Contains("something broke", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Connection_dropped_without_an_answer_is_ENOTCONN()
    {
        using var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        listener.Bind(new UnixDomainSocketEndPoint(_socket));
        listener.Listen(1);
        var dropper = Task.Run(() =>
        {
            using var client = listener.Accept();
            var buffer = new byte[256];
            client.Receive(buffer);
        });

        var error = Assert.Throws<FamfsException>(() => ControlChannel.Request(_socket, "logplay", Timeout));
        await dropper.WaitAsync(Timeout);

        Assert.Equal(Errno.ENOTCONN, error.Errno);
        Assert.Contains("without answering", error.Message, StringComparison.Ordinal);
        Assert.NotNull(error.Remedy);
    }

    [Fact]
    public async Task Dispose_stops_serving_and_waits_for_the_request_being_answered()
    {
        using var inside = new ManualResetEventSlim();
        var finished = false;
        var server = ControlChannel.Serve(_socket, _ =>
        {
            inside.Set();
            Thread.Sleep(300);
            Volatile.Write(ref finished, true);
            return "done\n";
        });
        var request = Task.Run(() => ControlChannel.Request(_socket, "slow", Timeout));
        Assert.True(inside.Wait(Timeout));

        var clock = Stopwatch.StartNew();
        server.Dispose();

        Assert.True(Volatile.Read(ref finished), "Dispose returned while the handler was still running");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(9));
        Assert.False(File.Exists(_socket));
        Assert.Equal("done\n", await request.WaitAsync(Timeout));
        Assert.Equal(Errno.ENOTCONN, Assert.Throws<FamfsException>(() => ControlChannel.Request(_socket, "status", Timeout)).Errno);
    }
}
