namespace Mureka.Gateway.Idempotency;

/// <summary>A row of <c>idempotency_keys</c>.</summary>
public sealed class IdempotencyRecord
{
    public Guid ReservationId { get; set; }

    public byte[] Fingerprint { get; set; } = [];

    public string Status { get; set; } = "";

    public int? ResponseStatus { get; set; }

    /// <summary>JSON object: header name → value.</summary>
    public string? ResponseHeaders { get; set; }

    public byte[]? ResponseBody { get; set; }

    public DateTime LockedUntil { get; set; }

    public bool IsCompleted => Status == "completed";
}

/// <summary>What a reservation attempt found.</summary>
public abstract record Reservation
{
    /// <summary>The caller owns the key now and runs the request.</summary>
    public sealed record Acquired(Guid ReservationId) : Reservation;

    /// <summary>The key is in use by a request with a different method, path or body.</summary>
    public sealed record Mismatch : Reservation;

    /// <summary>The first request with this key is still running.</summary>
    public sealed record InProgress : Reservation;

    /// <summary>The first request finished: replay its response.</summary>
    public sealed record Completed(IdempotencyRecord Record) : Reservation;
}
