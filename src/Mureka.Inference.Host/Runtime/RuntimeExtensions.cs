using Mureka.Engine;
using Mureka.Engine.Composer;

namespace Mureka.Inference.Host.Runtime;

public static class RuntimeExtensions
{
    /// <summary>
    /// One engine per process: the ONNX session and the soundfont cache are shared by every call. It is created on first
    /// use (by warm-up or the first call) so that Kestrel binds and health answers NOT_SERVING while the model loads.
    /// </summary>
    public static IServiceCollection AddInferenceRuntime(this IServiceCollection services)
    {
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<HostOptions>();
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger("Mureka.Engine");
            var composer = new ComposerRuntimeOptions
            {
                PreferCuda = options.PreferCuda,
                CudaDeviceId = options.CudaDeviceId,
                MaxBatchSize = Math.Max(new ComposerRuntimeOptions().MaxBatchSize, options.MaxBatchSize),
            };
            if (options.OrtThreads is { } threads)
            {
                composer = composer with { IntraOpThreads = threads };
            }

            return MurekaEngine.Create(
                new EngineOptions { ModelDirectory = options.ModelDirectory, SoundFontPath = options.SoundFontPath, Composer = composer, RenderWorkers = options.RenderWorkers },
                logger);
        });
        services.AddSingleton<HostIdentity>();
        return services;
    }
}
