using Mureka.Engine.Music;

namespace Mureka.Engine.Arrangement.Internal;

/// <summary>
/// Collects one track's notes, maps a 0..1 strength into the part's velocity range with seeded jitter,
/// and on <see cref="Build"/> enforces the score's invariants: pitches and velocities in MIDI range,
/// notes inside the piece, and no two notes of the same pitch sounding at once.
/// </summary>
internal sealed class TrackBuilder
{
    private const int VelocityJitter = 5;
    private readonly List<ScoreNote> _notes = [];
    private readonly string _name;
    private readonly StemKind _stem;
    private readonly PartVoice _voice;
    private readonly bool _percussion;
    private readonly int _drumKit;
    private readonly long _totalTicks;
    private readonly DeterministicRandom _random;
    private readonly PartGate? _gate;
    private readonly TimingFeel _feel;

    public TrackBuilder(string name, StemKind stem, PartVoice voice, ulong seed, long totalTicks, bool percussion = false, int drumKit = 0, PartGate? gate = null, TimingFeel feel = default)
    {
        _gate = gate;
        _feel = feel;
        _name = name;
        _stem = stem;
        _voice = voice;
        _percussion = percussion;
        _drumKit = drumKit;
        _totalTicks = totalTicks;

        // Each track draws from its own stream so adding a layer never changes the others.
        _random = new DeterministicRandom(DeterministicRandom.Derive(seed, name));
    }

    public int Count => _notes.Count;

    /// <param name="strength">0 = the part's softest velocity, 1 = its loudest.</param>
    /// <param name="velocityOffset">Section dynamics added after scaling.</param>
    public void Add(long start, long end, int pitch, double strength, int velocityOffset = 0)
    {
        if (start < 0 || start >= _totalTicks || end <= start || (_gate is not null && !_gate.Allows(start)))
        {
            return;
        }

        end = _gate?.Clip(start, end) ?? end;
        var velocity = _voice.VelocityLow + (Math.Clamp(strength, 0, 1) * (_voice.VelocityHigh - _voice.VelocityLow));
        var jitter = _random.NextInt(-VelocityJitter, VelocityJitter);
        var finalVelocity = Math.Clamp((int)Math.Round(velocity) + velocityOffset + jitter, 1, 127);

        // Played, not sequenced: the part's lean on the beat plus a little seeded looseness, duration kept.
        var shift = _feel.LateTicks + (_feel.JitterTicks > 0 ? _random.NextInt(-_feel.JitterTicks, _feel.JitterTicks) : 0);
        var playedStart = Math.Clamp(start + shift, 0, _totalTicks - 1);
        var playedEnd = Math.Min(end + (playedStart - start), _totalTicks);
        if (playedEnd <= playedStart)
        {
            return;
        }

        _notes.Add(new ScoreNote(playedStart, playedEnd - playedStart, Math.Clamp(pitch, 0, 127), finalVelocity));
    }

    /// <summary>Extends the same-pitch note that ends where this one starts (a tie) instead of re-striking it.</summary>
    public void AddTied(long start, long end, int pitch, double strength, int velocityOffset = 0)
    {
        if (_gate is not null && !_gate.Allows(start))
        {
            return;
        }

        // The window allows for the earlier note's played (humanised) timing.
        var window = 30 + _feel.LateTicks + _feel.JitterTicks;
        for (var i = _notes.Count - 1; i >= 0 && i >= _notes.Count - 8; i--)
        {
            var previous = _notes[i];
            var previousEnd = previous.StartTick + previous.DurationTicks;
            if (previous.Pitch == pitch && previousEnd >= start - window && previousEnd <= start + window)
            {
                var tiedEnd = Math.Min(_gate?.Clip(start, end) ?? end, _totalTicks);
                _notes[i] = previous with { DurationTicks = Math.Max(previous.DurationTicks, tiedEnd - previous.StartTick) };
                return;
            }
        }

        Add(start, end, pitch, strength, velocityOffset);
    }

    public ScoreTrack Build()
    {
        var notes = new List<ScoreNote>(_notes.Count);
        foreach (var group in _notes.GroupBy(n => n.Pitch))
        {
            ScoreNote? previous = null;
            foreach (var note in group.OrderBy(n => n.StartTick).ThenByDescending(n => n.Velocity))
            {
                if (previous is not null && note.StartTick == previous.StartTick)
                {
                    continue; // a doubled strike: keep the louder one
                }

                if (previous is not null && previous.StartTick + previous.DurationTicks > note.StartTick)
                {
                    notes[^1] = previous with { DurationTicks = note.StartTick - previous.StartTick };
                }

                notes.Add(note);
                previous = note;
            }
        }

        notes.Sort((a, b) => a.StartTick != b.StartTick ? a.StartTick.CompareTo(b.StartTick) : a.Pitch.CompareTo(b.Pitch));
        return new ScoreTrack(
            _name,
            _stem,
            _percussion ? 0 : _voice.Program,
            _percussion,
            notes,
            _voice.Volume,
            _voice.Pan,
            _voice.ReverbSend,
            _voice.ChorusSend,
            _drumKit);
    }
}
