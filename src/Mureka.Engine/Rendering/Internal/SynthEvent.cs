namespace Mureka.Engine.Rendering.Internal;

/// <summary>A note on or off at an exact frame; <see cref="Sequence"/> keeps the sort stable.</summary>
internal readonly record struct SynthEvent(long Frame, bool IsNoteOn, int Channel, int Key, int Velocity, int Sequence)
    : IComparable<SynthEvent>
{
    public int CompareTo(SynthEvent other)
    {
        var byFrame = Frame.CompareTo(other.Frame);
        if (byFrame != 0)
        {
            return byFrame;
        }

        // A repeated note must release before it is struck again at the same instant.
        var byKind = IsNoteOn.CompareTo(other.IsNoteOn);
        return byKind != 0 ? byKind : Sequence.CompareTo(other.Sequence);
    }
}
