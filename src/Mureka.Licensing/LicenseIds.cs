namespace Mureka.Licensing;

/// <summary>
/// A generation's licence id. Derived from the generation id, not drawn when the certificate is issued, because
/// the id is written into the delivered files' tags while they render, before any certificate exists.
/// </summary>
public static class LicenseIds
{
    public static string For(Guid generationId) => "lic_" + generationId.ToString("N");
}
