using System.Net;
using System.Text.Json;
using Mureka.Gateway.Tests.Support;
using Mureka.Testing;
using PuppeteerSharp;

namespace Mureka.Gateway.Tests.WebConsole;

/// <summary>
/// The developer console in a real headless Chromium against a live gateway and host, as a new customer uses it:
/// sign in with a key, generate with live progress, play (waveform, loop, stems), find it in the list, see the usage,
/// make and revoke a key, register a webhook and read its delivery log, open the API reference. Screenshots of each
/// step are kept under artifacts/console; the page must log no error and no failed request throughout.
/// </summary>
[Collection(StackCollection.Name)]
public sealed class ConsoleBrowserTests(StackFixture stack) : GatewayTestBase(stack)
{
    private static readonly int RenderMs = (int)TimeSpan.FromSeconds(90).TotalMilliseconds;

    protected override void Configure(Dictionary<string, string?> settings)
    {
        // The test's receiver listens on loopback over plain http.
        settings["Gateway:Webhooks:AllowInsecureLoopback"] = "true";
        settings["Gateway:Webhooks:PollInterval"] = "00:00:00.100";
    }

    [Fact]
    public async Task NewCustomer_SignsIn_Generates_Plays_ManagesKeysAndWebhooks()
    {
        var (_, key, _) = await Gateway.CreateTenantAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        await using var chromium = await HeadlessChromium.LaunchAsync("console");
        var page = await chromium.NewPageAsync();
        try
        {
            await WalkThroughAsync(chromium, page, key, receiver);
        }
        catch
        {
            await chromium.ScreenshotAsync(page, "failed");
            throw;
        }
    }

    private async Task WalkThroughAsync(HeadlessChromium chromium, IPage page, string key, WebhookReceiver receiver)
    {
        // The API's root leads a browser to the console's sign-in.
        await page.GoToAsync(Gateway.RestUrl + "/");
        Assert.EndsWith("/console/", page.Url);
        await page.TypeAsync("#api-key", "mk_live_not_a_key");
        await page.ClickAsync("#sign-in-form button[type=submit]");
        await page.WaitForSelectorAsync("#sign-in-error .error", new() { Visible = true });
        Assert.Contains("/docs/problems/", await page.EvaluateExpressionAsync<string>("document.querySelector('#sign-in-error .error').dataset.type"));
        await chromium.ScreenshotAsync(page, "01-sign-in-refused");
        await SignInAsync(page, key, "#generate");
        Assert.Equal("", await page.EvaluateExpressionAsync<string>("document.getElementById('api-key').value"));
        Assert.Equal("live", await TextAsync(page, "#session-mode"));

        // Webhook endpoint first, so the generation below is delivered to it.
        await page.GoToAsync(Gateway.RestUrl + "/console/#webhooks");
        await page.ReloadAsync();
        Assert.True(await page.EvaluateExpressionAsync<bool>("document.getElementById('sign-in').hidden === false"), "a reload forgets the key");
        await SignInAsync(page, key, "#webhooks");
        await page.WaitForSelectorAsync("[data-testid=webhooks] tbody tr");
        await page.TypeAsync("#hook-url", receiver.Url);
        await page.ClickAsync("#view-webhooks form button[type=submit]");
        await page.WaitForSelectorAsync("#view-webhooks [data-testid=secret]");
        Assert.StartsWith("whsec_", await TextAsync(page, "#view-webhooks [data-testid=secret]"));

        // Generate: a short chiptune loop with stems; progress comes from the events stream, the result plays.
        await OpenTabAsync(page, "generate");
        await page.WaitForSelectorAsync("#gen-genre option[value=chiptune]");
        await page.TypeAsync("#gen-prompt", "bouncy 8-bit level theme");
        await page.TypeAsync("#gen-title", "Pixel Harbour");
        await page.SelectAsync("#gen-genre", "chiptune");
        await page.EvaluateExpressionAsync("document.getElementById('gen-seconds').value = '6'");
        await page.SelectAsync("#gen-format", "wav");
        await page.ClickAsync("#gen-stems");
        await page.ClickAsync("#gen-loop");
        await page.ClickAsync("[data-testid=generate]");
        await page.WaitForSelectorAsync("[data-testid=progress-label]");
        await chromium.ScreenshotAsync(page, "02-rendering");
        await page.WaitForSelectorAsync("[data-testid=player][data-state=ready]", new() { Timeout = RenderMs });
        var id = await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=generation]').dataset.id");
        var stems = await page.EvaluateExpressionAsync<string[]>("[...document.querySelectorAll('[data-stem]')].map(e => e.dataset.stem)");
        Assert.NotEmpty(stems);
        Assert.Equal(6.0, await page.EvaluateExpressionAsync<double>("Number(document.querySelector('[data-testid=player]').dataset.duration)"), 0.1);
        // The waveform is drawn from the decoded audio: many columns of the canvas carry ink.
        Assert.True(await page.EvaluateExpressionAsync<int>(InkedColumns) > 600, "waveform drawn");

