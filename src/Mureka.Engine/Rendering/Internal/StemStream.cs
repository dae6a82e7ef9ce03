using Mureka.Engine.Music;

namespace Mureka.Engine.Rendering.Internal;

/// <summary>
/// One render job's synth, rendered forward in as many steps as the caller likes: every note event is issued at its
/// exact frame whatever the steps, so the floats are the same as one render of the whole length. The tracks' buffers
/// are full length and pinned, the synth writes straight into them; frames before <see cref="Position"/> are final.
/// </summary>
internal sealed class StemStream : IDisposable
{
    private const int MaxBlockFrames = 8192;

    private readonly SynthInstance synth;
    private readonly SynthEvent[] events;
    private readonly TrackTarget[] targets;
    private readonly FrameProgress? progress;
    private int nextEvent;

    /// <param name="renderFrames">Frames rendered in all (a loop's tail included).</param>
    /// <param name="lastStartFrame">Notes starting at or after this frame are dropped.</param>
    /// <param name="lastEndFrame">Note-offs later than this are pulled in to it.</param>
    public StemStream(string soundFontPath, Score score, IReadOnlyList<ScoreTrack> tracks, int sampleRate, int renderFrames, long lastStartFrame, long lastEndFrame, FrameProgress? progress)
    {
        var channels = ChannelAssignment.Assign(tracks);
        events = StemEventBuilder.Build(score, tracks, channels, sampleRate, lastStartFrame, lastEndFrame);
        this.progress = progress;
        Length = renderFrames;
        synth = SynthInstance.Create(soundFontPath, sampleRate, reverb: false, chorus: false);
        try
        {
            StemRenderer.SetUpChannels(synth, tracks, channels);
        }
        catch
        {
            synth.Dispose();
            throw;
        }

        targets = new TrackTarget[tracks.Count];
        for (var i = 0; i < targets.Length; i++)
        {
            targets[i] = new TrackTarget(channels[i], GC.AllocateArray<float>(renderFrames, pinned: true), GC.AllocateArray<float>(renderFrames, pinned: true));
        }
    }

    public int Length { get; }

    /// <summary>Frames rendered so far.</summary>
    public int Position { get; private set; }

    /// <summary>The full-length buffers of track <paramref name="index"/>, final up to <see cref="Position"/>.</summary>
    public (float[] Left, float[] Right) Track(int index) => (targets[index].Left, targets[index].Right);

    /// <summary>Renders on to <paramref name="frame"/> (at most <see cref="Length"/>), issuing every event on its frame.</summary>
    public void RenderTo(int frame, CancellationToken cancellationToken)
    {
        frame = Math.Min(frame, Length);
        for (; nextEvent < events.Length; nextEvent++)
        {
            var e = events[nextEvent];
            if (e.Frame >= frame || e.Frame >= Length)
            {
                break;
            }

            RenderUntil((int)e.Frame, cancellationToken);
            if (e.IsNoteOn)
            {
                // A failed note-on (no sample for that key in the preset) is silence, not an error.
                _ = FluidSynthNative.NoteOn(synth.Handle, e.Channel, e.Key, e.Velocity);
            }
            else
            {
                // Fails harmlessly when an overlapping repeat of the key was already released.
                _ = FluidSynthNative.NoteOff(synth.Handle, e.Channel, e.Key);
            }
        }

        RenderUntil(frame, cancellationToken);
    }

    public void Dispose() => synth.Dispose();

    private unsafe void RenderUntil(int to, CancellationToken cancellationToken)
    {
        const int outputs = SynthInstance.AudioGroups * 2;
        var pointers = stackalloc float*[outputs];
        // Channels without a track still get a buffer; their output is silence and never read.
        var scratch = stackalloc float[MaxBlockFrames];
        while (Position < to)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var from = Position;
            var count = Math.Min(MaxBlockFrames, to - from);
            for (var o = 0; o < outputs; o++)
            {
                pointers[o] = scratch;
            }

            foreach (var target in targets)
            {
                // The arrays are pinned (pinned object heap) and still zero here, and FluidSynth adds into them.
                pointers[target.Channel * 2] = (float*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref target.Left[from]);
                pointers[(target.Channel * 2) + 1] = (float*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref target.Right[from]);
            }

            StemRenderer.Check(FluidSynthNative.Process(synth.Handle, count, 0, null, outputs, pointers), "render audio");
            Position = from + count;
            progress?.Advance(count);
        }
    }

    private readonly record struct TrackTarget(int Channel, float[] Left, float[] Right);
}
