using Mureka.Engine.Composer;

namespace Mureka.Engine.Tests.TestSupport;

/// <summary>One ONNX Runtime session of the shipped composer for all composer tests (loading costs ~100 ms).</summary>
public sealed class SharedModel : IDisposable
{
    public ComposerModel Model { get; } = ComposerModel.Load(options: new ComposerRuntimeOptions { IntraOpThreads = 2 });

    public void Dispose() => Model.Dispose();
}

[CollectionDefinition(Name)]
public sealed class ComposerCollection : ICollectionFixture<SharedModel>
{
    public const string Name = "composer";
}
