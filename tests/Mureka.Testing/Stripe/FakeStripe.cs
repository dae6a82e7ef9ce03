using System.Collections.Concurrent;
using System.Collections.Specialized;
using System.Globalization;
using System.Text.Json;
using System.Web;
using WireMock;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Types;
using WireMock.Util;

namespace Mureka.Testing.Stripe;

/// <summary>How the fake answers meter events and customer creations right now.</summary>
public enum FakeStripeMode
{
    Ok,

    /// <summary>500 api_error without processing anything (Stripe down).</summary>
    ServerError,

    /// <summary>Processes the request (the event is billed), then answers later than the client waits: a lost answer.</summary>
    SlowSuccess,

    /// <summary>Holds every answer until <see cref="FakeStripe.Release"/>.</summary>
    Gated,
}

/// <summary>One request the fake received.</summary>
public sealed record FakeStripeRequest(string Method, string Path, NameValueCollection Form, string? IdempotencyKey, string? Authorization, int Status, bool Replayed);

/// <summary>
/// A Stripe-compatible HTTP server on a loopback port (WireMock.Net), reached through Stripe.net's <c>apiBase</c>.
/// It keeps Stripe's semantics that billing correctness depends on: an idempotency key seen before with a saved
/// answer replays that answer without processing again; meter events are billed per identifier; event summaries
/// add up what was billed. It records every request, and how many requests per customer overlapped.
/// </summary>
public sealed class FakeStripe : IDisposable
{
    private readonly WireMockServer _server;
    private readonly ConcurrentQueue<FakeStripeRequest> _requests = new();
    private readonly ConcurrentDictionary<string, string> _savedAnswers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, BilledEvent> _billed = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _duplicateIdentifiers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _inFlight = new(StringComparer.Ordinal);
    private readonly HashSet<string> _rejectedCustomers = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _customers;
    private int _maxInFlightPerCustomer;
    private int _maxInFlightOverall;
    private int _inFlightOverall;

