namespace Mureka.Engine.Tests.TestSupport;

/// <summary>One engine (composer session + soundfont) shared by the end-to-end render tests.</summary>
public sealed class SharedEngine : IDisposable
{
    public MurekaEngine Engine { get; } = MurekaEngine.Create();

    public void Dispose() => Engine.Dispose();
}

[CollectionDefinition(Name)]
public sealed class EngineCollection : ICollectionFixture<SharedEngine>
{
    public const string Name = "engine";
}
