using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Mureka.Gateway.Storage;

/// <summary>
/// Refuses to start with a store that would lose audio or fail on first use: a filesystem root in a temporary
/// folder outside Development (wiped on reboot, usually a small tmpfs), or an S3 store without a usable bucket.
/// </summary>
public sealed partial class AudioStoreOptionsValidator(IHostEnvironment environment) : IValidateOptions<GatewayOptions>
{
    private static readonly string[] TemporaryFolders = [Path.GetTempPath(), "/tmp/", "/var/tmp/", "/dev/shm/"];

    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        var errors = new List<string>();
        var store = options.AudioStore;
        if (!Enum.IsDefined(store.Kind))
        {
            errors.Add($"Gateway:AudioStore:Kind must be {nameof(AudioStoreKind.FileSystem)} or {nameof(AudioStoreKind.S3)}.");
        }
        else if (store.Kind == AudioStoreKind.FileSystem)
        {
            ValidateFileSystem(options, errors);
        }
        else
        {
            ValidateS3(store.S3, errors);
        }

        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    private void ValidateFileSystem(GatewayOptions options, List<string> errors)
    {
        if (string.IsNullOrWhiteSpace(options.AudioRoot))
        {
            errors.Add("Gateway:AudioRoot must name a folder.");
            return;
        }

        var root = Path.GetFullPath(options.AudioRoot) + Path.DirectorySeparatorChar;
        var temporary = TemporaryFolders.Any(t => root.StartsWith(Path.GetFullPath(t), StringComparison.Ordinal));
        if (temporary && !environment.IsDevelopment() && !options.AudioRootMayBeTemporary)
        {
            errors.Add($"Gateway:AudioRoot ({options.AudioRoot}) is in a temporary folder, which is cleared on reboot: "
                + "set it to a persistent volume, use Gateway:AudioStore:Kind=S3, or set Gateway:AudioRootMayBeTemporary=true for a throwaway gateway.");
        }
    }

    private static void ValidateS3(S3AudioStoreOptions s3, List<string> errors)
    {
        if (!BucketName().IsMatch(s3.Bucket))
        {
            errors.Add("Gateway:AudioStore:S3:Bucket must be an S3 bucket name: 3 to 63 lower-case letters, digits, dots and hyphens.");
        }

        foreach (var (key, url) in new[] { ("ServiceUrl", s3.ServiceUrl), ("PublicServiceUrl", s3.PublicServiceUrl) })
        {
            if (!string.IsNullOrEmpty(url) && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            {
                errors.Add($"Gateway:AudioStore:S3:{key} must be an absolute http or https URL.");
            }
        }

        if (string.IsNullOrEmpty(s3.AccessKey) != string.IsNullOrEmpty(s3.SecretKey))
        {
            errors.Add("Gateway:AudioStore:S3:AccessKey and SecretKey are set together (or both left empty for the SDK's credential chain).");
        }

        if (s3.Prefix.Length > 0 && !KeyPrefix().IsMatch(s3.Prefix))
        {
            errors.Add("Gateway:AudioStore:S3:Prefix must be at most 200 letters, digits and . _ - / characters, not starting with '/'.");
        }

        if (s3.PartSizeBytes < 5 * 1024 * 1024 || s3.PartSizeBytes > 512 * 1024 * 1024)
        {
            errors.Add("Gateway:AudioStore:S3:PartSizeBytes must be between 5 MiB (S3's minimum part) and 512 MiB.");
        }

        if (s3.PresignedUrlLifetime < TimeSpan.FromSeconds(1) || s3.PresignedUrlLifetime > TimeSpan.FromDays(7))
        {
            errors.Add("Gateway:AudioStore:S3:PresignedUrlLifetime must be between 1 second and 7 days (S3's limit).");
        }

        if (s3.RequestTimeout <= TimeSpan.Zero)
        {
            errors.Add("Gateway:AudioStore:S3:RequestTimeout must be positive.");
        }
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$")]
    private static partial Regex BucketName();

    [GeneratedRegex("^[A-Za-z0-9._-][A-Za-z0-9._/-]{0,199}$")]
    private static partial Regex KeyPrefix();
}
