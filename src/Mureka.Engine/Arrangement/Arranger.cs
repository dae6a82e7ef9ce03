using Mureka.Engine.Arrangement.Internal;
using Mureka.Engine.Music;
using Mureka.Engine.Requests;

namespace Mureka.Engine.Arrangement;

/// <summary>
/// Turns the composer's key-relative lead sheet into a multi-track score in the request's key, tempo and
/// metre, using the genre's template: form (intro, "a"/"b" passes, tonic ending; loops without either),
/// voicings, bass and drum patterns, and the parts of the requested intensity layers.
/// Deterministic: the same lead sheet and request give the same score.
/// </summary>
public sealed class Arranger
{
    /// <summary>Length of the arranged piece in bars.</summary>
    /// <remarks>
    /// Loops take the whole number of bars nearest the requested duration. Other pieces stop about a bar
    /// (at least 1.5 s) early so the final chord can ring out inside the requested duration.
    /// </remarks>
    public static int TotalBars(ResolvedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.Bpm);
        var barSeconds = request.Meter.QuarterNotesPerBar * 60.0 / request.Bpm;
        var seconds = request.DurationMs / 1000.0;
        if (request.Loop)
        {
            return Math.Max(1, (int)Math.Round(seconds / barSeconds, MidpointRounding.AwayFromZero));
        }

        var ringOut = Math.Max(barSeconds, 1.5);
        return Math.Max(1, (int)Math.Floor(((seconds - ringOut) / barSeconds) + 1e-9));
    }

    /// <summary>
    /// Distinct lead-sheet bars the composer should write: the whole body of short pieces, about half the
    /// body of longer ones so material repeats, in four-bar phrases between 4 and 16.
    /// </summary>
    public static int ComposedBarsNeeded(ResolvedRequest request)
    {
        var (_, body, _) = FormPlanner.Proportions(TotalBars(request), request.Loop);
        return body <= 8
            ? Math.Max(4, RoundUpToPhrase(body))
            : Math.Clamp(RoundUpToPhrase((body + 1) / 2), 8, 16);
    }

    /// <summary>Arranges the lead sheet; bars are read on the request's metre grid.</summary>
    public Score Arrange(LeadSheet leadSheet, ResolvedRequest request)
    {
        ArgumentNullException.ThrowIfNull(leadSheet);
        ArgumentNullException.ThrowIfNull(request);
        var template = GenreCatalog.TryGet(request.Genre, out var found) ? found : GenreCatalog.Default;
        var parts = PartSet.From(template, request.Instruments);
        var totalBars = TotalBars(request);
        var (bars, sections) = FormPlanner.Plan(totalBars, Math.Max(1, leadSheet.Bars.Count), request.Loop);
        var context = new ArrangementContext(leadSheet, request.Key, request.Meter, template.Swing, request.Intensity, request.Seed, bars);

        var tracks = new List<ScoreTrack>();
        void AddTrack(int layer, string name, StemKind stem, PartVoice voice, Action<TrackBuilder> write, bool percussion = false, int kit = 0)
        {
            if (!context.Plays(layer))
            {
                return;
            }

            var builder = new TrackBuilder(name, stem, voice, request.Seed, context.TotalTicks, percussion, kit);
            write(builder);
            if (builder.Count > 0)
            {
                tracks.Add(builder.Build());
            }
        }

        var melody = MelodyWriter.Place(context, parts.Melody.LowestPitch, parts.Melody.HighestPitch);
        if (parts.Drums is { } drums)
        {
            var voice = new PartVoice(0, drums.VelocityLow, drums.VelocityHigh, drums.Volume, 64, drums.ReverbSend);
            AddTrack(DrumWriter.FirstLayer(drums, request.Meter), "drums", StemKind.Drums, voice, t => DrumWriter.Write(context, t, drums), percussion: true, kit: drums.Kit);
        }

        if (parts.Bass is { } bass)
        {
            AddTrack(bass.Layer, "bass", StemKind.Bass, bass.Voice, t => BassWriter.Write(context, t, bass.Style));
        }

        var harmony = parts.Harmony;
        AddTrack(harmony.Layer, "harmony", StemKind.Harmony, harmony.Voice, t => HarmonyWriter.Write(context, t, harmony.Style, harmony.LowestPitch, harmony.HighestPitch));
        foreach (var extra in parts.Extras)
        {
            AddTrack(extra.Layer, extra.Name, StemOf(extra.Style), extra.Voice, t => ExtraWriter.Write(context, t, extra, melody));
        }

        AddTrack(parts.Melody.Layer, "melody", StemKind.Melody, parts.Melody.Voice, t => MelodyWriter.Write(melody, t, _ => true, p => p));

        var score = new Score(ArrangementContext.TicksPerQuarter, request.Bpm, request.Meter, request.Key, totalBars, tracks, sections);
        return request.Loop ? score : SustainFinalChord(score, request.DurationMs / 1000.0);
    }

    /// <summary>
    /// Whole bars rarely fill the requested length exactly; rather than leave the remainder silent,
    /// the pitched notes still sounding at the last barline hold until a second before the end,
    /// where the master's fade-out takes them.
    /// </summary>
    private static Score SustainFinalChord(Score score, double durationSeconds)
    {
        var holdUntil = (long)((durationSeconds - FinalFadeSeconds) / score.SecondsPerTick);
        if (holdUntil <= score.TotalTicks)
        {
            return score;
        }

        var lastBarStart = score.TotalTicks - score.TicksPerBar;
        var tracks = score.Tracks
            .Select(track => track.IsPercussion
                ? track
                : track with
                {
                    Notes = track.Notes
                        .Select(n => n.StartTick >= lastBarStart && n.StartTick + n.DurationTicks >= score.TotalTicks - (score.TicksPerQuarter / 4)
                            ? n with { DurationTicks = holdUntil - n.StartTick }
                            : n)
                        .ToList(),
                })
            .ToList();
        return score with { Tracks = tracks };
    }

    private const double FinalFadeSeconds = 1.0;

    private static StemKind StemOf(ExtraStyle style) => style switch
    {
        ExtraStyle.MelodyOctaveUp or ExtraStyle.MelodyOctaveDown or ExtraStyle.MelodyThirdBelow => StemKind.Melody,
        ExtraStyle.RootPulse => StemKind.Drums,
        _ => StemKind.Harmony,
    };

    private static int RoundUpToPhrase(int bars) => (bars + 3) / 4 * 4;
}
