using Mureka.Engine.Arrangement.Internal;
using Mureka.Engine.Music;
using Mureka.Spec;
using Mureka.Spec.Timing;

namespace Mureka.Engine.Arrangement;

/// <summary>
/// Turns the composer's key-relative lead sheet into a multi-track score in the request's key, tempo and
/// metre, using the genre's template: a form that scales with the length (intro, statements, breakdown, build,
/// finale, outro, final hit; loops are body only), an energy curve that brings parts in and out, voicings,
/// bass and drum patterns, and the parts of the requested intensity layers.
/// Deterministic: the same lead sheet and request give the same score.
/// </summary>
public sealed class Arranger
{
    /// <summary>Length of the arranged piece in bars.</summary>
    /// <remarks>
    /// Loops take the whole number of bars nearest the requested duration. Other pieces are the body bars that
    /// fit before the final hit plus the ending bar the hit lands in (see <see cref="PieceLength"/>).
    /// </remarks>
    public static int TotalBars(ResolvedMusicSpec request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(request.Bpm);
        if (request.Loop)
        {
            return RenderedLength.LoopBars(request);
        }

        return PieceLength.Of(request.Bpm, request.TimeSignature, request.DurationMs).ScoreBars;
    }

    /// <summary>
    /// Distinct lead-sheet bars the composer should write: the whole body of short pieces, about half the
    /// body of longer ones so material repeats, in four-bar phrases between 4 and 16. An extension's are those of the
    /// piece it continues, as first written, so it plays the same material.
    /// </summary>
    public static int ComposedBarsNeeded(ResolvedMusicSpec request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Extends is { } extension)
        {
            return ComposedBarsNeeded(request with { DurationMs = extension.DurationsMs[0], Extends = null });
        }

        var body = BodyBars(request);
        return body <= 8
            ? Math.Max(4, RoundUpToPhrase(body))
            : Math.Clamp(RoundUpToPhrase((body + 1) / 2), 8, 16);
    }

    /// <summary>Arranges the lead sheet; bars are read on the request's metre grid.</summary>
    public Score Arrange(LeadSheet leadSheet, ResolvedMusicSpec request)
    {
        ArgumentNullException.ThrowIfNull(leadSheet);
        ArgumentNullException.ThrowIfNull(request);
        var template = GenreCatalog.TryGet(request.Genre, out var found) ? found : GenreCatalog.Default;
        var parts = PartSet.From(template, request.Instruments);
        var length = request.Loop ? (PieceLength?)null : PieceLength.Of(request.Bpm, request.TimeSignature, request.DurationMs);
        var (bars, sections) = FormPlanner.Plan(BodyBars(request), Math.Max(1, leadSheet.Bars.Count), request.Loop, leadSheet.ThemeBars, Segments(request));
        var context = new ArrangementContext(
            leadSheet, request.Key, request.TimeSignature, template.Swing, request.Intensity, request.Seed, bars,
            finalHit16: 2 * (length?.EndingEighths ?? 0), keepsRhythmSection: template.KeepsRhythmSection);

        var tracks = new List<ScoreTrack>();
        void AddTrack(int layer, string name, StemKind stem, PartVoice voice, Action<TrackBuilder> write, bool percussion = false, int kit = 0, bool rhythmSection = false)
        {
            if (!context.Plays(layer, rhythmSection))
            {
                return;
            }

            var builder = new TrackBuilder(name, stem, voice, request.Seed, context.TotalTicks, percussion, kit, new PartGate(context, layer, rhythmSection), TimingFeel.For(stem, name));
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
            foreach (var (kitLayer, name) in new[] { (KitLayer.Core, "drums"), (KitLayer.Hats, "hats"), (KitLayer.Percussion, "percussion") })
            {
                AddTrack(DrumWriter.LayerOf(drums, request.TimeSignature, kitLayer), name, StemKind.Drums, voice, t => DrumWriter.Write(context, t, drums, template.Id, kitLayer), percussion: true, kit: drums.Kit, rhythmSection: kitLayer == KitLayer.Core);
            }
        }

        if (parts.Bass is { } bass)
        {
            AddTrack(bass.Layer, "bass", StemKind.Bass, bass.Voice, t => BassWriter.Write(context, t, bass.Style, template.Id), rhythmSection: true);
        }

        var harmony = parts.Harmony;
        AddTrack(harmony.Layer, "harmony", StemKind.Harmony, harmony.Voice, t => HarmonyWriter.Write(context, t, harmony.Style, harmony.LowestPitch, harmony.HighestPitch));
        foreach (var extra in parts.Extras)
        {
            AddTrack(extra.Layer, extra.Name, StemOf(extra.Style), extra.Voice, t => ExtraWriter.Write(context, t, extra, melody));
        }

        AddTrack(parts.Melody.Layer, "melody", StemKind.Melody, parts.Melody.Voice, t => MelodyWriter.Write(melody, t, _ => true, p => p));

        var score = new Score(ArrangementContext.TicksPerQuarter, request.Bpm, request.TimeSignature, request.Key, bars.Count, tracks, sections);
        return length is { } ending ? EndingShaper.Shape(score, context.Tick(bars.Count - 1, context.FinalHit16), ending.RingOutSeconds) : score;
    }

    /// <summary>An extension's parts, oldest first: the body bars and intensity of each earlier length, then its own; null otherwise.</summary>
    private static IReadOnlyList<(int BodyBars, int Intensity)>? Segments(ResolvedMusicSpec request) =>
        request.Extends is { } extension
            ? [.. extension.DurationsMs.Select((ms, i) => (PieceLength.Of(request.Bpm, request.TimeSignature, ms).BodyBars, extension.Intensities[i])),
                (BodyBars(request), extension.Intensities[^1])]
            : null;

    private static int BodyBars(ResolvedMusicSpec request) =>
        request.Loop ? TotalBars(request) : PieceLength.Of(request.Bpm, request.TimeSignature, request.DurationMs).BodyBars;

    private static StemKind StemOf(ExtraStyle style) => style switch
    {
        ExtraStyle.MelodyOctaveUp or ExtraStyle.MelodyOctaveDown or ExtraStyle.MelodyThirdBelow => StemKind.Melody,
        ExtraStyle.RootPulse => StemKind.Drums,
        _ => StemKind.Harmony,
    };

    private static int RoundUpToPhrase(int bars) => (bars + 3) / 4 * 4;
}
