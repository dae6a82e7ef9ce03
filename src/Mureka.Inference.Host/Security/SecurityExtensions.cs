namespace Mureka.Inference.Host.Security;

public static partial class SecurityExtensions
{
    /// <summary>The caller check on every gRPC service of the host (health excepted, see <see cref="CallerSecretInterceptor"/>).</summary>
    public static IServiceCollection AddCallerSecrets(this IServiceCollection services)
    {
        services.AddSingleton<CallerSecretInterceptor>();
        services.AddGrpc(o => o.Interceptors.Add<CallerSecretInterceptor>());
        return services;
    }

    /// <summary>Reflection lists every internal method: only in Development. Warns once when the host is open to anyone.</summary>
    public static WebApplication MapHostSecurity(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Environment.IsDevelopment())
        {
            app.MapGrpcReflectionService();
        }

        var options = app.Services.GetRequiredService<HostOptions>();
        if (!options.CallerSecrets.Any(s => !string.IsNullOrWhiteSpace(s)))
        {
            LogOpen(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Mureka.Inference.Host.Security"));
        }

        return app;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Host:CallerSecrets is empty: anyone who reaches this host can render and cancel work. Set a secret shared with the gateways (Gateway:HostSecret).")]
    private static partial void LogOpen(ILogger logger);
}
