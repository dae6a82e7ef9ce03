namespace Mureka.Gateway.Licenses;

/// <summary>
/// Where a model pack's output comes from, as its model card states it: the corpora its weights were trained on and
/// the sample set its synthesiser plays, each with its licence. Certificates quote it for the model that rendered.
/// </summary>
public sealed record ModelProvenance(string PackLicense, IReadOnlyList<ProvenanceSource> TrainingData, IReadOnlyList<ProvenanceSource> SampleSets)
{
    private static readonly Dictionary<string, ModelProvenance> ByModel = new(StringComparer.Ordinal)
    {
        // src/Mureka.Engine/Models/mureka-compose-1/MODEL_CARD.md, "Training data" and "Sample set and mix".
        ["mureka-compose-1"] = new(
            "Proprietary weights trained by Mureka; output licensed by the certificate's terms",
            [
                new("Nottingham Music Database, cleaned ABC (traditional British and Irish folk tunes)", "jukedeck/nottingham-dataset @ 0992bb6", "GPL-3.0 (files); tunes traditional"),
                new("OpenEWLD lead sheets, works first performed in 1930 or earlier", "00sapo/OpenEWLD @ ec03cbd", "MIT (files); works US public domain"),
            ],
            [
                new("MuseScore General HQ 0.2.1 (sf3)", "Debian musescore-general-soundfont 0.2.1-1, SHA-256 f9a37b36655f23e167c66ec91bef6097c8e99be29286219a54062919eb41aeae", "MIT (parts public domain or CC0)"),
            ]),
    };

    /// <returns>Null for a model without a published card.</returns>
    public static ModelProvenance? For(string model) => ByModel.GetValueOrDefault(model);

    public static IReadOnlyCollection<string> Models => ByModel.Keys;
}

/// <param name="Name">What it is.</param>
/// <param name="Source">Where exactly it came from (repository and commit, package and hash).</param>
/// <param name="License">Its licence.</param>
public sealed record ProvenanceSource(string Name, string Source, string License);
