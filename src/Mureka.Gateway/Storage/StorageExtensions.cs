using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Mureka.Gateway.Storage;

public static class StorageExtensions
{
    /// <summary>The filesystem store, unless another <see cref="IAudioStore"/> was registered first.</summary>
    public static IServiceCollection AddAudioStore(this IServiceCollection services)
    {
        services.TryAddSingleton<IAudioStore, FileSystemAudioStore>();
        services.AddHostedService<OrphanedAudioSweeper>();
        return services;
    }

    /// <summary>
    /// <c>{generation}/{claim}/{name}{extension}</c>: one folder per generation and, inside it, one per attempt, so
    /// a runner that lost its lease can only ever delete what it wrote itself.
    /// </summary>
    public static string KeyFor(Guid generationId, Guid claimId, string objectName, string extension) =>
        $"{generationId:N}/{claimId:N}/{objectName}{extension}";
}
