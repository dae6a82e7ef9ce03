using Mureka.Spec.Music;

namespace Mureka.Spec.Themes;

/// <summary>
/// What a reader found in a file before it is made one voice on the grid: every pitched note of the chosen part, in
/// sixteenths from the file's time zero (fractions allowed: triplets, unquantised playing), and what the file states.
/// </summary>
internal sealed record ThemeDraft(string Source, string? Track, int MeterNumerator, int MeterDenominator, MusicalKey? Key, double? Bpm, IReadOnlyList<DraftNote> Notes);

internal readonly record struct DraftNote(double Start16, double Duration16, int Pitch);

/// <summary>A file a reader cannot use; the message says why, in the customer's terms.</summary>
internal sealed class ThemeFormatException(string message) : Exception(message);
