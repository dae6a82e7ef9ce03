using System.Buffers.Text;
using System.Security.Cryptography;

namespace Mureka.Gateway.Webhooks;

/// <summary>Signing secrets: <c>whsec_</c> + 32 random bytes in base64url (256 bits).</summary>
public static class WebhookSecrets
{
    public const string Prefix = "whsec_";

    public static string Create() => Prefix + Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(32));
}
