using System.Globalization;
using System.Text.RegularExpressions;

namespace Mureka.Cli.Commands;

/// <summary>Reads "30s", "1m30s", "1:30", "45000ms", "2.5m" or a bare number of seconds.</summary>
public static partial class DurationParser
{
    public static bool TryParseMilliseconds(string text, out long milliseconds)
    {
        milliseconds = 0;
        var s = text.Trim().ToLowerInvariant();
        var clock = Clock().Match(s);
        if (clock.Success)
        {
            milliseconds = ((long.Parse(clock.Groups["m"].Value, CultureInfo.InvariantCulture) * 60) + long.Parse(clock.Groups["s"].Value, CultureInfo.InvariantCulture)) * 1000;
            return true;
        }

        var parts = Parts().Matches(s);
        if (parts.Count == 0 || string.Concat(parts.Select(p => p.Value)) != s)
        {
            return false;
        }

        double total = 0;
        foreach (Match part in parts)
        {
            if (!double.TryParse(part.Groups["n"].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) || !double.IsFinite(n))
            {
                return false;
            }

            total += part.Groups["u"].Value switch
            {
                "ms" => n,
                "m" or "min" => n * 60_000,
                "h" => n * 3_600_000,
                _ => n * 1000,
            };
        }

        if (total is > long.MaxValue / 2 or < long.MinValue / 2)
        {
            return false;
        }

        milliseconds = (long)Math.Round(total);
        return true;
    }

    [GeneratedRegex(@"^(?<m>\d{1,3}):(?<s>[0-5]\d)$")]
    private static partial Regex Clock();

    [GeneratedRegex(@"(?<n>-?\d+(?:\.\d+)?)(?<u>ms|min|h|m|s)?")]
    private static partial Regex Parts();
}
