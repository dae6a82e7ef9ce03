namespace Mureka.Engine.Encoding;

/// <summary>
/// Provenance a delivered file carries in its own tags, so a file that has left the service (a library's asset
/// store, an editor's timeline) still says which generation it is and which licence covers it. Written as
/// BWF <c>bext</c> and RIFF <c>LIST/INFO</c> in WAV, Vorbis comments in FLAC and Opus, and ID3v2 in MP3.
/// </summary>
public sealed record FileTags
{
    /// <summary>Longest id accepted.</summary>
    public const int MaxIdLength = 64;

    /// <summary>Longest software name accepted: a model id and its version.</summary>
    public const int MaxSoftwareLength = 128;

    /// <param name="generationId">The generation the file belongs to.</param>
    /// <param name="licenseId">The licence certificate that covers it.</param>
    /// <param name="software">What rendered it: the model id and version.</param>
    /// <exception cref="ArgumentException">A value is empty, too long, or not printable ASCII (every tag format stores ASCII safely).</exception>
    public FileTags(string generationId, string licenseId, string software)
    {
        GenerationId = Checked(generationId, MaxIdLength, nameof(generationId));
        LicenseId = Checked(licenseId, MaxIdLength, nameof(licenseId));
        Software = Checked(software, MaxSoftwareLength, nameof(software));
    }

    public string GenerationId { get; }

    public string LicenseId { get; }

    public string Software { get; }

    /// <summary>The seed the file was rendered from, where the file is one of several renders of one job (an adaptive set).</summary>
    public ulong? Seed { get; init; }

    /// <summary>The comment every format shows: both ids (and the model and seed when known), in words a person reading a tag editor understands.</summary>
    public string Comment => Seed is { } seed
        ? $"Mureka generation {GenerationId}; licence {LicenseId}; {Software}; seed {seed}"
        : $"Mureka generation {GenerationId}; licence {LicenseId}";

    public string Copyright => $"Licensed under Mureka licence {LicenseId}";

    /// <summary>The publisher, organisation or originator field.</summary>
    public static string Publisher => "Mureka";

    /// <summary>Free-form keys, for the formats that have them (Vorbis comments, ID3v2 TXXX frames).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> MachineReadable =>
    [
        new("MUREKA_GENERATION_ID", GenerationId),
        new("MUREKA_LICENSE_ID", LicenseId),
        .. Seed is { } seed ? [new KeyValuePair<string, string>("MUREKA_SEED", seed.ToString(System.Globalization.CultureInfo.InvariantCulture))] : Array.Empty<KeyValuePair<string, string>>(),
    ];

    /// <summary>Whether <paramref name="value"/> can be an id in a tag: 1 to <see cref="MaxIdLength"/> printable ASCII characters.</summary>
    public static bool IsValidId(string? value) => IsValid(value, MaxIdLength);

    private static bool IsValid(string? value, int maxLength) =>
        value is { Length: > 0 } && value.Length <= maxLength && value.All(c => c is >= ' ' and <= '~');

    private static string Checked(string value, int maxLength, string name)
    {
        ArgumentNullException.ThrowIfNull(value, name);
        if (!IsValid(value, maxLength))
        {
            throw new ArgumentException($"A file tag must be 1 to {maxLength} printable ASCII characters.", name);
        }

        return value;
    }
}
