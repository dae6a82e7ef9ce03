namespace Mureka.Gateway.Dispatch;

/// <summary>An inference host sent output the gateway refuses (unknown object, out-of-order or oversized data, a hash that does not match).</summary>
public sealed class HostOutputException(string message) : Exception(message);
