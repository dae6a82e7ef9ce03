namespace Mureka.Engine.Encoding;

/// <summary>
/// Receives a file's bytes in order, as its encoder produces them. <see cref="Write"/> is called from one thread at a
/// time and must copy what it keeps: the span is reused once it returns.
/// </summary>
public interface IEncodedSink
{
    void Write(ReadOnlySpan<byte> bytes);
}
