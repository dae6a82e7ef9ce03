using Mureka.Engine.Music;
using Mureka.Spec.Music;

namespace Mureka.Engine.Composer;

/// <summary>Turns a sampled token sequence back into a <see cref="LeadSheet"/> of exactly the requested bar count.</summary>
public static class LeadSheetDecoder
{
    public static LeadSheet Decode(ComposerVocabulary vocab, IReadOnlyList<int> tokens, TimeSignature meter, Mode mode, int bars)
    {
        var result = new List<LeadBar>(bars);
        List<LeadChord>? chords = null;
        List<LeadNote>? notes = null;
        var position = 0;
        int? pitch = null;

        void CloseBar()
        {
            if (chords is not null && notes is not null)
            {
                result.Add(new LeadBar(chords, notes));
            }
        }

        foreach (var token in tokens)
        {
            if (token == vocab.Eos)
            {
                break;
            }

            if (token == vocab.Bar)
            {
                CloseBar();
                chords = [];
                notes = [];
                position = 0;
                pitch = null;
            }
            else if (chords is null || notes is null)
            {
                continue;
            }
            else if (vocab.PositionByToken.TryGetValue(token, out var k))
            {
                position = k;
                pitch = null;
            }
            else if (vocab.ChordByToken.TryGetValue(token, out var chord))
            {
                chords.Add(new LeadChord(position, chord.Root, chord.Quality));
            }
            else if (vocab.NoteByToken.TryGetValue(token, out var p))
            {
                pitch = p;
            }
            else if (vocab.DurationByToken.TryGetValue(token, out var length) && pitch is { } notePitch)
            {
                notes.Add(new LeadNote(position, notePitch, Math.Min(length, meter.SixteenthsPerBar - position)));
                pitch = null;
            }
        }

        CloseBar();
        while (result.Count < bars)
        {
            // The context window ran out: hold the last harmony so the arrangement still has every bar.
            result.Add(new LeadBar([], []));
        }

        if (result.Count > bars)
        {
            result.RemoveRange(bars, result.Count - bars);
        }

        return new LeadSheet(meter, mode, result);
    }
}
