using Mureka.Engine.Music;

namespace Mureka.Engine.Mixing.Internal;

/// <summary>
/// One track's channel strip (<see cref="TrackChain"/>) run stretch by stretch over a track that is still rendering,
/// with the placement and fader gain decided before the first stretch and the equaliser's state carried across.
/// </summary>
internal sealed class TrackStrip
{
    private readonly float[] sourceLeft;
    private readonly float[] sourceRight;
    private readonly FilterCascade equaliser;
    private readonly FilterCascade.StereoState state;
    private readonly RoleSettings role;
    private readonly StripLevel level;
    private readonly double pan;
    private readonly float[]? duckShape;

    /// <param name="sourceLeft">The dry track's full-length left channel (frames are read once rendered).</param>
    public TrackStrip(ScoreTrack track, float[] sourceLeft, float[] sourceRight, int sampleRate, MixProfile profile, StripLevel level, float[]? duckShape)
    {
        this.sourceLeft = sourceLeft;
        this.sourceRight = sourceRight;
        this.level = level;
        var kind = TrackRoles.RoleOf(track);
        role = profile.For(kind);
        equaliser = TrackChain.Equaliser(role, kind, profile, sampleRate);
        state = equaliser.NewStereoState();
        pan = TrackChain.PanOf(track, role);
        this.duckShape = role.DuckDepth > 0 ? duckShape : null;
        Track = track;
        SendGain = TrackChain.SendGain(track, profile);
    }

    public ScoreTrack Track { get; }

    public float SendGain { get; }

    /// <summary>Writes the strip's output for frames [from, from + left.Length) into <paramref name="left"/>/<paramref name="right"/>.</summary>
    public void Process(int from, Span<float> left, Span<float> right)
    {
        sourceLeft.AsSpan(from, left.Length).CopyTo(left);
        sourceRight.AsSpan(from, right.Length).CopyTo(right);
        equaliser.ProcessStereo(left, right, state);
        StereoPlacer.Apply(left, right, level.Placement, pan);
        TrackChain.Scale(left, right, level.Gain);
        if (duckShape is not null)
        {
            SidechainEnvelope.Apply(left, right, duckShape.AsSpan(from, left.Length), role.DuckDepth);
        }
    }
}
