namespace Samtale.Tests.Messaging;

/// <summary>A request body that hands out a few bytes and then fails the test if anyone reads on.</summary>
public sealed class RefusingStream(int allowedBytes) : Stream
{
    public long BytesRead { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

    public override int Read(byte[] buffer, int offset, int count)
    {
        if (BytesRead >= allowedBytes)
        {
            throw new InvalidOperationException($"The server read past the first {allowedBytes} bytes of a 1 GB upload.");
        }

        var n = (int)Math.Min(count, allowedBytes - BytesRead);
        Array.Fill(buffer, (byte)'A', offset, n);
        BytesRead += n;
        return n;
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
