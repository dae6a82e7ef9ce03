using System.Globalization;
using Microsoft.Extensions.Primitives;

namespace Mureka.Gateway.Generations;

/// <summary>RFC 7240 <c>Prefer: wait=N</c>, capped at 60 seconds.</summary>
internal static class PreferHeader
{
    public const int MaxWaitSeconds = 60;

    public static int? WaitSeconds(StringValues values)
    {
        foreach (var value in values)
        {
            foreach (var part in (value ?? "").Split([',', ';'], StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (part.StartsWith("wait=", StringComparison.OrdinalIgnoreCase)
                    && int.TryParse(part.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds))
                {
                    return Math.Min(seconds, MaxWaitSeconds);
                }
            }
        }

        return null;
    }
}
