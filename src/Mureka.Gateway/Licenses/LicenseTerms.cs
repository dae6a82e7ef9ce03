namespace Mureka.Gateway.Licenses;

/// <summary>
/// The licence a plan grants on each delivered file (the README defines them in full). A test key's renders carry
/// evaluation terms: they are never billed, so they grant no use beyond trying the API.
/// </summary>
public sealed record LicenseTerms(string Id, string Summary)
{
    public static LicenseTerms Evaluation { get; } = new("evaluation", "Rendered with a test key: for evaluating the API only; no publication or distribution.");

    public static LicenseTerms Standard { get; } = new("standard",
        "Perpetual, worldwide, non-exclusive use in your own productions (online video, podcasts, apps, games, presentations); no broadcast or advertising; no resale or sublicensing of the music on its own.");

    public static LicenseTerms Extended { get; } = new("extended",
        "Standard, plus broadcast, advertising and paid distribution without limit on copies or audience; no resale or sublicensing of the music on its own.");

    public static LicenseTerms SyncReady { get; } = new("sync-ready",
        "Extended, plus sublicensing: sync licensing to third parties and inclusion in a music library you license on, with this certificate passed on.");

    /// <summary>The terms a plan grants (an unknown plan gets the most restrictive paid terms).</summary>
    public static LicenseTerms For(string planId, bool livemode) =>
        !livemode ? Evaluation : planId switch
        {
            "enterprise" => SyncReady,
            "pro" => Extended,
            _ => Standard,
        };
}
