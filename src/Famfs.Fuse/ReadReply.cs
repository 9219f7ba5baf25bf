using Famfs.Fuse.Interop;

namespace Famfs.Fuse;

/// <summary>
/// How Read answers. <see cref="Send"/> hands the span to fuse_reply_buf, which writes it to
/// /dev/fuse directly: a span over a memory mapping (e.g. a file on a dax device) goes to the
/// kernel without any managed copy. Keep the mapping alive until Send returns; after that the
/// bytes are no longer referenced. Read must call Send exactly once (an empty span means end
/// of file) or throw.
/// </summary>
public ref struct ReadReply
{
    private readonly nint _req;
    private readonly FuseLog _log;
    private ref bool _sent;

    internal ReadReply(nint req, FuseLog log, ref bool sent)
    {
        _req = req;
        _log = log;
        _sent = ref sent;
    }

    /// <summary>
    /// Replies with <paramref name="data"/>, at most the size the request asked for.
    /// Returns false if the kernel no longer wanted the reply (the request was interrupted).
    /// </summary>
    public readonly bool Send(ReadOnlySpan<byte> data)
    {
        if (_sent)
        {
            throw new InvalidOperationException("Read already replied to this request");
        }

        _sent = true;
        return _log.Replied(Libfuse.ReplyBuf(_req, data, (nuint)data.Length), "read");
    }
}
