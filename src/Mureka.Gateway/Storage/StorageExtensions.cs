using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mureka.Gateway.Storage;

public static class StorageExtensions
{
    /// <summary>The filesystem store, unless another <see cref="IAudioStore"/> was registered first.</summary>
    public static IServiceCollection AddAudioStore(this IServiceCollection services)
    {
        services.TryAddSingleton<IAudioStore, FileSystemAudioStore>();
        return services;
    }

    /// <summary><c>{generation}/{name}{extension}</c>: one folder per generation.</summary>
    public static string KeyFor(Guid generationId, string objectName, string contentType) =>
        $"{generationId:N}/{objectName}{ExtensionFor(contentType)}";

    private static string ExtensionFor(string contentType) => contentType switch
    {
        "audio/wav" => ".wav",
        "audio/flac" => ".flac",
        "audio/mpeg" => ".mp3",
        "audio/ogg" => ".opus",
        _ => ".bin",
    };
}
