using System.Globalization;
using Mureka.Spec.Music;
using NAudio.Midi;

namespace Mureka.Spec.Themes;

/// <summary>
/// Reads a theme from a Standard MIDI File (type 0 or 1) with NAudio's parser: the melody is the named track, or the
/// busiest melodic part (a track's notes on one channel, drums on channel 10 never count). The first tempo, time
/// signature and key signature in the file are the theme's; a file without a tempo is at 120 bpm, as the MIDI
/// standard says, and one without a key signature gets the key its notes imply.
/// </summary>
internal static class MidiThemeReader
{
    private const int DrumChannel = 10;

    public static ThemeDraft Read(byte[] bytes, string? trackName)
    {
        if (bytes.Length < 14 || bytes[0] != 'M' || bytes[1] != 'T' || bytes[2] != 'h' || bytes[3] != 'd')
        {
            throw new ThemeFormatException("is not a Standard MIDI File: it does not begin with an MThd header");
        }

        var file = Parse(bytes);
        var ticksPerQuarter = file.DeltaTicksPerQuarterNote;
        if (ticksPerQuarter <= 0 || ticksPerQuarter >= 0x8000)
        {
            throw new ThemeFormatException("uses SMPTE time division; only files timed in ticks per quarter note are read");
        }

        var events = Enumerable.Range(0, file.Tracks).SelectMany(t => file.Events[t]).OrderBy(e => e.AbsoluteTime).ToList();
        var tempo = events.OfType<TempoEvent>().FirstOrDefault();
        var meter = events.OfType<TimeSignatureEvent>().FirstOrDefault();
        var keySignature = events.OfType<KeySignatureEvent>().FirstOrDefault();
        var (name, notes) = ChoosePart(file, trackName);

        // One sixteenth is a quarter of the file's quarter-note tick count.
        var sixteenth = ticksPerQuarter / 4.0;
        var draftNotes = notes
            .Select(n => new DraftNote(n.AbsoluteTime / sixteenth, (n.OffEvent is null ? ticksPerQuarter : n.NoteLength) / sixteenth, n.NoteNumber))
            .ToList();
        return new ThemeDraft(
            "midi",
            name,
            meter?.Numerator ?? 4,
            meter is null ? 4 : Denominator(meter),
            keySignature is null ? null : KeyOf(keySignature),
            tempo is null ? 120.0 : 60_000_000.0 / Math.Max(1, tempo.MicrosecondsPerQuarterNote),
            draftNotes);
    }

    private static MidiFile Parse(byte[] bytes)
    {
        try
        {
            using var stream = new MemoryStream(bytes, writable: false);
            return new MidiFile(stream, strictChecking: false);
        }
        catch (Exception e) when (e is FormatException or EndOfStreamException or IOException or ArgumentException or InvalidDataException
            or InvalidOperationException or NotSupportedException or OverflowException or IndexOutOfRangeException or InvalidCastException)
        {
            throw new ThemeFormatException($"is not a readable Standard MIDI File: {Describe(e)}");
        }
    }

    private static string Describe(Exception e) => e switch
    {
        EndOfStreamException => "it is truncated",
        _ => e.Message.Length > 120 ? e.Message[..120] + "…" : e.Message,
    };

    private static (string Name, List<NoteOnEvent> Notes) ChoosePart(MidiFile file, string? trackName)
    {
        var parts = new List<(string Name, List<NoteOnEvent> Notes)>();
        var names = new List<string>();
        for (var t = 0; t < file.Tracks; t++)
        {
            var name = file.Events[t].OfType<TextEvent>().FirstOrDefault(e => e.MetaEventType == MetaEventType.SequenceTrackName)?.Text?.Trim();
            var label = string.IsNullOrEmpty(name) ? string.Create(CultureInfo.InvariantCulture, $"track {t + 1}") : name;
            names.Add(label);
            if (trackName is not null && !string.Equals(label, trackName.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            foreach (var channel in file.Events[t].OfType<NoteOnEvent>().Where(n => n.Velocity > 0 && n.Channel != DrumChannel).GroupBy(n => n.Channel))
            {
                parts.Add((label, channel.ToList()));
            }
        }

        if (trackName is not null && !names.Contains(trackName.Trim(), StringComparer.OrdinalIgnoreCase))
        {
            throw new ThemeTrackException($"the file has no track named '{SpecFields.Truncate(trackName)}'; its tracks: {string.Join(", ", names.Take(16).Select(SpecFields.Truncate))}");
        }

        if (parts.Count == 0)
        {
            throw new ThemeFormatException(trackName is null
                ? "has no melodic notes (drums on MIDI channel 10 are not a melody)"
                : $"track '{SpecFields.Truncate(trackName)}' has no melodic notes (drums on MIDI channel 10 are not a melody)");
        }

        return parts.OrderByDescending(p => p.Notes.Count).First();
    }

    private static int Denominator(TimeSignatureEvent meter)
    {
        // The file stores the denominator as a power of two (2 means a quarter note).
        var power = meter.Denominator;
        return power is >= 0 and <= 6 ? 1 << power : -1;
    }

    private static MusicalKey KeyOf(KeySignatureEvent signature)
    {
        var sharps = (sbyte)(byte)signature.SharpsFlats;
        var major = ((sharps * 7) % 12 + 12) % 12;
        return signature.MajorMinor == 1 ? new MusicalKey((major + 9) % 12, Mode.Minor) : new MusicalKey(major, Mode.Major);
    }
}

/// <summary>The named MIDI track does not exist: reported against <c>theme.track</c>, not the file.</summary>
internal sealed class ThemeTrackException(string message) : Exception(message);
