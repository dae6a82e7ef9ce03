using System.CommandLine;
using System.Text.Json;
using Mureka.Sdk;
using Mureka.Spec;

namespace Mureka.Cli.Commands;

/// <summary>
/// <c>mureka license verify</c>: checks a licence certificate's signature with the published key set (a URL or a saved
/// file) and each given audio file against the SHA-256 the certificate names. Exit codes: 0 valid and every file
/// named; 1 the signature does not verify or a file is not the licensed one; 2 invalid input (or the key set could
/// not be read).
/// </summary>
public static class LicenseCommand
{
    public const int ExitNotValid = 1;

    public static Command Create()
    {
        var certificate = new Option<string>("--certificate", "-c")
        {
            Description = "The certificate: a file holding the JWS, or the JSON GET /v1/generations/{id}/license answers.",
            Required = true,
        };
        var keys = new Option<string?>("--keys")
        {
            Description = $"The key set: a URL or a saved file (default: ${GenerateCommand.ApiUrlVariable}, else {GenerateCommand.DefaultApiUrl}, + {MurekaLicenses.KeySetPath}).",
        };
        var files = new Argument<string[]>("files") { Description = "Audio files to check against the certificate (the mix, stems).", Arity = ArgumentArity.ZeroOrMore };
        var verify = new Command("verify", "Verify a licence certificate, and files against it.") { certificate, keys, files };
        verify.SetAction(async (parse, cancellationToken) =>
            await VerifyAsync(parse.GetRequiredValue(certificate), parse.GetValue(keys), parse.GetValue(files) ?? [], cancellationToken));
        return new Command("license", "Licence certificates of generated tracks.") { verify };
    }

    public static async Task<int> VerifyAsync(string certificatePath, string? keys, IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var errors = new List<FieldError>();
        var jws = await ReadCertificateAsync(certificatePath, errors, cancellationToken);
        foreach (var file in files.Where(f => !File.Exists(f)))
        {
            errors.Add(new FieldError("files", $"'{file}' does not exist"));
        }

        var keySet = errors.Count == 0 ? await ReadKeySetAsync(keys ?? DefaultKeySetUrl(), errors, cancellationToken) : null;
        if (errors.Count > 0 || jws is null || keySet is null)
        {
            return RenderCommand.Fail(errors);
        }

        if (MurekaLicenses.Verify(jws, keySet) is not { } claims)
        {
            await Console.Error.WriteLineAsync("not valid: the certificate's signature does not verify with the published keys");
            return ExitNotValid;
        }

        var terms = claims.GetProperty("terms").GetProperty("id").GetString();
        Console.WriteLine($"valid: {claims.GetProperty("license_id").GetString()} ({terms}) for generation {claims.GetProperty("generation_id").GetString()}");
        var status = 0;
        foreach (var file in files)
        {
            await using var stream = File.OpenRead(file);
            if (await MurekaLicenses.FindFileAsync(claims, stream, cancellationToken) is { } name)
            {
                Console.WriteLine($"{file}: licensed as '{name}'");
            }
            else
            {
                await Console.Error.WriteLineAsync($"{file}: not a file this certificate licenses (no entry has its SHA-256)");
                status = ExitNotValid;
            }
        }

        return status;
    }

    private static string DefaultKeySetUrl() =>
        (Environment.GetEnvironmentVariable(GenerateCommand.ApiUrlVariable) ?? GenerateCommand.DefaultApiUrl).TrimEnd('/') + MurekaLicenses.KeySetPath;

    private static async Task<string?> ReadCertificateAsync(string path, List<FieldError> errors, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
        {
            errors.Add(new FieldError("certificate", $"'{path}' does not exist"));
            return null;
        }

        var text = (await File.ReadAllTextAsync(path, cancellationToken)).Trim();
        if (!text.StartsWith('{'))
        {
            return text;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.GetProperty("certificate").GetString();
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            errors.Add(new FieldError("certificate", "is JSON without a \"certificate\" string"));
            return null;
        }
    }

    private static async Task<string?> ReadKeySetAsync(string keys, List<FieldError> errors, CancellationToken cancellationToken)
    {
        if (Uri.TryCreate(keys, UriKind.Absolute, out var url) && (url.Scheme == Uri.UriSchemeHttp || url.Scheme == Uri.UriSchemeHttps))
        {
            try
            {
                using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
                return await http.GetStringAsync(url, cancellationToken);
            }
            catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
            {
                errors.Add(new FieldError("keys", $"could not read {url}: {e.Message}"));
                return null;
            }
        }

        if (File.Exists(keys))
        {
            return await File.ReadAllTextAsync(keys, cancellationToken);
        }

        errors.Add(new FieldError("keys", $"'{keys}' is neither an http(s) URL nor a file"));
        return null;
    }
}
