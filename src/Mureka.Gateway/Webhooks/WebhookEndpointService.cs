using System.Buffers.Binary;
using System.Buffers.Text;
using Microsoft.Extensions.Options;
using Mureka.Spec;

namespace Mureka.Gateway.Webhooks;

/// <summary>What the webhook endpoints API does: validate, store, read, delete, rotate, read the delivery log.</summary>
public sealed class WebhookEndpointService(WebhookEndpointRepository repository, IOptions<WebhookOptions> options, TimeProvider timeProvider)
{
    public const int DefaultPageSize = 20;
    public const int MaxPageSize = 100;

    /// <returns>The stored endpoint with its secret, or null when the tenant already has the most endpoints allowed.</returns>
    /// <exception cref="RequestValidationException">Every invalid field.</exception>
    public async Task<WebhookEndpointRecord?> CreateAsync(Guid tenantId, WebhookEndpointBody body, CancellationToken cancellationToken)
    {
        var errors = WebhookEndpointValidator.Validate(body, options.Value.AllowInsecureLoopback);
        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        // PostgreSQL keeps microseconds: truncate so the answer equals what a later GET returns.
        var utcNow = timeProvider.GetUtcNow();
        var now = utcNow.AddTicks(-(utcNow.Ticks % 10));
        var record = new WebhookEndpointRecord
        {
            Id = Guid.CreateVersion7(now),
            TenantId = tenantId,
            Url = body.Url!,
            Description = string.IsNullOrEmpty(body.Description) ? null : body.Description,
            Events = body.Events!.Select(e => e!).ToArray(),
            Secret = WebhookSecrets.Create(),
            CreatedAt = now.UtcDateTime,
            UpdatedAt = now.UtcDateTime,
        };
        return await repository.CreateAsync(record, options.Value.MaxEndpointsPerTenant, cancellationToken) ? record : null;
    }

    public Task<IReadOnlyList<WebhookEndpointRecord>> ListAsync(Guid tenantId, CancellationToken cancellationToken) =>
        repository.ListAsync(tenantId, cancellationToken);

    public Task<WebhookEndpointRecord?> GetAsync(Guid tenantId, Guid id, CancellationToken cancellationToken) =>
        repository.GetAsync(tenantId, id, cancellationToken);

    public Task<bool> DeleteAsync(Guid tenantId, Guid id, CancellationToken cancellationToken) =>
        repository.DeleteAsync(tenantId, id, cancellationToken);

    public Task<WebhookEndpointRecord?> RotateSecretAsync(Guid tenantId, Guid id, CancellationToken cancellationToken) =>
        repository.RotateSecretAsync(tenantId, id, WebhookSecrets.Create(), timeProvider.GetUtcNow(), cancellationToken);

    /// <returns>Null when the tenant has no such endpoint.</returns>
    /// <exception cref="RequestValidationException">A bad page size or cursor.</exception>
    public async Task<(IReadOnlyList<WebhookAttemptRecord> Items, string? NextCursor)?> ListDeliveriesAsync(
        Guid tenantId, Guid id, int? pageSize, string? cursor, CancellationToken cancellationToken)
    {
        var size = pageSize ?? DefaultPageSize;
        var errors = new List<FieldError>();
        if (size is < 1 or > MaxPageSize)
        {
            errors.Add(new FieldError("limit", $"must be between 1 and {MaxPageSize} (got {size})"));
        }

        long? before = null;
        if (!string.IsNullOrEmpty(cursor))
        {
            if (TryDecodeCursor(cursor, out var position))
            {
                before = position;
            }
            else
            {
                errors.Add(new FieldError("cursor", "is not a cursor returned by this API"));
            }
        }

        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }

        if (await repository.GetAsync(tenantId, id, cancellationToken) is null)
        {
            return null;
        }

        // One extra row tells whether another page exists without a count query.
        var rows = await repository.ListAttemptsAsync(id, size + 1, before, cancellationToken);
        var page = rows.Take(size).ToList();
        return (page, rows.Count > size ? EncodeCursor(page[^1].Id) : null);
    }

    private static string EncodeCursor(long id)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, id);
        return Base64Url.EncodeToString(bytes);
    }

    private static bool TryDecodeCursor(string cursor, out long id)
    {
        id = 0;
        Span<byte> bytes = stackalloc byte[16];
        // TryDecodeFromChars only reports a short destination; malformed input throws, so check it first.
        if (cursor.Length > 16 || !Base64Url.IsValid(cursor) || !Base64Url.TryDecodeFromChars(cursor, bytes, out var written) || written != 8)
        {
            return false;
        }

        id = BinaryPrimitives.ReadInt64BigEndian(bytes);
        return id > 0;
    }
}
