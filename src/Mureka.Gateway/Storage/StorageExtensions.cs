using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Mureka.Gateway.Storage.S3;

namespace Mureka.Gateway.Storage;

public static class StorageExtensions
{
    /// <summary>The store <c>Gateway:AudioStore:Kind</c> names, unless another <see cref="IAudioStore"/> was registered first.</summary>
    public static IServiceCollection AddAudioStore(this IServiceCollection services)
    {
        services.AddSingleton<IValidateOptions<GatewayOptions>, AudioStoreOptionsValidator>();
        services.AddOptions<GatewayOptions>().ValidateOnStart();
        services.TryAddSingleton<IAudioStore>(provider =>
            provider.GetRequiredService<IOptions<GatewayOptions>>().Value.AudioStore.Kind == AudioStoreKind.S3
                ? ActivatorUtilities.CreateInstance<S3AudioStore>(provider)
                : ActivatorUtilities.CreateInstance<FileSystemAudioStore>(provider));
        services.AddHostedService<OrphanedAudioSweeper>();
        services.AddHostedService<AudioRetentionSweeper>();
        return services;
    }

    /// <summary>
    /// <c>{generation}/{claim}/{name}{extension}</c>: one folder per generation and, inside it, one per attempt, so
    /// a runner that lost its lease can only ever delete what it wrote itself.
    /// </summary>
    public static string KeyFor(Guid generationId, Guid claimId, string objectName, string extension) =>
        $"{generationId:N}/{claimId:N}/{objectName}{extension}";
}
