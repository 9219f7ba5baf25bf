namespace Famfs.Files;

/// <summary>
/// A seekable, fixed-length <see cref="Stream"/> over a <see cref="FamfsFile"/>. Its bytes are
/// memory, so the asynchronous calls complete synchronously, as <see cref="UnmanagedMemoryStream"/>'s
/// do: no thread-pool hop, and errors come back in the returned task. Writes are published (the
/// file's write generation bumped, see <see cref="FamfsFile.Publish"/>) once per
/// <see cref="Flush"/> and at dispose, not once per write.
/// </summary>
internal sealed class FamfsFileStream(FamfsFile file) : Stream
{
    private long _position;
    private bool _unpublished;

    public override bool CanRead => true;

    public override bool CanSeek => true;

    public override bool CanWrite => file.Writable;

    public override long Length => file.Length;

    public override long Position
    {
        get => _position;
        set => _position = value >= 0 ? value : throw new ArgumentOutOfRangeException(nameof(value));
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        if (_position >= file.Length)
        {
            return 0;
        }

        var n = file.Read(_position, buffer);
        _position += n;
        return n;
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        file.WriteUnpublished(_position, buffer);
        _unpublished = true;
        _position += buffer.Length;
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled<int>(cancellationToken);
        }

        try
        {
            return ValueTask.FromResult(Read(buffer.Span));
        }
        catch (Exception e)
        {
            return ValueTask.FromException<int>(e);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return ValueTask.FromCanceled(cancellationToken);
        }

        try
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }
        catch (Exception e)
        {
            return ValueTask.FromException(e);
        }
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override Task FlushAsync(CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled(cancellationToken);
        }

        try
        {
            Flush();
            return Task.CompletedTask;
        }
        catch (Exception e)
        {
            return Task.FromException(e);
        }
    }

    public override long Seek(long offset, SeekOrigin origin) => Position = origin switch
    {
        SeekOrigin.Begin => offset,
        SeekOrigin.Current => _position + offset,
        SeekOrigin.End => file.Length + offset,
        _ => throw new ArgumentOutOfRangeException(nameof(origin)),
    };

    public override void SetLength(long value) => throw new NotSupportedException("famfs files have a fixed size");

    /// <summary>Publishes what was written since the last flush (the bytes themselves are in memory already).</summary>
    public override void Flush()
    {
        if (_unpublished)
        {
            _unpublished = false;
            file.FileSystem.PublishWrite(file.Node);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            Flush();
        }

        base.Dispose(disposing);
    }
}
