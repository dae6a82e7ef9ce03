using Mureka.Engine.Music;
using Mureka.Spec.Music;

namespace Mureka.Engine.Encoding;

/// <summary>
/// Writes a <see cref="Score"/> as a Standard MIDI File, format 1: the score a render played, note for note, so a
/// composer can keep working on it. Track 0 carries the tempo, time and key signatures and a marker at each section
/// start (plus <c>loopStart</c>/<c>loopEnd</c> for loops); then one track per part, named, on its own channel with its
/// General MIDI program, volume, pan and effect sends, percussion on channel 10. The division is the score's ticks per
/// quarter, so every note starts and ends on exactly the tick it was rendered from. Deterministic: the same score
/// gives the same bytes.
/// </summary>
public static class MidiWriter
{
    public const string ContentType = "audio/midi";

    private const int DrumChannel = 9;

    // Major-key signatures by tonic pitch class, in sharps (+) or flats (−): the conventional spelling of each key.
    private static readonly int[] MajorSharps = [0, -5, 2, -3, 4, -1, 6, 1, -4, 3, -2, 5];

    /// <param name="loop">Whether the score is a seamless loop (its whole length is the loop).</param>
    public static byte[] Write(Score score, bool loop)
    {
        ArgumentNullException.ThrowIfNull(score);
        if (score.TicksPerQuarter is < 1 or > 0x7FFF)
        {
            throw new ArgumentException($"A MIDI division holds 1 to 32767 ticks per quarter (the score has {score.TicksPerQuarter}).", nameof(score));
        }

        var tracks = new List<byte[]> { ConductorTrack(score, loop) };
        var melodic = 0;
        foreach (var part in score.Tracks)
        {
            tracks.Add(PartTrack(part, part.IsPercussion ? DrumChannel : PitchedChannel(melodic++), score.TotalTicks));
        }

        using var file = new MemoryStream();
        file.Write("MThd"u8);
        WriteUInt32(file, 6);
        WriteUInt16(file, 1);
        WriteUInt16(file, tracks.Count);
        WriteUInt16(file, score.TicksPerQuarter);
        foreach (var track in tracks)
        {
            file.Write("MTrk"u8);
            WriteUInt32(file, (uint)track.Length);
            file.Write(track);
        }

        return file.ToArray();
    }

    /// <summary>Channels 1-16 without 10 for the pitched parts, in order; more than fifteen parts share channels (0-based).</summary>
    private static int PitchedChannel(int index)
    {
        var channel = index % 15;
        return channel >= DrumChannel ? channel + 1 : channel;
    }

    /// <summary>The key signature's sharps (positive) or flats (negative) for <paramref name="key"/>.</summary>
    public static int SharpsOf(MusicalKey key) =>
        MajorSharps[key.Mode == Mode.Major ? key.TonicPitchClass : (key.TonicPitchClass + 3) % 12];

    private static byte[] ConductorTrack(Score score, bool loop)
    {
        var events = new List<TrackEvent>
        {
            new(0, 0, Meta(0x03, System.Text.Encoding.ASCII.GetBytes("Mureka score"))),
            new(0, 1, Meta(0x51, Tempo(score.Bpm))),
            new(0, 2, Meta(0x58, [(byte)score.Meter.Numerator, (byte)Math.Log2(score.Meter.Denominator), 24, 8])),
            new(0, 3, Meta(0x59, [unchecked((byte)(sbyte)SharpsOf(score.Key)), score.Key.Mode == Mode.Major ? (byte)0 : (byte)1])),
        };
        foreach (var section in score.Sections)
        {
            events.Add(new TrackEvent(section.StartBar * score.TicksPerBar, 4, Meta(0x06, System.Text.Encoding.ASCII.GetBytes(Printable(section.Name)))));
        }

        if (loop)
        {
            events.Add(new TrackEvent(0, 5, Meta(0x06, "loopStart"u8.ToArray())));
            events.Add(new TrackEvent(score.TotalTicks, 5, Meta(0x06, "loopEnd"u8.ToArray())));
        }

        return Encode(events, score.TotalTicks);
    }

