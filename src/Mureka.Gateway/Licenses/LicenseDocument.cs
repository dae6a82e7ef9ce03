using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Mureka.Gateway.Licenses;

/// <summary>
/// A licence certificate as a person reads it: one self-contained HTML page (no script, no external resource) to
/// save, print or send to a lawyer, stating what the signed claims state and how to verify them. The claims are
/// read from the stored certificate; every value is HTML-encoded.
/// </summary>
public static class LicenseDocument
{
    /// <summary>For the page's answer: nothing but its own inline style may load, and nothing may frame it.</summary>
    public const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'";

    private const string Style =
        "body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1d2330}" +
        "h1{font-size:1.5rem;margin-bottom:.2rem}h2{font-size:1.1rem;margin-top:1.6rem}table{border-collapse:collapse;width:100%}" +
        "th,td{text-align:left;padding:.3rem .5rem;border-bottom:1px solid #dde1ea;vertical-align:top}" +
        ".mono,pre{font-family:ui-monospace,monospace;font-size:12px;word-break:break-all;white-space:pre-wrap}" +
        ".terms{background:#fff8e6;border:1px solid #f0d9a0;padding:.6rem .9rem;border-radius:6px}";

    public static string Render(IssuedLicense license, string keysUrl)
    {
        ArgumentNullException.ThrowIfNull(license);
        var claims = license.Claims();
        var html = HtmlEncoder.Default;
        var page = new StringBuilder();
        string E(string? value) => html.Encode(value ?? "");
        string S(JsonElement element, string name) => element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : "";

        var terms = claims.GetProperty("terms");
        var model = claims.GetProperty("model");
        page.Append("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Mureka licence ").Append(E(license.LicenseId))
            .Append("</title><style>").Append(Style).Append("</style></head><body>");
        page.Append("<h1>Licence certificate ").Append(E(license.LicenseId)).Append("</h1>");
        page.Append("<p>Issued by Mureka on ").Append(E(Date(S(claims, "issued_at")))).Append(" for the track made on ")
            .Append(E(Date(S(claims, "created_at")))).Append(".</p>");
        page.Append("<div class=\"terms\"><strong>Terms: ").Append(E(S(terms, "id"))).Append("</strong><br>").Append(E(S(terms, "summary"))).Append("</div>");

        page.Append("<h2>Licensee and track</h2><table>");
        Row(page, "Licensee (account id)", E(S(claims, "tenant_id")), mono: true);
        Row(page, "Generation", E(S(claims, "generation_id")), mono: true);
        Row(page, "Mode", claims.GetProperty("livemode").GetBoolean() ? "live" : "test key: evaluation only, never published", mono: false);
        Row(page, "Seed", E(S(claims, "seed")), mono: true);
        if (claims.TryGetProperty("derived_from", out var parent))
        {
            Row(page, "Version of", $"{E(S(parent, "generation_id"))} (licence {E(S(parent, "license_id"))})", mono: true);
        }

        page.Append("</table>");

        page.Append("<h2>Files covered</h2><p>Each file exactly as delivered, identified by its SHA-256, and its audio by the SHA-256 of its PCM (unchanged by re-tagging or re-wrapping).</p><table><tr><th>Name</th><th>Type</th><th>Bytes</th><th>SHA-256</th><th>PCM SHA-256</th></tr>");
        foreach (var file in claims.GetProperty("files").EnumerateArray())
        {
            page.Append("<tr><td>").Append(E(S(file, "name"))).Append("</td><td>").Append(E(S(file, "content_type"))).Append("</td><td>")
                .Append(E(S(file, "size_bytes"))).Append("</td><td class=\"mono\">").Append(E(S(file, "sha256"))).Append("</td><td class=\"mono\">")
                .Append(E(S(file, "pcm_sha256"))).Append("</td></tr>");
        }

        page.Append("</table>");
        page.Append("<h2>Where the music comes from</h2><table>");
        Row(page, "Model", E($"{S(model, "id")} {S(model, "version")}".Trim()), mono: false);
        if (model.TryGetProperty("provenance", out var provenance))
        {
            Row(page, "Model pack licence", E(S(provenance, "pack_license")), mono: false);
            Sources(page, "Training data", provenance, "training_data", E);
            Sources(page, "Sample sets", provenance, "sample_sets", E);
        }

        if (claims.TryGetProperty("sample_set", out var sampleSet))
        {
            Row(page, "Sample set used", $"{E(S(sampleSet, "name"))} <span class=\"mono\">{E(S(sampleSet, "sha256"))}</span>", mono: false);
        }

        page.Append("</table>");
        page.Append("<h2>How to verify</h2><p>This page is a reading of the certificate below; only the certificate is proof. ")
            .Append("Check its ES256 signature with the key its header names (<span class=\"mono\">").Append(E(license.Kid))
            .Append("</span>) from the published key set at <span class=\"mono\">").Append(E(keysUrl))
            .Append("</span>, then compare each file's SHA-256 with the table above, e.g. with <span class=\"mono\">mureka license verify</span>.</p>");
        page.Append("<pre>").Append(E(license.Certificate)).Append("</pre></body></html>");
        return page.ToString();
    }

    private static void Row(StringBuilder page, string label, string encodedValue, bool mono) =>
        page.Append("<tr><th>").Append(label).Append("</th><td").Append(mono ? " class=\"mono\"" : "").Append('>').Append(encodedValue).Append("</td></tr>");

    private static void Sources(StringBuilder page, string label, JsonElement provenance, string name, Func<string?, string> encode)
    {
        if (!provenance.TryGetProperty(name, out var sources))
        {
            return;
        }

        var items = sources.EnumerateArray().Select(s =>
            $"{encode(s.GetProperty("name").GetString())} — {encode(s.GetProperty("license").GetString())}<br><span class=\"mono\">{encode(s.GetProperty("source").GetString())}</span>");
        Row(page, label, string.Join("<br>", items), mono: false);
    }

    private static string Date(string value) =>
        DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? at.UtcDateTime.ToString("d MMMM yyyy, HH:mm 'UTC'", CultureInfo.InvariantCulture) : value;
}
