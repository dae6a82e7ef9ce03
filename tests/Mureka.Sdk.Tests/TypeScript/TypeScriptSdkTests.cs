using System.Text.RegularExpressions;
using Mureka.Gateway.Tests.Support;
using Mureka.Sdk.Tests.Support;
using Mureka.Testing;

namespace Mureka.Sdk.Tests.TypeScript;

/// <summary>
/// Runs the TypeScript SDK's own <c>node --test</c> suite (src/sdk-typescript/test) against a live gateway.
/// It imports the built package (dist/), which ops/test.sh builds with <c>npm ci &amp;&amp; npm run build</c>.
/// </summary>
[Collection(StackCollection.Name)]
public sealed partial class TypeScriptSdkTests(StackFixture stack) : SdkTestBase(stack)
{
    [Fact]
    public async Task NodeTestSuite_AgainstLiveGateway_Passes()
    {
        var package = Path.Combine(RepositoryLayout.Root, "src", "sdk-typescript");
        Assert.True(File.Exists(Path.Combine(package, "dist", "index.js")),
            $"build the TypeScript SDK first: (cd {package} && npm ci && npm run build)");
        var tests = Directory.GetFiles(Path.Combine(package, "test"), "*.test.mjs").Select(f => Path.GetRelativePath(package, f));

        var result = await ChildProcess.RunAsync("node", ["--test", "--test-reporter=tap", .. tests], package, new Dictionary<string, string?>
        {
            ["MUREKA_BASE_URL"] = Gateway.RestUrl,
            ["MUREKA_API_KEY"] = ApiKey,
            ["NO_COLOR"] = "1",
        }, TimeSpan.FromMinutes(3));

        Assert.True(result.ExitCode == 0, result.Output);
        Assert.True(Count(result.Stdout, "pass") >= 5, result.Output);
        Assert.True(Count(result.Stdout, "fail") == 0, result.Output);
    }

    // node's TAP summary: "# pass 5", "# fail 0".
    private static int Count(string tap, string what) =>
        Summary().Matches(tap).Where(m => m.Groups[1].Value == what).Select(m => int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture)).DefaultIfEmpty(-1).Last();

    [GeneratedRegex(@"^# (pass|fail) (\d+)$", RegexOptions.Multiline)]
    private static partial Regex Summary();
}
