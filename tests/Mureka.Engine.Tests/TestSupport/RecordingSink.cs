using Mureka.Engine.Encoding;

namespace Mureka.Engine.Tests.TestSupport;

/// <summary>Keeps every piece an encoder hands out, in order; <paramref name="onWrite"/> sees each as it arrives.</summary>
internal sealed class RecordingSink(Action<int>? onWrite = null) : IEncodedSink
{
    private readonly List<byte[]> pieces = [];
    private readonly Lock gate = new();

    public int Writes
    {
        get
        {
            lock (gate)
            {
                return pieces.Count;
            }
        }
    }

    public byte[] Bytes()
    {
        lock (gate)
        {
            return [.. pieces.SelectMany(p => p)];
        }
    }

    public void Write(ReadOnlySpan<byte> bytes)
    {
        int count;
        lock (gate)
        {
            pieces.Add(bytes.ToArray());
            count = pieces.Count;
        }

        onWrite?.Invoke(count);
    }
}
