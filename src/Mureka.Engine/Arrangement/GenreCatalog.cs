using System.Diagnostics.CodeAnalysis;
using Mureka.Engine.Arrangement.Genres;
using Mureka.Spec.Catalog;

namespace Mureka.Engine.Arrangement;

/// <summary>The arrangement templates, one per genre of <see cref="GenreProfiles"/>, by id.</summary>
public static class GenreCatalog
{
    private static readonly Dictionary<string, GenreTemplate> ById;

    static GenreCatalog()
    {
        All =
        [
            AmbientGenres.Ambient,
            AmbientGenres.LofiHipHop,
            AmbientGenres.SoloPiano,
            OrchestralGenres.CinematicOrchestral,
            OrchestralGenres.EpicTrailer,
            OrchestralGenres.ClassicalWaltz,
            BandGenres.CorporatePop,
            BandGenres.Rock,
            BandGenres.AcousticFolk,
            ElectronicGenres.House,
            ElectronicGenres.Chiptune,
            JazzGenres.Jazz,
        ];
        ById = All.ToDictionary(t => t.Id, StringComparer.OrdinalIgnoreCase);

        // Every genre a spec may name must have a template; the resolver never sees a genre the engine cannot play.
        var missing = GenreProfiles.All.Where(p => !ById.ContainsKey(p.Id)).Select(p => p.Id).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException($"no arrangement template for genre(s): {string.Join(", ", missing)}");
        }

        Default = ById[GenreProfiles.Default.Id];
    }

    public static IReadOnlyList<GenreTemplate> All { get; }

    /// <summary>Used when nothing in the request points at a genre.</summary>
    public static GenreTemplate Default { get; }

    /// <summary>Looks a template up by id, ignoring case.</summary>
    public static bool TryGet(string id, [MaybeNullWhen(false)] out GenreTemplate template)
    {
        if (id is null)
        {
            template = null;
            return false;
        }

        return ById.TryGetValue(id.Trim(), out template);
    }
}