    public FakeStripe()
    {
        _server = WireMockServer.Start();
        _server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithCallback(HandleAsync));
    }

    public string ApiBase => _server.Url!;

    public FakeStripeMode Mode { get; set; } = FakeStripeMode.Ok;

    /// <summary>How long a <see cref="FakeStripeMode.SlowSuccess"/> answer takes (longer than the client's timeout).</summary>
    public TimeSpan SlowAnswer { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Latency of every meter event answer in <see cref="FakeStripeMode.Ok"/> (to make overlaps observable).</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    public IReadOnlyList<FakeStripeRequest> Requests => [.. _requests];

    public IReadOnlyList<FakeStripeRequest> MeterEventRequests => Requests.Where(r => r.Path == "/v1/billing/meter_events").ToList();

    /// <summary>Identifier → billed value, each counted once.</summary>
    public IReadOnlyDictionary<string, long> Billed => _billed.ToDictionary(p => p.Key, p => p.Value.Value, StringComparer.Ordinal);

    /// <summary>Identifiers that arrived again under a new idempotency key after being billed (Stripe would dedupe them).</summary>
    public IReadOnlyDictionary<string, int> DuplicateIdentifiers => _duplicateIdentifiers;

    public int MaxInFlightPerCustomer => Volatile.Read(ref _maxInFlightPerCustomer);

    public int MaxInFlightOverall => Volatile.Read(ref _maxInFlightOverall);

    /// <summary>Meter events for this customer are refused with 400 (as for a deleted customer).</summary>
    public void RejectCustomer(string customerId)
    {
        lock (_lock)
        {
            _rejectedCustomers.Add(customerId);
        }
    }

    public void Release() => _gate.TrySetResult();

    /// <summary>Closes the gate again (for a later <see cref="FakeStripeMode.Gated"/> phase).</summary>
    public void ResetGate() => _gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);

    public int InFlight => Volatile.Read(ref _inFlightOverall);

    /// <summary>Records a billed event directly, as if sent earlier (for reconciliation tests).</summary>
    public void Bill(string identifier, string customerId, long value, DateTimeOffset timestamp) =>
        _billed[identifier] = new BilledEvent(customerId, value, timestamp.ToUnixTimeSeconds());

    public void Dispose() => _server.Stop();

    private async Task<IResponseMessage> HandleAsync(IRequestMessage request)
    {
        var form = HttpUtility.ParseQueryString(request.Method == "GET" ? request.RawQuery ?? "" : request.Body ?? "");
        var key = Header(request, "Idempotency-Key");
        var auth = Header(request, "Authorization");
        var mode = Mode;
        if (key is not null && _savedAnswers.TryGetValue(request.Path + " " + key, out var saved))
        {
            _requests.Enqueue(new FakeStripeRequest(request.Method, request.Path, form, key, auth, 200, Replayed: true));
            return Json(200, saved);
        }

        if (request.Method == "POST" && request.Path == "/v1/customers")
        {
            return Answer(request, form, key, auth, mode == FakeStripeMode.ServerError ? 500 : 200, mode == FakeStripeMode.ServerError ? ServerErrorBody : CreateCustomer(form));
        }

        if (request.Method == "POST" && request.Path == "/v1/billing/meter_events")
        {
            return await MeterEventAsync(request, form, key, auth, mode);
        }

        if (request.Method == "GET" && request.Path.StartsWith("/v1/billing/meters/", StringComparison.Ordinal) && request.Path.EndsWith("/event_summaries", StringComparison.Ordinal))
        {
            return Answer(request, form, key, auth, 200, Summaries(request.Path, form));
        }

        return Answer(request, form, key, auth, 404, """{"error":{"type":"invalid_request_error","code":"resource_missing","message":"Unrecognized request URL."}}""");
    }

    private async Task<IResponseMessage> MeterEventAsync(IRequestMessage request, NameValueCollection form, string? key, string? auth, FakeStripeMode mode)
    {
        var customer = form["payload[stripe_customer_id]"] ?? "";
        var overall = Interlocked.Increment(ref _inFlightOverall);
        var mine = _inFlight.AddOrUpdate(customer, 1, (_, n) => n + 1);
        Max(ref _maxInFlightPerCustomer, mine);
        Max(ref _maxInFlightOverall, overall);
        try
        {
            bool rejected;
            lock (_lock)
            {
                rejected = _rejectedCustomers.Contains(customer);
            }

            if (rejected)
            {
                return Answer(request, form, key, auth, 400, """{"error":{"type":"invalid_request_error","code":"resource_missing","message":"No such customer"}}""");
            }

            switch (mode)
            {
                case FakeStripeMode.ServerError:
                    return Answer(request, form, key, auth, 500, ServerErrorBody);
                case FakeStripeMode.Gated:
                    await _gate.Task;
                    break;
                case FakeStripeMode.Ok when Latency > TimeSpan.Zero:
                    await Task.Delay(Latency);
                    break;
            }

            var body = BillEvent(form, key, request.Path);
            if (mode == FakeStripeMode.SlowSuccess)
            {
                await Task.Delay(SlowAnswer);
            }

            return Answer(request, form, key, auth, 200, body);
        }
        finally
        {
            _inFlight.AddOrUpdate(customer, 0, (_, n) => n - 1);
            Interlocked.Decrement(ref _inFlightOverall);
        }
    }

    private string BillEvent(NameValueCollection form, string? key, string path)
    {
        var identifier = form["identifier"] ?? Guid.NewGuid().ToString();
        var value = long.Parse(form["payload[value]"] ?? "0", CultureInfo.InvariantCulture);
        var timestamp = long.Parse(form["timestamp"] ?? "0", CultureInfo.InvariantCulture);
        if (!_billed.TryAdd(identifier, new BilledEvent(form["payload[stripe_customer_id]"] ?? "", value, timestamp)))
        {
            _duplicateIdentifiers.AddOrUpdate(identifier, 1, (_, n) => n + 1);
        }

        var body = JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["object"] = "billing.meter_event",
            ["created"] = timestamp,
            ["event_name"] = form["event_name"],
            ["identifier"] = identifier,
            ["livemode"] = false,
            ["payload"] = new Dictionary<string, string?> { ["stripe_customer_id"] = form["payload[stripe_customer_id]"], ["value"] = form["payload[value]"] },
            ["timestamp"] = timestamp,
        });
        if (key is not null)
        {
            _savedAnswers[path + " " + key] = body;
        }

        return body;
    }

    private string CreateCustomer(NameValueCollection form)
    {
        var id = "cus_fake" + Interlocked.Increment(ref _customers).ToString(CultureInfo.InvariantCulture);
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["id"] = id,
            ["object"] = "customer",
            ["name"] = form["name"],
            ["metadata"] = new Dictionary<string, string?> { ["tenant_id"] = form["metadata[tenant_id]"] },
        });
    }

    private string Summaries(string path, NameValueCollection query)
    {
        var meter = path.Split('/')[4];
        var customer = query["customer"];
        var start = long.Parse(query["start_time"] ?? "0", CultureInfo.InvariantCulture);
        var end = long.Parse(query["end_time"] ?? "0", CultureInfo.InvariantCulture);
        var sum = _billed.Values.Where(b => b.CustomerId == customer && b.Timestamp >= start && b.Timestamp < end).Sum(b => b.Value);
        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["object"] = "list",
            ["url"] = path,
            ["has_more"] = false,
            ["data"] = new[]
            {
                new Dictionary<string, object?>
                {
                    ["id"] = "mtrusg_" + customer, ["object"] = "billing.meter_event_summary", ["aggregated_value"] = sum,
                    ["start_time"] = start, ["end_time"] = end, ["livemode"] = false, ["meter"] = meter,
                },
            },
        });
    }

    private ResponseMessage Answer(IRequestMessage request, NameValueCollection form, string? key, string? auth, int status, string body)
    {
        _requests.Enqueue(new FakeStripeRequest(request.Method, request.Path, form, key, auth, status, Replayed: false));
        return Json(status, body);
    }

    private const string ServerErrorBody = """{"error":{"type":"api_error","message":"Something went wrong on Stripe's end."}}""";

    private static ResponseMessage Json(int status, string body)
    {
        var message = new ResponseMessage
        {
            StatusCode = status,
            BodyData = new BodyData { BodyAsString = body, DetectedBodyType = BodyType.String },
        };
        message.AddHeader("Content-Type", "application/json");
        return message;
    }

    private static string? Header(IRequestMessage request, string name) =>
        request.Headers?.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value?.FirstOrDefault();

    private static void Max(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    private sealed record BilledEvent(string CustomerId, long Value, long Timestamp);
}