        await page.ClickAsync("[data-testid=play]");
        await page.WaitForFunctionAsync("() => Number(document.querySelector('[data-testid=player]').dataset.position) > 0.5");
        Assert.Equal("playing", await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=player]').dataset.state"));
        Assert.Equal("true", await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=loop]').getAttribute('aria-pressed')"));
        // The first solo fetches the stems; playback carries on through them.
        await page.ClickAsync($"[data-stem='{stems[0]}'] button");
        await page.WaitForSelectorAsync("[data-testid=player][data-stems=loaded][data-state=playing]");
        Assert.Equal("true", await page.EvaluateExpressionAsync<string>($"document.querySelector(\"[data-stem='{stems[0]}'] button\").getAttribute('aria-pressed')"));
        await chromium.ScreenshotAsync(page, "03-playing");
        await page.ClickAsync("[data-testid=play]");
        Assert.Equal("paused", await page.EvaluateExpressionAsync<string>("document.querySelector('[data-testid=player]').dataset.state"));

        // The list, filtered: the chiptune is there under succeeded, and nothing is jazz.
        await OpenTabAsync(page, "generations");
        await page.WaitForSelectorAsync($"[data-testid=generations] tr[data-id='{id}']");
        await page.SelectAsync("#list-genre", "jazz");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=generations] tbody').textContent.includes('No generations match')");
        await page.SelectAsync("#list-genre", "chiptune");
        await page.SelectAsync("#list-status", "succeeded");
        await page.WaitForSelectorAsync($"[data-testid=generations] tr[data-id='{id}']");
        // Searched by a word of its title (shown in the list in place of the prompt), then by one it lacks.
        await SearchAsync(page, "harbour");
        await page.WaitForFunctionAsync($"() => document.querySelector(\"[data-testid=generations] tr[data-id='{id}']\")?.textContent.includes('Pixel Harbour')");
        await SearchAsync(page, "orchestra");
        await page.WaitForFunctionAsync("() => document.querySelector('[data-testid=generations] tbody').textContent.includes('No generations match')");
        await SearchAsync(page, "");
        await page.WaitForSelectorAsync($"[data-testid=generations] tr[data-id='{id}']");
        await page.ClickAsync($"[data-testid=generations] tr[data-id='{id}'] button");
        await page.WaitForSelectorAsync("#view-generations [data-testid=player][data-state=ready]");
        // Its licence: the pro plan's extended terms, signed.
        await page.ClickAsync("#view-generations [data-testid=license]");
        await page.WaitForSelectorAsync("#view-generations [data-testid=license-terms]");
        Assert.Equal("extended", await page.EvaluateExpressionAsync<string>("document.querySelector('#view-generations [data-testid=license-terms]').dataset.terms"));
        await chromium.ScreenshotAsync(page, "04-generations");

        // Usage: today's bar carries the six rendered seconds.
        await OpenTabAsync(page, "usage");
        await page.WaitForSelectorAsync("[data-testid=usage-chart]");
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(await page.EvaluateExpressionAsync<double>($"Number(document.querySelector(\"rect[data-date='{today}']\").getAttribute('height'))") > 0, "today's bar");
        Assert.Contains("6.0 rendered seconds in 1 generations", await TextAsync(page, "[data-testid=usage-total]"));
        await chromium.ScreenshotAsync(page, "05-usage");

        // Keys: make a read-only key (shown once, and it works), then revoke it (and it stops working).
        await OpenTabAsync(page, "keys");
        await page.WaitForSelectorAsync("[data-testid=keys] tbody tr");
        await page.TypeAsync("#key-name", "reporting job");
        await page.ClickAsync("#view-keys input[value=generate]");
        await page.ClickAsync("[data-testid=create-key]");
        await page.WaitForSelectorAsync("#view-keys [data-testid=secret]");
        var made = await TextAsync(page, "#view-keys [data-testid=secret]");
        Assert.StartsWith("mk_live_", made);
        using (var http = Gateway.Http(made))
        {
            Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/v1/models")).StatusCode);
            Assert.Equal(HttpStatusCode.Forbidden, (await http.PostAsync("/v1/generations", new StringContent("{\"genre\":\"jazz\"}", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        }

        // The list is drawn again once the key exists; wait for the new key's row rather than racing that redraw.
        await page.WaitForFunctionAsync("() => [...document.querySelectorAll('[data-testid=keys] tbody tr')].some(r => r.textContent.includes('reporting job'))");
        var madeId = await page.EvaluateExpressionAsync<string>(
            "[...document.querySelectorAll('[data-testid=keys] tbody tr')].find(r => r.textContent.includes('reporting job')).dataset.id");
        await chromium.ScreenshotAsync(page, "06-key-created");
        await page.ClickAsync($"[data-testid=keys] tr[data-id='{madeId}'] [data-testid=revoke]");
        await page.WaitForSelectorAsync($"[data-testid=keys] tr[data-id='{madeId}'][data-status=revoked]");
        using (var http = Gateway.Http(made))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await http.GetAsync("/v1/models")).StatusCode);
        }

        await chromium.ScreenshotAsync(page, "07-key-revoked");

        // The webhook's delivery log shows the succeeded event delivered to the receiver.
        await Poll.UntilAsync(() => Task.FromResult(receiver.Received.Count), n => n >= 1, TimeSpan.FromSeconds(30), "the webhook delivery");
        await OpenTabAsync(page, "webhooks");
        await page.WaitForSelectorAsync("[data-testid=webhooks] tbody tr[data-id]");
        await page.ClickAsync("[data-testid=webhooks] tbody tr[data-id] button");
        await page.WaitForSelectorAsync("[data-testid=deliveries] tbody .badge");
        Assert.Equal("delivered", await TextAsync(page, "[data-testid=deliveries] tbody .badge"));
        Assert.Contains("generation.succeeded", await TextAsync(page, "[data-testid=deliveries] tbody"));
        // A webhook URL this API refuses is reported with the field named.
        await page.TypeAsync("#hook-url", "https://user:secret@example.com/hook");
        await page.ClickAsync("#view-webhooks form button[type=submit]");
        await page.WaitForSelectorAsync("#view-webhooks .error li code");
        Assert.Equal("url", await TextAsync(page, "#view-webhooks .error li code"));
        await chromium.ScreenshotAsync(page, "08-webhooks");

        // The API reference, rendered from openapi.yaml by Scalar, served by the gateway itself.
        var reference = await chromium.NewPageAsync();
        await reference.GoToAsync(Gateway.RestUrl + "/docs");
        await reference.WaitForFunctionAsync("() => document.body.innerText.includes('Create a generation')", new WaitForFunctionOptions { Timeout = 30_000 });
        await chromium.ScreenshotAsync(reference, "09-api-reference", fullPage: false);

        // Refused calls above answered 4xx by design (the bad key, the refused URL); nothing else may go wrong on the page.
        // Chromium's network events report a server-sent-event stream read to its end as aborted; the stream's final
        // event reaching the page is what the player above proves.
        var unexpected = chromium.Problems
            .Where(p => !p.StartsWith("HTTP 401", StringComparison.Ordinal) && !p.StartsWith("HTTP 400", StringComparison.Ordinal))
            .Where(p => !(p.StartsWith("request failed: GET", StringComparison.Ordinal) && p.EndsWith($"/v1/generations/{id}/events (net::ERR_ABORTED)", StringComparison.Ordinal)))
            .ToList();
        Assert.True(unexpected.Count == 0, string.Join(Environment.NewLine, unexpected));
        using var check = Gateway.Http(key);
        Assert.Equal("succeeded", JsonDocument.Parse(await check.GetStringAsync($"/v1/generations/{id}")).RootElement.GetProperty("status").GetString());
    }

    private const string InkedColumns = """
        (() => {
          const c = document.querySelector('[data-testid=player] canvas');
          const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
          let inked = 0;
          for (let x = 0; x < c.width; x++) {
            for (let y = 0; y < c.height; y++) { if (d[(y * c.width + x) * 4 + 3] > 0) { inked++; break; } }
          }
          return inked;
        })()
        """;

    private static async Task SignInAsync(IPage page, string key, string hash)
    {
        await page.EvaluateExpressionAsync("document.getElementById('api-key').value = ''");
        await page.TypeAsync("#api-key", key);
        await page.ClickAsync("#sign-in-form button[type=submit]");
        await page.WaitForSelectorAsync($"#view-{hash.TrimStart('#')}", new() { Visible = true });
    }

    /// <summary>Once the tab's view is visible it has been rendered afresh, so later waits cannot match what it showed before.</summary>
    private static async Task OpenTabAsync(IPage page, string tab)
    {
        await page.ClickAsync($"[data-tab={tab}]");
        await page.WaitForSelectorAsync($"#view-{tab}", new() { Visible = true });
    }

    /// <summary>Types into the list's search box and commits it, as Enter or leaving the box does.</summary>
    private static Task SearchAsync(IPage page, string words) =>
        page.EvaluateExpressionAsync($"(() => {{ const q = document.getElementById('list-q'); q.value = {System.Text.Json.JsonSerializer.Serialize(words)}; q.dispatchEvent(new Event('change')); }})()");

    private static Task<string> TextAsync(IPage page, string selector) =>
        page.EvaluateExpressionAsync<string>($"document.querySelector({JsonSerializer.Serialize(selector)}).textContent.trim()");
}
