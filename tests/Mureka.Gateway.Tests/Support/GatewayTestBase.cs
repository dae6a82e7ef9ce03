using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Mureka.Testing;

namespace Mureka.Gateway.Tests.Support;

/// <summary>A fresh database, audio folder and gateway per test class, on the collection's PostgreSQL and host.</summary>
public abstract class GatewayTestBase(StackFixture stack) : IAsyncLifetime
{
    protected static readonly TimeSpan RenderTimeout = TimeSpan.FromSeconds(60);

    protected StackFixture Stack { get; } = stack;

    protected GatewayInstance Gateway { get; private set; } = null!;

    protected string ConnectionString { get; private set; } = "";

    protected string AudioRoot { get; private set; } = "";

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await Stack.CreateDatabaseAsync();
        AudioRoot = Directory.CreateTempSubdirectory("mureka-gw-audio-").FullName;
        Gateway = await StartGatewayAsync();
    }

    public virtual async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        Directory.Delete(AudioRoot, recursive: true);
    }

    protected virtual IEnumerable<string> Hosts => [Stack.HostAddress.ToString()];

    protected virtual void Configure(Dictionary<string, string?> settings)
    {
    }

    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    protected Task<GatewayInstance> StartGatewayAsync() =>
        GatewayInstance.StartAsync(ConnectionString, AudioRoot, Hosts, Configure, ConfigureServices);

    protected async Task RestartGatewayAsync(bool alreadyDisposed = false)
    {
        if (!alreadyDisposed)
        {
            await Gateway.DisposeAsync();
        }

        Gateway = await StartGatewayAsync();
    }

    protected static async Task<JsonElement> PostGenerationAsync(HttpClient http, object spec)
    {
        using var response = await http.PostAsJsonAsync("/v1/generations", spec);
        Assert.Equal(System.Net.HttpStatusCode.Accepted, response.StatusCode);
        return await response.Content.ReadFromJsonAsync<JsonElement>();
    }

    protected static async Task<JsonElement> GetGenerationAsync(HttpClient http, string id) =>
        await http.GetFromJsonAsync<JsonElement>($"/v1/generations/{id}");

    protected static Task<JsonElement> WaitForStatusAsync(HttpClient http, string id, string status, TimeSpan timeout) =>
        Poll.UntilAsync(() => GetGenerationAsync(http, id), g => g.GetProperty("status").GetString() == status || IsFinal(g), timeout, $"generation {id} reaching {status}");

    private static bool IsFinal(JsonElement g) => g.GetProperty("status").GetString() is "succeeded" or "failed" or "canceled";
}
