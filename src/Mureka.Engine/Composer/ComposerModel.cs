using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Mureka.Spec.Catalog;

namespace Mureka.Engine.Composer;

/// <summary>
/// The composer's ONNX Runtime session plus its vocabulary and architecture facts. One instance
/// serves any number of concurrent batches (InferenceSession.Run is thread-safe).
/// </summary>
public sealed class ComposerModel : IDisposable
{
    public const string DefaultModelName = MusicModels.Default;

    private ComposerModel(InferenceSession session, ComposerModelInfo info, ComposerVocabulary vocabulary, string executionProvider, ComposerRuntimeOptions options)
    {
        Session = session;
        Info = info;
        Vocabulary = vocabulary;
        ExecutionProvider = executionProvider;
        Options = options;
        InputNames = ["input_ids", .. Enumerable.Range(0, info.Layers).SelectMany(i => new[] { $"past_key_{i}", $"past_value_{i}" })];
        OutputNames = ["logits", .. Enumerable.Range(0, info.Layers).SelectMany(i => new[] { $"present_key_{i}", $"present_value_{i}" })];
    }

    public ComposerModelInfo Info { get; }

    public ComposerVocabulary Vocabulary { get; }

    /// <summary>"CPU" or "CUDA": where the session actually runs.</summary>
    public string ExecutionProvider { get; }

    public ComposerRuntimeOptions Options { get; }

    internal InferenceSession Session { get; }

    internal string[] InputNames { get; }

    internal string[] OutputNames { get; }

    /// <summary>The model folder shipped next to the engine assembly.</summary>
    public static string DefaultDirectory => Path.Combine(AppContext.BaseDirectory, "Models", DefaultModelName);

    public static ComposerModel Load(string? directory = null, ComposerRuntimeOptions? options = null, ILogger? logger = null)
    {
        directory ??= DefaultDirectory;
        options ??= new ComposerRuntimeOptions();
        logger ??= NullLogger.Instance;
        var modelPath = Path.Combine(directory, "model.onnx");
        if (!File.Exists(modelPath))
        {
            throw new FileNotFoundException($"Composer model not found at {modelPath}.", modelPath);
        }

        var info = ComposerModelInfo.Load(Path.Combine(directory, "model.json"));
        var vocabulary = ComposerVocabulary.Load(Path.Combine(directory, "vocab.json"));
        if (vocabulary.Size != info.VocabSize)
        {
            throw new InvalidDataException($"vocab.json has {vocabulary.Size} tokens but model.json says {info.VocabSize}.");
        }

        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        var provider = options.PreferCuda && TryAppendCuda(sessionOptions, options.CudaDeviceId, logger) ? "CUDA" : "CPU";
        var session = new InferenceSession(modelPath, sessionOptions);
        return new ComposerModel(session, info, vocabulary, provider, options);
    }

    // The CPU package has no CUDA entry point and throws EntryPointNotFoundException; a GPU package on a
    // machine without a usable driver throws OnnxRuntimeException. Either way the CPU still works.
    private static bool TryAppendCuda(SessionOptions sessionOptions, int deviceId, ILogger logger)
    {
        try
        {
            sessionOptions.AppendExecutionProvider_CUDA(deviceId);
            return true;
        }
        catch (Exception ex) when (ex is EntryPointNotFoundException or OnnxRuntimeException or DllNotFoundException)
        {
            logger.LogWarning("CUDA execution provider unavailable ({Reason}); composing on CPU.", ex.Message);
            return false;
        }
    }

    public void Dispose() => Session.Dispose();
}
