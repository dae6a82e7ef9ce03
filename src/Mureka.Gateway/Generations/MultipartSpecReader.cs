using System.Text;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Mureka.Spec;
using Mureka.Spec.Themes;

namespace Mureka.Gateway.Generations;

/// <summary>
/// A create or estimate sent as <c>multipart/form-data</c>, so a composer can upload a theme file as it is: a
/// <c>spec</c> part (the JSON request, optional), a <c>theme</c> file part (a Standard MIDI File, recognised by its
/// <c>MThd</c> header, or ABC notation as UTF-8 text) and an optional <c>theme_track</c> text part. The body is read
/// whole under the same size limit as JSON before it is parsed; an unknown, repeated or unreadable part is named.
/// </summary>
internal static class MultipartSpecReader
{
    public const string SpecPart = "spec";
    public const string ThemePart = "theme";
    public const string TrackPart = "theme_track";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    public static bool IsMultipart(string? contentType) =>
        contentType is not null
        && MediaTypeHeaderValue.TryParse(contentType, out var parsed)
        && parsed.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase);

    /// <exception cref="BodyTooLargeException">More than <paramref name="limit"/> bytes.</exception>
    /// <exception cref="RequestValidationException">Not multipart, unknown or repeated parts, an unreadable spec or theme.</exception>
    public static async Task<MusicSpec> ReadAsync(HttpRequest request, long limit, CancellationToken cancellationToken)
    {
        var boundary = MediaTypeHeaderValue.Parse(request.ContentType).Boundary;
        var boundaryText = HeaderUtilities.RemoveQuotes(boundary).Value;
        if (string.IsNullOrEmpty(boundaryText) || boundaryText.Length > 70)
        {
            throw new RequestValidationException([new FieldError("body", "multipart/form-data needs a boundary of 1–70 characters")]);
        }

        using var body = await SpecBodyReader.ReadBodyAsync(request, limit, cancellationToken);
        var parts = await ReadPartsAsync(body, boundaryText, cancellationToken);
        var errors = new List<FieldError>();
        foreach (var unknown in parts.Keys.Where(k => k is not (SpecPart or ThemePart or TrackPart)))
        {
            errors.Add(new FieldError(SpecFields.Truncate(unknown), $"unknown part; send {SpecPart} (JSON), {ThemePart} (a MIDI or ABC file) and optionally {TrackPart}"));
        }

        var spec = new MusicSpec();
        if (parts.TryGetValue(SpecPart, out var specBytes))
        {
            using var document = SpecBodyReader.ParseObject(specBytes, SpecPart);
            spec = SpecBodyReader.ReadSpec(document.RootElement, errors);
        }

        if (!parts.TryGetValue(ThemePart, out var themeBytes))
        {
            errors.Add(new FieldError(ThemePart, "is required in a multipart request: the MIDI or ABC file (send JSON when there is none)"));
        }
        else if (spec.Theme is not null)
        {
            errors.Add(new FieldError(ThemePart, "is given twice: as a file part and inside the spec part"));
        }
        else
        {
            spec = spec with { Theme = ThemeOf(themeBytes, parts.GetValueOrDefault(TrackPart), errors) };
        }

        return errors.Count == 0 ? spec : throw new RequestValidationException(errors);
    }

    private static MusicTheme? ThemeOf(byte[] file, byte[]? track, List<FieldError> errors)
    {
        string? trackName = null;
        if (track is not null && !TryText(track, out trackName))
        {
            errors.Add(new FieldError(TrackPart, "must be UTF-8 text"));
        }

        if (file.Length >= 4 && file[0] == 'M' && file[1] == 'T' && file[2] == 'h' && file[3] == 'd')
        {
            return new MusicTheme { Midi = file, Track = trackName };
        }

        if (!TryText(file, out var abc))
        {
            errors.Add(new FieldError(ThemePart, "is neither a Standard MIDI File (no MThd header) nor ABC notation in UTF-8 text"));
            return null;
        }

        return new MusicTheme { Abc = abc, Track = trackName };
    }

    private static async Task<Dictionary<string, byte[]>> ReadPartsAsync(MemoryStream body, string boundary, CancellationToken cancellationToken)
    {
        var parts = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        var reader = new MultipartReader(boundary, body) { HeadersCountLimit = 8, HeadersLengthLimit = 4096 };
        try
        {
            while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
                    || HeaderUtilities.RemoveQuotes(disposition.Name).Value is not { Length: > 0 and <= 64 } name)
                {
                    throw new RequestValidationException([new FieldError("body", "every part needs Content-Disposition: form-data with a name")]);
                }

                using var content = new MemoryStream();
                await section.Body.CopyToAsync(content, cancellationToken);
                if (!parts.TryAdd(name, content.ToArray()))
                {
                    throw new RequestValidationException([new FieldError(SpecFields.Truncate(name), "is sent more than once")]);
                }
            }
        }
        catch (Exception e) when (e is IOException or InvalidDataException)
        {
            throw new RequestValidationException([new FieldError("body", $"is not valid multipart/form-data: {SpecFields.Truncate(e.Message)}")]);
        }

        return parts;
    }

    private static bool TryText(byte[] bytes, out string text)
    {
        try
        {
            text = StrictUtf8.GetString(bytes);
            return true;
        }
        catch (DecoderFallbackException)
        {
            text = string.Empty;
            return false;
        }
    }
}