    private static byte[] PartTrack(ScoreTrack part, int channel, long totalTicks)
    {
        var status = (byte)channel;
        var events = new List<TrackEvent>
        {
            new(0, 0, Meta(0x03, System.Text.Encoding.ASCII.GetBytes(Printable(part.Name)))),
            new(0, 1, [(byte)(0xB0 | status), 0, 0]),
            new(0, 1, [(byte)(0xB0 | status), 32, 0]),
            new(0, 2, [(byte)(0xC0 | status), (byte)Math.Clamp(part.IsPercussion ? part.DrumKit : part.Program, 0, 127)]),
            new(0, 3, [(byte)(0xB0 | status), 7, Data(part.Volume)]),
            new(0, 3, [(byte)(0xB0 | status), 10, Data(part.Pan)]),
            new(0, 3, [(byte)(0xB0 | status), 91, Data(part.ReverbSend)]),
            new(0, 3, [(byte)(0xB0 | status), 93, Data(part.ChorusSend)]),
        };
        foreach (var note in part.Notes)
        {
            var pitch = Data(note.Pitch);
            // Note-offs sort before note-ons on the same tick, so a repeated pitch is released before it strikes again.
            var start = Math.Max(0, note.StartTick);
            events.Add(new TrackEvent(start + Math.Max(1, note.DurationTicks), 4, [(byte)(0x80 | status), pitch, 0]));
            events.Add(new TrackEvent(start, 5, [(byte)(0x90 | status), pitch, (byte)Math.Clamp(note.Velocity, 1, 127)]));
        }

        return Encode(events, totalTicks);
    }

    private static byte[] Encode(List<TrackEvent> events, long totalTicks)
    {
        using var track = new MemoryStream();
        var ordered = events.OrderBy(e => e.Tick).ThenBy(e => e.Order).ToList();
        var last = 0L;
        foreach (var e in ordered)
        {
            WriteVariableLength(track, e.Tick - last);
            track.Write(e.Bytes);
            last = e.Tick;
        }

        // The track ends with the piece (or with its last note-off, if a tail rings past the final bar).
        WriteVariableLength(track, Math.Max(0, totalTicks - last));
        track.Write([0xFF, 0x2F, 0x00]);
        return track.ToArray();
    }

    private static byte[] Meta(byte type, byte[] data)
    {
        using var meta = new MemoryStream();
        meta.WriteByte(0xFF);
        meta.WriteByte(type);
        WriteVariableLength(meta, data.Length);
        meta.Write(data);
        return meta.ToArray();
    }

    private static byte[] Tempo(double bpm)
    {
        var microseconds = (int)Math.Round(60_000_000 / bpm);
        return [(byte)(microseconds >> 16), (byte)(microseconds >> 8), (byte)microseconds];
    }

    private static byte Data(int value) => (byte)Math.Clamp(value, 0, 127);

    // Names come from our own arranger, but a MIDI text event is plain ASCII for every reader.
    private static string Printable(string text) => new([.. text.Select(c => c is >= ' ' and <= '~' ? c : '?')]);

    private static void WriteVariableLength(Stream stream, long value)
    {
        if (value is < 0 or > 0x0FFFFFFF)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "A MIDI delta time holds 0 to 2^28 - 1 ticks.");
        }

        Span<byte> buffer = stackalloc byte[4];
        var count = 0;
        buffer[count++] = (byte)(value & 0x7F);
        while ((value >>= 7) > 0)
        {
            buffer[count++] = (byte)(0x80 | (value & 0x7F));
        }

        for (var i = count - 1; i >= 0; i--)
        {
            stream.WriteByte(buffer[i]);
        }
    }

    private static void WriteUInt32(Stream stream, uint value)
    {
        stream.WriteByte((byte)(value >> 24));
        stream.WriteByte((byte)(value >> 16));
        stream.WriteByte((byte)(value >> 8));
        stream.WriteByte((byte)value);
    }

    private static void WriteUInt16(Stream stream, int value)
    {
        stream.WriteByte((byte)(value >> 8));
        stream.WriteByte((byte)value);
    }

    /// <param name="Order">Ties on one tick: meta and setup first, then note-offs, then note-ons.</param>
    private sealed record TrackEvent(long Tick, int Order, byte[] Bytes);
}
