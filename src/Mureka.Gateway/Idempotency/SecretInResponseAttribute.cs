namespace Mureka.Gateway.Idempotency;

/// <summary>
/// The response carries a secret (a new API key) that must never be stored, so the idempotency layer neither
/// stores nor replays it: an <c>Idempotency-Key</c> sent to such an operation is ignored.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false)]
public sealed class SecretInResponseAttribute : Attribute;
