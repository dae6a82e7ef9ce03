using PuppeteerSharp;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Support;

/// <summary>
/// Debian's Chromium, headless, driven over the DevTools protocol (PuppeteerSharp), with a fresh profile. Every console
/// error, uncaught exception and failed request of its pages is recorded, so a test can require a clean page: a script
/// refused by the Content-Security-Policy or a 404 asset shows up there. Screenshots go to <see cref="ArtifactsFolder"/>.
/// </summary>
public sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly IBrowser _browser;
    private readonly DirectoryInfo _profile;
    private readonly List<string> _problems = [];

    private HeadlessChromium(IBrowser browser, DirectoryInfo profile, string artifacts)
    {
        _browser = browser;
        _profile = profile;
        ArtifactsFolder = artifacts;
    }

    /// <summary>Where screenshots are kept after the run (<c>MUREKA_TEST_ARTIFACTS</c>, else <c>artifacts/</c> in the repository).</summary>
    public string ArtifactsFolder { get; }

    /// <summary>Console errors, page errors and failed requests seen so far, in order.</summary>
    public IReadOnlyList<string> Problems { get { lock (_problems) { return [.. _problems]; } } }

    public static async Task<HeadlessChromium> LaunchAsync(string artifactsSubfolder)
    {
        var executable = Environment.GetEnvironmentVariable("MUREKA_CHROMIUM") ?? "/usr/bin/chromium";
        if (!File.Exists(executable))
        {
            throw new InvalidOperationException($"{executable} is missing: ops/install-deps.sh installs Debian's chromium (or set MUREKA_CHROMIUM).");
        }

        var artifacts = Path.Combine(Environment.GetEnvironmentVariable("MUREKA_TEST_ARTIFACTS") ?? Path.Combine(RepositoryLayout.Root, "artifacts"), artifactsSubfolder);
        Directory.CreateDirectory(artifacts);
        var profile = Directory.CreateTempSubdirectory("mureka-chromium-");
        var browser = await Puppeteer.LaunchAsync(new LaunchOptions
        {
            Headless = true,
            ExecutablePath = executable,
            UserDataDir = profile.FullName,
            DefaultViewport = new ViewPortOptions { Width = 1280, Height = 900 },
            // No sandbox as root (CI); no background networking, which this closed network refuses at every start.
            Args =
            [
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--autoplay-policy=no-user-gesture-required",
            ],
        });
        return new HeadlessChromium(browser, profile, artifacts);
    }

    public async Task<IPage> NewPageAsync()
    {
        var page = await _browser.NewPageAsync();
        page.DefaultTimeout = 30_000;
        page.Console += (_, e) =>
        {
            // A failed response is recorded below with its URL; Chromium's console line for it names none.
            if (e.Message.Type == ConsoleType.Error && !e.Message.Text.StartsWith("Failed to load resource:", StringComparison.Ordinal))
            {
                Record($"console: {e.Message.Text}");
            }
        };
        page.Response += (_, e) =>
        {
            if ((int)e.Response.Status >= 400)
            {
                Record($"HTTP {(int)e.Response.Status}: {e.Response.Request.Method} {e.Response.Url}");
            }
        };
        page.PageError += (_, e) => Record($"page error: {e.Message}");
        page.RequestFailed += (_, e) => Record($"request failed: {e.Request.Method} {e.Request.Url} ({e.Request.FailureText})");
        // Confirmation dialogs (revoke, delete) are answered yes, as the user in the test means it.
        page.Dialog += async (_, e) => await e.Dialog.Accept();
        return page;
    }

    /// <param name="fullPage">The whole page, not only what the 1280×900 window shows.</param>
    public Task ScreenshotAsync(IPage page, string name, bool fullPage = true) =>
        page.ScreenshotAsync(Path.Combine(ArtifactsFolder, name + ".png"), new ScreenshotOptions { FullPage = fullPage });

    public async ValueTask DisposeAsync()
    {
        await _browser.CloseAsync();
        await _browser.DisposeAsync();
        try
        {
            _profile.Delete(recursive: true);
        }
        catch (IOException)
        {
            // Chromium's helpers may still be writing as they exit; a leftover temp profile is harmless.
        }
    }

    private void Record(string problem)
    {
        lock (_problems)
        {
            _problems.Add(problem);
        }
    }
}
