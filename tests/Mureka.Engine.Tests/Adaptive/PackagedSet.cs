using Mureka.Engine.Adaptive;
using Mureka.Engine.Adaptive.Package;
using Mureka.Engine.Encoding;
using Mureka.Testing;

namespace Mureka.Engine.Tests.Adaptive;

/// <summary><see cref="RenderedSet"/> written as its archive once, and unpacked by Info-ZIP's unzip (not our zip code).</summary>
internal static class PackagedSet
{
    public const string GenerationId = "set_0123456789abcdef";
    public const string LicenseId = "lic_test";

    private static readonly Lock Gate = new();
    private static Task<(AdaptiveSetRender Render, string Zip, string Directory)>? _package;

    public static Task<(AdaptiveSetRender Render, string Zip, string Directory)> GetAsync(MurekaEngine engine)
    {
        lock (Gate)
        {
            return _package ??= WriteAsync(engine);
        }
    }

    private static async Task<(AdaptiveSetRender, string, string)> WriteAsync(MurekaEngine engine)
    {
        var render = await RenderedSet.GetAsync(engine);
        var root = Directory.CreateTempSubdirectory("mureka-set-").FullName;
        AppDomain.CurrentDomain.ProcessExit += (_, _) => Directory.Delete(root, recursive: true);
        var zip = Path.Combine(root, "set.zip");
        await using (var file = File.Create(zip))
        {
            await AdaptiveSetPackage.WriteZipAsync(render, "Test set", new FileTags(GenerationId, LicenseId, "unused"), file);
        }

        var directory = Path.Combine(root, "unzipped");
        await ToolRun.OutputAsync("unzip", ["-q", zip, "-d", directory]);
        return (render, zip, directory);
    }
}
