using Mureka.Spec.Catalog;

namespace Mureka.Engine.Arrangement.Internal;

/// <summary>The parts one arrangement plays: the template's, with the request's instruments swapped in.</summary>
internal sealed record PartSet(MelodyPart Melody, HarmonyPart Harmony, BassPart? Bass, IReadOnlyList<ExtraPart> Extras, DrumPart? Drums)
{
    public static PartSet From(GenreTemplate template, IReadOnlyList<string> requestedInstruments)
    {
        var melody = template.Melody;
        var harmony = template.Harmony;
        var bass = template.Bass;
        var extras = template.Extras.ToList();

        var known = requestedInstruments
            .Select(name => InstrumentCatalog.TryGet(name, out var info) ? info : null)
            .OfType<InstrumentInfo>()
            .ToList();

        var bassInstrument = known.FirstOrDefault(i => i.Role == InstrumentRole.Bass);
        if (bassInstrument is not null)
        {
            bass = bass is null
                ? new BassPart(new PartVoice(bassInstrument.Program, 70, 100, Volume: 95), BassStyle.RootFifth)
                : bass with { Voice = bass.Voice with { Program = bassInstrument.Program } };
        }

        var melodic = known.Where(i => i.Role == InstrumentRole.Melodic).ToList();
        if (melodic.Count > 0)
        {
            melody = melody with
            {
                Voice = melody.Voice with { Program = melodic[0].Program },
                LowestPitch = melodic[0].LowestPitch,
                HighestPitch = melodic[0].HighestPitch,
            };
        }

        if (melodic.Count > 1)
        {
            harmony = harmony with { Voice = harmony.Voice with { Program = melodic[1].Program } };
        }

        if (melodic.Count > 2)
        {
            var third = melodic[2];
            if (extras.Count > 0)
            {
                extras[0] = extras[0] with { Voice = extras[0].Voice with { Program = third.Program } };
            }
            else
            {
                var lowest = Math.Max(third.LowestPitch, 52);
                extras.Add(new ExtraPart(third.Name, new PartVoice(third.Program, 50, 85, Volume: 85, Pan: 84, ReverbSend: 55), ExtraStyle.GuideTones, 3, lowest, Math.Max(lowest + 14, Math.Min(third.HighestPitch, 76))));
            }
        }

        return new PartSet(melody, harmony, bass, extras, template.Drums);
    }
}
